// ccbridge-check, run as a user runs it (the bin, in a child process) against
// pages served by the dev server on another origin: a page that keeps every
// rule (test/fixtures/checker/page.html with no query, the demo's plain MAX
// page, the element page as a workspace and a contact panel), and for each
// rule a page that breaks it (the same fixture with one query flag). Each run
// starts its own headless Chromium and simulated platform.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../scripts/dev-server.mjs';
import { RULES } from '../../src/checker/rules.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const cli = join(root, 'src/checker/cli.js');
const work = mkdtempSync(join(tmpdir(), 'ccbridge-check-'));
let server;
let port;

/** A free port on loopback. */
const freePort = () =>
  new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port: found } = probe.address();
      probe.close(() => resolve(found));
    });
    probe.on('error', reject);
  });

/** A shift short enough for the per-rule pages: a call offered, ended by the caller, a reload. */
const SHORT = join(work, 'short.txt');

before(async () => {
  port = await freePort();
  // A page whose load never finishes: an image the server never answers.
  const neverLoads = async (context, next) => {
    if (context.path === '/never.png') return new Promise(() => {});
    if (context.path === '/never-loads.html') {
      context.type = 'html';
      context.body = '<!doctype html><p>loading…</p><img src="/never.png">';
      return;
    }
    await next();
    // The fixture page, refusing to be framed.
    if (context.query.xfo === 'deny') context.set('X-Frame-Options', 'DENY');
    if (context.query.ancestors) context.set('Content-Security-Policy', `frame-ancestors ${context.query.ancestors}`);
  };
  server = await startServer({ port, middleware: [neverLoads] });
  writeFileSync(SHORT, 'agent Available\ncall ani=+15550142 dnis=8005550100 skill=Sales\nwait 300\nhangup by=caller\nreload\n');
});

after(async () => {
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
});

const page = (query = '') => `http://127.0.0.1:${port}/test/fixtures/checker/page.html${query ? `?${query}` : ''}`;

/**
 * Runs the bin; resolves with its exit code, output and (for --json) report.
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} [env]
 */
function check(args, env = process.env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => {
      let report;
      try {
        report = JSON.parse(stdout);
      } catch {}
      resolve({ code, stdout, stderr, report });
    });
  });
}

/** The verdict of each rule, by id. */
const verdicts = (report) => Object.fromEntries(report.rules.map((rule) => [rule.id, rule.verdict]));
const rule = (report, id) => report.rules.find((found) => found.id === id);
const failed = (report) => report.rules.filter((found) => found.verdict === 'fail').map((found) => found.id);

describe('pages that keep the rules', { concurrency: 2 }, () => {
  test('the fixture page with no flag: every page rule passes or has nothing to judge; exit 0', async () => {
    const { code, report, stderr } = await check([page(), '--json', '--scenario', SHORT]);
    assert.equal(code, 0, stderr);
    const v = verdicts(report);
    for (const id of ['frame', 'registration', 'target-origin', 'issuer-check', 'source-check', 'duplicate-registration', 'subscription-types', 'messages', 'reload', 'errors', 'responsive', 'scenario']) assert.equal(v[id], 'pass', `${id}: ${rule(report, id).detail}`);
    // What the page was sent at each step, as the report gives it.
    assert.deepEqual(report.steps.find((step) => step.step.startsWith('incoming call')).received, ['CallContactEvent Incoming', 'AgentState InboundContact']);
  });

  test('the demo\'s plain MAX page (default shift): no rule fails; it posts to \'*\' (a warning) and expects the issuer MAX (NICE sends CXA)', async () => {
    const { code, report, stderr } = await check([`http://127.0.0.1:${port}/demo/crm/max-page.html`, '--json']);
    assert.equal(code, 0, stderr);
    assert.deepEqual(failed(report), []);
    const v = verdicts(report);
    assert.equal(v['target-origin'], 'warn');
    assert.equal(v['issuer-check'], 'pass');
    assert.equal(v['source-check'], 'pass');
    assert.equal(v['reload'], 'pass');
    assert.equal(v['nice-issuer'], 'warn');
    assert.equal(report.steps.length, 15, 'the default shift');
  });

  test('the element page, as a workspace and as a contact panel (--panel): every page rule passes', async () => {
    const url = `http://127.0.0.1:${port}/demo/crm/element-page.html?desktop=http://desktop.ccbridge-check.localhost`;
    const { code, report, stderr } = await check([url, '--panel', `${url}&contactId={ContactID}`, '--json']);
    assert.equal(code, 0, stderr);
    const v = verdicts(report);
    for (const id of ['registration', 'target-origin', 'issuer-check', 'source-check', 'duplicate-registration', 'reload', 'contact-panel', 'errors']) assert.equal(v[id], 'pass', `${id}: ${rule(report, id).detail}`);
  });
});

describe('a page that breaks a rule fails it, with advice and a link to its section', { concurrency: 2 }, () => {
  const cases = [
    ['posts to \'*\' and checks nothing of what it receives', 'target=star&checks=none', { 'target-origin': 'warn', 'issuer-check': 'fail', 'source-check': 'fail' }],
    ['posts to \'*\' and checks only the issuer', 'target=star&checks=issuer', { 'issuer-check': 'pass', 'source-check': 'fail' }],
    ['registers twice on load', 'register=twice', { 'duplicate-registration': 'fail', registration: 'pass' }],
    ['sends HoldEvent with no call', 'onload=hold', { commands: 'fail' }],
    ['puts a call on hold while it is still offered', 'incoming=hold', { commands: 'fail' }],
    ['sends a contact card with a 2 MB image', 'incoming=card-2mb', { 'contact-card': 'fail' }],
    ['registers once per session, not per load', 'register=once-per-session', { reload: 'fail' }],
    ['throws in its message listener', 'incoming=throw', { errors: 'fail' }],
    ['posts to another origin than the desktop\'s', 'target=https://max.example.com', { registration: 'fail', 'target-origin': 'fail' }],
    ['unregisters before it ever registered', 'onload=unregister', { messages: 'fail' }],
    ['is served with X-Frame-Options: DENY', 'xfo=deny', { frame: 'fail', registration: 'fail' }],
    ['lists only another desktop in frame-ancestors', 'ancestors=https://max.example.com', { frame: 'fail', registration: 'fail' }],
  ];
  for (const [what, query, expected] of cases) {
    test(what, async () => {
      const { code, report, stderr } = await check([page(query), '--json', '--scenario', SHORT]);
      assert.equal(code, 1, stderr);
      const v = verdicts(report);
      for (const [id, verdict] of Object.entries(expected)) {
        assert.equal(v[id], verdict, `${id}: ${rule(report, id).detail}`);
        if (verdict !== 'pass') {
          assert.ok(rule(report, id).advice, `${id} has advice`);
          assert.equal(rule(report, id).docs, `ccbridge/docs/checker.md#${id}`);
        }
      }
      assert.deepEqual(failed(report).sort(), Object.entries(expected).filter(([, verdict]) => verdict === 'fail').map(([id]) => id).sort(), 'no other rule fails');
    });
  }

  test('the page that posts to a fixed desktop origin registers when the desktop is served there (--desktop-origin)', async () => {
    const { code, report, stderr } = await check([page('target=https://max.example.com&desktop=https://max.example.com'), '--desktop-origin', 'https://max.example.com', '--json', '--scenario', SHORT]);
    assert.equal(code, 0, stderr);
    assert.equal(verdicts(report)['registration'], 'pass');
    assert.equal(verdicts(report)['target-origin'], 'pass');
  });

  test('a contact panel that never registers fails contact-panel, while the workspace passes', async () => {
    const { code, report } = await check([page(), '--panel', `${page('panel=silent')}&contactId={ContactID}`, '--json', '--scenario', SHORT]);
    assert.equal(code, 1);
    assert.deepEqual(failed(report), ['contact-panel']);
    assert.match(rule(report, 'contact-panel').detail, /^0 of 1 contact panels registered$/);
  });

  test('a scenario step that does not fit the call is the scenario\'s warning, not the page\'s failure', async () => {
    const file = join(work, 'late.txt');
    writeFileSync(file, 'call\nhangup by=caller\nhold\n');
    const { code, report } = await check([page(), '--json', '--scenario', file]);
    assert.equal(code, 0);
    assert.equal(verdicts(report)['scenario'], 'warn');
    assert.match(rule(report, 'scenario').detail, /^line 3, hold: no current contact \d+$/);
  });

  test('the advice for a page posting elsewhere names the origin to check it at', async () => {
    const { report } = await check([page('target=https://max.example.com'), '--json', '--scenario', SHORT]);
    assert.match(rule(report, 'registration').advice, /--desktop-origin https:\/\/max\.example\.com/);
  });

  test('a workspace subscribing to \'contact\' is warned, here and for NICE\'s host', async () => {
    const { code, report } = await check([page('types=contact'), '--json', '--scenario', SHORT]);
    assert.equal(code, 0);
    assert.equal(verdicts(report)['subscription-types'], 'warn');
    assert.equal(verdicts(report)['nice-subscriptions'], 'warn');
  });

  test('a valid contact card passes, with NICE\'s host ignoring it stated as a fact', async () => {
    const { code, report } = await check([page('incoming=card'), '--json', '--scenario', SHORT]);
    assert.equal(code, 0);
    assert.equal(verdicts(report)['contact-card'], 'pass');
    assert.match(rule(report, 'contact-card').detail, /^1 card accepted \("Ann Smith"\); the largest message 0\.\d KiB$/);
    assert.equal(verdicts(report)['nice-contact-card'], 'warn');
  });

  test('a page that loops when a call arrives is stopped and reported, not waited on; nothing is left running', async () => {
    const started = Date.now();
    // The browser's profile goes under this run's own temporary folder, so what is left of it can be seen.
    const temp = mkdtempSync(join(work, 'tmp-'));
    const { code, report, stderr } = await check([page('incoming=loop'), '--json', '--scenario', SHORT, '--timeout', '60'], { ...process.env, TMPDIR: temp });
    assert.equal(code, 1, stderr);
    assert.deepEqual(readdirSync(temp), [], 'the browser\'s profile is removed');
    const processes = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
    assert.ok(!processes.includes(temp), 'no browser process of the run is left');
    assert.equal(verdicts(report)['responsive'], 'fail');
    assert.match(rule(report, 'responsive').detail, /stopped responding at line 2/);
    assert.ok(Date.now() - started < 45_000, 'stopped well before the overall time-out');
  });
});

describe('what it writes', () => {
  test('the terminal report: progress on standard error, a line per rule and the totals', async () => {
    const { code, stdout, stderr } = await check([page('register=twice'), '--scenario', SHORT], { ...process.env, NO_COLOR: '1' });
    assert.equal(code, 1);
    assert.match(stderr, /incoming call from \+15550142 on Sales: sent CallContactEvent Incoming/);
    assert.match(stdout, /FAIL {2}It registers once per load \[duplicate-registration\]/);
    assert.match(stdout, /→ register once per page load/);
    assert.match(stdout, /\d+ passed, \d+ warned, 1 failed, \d+ skipped/);
  });

  test('--junit writes a test case per rule, failures as failures', async () => {
    const file = join(work, 'report.xml');
    const { code } = await check([page('register=twice'), '--junit', file, '--quiet', '--scenario', SHORT]);
    assert.equal(code, 1);
    const xml = readFileSync(file, 'utf8');
    assert.equal(xml.match(/<testcase /g)?.length, RULES.length);
    assert.match(xml, /<testsuite name="ccbridge-check [^"]*" tests="\d+" failures="1"/);
    assert.match(xml, /name="duplicate-registration: It registers once per load"[^>]*>\s*<failure/);
  });

  test('--scenario plays the author\'s calls, and the report says what the page got at each line', async () => {
    const file = join(work, 'mine.txt');
    writeFileSync(file, '# two calls at once\nagent Available\ncall ani=+15557654321 skill=Support\ncall ani=+15551234567\nanswer call=1\nhangup call=2 by=caller\nhold call=1\n');
    const { code, report } = await check([page(), '--json', '--scenario', file]);
    assert.equal(code, 0);
    assert.deepEqual(report.steps.map((step) => step.line), [2, 3, 4, 5, 6, 7]);
    assert.deepEqual(report.steps[3].received, ['CallContactEvent Active']);
    assert.deepEqual(report.steps[5].received, ['CallContactEvent Holding']);
  });
});

describe('bad input: one line on standard error, exit 2', { concurrency: 2 }, () => {
  test('an unreachable address', async () => {
    const closed = await freePort();
    const { code, stderr, stdout } = await check([`http://127.0.0.1:${closed}/crm.html`]);
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.match(stderr, /^ccbridge-check: cannot reach http:\/\/127\.0\.0\.1:\d+\/crm\.html: ECONNREFUSED\n$/);
  });

  test('a page that is not there', async () => {
    const { code, stderr } = await check([`http://127.0.0.1:${port}/no-such-page.html`]);
    assert.equal(code, 2);
    assert.match(stderr, /^ccbridge-check: http:\/\/127\.0\.0\.1:\d+\/no-such-page\.html answered 404 Not Found\n$/);
  });

  test('a page that never loads', async () => {
    const { code, stderr } = await check([`http://127.0.0.1:${port}/never-loads.html`, '--wait', '2', '--quiet']);
    assert.equal(code, 2);
    assert.match(stderr, /^ccbridge-check: http:\/\/127\.0\.0\.1:\d+\/never-loads\.html never loaded in a frame \(2 s\)\n$/);
  });

  test('a scenario with a mistake: the line and the field', async () => {
    const file = join(work, 'bad.txt');
    writeFileSync(file, 'agent Available\n\ncall ani=+15550142 skil=Sales\n');
    const { code, stderr } = await check([page(), '--scenario', file]);
    assert.equal(code, 2);
    assert.equal(stderr, `ccbridge-check: ${file}, line 3: call: unknown field 'skil' (ani, dnis, skill)\n`);
  });

  test('no browser', async () => {
    const { code, stderr } = await check([page()], { ...process.env, CHROME_PATH: join(work, 'no-chrome') });
    assert.equal(code, 2);
    assert.match(stderr, /^ccbridge-check: CHROME_PATH is .*no-chrome, which is not an executable file\n$/);
  });

  test('not a URL, and an unknown option', async () => {
    assert.equal((await check(['crm.html'])).code, 2);
    const unknown = await check([page(), '--bogus']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown option '--bogus'/);
  });
});

test('docs/checker.md explains every rule, under its id, and the protocol section each rule rests on exists', () => {
  const docs = readFileSync(join(root, 'docs/checker.md'), 'utf8');
  for (const { id } of RULES) assert.match(docs, new RegExp(`^### \`${id}\``, 'm'), id);
  // GitHub's heading slugs: lower case, punctuation dropped, spaces to dashes.
  const slugs = [...readFileSync(join(root, 'docs/protocol.md'), 'utf8').matchAll(/^#+ (.+)$/gm)].map(([, text]) => text.toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-'));
  for (const { protocol } of RULES) assert.ok(slugs.includes(protocol.split('#')[1]), protocol);
});
