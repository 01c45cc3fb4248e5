/**
 * The desktop side of the MAX client-events protocol.
 *
 * What it guarantees, and why:
 * 1. Only origins on an exact allow-list are heard (default: the origins of
 *    the frames the host created). Anything else is dropped before parsing
 *    (receiver.ts).
 * 2. Every message is parsed against the protocol's statement of it
 *    (protocol/max.ts, checked in plain code); bad input is
 *    reported (ERROR acknowledgement or a log line) and changes nothing.
 *    Nothing a page sends can throw out of the message listener.
 * 3. A subscription is pinned to the window and origin that registered, and
 *    every reply names that origin as its target: a frame that navigates to
 *    another origin receives nothing further, because the browser drops it.
 * 4. The acknowledgement is the first item of the first envelope, followed by
 *    the initial state, then live events — the order MAX pages rely on.
 *
 * The jobs around that core live beside it: `Receiver` (receiver.ts) hears
 * and parses what pages post, `SubscriptionRegistry`
 * (registry.ts) owns the subscriptions, `Registrar` (registration.ts)
 * registers and unregisters, `Delivery` (delivery.ts) batches and posts
 * envelopes, `FrameTracker` (frames.ts) tells reloads from duplicates,
 * `CommandDesk` (command-desk.ts) handles commands and cards, and
 * `ContactPanels` (contact-panels.ts) opens a frame per contact.
 */
import { Emitter } from '../common/emitter.js';
import { BridgeError, ErrorCode, Refusal } from '../protocol/errors.js';
import { contactIdOf } from '../protocol/rules.js';
import { parsePlatformEvents } from '../protocol/events.js';
import type { ContactEvent, PlatformEvent } from '../protocol/events.js';
import type { CommandType } from '../protocol/max.js';
import type { SessionInfo } from '../protocol/envelope.js';
import { ContactCenterState } from '../protocol/state.js';
import type { Source } from '../sources/source.js';
import type { ActionType, ServiceType } from '../protocol/actions.js';
import { CommandDesk } from './command-desk.js';
import type { DesktopController } from './command-desk.js';
import { ContactPanels } from './contact-panels.js';
import { Delivery } from './delivery.js';
import type { Mailbox } from './delivery.js';
import type { Dialect, DialectContext } from './dialect.js';
import { FrameTracker } from './frames.js';
import { linkSource } from './source-link.js';
import { HostLog, consoleLogger } from './logger.js';
import type { LogLevel } from './logger.js';
import { OriginGate } from './origins.js';
import { RateLimiter } from './rate-limit.js';
import { PolicyTable } from './policy.js';
import type { OriginPolicy } from './policy.js';
import { redact } from './subscription.js';
import type { Subscription } from './subscription.js';
import { SubscriptionRegistry } from './registry.js';
import { Registrar } from './registration.js';
import { Receiver } from './receiver.js';
import type { AdoptOptions, BridgeHostEventMap, BridgeHostOptions, CommandReport, FrameOptions, SubscriptionInfo } from './types.js';

/** The desktop side of the MAX client-events protocol: serves the frames it is given or creates, feeds them platform events, and carries out their commands (docs/desktop-builders.md). */
export class BridgeHost {
  readonly issuer: string;
  readonly #window: Window;
  readonly #origins: OriginGate;
  readonly #policies: PolicyTable;
  #controller: DesktopController | undefined;
  /** The sources attached and not detached, in order. */
  readonly #sources: Source[] = [];
  readonly #dialects: readonly Dialect[];
  /** The actions beyond MAX the dialects carry out (`beyondMax()`): none unless one does. */
  #offered: ReadonlySet<ActionType | ServiceType> = new Set();
  readonly #detachSource: (() => void)[] = [];
  readonly #log: HostLog;
  readonly #emitter: Emitter<BridgeHostEventMap>;
  readonly #state: ContactCenterState;
  readonly #subscriptions = new SubscriptionRegistry();
  readonly #receiver: Receiver;
  readonly #delivery: Delivery;
  readonly #frames: FrameTracker;
  readonly #commands: CommandDesk;
  readonly #panels: ContactPanels;
  #sessionToken: string | null = null;
  #disposed = false;

  /** Starts listening on the window for pages' messages at once; bad options throw `INVALID_OPTION`. */
  constructor(options: BridgeHostOptions = {}) {
    this.issuer = options.issuer ?? 'MAX';
    this.#window = options.window ?? globalThis.window;
    const log = (this.#log = new HostLog(options.log ?? consoleLogger));
    const emitter = (this.#emitter = new Emitter((error, type) => log.write('error', 'INTERNAL', `a "${String(type)}" listener threw`, error)));
    this.#state = new ContactCenterState((muted) => emitter.emit('mute', { muted }));
    this.#controller = options.controller;
    const policies = (this.#policies = new PolicyTable(options.policies, options.defaultPolicy));
    const configured = options.allowedOrigins ?? [];
    this.#origins = new OriginGate(configured === 'any' ? 'any' : [...configured, ...policies.origins], options.allowOpaqueOrigins === true);

    const host = this;
    const subscriptionOf = (mailbox: Mailbox): Subscription | undefined => this.#subscriptions.get(mailbox.window);
    this.#delivery = new Delivery(this.issuer, log, {
      delivered: (mailbox, envelope) => {
        const subscription = this.#emitter.has('delivery') ? subscriptionOf(mailbox) : undefined;
        if (subscription !== undefined) this.#emitter.emit('delivery', { origin: subscription.origin, issuer: subscription.issuer, envelope });
      },
      closed: (mailbox) => this.#subscriptions.drop(subscriptionOf(mailbox), 'removed'),
    });
    this.#panels = new ContactPanels(options.contactPanels, {
      log,
      configured: (origin) => this.#origins.configured(origin),
      createFrame: (frame) => this.createFrame(frame),
      removeFrame: (iframe) => this.removeFrame(iframe),
      afterFlush: (task) => this.#delivery.afterFlush(task),
    });
    const limiter = options.rateLimit === false ? undefined : new RateLimiter(options.rateLimit);
    const frames = (this.#frames = new FrameTracker(this.#window, this.#origins, this.#subscriptions, {
      register: (window, origin, message) => registrar.register(window, origin, message),
      untracked: (frame) => this.#panels.untracked(frame),
      loaded: (window) => limiter?.forget(window),
    }));
    const registrar = new Registrar({
      issuer: this.issuer,
      registry: this.#subscriptions,
      frames,
      origins: this.#origins,
      policies,
      delivery: this.#delivery,
      state: this.#state,
      log,
      emitter,
      sessionToken: () => this.#sessionToken,
      offered: () => this.#offered,
      channelMessage: (mailbox, data) => this.#receiver.channelMessage(mailbox, data),
      reject: (origin, refusal, detail) => this.#reject(origin, refusal, detail, 'debug'),
    });
    this.#subscriptions.onDrop((subscription, cause) => {
      this.#delivery.cancel(subscription.mailbox);
      emitter.emit('unsubscription', { ...subscription.info(), cause });
    });
    this.#commands = new CommandDesk({
      state: this.#state,
      subscriptions: this.#subscriptions,
      emitter: this.#emitter,
      frames: this.#frames,
      delivery: this.#delivery,
      log,
      policies,
      get controller() {
        return host.#controller;
      },
      reject: (origin, refusal, detail, level) => this.#reject(origin, refusal, detail, level),
    }, options.commandRate);
    const subscriptions = this.#subscriptions;
    const commands = this.#commands;
    const context: DialectContext = {
      issuer: this.issuer,
      log,
      policyFor: (origin) => policies.for(origin),
      targetFor: (origin) => this.#origins.targetFor(origin),
      on: this.on.bind(this),
      current: () => this.#state,
      redact: (event, origin) => (policies.for(origin).sessionToken ? event : redact(event, this.#sessionToken)),
      page: (window) => subscriptions.get(window),
      pages: () => [...subscriptions.values()].map((subscription) => [subscription.window, subscription] as const),
      post: (window, item) => {
        const subscription = subscriptions.get(window);
        if (subscription !== undefined) this.#delivery.enqueue(subscription.mailbox, item);
      },
      firstRequest: (window, origin, messageType, requestId) => commands.firstTime(window, origin, messageType, requestId),
      spend: (origin) => commands.spend(origin),
      source: () => this.#sources.at(-1),
      reject: (origin, refusal, detail, level, topic) => this.#reject(origin, refusal, detail, level, topic),
      emit: (type, detail) => emitter.emit(type, detail),
    };
    this.#dialects = (options.dialects ?? []).map((dialect) => dialect(context));
    this.#offered = new Set(this.#dialects.flatMap((dialect) => [...(dialect.actions ?? []), ...(dialect.serves ?? [])]));
    const removeAbusers = options.onAbuse === 'remove-frame';
    this.#receiver = new Receiver({
      window: this.#window,
      origins: this.#origins,
      limiter,
      frames,
      registry: this.#subscriptions,
      dialects: this.#dialects,
      registrar,
      commands: this.#commands,
      log,
      reject: (origin, refusal, detail, level, topic) => this.#reject(origin, refusal, detail, level, topic),
      // A window over its rate is reported once per episode, and its frame removed if the desktop asked.
      overRate: (window) => {
        const frame = removeAbusers ? frames.byWindow(window) : undefined;
        if (frame !== undefined) this.removeFrame(frame.element);
      },
    });
    if (options.source !== undefined) this.attachSource(options.source);
  }

  // ---- The desktop's API ----

  /**
   * Feeds the host from `source`: its events are dispatched, its session
   * token becomes the `SessionInfo` token, its status and errors are
   * reported (`source`, `sourceError`), and (unless the desktop gave a
   * controller) commands go to `source.execute`; so do the actions beyond
   * MAX, when the host speaks them (`beyondMax()` without a controller).
   * Returns a detach function.
   */
  attachSource(source: Source): () => void {
    this.#assertLive();
    const unlink = linkSource(source, this, this.#emitter, this.#log);
    const ownController = this.#controller === undefined;
    if (ownController) this.#controller = ({ action, contactId }) => source.execute({ action, contactId });
    this.#sources.push(source);
    const detach = (): void => {
      unlink();
      if (ownController) this.#controller = undefined;
      const at = this.#sources.indexOf(source);
      if (at !== -1) this.#sources.splice(at, 1);
    };
    this.#detachSource.push(detach);
    return detach;
  }

  /** Listen to what the host does: registrations, deliveries, rejections, commands, cards, state, the source. */
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
    for (const event of parsePlatformEvents(events)) this.#apply(event);
  }

  /**
   * Issues a command from the desktop itself (its own Answer, Hold, Hang up
   * buttons) by the path pages' commands take: the same state checks, the
   * controller, and the `command` event (with the desktop's own origin and
   * issuer `'desktop'`), so every page and dialect learns who acted; an AICC
   * page sees an agent hang-up as `AgentEvent_Call_Release`. No origin policy
   * applies. Resolves once the controller is done, with the report: `refusal`
   * is `null` when it was carried out, and `detail` says why not.
   */
  command(messageType: CommandType, contactId?: number): Promise<CommandReport & { readonly detail?: string }> {
    this.#assertLive();
    const sender = { window: undefined, origin: this.#window.location.origin, issuer: 'desktop' };
    return new Promise((resolve) => this.#commands.run(sender, messageType, contactId, (report, detail) => resolve(detail === undefined ? report : { ...report, detail })));
  }

  /** Sets the agent session token; granted subscribers get a `SessionInfo` when it changes. */
  setSessionToken(sessionToken: string | null): void {
    this.#assertLive();
    if (sessionToken === this.#sessionToken) return;
    this.#sessionToken = sessionToken;
    if (sessionToken === null) return;
    const info: SessionInfo = { messageType: 'SessionInfo', sessionToken };
    for (const subscription of this.#subscriptions.values()) {
      if (subscription.receivesToken) this.#delivery.enqueue(subscription.mailbox, info);
    }
  }

  /** Whether the agent is muted (agent-wide): the platform's last `Mute` event, or what the host last asked. */
  get muted(): boolean {
    return this.#state.muted;
  }

  /** The agent's latest `AgentState` event, if any. */
  get agentState(): PlatformEvent | undefined {
    return this.#state.agentState;
  }

  /** The latest event of every current contact, oldest first. */
  get contacts(): readonly ContactEvent[] {
    return this.#state.contacts;
  }

  /** Every current subscription, as pages registered them. */
  get subscriptions(): readonly SubscriptionInfo[] {
    return [...this.#subscriptions.values()].map((subscription) => subscription.info());
  }

  /**
   * Changes what `origin` may do from now on, as a desktop does when the
   * agent grants a page rights (or takes them back): the commands, cards and
   * `eventpost`s it sends next and the registrations it makes next follow
   * `policy`, and the origin is allowed, as one listed in `policies` is.
   * Its current subscriptions end (cause `policy`), so none outlives the
   * rights it was acknowledged with: reload its frames, or have its pages
   * register again, for them to learn their new rights. An `origin` that is
   * not an exact origin throws `INVALID_OPTION` and changes nothing.
   */
  setPolicy(origin: string, policy: OriginPolicy): void {
    this.#assertLive();
    this.#policies.set(origin, policy);
    this.#origins.configure(origin);
    for (const subscription of [...this.#subscriptions.values()]) {
      if (subscription.origin === origin) this.#subscriptions.drop(subscription, 'policy');
    }
  }

  /** Creates a frame, allows its origin, and tracks it (reloads, removal, contact panels). */
  createFrame(options: FrameOptions): HTMLIFrameElement {
    this.#assertLive();
    return this.#frames.create(options);
  }

  /** Tracks an `<iframe>` the desktop made itself, allowing its origin unless told not to. */
  adoptFrame(iframe: HTMLIFrameElement, options: AdoptOptions = {}): void {
    this.#assertLive();
    this.#frames.adopt(iframe, options);
  }

  /** Removes a frame: its subscription ends and its origin is released. */
  removeFrame(iframe: HTMLIFrameElement): void {
    this.#frames.untrack(iframe);
    iframe.remove();
  }

  /** Stops listening, drops every subscription and closes the contact panels it opened. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#receiver.dispose();
    for (const detach of this.#detachSource.splice(0)) detach();
    for (const dialect of this.#dialects) dialect.dispose();
    this.#subscriptions.dropAll('disposed');
    this.#panels.dispose();
    this.#frames.dispose();
    this.#emitter.clear();
  }

  // ---- Events out ----

  #apply(event: PlatformEvent): void {
    const change = this.#state.apply(event);
    const contactId = contactIdOf(event);
    // Made once per event, for the origins not granted the session token.
    let redacted: PlatformEvent | undefined;
    for (const subscription of this.#subscriptions.values()) {
      if (!subscription.wants(event, contactId)) continue;
      const item = subscription.policy.sessionToken ? event : (redacted ??= redact(event, this.#sessionToken));
      this.#delivery.enqueue(subscription.mailbox, item);
    }
    for (const dialect of this.#dialects) dialect.deliver(event);
    if (change.kind === 'none') return;
    if (change.kind === 'contact-started') this.#panels.open(change.contactId, change.contact);
    if (change.kind === 'contact-updated') this.#panels.updated(change.contactId, change.contact);
    if (change.kind === 'contact-ended') this.#contactEnded(change.contactId);
    if (change.kind === 'session-ended') change.endedContactIds.forEach((id) => this.#contactEnded(id));
    this.#emitter.emit('state', change);
  }

  #contactEnded(contactId: number): void {
    this.#panels.ended(contactId);
  }

  // ---- Helpers ----

  /**
   * Reports a refused message (`rejection` event, every time) and logs it
   * once per origin, reason and message type: a chatty or hostile frame must
   * not flood the console.
   */
  #reject(origin: string, refusal: Refusal, detail: string, level: LogLevel, topic = ''): void {
    this.#log.once(`${origin}|${refusal}|${topic}`, level, refusal, `ignored a message from ${origin}: ${detail}`);
    if (this.#emitter.has('rejection')) this.#emitter.emit('rejection', { origin, refusal, detail });
  }

  #assertLive(): void {
    if (this.#disposed) throw new BridgeError(ErrorCode.Disposed, 'ccbridge: this BridgeHost was disposed');
  }
}
