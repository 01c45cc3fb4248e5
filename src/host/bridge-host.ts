/**
 * The desktop side of the MAX client-events protocol.
 *
 * What it guarantees, and why:
 * 1. Only origins on an exact allow-list are heard (default: the origins of
 *    the frames the host created). Anything else is dropped before parsing.
 * 2. Every message is parsed with the protocol's zod schemas; bad input is
 *    reported (ERROR acknowledgement or a log line) and changes nothing.
 *    Nothing a page sends can throw out of the message listener.
 * 3. A subscription is pinned to the window and origin that registered, and
 *    every reply names that origin as its target: a frame that navigates to
 *    another origin receives nothing further, because the browser drops it.
 * 4. The acknowledgement is the first item of the first envelope, followed by
 *    the initial state, then live events — the order MAX pages rely on.
 * 5. Events that arrive in one task leave in one envelope per window: queued
 *    and flushed in a microtask (never requestAnimationFrame, which hidden
 *    frames and background tabs do not get).
 */
import { BridgeError, ErrorCode, Refusal } from '../protocol/errors.js';
import { contactIdOf, describeIssues, parsePlatformEvent } from '../protocol/events.js';
import type { ContactEvent, PlatformEvent } from '../protocol/events.js';
import { AckReason, ChildMessage, COMMAND_TYPES, EXTENSIONS_VERSION, acknowledge, readRegistration } from '../protocol/max.js';
import type {
  ChildMessage as ChildMessageType,
  CommandMessage,
  CommandResult,
  CommandType,
  ContactCardData,
  Envelope,
  EnvelopeItem,
  RegisterForClientEvents,
  SessionInfo,
  SubscriptionType,
} from '../protocol/max.js';
import { ContactCenterState } from '../protocol/state.js';
import type { StateChange } from '../protocol/state.js';
import { actionFor, appliesTo, applyAction, isRecording, revertAction } from '../protocol/commands.js';
import type { ContactAction, ContactFlags } from '../protocol/commands.js';
import type { DesktopController } from './commands.js';
import { panelUrl } from './contact-panels.js';
import type { ContactPanelOptions } from './contact-panels.js';
import { Emitter } from '../protocol/emitter.js';
import { FrameRegistry, findIframe } from './frames.js';
import type { FrameKind, LoadingState, TrackedFrame } from './frames.js';
import { OnceLog, consoleLogger } from './logger.js';
import type { Logger } from './logger.js';
import { OriginGate, assertOrigin } from './origins.js';
import { resolvePolicy } from './policy.js';
import type { OriginPolicy, ResolvedPolicy } from './policy.js';
import { Subscription } from './subscription.js';
import type { Source, SourceStatus } from '../sources/source.js';
import type { Dialect, DialectFactory } from './dialect.js';

export interface BridgeHostOptions {
  /** The `issuer` of every envelope. Real hosts use `'MAX'`, `'CXA'`, `'CXoneAgent'`. Default `'MAX'`. */
  readonly issuer?: string;
  /**
   * Origins allowed besides those of the frames the host creates or adopts,
   * spelled exactly as `MessageEvent.origin` (`https://crm.example.com`).
   * `'any'` hears every origin (replies still go to the exact origin): for
   * development only.
   */
  readonly allowedOrigins?: readonly string[] | 'any';
  /**
   * Hear opaque origins (`"null"`: sandboxed frames without
   * `allow-same-origin`, `file:` pages). Replies to them must be posted with
   * `'*'`, so this is off unless a deployment opts in.
   */
  readonly allowOpaqueOrigins?: boolean;
  /** Per-origin rights. An origin named here is also allowed. */
  readonly policies?: ReadonlyMap<string, OriginPolicy> | Readonly<Record<string, OriginPolicy>>;
  /** Rights of allowed origins that have no entry in `policies`. */
  readonly defaultPolicy?: OriginPolicy;
  /**
   * Carries out the commands pages send (answer, hold, …). Default: the
   * source's `execute`, when there is a source; otherwise commands are refused.
   */
  readonly controller?: DesktopController;
  /** Where platform events come from (CXone comet, XUC, the simulator). The desktop starts and stops it. */
  readonly source?: Source;
  /** Other dialects to speak besides MAX, e.g. `aiccDialect()` from `ccbridge/host/aicc`. */
  readonly dialects?: readonly DialectFactory[];
  /** Open a frame for each new contact and close it when the contact ends. */
  readonly contactPanels?: ContactPanelOptions;
  readonly log?: Logger;
  /** The desktop window to listen on. Default: `globalThis.window`. */
  readonly window?: Window;
}

export interface FrameOptions {
  readonly url: string | URL;
  readonly container: Element;
  readonly kind?: FrameKind;
  /** The contact of a contact panel. */
  readonly contactId?: number;
  /** The frame's accessible title. */
  readonly title?: string;
}

export interface AdoptOptions {
  readonly kind?: FrameKind;
  readonly contactId?: number;
  /** Allow the origin of the frame's current `src`, as for frames the host creates. Default true. */
  readonly allowOrigin?: boolean;
  /** Set when the frame is still loading its first document. Default: unknown. */
  readonly loading?: boolean;
}

export interface SubscriptionInfo {
  readonly origin: string;
  readonly issuer: string | undefined;
  readonly subscriptionTypes: readonly SubscriptionType[];
  readonly contactId: number | null;
}

export interface ContactCard {
  readonly contactId: number;
  readonly name: string;
  /** Absolute URL (a relative one is resolved against the sender's origin). */
  readonly userImg: string | undefined;
  readonly origin: string;
  readonly issuer: string | undefined;
}

export type UnsubscribeCause = 'unregistered' | 'reloaded' | 'navigated' | 'removed' | 'disposed';

export interface BridgeHostEventMap {
  registration: SubscriptionInfo & { readonly acknowledgement: ReturnType<typeof acknowledge> };
  unsubscription: SubscriptionInfo & { readonly cause: UnsubscribeCause };
  delivery: { readonly origin: string; readonly issuer: string | undefined; readonly envelope: Envelope };
  rejection: { readonly origin: string; readonly refusal: Refusal; readonly detail: string };
  command: {
    readonly origin: string;
    readonly issuer: string | undefined;
    readonly messageType: CommandType;
    readonly contactId: number | null;
    readonly action: ContactAction | null;
    readonly refusal: Refusal | null;
  };
  contactCard: ContactCard;
  state: StateChange;
  /** The attached source's status changed. */
  source: SourceStatus;
}

const commandTypes: ReadonlySet<string> = new Set(COMMAND_TYPES);

export class BridgeHost {
  readonly issuer: string;
  readonly #window: Window;
  readonly #origins: OriginGate;
  readonly #policies: ReadonlyMap<string, ResolvedPolicy>;
  readonly #defaultPolicy: ResolvedPolicy;
  #controller: DesktopController | undefined;
  readonly #dialects: readonly Dialect[];
  readonly #detachSource: (() => void)[] = [];
  readonly #panels: ContactPanelOptions | undefined;
  readonly #log: Logger;
  readonly #once = new OnceLog();
  readonly #emitter = new Emitter<BridgeHostEventMap>();
  readonly #state = new ContactCenterState();
  readonly #frames = new FrameRegistry();
  readonly #subscriptions = new Map<Window, Subscription>();
  readonly #flags = new Map<number, ContactFlags>();
  readonly #panelFrames = new Map<number, HTMLIFrameElement>();
  readonly #pending = new Set<Subscription>();
  readonly #afterFlush: (() => void)[] = [];
  #flushScheduled = false;
  #sessionToken: string | null = null;
  #disposed = false;

  constructor(options: BridgeHostOptions = {}) {
    this.issuer = options.issuer ?? 'MAX';
    this.#window = options.window ?? globalThis.window;
    this.#log = options.log ?? consoleLogger;
    this.#controller = options.controller;
    this.#panels = options.contactPanels;
    const policyEntries =
      options.policies instanceof Map ? [...options.policies] : Object.entries(options.policies ?? {});
    for (const [origin] of policyEntries) assertOrigin(origin, 'policies');
    const configured = options.allowedOrigins ?? [];
    this.#origins = new OriginGate(
      configured === 'any' ? 'any' : [...configured, ...policyEntries.map(([origin]) => origin)],
      options.allowOpaqueOrigins === true,
    );
    this.#policies = new Map(policyEntries.map(([origin, policy]) => [origin, resolvePolicy(policy)]));
    this.#defaultPolicy = resolvePolicy(options.defaultPolicy);
    const context = { issuer: this.issuer, log: this.#log, policyFor: (origin: string) => this.#policyFor(origin), targetFor: (origin: string) => this.#origins.targetFor(origin), on: this.on.bind(this) };
    this.#dialects = (options.dialects ?? []).map((dialect) => dialect(context));
    this.#window.addEventListener('message', this.#onMessage);
    if (options.source !== undefined) this.attachSource(options.source);
  }

  /**
   * Feeds the host from `source`: its events are dispatched, its session
   * token becomes the `SessionInfo` token, and (unless the desktop gave a
   * controller) commands go to `source.execute`. Returns a detach function.
   */
  attachSource(source: Source): () => void {
    this.#assertLive();
    const unsubscribe = [
      source.on('events', (events) => {
        try {
          this.dispatch(events);
        } catch (error) {
          this.#log.error('ccbridge: the source sent events the host refused', error);
        }
      }),
      source.on('sessionToken', (token) => this.setSessionToken(token)),
      source.on('status', (status) => this.#emitter.emit('source', status)),
    ];
    const ownController = this.#controller === undefined;
    if (ownController) this.#controller = ({ action, contactId }) => source.execute({ action, contactId });
    const detach = (): void => {
      unsubscribe.forEach((stop) => stop());
      if (ownController) this.#controller = undefined;
    };
    this.#detachSource.push(detach);
    return detach;
  }

  // ---- The desktop's API ----

  /** Listen to what the host does: registrations, deliveries, rejections, commands, cards, state. */
  on<K extends keyof BridgeHostEventMap>(type: K, listener: (detail: BridgeHostEventMap[K]) => void): () => void {
    return this.#emitter.on(type, listener);
  }

  /**
   * Feeds platform events in (from a source, or by hand). All events are
   * validated first; if any is invalid a `BridgeError` (`INVALID_EVENT`) is
   * thrown and none is applied, so a bad batch changes nothing.
   */
  dispatch(events: Iterable<unknown>): void {
    this.#assertLive();
    const valid: PlatformEvent[] = [];
    const problems: string[] = [];
    let index = 0;
    for (const value of events) {
      const result = parsePlatformEvent(value);
      if (result.success) valid.push(result.data);
      else problems.push(`event ${index}: ${result.error}`);
      index += 1;
    }
    if (problems.length > 0) {
      throw new BridgeError(ErrorCode.InvalidEvent, `ccbridge: rejected ${problems.length} invalid event(s); none was applied.\n${problems.join('\n')}`, problems);
    }
    for (const event of valid) this.#apply(event);
  }

  /** Sets the agent session token; granted subscribers get a `SessionInfo` when it changes. */
  setSessionToken(sessionToken: string | null): void {
    this.#assertLive();
    if (sessionToken === this.#sessionToken) return;
    this.#sessionToken = sessionToken;
    if (sessionToken === null) return;
    const info: SessionInfo = { messageType: 'SessionInfo', sessionToken };
    for (const subscription of this.#subscriptions.values()) {
      if (subscription.receivesToken) this.#enqueue(subscription, info);
    }
  }

  get agentState(): PlatformEvent | undefined {
    return this.#state.agentState;
  }

  /** The latest event of every current contact, oldest first. */
  get contacts(): readonly ContactEvent[] {
    return this.#state.contacts;
  }

  get subscriptions(): readonly SubscriptionInfo[] {
    return [...this.#subscriptions.values()].map(describe);
  }

  /** Creates a frame, allows its origin, and tracks it (reloads, removal, contact panels). */
  createFrame(options: FrameOptions): HTMLIFrameElement {
    this.#assertLive();
    const url = new URL(options.url, this.#window.location.href);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new BridgeError(ErrorCode.InvalidOption, `createFrame: only http(s) pages can be framed, got ${url.protocol}`);
    }
    const iframe = this.#window.document.createElement('iframe');
    if (options.title !== undefined) iframe.title = options.title;
    iframe.src = url.href;
    this.#track(iframe, options.kind ?? 'workspace', options.contactId ?? null, url.origin, true);
    options.container.append(iframe);
    return iframe;
  }

  /** Tracks an `<iframe>` the desktop made itself, allowing its origin unless told not to. */
  adoptFrame(iframe: HTMLIFrameElement, options: AdoptOptions = {}): void {
    this.#assertLive();
    if (this.#frames.get(iframe) !== undefined) return;
    const origin = options.allowOrigin === false || iframe.src === '' ? null : new URL(iframe.src, this.#window.location.href).origin;
    this.#track(iframe, options.kind ?? 'workspace', options.contactId ?? null, origin, options.loading ?? 'unknown');
  }

  /** Removes a frame: its subscription ends and its origin is released. */
  removeFrame(iframe: HTMLIFrameElement): void {
    this.#untrack(iframe);
    iframe.remove();
  }

  /** Stops listening, drops every subscription and closes the contact panels it opened. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#window.removeEventListener('message', this.#onMessage);
    for (const detach of this.#detachSource.splice(0)) detach();
    for (const dialect of this.#dialects) dialect.dispose();
    for (const subscription of [...this.#subscriptions.values()]) this.#drop(subscription, 'disposed');
    for (const iframe of this.#panelFrames.values()) this.removeFrame(iframe);
    for (const frame of [...this.#frames.values()]) this.#untrack(frame.element);
    this.#emitter.clear();
  }

  // ---- Receiving ----

  readonly #onMessage = (event: MessageEvent): void => {
    try {
      this.#receive(event);
    } catch (error) {
      // Belt and braces: nothing a page posts may throw into the desktop.
      this.#log.error('ccbridge: unexpected error while handling a message', error);
    }
  };

  #receive(event: MessageEvent): void {
    const source = event.source;
    if (!isWindow(source) || source === this.#window) return;
    const origin = event.origin;
    this.#sweepDetachedFrames();
    if (!this.#origins.allows(origin)) {
      this.#reject(origin, Refusal.OriginNotAllowed, 'origin is not on the allow-list', 'debug');
      return;
    }
    for (const dialect of this.#dialects) if (dialect.receive(source, origin, event.data)) return;
    const parsed = ChildMessage.safeParse(event.data);
    if (!parsed.success) {
      // A MAX message type with bad fields is a protocol error worth a warning;
      // anything else is probably another library's traffic: debug only.
      const type = messageTypeOf(event.data);
      const known = type === 'RegisterForClientEvents' || type === 'UnregisterFromClientEvents' || type === 'ContactCardData' || commandTypes.has(type ?? '');
      const refusal = type === 'ContactCardData' ? Refusal.InvalidContactCard : Refusal.MalformedMessage;
      this.#reject(origin, refusal, known ? `invalid ${type}: ${describeIssues(parsed.error.issues)}` : 'not a MAX client message', known ? 'warn' : 'debug', known ? type : '');
      return;
    }
    this.#handle(source, origin, parsed.data);
  }

  #handle(window: Window, origin: string, message: ChildMessageType): void {
    switch (message.messageType) {
      case 'RegisterForClientEvents':
        this.#register(window, origin, message);
        return;
      case 'UnregisterFromClientEvents':
        this.#unregister(window, origin);
        return;
      case 'ContactCardData':
        this.#contactCard(window, origin, message);
        return;
      default:
        this.#command(window, origin, message);
    }
  }

  /**
   * A message on a subscription's private channel. Only the page that
   * registered holds the other end, so it speaks with that page's window and
   * origin; it is validated like any other message.
   */
  #onPortMessage(subscription: Subscription, data: unknown): void {
    try {
      if (this.#subscriptions.get(subscription.window) !== subscription) return;
      const parsed = ChildMessage.safeParse(data);
      if (!parsed.success) {
        this.#reject(subscription.origin, Refusal.MalformedMessage, `invalid message on the private channel: ${describeIssues(parsed.error.issues)}`, 'warn', 'port');
        return;
      }
      this.#handle(subscription.window, subscription.origin, parsed.data);
    } catch (error) {
      this.#log.error('ccbridge: unexpected error while handling a channel message', error);
    }
  }

  // ---- Registration ----

  #register(window: Window, origin: string, message: RegisterForClientEvents): void {
    const frame = this.#frameOf(window);
    const existing = this.#subscriptions.get(window);
    // Whether the next `load` of this window's frame may be the registering
    // document's own: after a navigation or an unregistration we cannot tell
    // whether the new document has finished loading.
    let loadUnknown = frame?.unregisteredSinceLoad === true;
    if (existing !== undefined) {
      if (existing.origin !== origin) {
        // Same window, new origin: the registered document is gone.
        this.#drop(existing, 'navigated');
        loadUnknown = true;
      } else if (this.#replaceable.has(existing)) {
        // A load happened since this subscription, of a document we could not
        // tell apart from the registering one: treat this as the new document.
        this.#drop(existing, 'reloaded');
      } else {
        this.#log.warn(`Error processing Client Event Subscription. Issuer: [${String(message.issuer)}] is already subscribed.`);
        // Kept: if the frame loads next, this came from the reloaded document.
        if (frame !== undefined) frame.held = { message, origin };
        this.#emitter.emit('rejection', { origin, refusal: Refusal.DuplicateRegistration, detail: 'already subscribed; unregister first' });
        return;
      }
    }
    const result = readRegistration(message);
    if (!result.ok) {
      this.#log.warn(`ccbridge: registration from ${origin} (issuer ${String(message.issuer)}) refused: ${result.reason}; invalid value(s):`, ...result.invalidValues);
      this.#refuseRegistration(window, origin, message.issuer, result.reason);
      return;
    }
    const { registration } = result;
    const policy = this.#policyFor(origin);
    const denied = [...registration.subscriptionTypes].filter((type) => !policy.subscriptionTypes.has(type));
    if (denied.length > 0) {
      this.#log.warn(`ccbridge: registration from ${origin} refused: ${AckReason.NotPermitted}: ${denied.join(', ')} (grant it in the host's policies${denied.includes('sessioninfo') ? ' with sessionToken: true' : ''})`);
      this.#refuseRegistration(window, origin, message.issuer, AckReason.NotPermitted);
      return;
    }
    if (frame !== undefined) frame.held = undefined;
    // A contact panel that gives no contact id is bound to its own contact.
    const contactId = registration.contactId ?? (frame?.kind === 'contactPanel' ? frame.contactId : null);
    const loading: LoadingState = loadUnknown ? 'unknown' : (frame?.loading ?? false);
    const subscription = new Subscription(window, origin, this.#origins.targetFor(origin), registration.issuer, registration.subscriptionTypes, contactId, policy, loading);
    if (subscription.contact && contactId === null) {
      this.#log.debug(`ccbridge: ${origin} subscribed to "contact" with no contact id outside a contact panel; it will receive no contact events`);
    }
    const asked = message.ccbridge;
    if (asked !== undefined && asked.version >= EXTENSIONS_VERSION) {
      subscription.extensions = { version: EXTENSIONS_VERSION, channel: asked.channel === true, results: asked.results === true, sequence: asked.sequence === true };
      if (asked.channel === true) {
        const channel = new MessageChannel();
        subscription.port = channel.port1;
        subscription.transfer = channel.port2;
        channel.port1.onmessage = (event: MessageEvent) => this.#onPortMessage(subscription, event.data);
      }
    }
    this.#subscriptions.set(window, subscription);
    const ack = acknowledge(contactId, AckReason.Success);
    this.#enqueue(subscription, ack);
    for (const item of this.#initialState(subscription)) subscription.queue.push(item);
    this.#emitter.emit('registration', { ...describe(subscription), acknowledgement: ack });
  }

  #refuseRegistration(window: Window, origin: string, issuer: string | undefined, reason: Exclude<AckReason, 'Success'>): void {
    // Nothing is stored: the page fixes its request and registers again.
    const ack = acknowledge(null, reason);
    this.#post(window, this.#origins.targetFor(origin), { issuer: this.issuer, contactId: null, events: [ack] });
    this.#emitter.emit('registration', { origin, issuer, subscriptionTypes: [], contactId: null, acknowledgement: ack });
  }

  /** Initial state per subscription type (SPEC §2), filtered by the origin's policy. */
  #initialState(subscription: Subscription): EnvelopeItem[] {
    const items: PlatformEvent[] = [];
    const agentState = this.#state.agentState;
    if ((subscription.all || subscription.agent) && agentState !== undefined) items.push(agentState);
    if (subscription.all || subscription.contacts) items.push(...this.#state.contacts);
    else if (subscription.contact && subscription.contactId !== null) {
      const contact = this.#state.contact(subscription.contactId);
      if (contact !== undefined) items.push(contact);
    }
    const { events } = subscription.policy;
    const allowed: EnvelopeItem[] = events === undefined ? items : items.filter(events);
    if (subscription.receivesToken && this.#sessionToken !== null) {
      allowed.push({ messageType: 'SessionInfo', sessionToken: this.#sessionToken });
    }
    return allowed;
  }

  /** The tracked frame of `window`, tracking it now if it is an `<iframe>` of this document. */
  #frameOf(window: Window): TrackedFrame | undefined {
    const frame = this.#frames.byWindow(window);
    if (frame !== undefined) return frame;
    const element = findIframe(this.#window.document, window);
    if (element === undefined) return undefined;
    this.#track(element, 'workspace', null, null, 'unknown');
    return this.#frames.get(element);
  }

  #unregister(window: Window, origin: string): void {
    const subscription = this.#subscriptions.get(window);
    if (subscription === undefined || subscription.origin !== origin) {
      this.#reject(origin, Refusal.NotRegistered, 'UnregisterFromClientEvents from a window that is not subscribed', 'debug');
      return;
    }
    this.#drop(subscription, 'unregistered');
  }

  #drop(subscription: Subscription, cause: UnsubscribeCause): void {
    if (this.#subscriptions.get(subscription.window) !== subscription) return;
    this.#subscriptions.delete(subscription.window);
    this.#pending.delete(subscription);
    this.#replaceable.delete(subscription);
    subscription.queue = [];
    subscription.close();
    if (cause === 'unregistered') {
      const frame = this.#frames.byWindow(subscription.window);
      if (frame !== undefined) frame.unregisteredSinceLoad = true;
    }
    this.#emitter.emit('unsubscription', { ...describe(subscription), cause });
  }

  // ---- Frames and reloads ----

  /** Subscriptions whose frame loaded a document we cannot attribute (see #register). */
  readonly #replaceable = new WeakSet<Subscription>();

  #track(element: HTMLIFrameElement, kind: FrameKind, contactId: number | null, origin: string | null, loading: LoadingState): void {
    const frame: TrackedFrame = { element, kind, contactId, allowedOrigin: origin, loading, held: undefined, unregisteredSinceLoad: false, onLoad: () => this.#onFrameLoad(frame) };
    if (origin !== null) this.#origins.addFramed(origin);
    this.#frames.add(frame);
  }

  #untrack(element: HTMLIFrameElement): void {
    const frame = this.#frames.delete(element);
    if (frame === undefined) return;
    if (frame.allowedOrigin !== null) this.#origins.removeFramed(frame.allowedOrigin);
    for (const subscription of this.#subscriptions.values()) {
      if (subscription.window === element.contentWindow || subscription.window.closed) this.#drop(subscription, 'removed');
    }
    if (frame.kind === 'contactPanel' && frame.contactId !== null && this.#panelFrames.get(frame.contactId) === element) {
      this.#panelFrames.delete(frame.contactId);
    }
  }

  /** Runs on every message, so it walks the frames in place rather than allocating. */
  #sweepDetachedFrames(): void {
    for (const frame of this.#frames.values()) if (!frame.element.isConnected) this.#untrack(frame.element);
  }

  /**
   * A frame finished loading a document. A MAX page registers either while
   * loading (before this event) or later; the host cannot see a navigation
   * start, so it reasons from what it saw:
   * - a duplicate registration was held since the last load: it came from the
   *   new document, so it replaces the old subscription and is acknowledged;
   * - the subscription's own document was loading: this is its own load;
   * - otherwise the registered document is gone: its subscription is dropped
   *   and the new document's registration will be treated as a first one.
   */
  #onFrameLoad(frame: TrackedFrame): void {
    const wasLoading = frame.loading;
    const held = frame.held;
    frame.loading = false;
    frame.held = undefined;
    frame.unregisteredSinceLoad = false;
    const window = frame.element.contentWindow;
    if (window === null) return;
    const subscription = this.#subscriptions.get(window);
    if (held !== undefined) {
      if (subscription !== undefined) this.#drop(subscription, 'reloaded');
      this.#register(window, held.origin, held.message);
    } else if (subscription === undefined) {
      return;
    } else if (subscription.ownLoadPending === true) {
      subscription.ownLoadPending = false;
    } else if (subscription.ownLoadPending === 'unknown' || wasLoading === 'unknown') {
      this.#replaceable.add(subscription);
    } else {
      this.#drop(subscription, 'reloaded');
    }
  }

  // ---- Commands and contact cards ----

  #command(window: Window, origin: string, message: CommandMessage): void {
    const { messageType, issuer } = message;
    const refuse = (refusal: Refusal, detail: string, contactId: number | null = null): void => {
      this.#log.warn(`ccbridge: ${messageType} from ${origin} refused: ${detail}`);
      this.#emitter.emit('command', { origin, issuer, messageType, contactId, action: null, refusal });
      this.#result(window, message, contactId, null, refusal, detail);
    };
    if (!this.#policyFor(origin).commands.has(messageType)) return refuse(Refusal.NotPermitted, 'the origin is not granted this command');
    const controller = this.#controller;
    if (controller === undefined) return refuse(Refusal.NoController, 'the desktop supplied no controller');
    const target = this.#targetContact(window, message.contactId, messageType);
    if (!target.ok) return refuse(target.refusal, target.detail);
    const { contactId, contact } = target;
    const action = actionFor(messageType, contact, this.#flags.get(contactId));
    if (action === undefined) {
      const recording = isRecording(contact, this.#flags.get(contactId)) ? ', already recording' : '';
      return refuse(Refusal.InvalidInState, `not valid for contact ${contactId} now (${contact.Type}, status ${contact.Status}${recording})`, contactId);
    }
    const flags = this.#flags.get(contactId) ?? { muted: false, recording: false };
    this.#flags.set(contactId, flags);
    applyAction(action, flags);
    this.#emitter.emit('command', { origin, issuer, messageType, contactId, action, refusal: null });
    const done = (): void => this.#result(window, message, contactId, action, null);
    const failed = (error: unknown): void => {
      revertAction(action, flags);
      this.#log.error(`ccbridge: the controller failed to ${action} contact ${contactId}`, error);
      this.#emitter.emit('command', { origin, issuer, messageType, contactId, action, refusal: Refusal.ControllerFailed });
      this.#result(window, message, contactId, action, Refusal.ControllerFailed, error instanceof Error ? error.message : String(error));
    };
    try {
      const outcome = controller({ action, contactId, contact }, { origin, issuer, messageType });
      if (outcome instanceof Promise) outcome.then(done, failed);
      else done();
    } catch (error) {
      failed(error);
    }
  }

  /** Answers a command that asked for a result, when its page negotiated `results`. */
  #result(window: Window, message: CommandMessage, contactId: number | null, action: ContactAction | null, refusal: Refusal | null, detail?: string): void {
    const requestId = message.ccbridge?.requestId;
    const subscription = this.#subscriptions.get(window);
    if (requestId === undefined || subscription?.extensions?.results !== true) return;
    const result: CommandResult = { messageType: 'CommandResult', requestId, status: refusal === null ? 'OK' : 'REFUSED', contactId, action, refusal, ...(detail === undefined ? {} : { detail }) };
    this.#enqueue(subscription, result);
  }

  /**
   * The contact a command or card is about: the one it names, else the one
   * the window is bound to, else the only contact it can apply to.
   */
  #targetContact(window: Window, requested: number | string | null | undefined, messageType: CommandType | 'ContactCardData'):
    | { ok: true; contactId: number; contact: ContactEvent }
    | { ok: false; refusal: Refusal; detail: string } {
    const bound = this.#subscriptions.get(window)?.contactId ?? this.#frames.byWindow(window)?.contactId ?? null;
    const wanted = requested === undefined || requested === null ? bound : Number(requested);
    if (wanted !== null) {
      const contact = this.#state.contact(wanted);
      return contact === undefined
        ? { ok: false, refusal: Refusal.NoSuchContact, detail: `contact ${wanted} is not current` }
        : { ok: true, contactId: wanted, contact };
    }
    const candidates = this.#state.contacts.filter((contact) =>
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

  #contactCard(window: Window, origin: string, message: ContactCardData): void {
    if (!this.#policyFor(origin).contactCard) {
      this.#reject(origin, Refusal.NotPermitted, 'the origin may not send ContactCardData', 'warn');
      return;
    }
    const target = this.#targetContact(window, message.contactId, 'ContactCardData');
    if (!target.ok) {
      this.#reject(origin, target.refusal, `ContactCardData: ${target.detail}`, 'warn');
      return;
    }
    const { name, userImg } = message.contactCardData;
    let image: string | undefined;
    if (userImg !== undefined && userImg !== '') {
      // Relative to the page that sent it; only web images and inline images.
      image = resolveImage(userImg, origin);
      if (image === undefined) {
        this.#reject(origin, Refusal.InvalidContactCard, 'ContactCardData: userImg must be an http(s) URL or a data:image URL', 'warn');
        return;
      }
    }
    this.#emitter.emit('contactCard', { contactId: target.contactId, name, userImg: image, origin, issuer: message.issuer });
  }

  // ---- Events out ----

  #apply(event: PlatformEvent): void {
    const change = this.#state.apply(event);
    const contactId = contactIdOf(event);
    for (const subscription of this.#subscriptions.values()) {
      if (subscription.wants(event, contactId)) this.#enqueue(subscription, event);
    }
    for (const dialect of this.#dialects) dialect.deliver(event);
    if (change.kind === 'none') return;
    if (change.kind === 'contact-started') this.#openPanel(change.contactId, change.contact);
    if (change.kind === 'contact-ended') this.#contactEnded(change.contactId);
    if (change.kind === 'session-ended') change.endedContactIds.forEach((id) => this.#contactEnded(id));
    this.#emitter.emit('state', change);
  }

  #contactEnded(contactId: number): void {
    this.#flags.delete(contactId);
    const panel = this.#panelFrames.get(contactId);
    if (panel === undefined) return;
    this.#panelFrames.delete(contactId);
    // After the flush, so the panel is posted the event that ended it.
    this.#afterFlush.push(() => {
      const delay = this.#panels?.closeDelayMs ?? 0;
      if (delay > 0) setTimeout(() => this.removeFrame(panel), delay);
      else this.removeFrame(panel);
    });
    this.#scheduleFlush();
  }

  #openPanel(contactId: number, contact: ContactEvent): void {
    const options = this.#panels;
    if (options === undefined || this.#panelFrames.has(contactId)) return;
    let url: string | undefined;
    try {
      url = panelUrl(options, contact);
      if (url === undefined) return;
      const iframe = this.createFrame({ url, container: options.container, kind: 'contactPanel', contactId, title: `Contact ${contactId}` });
      iframe.dataset['contactId'] = String(contactId);
      options.configure?.(iframe, contact);
      this.#panelFrames.set(contactId, iframe);
    } catch (error) {
      this.#log.error(`ccbridge: could not open the contact panel for contact ${contactId} (${String(url)})`, error);
    }
  }

  #enqueue(subscription: Subscription, item: EnvelopeItem): void {
    subscription.queue.push(item);
    this.#pending.add(subscription);
    this.#scheduleFlush();
  }

  #scheduleFlush(): void {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    queueMicrotask(this.#flush);
  }

  readonly #flush = (): void => {
    this.#flushScheduled = false;
    const reportDelivery = this.#emitter.has('delivery');
    for (const subscription of this.#pending) {
      const events = subscription.queue;
      subscription.queue = [];
      if (events.length === 0) continue;
      if (subscription.window.closed) {
        this.#drop(subscription, 'removed');
        continue;
      }
      const envelope = this.#envelope(subscription, events);
      this.#deliver(subscription, envelope);
      if (reportDelivery) this.#emitter.emit('delivery', { origin: subscription.origin, issuer: subscription.issuer, envelope });
    }
    this.#pending.clear();
    for (const task of this.#afterFlush.splice(0)) task();
  };

  #envelope(subscription: Subscription, events: EnvelopeItem[]): Envelope {
    const { extensions } = subscription;
    if (extensions === undefined) return { issuer: this.issuer, contactId: subscription.contactId, events };
    return {
      issuer: this.issuer,
      contactId: subscription.contactId,
      events,
      ...(subscription.seq === 0 ? { ccbridge: extensions } : {}),
      ...(extensions.sequence === true ? { seq: subscription.seq + 1 } : {}),
    };
  }

  /**
   * The first envelope goes by `window.postMessage` to the registered origin
   * and, with the channel extension, carries the page's end of the port;
   * later ones go over the port. Ports deliver in order and only after the
   * transferring message, so the acknowledgement still comes first.
   */
  #deliver(subscription: Subscription, envelope: Envelope): void {
    subscription.seq += 1;
    const { port, transfer } = subscription;
    if (port !== undefined && transfer === undefined) {
      try {
        port.postMessage(envelope);
      } catch (error) {
        this.#log.error(`ccbridge: could not post to ${subscription.origin} over its channel`, error);
      }
      return;
    }
    subscription.transfer = undefined;
    this.#post(subscription.window, subscription.targetOrigin, envelope, transfer);
  }

  #post(window: Window, targetOrigin: string, envelope: Envelope, transfer?: MessagePort): void {
    try {
      window.postMessage(envelope, targetOrigin, transfer === undefined ? [] : [transfer]);
    } catch (error) {
      // e.g. an event carrying a value that cannot be cloned.
      this.#log.error(`ccbridge: could not post to ${targetOrigin}`, error);
    }
  }

  // ---- Helpers ----

  #policyFor(origin: string): ResolvedPolicy {
    return this.#policies.get(origin) ?? this.#defaultPolicy;
  }

  #reject(origin: string, refusal: Refusal, detail: string, level: 'debug' | 'warn', topic = ''): void {
    // Once per origin, reason and message type: a chatty or hostile frame must
    // not flood the console (the `rejection` event still reports every one).
    if (this.#once.first(`${origin}|${refusal}|${topic}`)) {
      this.#log[level](`ccbridge: ignored a message from ${origin}: ${detail}`);
    }
    if (this.#emitter.has('rejection')) this.#emitter.emit('rejection', { origin, refusal, detail });
  }

  #assertLive(): void {
    if (this.#disposed) throw new BridgeError(ErrorCode.Disposed, 'ccbridge: this BridgeHost was disposed');
  }
}

function describe(subscription: Subscription): SubscriptionInfo {
  return {
    origin: subscription.origin,
    issuer: subscription.issuer,
    subscriptionTypes: [...subscription.types],
    contactId: subscription.contactId,
  };
}

/** A window (possibly cross-origin) rather than a MessagePort or ServiceWorker. */
function isWindow(source: MessageEventSource | null): source is Window {
  return source !== null && typeof (source as Window).closed === 'boolean';
}

function messageTypeOf(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null || !Object.hasOwn(data, 'messageType')) return undefined;
  const type: unknown = (data as { messageType: unknown }).messageType;
  return typeof type === 'string' ? type : undefined;
}


function resolveImage(userImg: string, origin: string): string | undefined {
  if (/^data:image\//i.test(userImg)) return userImg;
  try {
    const url = new URL(userImg, origin === 'null' ? undefined : origin);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

