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
    port.onmessage = (control) => void run(control.data as Control);
    port.postMessage({ kind: 'ready' });
    return;
  }
  onWindowMessage?.(event);
});

type Control =
  | { op: 'count'; mode: 'bridge' | 'raw'; types: string[]; contactId?: number; expected: number }
  | { op: 'latency'; mode: 'bridge' | 'raw'; types: string[] }
  | { op: 'register'; rounds: number }
  | { op: 'commands'; via: 'window' | 'channel' | 'raw'; rounds: number; contactId: number; gapMs: number }
  | { op: 'roundtrip'; via: 'ccbridge' | 'penpal' | 'post-robot'; rounds: number; contactId: number }
  | { op: 'unregister' };

const report = (message: unknown) => port?.postMessage(message);
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
    const record = (event: { Seq?: number; EmittedAt?: number }, at: number) => {
      if (typeof event.Seq === 'number') report({ kind: 'receipt', seq: event.Seq, emittedAt: event.EmittedAt, at });
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
  } else if (control.op === 'commands') {
    const sentAt: number[] = [];
    let client: BridgeClient | undefined;
    if (control.via === 'channel') {
      client = new BridgeClient({ hostOrigin: parentOrigin, subscriptionTypes: ['agent'], issuer: 'bench' });
      await client.ready;
    }
    for (let round = 0; round < control.rounds; round += 1) {
      sentAt.push(now());
      if (control.via === 'raw') parent.postMessage({ raw: round }, parentOrigin);
      else if (client !== undefined) void client.command('HoldEvent', control.contactId);
      else parent.postMessage({ messageType: 'HoldEvent', contactId: control.contactId }, parentOrigin);
      await pause(control.gapMs);
    }
    client?.dispose();
    report({ kind: 'sent', sentAt });
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
