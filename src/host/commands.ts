/**
 * Commands and contact cards from pages: which contact they are about,
 * whether the origin may send them, and what the desktop's controller is
 * asked to do. Which action a MAX command means is decided by the shared
 * rules in protocol/commands.ts, which the client uses too.
 */
import type { Emitter } from '../common/emitter.js';
import { actionFor, appliesTo, applyAction, isRecording, revertAction } from '../protocol/commands.js';
import type { ContactAction, ContactFlags } from '../protocol/commands.js';
import { Refusal } from '../protocol/errors.js';
import { contactIdOf } from '../protocol/events.js';
import type { ContactEvent } from '../protocol/events.js';
import type { CommandMessage, CommandResult, CommandType, ContactCardData } from '../protocol/max.js';
import type { ContactCenterState } from '../protocol/state.js';
import type { HostLog, LogLevel } from './logger.js';
import type { Delivery } from './delivery.js';
import type { FrameTracker } from './frames.js';
import type { PolicyTable } from './policy.js';
import type { Subscription } from './subscription.js';
import type { BridgeHostEventMap, CommandReport } from './types.js';

export type { ContactAction };

export interface ContactCommand {
  readonly action: ContactAction;
  readonly contactId: number;
  /** The contact's latest event when the command was accepted. */
  readonly contact: ContactEvent;
}

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
  readonly subscriptions: ReadonlyMap<Window, Subscription>;
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
  /** Whether the agent is muted: from `Mute` events, and what the host passed on (agent-wide). */
  #muted = false;
  /** Contacts the host started recording, for platforms whose events do not say. */
  readonly #recording = new Set<number>();

  constructor(readonly host: CommandDeskHost) {}

  /** A command from a page: its policy is checked, and its result posted when it asked for one. */
  command(window: Window, origin: string, message: CommandMessage): void {
    this.run({ window, origin, issuer: message.issuer }, message.messageType, message.contactId, (report, detail) => this.#result(window, message, report, detail));
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
    const target = this.#target(window, requested, messageType);
    if (!target.ok) return refuse(target.refusal, target.detail);
    const { contactId, contact } = target;
    const flags = this.#flags(contactId);
    const action = actionFor(messageType, contact, flags);
    if (action === undefined) {
      const recording = isRecording(contact, flags) ? ', already recording' : '';
      return refuse(Refusal.InvalidInState, `not valid for contact ${contactId} now (${contact.Type}, status ${contact.Status}${recording})`, contactId);
    }
    applyAction(action, flags);
    this.#store(contactId, flags);
    const accepted = report(contactId, action, null);
    const failed = (error: unknown): void => {
      revertAction(action, flags);
      this.#store(contactId, flags);
      host.log.write('error', Refusal.ControllerFailed, `the controller failed to ${action} contact ${contactId}`, error);
      finish(report(contactId, action, Refusal.ControllerFailed), error instanceof Error ? error.message : String(error));
    };
    try {
      const outcome = controller({ action, contactId, contact }, { origin, issuer, messageType });
      if (outcome instanceof Promise) outcome.then(() => finish(accepted), failed);
      else finish(accepted);
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
    const target = this.#target(window, message.contactId, 'ContactCardData');
    if (!target.ok) {
      host.reject(origin, target.refusal, `ContactCardData: ${target.detail}`, 'warn');
      return;
    }
    const { name, userImg } = message.contactCardData;
    let image: string | undefined;
    if (userImg !== undefined && userImg !== '') {
      image = resolveImage(userImg, origin);
      if (image === undefined) {
        host.reject(origin, Refusal.InvalidContactCard, 'ContactCardData: userImg must be an http(s) URL or a data:image URL', 'warn');
        return;
      }
    }
    host.emitter.emit('contactCard', { contactId: target.contactId, name, userImg: image, origin, issuer: message.issuer });
  }

  /** A contact ended: forget what was remembered of it. */
  contactEnded(contactId: number): void {
    this.#recording.delete(contactId);
  }

  /** The agent's mute state, as the platform reported it (a `Mute` event). */
  get muted(): boolean {
    return this.#muted;
  }

  set muted(muted: boolean) {
    if (muted === this.#muted) return;
    this.#muted = muted;
    this.host.emitter.emit('mute', { muted });
  }

  #flags(contactId: number): ContactFlags {
    return { muted: this.#muted, recording: this.#recording.has(contactId) };
  }

  #store(contactId: number, flags: ContactFlags): void {
    this.muted = flags.muted;
    if (flags.recording) this.#recording.add(contactId);
    else this.#recording.delete(contactId);
  }

  /** Answers a command that asked for a result, when its page negotiated `results`. */
  #result(window: Window, message: CommandMessage, { contactId, action, refusal }: CommandReport, detail?: string): void {
    const requestId = message.ccbridge?.requestId;
    const subscription = this.host.subscriptions.get(window);
    if (requestId === undefined || subscription?.mailbox.extensions?.results !== true) return;
    const result: CommandResult = { messageType: 'CommandResult', requestId, status: refusal === null ? 'OK' : 'REFUSED', contactId, action, refusal, ...(detail === undefined ? {} : { detail }) };
    this.host.delivery.enqueue(subscription.mailbox, result);
  }

  /**
   * The contact a command or card is about: the one it names, else the one
   * the window is bound to, else the only contact it can apply to.
   */
  #target(window: Window | undefined, requested: number | string | null | undefined, messageType: CommandType | 'ContactCardData'): Target {
    const { state, subscriptions, frames } = this.host;
    // Else the contact the window is bound to: its subscription's, else its contact panel's.
    const bound = window === undefined ? null : (subscriptions.get(window)?.contactId ?? frames.byWindow(window)?.contactId ?? null);
    const wanted = requested === undefined || requested === null ? bound : Number(requested);
    if (wanted !== null) {
      const contact = state.contact(wanted);
      return contact === undefined
        ? { ok: false, refusal: Refusal.NoSuchContact, detail: `contact ${wanted} is not current` }
        : { ok: true, contactId: wanted, contact };
    }
    const candidates = state.contacts.filter((contact) =>
      messageType === 'ContactCardData' ? contact.Type === 'CallContactEvent' : appliesTo(messageType, contact),
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

/** A card image: relative to the page that sent it; only web images and inline images. */
export function resolveImage(userImg: string, origin: string): string | undefined {
  if (/^data:image\//i.test(userImg)) return userImg;
  try {
    const url = new URL(userImg, origin === 'null' ? undefined : origin);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
