/**
 * How envelopes reach registered windows: the transport, kept apart from the
 * protocol as Penpal keeps its `Messenger` apart from its handshake. The
 * host decides *what* a window gets; this decides *how* and *when*.
 *
 * 1. Items that arrive in one task leave in one envelope per window: queued
 *    and flushed in a microtask (never `requestAnimationFrame`, which hidden
 *    frames and background tabs do not get; nested `setTimeout(0)` clamps).
 * 2. The first envelope goes by `window.postMessage` to the registered exact
 *    origin and, with the `channel` extension, carries the page's end of a
 *    `MessageChannel`; later ones go over the port. Ports deliver in order
 *    and only after the transferring message, so the acknowledgement (the
 *    first item of the first envelope) still comes first.
 * 3. A window found closed at flush time is reported, not posted to.
 */
import { ACTION_TYPES, SERVICE_TYPES } from '../protocol/actions.js';
import type { ActionType, ServiceType } from '../protocol/actions.js';
import { EXTENSIONS_VERSION } from '../protocol/envelope.js';
import type { Envelope, EnvelopeItem, Extensions } from '../protocol/envelope.js';
import type { RegisterForClientEvents } from '../protocol/max.js';
import type { HostLog } from './logger.js';
import type { ResolvedPolicy } from './policy.js';

/** One registered window's outgoing side. */
export class Mailbox {
  /** Items waiting for the next flush. */
  queue: EnvelopeItem[] = [];
  /** Envelopes sent so far; the `sequence` extension numbers them from 1. */
  sent = 0;
  /** The host's end of the private channel, once negotiated. */
  #port: MessagePort | undefined;
  /** The page's end, transferred with the first envelope. */
  #transfer: MessagePort | undefined;

  constructor(
    readonly window: Window,
    /** The exact origin replies are posted to (`'*'` only for an allowed opaque origin). */
    readonly targetOrigin: string,
    /** The `contactId` of every envelope. */
    readonly contactId: number | null,
    /** The extensions accepted for this page, or `undefined` for a plain MAX page. */
    readonly extensions: Extensions | undefined,
    onChannelMessage: (data: unknown) => void,
  ) {
    if (extensions?.channel !== true) return;
    const channel = new MessageChannel();
    this.#port = channel.port1;
    this.#transfer = channel.port2;
    channel.port1.onmessage = (event: MessageEvent) => onChannelMessage(event.data);
  }

  /** The page's end of the channel if it has not been sent yet; taking it marks it sent. */
  takeTransfer(): MessagePort | undefined {
    const transfer = this.#transfer;
    this.#transfer = undefined;
    return transfer;
  }

  /** The port to post on, once the page holds its end. */
  get port(): MessagePort | undefined {
    return this.#transfer === undefined ? this.#port : undefined;
  }

  /** Ends the private channel, if any, and forgets what was queued. */
  close(): void {
    this.queue = [];
    this.#port?.close();
    this.#transfer?.close();
    this.#port = undefined;
    this.#transfer = undefined;
  }
}

export interface DeliveryHooks {
  /** An envelope left for `mailbox`. */
  delivered(mailbox: Mailbox, envelope: Envelope): void;
  /** The window of `mailbox` was found closed at flush time. */
  closed(mailbox: Mailbox): void;
}

export class Delivery {
  readonly #pending = new Set<Mailbox>();
  readonly #afterFlush: (() => void)[] = [];
  #scheduled = false;

  constructor(
    /** The `issuer` of every envelope. */
    readonly issuer: string,
    readonly log: HostLog,
    readonly hooks: DeliveryHooks,
  ) {}

  /** Queues `item` for the window's next envelope. */
  enqueue(mailbox: Mailbox, item: EnvelopeItem): void {
    mailbox.queue.push(item);
    this.#pending.add(mailbox);
    this.#schedule();
  }

  /** Runs `task` right after the next flush (e.g. closing a panel once its last event was posted). */
  afterFlush(task: () => void): void {
    this.#afterFlush.push(task);
    this.#schedule();
  }

  /** Forgets a mailbox: nothing queued for it is sent, and its channel ends. */
  cancel(mailbox: Mailbox): void {
    this.#pending.delete(mailbox);
    mailbox.close();
  }

  /** Posts one envelope now, outside any mailbox (a refused registration's ERROR acknowledgement). */
  post(window: Window, targetOrigin: string, envelope: Envelope, transfer?: MessagePort): void {
    try {
      window.postMessage(envelope, targetOrigin, transfer === undefined ? [] : [transfer]);
    } catch (error) {
      // e.g. an event carrying a value that cannot be cloned.
      this.log.write('error', 'INTERNAL', `could not post to ${targetOrigin}`, error);
    }
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(this.#flush);
  }

  readonly #flush = (): void => {
    this.#scheduled = false;
    for (const mailbox of this.#pending) {
      const items = mailbox.queue;
      mailbox.queue = [];
      if (items.length === 0) continue;
      if (mailbox.window.closed) {
        this.hooks.closed(mailbox);
        continue;
      }
      const envelope = this.#envelope(mailbox, items);
      this.#send(mailbox, envelope);
      this.hooks.delivered(mailbox, envelope);
    }
    this.#pending.clear();
    for (const task of this.#afterFlush.splice(0)) task();
  };

  #envelope(mailbox: Mailbox, events: EnvelopeItem[]): Envelope {
    const { extensions } = mailbox;
    if (extensions === undefined) return { issuer: this.issuer, contactId: mailbox.contactId, events };
    return {
      issuer: this.issuer,
      contactId: mailbox.contactId,
      events,
      ...(mailbox.sent === 0 ? { ccbridge: extensions } : {}),
      ...(extensions.sequence === true ? { seq: mailbox.sent + 1 } : {}),
    };
  }

  #send(mailbox: Mailbox, envelope: Envelope): void {
    mailbox.sent += 1;
    const port = mailbox.port;
    if (port !== undefined) {
      try {
        port.postMessage(envelope);
      } catch (error) {
        this.log.write('error', 'INTERNAL', `could not post to ${mailbox.targetOrigin} over its channel`, error);
      }
      return;
    }
    this.post(mailbox.window, mailbox.targetOrigin, envelope, mailbox.takeTransfer());
  }
}

/** The extensions a registration asked for that this host speaks, or `undefined` for a plain MAX page. */
export function negotiate(asked: RegisterForClientEvents['ccbridge'], policy: Pick<ResolvedPolicy, 'commands' | 'actions'>, offered: ReadonlySet<ActionType | ServiceType>): Extensions | undefined {
  if (asked === undefined || asked.version < EXTENSIONS_VERSION) return undefined;
  // The page's rights, so it can offer only what it may send (a plain MAX page never gets this).
  const granted: Extensions = { version: EXTENSIONS_VERSION, channel: asked.channel === true, results: asked.results === true, sequence: asked.sequence === true, commands: [...policy.commands] };
  // The actions beyond MAX, only to a page that asked for them: those the host carries out and the origin is granted.
  const allowed = (type: ActionType | ServiceType): boolean => offered.has(type) && policy.actions.has(type);
  const serves: unknown = asked.serves;
  return {
    ...granted,
    ...(asked.actions === true ? { actions: ACTION_TYPES.filter(allowed) } : {}),
    // What the page offers to do for the desktop: those the desktop will ask of it.
    ...(Array.isArray(serves) ? { serves: SERVICE_TYPES.filter((type) => serves.includes(type) && allowed(type)) } : {}),
  };
}
