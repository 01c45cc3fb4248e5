// Pages as their authors write them, framed cross-origin by a real BridgeHost
// in headless Chromium: the plain MAX page docs/page-authors.md gives to copy
// (the block itself, only its desktop origin replaced), and `ccbridge/react`
// in a React 19 page (the hook, the @lit/react component and the raw tag in
// JSX, each under StrictMode, which mounts effects twice). The React page and
// the desktop are bundled with esbuild, as an app would be.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { chromiumArgs, requireChromium } from '../../scripts/chromium.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'ccbridge-react-'));
let server;
let port;
let browser;
/** The plain MAX page of docs/page-authors.md, as the docs give it. */
let maxPage;
/** The drop-in blocks of README.md and docs/page-authors.md, by file name. */
const dropIns = new Map();

before(async () => {
  await build({
    entryPoints: { page: join(root, 'test/fixtures/react/page.tsx'), desktop: join(root, 'test/fixtures/react/desktop.ts') },
    bundle: true,
    format: 'esm',
    target: 'es2022',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    outdir: work,
    logLevel: 'error',
  });
  writeFileSync(join(work, 'page.html'), '<!doctype html><div id="root"></div><script type="module" src="page.js"></script>');
  const docs = readFileSync(join(root, 'docs/page-authors.md'), 'utf8');
  [, maxPage] = /## A complete plain MAX page to copy[\s\S]*?```html\n([\s\S]*?)```/.exec(docs) ?? [];
  assert.ok(maxPage?.includes("var DESKTOP = 'https://agent.example.com';"), 'the page to copy, with its desktop origin to replace');
  for (const [name, file] of [['readme-drop-in.html', 'README.md'], ['docs-drop-in.html', 'docs/page-authors.md']]) {
    const block = [...readFileSync(join(root, file), 'utf8').matchAll(/^```html\n([\s\S]*?)^```/gm)].map((match) => match[1]).find((code) => code.includes('ccbridge-client.iife.js'));
    assert.ok(block, `${file} has a drop-in block`);
    dropIns.set(name, block);
  }
  writeFileSync(join(work, 'desktop.html'), '<!doctype html><body><script type="module" src="desktop.js"></script></body>');
  server = createServer((request, response) => {
    const path = new URL(request.url, 'http://x').pathname;
    if (path === '/favicon.ico') return void response.writeHead(204).end();
    // The one line an author changes: the desktop's origin.
    // The drop-in blocks: the script from wherever the block loads it (here the build), the element as written.
    if (path === '/ccbridge-client.iife.js') return void response.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(join(root, 'dist/ccbridge-client.iife.js')));
    if (dropIns.has(path.slice(1))) {
      const page = dropIns.get(path.slice(1)).replace(/src="[^"]*ccbridge-client\.iife\.js"/, 'src="/ccbridge-client.iife.js"').replaceAll('https://agent.example.com', `http://localhost:${port}`);
      return void response.writeHead(200, { 'content-type': 'text/html' }).end(page);
    }
    if (path === '/max.html') return void response.writeHead(200, { 'content-type': 'text/html' }).end(maxPage.replace("'https://agent.example.com'", `'http://localhost:${port}'`));
    const file = join(work, path.replace(/^\/+/, ''));
    try {
      const body = readFileSync(file);
      response.writeHead(200, { 'content-type': extname(file) === '.js' ? 'text/javascript' : 'text/html' }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, resolve));
  port = server.address().port;
  browser = await chromium.launch({ executablePath: requireChromium(), args: chromiumArgs });
});

after(async () => {
  await browser?.close();
  server?.close();
  rmSync(work, { recursive: true, force: true });
});

/** The desktop on localhost framing the React page from 127.0.0.1 (another origin and site). */
async function open(mode, file = 'page.html') {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  await page.goto(`http://localhost:${port}/desktop.html?frame=${encodeURIComponent(`http://127.0.0.1:${port}`)}&mode=${mode}&page=${file}`);
  const frame = await (await page.waitForSelector('iframe')).contentFrame();
  return { page, frame, errors };
}

const call = { Type: 'CallContactEvent', ContactID: 7, Status: 'Incoming', ANI: '0601020304', Skill: '4001' };
const active = { ...call, Status: 'Active' };

describe('the plain MAX page of docs/page-authors.md, copied as it is', () => {
  test('registers, shows the agent and the calls, sends commands to the desktop, and drops a call that ends', async () => {
    const { page, frame, errors } = await open('plain', 'max.html');
    await page.waitForFunction(() => window.desktop.registrations.includes('MyCRM OK'));
    await page.evaluate((events) => window.desktop.host.dispatch(events), [{ Type: 'AgentState', CurrentState: 'InboundContact' }, call]);
    await frame.waitForSelector('#calls li:text("0601020304 Incoming")');
    assert.equal(await frame.textContent('#agent'), 'Agent: InboundContact');
    await frame.click('#answer');
    await page.waitForFunction(() => window.desktop.commands.length === 1);
    await page.evaluate((events) => window.desktop.host.dispatch(events), [active]);
    await frame.waitForSelector('#calls li:text("0601020304 Active")');
    await frame.click('#hold');
    await frame.click('#hangup');
    await page.waitForFunction(() => window.desktop.commands.length === 3);
    assert.deepEqual(await page.evaluate(() => window.desktop.commands.map(({ action }) => action)), ['accept', 'hold', 'end']);
    // The end of a contact, as platforms send it: Disconnected with FinalState 'True'.
    await page.evaluate((events) => window.desktop.host.dispatch(events), [{ ...active, Status: 'Disconnected', FinalState: 'True' }]);
    await frame.waitForFunction(() => document.querySelectorAll('#calls li').length === 0);
    // Another window posting an envelope to the page is not the desktop: ignored.
    // (A window's messages to itself keep their order: the barrier arrives after the forgery was handled.)
    await frame.evaluate(
      () =>
        new Promise((resolve) => {
          window.addEventListener('message', (event) => event.data === 'barrier' && resolve());
          window.postMessage({ issuer: 'MAX', contactId: null, events: [{ Type: 'AgentState', CurrentState: 'Forged' }] }, '*');
          window.postMessage('barrier', '*');
        }),
    );
    assert.equal(await frame.textContent('#agent'), 'Agent: InboundContact');
    // Leaving unregisters; the reloaded page registers afresh.
    await frame.evaluate(() => location.reload());
    await page.waitForFunction(() => window.desktop.registrations.filter((line) => line === 'MyCRM OK').length === 2);
    assert.ok((await page.evaluate(() => window.desktop.registrations)).includes('MyCRM gone'));
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe('the drop-in blocks of README.md and docs/page-authors.md, as written', () => {
  for (const file of ['readme-drop-in.html', 'docs-drop-in.html']) {
    test(`${file}: one script tag and the element register, show the call, and set window.ccbridge`, async () => {
      const { page, frame, errors } = await open('plain', file);
      await page.waitForFunction(() => window.desktop.registrations.includes('ccbridge-client OK'));
      await page.evaluate((events) => window.desktop.host.dispatch(events), [call]);
      await frame.waitForSelector('ccbridge-client >> text=0601020304');
      assert.deepEqual(await frame.evaluate(() => Object.keys(window.ccbridge).sort()), ['BridgeClient', 'BridgeError', 'CcbridgeClientElement', 'ErrorCode']);
      assert.deepEqual(errors, []);
      await page.close();
    });
  }
});

describe('ccbridge/react in a React 19 page across origins', () => {
  test('useBridgeClient registers once under StrictMode, renders the desktop state, and its client sends commands', async () => {
    const { page, frame, errors } = await open('hook');
    await frame.waitForSelector('#ack:text("OK")');
    await page.evaluate((events) => window.desktop.host.dispatch(events), [{ Type: 'AgentState', CurrentState: 'InboundContact' }, call]);
    await frame.waitForSelector('#calls li:text("0601020304 Incoming")');
    assert.equal(await frame.textContent('#agent'), 'InboundContact');
    await page.evaluate((events) => window.desktop.host.dispatch(events), [active]);
    await frame.waitForSelector('#calls li:text("0601020304 Active")');
    await frame.click('#hold');
    await page.waitForFunction(() => window.desktop.commands.length === 1);
    assert.deepEqual(await page.evaluate(() => window.desktop.commands.map(({ action, contactId }) => ({ action, contactId }))), [{ action: 'hold', contactId: 7 }]);
    // StrictMode mounts, unmounts and mounts again: one subscription is left, the second one.
    assert.deepEqual(await page.evaluate(() => window.desktop.host.subscriptions.map(({ issuer }) => issuer)), ['ReactHook']);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('<CcbridgeClient> sets its props as properties and calls its typed event props', async () => {
    const { page, frame, errors } = await open('component');
    await frame.waitForSelector('#log li:text("ack OK")');
    assert.deepEqual(await frame.evaluate(() => document.querySelector('ccbridge-client').subscriptionTypes), ['contacts']);
    await page.evaluate((events) => window.desktop.host.dispatch(events), [call]);
    await frame.waitForSelector('#log li:text("contacts 0601020304")');
    // The element itself renders the call, with its controls.
    await frame.waitForSelector('ccbridge-client >> text=0601020304');
    // Each event re-renders the page with a new subscriptionTypes array: the element compares it by value and stays registered.
    assert.deepEqual(await page.evaluate(() => window.desktop.host.subscriptions.map(({ issuer }) => issuer)), ['ReactElement']);
    assert.equal(await page.evaluate(() => window.desktop.registrations.filter((line) => line === 'ReactElement OK').length), 1);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('the raw <ccbridge-client> tag in JSX registers with its attributes', async () => {
    const { page, errors } = await open('raw');
    await page.waitForFunction(() => window.desktop.registrations.includes('ReactRaw OK'));
    assert.deepEqual(await page.evaluate(() => window.desktop.host.subscriptions.map(({ issuer, subscriptionTypes }) => ({ issuer, subscriptionTypes }))), [{ issuer: 'ReactRaw', subscriptionTypes: ['agent'] }]);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
