// The desktop side of the benchmark. Each measurement is a function on
// `window.bench`, called by bench/run.mjs; frames are cross-origin
// (http://127.0.0.1:PORT, this page is http://localhost:PORT).
import { connect as penpalConnect, WindowMessenger } from 'penpal';
import { BridgeHost } from '../src/host/index.js';
import { beyondMax } from '../src/host/beyond-max.js';
import { CallContactEvent, ChildMessage, CommandMessage, ContactCardData, parsePlatformEvent, RegisterForClientEvents } from '../src/protocol/index.js';
import type { PlatformEvent } from '../src/protocol/index.js';
import { CometSource } from '../src/sources/cxone/index.js';
import type { CxoneToken } from '../src/sources/cxone/index.js';

const FRAME_ORIGIN = `http://127.0.0.1:${location.port}`;
/** Another site again (an IP host is its own site): its frames get their own renderer process. */
const OTHER_SITE_ORIGIN = `http://127.0.0.2:${location.port}`;
const SIM = new URLSearchParams(location.search).get('sim') ?? '';
const quiet = { debug() {}, warn() {}, error: (message: string, ...rest: unknown[]) => console.error(message, ...rest) };
const now = () => performance.timeOrigin + performance.now();
const container = document.getElementById('frames') as HTMLElement;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** A macrotask yield without setTimeout's 4 ms clamp. */
const yieldTask = () => new Promise<void>((resolve) => {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => resolve();
  channel.port2.postMessage(0);
});

interface Report {
  kind: string;
  [key: string]: unknown;
}

class Frame {
  readonly reports: Report[] = [];
  #port: MessagePort | undefined;
  #waiters: (() => void)[] = [];

  constructor(readonly iframe: HTMLIFrameElement) {}

  static async open(host: BridgeHost | undefined, origin = FRAME_ORIGIN): Promise<Frame> {
    const url = `${origin}/bench/frame.html?parent=${encodeURIComponent(location.origin)}`;
    let iframe: HTMLIFrameElement;
    if (host === undefined) {
      iframe = document.createElement('iframe');
      iframe.src = url;
      container.append(iframe);
    } else {
      iframe = host.createFrame({ url, container });
    }
    const frame = new Frame(iframe);
    await new Promise((resolve) => iframe.addEventListener('load', resolve, { once: true }));
    const channel = new MessageChannel();
    frame.#port = channel.port1;
    channel.port1.onmessage = (event: MessageEvent<Report>) => {
      if (event.data.kind === 'clock?') {
        channel.port1.postMessage({ op: 'clock', now: now() });
        return;
      }
      frame.reports.push(event.data);
      frame.#waiters.splice(0).forEach((wake) => wake());
    };
    iframe.contentWindow!.postMessage({ benchPort: true }, origin, [channel.port2]);
    await frame.next('ready');
    return frame;
  }

  send(control: unknown): void {
    this.#port!.postMessage(control);
  }

  /** The next report of `kind` (consumed), typed by the caller. */
  async next<T extends object = Report>(kind: string): Promise<T> {
    for (;;) {
      const index = this.reports.findIndex((report) => report.kind === kind);
      if (index >= 0) return this.reports.splice(index, 1)[0] as unknown as T;
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  all(kind: string): Report[] {
    return this.reports.filter((report) => report.kind === kind);
  }
}

function clear(): void {
  container.replaceChildren();
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

// ---- Traffic ----

const TYPES = [['all'], ['agent'], ['contacts'], ['contact']] as const;

/** A call center's traffic: calls going Incoming → Active → Holding → Active → Disconnected, and agent states. */
function traffic(total: number, firstContact = 1): PlatformEvent[] {
  const events: PlatformEvent[] = [];
  let contact = firstContact;
  const statuses = ['Incoming', 'Active', 'Holding', 'Active', 'Disconnected'];
  while (events.length < total) {
    if (events.length % 11 === 0) events.push({ Type: 'AgentState', CurrentState: 'Available', CurrentOutReason: '', StartTimeUTC: '2026-11-21T10:00:00.000Z' });
    for (const Status of statuses) {
      events.push({ Type: 'CallContactEvent', ContactID: contact, Status, ANI: '5551230000', DNIS: '8005550100', Skill: 'Sales', IsInbound: 'True', StartTimeUTC: '2026-11-21T10:00:00.000Z', FinalState: Status === 'Disconnected' ? 'True' : 'False' } as PlatformEvent);
    }
    contact += 1;
  }
  return events.slice(0, total);
}

/** Whether a frame of the given types (and bound contact) gets the event: docs/protocol.md's subscription rules. */
function wants(types: readonly string[], bound: number | undefined, event: PlatformEvent): boolean {
  const contactId = event['ContactID'] as number | undefined;
  if (types.includes('all')) return true;
  if (contactId === undefined) return types.includes('agent');
  return types.includes('contacts') || (types.includes('contact') && contactId === bound);
}

// ---- Measurements ----

async function fanout(frameCount: number, total: number, burst = 10) {
  const host = new BridgeHost({ log: quiet });
  const frames = await Promise.all(Array.from({ length: frameCount }, () => Frame.open(host)));
  const events = traffic(total);
  const plan = frames.map((frame, index) => {
    const types = [...TYPES[index % TYPES.length]!];
    const bound = types[0] === 'contact' ? 1 + index : undefined;
    return { frame, types, bound, expected: events.filter((event) => wants(types, bound, event)).length };
  });
  // Frames that would get nothing still count as delivered at once.
  const run = async (mode: 'bridge' | 'raw', send: (chunk: PlatformEvent[]) => void) => {
    for (const { frame, types, bound, expected } of plan) {
      frame.send({ op: 'count', mode, types, ...(bound === undefined ? {} : { contactId: bound }), expected });
      await frame.next('armed');
    }
    if (mode === 'bridge') while (host.subscriptions.length < frames.length) await sleep(5);
    const started = now();
    for (let index = 0; index < events.length; index += burst) {
      send(events.slice(index, index + burst));
      await yieldTask();
    }
    const done = await Promise.all(plan.map(({ frame, expected }) => (expected === 0 ? Promise.resolve({ at: started }) : frame.next<{ at: number }>('done'))));
    return Math.max(...done.map((report) => report.at)) - started;
  };
  const bridgeMs = await run('bridge', (chunk) => host.dispatch(chunk));
  host.dispose();
  const rawMs = await run('raw', (chunk) => {
    for (const { frame, types, bound } of plan) {
      const target = frame.iframe.contentWindow!;
      for (const event of chunk) if (wants(types, bound, event)) target.postMessage(event, FRAME_ORIGIN);
    }
  });
  clear();
  const bridge = total / (bridgeMs / 1000);
  const raw = total / (rawMs / 1000);
  return { frames: frameCount, events: total, bridge_events_per_s: Math.round(bridge), raw_events_per_s: Math.round(raw), ratio: Number((bridge / raw).toFixed(2)) };
}

async function token(): Promise<CxoneToken> {
  return (await (await fetch(`${SIM}/InContactAuthorizationServer/Token`, { method: 'POST', body: '{}' })).json()) as CxoneToken;
}

async function emitSamples(samples: number, offsetSeq: number) {
  for (let i = 0; i < samples; i += 1) {
    await fetch(`${SIM}/sim/events?stamp=1`, { method: 'POST', body: JSON.stringify([{ Type: 'Indicator', Seq: offsetSeq + i }]) });
    await sleep(12);
  }
  await sleep(200);
}

async function latency(samples: number) {
  await fetch(`${SIM}/sim/reset`, { method: 'POST', body: '{}' });
  // Each frame measures against the simulator's clock itself (see frame.ts).
  const latencies = (frame: Frame) => frame.all('receipt').map((report) => report['latency'] as number);

  // ccbridge: CometSource → BridgeHost → envelope → the page's handler.
  const source = new CometSource({ token: await token(), session: { stationPhoneNumber: '1' }, timeoutSeconds: 30 });
  const host = new BridgeHost({ source, log: quiet });
  const bridgeFrame = await Frame.open(host);
  bridgeFrame.send({ op: 'latency', mode: 'bridge', types: ['all'], simulator: SIM });
  await bridgeFrame.next('armed');
  await source.start();
  await sleep(300);
  await emitSamples(samples, 0);
  const bridge = latencies(bridgeFrame);
  await source.stop();
  host.dispose();

  // Raw: a bare long-poll fetch, and one postMessage per event.
  const rawFrame = await Frame.open(undefined);
  rawFrame.send({ op: 'latency', mode: 'raw', types: [], simulator: SIM });
  await rawFrame.next('armed');
  const auth = await token();
  const headers = { Authorization: `${auth.token_type} ${auth.access_token}` };
  const base = `${auth.resource_server_base_uri}services/v12.0/agent-sessions`;
  let sessionId = ((await (await fetch(base, { method: 'POST', headers, body: '{"stationId":"1"}' })).json()) as { sessionId: string }).sessionId;
  let polling = true;
  const loop = (async () => {
    while (polling) {
      const response = await fetch(`${base}/${encodeURIComponent(sessionId)}/get-next-event?timeout=2`, { headers });
      if (response.status !== 200) continue;
      const body = (await response.json()) as { sessionId: string; events: PlatformEvent[] };
      sessionId = body.sessionId;
      for (const event of body.events) rawFrame.iframe.contentWindow!.postMessage(event, FRAME_ORIGIN);
    }
  })();
  await sleep(300);
  await emitSamples(samples, 100_000);
  polling = false;
  await loop;
  const raw = latencies(rawFrame);
  clear();
  const round = (value: number) => Number(value.toFixed(2));
  return {
    bridge_p50: round(percentile(bridge, 50)),
    bridge_p99: round(percentile(bridge, 99)),
    raw_p50: round(percentile(raw, 50)),
    raw_p99: round(percentile(raw, 99)),
    samples: { bridge: bridge.length, raw: raw.length },
  };
}

/**
 * Flood (BENCHMARKS.md: targets): one allowed frame posts `count` messages as fast as it
 * can, then a sentinel. The browser's own cost is the time until the
 * sentinel arrives with no host on the page; the host's is the same with a
 * BridgeHost (its default rate limit on) serving the flooder. Both runs have
 * the same quiet frame receiving an event due every 5 ms (raw `postMessage`
 * without a host, `host.dispatch` with one), its latency measured from when
 * the event was due, so timer delays on a busy desktop thread count; the
 * only difference is the host. The flooder is on another site than the quiet frame: same-site frames
 * share a renderer, and the quiet frame would then wait on the flooder's own
 * loop, not on the host. `rounds` alternate bare and host runs; the medians
 * are reported, as two cores make single runs noisy.
 */
async function flood(count: number, samples: number, rounds = 3) {
  const sentinel = () => new Promise<number>((resolve) => {
    const listener = (event: MessageEvent) => {
      if ((event.data as { floodDone?: boolean } | null)?.floodDone !== true) return;
      window.removeEventListener('message', listener);
      resolve(now());
    };
    window.addEventListener('message', listener);
  });
  const timeFlood = async (frame: Frame) => {
    const done = sentinel();
    const start = now();
    frame.send({ op: 'flood', count });
    return (await done) - start;
  };
  // Events are due every 5 ms from the start, and each carries the time it was due, not
  // the time it went out: a desktop thread kept busy by the flood delays the timers too,
  // and that delay is what the other frames feel.
  const ticks = async (send: (event: { Type: string; SentAt: number }) => void) => {
    const start = now();
    for (let i = 0; i < samples; i += 1) {
      const due = start + i * 5;
      const wait = due - now();
      if (wait > 0) await sleep(wait);
      send({ Type: 'Indicator', SentAt: due });
    }
    await sleep(100);
  };
  const latencies = (frame: Frame) => frame.reports.splice(0).filter((report) => report.kind === 'receipt').map((report) => report['latency'] as number);
  const quietFrame = async (host: BridgeHost | undefined) => {
    const frame = await Frame.open(host);
    frame.send({ op: 'quiet' });
    await frame.next('armed');
    await sleep(200);
    frame.reports.length = 0;
    return frame;
  };

  const browserRuns: number[] = [];
  const hostRuns: number[] = [];
  const calm: number[] = [];
  const stormy: number[] = [];
  /** The same quiet frame's latency under the same flood, with no host: the browser's own share. */
  const bareStormy: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    // The browser alone: no host on this page.
    const bareQuiet = await quietFrame(undefined);
    const bareFlooder = await Frame.open(undefined, OTHER_SITE_ORIGIN);
    const post = (event: unknown) => bareQuiet.iframe.contentWindow!.postMessage({ issuer: 'MAX', events: [event] }, FRAME_ORIGIN);
    const bare = timeFlood(bareFlooder);
    await ticks(post);
    browserRuns.push(await bare);
    bareStormy.push(...latencies(bareQuiet));
    clear();

    const host = new BridgeHost({ log: quiet });
    const hostQuiet = await quietFrame(host);
    await ticks((event) => host.dispatch([event]));
    calm.push(...latencies(hostQuiet));
    const flooder = await Frame.open(host, OTHER_SITE_ORIGIN);
    const flooding = timeFlood(flooder);
    await ticks((event) => host.dispatch([event]));
    hostRuns.push(await flooding);
    stormy.push(...latencies(hostQuiet));
    host.dispose();
    clear();
  }
  const round = (value: number) => Number(value.toFixed(2));
  const browserMs = percentile(browserRuns, 50);
  const hostMs = percentile(hostRuns, 50);
  return {
    messages: count,
    rounds,
    browser_ms: round(browserMs),
    host_ms: round(hostMs),
    browser_runs_ms: browserRuns.map(round),
    host_runs_ms: hostRuns.map(round),
    ratio: round(hostMs / browserMs),
    quiet_p50_ms: round(percentile(calm, 50)),
    quiet_p99_ms: round(percentile(calm, 99)),
    quiet_under_flood_p50_ms: round(percentile(stormy, 50)),
    quiet_under_flood_p99_ms: round(percentile(stormy, 99)),
    quiet_under_flood_browser_p50_ms: round(percentile(bareStormy, 50)),
    quiet_under_flood_browser_p99_ms: round(percentile(bareStormy, 99)),
    /** What the other frames feel: their latency under the flood with the host, against the browser alone. */
    quiet_under_flood_ratio_p50: round(percentile(stormy, 50) / percentile(bareStormy, 50)),
    quiet_under_flood_ratio_p99: round(percentile(stormy, 99) / percentile(bareStormy, 99)),
  };
}

async function registerAck(rounds: number) {
  const host = new BridgeHost({ log: quiet });
  host.dispatch([{ Type: 'AgentState', CurrentState: 'Available' }]);
  const frame = await Frame.open(host);
  frame.send({ op: 'register', rounds });
  const { durations } = await frame.next<{ durations: number[] }>('durations');
  host.dispose();
  // The floor: a bare window.postMessage round trip between the same two processes.
  const pong = (event: MessageEvent) => {
    const ping = (event.data as { ping?: number })?.ping;
    if (typeof ping === 'number') (event.source as Window).postMessage({ pong: ping }, FRAME_ORIGIN);
  };
  window.addEventListener('message', pong);
  frame.send({ op: 'ping', rounds });
  const { durations: raw } = await frame.next<{ durations: number[] }>('durations');
  window.removeEventListener('message', pong);
  clear();
  const round = (value: number) => Number(value.toFixed(3));
  return { p50: round(percentile(durations, 50)), p99: round(percentile(durations, 99)), raw_round_trip_p50: round(percentile(raw, 50)) };
}

/** Page → desktop controller, over window.postMessage, over the private channel, a `Dial` (over the channel), and a bare postMessage. */
async function commands(rounds: number) {
  const received: number[] = [];
  const contact = { Type: 'CallContactEvent', ContactID: 1, Status: 'Active', FinalState: 'False' } as PlatformEvent;
  const host: BridgeHost = new BridgeHost({
    // The path's cost, not the policy: no per-origin command budget here.
    commandRate: false,
    log: quiet,
    controller: ({ action }) => {
      received.push(now());
      host.dispatch([{ ...contact, Status: action === 'hold' ? 'Holding' : 'Active' }]);
    },
    // Dial, an action beyond MAX: the same path to a controller, with its own checks.
    defaultPolicy: { actions: ['Dial'] },
    dialects: [beyondMax({ controller: () => void received.push(now()) })],
  });
  host.dispatch([contact]);
  const frame = await Frame.open(host);
  const measure = async (via: 'window' | 'channel' | 'dial' | 'raw') => {
    received.length = 0;
    frame.send({ op: 'commands', via, rounds, contactId: 1, gapMs: 3 });
    const { sentAt } = await frame.next<{ sentAt: number[] }>('sent');
    await sleep(50);
    return percentile(sentAt.map((sent, index) => (received[index] ?? Number.NaN) - sent).filter((value) => !Number.isNaN(value)), 50);
  };
  const windowP50 = await measure('window');
  const channelP50 = await measure('channel');
  const dialP50 = await measure('dial');
  const rawListener = () => received.push(now());
  window.addEventListener('message', rawListener);
  const rawP50 = await measure('raw');
  window.removeEventListener('message', rawListener);
  host.dispose();
  clear();
  const round = (value: number) => Number(value.toFixed(3));
  return { p50: round(windowP50), channel_p50: round(channelP50), dial_p50: round(dialP50), raw_p50: round(rawP50) };
}

/** A full round trip page → desktop → page: ccbridge's command results against Penpal and post-robot method calls. */
async function roundTrips(rounds: number) {
  const result: Record<string, { p50: number; p99: number }> = {};
  const summarise = (durations: number[]) => ({ p50: Number(percentile(durations, 50).toFixed(3)), p99: Number(percentile(durations, 99).toFixed(3)) });
  {
    const contact = { Type: 'CallContactEvent', ContactID: 1, Status: 'Active', FinalState: 'False' } as PlatformEvent;
    // The path's cost, not the policy: no per-origin command budget here (it would refuse a benchmark's 300 commands a second).
    const host: BridgeHost = new BridgeHost({ log: quiet, commandRate: false, controller: ({ action }) => host.dispatch([{ ...contact, Status: action === 'hold' ? 'Holding' : 'Active' }]) });
    host.dispatch([contact]);
    const frame = await Frame.open(host);
    frame.send({ op: 'roundtrip', via: 'ccbridge', rounds, contactId: 1 });
    result['ccbridge'] = summarise((await frame.next<{ durations: number[] }>('durations')).durations);
    host.dispose();
    clear();
  }
  {
    const frame = await Frame.open(undefined);
    const messenger = new WindowMessenger({ remoteWindow: frame.iframe.contentWindow!, allowedOrigins: [FRAME_ORIGIN] });
    const connection = penpalConnect({ messenger, methods: { hold: () => 'ok' } });
    frame.send({ op: 'roundtrip', via: 'penpal', rounds, contactId: 1 });
    result['penpal'] = summarise((await frame.next<{ durations: number[] }>('durations')).durations);
    connection.destroy();
    clear();
  }
  {
    const postRobot = (window as unknown as { postRobot: { on(name: string, options: { domain: string }, handler: () => unknown): { cancel(): void } } }).postRobot;
    const listener = postRobot.on('hold', { domain: FRAME_ORIGIN }, () => 'ok');
    const frame = await Frame.open(undefined);
    frame.send({ op: 'roundtrip', via: 'post-robot', rounds, contactId: 1 });
    result['post_robot'] = summarise((await frame.next<{ durations: number[] }>('durations')).durations);
    listener.cancel();
    clear();
  }
  return result;
}

/** Microseconds per call of `check` over `values`, after a warm-up. */
function perCall(iterations: number, values: readonly unknown[], check: (value: unknown) => unknown): number {
  for (let i = 0; i < 10_000; i += 1) check(values[i % values.length]);
  const started = performance.now();
  for (let i = 0; i < iterations; i += 1) check(values[i % values.length]);
  return Number((((performance.now() - started) * 1000) / iterations).toFixed(3));
}

/** ccbridge's checks (plain code), and the zod/mini schemas that state the same rules as the baseline. */
function validation(iterations: number) {
  const messages = [
    { messageType: 'RegisterForClientEvents', subscriptionTypes: ['agent', 'contacts'], contactId: 42, issuer: 'CRM' },
    { messageType: 'HoldEvent', contactId: 42, issuer: 'CRM' },
    { messageType: 'ContactCardData', contactCardData: { name: 'Ann Smith', userImg: 'https://crm.example/a.png' }, contactId: 42 },
  ];
  const messageSchemas = [RegisterForClientEvents, CommandMessage, ContactCardData];
  const events = [traffic(2)[1]!];
  let n = 0;
  return {
    message: perCall(iterations, messages, (value) => ChildMessage.safeParse(value)),
    message_zod: perCall(iterations, messages, (value) => messageSchemas[n++ % 3]!.safeParse(value)),
    event: perCall(iterations, events, (value) => parsePlatformEvent(value)),
    event_zod: perCall(iterations, events, (value) => CallContactEvent.safeParse(value)),
  };
}

// Memory: set up 20 frames, then push traffic; bench/run.mjs measures the heap around it.
let memoryHost: BridgeHost | undefined;
let memoryPlan: { frame: Frame; types: string[]; bound: number | undefined }[] = [];
let nextContact = 1;

async function memorySetup(frameCount: number) {
  memoryHost = new BridgeHost({ log: quiet });
  const frames = await Promise.all(Array.from({ length: frameCount }, () => Frame.open(memoryHost)));
  memoryPlan = frames.map((frame, index) => {
    const types = [...TYPES[index % TYPES.length]!];
    return { frame, types, bound: types[0] === 'contact' ? 1 + index : undefined };
  });
}

async function memoryRun(total: number, burst = 100) {
  const host = memoryHost!;
  const events = traffic(total, nextContact);
  nextContact += total;
  for (const { frame, types, bound } of memoryPlan) {
    frame.send({ op: 'count', mode: 'bridge', types, ...(bound === undefined ? {} : { contactId: bound }), expected: events.filter((event) => wants(types, bound, event)).length });
    await frame.next('armed');
  }
  while (host.subscriptions.length < memoryPlan.length) await sleep(5);
  for (let index = 0; index < events.length; index += burst) {
    host.dispatch(events.slice(index, index + burst));
    await yieldTask();
  }
  await Promise.all(memoryPlan.map(({ frame, types, bound }) => (events.some((event) => wants(types, bound, event)) ? frame.next('done') : undefined)));
  // Each count run re-registers: drop the subscriptions for the next run.
  for (const { frame } of memoryPlan) frame.send({ op: 'unregister' });
  while (host.subscriptions.length > 0) await sleep(5);
  return { contacts: host.contacts.length };
}

Object.assign(window, { bench: { fanout, latency, registerAck, commands, roundTrips, validation, flood, memorySetup, memoryRun } });
document.title = 'ccbridge bench ready';
