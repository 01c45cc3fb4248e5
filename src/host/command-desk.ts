/**
 * Commands and contact cards from pages: which contact they are about,
 * whether the origin may send them, and what the desktop's controller is
 * asked to do. Which action a MAX command means is decided by the shared
 * rules in protocol/command-rules.ts, which the client uses too.
 */
import type { Emitter } from '../common/emitter.js';
import { actionFor, appliesTo, isRecording } from '../protocol/command-rules.js';
import type { ContactAction } from '../protocol/command-rules.js';
import { ACTION_VERSIONS, AgentStateOptions, WrapUpOptions, dialable, grantOf } from '../protocol/actions.js';
import type { ActionMessage, ActionMessageType, ActionName, ActionRequest } from '../protocol/actions.js';
import { read } from '../protocol/shape.js';
import { Refusal } from '../protocol/errors.js';
import { contactIdOf, isTrue, toContactId } from '../protocol/rules.js';
import type { ContactEvent } from '../protocol/events.js';
import type { CommandResult } from '../protocol/envelope.js';
import type { CommandMessage, CommandType, ContactCardData } from '../protocol/max.js';
import type { ContactCenterState } from '../protocol/state.js';
import type { HostLog, LogLevel } from './logger.js';
import type { Delivery } from './delivery.js';
import type { FrameTracker } from './frames.js';
import type { PolicyTable } from './policy.js';
import type { SubscriptionRegistry } from './registry.js';
import type { Subscription } from './subscription.js';
import type { RateLimitOptions } from './rate-limit.js';
import type { ActionReport, BridgeHostEventMap, CommandReport } from './types.js';

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

/** Who asked for an action beyond MAX: the page's origin and issuer, and its message. */
export interface ActionContext {
  readonly origin: string;
  readonly issuer: string | undefined;
  readonly messageType: ActionMessageType;
}

/**
 * Carries out an action beyond MAX on the platform (a dial, an agent state).
 * It may refuse: a rejected promise or a throw refuses the action
 * (`CONTROLLER_FAILED`, with the error's message as the detail). This is
 * where a desktop puts its own rules (the agent must confirm a dial, no
 * dialling while on a call…).
 */
export type ActionController = (request: ActionRequest, context: ActionContext) => void | Promise<unknown>;

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
  /** The desktop's controller of actions beyond MAX, or the attached source's, if any. */
  readonly actionController: ActionController | undefined;
  /** Reports a refused message (`rejection` event) and logs it once per key. */
  reject(origin: string, refusal: Refusal, detail: string, level: LogLevel): void;
}

/** A request's outcome, kept to answer a repeat of its id: posts the first result again. */
type Outcome = () => void;

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
  readonly #budget: CommandBudget | undefined;
  /** The outcome of each command with a requestId, per subscription (a reloaded page starts afresh). */
  readonly #answered = new WeakMap<Subscription, Map<number, Outcome | undefined>>();

  constructor(
    readonly host: CommandDeskHost,
    commandRate: RateLimitOptions | false = {},
  ) {
    this.#budget = commandRate === false ? undefined : new CommandBudget(commandRate.messages ?? 10, commandRate.perMs ?? 1000);
  }

  /**
   * A command from a page: its policy is checked, and its result posted when
   * it asked for one. A `requestId` the page's subscription has used before
   * is answered with the first result, not carried out again (a replayed or
   * retried message must not hang up twice).
   */
  command(window: Window, origin: string, message: CommandMessage): void {
    const requestId = message.ccbridge?.requestId;
    const answered = this.#firstTime(window, origin, message.messageType, requestId);
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
  #firstTime(window: Window, origin: string, messageType: string, requestId: number | undefined): ((outcome: Outcome) => void) | undefined | false {
    const subscription = this.host.subscriptions.get(window);
    if (requestId === undefined || subscription === undefined) return undefined;
    let answered = this.#answered.get(subscription);
    if (answered === undefined) this.#answered.set(subscription, (answered = new Map()));
    if (answered.has(requestId)) {
      answered.get(requestId)?.();
      this.host.log.once(`${origin}|replay|${messageType}`, 'warn', Refusal.DuplicateRequest, `${messageType} from ${origin} repeats requestId ${requestId}: answered with the first result, not carried out again`);
      return false;
    }
    answered.set(requestId, undefined);
    // Bounded: the oldest ids are forgotten first.
    if (answered.size > 512) answered.delete(answered.keys().next().value as number);
    const kept = answered;
    return (outcome) => void kept.set(requestId, outcome);
  }

  /**
   * An action beyond MAX from a page (actions.ts): the page must have asked
   * for actions at registration and its origin be granted this one; a `Dial`
   * needs a dialable number its origin's `dialPatterns` allow; then it goes,
   * within the origin's budget of commands, to the action controller, which
   * may refuse. Always answered with a `CommandResult`; reported on the
   * `action` event.
   */
  action(window: Window, origin: string, message: ActionMessage): void {
    const { host } = this;
    const { messageType, issuer } = message;
    const requestId = message.ccbridge.requestId;
    const answered = this.#firstTime(window, origin, messageType, requestId);
    if (answered === false) return;
    const finish = (request: ActionRequest | null, refusal: Refusal | null, detail?: string, data?: unknown): void => {
      const report: ActionReport = { origin, issuer, messageType, request, refusal, ...(detail === undefined ? {} : { detail }) };
      host.emitter.emit('action', report);
      const answer = (): void => this.#answer(window, requestId, refusal, request?.action ?? null, detail, data);
      answered?.(answer);
      answer();
    };
    const refuse = (refusal: Refusal, detail: string, request: ActionRequest | null = null): void => {
      host.log.once(`${origin}|${refusal}|${messageType}`, 'warn', refusal, `${messageType} from ${origin} refused: ${detail}`);
      finish(request, refusal, detail);
    };
    const subscription = host.subscriptions.get(window);
    if (subscription === undefined) return refuse(Refusal.NotRegistered, 'register first, asking for actions');
    if (!Array.isArray(subscription.mailbox.extensions?.actions)) return refuse(Refusal.NotPermitted, 'the page did not ask for actions at registration (ccbridge.actions: true)');
    const policy = host.policies.for(origin);
    if (!policy.actions.has(grantOf(messageType))) return refuse(Refusal.NotPermitted, `the origin is not granted ${grantOf(messageType)}`);
    if (message.version > ACTION_VERSIONS[messageType]) return refuse(Refusal.UnsupportedVersion, `this desktop speaks ${messageType} version ${ACTION_VERSIONS[messageType]}, not ${message.version}`);
    let request: ActionRequest;
    if (message.messageType === 'Dial') {
      const phoneNumber = dialable(message.phoneNumber);
      if (phoneNumber === undefined) return refuse(Refusal.InvalidNumber, 'a number is an optional + and 2 to 20 digits (spaces, dots, dashes and brackets aside)');
      if (policy.dialPatterns !== undefined && !policy.dialPatterns.some((pattern) => pattern.test(phoneNumber))) {
        return refuse(Refusal.InvalidNumber, 'the number is not one the origin may dial (its dialPatterns)');
      }
      request = { action: 'dial', phoneNumber, ...(message.skill === undefined ? {} : { skill: message.skill }), ...(message.variables === undefined ? {} : { variables: message.variables }) };
    } else if (message.messageType === 'SetAgentState') {
      request = { action: 'setState', state: message.state, ...(message.reason === undefined || message.reason === '' ? {} : { reason: message.reason }) };
    } else if (message.messageType === 'GetAgentStateOptions') {
      request = { action: 'agentStateOptions' };
    } else if (message.messageType === 'GetWrapUpOptions') {
      // A current contact, or the one that ended last; its skill's lists.
      const { state } = host;
      const ended = state.lastEnded;
      const requested = message.contactId === undefined || message.contactId === null ? null : toContactId(message.contactId);
      const contact = requested === null ? ended : (state.contact(requested) ?? (ended !== undefined && contactIdOf(ended) === requested ? ended : undefined));
      const contactId = contact === undefined ? null : contactIdOf(contact);
      if (contact === undefined || contactId === null || (policy.events !== undefined && !policy.events(contact))) return refuse(Refusal.NoSuchContact, 'no such contact');
      const skill = contact['Skill'];
      if (typeof skill !== 'string' && typeof skill !== 'number') return refuse(Refusal.NoSuchContact, `contact ${contactId} has no skill`);
      request = { action: 'wrapUpOptions', contactId, skill: String(skill) };
    } else {
      // After-call work: the agent's state says so, and it is for the contact that ended last.
      const { state } = host;
      if (!isTrue(state.agentState?.['IsAcw'])) return refuse(Refusal.InvalidInState, 'the agent is not in after-call work');
      const ended = state.lastEnded;
      const endedId = ended === undefined ? null : contactIdOf(ended);
      const wanted = message.contactId === undefined || message.contactId === null ? endedId : toContactId(message.contactId);
      if (ended === undefined || endedId === null || wanted !== endedId || (policy.events !== undefined && !policy.events(ended))) return refuse(Refusal.NoSuchContact, 'not the contact in after-call work');
      const skill = ended['Skill'];
      request = {
        action: 'endWrapUp',
        contactId: endedId,
        ...(typeof skill === 'string' || typeof skill === 'number' ? { skill: String(skill) } : {}),
        ...(message.dispositionId === undefined ? {} : { dispositionId: message.dispositionId }),
        ...(message.notes === undefined || message.notes === '' ? {} : { notes: message.notes }),
        ...(message.tags === undefined || message.tags.length === 0 ? {} : { tags: [...new Set(message.tags)] }),
      };
    }
    const controller = host.actionController;
    if (controller === undefined) return refuse(Refusal.NoController, 'the desktop supplied no controller for actions', request);
    if (this.#budget !== undefined && !this.#budget.take(origin)) return refuse(Refusal.RateLimited, 'over its budget of commands to the platform', request);
    const failed = (error: unknown): void => {
      const why = error instanceof Error ? error.message : String(error);
      host.log.once(`${origin}|${Refusal.ControllerFailed}|${request.action}`, 'warn', Refusal.ControllerFailed, `the controller failed to ${request.action}: ${why}`);
      finish(request, Refusal.ControllerFailed, why);
    };
    // A query's answer is checked against its statement before a page sees it.
    const done = (value: unknown): void => {
      if (request.action !== 'wrapUpOptions' && request.action !== 'agentStateOptions') return finish(request, null);
      const options = request.action === 'wrapUpOptions' ? read(WrapUpOptions, value) : read(AgentStateOptions, value);
      if (options === undefined) return failed(new Error(`the controller answered ${request.action} that do not fit its statement (docs/protocol.md#actions-beyond-max)`));
      finish(request, null, undefined, options);
    };
    try {
      const outcome = controller(request, { origin, issuer, messageType });
      if (outcome instanceof Promise) outcome.then(done, failed);
      else done(outcome);
    } catch (error) {
      failed(error);
    }
  }

  /** Posts an action's `CommandResult`. */
  #answer(window: Window, requestId: number, refusal: Refusal | null, action: ActionName | null, detail: string | undefined, data: unknown): void {
    const subscription = this.host.subscriptions.get(window);
    if (subscription === undefined) return;
    const result: CommandResult = { messageType: 'CommandResult', requestId, status: refusal === null ? 'OK' : 'REFUSED', contactId: null, action, refusal, ...(detail === undefined ? {} : { detail }), ...(data === undefined ? {} : { data }) };
    this.host.delivery.enqueue(subscription.mailbox, result);
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

/** A token bucket per origin: `capacity` commands, refilled at `capacity` per `perMs`. */
class CommandBudget {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    readonly capacity: number,
    readonly perMs: number,
  ) {}

  take(origin: string): boolean {
    const now = performance.now();
    const bucket = this.#buckets.get(origin) ?? { tokens: this.capacity, at: now };
    bucket.tokens = Math.min(this.capacity, bucket.tokens + ((now - bucket.at) * this.capacity) / this.perMs);
    bucket.at = now;
    this.#buckets.set(origin, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
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
