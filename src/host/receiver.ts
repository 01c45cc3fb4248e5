/**
 * What the host hears: every `message` on the desktop's window and on each
 * subscription's private channel, in the order that keeps a flood cheap and
 * a page's mistake harmless:
 * 1. An origin that is not allowed is dropped first, at the cost of one set
 *    lookup: it spends no rate budget, so a hostile document cannot use up
 *    the budget of the allowed page its frame loads next (issue #23). An
 *    opaque origin is heard only from a frame the host created or adopted
 *    (any window can make a sandboxed child of its own).
 * 2. A document over its rate is not read at all (rate-limit.ts): the frame
 *    sweep and everything after it run only for messages that will be read.
 * 3. Other dialects (AICC, the actions beyond MAX) see the message before
 *    the MAX parser, whether it came on the window or a private channel.
 * 4. The message is parsed against its statement (`parseChildMessage`); bad
 *    input is reported once per key and changes nothing; nothing a page
 *    sends can throw out of the listener.
 */
import { Refusal } from '../protocol/errors.js';
import { describeIssues } from '../protocol/events.js';
import { maxMessageType, parseChildMessage } from '../protocol/max.js';
import { OPAQUE_ORIGIN } from '../protocol/origin.js';
import type { CommandDesk } from './command-desk.js';
import type { Mailbox } from './delivery.js';
import type { Dialect } from './dialect.js';
import type { FrameTracker } from './frames.js';
import type { HostLog, LogLevel } from './logger.js';
import type { OriginGate } from './origins.js';
import type { RateLimiter } from './rate-limit.js';
import type { Registrar } from './registration.js';
import type { SubscriptionRegistry } from './registry.js';

/** Reports a refused message (`rejection` event) and logs it once per origin, refusal and topic. */
export type Reject = (origin: string, refusal: Refusal, detail: string, level: LogLevel, topic?: string) => void;

export interface ReceiverParts {
  readonly window: Window;
  readonly origins: OriginGate;
  readonly limiter: RateLimiter | undefined;
  readonly frames: FrameTracker;
  readonly registry: SubscriptionRegistry;
  readonly dialects: readonly Dialect[];
  readonly registrar: Registrar;
  readonly commands: CommandDesk;
  readonly log: HostLog;
  readonly reject: Reject;
  /** A window went over its rate (after the report): the host removes its frame if asked to. */
  overRate(window: Window): void;
}

export class Receiver {
  constructor(readonly parts: ReceiverParts) {
    parts.window.addEventListener('message', this.#onMessage);
  }

  dispose(): void {
    this.parts.window.removeEventListener('message', this.#onMessage);
  }

  /**
   * A message on a subscription's private channel. Only the page that
   * registered holds the other end, so it speaks with that page's window and
   * origin; it is validated like any other message.
   */
  channelMessage(mailbox: Mailbox, data: unknown): void {
    try {
      const subscription = this.parts.registry.get(mailbox.window);
      if (subscription?.mailbox === mailbox) this.#read(subscription.window, subscription.origin, data, true);
    } catch (error) {
      this.parts.log.write('error', 'INTERNAL', 'unexpected error while handling a channel message', error);
    }
  }

  readonly #onMessage = (event: MessageEvent): void => {
    try {
      this.#receive(event);
    } catch (error) {
      // Belt and braces: nothing a page posts may throw into the desktop.
      this.parts.log.write('error', 'INTERNAL', 'unexpected error while handling a message', error);
    }
  };

  #receive(event: MessageEvent): void {
    const { frames, origins, reject } = this.parts;
    const source = event.source;
    if (!isWindow(source) || source === this.parts.window) return;
    const origin = event.origin;
    // Whatever the origin: a message from another origin than the last marks a new document (frames.ts).
    frames.heard(source, origin);
    // An origin not allowed costs one set look-up and spends no budget.
    if (!origins.allows(origin)) return this.#notAllowed(origin);
    const heard = this.parts.limiter?.take(source, origin, event.timeStamp) ?? true;
    if (heard !== true) {
      if (heard === 'over') {
        reject(origin, Refusal.RateLimited, 'over the rate limit: its messages are dropped unread until it slows down', 'warn', 'rate');
        this.parts.overRate(source);
      }
      return;
    }
    // Only now, for a message that will be read: removed frames release their origins (sweep)
    // before the origin is trusted, and an opaque origin must come from a frame the host made.
    frames.sweep();
    if (!origins.allows(origin) || (origin === OPAQUE_ORIGIN && frames.byWindow(source) === undefined)) return this.#notAllowed(origin);
    this.#read(source, origin, event.data, false);
  }

  #notAllowed(origin: string): void {
    this.parts.reject(origin, Refusal.OriginNotAllowed, 'origin is not on the allow-list', 'debug');
  }

  /** Hands a message from an allowed window, or from its private channel, to the other dialects, else parses it as MAX and acts on it. */
  #read(window: Window, origin: string, data: unknown, channel: boolean): void {
    const { reject, registrar, commands } = this.parts;
    for (const dialect of this.parts.dialects) if (dialect.receive(window, origin, data)) return;
    const parsed = parseChildMessage(data);
    if (!parsed.success) {
      const issues = describeIssues(parsed.error.issues);
      if (channel) return reject(origin, Refusal.MalformedMessage, `invalid message on the private channel: ${issues}`, 'warn', 'port');
      // A MAX message type with bad fields is a protocol error worth a warning;
      // anything else is probably another library's traffic: debug only.
      const type = maxMessageType(data);
      const refusal = type === 'ContactCardData' ? Refusal.InvalidContactCard : Refusal.MalformedMessage;
      if (type === undefined) reject(origin, refusal, 'not a MAX client message', 'debug');
      else reject(origin, refusal, `invalid ${type}: ${issues}`, 'warn', type);
      return;
    }
    const message = parsed.data;
    switch (message.messageType) {
      case 'RegisterForClientEvents':
        return registrar.register(window, origin, message);
      case 'UnregisterFromClientEvents':
        return registrar.unregister(window, origin);
      case 'ContactCardData':
        return commands.contactCard(window, origin, message);
      default:
        return commands.command(window, origin, message);
    }
  }
}

/** A window (possibly cross-origin) rather than a MessagePort or ServiceWorker. */
function isWindow(source: MessageEventSource | null): source is Window {
  return source !== null && typeof (source as Window).closed === 'boolean';
}
