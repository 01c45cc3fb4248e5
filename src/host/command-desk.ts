/**
 * Commands and contact cards from pages: which contact they are about,
 * whether the origin may send them, and what the desktop's controller is
 * asked to do. Which action a MAX command means is decided by the shared
 * rules in protocol/command-rules.ts, which the client uses too.
 */
import type { Emitter } from '../common/emitter.js';
import { actionFor, appliesTo, isRecording } from '../protocol/command-rules.js';
import type { ContactAction } from '../protocol/command-rules.js';
import { Refusal } from '../protocol/errors.js';
import { contactIdOf } from '../protocol/rules.js';
import type { ContactEvent } from '../protocol/events.js';
import type { CommandResult } from '../protocol/envelope.js';
import type { CommandMessage, CommandType, ContactCardData } from '../protocol/max.js';
import type { ContactCenterState } from '../protocol/state.js';
import type { HostLog, LogLevel } from './logger.js';
import type { Delivery } from './delivery.js';
import type { FrameTracker } from './frames.js';
import type { PolicyTable } from './policy.js';
import type { SubscriptionRegistry } from './registry.js';
import type { RateLimitOptions } from './rate-limit.js';
import { RequestBudget, RequestLedger } from './requests.js';
import type { Outcome } from './requests.js';
import type { BridgeHostEventMap, CommandReport } from './types.js';

export type { ContactAction };

/** A command for the controller: the action and the contact it is for. */
export interface ContactCommand {
  readonly action: ContactAction;
  readonly contactId: number;
  /** The contact's latest event when the command was accepted. */
  readonly contact: ContactEvent;
}

/** Who asked for a command: the page's origin and issuer, and its MAX message (`'desktop'` for `host.command`). */
export interface CommandContext {
  readonly origin: string;
  readonly issuer: string | undefined;
  readonly messageType: CommandType;
}

/**
 * Carries out a concrete action on the platform (a REST call, a CTI command).
 * A rejected promise or a throw is logged, and the host's local toggle state
 * (mute, record) is rolled back.
 */
export type DesktopController = (command: ContactCommand, context: CommandContext) => void | Promise<unknown>;

/** What the command desk shares with the host. */
export interface CommandDeskHost {
  readonly state: ContactCenterState;
  readonly emitter: Emitter<BridgeHostEventMap>;
  readonly log: HostLog;
  readonly policies: PolicyTable;
  readonly subscriptions: SubscriptionRegistry;
  readonly frames: FrameTracker;
  readonly delivery: Delivery;
  /** The desktop's controller, or the attached source's, if any. */
  readonly controller: DesktopController | undefined;
  /** Reports a refused message (`rejection` event) and logs it once per key. */
  reject(origin: string, refusal: Refusal, detail: string, level: LogLevel): void;
}


/** Who sent a command: a page's window, or the desktop itself (`window: undefined`). */
export interface CommandSender {
  readonly window: Window | undefined;
  readonly origin: string;
  readonly issuer: string | undefined;
}

type Target = { ok: true; contactId: number; contact: ContactEvent } | { ok: false; refusal: Refusal; detail: string };

export class CommandDesk {
  /** Contacts with a command in the controller's hands: the next waits its turn (`BUSY`). */
  readonly #inFlight = new Set<number>();
  /** Commands each origin may still send to the controller (a token bucket per origin). */
  readonly #budget: RequestBudget | undefined;
  /** The outcome of each request with an id, per subscription: commands' and actions' alike. */
  readonly #ledger = new RequestLedger();

  constructor(
    readonly host: CommandDeskHost,
    commandRate: RateLimitOptions | false = {},
  ) {
    this.#budget = commandRate === false ? undefined : new RequestBudget(commandRate.messages ?? 10, commandRate.perMs ?? 1000);
  }

  /**
   * A command from a page: its policy is checked, and its result posted when
   * it asked for one. A `requestId` the page's subscription has used before
   * is answered with the first result, not carried out again (a replayed or
   * retried message must not hang up twice).
   */
  command(window: Window, origin: string, message: CommandMessage): void {
    const requestId = message.ccbridge?.requestId;
    const answered = this.firstTime(window, origin, message.messageType, requestId);
    if (answered === false) return;
    this.run({ window, origin, issuer: message.issuer }, message.messageType, message.contactId, (report, detail) => {
      const answer = (): void => this.#result(window, requestId, report, detail);
      answered?.(answer);
      answer();
    });
  }

  /**
   * A request id's first use by the window's subscription: returns where to
   * keep its outcome (`undefined` when there is nothing to keep), or `false`
   * for a repeat, which is answered with the first outcome once there is
   * one, and not carried out again.
   */
  firstTime(window: Window, origin: string, messageType: string, requestId: number | undefined): ((outcome: Outcome) => void) | undefined | false {
    const kept = this.#ledger.first(this.host.subscriptions.get(window), requestId);
    if (kept === false) this.host.log.once(`${origin}|replay|${messageType}`, 'warn', Refusal.DuplicateRequest, `${messageType} from ${origin} repeats requestId ${requestId}: answered with the first result, not carried out again`);
    return kept;
  }

  /** Spends one of `origin`'s budget of requests to the platform: `false` when it is over it. */
  spend(origin: string): boolean {
    return this.#budget?.take(origin) ?? true;
  }


  /**
   * Carries out a command by the shared rules: the sender's policy (pages
   * only: the desktop itself may do anything), a controller, a contact it
   * applies to, an action valid in the contact's state. Reports every step
   * on the `command` event and calls `finish` once with the outcome.
   */
  run(sender: CommandSender, messageType: CommandType, requested: number | string | null | undefined, finish: (report: CommandReport, detail?: string) => void): void {
    const { host } = this;
    const { window, origin, issuer } = sender;
    const report = (contactId: number | null, action: ContactAction | null, refusal: Refusal | null): CommandReport => {
      const detail: CommandReport = { origin, issuer, messageType, contactId, action, refusal };
      host.emitter.emit('command', detail);
      return detail;
    };
    const refuse = (refusal: Refusal, detail: string, contactId: number | null = null): void => {
      // Reported by the `command` event; logged once per origin, refusal and command.
      host.log.once(`${origin}|${refusal}|${messageType}`, 'warn', refusal, `${messageType} from ${origin} refused: ${detail}`);
      finish(report(contactId, null, refusal), detail);
    };
    if (window !== undefined && !host.policies.for(origin).commands.has(messageType)) return refuse(Refusal.NotPermitted, 'the origin is not granted this command');
    const controller = host.controller;
    if (controller === undefined) return refuse(Refusal.NoController, 'the desktop supplied no controller');
    const target = this.#target(window, origin, requested, messageType);
    if (!target.ok) return refuse(target.refusal, target.detail);
    const { contactId, contact } = target;
    const { state } = host;
    // One command per contact at a time: a toggle repeated while the first is on its way
    // would otherwise be read against a state the platform has not confirmed yet.
    if (this.#inFlight.has(contactId)) return refuse(Refusal.Busy, `a command for contact ${contactId} is still being carried out`, contactId);
    const flags = state.flags(contactId);
    const action = actionFor(messageType, contact, flags);
    if (action === undefined) {
      const recording = isRecording(contact, flags) ? ', already recording' : '';
      return refuse(Refusal.InvalidInState, `not valid for contact ${contactId} now (${contact.Type}, status ${contact.Status}${recording})`, contactId);
    }
    // What reaches the platform is budgeted per origin (pages only), not only what is posted.
    if (window !== undefined && this.#budget !== undefined && !this.#budget.take(origin)) return refuse(Refusal.RateLimited, 'over its budget of commands to the platform', contactId);
    state.carriedOut(action, contactId);
    this.#inFlight.add(contactId);
    const settled = (): void => void this.#inFlight.delete(contactId);
    const accepted = report(contactId, action, null);
    const failed = (error: unknown): void => {
      settled();
      state.failed(action, contactId);
      const why = error instanceof Error ? error.message : String(error);
      // One coded line, no stack trace, once per origin and action: a platform that refuses
      // (a contact ended meanwhile) is a fact to report, not a fault of the desktop.
      host.log.once(`${origin}|${Refusal.ControllerFailed}|${action}`, 'warn', Refusal.ControllerFailed, `the controller failed to ${action} contact ${contactId}: ${why}`);
      finish(report(contactId, action, Refusal.ControllerFailed), why);
    };
    try {
      const outcome = controller({ action, contactId, contact }, { origin, issuer, messageType });
      if (outcome instanceof Promise) {
        outcome.then(() => {
          settled();
          finish(accepted);
        }, failed);
      } else {
        settled();
        finish(accepted);
      }
    } catch (error) {
      failed(error);
    }
  }

  contactCard(window: Window, origin: string, message: ContactCardData): void {
    const { host } = this;
    if (!host.policies.for(origin).contactCard) {
      host.reject(origin, Refusal.NotPermitted, 'the origin may not send ContactCardData', 'warn');
      return;
    }
    const target = this.#target(window, origin, message.contactId, 'ContactCardData');
    if (!target.ok) {
      host.reject(origin, target.refusal, `ContactCardData: ${target.detail}`, 'warn');
      return;
    }
    const { name, userImg } = message.contactCardData;
    let image: string | undefined;
    if (userImg !== undefined && userImg !== '') {
      image = resolveImage(userImg, origin);
      if (image === undefined) {
        host.reject(origin, Refusal.InvalidContactCard, 'ContactCardData: userImg must be an https: URL, a URL of the page\'s own origin, or a png, jpeg, gif or webp data: image', 'warn');
        return;
      }
    }
    host.emitter.emit('contactCard', { contactId: target.contactId, name, userImg: image, origin, issuer: message.issuer });
  }

  /** Answers a command that asked for a result, when its page negotiated `results`. */
  #result(window: Window, requestId: number | undefined, { contactId, action, refusal }: CommandReport, detail?: string): void {
    const subscription = this.host.subscriptions.get(window);
    if (requestId === undefined || subscription?.mailbox.extensions?.results !== true) return;
    const result: CommandResult = { messageType: 'CommandResult', requestId, status: refusal === null ? 'OK' : 'REFUSED', contactId, action, refusal, ...(detail === undefined ? {} : { detail }) };
    this.host.delivery.enqueue(subscription.mailbox, result);
  }

  /**
   * The contact a command or card is about: the one it names, else the one
   * the window is bound to, else the only contact it can apply to.
   */
  #target(window: Window | undefined, origin: string, requested: number | string | null | undefined, messageType: CommandType | 'ContactCardData'): Target {
    const { state, subscriptions, frames } = this.host;
    // A contact the origin's policy hides does not exist for it: the same refusal as an
    // unknown id, with no detail that would tell them apart (the desktop itself sees all).
    const policy = window === undefined ? undefined : this.host.policies.for(origin);
    const visible = (contact: ContactEvent | undefined): contact is ContactEvent => contact !== undefined && (policy?.events === undefined || policy.events(contact));
    const panel = window === undefined ? undefined : frames.byWindow(window);
    // Else the contact the window is bound to: its subscription's, else its contact panel's.
    const bound = window === undefined ? null : (subscriptions.get(window)?.contactId ?? panel?.contactId ?? null);
    const wanted = requested === undefined || requested === null ? bound : Number(requested);
    // A contact panel acts on its own contact, as in MAX, unless its policy says anyContact.
    const own = panel?.kind === 'contactPanel' && policy?.anyContact !== true ? panel.contactId : null;
    if (own !== null && wanted !== own) return { ok: false, refusal: Refusal.NoSuchContact, detail: 'a contact panel acts on its own contact only' };
    if (wanted !== null) {
      const contact = state.contact(wanted);
      return visible(contact) ? { ok: true, contactId: wanted, contact } : { ok: false, refusal: Refusal.NoSuchContact, detail: 'no such contact' };
    }
    const candidates = state.contacts.filter((contact) =>
      visible(contact) && (messageType === 'ContactCardData' ? contact.Type === 'CallContactEvent' : appliesTo(messageType, contact)),
    );
    if (candidates.length === 1) {
      const contact = candidates[0] as ContactEvent;
      return { ok: true, contactId: contactIdOf(contact) as number, contact };
    }
    return candidates.length === 0
      ? { ok: false, refusal: Refusal.NoSuchContact, detail: 'no current contact it applies to' }
      : { ok: false, refusal: Refusal.AmbiguousContact, detail: `${candidates.length} contacts qualify; send a contactId` };
  }
}

/**
 * A card image, or `undefined` when it is refused: an absolute `https:` URL,
 * a URL that resolves to the sending page's own origin, or an inline raster
 * image (`data:image/png`, `jpeg`, `gif`, `webp`). A protocol-relative URL
 * (`//elsewhere.example/x.png`) is relative syntax that leaves the page's
 * origin, so it is refused; so is `data:image/svg+xml` (SVG can carry script).
 */
export function resolveImage(userImg: string, origin: string): string | undefined {
  if (/^data:/i.test(userImg)) return /^data:image\/(png|jpeg|gif|webp)[;,]/i.test(userImg) ? userImg : undefined;
  try {
    const absolute = /^[a-z][a-z0-9+.-]*:/i.test(userImg);
    const url = new URL(userImg, origin === 'null' ? undefined : origin);
    if (absolute) return url.protocol === 'https:' || (url.protocol === 'http:' && url.origin === origin) ? url.href : undefined;
    return url.origin === origin ? url.href : undefined;
  } catch {
    return undefined;
  }
}
