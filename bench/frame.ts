// The child side of the benchmark, in a cross-origin frame. Driven over a
// private MessagePort (never over window messages, which are what we measure).
import { connect as penpalConnect, WindowMessenger } from 'penpal';

/** post-robot ships CommonJS; its UMD build (loaded by frame.html) sets `window.postRobot`. */
interface PostRobot {
  send(target: Window, name: string, data: unknown, options: { domain: string }): Promise<unknown>;
  on(name: string, options: { domain: string }, handler: (event: { data: unknown }) => unknown): { cancel(): void };
}
const postRobot = (window as unknown as { postRobot: PostRobot }).postRobot;
import { BridgeClient } from '../src/client/index.js';

const now = () => performance.timeOrigin + performance.now();
const parentOrigin = new URLSearchParams(location.search).get('parent') ?? '';
let port: MessagePort | undefined;
let onWindowMessage: ((event: MessageEvent) => void) | undefined;

window.addEventListener('message', (event) => {
  const data = event.data as { benchPort?: boolean } | null;
  if (data?.benchPort === true && event.ports[0] !== undefined) {
    port = event.ports[0];
    port.onmessage = (control) => {
      const data = control.data as Control | { op: 'clock'; now: number };
      if (data.op === 'clock') clockWaiter?.(data.now);
      else void run(data);
    };
    port.postMessage({ kind: 'ready' });
    return;
  }
  onWindowMessage?.(event);
});

type Control =
  | { op: 'count'; mode: 'bridge' | 'raw'; types: string[]; contactId?: number; expected: number }
  | { op: 'latency'; mode: 'bridge' | 'raw'; types: string[]; simulator: string }
  | { op: 'register'; rounds: number }
  | { op: 'ping'; rounds: number }
  | { op: 'commands'; via: 'window' | 'channel' | 'dial' | 'raw'; rounds: number; contactId: number; gapMs: number }
  | { op: 'roundtrip'; via: 'ccbridge' | 'penpal' | 'post-robot'; rounds: number; contactId: number }
  | { op: 'unregister' }
  | { op: 'flood'; count: number }
  | { op: 'quiet' };

const report = (message: unknown) => port?.postMessage(message);

/**
 * Clock offsets, NTP-style from the fastest of many round trips: two
 * renderer processes' `performance.timeOrigin` can differ by a millisecond
 * or more, which would swamp one-way timings of a fraction of that.
 */
async function offsetTo(ask: () => Promise<number>): Promise<number> {
  let best = { rtt: Infinity, offset: 0 };
  for (let i = 0; i < 40; i += 1) {
    const sent = now();
    const remote = await ask();
    const received = now();
    if (received - sent < best.rtt) best = { rtt: received - sent, offset: remote - (sent + received) / 2 };
  }
  return best.offset;
}
let clockWaiter: ((value: number) => void) | undefined;
/** The desktop page's clock minus ours, over the control port. */
const pageOffset = () => offsetTo(() => new Promise<number>((resolve) => {
  clockWaiter = resolve;
  report({ kind: 'clock?' });
}));
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function run(control: Control): Promise<void> {
  if (control.op === 'unregister') {
    onWindowMessage = undefined;
    parent.postMessage({ messageType: 'UnregisterFromClientEvents', issuer: 'bench' }, parentOrigin);
  } else if (control.op === 'count') {
    let count = 0;
    const done = () => report({ kind: 'done', at: now(), count });
    if (control.mode === 'bridge') {
      onWindowMessage = (event) => {
        const data = event.data as { issuer?: string; events?: { messageType?: string }[] };
        if (data?.issuer !== 'MAX' || !Array.isArray(data.events)) return;
        // The first envelope is the acknowledgement and the initial state: not traffic.
        if (data.events[0]?.messageType === 'ClientEventSubscriptionAcknowledge') return;
        for (const item of data.events) if (item.messageType === undefined) count += 1;
        if (count === control.expected) done();
      };
      parent.postMessage({ messageType: 'RegisterForClientEvents', subscriptionTypes: control.types, ...(control.contactId === undefined ? {} : { contactId: control.contactId }), issuer: 'bench' }, parentOrigin);
    } else {
      onWindowMessage = (event) => {
        if (event.origin !== parentOrigin || (event.data as { Type?: string })?.Type === undefined) return;
        count += 1;
        if (count === control.expected) done();
      };
    }
    report({ kind: 'armed' });
  } else if (control.op === 'latency') {
    const offset = await offsetTo(async () => ((await (await fetch(`${control.simulator}/sim/clock`)).json()) as { now: number }).now);
    const record = (event: { Seq?: number; EmittedAt?: number }, at: number) => {
      if (typeof event.Seq === 'number' && typeof event.EmittedAt === 'number') report({ kind: 'receipt', seq: event.Seq, latency: at - (event.EmittedAt - offset) });
    };
    if (control.mode === 'bridge') {
      onWindowMessage = (event) => {
        const at = now();
        const data = event.data as { issuer?: string; events?: { Seq?: number; EmittedAt?: number }[] };
        if (data?.issuer === 'MAX' && Array.isArray(data.events)) for (const item of data.events) record(item, at);
      };
      parent.postMessage({ messageType: 'RegisterForClientEvents', subscriptionTypes: control.types, issuer: 'bench' }, parentOrigin);
    } else {
      onWindowMessage = (event) => {
        if (event.origin === parentOrigin) record(event.data as { Seq?: number }, now());
      };
    }
    report({ kind: 'armed' });
  } else if (control.op === 'flood') {
    // As fast as a page can, in one task, then a sentinel the desktop page watches for.
    const message = { messageType: 'HoldEvent', contactId: 1, issuer: 'flood' };
    for (let i = 0; i < control.count; i += 1) parent.postMessage(message, parentOrigin);
    parent.postMessage({ floodDone: true }, parentOrigin);
    report({ kind: 'flooded' });
  } else if (control.op === 'quiet') {
    // A page that only listens: each event's latency from the desktop's `SentAt` (its clock).
    const offset = await pageOffset();
    onWindowMessage = (event) => {
      const at = now();
      const data = event.data as { issuer?: string; events?: { SentAt?: number }[] };
      if (data?.issuer !== 'MAX' || !Array.isArray(data.events)) return;
      for (const item of data.events) if (typeof item.SentAt === 'number') report({ kind: 'receipt', latency: at - (item.SentAt - offset) });
    };
    parent.postMessage({ messageType: 'RegisterForClientEvents', subscriptionTypes: ['agent'], issuer: 'bench' }, parentOrigin);
    report({ kind: 'armed' });
  } else if (control.op === 'register') {
    const durations: number[] = [];
    for (let round = 0; round < control.rounds; round += 1) {
      const acknowledged = new Promise<number>((resolve) => {
        onWindowMessage = (event) => {
          const first = (event.data as { events?: { messageType?: string }[] })?.events?.[0];
          if (first?.messageType === 'ClientEventSubscriptionAcknowledge') resolve(now());
        };
      });
      const sent = now();
      parent.postMessage({ messageType: 'RegisterForClientEvents', subscriptionTypes: ['agent'], issuer: 'bench' }, parentOrigin);
      durations.push((await acknowledged) - sent);
      parent.postMessage({ messageType: 'UnregisterFromClientEvents', issuer: 'bench' }, parentOrigin);
      await pause(2);
    }
    report({ kind: 'durations', durations });
  } else if (control.op === 'ping') {
    const durations: number[] = [];
    for (let round = 0; round < control.rounds; round += 1) {
      const answered = new Promise<number>((resolve) => {
        onWindowMessage = (event) => {
          if ((event.data as { pong?: number })?.pong === round) resolve(now());
        };
      });
      const sent = now();
      parent.postMessage({ ping: round }, parentOrigin);
      durations.push((await answered) - sent);
      await pause(2);
    }
    report({ kind: 'durations', durations });
  } else if (control.op === 'commands') {
    const offset = await pageOffset();
    const sentAt: number[] = [];
    let client: BridgeClient | undefined;
    if (control.via === 'channel' || control.via === 'dial') {
      client = new BridgeClient({ hostOrigin: parentOrigin, subscriptionTypes: ['agent'], issuer: 'bench' });
      await client.ready;
    }
    for (let round = 0; round < control.rounds; round += 1) {
      sentAt.push(now());
      if (control.via === 'raw') parent.postMessage({ raw: round }, parentOrigin);
      else if (control.via === 'dial') void client?.dial('5550142');
      else if (client !== undefined) void client.command('HoldEvent', control.contactId);
      else parent.postMessage({ messageType: 'HoldEvent', contactId: control.contactId }, parentOrigin);
      await pause(control.gapMs);
    }
    client?.dispose();
    report({ kind: 'sent', sentAt: sentAt.map((at) => at + offset) });
  } else if (control.op === 'roundtrip') {
    const durations: number[] = [];
    if (control.via === 'ccbridge') {
      const client = new BridgeClient({ hostOrigin: parentOrigin, subscriptionTypes: ['agent'], issuer: 'bench' });
      await client.ready;
      for (let round = 0; round < control.rounds + 20; round += 1) {
        const sent = now();
        await client.command('HoldEvent', control.contactId);
        if (round >= 20) durations.push(now() - sent);
      }
      client.dispose();
    } else if (control.via === 'penpal') {
      const messenger = new WindowMessenger({ remoteWindow: window.parent, allowedOrigins: [parentOrigin] });
      const connection = penpalConnect<{ hold(contactId: number): Promise<string> }>({ messenger });
      const remote = await connection.promise;
      for (let round = 0; round < control.rounds + 20; round += 1) {
        const sent = now();
        await remote.hold(control.contactId);
        if (round >= 20) durations.push(now() - sent);
      }
      connection.destroy();
    } else {
      for (let round = 0; round < control.rounds + 20; round += 1) {
        const sent = now();
        await postRobot.send(window.parent, 'hold', { contactId: control.contactId }, { domain: parentOrigin });
        if (round >= 20) durations.push(now() - sent);
      }
    }
    report({ kind: 'durations', durations });
  }
}
