/**
 * The AICC connection-bar dialect for a BridgeHost (docs/aicc.md):
 * `new BridgeHost({ dialects: [aiccDialect()] })`.
 *
 * A window on an allowed origin (the host's parent in connection-bar mode,
 * or one of its frames) subscribes with `eventpost`; subscriptions are
 * additive (a second `eventpost` adds identifiers). Each matching event goes
 * out as one message per identifier, in the form the page used (string or
 * object), to the page's exact origin, filtered by the origin's policy. See
 * protocol/aicc.ts for the shapes and the mapping table.
 */
import { AiccTranslator, isAiccIdentifier, readEventPost } from '../protocol/aicc.js';
import type { AiccError, AiccForm, AiccIdentifier, AiccMessage } from '../protocol/aicc.js';
import { Refusal } from '../protocol/errors.js';
import { contactIdOf } from '../protocol/rules.js';
import type { AgentState, PlatformEvent } from '../protocol/events.js';
import { BreakWatch, breakLimits } from './breaks.js';
import type { Dialect, DialectContext, DialectFactory } from './dialect.js';

interface AiccSubscription {
  readonly origin: string;
  readonly identifiers: Set<AiccIdentifier>;
  form: AiccForm;
}

/** Options of `aiccDialect`. */
export interface AiccDialectOptions {
  /**
   * A page that subscribes also gets, at once, the identifiers that describe
   * the current state among those it asked for: a call ringing
   * (`AgentOther_PhoneAlerting`), a call in progress (`AgentEvent_Talking`),
   * the agent's state. AICC itself sends only transitions, so a page that
   * subscribes late would not learn of a call already ringing. Default false.
   */
  readonly replayState?: boolean;
  /**
   * How long each break may last, in ms, by the agent's unavailable reason
   * (case-insensitive): `{ Lunch: 3_600_000 }`. A break that runs over sends
   * `AgentState_Rest_Timeout` once; the agent stays on the break.
   */
  readonly breakLimitsMs?: Readonly<Record<string, number>>;
  /**
   * Sees the dialect's traffic, for a desktop's log: each accepted
   * subscription (`in`, the identifiers added) and each message posted to a
   * page (`out`: identifiers, replays and ERROR replies). AICC traffic does
   * not go through the host's `delivery` event, which carries MAX envelopes.
   * A listener that throws is logged and does not stop the traffic.
   */
  readonly onTraffic?: (traffic: AiccTraffic) => void;
}

/** The dialect's traffic, for a desktop's log: a subscription heard (`in`) or a message posted to a page (`out`). */
export type AiccTraffic =
  | { readonly direction: 'in'; readonly origin: string; readonly identifiers: readonly AiccIdentifier[] }
  | { readonly direction: 'out'; readonly origin: string; readonly message: AiccMessage | AiccError };

/** The Huawei AICC connection-bar dialect, for `BridgeHostOptions.dialects`: pages subscribe with `eventpost` and get one message per identifier (docs/aicc.md). Bad `breakLimitsMs` throw `INVALID_OPTION` here. */
export function aiccDialect(options: AiccDialectOptions = {}): DialectFactory {
  // Checked here, so a bad limit fails where the desktop configures it.
  const limits = options.breakLimitsMs === undefined ? undefined : breakLimits(options.breakLimitsMs);
  return (context) => new AiccDialect(context, options.replayState === true, limits, options.onTraffic);
}

class AiccDialect implements Dialect {
  readonly #translator = new AiccTranslator();
  readonly #subscriptions = new Map<Window, AiccSubscription>();
  readonly #stop: () => void;
  readonly #breaks: BreakWatch | undefined;

  constructor(
    readonly context: DialectContext,
    readonly replayState: boolean,
    limits: ReadonlyMap<string, number> | undefined,
    readonly onTraffic?: (traffic: AiccTraffic) => void,
  ) {
    // AgentEvent_Call_Release means the agent ended the call: the host knows when it asked.
    this.#stop = context.on('command', ({ action, contactId, refusal }) => {
      if (refusal === null && contactId !== null && (action === 'end' || action === 'reject')) this.#translator.agentReleased(contactId);
    });
    // No platform says a break ran over: the dialect keeps the time.
    this.#breaks = limits === undefined ? undefined : new BreakWatch(limits, ({ agentState }) => this.#send(['AgentState_Rest_Timeout'], agentState));
  }

  receive(window: Window, origin: string, data: unknown): boolean {
    const read = readEventPost(data);
    if (read === undefined) return false;
    const form: AiccForm = typeof data === 'string' ? 'string' : 'object';
    const refuse = (reason: string, invalid: readonly unknown[]): true => {
      const code = reason === 'Not permitted for this origin' ? Refusal.NotPermitted : Refusal.MalformedMessage;
      this.context.log.once(`${origin}|${code}|eventpost|${reason}`, 'warn', code, `eventpost from ${origin} refused: ${reason}${invalid.length > 0 ? `: ${invalid.map(String).join(', ')}` : ''}`);
      const error: AiccError = { name: 'eventpost', status: 'ERROR', reason, invalid };
      this.#post(window, origin, form, error);
      return true;
    };
    if ('error' in read) return refuse(read.error, []);
    const types = this.context.policyFor(origin).subscriptionTypes;
    if (types.size === 0) return refuse('Not permitted for this origin', []);
    const { param } = read.post;
    if (param.length === 0) return refuse('No event identifier', []);
    const invalid = param.filter((identifier) => !isAiccIdentifier(identifier));
    // One bad identifier refuses the whole request: nothing changes, as for MAX.
    if (invalid.length > 0) return refuse('Unknown event identifier', invalid);
    // The origin's subscription types hold here as for MAX: agent identifiers need
    // `agent` (or `all`), call identifiers `contacts` (or `all`).
    const denied = param.filter((identifier) => !types.has('all') && !types.has(identifier.startsWith('AgentState_') ? 'agent' : 'contacts'));
    if (denied.length > 0) return refuse('Not permitted for this origin', denied);
    let subscription = this.#subscriptions.get(window);
    if (subscription === undefined || subscription.origin !== origin) {
      subscription = { origin, identifiers: new Set(), form: read.form };
      this.#subscriptions.set(window, subscription);
    }
    subscription.form = read.form;
    const added = param.filter((identifier) => !subscription.identifiers.has(identifier as AiccIdentifier)) as AiccIdentifier[];
    for (const identifier of added) subscription.identifiers.add(identifier);
    this.#observe({ direction: 'in', origin, identifiers: param as AiccIdentifier[] });
    if (this.replayState) this.#replay(window, subscription, new Set(added));
    return true;
  }

  /** Sends a new subscriber the identifiers that describe the state now, among those it just added. */
  #replay(window: Window, subscription: AiccSubscription, added: ReadonlySet<AiccIdentifier>): void {
    const { agentState, contacts } = this.context.current();
    const allowed = this.context.policyFor(subscription.origin).events;
    // A translator of its own, fed the current state, names it as transitions from nothing.
    const now = new AiccTranslator();
    for (const event of agentState === undefined ? contacts : [agentState, ...contacts]) {
      if (allowed !== undefined && !allowed(event)) continue;
      for (const name of now.identifiers(event)) {
        if (added.has(name)) this.#post(window, subscription.origin, subscription.form, { name, contactId: contactIdOf(event), event: this.context.redact(event, subscription.origin) });
      }
    }
  }

  deliver(event: PlatformEvent): void {
    // The translator follows every event, subscribers or not, to know transitions.
    this.#send(this.#translator.identifiers(event), event);
    if (event.Type === 'AgentState') this.#breaks?.agentState(event as AgentState);
    else if (event.Type === 'AgentSessionEnd') this.#breaks?.agentState(undefined);
  }

  /** Posts each identifier to the windows subscribed to it, as the origin's policy allows. */
  #send(identifiers: readonly AiccIdentifier[], event: PlatformEvent): void {
    if (identifiers.length === 0 || this.#subscriptions.size === 0) return;
    const contactId = contactIdOf(event);
    for (const [window, subscription] of this.#subscriptions) {
      if (window.closed) {
        this.#subscriptions.delete(window);
        continue;
      }
      const allowed = this.context.policyFor(subscription.origin).events;
      if (allowed !== undefined && !allowed(event)) continue;
      const visible = this.context.redact(event, subscription.origin);
      for (const name of identifiers) {
        if (!subscription.identifiers.has(name)) continue;
        const message: AiccMessage = { name, contactId, event: visible };
        this.#post(window, subscription.origin, subscription.form, message);
      }
    }
  }

  dispose(): void {
    this.#stop();
    this.#breaks?.dispose();
    this.#subscriptions.clear();
  }

  #post(window: Window, origin: string, form: AiccForm, message: AiccMessage | AiccError): void {
    try {
      window.postMessage(form === 'string' ? JSON.stringify(message) : message, this.context.targetFor(origin));
    } catch (error) {
      this.context.log.write('error', 'INTERNAL', `could not post an AICC message to ${origin}`, error);
      return;
    }
    this.#observe({ direction: 'out', origin, message });
  }

  #observe(traffic: AiccTraffic): void {
    if (this.onTraffic === undefined) return;
    try {
      this.onTraffic(traffic);
    } catch (error) {
      this.context.log.once('aicc|onTraffic', 'error', 'INTERNAL', 'the AICC onTraffic listener threw', error);
    }
  }
}

export { AICC_IDENTIFIERS, AiccTranslator } from '../protocol/aicc.js';
export type { AiccError, AiccForm, AiccIdentifier, AiccMessage } from '../protocol/aicc.js';
export { BreakWatch, breakLimits } from './breaks.js';
export type { RestTimeout } from './breaks.js';
