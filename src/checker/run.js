// @ts-check
/**
 * Plays a shift against a CRM page and gathers what happened, for rules.js to
 * judge. Everything it starts (the browser, the simulated platform) it stops,
 * whatever happens.
 *
 * The desktop is served by the browser itself (Playwright routes), at
 * `desktopOrigin` (any origin: a page that hard-codes its production
 * desktop's origin can be checked with that origin), with a second origin for
 * an intruder frame. The platform is the simulator's `Platform`, in this
 * process. Two things are watched inside the page, by a script the browser
 * runs in every frame before the page's own: the target origin of what it
 * posts to `window.parent` (a wrapped `parent`; `event.source` is the same
 * wrapper, so a page comparing the two sees what it expects), and nothing else.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { Platform } from '../simulator/platform.js';
import { STEADY_ARGS } from './browser.js';
import { framingRefused } from './rules.js';
import { describeStep } from './scenario.js';

/** @import { Browser, Frame, Page } from 'playwright-core' */
/** @import { Step } from './scenario.js' */
/** @import { CheckSnapshot } from './desktop.js' */
/** @import { PageRecord } from '../testing/records.js' */

export const DEFAULT_DESKTOP_ORIGIN = 'http://desktop.ccbridge-check.localhost';
const INTRUDER_ORIGIN = 'http://intruder.ccbridge-check.localhost';
const BASE = '/__ccbridge-check/';

/** A mistake in what the checker was asked (exit 2). */
export class InputError extends Error {
  name = 'InputError';
}

/**
 * @typedef {object} CheckOptions
 * @property {string} url
 * @property {string | null} panel a contact panel's URL template, or null
 * @property {Step[]} steps
 * @property {string} browserPath
 * @property {string} [desktopOrigin]
 * @property {string} [issuer] the desktop's issuer. Default 'MAX'
 * @property {number} [waitMs] how long a registration may take. Default 10000
 * @property {number} [settleMs] the pause after each step. Default 300
 * @property {number} [timeoutMs] the whole check's limit. Default 120000
 * @property {(line: string) => void} [progress]
 */

/**
 * @typedef {object} StepRecord
 * @property {string} what
 * @property {number} line
 * @property {{ types: string[], count: number }} received what the page's origin was sent during the step
 * @property {string | null} problem why the step could not be played as written (a scenario mistake, not the page's)
 */

/**
 * @typedef {{ target: string, messageType: string | null, bytes: number }} Posted
 * @typedef {{ kind: 'issuer' | 'cxa' | 'intruder', shown: boolean }} Probe
 * @typedef {{ type: string, text: string }} ConsoleLine
 */

/**
 * @typedef {object} Facts
 * @property {string} url
 * @property {string} pageOrigin
 * @property {string} desktopOrigin
 * @property {string} issuer
 * @property {string | null} panel
 * @property {Record<string, string>} headers the page's response headers that bear on framing
 * @property {boolean} loaded
 * @property {PageRecord} page what the page's origin sent and was sent
 * @property {PageRecord | null} panelPage the panels' origin's, when it differs
 * @property {Posted[]} posted what the page's frames posted to the desktop, with the target origin
 * @property {StepRecord[]} steps
 * @property {number} calls
 * @property {{ before: number, after: number } | null} reload registrations before and after the reload step
 * @property {boolean} baselineShown whether a call's ANI showed in the page
 * @property {Probe[]} probes
 * @property {ConsoleLine[]} console the page's console errors and warnings
 * @property {string[]} exceptions the page's uncaught exceptions
 * @property {string[]} hostLog
 * @property {string | null} stopped why the check stopped early
 */

/**
 * Runs in every frame before its own scripts: wraps `window.parent` in frames
 * directly under the desktop, to see the target origin of what they post.
 */
function watchScript() {
  if (window === window.top || window.parent !== window.top) return;
  const real = window.parent;
  /** @type {(message: unknown, options?: unknown, transfer?: Transferable[]) => void} */
  const post = (message, options, transfer) => {
    const target = typeof options === 'string' ? options : typeof options === 'object' && options !== null ? String(/** @type {{ targetOrigin?: unknown }} */ (options).targetOrigin ?? '/') : '/';
    let bytes = 0;
    try {
      bytes = JSON.stringify(message)?.length ?? 0;
    } catch {}
    const type = typeof message === 'object' && message !== null && typeof (/** @type {{ messageType?: unknown }} */ (message).messageType) === 'string' ? String(/** @type {{ messageType: string }} */ (message).messageType) : null;
    /** @type {any} */ (window).ccbridgeCheckPosted?.({ target, messageType: type, bytes });
    // @ts-ignore: the real call, as the page made it
    return real.postMessage(message, options, transfer);
  };
  const wrapper = new Proxy(real, {
    get(target, property) {
      if (property === 'postMessage') return post;
      const value = /** @type {any} */ (target)[property];
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  Object.defineProperty(window, 'parent', { get: () => wrapper, configurable: true });
  const source = Object.getOwnPropertyDescriptor(MessageEvent.prototype, 'source');
  const get = source?.get;
  if (get !== undefined) {
    Object.defineProperty(MessageEvent.prototype, 'source', {
      get() {
        const value = get.call(this);
        return value === real ? wrapper : value;
      },
      configurable: true,
    });
  }
}

/** Runs in the page's frame: its text, shadow roots and form values included. */
function deepText() {
  /** @type {string[]} */
  const out = [];
  /** @param {Node} node */
  const walk = (node) => {
    if (node.nodeType === Node.TEXT_NODE) out.push(/** @type {Text} */ (node).data);
    if (node instanceof Element) {
      if (node.tagName === 'SCRIPT' || node.tagName === 'STYLE') return;
      if (node.shadowRoot !== null) walk(node.shadowRoot);
      if (node instanceof HTMLInputElement || node instanceof HTMLTextAreaElement) out.push(node.value);
    }
    for (const child of node.childNodes) walk(child);
  };
  walk(document.documentElement);
  return out.join(' ');
}

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Resolves with `promise`, or with `fallback` after `ms`.
 * @template T
 * @param {Promise<T>} promise
 * @param {number} ms
 * @param {T} fallback
 * @returns {Promise<T>}
 */
function within(promise, ms, fallback) {
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  return Promise.race([promise, new Promise((resolve) => (timer = setTimeout(() => resolve(fallback), ms)))]).finally(() => clearTimeout(timer));
}

/** @param {string} text */
const digits = (text) => text.replace(/\D/g, '');

/**
 * Whether a page's text shows a call: its number (however the page formats
 * it) or its contact id.
 * @param {string} text
 * @param {string} ani
 * @param {number} contactId
 */
function shows(text, ani, contactId) {
  const all = digits(text);
  return (digits(ani).length >= 7 && all.includes(digits(ani))) || new RegExp(`(^|\\D)${contactId}(\\D|$)`).test(text);
}

/**
 * Reads the page's address before any browser starts: an unreachable page is
 * the caller's mistake (exit 2), a page that may not be framed is the page's.
 * @param {string} url
 */
async function preflight(url) {
  let response;
  try {
    response = await fetch(url, { redirect: 'follow', signal: AbortSignal.timeout(10_000) });
  } catch (error) {
    const cause = /** @type {{ cause?: { code?: string, message?: string } }} */ (error).cause;
    throw new InputError(`cannot reach ${url}: ${cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error))}`);
  }
  await response.body?.cancel();
  if (response.status >= 400) throw new InputError(`${url} answered ${response.status} ${response.statusText}`.trim());
  /** @type {Record<string, string>} */
  const headers = {};
  for (const name of ['x-frame-options', 'content-security-policy']) {
    const value = response.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  return headers;
}

/**
 * @param {string} value
 * @param {string} what
 */
function originOf(value, what) {
  let parsed;
  try {
    parsed = new URL(value);
  } catch {
    throw new InputError(`${what} is not a URL: ${value}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new InputError(`${what} must be http: or https: (got ${parsed.protocol})`);
  return parsed.origin;
}

/**
 * Plays the shift and returns what happened.
 * @param {CheckOptions} options
 * @returns {Promise<Facts>}
 */
export async function runCheck(options) {
  const pageOrigin = originOf(options.url, 'the page');
  const desktopOrigin = originOf(options.desktopOrigin ?? DEFAULT_DESKTOP_ORIGIN, '--desktop-origin');
  if (desktopOrigin === pageOrigin) throw new InputError(`the desktop's origin must differ from the page's (both ${pageOrigin}): pass another --desktop-origin`);
  if (options.panel !== null) originOf(options.panel.replace(/\{[A-Za-z]+\}/g, '0'), '--panel');
  const issuer = options.issuer ?? 'MAX';
  const waitMs = options.waitMs ?? 10_000;
  const settleMs = options.settleMs ?? 300;
  const progress = options.progress ?? (() => {});
  const headers = await preflight(options.url);

  /** @type {PageRecord} */
  const empty = { origin: pageOrigin, registrations: [], unsubscriptions: [], commands: [], actions: [], cards: [], rejections: [], envelopes: [], events: [] };
  /** @type {Facts} */
  const facts = {
    url: options.url,
    pageOrigin,
    desktopOrigin,
    issuer,
    panel: options.panel,
    headers,
    loaded: false,
    page: empty,
    panelPage: null,
    posted: [],
    steps: [],
    calls: 0,
    reload: null,
    baselineShown: false,
    probes: [],
    console: [],
    exceptions: [],
    hostLog: [],
    stopped: null,
  };

  // A page that refuses to be framed is the page's fault, and the report says so (rule `frame`): nothing to play.
  if (framingRefused(headers, desktopOrigin)) {
    progress('the page refuses to be framed here; no shift played');
    return facts;
  }

  const platform = new Platform({ acwMs: 1000 });
  /** @type {Browser | undefined} */
  let browser;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let watchdog;
  try {
    const play = async () => {
      browser = await chromium.launch({
        executablePath: options.browserPath,
        // The desktop is served by the browser itself, from no address, which
        // Chromium's Local Network Access takes for a public site: it would
        // refuse to frame a page on localhost or the LAN. The checker's
        // desktop stands for the agent's, so that check is off here.
        args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), ...STEADY_ARGS, '--disable-features=LocalNetworkAccessChecks'],
      });
      await playIn(browser, { options, facts, platform, pageOrigin, desktopOrigin, issuer, waitMs, settleMs, progress });
    };
    const limit = options.timeoutMs ?? 120_000;
    const timedOut = new Promise((resolve) => (watchdog = setTimeout(() => resolve('timeout'), limit)));
    const outcome = await Promise.race([play(), timedOut]);
    if (outcome === 'timeout') facts.stopped = `the check took longer than ${limit / 1000} s and was stopped (a page that hangs or loops?)`;
  } finally {
    clearTimeout(watchdog);
    platform.close();
    await /** @type {Browser | undefined} */ (browser)?.close().catch(() => {});
  }
  return facts;
}

/**
 * @param {Browser} browser
 * @param {{ options: CheckOptions, facts: Facts, platform: Platform, pageOrigin: string, desktopOrigin: string, issuer: string, waitMs: number, settleMs: number, progress: (line: string) => void }} run
 */
async function playIn(browser, { options, facts, platform, pageOrigin, desktopOrigin, issuer, waitMs, settleMs, progress }) {
  const context = await browser.newContext();
  const script = readFileSync(fileURLToPath(new URL('../../dist/checker-desktop.js', import.meta.url)), 'utf8');
  const config = { url: options.url, panel: options.panel, issuer, intruder: `${INTRUDER_ORIGIN}${BASE}intruder.html` };
  const desktopUrl = `${desktopOrigin}${BASE}desktop.html`;
  await context.route(`${desktopOrigin}${BASE}**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === `${BASE}desktop.js`) return route.fulfill({ contentType: 'text/javascript', body: script });
    return route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><meta charset="utf-8"><title>ccbridge-check desktop</title><div id="workspace"></div><div id="panels"></div>
<script>window.ccbridgeCheckConfig = ${JSON.stringify(config).replace(/</g, '\\u003c')};</script><script src="${BASE}desktop.js"></script>`,
    });
  });
  await context.route(`${INTRUDER_ORIGIN}/**`, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>another window</title>' }));
  await context.addInitScript(watchScript);
  await context.exposeBinding('ccbridgeCheckPosted', ({ frame }, /** @type {Posted} */ posted) => {
    if (new URL(frame.url()).origin === pageOrigin || frame.parentFrame()?.parentFrame() === null) facts.posted.push(posted);
  });

  const page = await context.newPage();
  await page.exposeBinding('ccbridgeCheckCommand', ({ frame }, /** @type {{ action: string, contactId: number }} */ command) => {
    if (frame !== page.mainFrame()) return 'not the desktop';
    if (command.action === 'mute' || command.action === 'unmute') {
      platform.setMuted(command.action === 'mute');
      return null;
    }
    const result = platform.contactAction(command.contactId, command.action);
    return result.ok ? null : result.error;
  });
  page.on('console', (message) => {
    const type = message.type();
    if (type !== 'error' && type !== 'warning') return;
    const url = message.location().url;
    if (url.startsWith(desktopOrigin) || url.startsWith(INTRUDER_ORIGIN)) return;
    facts.console.push({ type, text: message.text() });
  });
  page.on('pageerror', (error) => {
    if ((error.stack ?? '').includes(`${desktopOrigin}${BASE}`)) return;
    facts.exceptions.push(error.message);
  });

  // The platform's events go to the desktop in order, one call at a time.
  let feeding = Promise.resolve();
  platform.subscribe((events) => {
    const batch = JSON.parse(JSON.stringify(events));
    feeding = feeding.then(() => page.evaluate((items) => window.ccbridgeCheck.dispatch(items), batch)).catch(() => {});
  });

  /** @returns {Promise<CheckSnapshot | null>} */
  const take = async () => within(page.evaluate(() => window.ccbridgeCheck.take()), 5000, null);
  const note = (/** @type {CheckSnapshot | null} */ snapshot) => {
    if (snapshot === null) return;
    facts.page = snapshot.pages.find((record) => record.origin === pageOrigin) ?? facts.page;
    const panelOrigin = options.panel === null ? null : new URL(options.panel.replace(/\{[A-Za-z]+\}/g, '0')).origin;
    facts.panelPage = panelOrigin === null || panelOrigin === pageOrigin ? null : (snapshot.pages.find((record) => record.origin === panelOrigin) ?? null);
    facts.hostLog = snapshot.log.map((line) => line.text);
  };
  const registrations = () => facts.page.registrations.length + (facts.panelPage?.registrations.length ?? 0);
  const waitForRegistrations = async (/** @type {number} */ count) => {
    const until = Date.now() + waitMs;
    while (Date.now() < until) {
      note(await take());
      if (facts.page.registrations.length >= count) return true;
      await sleep(100);
    }
    return false;
  };
  /** The workspace frame, once it exists. */
  const workspace = async () => {
    for (const frame of page.frames()) {
      if (frame.parentFrame() !== page.mainFrame()) continue;
      const element = await frame.frameElement().catch(() => null);
      if (element !== null && (await element.evaluate((node) => node.parentElement?.id)) === 'workspace') return frame;
    }
    return undefined;
  };
  const textOf = async (/** @type {Frame | undefined} */ frame) => (frame === undefined ? null : within(frame.evaluate(deepText).catch(() => ''), 3000, null));

  progress(`desktop at ${desktopOrigin}, page ${options.url}`);
  const loaded = page.waitForEvent('framenavigated', { predicate: (frame) => frame.parentFrame() === page.mainFrame() && frame.url().startsWith(pageOrigin), timeout: waitMs }).then(
    (frame) => frame.waitForLoadState('load', { timeout: waitMs }).then(() => true, () => false),
    () => false,
  );
  // Not the desktop's `load`: it waits for the page's, which is what is being watched.
  await page.goto(desktopUrl, { waitUntil: 'domcontentloaded' });
  facts.loaded = await loaded;
  if (!facts.loaded) throw new InputError(`${options.url} never loaded in a frame (${waitMs / 1000} s)`);
  progress('page loaded');
  progress((await waitForRegistrations(1)) ? 'page registered' : `page did not register in ${waitMs / 1000} s`);

  /** @type {number[]} */
  const calls = [];
  let seen = facts.page.envelopes.length;
  for (const step of options.steps) {
    const what = describeStep(step);
    /** @type {string | null} */
    let problem = null;
    const contactOf = (/** @type {number | null} */ n) => calls[(n ?? calls.length) - 1] ?? 0;
    const act = (/** @type {number} */ contactId, /** @type {string} */ action) => {
      const result = platform.contactAction(contactId, action);
      if (!result.ok) problem = result.error;
    };
    switch (step.verb) {
      case 'agent':
        platform.setAgentState(step.state, step.reason);
        break;
      case 'call':
        calls.push(platform.offerCall({ ...(step.ani === undefined ? {} : { ani: step.ani }), ...(step.dnis === undefined ? {} : { dnis: step.dnis }), ...(step.skill === undefined ? {} : { skill: step.skill }) }));
        facts.calls++;
        break;
      case 'answer':
        act(contactOf(step.call), 'accept');
        break;
      case 'hold':
      case 'resume':
        act(contactOf(step.call), step.verb);
        break;
      case 'hangup':
        if (step.by === 'agent') act(contactOf(step.call), 'end');
        else if (platform.endContact(contactOf(step.call)) === undefined) problem = 'the call had already ended';
        break;
      case 'wait':
        await sleep(step.ms);
        break;
      case 'reload': {
        const before = registrations();
        const reloaded = page.waitForEvent('framenavigated', { predicate: (frame) => frame.parentFrame() === page.mainFrame() && frame.url().startsWith(pageOrigin), timeout: waitMs }).catch(() => null);
        await page.evaluate(() => window.ccbridgeCheck.reload());
        await reloaded;
        await waitForRegistrations(facts.page.registrations.length + 1);
        facts.reload = { before, after: registrations() };
        break;
      }
      case 'token':
        await page.evaluate((token) => window.ccbridgeCheck.setSessionToken(token), `ccbridge-check-${Date.now().toString(36)}`);
        break;
    }
    await feeding;
    await sleep(settleMs);
    note(await take());
    // A page whose event loop is blocked (a loop, a hang) answers nothing: the shift stops there.
    const frame = await workspace();
    if (frame !== undefined && (await within(frame.evaluate(() => true).catch(() => true), 3000, false)) === false) {
      facts.stopped = `the page stopped responding at line ${step.line} (${what}): it did not answer for 3 s`;
      facts.steps.push({ what, line: step.line, received: { types: [], count: 0 }, problem: null });
      progress(`${what}: the page stopped responding; the shift stops here`);
      return;
    }
    if (step.verb === 'call' && !facts.baselineShown) {
      const contactId = calls[calls.length - 1] ?? 0;
      const text = await textOf(await workspace());
      if (text !== null && shows(text, String(platform.contacts.get(contactId)?.ANI ?? ''), contactId)) facts.baselineShown = true;
    }
    const envelopes = facts.page.envelopes.slice(seen);
    seen = facts.page.envelopes.length;
    /** @type {string[]} */
    const types = [];
    for (const envelope of envelopes) {
      for (const item of envelope.events) {
        const record = /** @type {Record<string, unknown>} */ (item);
        const type = String(record['Type'] ?? record['messageType'] ?? '?');
        const state = record['Status'] ?? record['CurrentState'];
        types.push(state === undefined ? type : `${type} ${String(state)}`);
      }
    }
    facts.steps.push({ what, line: step.line, received: { types, count: types.length }, problem });
    progress(`${what}: ${problem !== null ? `not played (${problem})` : types.length === 0 ? 'the page was sent nothing' : `sent ${types.join(', ')}`}`);
  }

  await probe({ page, facts, issuer, pageOrigin, workspace, textOf, progress, settleMs });
  note(await take());
}

/**
 * Forged envelopes, each carrying a new incoming call with an ANI of its own:
 * one from the desktop window with a wrong issuer, one from the desktop with
 * NICE's issuer `CXA`, one from another origin's window with the right
 * issuer. What the page shows of each tells whether it checks the issuer and
 * the source. Meaningful only when the page showed a real call's ANI.
 * @param {{ page: Page, facts: Facts, issuer: string, pageOrigin: string, workspace: () => Promise<Frame | undefined>, textOf: (frame: Frame | undefined) => Promise<string | null>, progress: (line: string) => void, settleMs: number }} run
 */
async function probe({ page, facts, issuer, workspace, textOf, progress, settleMs }) {
  if (!facts.baselineShown) {
    progress('forged envelopes: not sent (the page never showed a call\'s number or contact id, so its reaction could not be seen)');
    return;
  }
  const template = await page.evaluate(() => window.ccbridgeCheck.lastContactEnvelope());
  const contact = template?.events.find((item) => typeof item === 'object' && item !== null && 'ContactID' in item);
  if (template === undefined || contact === undefined) return;
  /** @type {Array<[Probe['kind'], string, string]>} */
  const kinds = [
    ['issuer', 'FORGED', '+15550911'],
    ['cxa', 'CXA', '+15550922'],
    ['intruder', issuer, '+15550933'],
  ];
  let contactId = 9_900_001;
  for (const [kind, forgedIssuer, ani] of kinds) {
    const id = contactId++;
    const time = new Date().toISOString();
    const event = { ...contact, ContactID: id, MasterID: id, ANI: ani, Status: 'Incoming', FinalState: 'False', StartTimeUTC: time, LastStateChangeTimeUTC: time };
    const envelope = { ...template, issuer: forgedIssuer, events: [event] };
    const ended = { ...template, issuer: forgedIssuer, events: [{ ...event, Status: 'Disconnected', FinalState: 'True' }] };
    const frame = await workspace();
    const send = async (/** @type {unknown} */ message) => {
      if (kind === 'intruder') {
        const intruder = page.frames().find((candidate) => candidate.url().startsWith(INTRUDER_ORIGIN));
        await intruder?.evaluate((data) => {
          for (let i = 0; i < window.parent.frames.length; i++) if (window.parent.frames[i] !== window) window.parent.frames[i]?.postMessage(data, '*');
        }, message);
      } else {
        await page.evaluate((data) => window.ccbridgeCheck.postToPage(/** @type {any} */ (data)), message);
      }
    };
    await send(envelope);
    await sleep(settleMs + 200);
    const text = await textOf(frame);
    const shown = text !== null && shows(text, ani, id);
    facts.probes.push({ kind, shown });
    await send(ended);
    await sleep(settleMs);
    progress(`forged envelope (${kind === 'intruder' ? `from another origin's window, issuer ${forgedIssuer}` : `from the desktop, issuer ${forgedIssuer}`}): ${shown ? 'the page showed it' : 'the page ignored it'}`);
  }
}
