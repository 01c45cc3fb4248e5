/**
 * The Huawei AICC connection-bar dialect (docs/aicc.md).
 *
 * A page subscribes by posting `{ name: 'eventpost', param: [identifiers] }`,
 * as an object or as the JSON string the AICC sample sends. ccbridge answers
 * each matching event with one message, in the same form the page used
 * (a JSON string to a page that posted a string, an object otherwise):
 *
 * ```
 * { name: 'AgentOther_PhoneAlerting',   // the identifier
 *   contactId: 2000001,                 // or null for agent events
 *   event: { Type: 'CallContactEvent', … } }   // the source event, unchanged
 * ```
 *
 * An `eventpost` naming an unknown identifier changes nothing and gets
 * `{ name: 'eventpost', status: 'ERROR', reason: 'Unknown event identifier', invalid: [...] }`.
 */
import { contactIdOf, isContactEvent, isFinalEvent, isSessionEnd, isTrue } from './rules.js';
import { array, literal, object, parse, string } from './shape.js';
import type { Infer } from './shape.js';
import type { ContactEvent, PlatformEvent } from './events.js';

/** The sixteen AICC event identifiers a page can subscribe to with `eventpost`. */
export const AICC_IDENTIFIERS = [
  'AgentState_Busy',
  'AgentState_Work',
  'AgentState_Ready',
  'AgentState_SetNotReady_Success',
  'AgentState_CancelNotReady_Success',
  'AgentState_SetRest_Success',
  'AgentState_CancelRest_Success',
  'AgentState_Rest_Timeout',
  'AgentState_SetWork_Success',
  'AgentState_CancelWork_Success',
  'AgentEvent_Talking',
  'AgentEvent_Customer_Alerting',
  'AgentEvent_Call_Out_Fail',
  'AgentEvent_Call_Release',
  'AgentEvent_Customer_Release',
  'AgentOther_PhoneAlerting',
] as const;
/** One of the sixteen AICC event identifiers. */
export type AiccIdentifier = (typeof AICC_IDENTIFIERS)[number];

/** The longest JSON string an `eventpost` may be; longer strings are not parsed. */
export const MAX_EVENTPOST_LENGTH = 65_536;

/** A subscription: at most 64 identifiers of at most 128 characters (unknown ones are refused by name later). */
export const EventPost = /* @__PURE__ */ object({ name: /* @__PURE__ */ literal('eventpost'), param: /* @__PURE__ */ array(/* @__PURE__ */ string(0, 128), 64) });
export type EventPost = Infer<typeof EventPost>;

/** The form the page used, so ccbridge can answer in kind. */
export type AiccForm = 'string' | 'object';

/**
 * Reads an `eventpost` in either form. `undefined` means "not an eventpost"
 * (another dialect's message); `{ error }` means an eventpost that is malformed.
 */
export function readEventPost(data: unknown): { post: EventPost; form: AiccForm } | { error: string } | undefined {
  let value = data;
  let form: AiccForm = 'object';
  if (typeof data === 'string') {
    if (data.length > MAX_EVENTPOST_LENGTH || !data.includes('eventpost')) return undefined;
    try {
      value = JSON.parse(data) as unknown;
    } catch {
      return undefined;
    }
    form = 'string';
  }
  if (typeof value !== 'object' || value === null || !Object.hasOwn(value, 'name') || (value as { name: unknown }).name !== 'eventpost') return undefined;
  // A hostile value (`{ length: { valueOf: 0 } }`) fails the parse; it never throws.
  const parsed = parse(EventPost, value);
  if (!parsed.success) return { error: 'param must be an array of event identifiers (strings)' };
  return { post: parsed.data, form };
}

const known: ReadonlySet<string> = new Set(AICC_IDENTIFIERS);

export function isAiccIdentifier(value: string): value is AiccIdentifier {
  return known.has(value);
}

/** What an AICC page receives for one identifier: the platform event, unchanged, and its contact. */
export interface AiccMessage {
  readonly name: AiccIdentifier;
  readonly contactId: number | null;
  readonly event: PlatformEvent;
}

/** The reply to an `eventpost` the host refuses. */
export interface AiccError {
  readonly name: 'eventpost';
  readonly status: 'ERROR';
  readonly reason: string;
  readonly invalid: readonly unknown[];
}

/** Reasons an agent is unavailable that AICC calls "rest" rather than "busy" (not ready). */
const REST_REASON = /break|rest|lunch|pause/i;
const BUSY_STATES: ReadonlySet<string> = new Set(['InboundContact', 'OutboundContact', 'Busy', 'InboundConsult', 'OutboundConsult']);
const AGENT_RELEASE = /agent/i;

type AgentMode = 'ready' | 'notReady' | 'rest' | 'work' | 'busy' | 'other';

/**
 * The mapping table: which AICC identifiers each common event means. It
 * keeps the previous agent state and each call's previous status, because
 * AICC names transitions ("SetRest_Success") where CXone sends states.
 *
 * | identifier | from the common vocabulary |
 * |---|---|
 * | `AgentState_Ready` | `AgentState` `Available` |
 * | `AgentState_Busy` | `AgentState` `InboundContact`, `OutboundContact` or `Busy` |
 * | `AgentState_Work` | `AgentState` `ACW` (or `IsAcw` true) |
 * | `AgentState_SetWork_Success` / `AgentState_CancelWork_Success` | entering / leaving `ACW` |
 * | `AgentState_SetNotReady_Success` / `AgentState_CancelNotReady_Success` | entering / leaving `Unavailable` with a reason that is not a rest |
 * | `AgentState_SetRest_Success` / `AgentState_CancelRest_Success` | entering / leaving `Unavailable` with a rest reason (break, rest, lunch, pause) |
 * | `AgentState_Rest_Timeout` | `Indicator` with `Name: 'RestTimeout'` (a source or the desktop raises it when a break runs over) |
 * | `AgentEvent_Talking` | a call becoming `Active` |
 * | `AgentEvent_Customer_Alerting` | a call becoming `Holding` |
 * | `AgentOther_PhoneAlerting` | an inbound call seen `Incoming` or `Ringing` for the first time |
 * | `AgentEvent_Call_Out_Fail` | an outbound call ending (final `Disconnected`) without having been `Active` |
 * | `AgentEvent_Call_Release` | a call ending that the agent released: the desktop sent it `end`/`reject`, or `DisconnectReason`/`DisconnectCode` names the agent |
 * | `AgentEvent_Customer_Release` | any other call ending (the caller hung up, ringing or talking) |
 */
export class AiccTranslator {
  #agentMode: AgentMode | undefined;
  readonly #calls = new Map<number, { status: string; talked: boolean }>();
  readonly #releasedByAgent = new Set<number>();

  /** The desktop asked the platform to end or reject this contact (AgentEvent_Call_Release). */
  agentReleased(contactId: number): void {
    this.#releasedByAgent.add(contactId);
  }

  /** The identifiers an event raises, given what came before (it keeps the calls' and the agent's progress). */
  identifiers(event: PlatformEvent): AiccIdentifier[] {
    if (event.Type === 'AgentState') return this.#agentState(event);
    if (event.Type === 'Indicator' && event['Name'] === 'RestTimeout') return ['AgentState_Rest_Timeout'];
    if (isSessionEnd(event)) {
      this.#calls.clear();
      this.#agentMode = undefined;
      return [];
    }
    if (isContactEvent(event) && event.Type === 'CallContactEvent') return this.#call(event);
    return [];
  }

  #agentState(event: PlatformEvent): AiccIdentifier[] {
    const state = String(event['CurrentState']);
    const mode: AgentMode =
      state === 'Available'
        ? 'ready'
        : state === 'ACW' || isTrue(event['IsAcw'])
          ? 'work'
          : BUSY_STATES.has(state)
            ? 'busy'
            : state === 'Unavailable'
              ? REST_REASON.test(String(event['CurrentOutReason'] ?? ''))
                ? 'rest'
                : 'notReady'
              : 'other';
    const previous = this.#agentMode;
    this.#agentMode = mode;
    const out: AiccIdentifier[] = [];
    if (previous !== mode) {
      if (previous === 'notReady') out.push('AgentState_CancelNotReady_Success');
      if (previous === 'rest') out.push('AgentState_CancelRest_Success');
      if (previous === 'work') out.push('AgentState_CancelWork_Success');
      if (mode === 'notReady') out.push('AgentState_SetNotReady_Success');
      if (mode === 'rest') out.push('AgentState_SetRest_Success');
      if (mode === 'work') out.push('AgentState_SetWork_Success');
    }
    if (mode === 'ready') out.push('AgentState_Ready');
    if (mode === 'busy') out.push('AgentState_Busy');
    if (mode === 'work') out.push('AgentState_Work');
    return out;
  }

  #call(event: ContactEvent): AiccIdentifier[] {
    const contactId = contactIdOf(event) as number;
    const known = this.#calls.get(contactId);
    const status = event.Status;
    const out: AiccIdentifier[] = [];
    if (isFinalEvent(event)) {
      this.#calls.delete(contactId);
      const byAgent = this.#releasedByAgent.delete(contactId) || AGENT_RELEASE.test(String(event['DisconnectReason'] ?? event['DisconnectCode'] ?? ''));
      const talked = known?.talked === true;
      if (!talked && !isTrue(event.IsInbound)) out.push('AgentEvent_Call_Out_Fail');
      else out.push(byAgent ? 'AgentEvent_Call_Release' : 'AgentEvent_Customer_Release');
      return out;
    }
    if (known === undefined && isTrue(event.IsInbound) && (status === 'Incoming' || status === 'Ringing')) out.push('AgentOther_PhoneAlerting');
    if (status !== known?.status) {
      if (status === 'Active') out.push('AgentEvent_Talking');
      if (status === 'Holding') out.push('AgentEvent_Customer_Alerting');
    }
    this.#calls.set(contactId, { status, talked: (known?.talked ?? false) || status === 'Active' });
    return out;
  }
}
