/**
 * The page side of the MAX client-events protocol, for CRM pages embedded in
 * an agent desktop. No Lit: usable from any framework or none.
 *
 * Decisions:
 * 1. The host's origin is explicit. `'*'` only when the page opts in
 *    (`hostOrigin: '*'`), with a console warning, because a page that posts
 *    commands to `'*'` lets whatever document is its parent receive them.
 * 2. A message counts only if it comes from the target window, from the host
 *    origin, with the host's issuer, and parses as an envelope. Everything else
 *    is ignored and counted (`ignored`), never thrown.
 * 3. With a ccbridge host, the page asks for the private channel at
 *    registration (an extra field a MAX-only host ignores). After the
 *    acknowledgement, all traffic uses the transferred `MessagePort`. A plain
 *    MAX host never sends one, and the page keeps using `window.postMessage`.
 * 4. State follows the same rules as the host's (`ContactCenterState`), so
 *    page and desktop agree on which contacts are current.
 */
import { Emitter } from '../common/emitter.js';
import { Pending } from '../common/pending.js';
import { isExactOrigin } from '../protocol/origin.js';
import { BridgeError, ErrorCode } from '../protocol/errors.js';
import { toContactId } from '../protocol/rules.js';
import type { AgentState, ContactEvent, KnownEventType, PlatformEvent, PlatformEventOfType } from '../protocol/events.js';
import { ACTION_VERSIONS, AgentStateOptions, CONTACT_DATA_KEY, SERVICE_TYPES, SERVICE_VERSIONS, CONTACT_DATA_MAX_KEYS, TRANSFER_MODES, WrapUpOptions, dialable, grantOf, isActionName } from '../protocol/actions.js';
import type { ActionMessageType, ActionType, SaveCallLog, SearchContact, ServiceType, TransferMode } from '../protocol/actions.js';
import { read } from '../protocol/shape.js';
import { EXTENSIONS_VERSION, parseReceivedEvent, readControlItem } from '../protocol/envelope.js';
import type { ClientEventSubscriptionAcknowledge, CommandResult, Envelope, Extensions } from '../protocol/envelope.js';
import { SUBSCRIPTION_TYPES, subscriptionType } from '../protocol/subscription-types.js';
import type { CommandType } from '../protocol/max.js';
import { ContactCenterState } from '../protocol/state.js';
import type { ContactFlags } from '../protocol/command-rules.js';
import { HostLink } from './host-link.js';
import type { BridgeClientEventMap, BridgeClientOptions, IgnoredCounts } from './types.js';

export type { AgentStateDetail, BridgeClientEventMap, BridgeClientOptions, IgnoredCounts } from './types.js';

type Status = 'idle' | 'registering' | 'registered' | 'disposed';

const COMMANDS = {
  answer: 'AnswerEvent',
  refuse: 'RefuseEvent',
  hold: 'HoldEvent',
  mute: 'MuteEvent',
  mask: 'MaskEvent',
  record: 'RecordEvent',
  hangup: 'HangupEvent',
} as const satisfies Record<string, CommandType>;

/** The page side of the MAX client-events protocol, without Lit: registers with the desktop, keeps its state by the desktop's rules, types every event, and sends commands and contact cards (docs/page-authors.md). */
export class BridgeClient {
  readonly #options: BridgeClientOptions;
  readonly #link: HostLink;
  readonly #timeoutMs: number;
  // One emitter for the client's own events (lower case) and for platform
  // events by Type (PascalCase): the two name sets cannot collide.
  readonly #emitter = new Emitter<BridgeClientEventMap & Record<string, PlatformEvent>>();
  readonly #state = new ContactCenterState();
  /** Commands waiting for their `CommandResult`, by request id. */
  readonly #results = new Pending<number, CommandResult>();
  readonly #listening = new AbortController();
  #status: Status = 'idle';
  /** A registration was sent and not refused: the desktop may hold a subscription for us. */
  #mayBeSubscribed = false;
  #ready: Promise<ClientEventSubscriptionAcknowledge> | undefined;
  /** The registration waiting for its acknowledgement (one at a time: key 0). */
  readonly #registering = new Pending<0, ClientEventSubscriptionAcknowledge>();
  #acknowledgement: ClientEventSubscriptionAcknowledge | undefined;
  #extensions: Extensions | undefined;
  #seq = 0;
  #nextRequestId = 1;
  #sessionToken: string | undefined;

  /** Checks the options (a `hostOrigin` that is not an exact origin, or an unknown subscription type, throws `INVALID_OPTION`), listens, and registers unless `autoRegister` is false. */
  constructor(options: BridgeClientOptions) {
    this.#options = options;
    const window = options.window ?? globalThis.window;
    const { hostOrigin } = options;
    this.#timeoutMs = options.timeoutMs ?? 5000;
    if (hostOrigin === '*') {
      console.warn('ccbridge: hostOrigin "*" trusts any parent; name the desktop origin');
    } else if (!isExactOrigin(hostOrigin)) {
      throw new BridgeError(ErrorCode.InvalidOption, `ccbridge: hostOrigin "${hostOrigin}" is not an origin (scheme://host[:port])`);
    }
    checkSubscriptionTypes(options.subscriptionTypes);
    const signal = this.#listening.signal;
    const target = options.target ?? window.opener ?? window.parent;
    this.#link = new HostLink(window, target, hostOrigin, options.hostIssuer ?? 'MAX', (envelope, port) => this.#receive(envelope, port), signal);
    window.addEventListener('pagehide', this.#onPageHide, { signal });
    window.addEventListener('pageshow', this.#onPageShow, { signal });
    if (options.autoRegister !== false) void this.register().catch(() => {});
  }

  // ---- Registration ----

  /** Resolves with the OK acknowledgement; rejects with `REGISTRATION_REJECTED` or `REGISTRATION_TIMEOUT`. */
  get ready(): Promise<ClientEventSubscriptionAcknowledge> {
    return this.#ready ?? this.register();
  }

  /** The last acknowledgement received, if any. */
  get acknowledgement(): ClientEventSubscriptionAcknowledge | undefined {
    return this.#acknowledgement;
  }

  /** Whether the desktop acknowledged the registration with `OK` and it still holds. */
  get registered(): boolean {
    return this.#status === 'registered';
  }

  /** The extensions the host accepted; `undefined` with a plain MAX host. */
  get extensions(): Extensions | undefined {
    return this.#extensions;
  }

  /**
   * Whether the desktop lets this page send `command` (the `commands` a
   * ccbridge host lists in its first envelope, from its policy for the
   * page's origin). `true` when the host did not say (a plain MAX host):
   * then only trying tells.
   */
  permits(command: CommandType): boolean {
    const granted = this.#extensions?.commands;
    return granted === undefined || granted.includes(command);
  }

  /**
   * The actions beyond MAX the desktop grants this page (`Dial`,
   * `SetAgentState`), from its first envelope: empty before registration,
   * with a plain MAX host, and when the page's origin is granted none.
   */
  get actions(): readonly ActionType[] {
    const granted = this.#extensions?.actions;
    return Array.isArray(granted) ? granted : [];
  }

  /** What the desktop will ask of this page (`Search`, `CallLog`): those of its `serve` handlers the desktop uses. */
  get serves(): readonly ServiceType[] {
    const accepted = this.#extensions?.serves;
    return Array.isArray(accepted) ? accepted : [];
  }

  #offers(): { serves?: ServiceType[] } {
    const { serve } = this.#options;
    const offered = SERVICE_TYPES.filter((type) => typeof serve?.[type === 'Search' ? 'search' : 'callLog'] === 'function');
    return offered.length === 0 ? {} : { serves: offered };
  }

  /** Answers a desktop's request with the page's handler; a handler that fails answers nothing (the desktop goes on without) and is reported as `error`. */
  async #serve(request: SearchContact | SaveCallLog): Promise<void> {
    const { serve } = this.#options;
    const ccbridge = { requestId: request.requestId };
    const issuer = this.#options.issuer ?? 'ccbridge-client';
    try {
      if (request.messageType === 'SearchContact') {
        if (serve?.search === undefined) return;
        const { matches, newRecordUrl } = await serve.search(request);
        this.#link.send({ messageType: 'SearchResult', version: SERVICE_VERSIONS.SearchContact, matches: matches.map(({ id, label, url }) => ({ id, label, url })), ...(newRecordUrl === undefined ? {} : { newRecordUrl }), issuer, ccbridge });
      } else {
        if (serve?.callLog === undefined) return;
        const logId = await serve.callLog(request);
        this.#link.send({ messageType: 'CallLogSaved', version: SERVICE_VERSIONS.SaveCallLog, logId: String(logId), issuer, ccbridge });
      }
    } catch (error) {
      this.#emitter.emit('error', new BridgeError(ErrorCode.PlatformError, `ccbridge: the page's ${request.messageType} handler failed: ${error instanceof Error ? error.message : String(error)}`));
    }
  }

  /** `'port'` once the private channel is up, else `'window'`. */
  get transport(): 'port' | 'window' {
    return this.#link.transport;
  }

  /** What was ignored, and why: other windows, other origins, other issuers, malformed envelopes, invalid events. */
  get ignored(): IgnoredCounts {
    return this.#link.ignored;
  }

  /** Registers (again, after `unregister`). While registering or registered, returns the same promise. */
  register(): Promise<ClientEventSubscriptionAcknowledge> {
    if (this.#status === 'disposed') return Promise.reject(new BridgeError(ErrorCode.Disposed, 'ccbridge: this BridgeClient was disposed'));
    if (this.#ready !== undefined && this.#status !== 'idle') return this.#ready;
    const { subscriptionTypes, contactId, issuer } = this.#options;
    this.#status = 'registering';
    this.#mayBeSubscribed = true;
    this.#seq = 0;
    this.#ready = this.#registering.wait(0, this.#timeoutMs, () => {
      this.#status = 'idle';
      return new BridgeError(ErrorCode.RegistrationTimeout, `ccbridge: no acknowledgement from ${this.#link.hostOrigin} in ${this.#timeoutMs} ms`);
    });
    this.#link.postToWindow({
      messageType: 'RegisterForClientEvents',
      subscriptionTypes: [...subscriptionTypes],
      ...(contactId === undefined || contactId === null ? {} : { contactId }),
      issuer: issuer ?? 'ccbridge-client',
      ...(this.#options.extensions === false ? {} : { ccbridge: { version: EXTENSIONS_VERSION, channel: true, results: true, sequence: true, actions: true, ...this.#offers() } }),
    });
    return this.#ready;
  }

  /** Ends the subscription; `register()` starts a new one. */
  unregister(): void {
    if (this.#status === 'disposed') return;
    // Also after a timeout: the acknowledgement may have been lost, not the registration.
    if (this.#mayBeSubscribed) this.#link.send({ messageType: 'UnregisterFromClientEvents', issuer: this.#options.issuer ?? 'ccbridge-client' });
    this.#mayBeSubscribed = false;
    this.#reset();
  }

  /** Unregisters and stops listening for good (also done on `pagehide`, undone on a back/forward restore). */
  dispose(): void {
    if (this.#status === 'disposed') return;
    this.unregister();
    this.#status = 'disposed';
    this.#listening.abort();
    this.#emitter.clear();
  }

  #reset(): void {
    // Nothing is left waiting for ever: an answer can no longer come.
    this.#registering.clear(() => new BridgeError(ErrorCode.Unregistered, 'ccbridge: unregistered before the desktop acknowledged the registration'));
    this.#status = 'idle';
    this.#ready = undefined;
    this.#link.closePort();
    this.#extensions = undefined;
    // A new registration starts its request ids afresh.
    this.#results.clear(() => new BridgeError(ErrorCode.Unregistered, 'ccbridge: unregistered before the desktop answered the command; it may or may not have been carried out'));
  }

  readonly #onPageHide = (): void => this.unregister();
  readonly #onPageShow = (event: PageTransitionEvent): void => {
    // Restored from the back/forward cache: the desktop dropped us on pagehide.
    if (event.persisted && this.#status === 'idle' && this.#ready === undefined) void this.register().catch(() => {});
  };

  // ---- State and listening ----

  /** The agent's latest `AgentState`, if the subscription carries it. */
  get agentState(): AgentState | undefined {
    return this.#state.agentState;
  }

  /** The current contacts' latest events, oldest first. */
  get contacts(): readonly ContactEvent[] {
    return this.#state.contacts;
  }

  /** The latest event of a current contact. */
  contact(contactId: number): ContactEvent | undefined {
    return this.#state.contact(contactId);
  }

  /**
   * The toggles a command's meaning depends on, as the page knows them: the
   * agent's mute (a `Mute` event, when the page subscribes to agent events)
   * and whether the contact is being recorded (what the desktop confirmed,
   * with the `results` extension: some platforms' events do not say).
   */
  flags(contactId: number): ContactFlags {
    return this.#state.flags(contactId);
  }

  /** The contact this page is bound to (its registration's, or its panel's per the acknowledgement). */
  get boundContactId(): number | null {
    return this.#acknowledgement?.contactId ?? null;
  }

  /** The agent's session token, if the desktop granted it (`sessioninfo`). */
  get sessionToken(): string | undefined {
    return this.#sessionToken;
  }

  /** Listens to one of the client's events; returns a function that stops listening. */
  on<K extends keyof BridgeClientEventMap>(type: K, listener: (detail: BridgeClientEventMap[K]) => void): () => void {
    return this.#emitter.on(type, listener);
  }

  /**
   * Listens to platform events of one known `Type`, typed:
   * `onEvent('CallContactEvent', (call) => call.ANI)`. A misspelt `Type` does
   * not compile; for a `Type` the vocabulary does not know, use `onOtherEvent`.
   */
  onEvent<T extends KnownEventType>(type: T, listener: (event: PlatformEventOfType<T>) => void): () => void {
    return this.#emitter.on(type, listener as (event: PlatformEvent) => void);
  }

  /**
   * Listens to platform events of any `Type`, including ones this version
   * does not know (a platform's newer events are forwarded as they are).
   * The escape hatch of `onEvent`: the event is typed as any platform event.
   */
  onOtherEvent(type: string, listener: (event: PlatformEvent) => void): () => void {
    return this.#emitter.on(type, listener);
  }

  // ---- Sending ----

  /** Tells the desktop the customer's name and picture for the phone contact. */
  sendContactCard(card: { readonly name: string; readonly userImg?: string }, contactId?: number): void {
    if (typeof card.name !== 'string' || card.name === '') throw new BridgeError(ErrorCode.InvalidOption, 'ccbridge: card without a name');
    this.#link.send({
      messageType: 'ContactCardData',
      contactCardData: { name: card.name, ...(card.userImg === undefined ? {} : { userImg: card.userImg }) },
      ...(contactId === undefined ? {} : { contactId }),
      issuer: this.#options.issuer ?? 'ccbridge-client',
    });
  }

  /** Sends AnswerEvent: answers an offered contact. See `command`. */
  answer(contactId?: number): Promise<CommandResult | null> {
    return this.command(COMMANDS.answer, contactId);
  }
  /** Sends RefuseEvent: refuses an offered contact. See `command`. */
  refuse(contactId?: number): Promise<CommandResult | null> {
    return this.command(COMMANDS.refuse, contactId);
  }
  /** Sends HoldEvent: holds the call, or resumes it. See `command`. */
  hold(contactId?: number): Promise<CommandResult | null> {
    return this.command(COMMANDS.hold, contactId);
  }
  /** Sends MuteEvent: mutes the agent, or unmutes. See `command`. */
  mute(contactId?: number): Promise<CommandResult | null> {
    return this.command(COMMANDS.mute, contactId);
  }
  /** Sends MaskEvent: masks the call (pauses what is recorded), or unmasks. See `command`. */
  mask(contactId?: number): Promise<CommandResult | null> {
    return this.command(COMMANDS.mask, contactId);
  }
  /** Sends RecordEvent: starts recording the call. See `command`. */
  record(contactId?: number): Promise<CommandResult | null> {
    return this.command(COMMANDS.record, contactId);
  }
  /** Sends HangupEvent: ends the contact. See `command`. */
  hangup(contactId?: number): Promise<CommandResult | null> {
    return this.command(COMMANDS.hangup, contactId);
  }

  /**
   * Sends a MAX command. With a ccbridge host that accepted `results`, resolves
   * with the host's `CommandResult` (`status: 'REFUSED'` and a `refusal` code
   * when the command was not valid). With a plain MAX host, which never
   * replies, resolves with `null` once sent.
   */
  command(messageType: CommandType, contactId?: number): Promise<CommandResult | null> {
    if (contactId !== undefined && toContactId(contactId) === null) {
      return Promise.reject(new BridgeError(ErrorCode.InvalidOption, `ccbridge: ${String(contactId)} is not a contact id`));
    }
    const message = { messageType, ...(contactId === undefined ? {} : { contactId }), issuer: this.#options.issuer ?? 'ccbridge-client' };
    if (this.#extensions?.results !== true) {
      this.#link.send(message);
      return Promise.resolve(null);
    }
    const requestId = this.#nextRequestId++;
    const timedOut = (): BridgeError => new BridgeError(ErrorCode.CommandTimeout, `ccbridge: no result for ${messageType}`);
    return this.#results.wait(requestId, this.#timeoutMs, timedOut, () => this.#link.send({ ...message, ccbridge: { requestId } }));
  }

  // ---- Actions beyond MAX ----

  /**
   * Places an outbound call (click-to-dial): `Dial`, an action beyond MAX.
   * `phoneNumber` as the page shows it (`+1 (555) 014-2000`); `skill`, the
   * outbound skill or queue by name or id, when the platform needs one;
   * `variables`, data attached to the call. Resolves with the desktop's
   * `CommandResult` (`REFUSED` with a reason such as `INVALID_NUMBER` or
   * `CONTROLLER_FAILED`); rejects with `UNSUPPORTED` when the desktop does
   * not grant this page `Dial` (see `actions`).
   */
  dial(phoneNumber: string, options: { readonly skill?: string; readonly variables?: Readonly<Record<string, string>> } = {}): Promise<CommandResult> {
    if (typeof phoneNumber !== 'string' || dialable(phoneNumber) === undefined) {
      return Promise.reject(new BridgeError(ErrorCode.InvalidOption, `ccbridge: ${String(phoneNumber)} is not a phone number`));
    }
    return this.#act('Dial', { phoneNumber, ...(options.skill === undefined ? {} : { skill: options.skill }), ...(options.variables === undefined ? {} : { variables: { ...options.variables } }) });
  }

  /**
   * Makes the agent `Available`, or `Unavailable` with a reason (one of the
   * platform's unavailable codes): `SetAgentState`, an action beyond MAX.
   * Resolves and rejects as `dial` does.
   */
  setAgentState(state: 'Available' | 'Unavailable', reason?: string): Promise<CommandResult> {
    if (state !== 'Available' && state !== 'Unavailable') return Promise.reject(new BridgeError(ErrorCode.InvalidOption, `ccbridge: ${String(state)} is not Available or Unavailable`));
    return this.#act('SetAgentState', { state, ...(reason === undefined ? {} : { reason }) });
  }

  /**
   * Transfers the agent's call (`Transfer`, an action beyond MAX): `blind` or
   * `consult` to `phoneNumber` (the caller held while the agent speaks to
   * that party), then `complete` (the caller and that party are joined, the
   * agent leaves) or `cancel` (back to the caller). Without `contactId`, the
   * only call it applies to. Resolves and rejects as `dial` does; refused
   * `INVALID_IN_STATE` when the calls do not allow it (docs/protocol.md#actions-beyond-max).
   */
  transfer(mode: 'blind' | 'consult', phoneNumber: string, options?: { readonly contactId?: number }): Promise<CommandResult>;
  transfer(mode: 'complete' | 'cancel', options?: { readonly contactId?: number }): Promise<CommandResult>;
  transfer(mode: TransferMode, numberOrOptions?: string | { readonly contactId?: number }, options: { readonly contactId?: number } = {}): Promise<CommandResult> {
    if (!TRANSFER_MODES.includes(mode)) return Promise.reject(new BridgeError(ErrorCode.InvalidOption, `ccbridge: ${String(mode)} is not a transfer mode (${TRANSFER_MODES.join(', ')})`));
    const starts = mode === 'blind' || mode === 'consult';
    const phoneNumber = starts ? numberOrOptions : undefined;
    if (starts && (typeof phoneNumber !== 'string' || dialable(phoneNumber) === undefined)) {
      return Promise.reject(new BridgeError(ErrorCode.InvalidOption, `ccbridge: ${String(phoneNumber)} is not a phone number`));
    }
    const { contactId } = starts ? options : typeof numberOrOptions === 'object' ? numberOrOptions : {};
    return this.#act('Transfer', { mode, ...(phoneNumber === undefined ? {} : { phoneNumber }), ...(contactId === undefined ? {} : { contactId }) });
  }

  /**
   * Attaches key/values to a current contact (`SetContactData`, an action
   * beyond MAX): XUC call variables, CXone contact custom data, for the pages
   * and systems that handle the contact later. Without `contactId`, the only
   * call. The desktop refuses `NOT_PERMITTED` a key its origin may not write.
   * Resolves and rejects as `dial` does.
   */
  setContactData(data: Readonly<Record<string, string>>, options: { readonly contactId?: number } = {}): Promise<CommandResult> {
    const entries = typeof data === 'object' && data !== null ? Object.entries(data) : [];
    const bad = entries.length === 0 || entries.length > CONTACT_DATA_MAX_KEYS || entries.some(([key, value]) => !CONTACT_DATA_KEY.test(key) || typeof value !== 'string' || value.length > 1024);
    if (bad) return Promise.reject(new BridgeError(ErrorCode.InvalidOption, `ccbridge: contact data is 1 to ${CONTACT_DATA_MAX_KEYS} keys (letters, digits, _ . -) with text values`));
    return this.#act('SetContactData', { data: Object.fromEntries(entries), ...(options.contactId === undefined ? {} : { contactId: options.contactId }) });
  }

  /**
   * During a consult, joins the held caller, the consulted party and the
   * agent (`Conference`, an action beyond MAX). Resolves and rejects as
   * `dial` does.
   */
  conference(options: { readonly contactId?: number } = {}): Promise<CommandResult> {
    return this.#act('Conference', options.contactId === undefined ? {} : { contactId: options.contactId });
  }

  /**
   * Ends the agent's after-call work on a contact (`EndWrapUp`, an action
   * beyond MAX), with a disposition of the contact's skill, notes and tags; without
   * `contactId`, the contact that ended last. Refused `INVALID_IN_STATE`
   * outside after-call work. Resolves and rejects as `dial` does.
   */
  endWrapUp(wrapUp: { readonly contactId?: number; readonly dispositionId?: number; readonly notes?: string; readonly tags?: readonly number[] } = {}): Promise<CommandResult> {
    const { contactId, dispositionId, notes, tags } = wrapUp;
    if (tags !== undefined && !tags.every((tag) => Number.isInteger(tag) && tag >= 0)) return Promise.reject(new BridgeError(ErrorCode.InvalidOption, 'ccbridge: tags are tag ids (non-negative integers)'));
    if (contactId !== undefined && toContactId(contactId) === null) return Promise.reject(new BridgeError(ErrorCode.InvalidOption, `ccbridge: ${String(contactId)} is not a contact id`));
    if (dispositionId !== undefined && (!Number.isInteger(dispositionId) || dispositionId < 0)) return Promise.reject(new BridgeError(ErrorCode.InvalidOption, `ccbridge: ${String(dispositionId)} is not a disposition id`));
    return this.#act('EndWrapUp', { ...(contactId === undefined ? {} : { contactId }), ...(dispositionId === undefined ? {} : { dispositionId }), ...(notes === undefined ? {} : { notes }), ...(tags === undefined ? {} : { tags: [...tags] }) });
  }

  /**
   * What `endWrapUp` may choose for a contact (`GetWrapUpOptions`): the
   * dispositions and tags of its skill, from the platform. `contactId`: a
   * current contact or the one in after-call work (default: the one that
   * ended last). Needs `EndWrapUp` granted; rejects with `COMMAND_REFUSED`
   * (the result in `details`) when the desktop cannot say.
   */
  async wrapUpOptions(contactId?: number): Promise<WrapUpOptions> {
    if (contactId !== undefined && toContactId(contactId) === null) throw new BridgeError(ErrorCode.InvalidOption, `ccbridge: ${String(contactId)} is not a contact id`);
    const result = await this.#act('GetWrapUpOptions', contactId === undefined ? {} : { contactId });
    const options = read(WrapUpOptions, result.data);
    if (result.status !== 'OK' || options === undefined) throw new BridgeError(ErrorCode.CommandRefused, `ccbridge: no wrap-up options: ${result.refusal ?? 'the desktop sent none'}`, result);
    return options;
  }

  /**
   * The reasons the agent may give for being unavailable
   * (`GetAgentStateOptions`): the platform's unavailable codes, for a state
   * menu. Needs `SetAgentState` granted; rejects with `COMMAND_REFUSED` (the
   * result in `details`) when the desktop cannot say.
   */
  async agentStateOptions(): Promise<AgentStateOptions> {
    const result = await this.#act('GetAgentStateOptions', {});
    const options = read(AgentStateOptions, result.data);
    if (result.status !== 'OK' || options === undefined) throw new BridgeError(ErrorCode.CommandRefused, `ccbridge: no agent state options: ${result.refusal ?? 'the desktop sent none'}`, result);
    return options;
  }

  #act(messageType: ActionMessageType, fields: Record<string, unknown>): Promise<CommandResult> {
    if (!this.actions.includes(grantOf(messageType))) {
      return Promise.reject(new BridgeError(ErrorCode.Unsupported, `ccbridge: the desktop does not grant this page ${grantOf(messageType)}`));
    }
    const requestId = this.#nextRequestId++;
    const timedOut = (): BridgeError => new BridgeError(ErrorCode.CommandTimeout, `ccbridge: no result for ${messageType}`);
    const message = { messageType, version: ACTION_VERSIONS[messageType], ...fields, issuer: this.#options.issuer ?? 'ccbridge-client', ccbridge: { requestId } };
    return this.#results.wait(requestId, this.#timeoutMs, timedOut, () => this.#link.send(message)) as Promise<CommandResult>;
  }

  // ---- Receiving ----

  #receive(envelope: Envelope, port: MessagePort | undefined): void {
    const first = readControlItem(envelope.events[0]);
    if (first?.messageType === 'ClientEventSubscriptionAcknowledge') this.#acknowledged(first, envelope, port);
    else if (this.#status !== 'registered') {
      // Events before an acknowledgement are not for us (or the host is confused).
      this.ignored.malformed += 1;
      return;
    }
    this.#checkSequence(envelope);
    const events: PlatformEvent[] = [];
    for (const item of envelope.events) {
      if (typeof item !== 'object' || item === null) {
        this.ignored.invalidEvents += 1;
      } else if (Object.hasOwn(item, 'messageType')) {
        this.#control(item);
      } else {
        const event = parseReceivedEvent(item);
        if (event === undefined) this.ignored.invalidEvents += 1;
        else events.push(event);
      }
    }
    for (const event of events) this.#apply(event);
    if (events.length > 0) this.#emitter.emit('batch', { events, envelope });
  }

  #acknowledged(ack: ClientEventSubscriptionAcknowledge, envelope: Envelope, port: MessagePort | undefined): void {
    this.#acknowledgement = ack;
    if (ack.status === 'OK') {
      this.#status = 'registered';
      this.#extensions = envelope.ccbridge;
      this.#seq = 0;
      if (envelope.ccbridge?.channel === true && port !== undefined) this.#link.usePort(port);
      this.#registering.settle(0, ack);
    } else {
      // On ERROR the desktop stored nothing.
      this.#status = 'idle';
      this.#mayBeSubscribed = false;
      this.#ready = undefined;
      this.#registering.settle(0, ack, new BridgeError(ErrorCode.RegistrationRejected, `ccbridge: registration refused: ${ack.reason}`, ack));
    }
    this.#emitter.emit('acknowledge', ack);
  }

  #checkSequence(envelope: Envelope): void {
    if (envelope.seq === undefined) return;
    const expected = this.#seq + 1;
    this.#seq = envelope.seq;
    if (envelope.seq !== expected) {
      this.#emitter.emit('error', new BridgeError(ErrorCode.SequenceGap, `ccbridge: expected envelope ${expected}, got ${envelope.seq}`, { expected, received: envelope.seq }));
    }
  }

  /** Non-event items: the acknowledgement (handled above), SessionInfo, CommandResult. */
  #control(item: object): void {
    const control = readControlItem(item);
    if (control === undefined) {
      this.ignored.invalidEvents += 1;
    } else if (control.messageType === 'SessionInfo') {
      this.#sessionToken = control.sessionToken;
      this.#emitter.emit('sessionInfo', { sessionToken: control.sessionToken });
    } else if (control.messageType === 'SearchContact' || control.messageType === 'SaveCallLog') {
      void this.#serve(control);
    } else if (control.messageType === 'CommandResult') {
      if (!this.#results.has(control.requestId)) return;
      if (control.status === 'OK' && control.contactId !== null && control.action !== null && !isActionName(control.action)) this.#state.carriedOut(control.action, control.contactId);
      this.#results.settle(control.requestId, control);
      this.#emitter.emit('commandResult', control);
    }
  }

  #apply(event: PlatformEvent): void {
    const change = this.#state.apply(event);
    this.#emitter.emit('event', event);
    this.#emitter.emit(event.Type, event);
    if (change.kind === 'agent') this.#emitter.emit('agentState', { agentState: change.agentState });
    else if (change.kind === 'session-ended') {
      this.#emitter.emit('agentState', { agentState: undefined });
      this.#emitter.emit('contacts', { contacts: this.#state.contacts, change });
    } else if (change.kind !== 'none') this.#emitter.emit('contacts', { contacts: this.#state.contacts, change });
  }
}

/**
 * The subscription types a page asks for: at least one, each one MAX knows
 * (any case, as MAX reads them). A typo would only come back as an ERROR
 * acknowledgement; it is refused here, before anything is sent.
 */
function checkSubscriptionTypes(types: unknown): void {
  const unknownTypes = Array.isArray(types) ? types.filter((type) => subscriptionType(type) === undefined) : [];
  if (!Array.isArray(types) || types.length === 0 || unknownTypes.length > 0) {
    const what = Array.isArray(types) && types.length > 0 ? `unknown subscription type ${unknownTypes.map((type) => JSON.stringify(type)).join(', ')}` : 'no subscription type';
    throw new BridgeError(ErrorCode.InvalidOption, `ccbridge: ${what}; use ${SUBSCRIPTION_TYPES.join(', ')}`);
  }
}
