/**
 * Registration and unregistration (docs/protocol.md): what a
 * `RegisterForClientEvents` means for its frame (a reload, a duplicate, a
 * first registration), MAX's validation order, the origin's policy, and the
 * acknowledgement first, then the initial state. Subscriptions are added to
 * and dropped from the registry, their one owner.
 */
import type { ActionType, ServiceType } from '../protocol/actions.js';
import type { Emitter } from '../common/emitter.js';
import { Refusal } from '../protocol/errors.js';
import { AckReason, acknowledge, readRegistration } from '../protocol/max.js';
import type { RegisterForClientEvents } from '../protocol/max.js';
import type { ContactCenterState } from '../protocol/state.js';
import { Mailbox, negotiate } from './delivery.js';
import type { Delivery } from './delivery.js';
import type { FrameTracker } from './frames.js';
import type { HostLog } from './logger.js';
import type { OriginGate } from './origins.js';
import type { PolicyTable } from './policy.js';
import type { SubscriptionRegistry } from './registry.js';
import { Subscription } from './subscription.js';
import type { BridgeHostEventMap } from './types.js';

/** What registration needs of the host around it. */
export interface RegistrarParts {
  readonly issuer: string;
  readonly registry: SubscriptionRegistry;
  readonly frames: FrameTracker;
  readonly origins: OriginGate;
  readonly policies: PolicyTable;
  readonly delivery: Delivery;
  readonly state: ContactCenterState;
  readonly log: HostLog;
  readonly emitter: Emitter<BridgeHostEventMap>;
  /** The current session token, for the initial `SessionInfo`. */
  sessionToken(): string | null;
  /** The actions beyond MAX the host carries out (none without `beyondMax()`). */
  offered(): ReadonlySet<ActionType | ServiceType>;
  /** A message arrived on a subscription's private channel. */
  channelMessage(mailbox: Mailbox, data: unknown): void;
  /** Reports a refused message (`rejection` event) and logs it once per key. */
  reject(origin: string, refusal: Refusal, detail: string): void;
}

export class Registrar {
  constructor(readonly parts: RegistrarParts) {}

  register(window: Window, origin: string, message: RegisterForClientEvents): void {
    const { frames, registry, policies, log, emitter, delivery } = this.parts;
    const frame = frames.frameOf(window);
    const ownLoadPending = frames.admit(window, origin, message, frame);
    if (ownLoadPending === undefined) {
      // MAX's own warning, word for word (pages and integrators search for it), once per origin and issuer.
      log.once(`${origin}|${Refusal.DuplicateRegistration}|${String(message.issuer)}`, 'warn', Refusal.DuplicateRegistration, `Error processing Client Event Subscription. Issuer: [${String(message.issuer)}] is already subscribed.`);
      emitter.emit('rejection', { origin, refusal: Refusal.DuplicateRegistration, detail: 'already subscribed; unregister first' });
      return;
    }
    const result = readRegistration(message);
    if (!result.ok) {
      // What is echoed is capped: a registration may carry 100,000 bad types.
      return this.#refuse(window, origin, message.issuer, result.reason, Refusal.MalformedMessage, `${result.invalidValues.length} invalid value(s), the first:`, ...result.invalidValues.slice(0, 5));
    }
    const { registration } = result;
    const policy = policies.for(origin);
    const denied = [...registration.subscriptionTypes].filter((type) => !policy.subscriptionTypes.has(type));
    if (denied.length > 0) {
      const grant = `${denied.join(', ')} (grant it in the host's policies${denied.includes('sessioninfo') ? ' with sessionToken: true' : ''})`;
      return this.#refuse(window, origin, message.issuer, AckReason.NotPermitted, Refusal.NotPermitted, grant);
    }
    frames.accepted(frame);
    // A contact panel that gives no contact id is bound to its own contact.
    const contactId = registration.contactId ?? (frame?.kind === 'contactPanel' ? frame.contactId : null);
    const mailbox = new Mailbox(window, this.parts.origins.targetFor(origin), contactId, negotiate(message.ccbridge, policy, this.parts.offered()), (data) => this.parts.channelMessage(mailbox, data));
    const subscription = new Subscription(mailbox, origin, registration.issuer, registration.subscriptionTypes, contactId, policy, ownLoadPending);
    if (subscription.contact && contactId === null) {
      log.write('debug', Refusal.NoSuchContact, `${origin} subscribed to "contact" with no contact id outside a contact panel; it will receive no contact events`);
    }
    registry.add(subscription);
    const ack = acknowledge(contactId, AckReason.Success);
    delivery.enqueue(mailbox, ack);
    for (const item of subscription.initialState(this.parts.state, this.parts.sessionToken())) mailbox.queue.push(item);
    emitter.emit('registration', { ...subscription.info(), acknowledgement: ack });
  }

  unregister(window: Window, origin: string): void {
    const subscription = this.parts.registry.get(window);
    if (subscription === undefined || subscription.origin !== origin) {
      this.parts.reject(origin, Refusal.NotRegistered, 'UnregisterFromClientEvents from a window that is not subscribed');
      return;
    }
    this.parts.registry.drop(subscription, 'unregistered');
  }

  #refuse(window: Window, origin: string, issuer: string | undefined, reason: Exclude<AckReason, 'Success'>, code: Refusal, ...why: unknown[]): void {
    const { log, delivery, emitter } = this.parts;
    log.once(`${origin}|${code}|${reason}`, 'warn', code, `registration from ${origin} (issuer ${String(issuer)}) refused: ${reason}: ${String(why[0])}`, ...why.slice(1));
    // Nothing is stored: the page fixes its request and registers again.
    const ack = acknowledge(null, reason);
    delivery.post(window, this.parts.origins.targetFor(origin), { issuer: this.parts.issuer, contactId: null, events: [ack] });
    emitter.emit('registration', { origin, issuer, subscriptionTypes: [], contactId: null, acknowledgement: ack });
  }
}
