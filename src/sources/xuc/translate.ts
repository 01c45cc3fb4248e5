/**
 * Xivo XUC CTI messages translated into the CXone event vocabulary, so pages
 * see one vocabulary whatever the platform. Shapes: the seed
 * (`xivo-xuc-agent-api.txt`) and XiVO's own `cti.js`; docs/platforms.md.
 *
 * | XUC message | becomes |
 * |---|---|
 * | `LoggedOn` / `LoggedOnError` | the link is up / a failed connection (`loggedOnFailed`, `loggedOnTimeout`) |
 * | `UserConfigUpdate` `{ agentId }` | this agent's id: other agents' `AgentStateEvent`s are dropped |
 * | `AgentStateEvent` `AgentReady` | `AgentState` `CurrentState: 'Available'` |
 * | `AgentStateEvent` `AgentOnPause` | `AgentState` `'Unavailable'`, `CurrentOutReason` = `cause` |
 * | `AgentStateEvent` `AgentOnWrapup` | `AgentState` `'ACW'` with `IsAcw` (after-call work) |
 * | `AgentStateEvent` `AgentLoggedOut` | `AgentState` `'LoggedOut'` |
 * | `AgentStateEvent` `AgentLogin` (deprecated) | nothing: it ends no call |
 * | `AgentStateEvent` `AgentRinging` | the agent's call (another one while a call is answered: a consult, a second call): `CallContactEvent` `Status: 'Incoming'`, `AgentState` `'InboundContact'` |
 * | `AgentStateEvent` `AgentDialing` | the agent's call (another one while a call is answered): `Status: 'Dialing'`, `IsInbound: 'False'`, `AgentState` `'OutboundContact'` |
 * | `AgentStateEvent` `AgentOnCall` | the agent's call: `Status: 'Active'` (`IsInbound` from `direction`) |
 * | `AgentReady`, `AgentOnWrapup` or `AgentLoggedOut` while a call is current | that call `Disconnected`, `FinalState: 'True'`, then the state |
 * | `PhoneEvent` `EventRinging` / `EventDialing` / `EventEstablished` / `EventOnHold` | the call of `linkedId` (else `uniqueId`): `Incoming` / `Dialing` / `Active` / `Holding`; `ANI` = `otherDN` (the other party), `CallerName` = `otherDName`, `DNIS` = `userData.XIVO_DSTNUM` (the number dialled; `DN` is the agent's own line), `IsInbound` from `callDirection`, `Skill` = `queueName`, `AttachedData` = the `USR_*` entries of `userData` |
 * | `PhoneEvent` `EventReleased` | that call `Disconnected`, `FinalState: 'True'` |
 * | `CurrentCallsPhoneEvents` `{ events }` | each phone event, as above (the answer to the resync on connection) |
 * | `Sheet` | the screen pop of the newest call: its `url` entries (lowest `order` first) become `ScreenPopUrl`, its `text` entries join `AttachedData` |
 * | `AgentError`, `Error` | reported as errors (`BridgeError` `PLATFORM_ERROR`, `details` the message's fields), no event |
 * | anything else (`RightProfile`, statistics, …) | nothing |
 *
 * XUC identifies calls by `linkedId` (e.g. `"1447670380.34"`) and each leg
 * by `uniqueId`, not by an integer, so each call gets the next integer
 * `ContactID` (from 1, per translator). A call announced by an
 * `AgentStateEvent` before its first `PhoneEvent` keeps its id when the
 * `PhoneEvent` arrives.
 */
import type { PlatformEvent } from '../../protocol/events.js';
import { array, literal, nullable, number, object, optional, parse, record, string, unknown } from '../../protocol/shape.js';
import type { Infer } from '../../protocol/shape.js';

// The XUC messages the source reads, stated once (shape.ts); fields from the
// seed and XiVO's cti.js (docs/platforms.md). Unknown fields are kept on the
// events (`keep`) and dropped elsewhere.
export const XucMessage = object({ msgType: string(), ctiMessage: optional(unknown()) });

export const AgentStateEventBody = object(
  {
    name: string(),
    agentId: optional(number()),
    phoneNb: optional(string()),
    since: optional(number()),
    queues: optional(array(number())),
    cause: optional(string()),
    direction: optional(string()),
  },
  { keep: true },
);

export const PhoneEventBody = object(
  {
    eventType: string(),
    DN: optional(string()),
    otherDN: optional(string()),
    otherDName: optional(string()),
    linkedId: optional(string()),
    uniqueId: optional(string()),
    queueName: optional(string()),
    callDirection: optional(string()),
    userData: optional(record(unknown())),
  },
  { keep: true },
);

const SheetEntry = object({ name: string(), value: string(), type: string(), order: optional(number()) }, { keep: true });
/**
 * Where a translator stands (`XucSource.checkpoint`): the next contact id
 * and the calls it holds, so a source in another tab keeps the same contact
 * ids for the same calls (`sharedSource`).
 */
export const XucCheckpoint = object({
  nextContactId: number({ integer: true, min: 1 }),
  agentId: nullable(number()),
  calls: array(
    object({
      contactId: number({ integer: true, min: 1 }),
      linkedId: nullable(string()),
      uniqueId: nullable(string()),
      event: object({ Type: literal('CallContactEvent'), ContactID: number({ integer: true, min: 1 }), Status: string() }, { keep: true }),
    }),
    1000,
  ),
});
export type XucCheckpoint = Infer<typeof XucCheckpoint>;

export const SheetBody = object({
  payload: object({ profile: object({ user: object({ sheetInfo: array(SheetEntry) }) }) }),
  channel: optional(string()),
});

/** An agent error of the seed, with its fields (`PhoneNumberUnknown`, `LoggedInOnAnotherPhone` with `phoneNb` and `RequestedNb`). */
export interface XucAgentError {
  readonly error: string;
  readonly phoneNb?: string;
  readonly requestedNb?: string;
  readonly [field: string]: unknown;
}

/** What one XUC message means: platform events, an error, the login's outcome, or nothing. */
export type Translation =
  | { readonly kind: 'events'; readonly events: PlatformEvent[] }
  /** `unsupported`: the server does not know the command (`UnknownCommand …`, an older XUC). */
  | { readonly kind: 'error'; readonly message: string; readonly details?: XucAgentError; readonly unsupported?: boolean }
  /** The server accepted the login (`LoggedOn`): the link is up. */
  | { readonly kind: 'loggedOn' }
  /** The server refused the login (`LoggedOnError`) and closes the link. */
  | { readonly kind: 'loggedOnError'; readonly reason: string }
  | { readonly kind: 'ignored' };

interface Call {
  readonly contactId: number;
  linkedId: string | undefined;
  uniqueId: string | undefined;
  event: PlatformEvent;
}

const PHONE_STATUS: ReadonlyMap<string, string> = new Map([
  ['EventRinging', 'Incoming'],
  ['EventDialing', 'Dialing'],
  ['EventEstablished', 'Active'],
  ['EventOnHold', 'Holding'],
]);

/** Agent states that mean the agent's call is over. */
const CALL_OVER: ReadonlySet<string> = new Set(['AgentReady', 'AgentOnWrapup', 'AgentLoggedOut']);

/** Attached data keys XiVO passes through (`USR_*` dial variables and sheet text). Checked, so no key can be `__proto__`. */
const ATTACHED_KEY = /^USR_[A-Za-z0-9_]{1,64}$/;

/** Turns XUC messages into CXone-vocabulary events, keeping the call table (XUC's `linkedId`/`uniqueId` to integer `ContactID`s); `XucSource` runs one, and it is exported for desktops that read XUC themselves. */
export class XucTranslator {
  #nextContactId = 1;
  /** The calls that have not ended, oldest first. */
  readonly #calls: Call[] = [];
  /** This agent; other agents' states are dropped. From the `agentId` option or `UserConfigUpdate`. */
  agentId: number | undefined;

  /** A translator with no calls yet; `now` stamps the events' times, `agentId` is this agent (else learnt from `UserConfigUpdate`). */
  constructor(
    /** The clock that stamps the events' times. */
    readonly now: () => Date = () => new Date(),
    agentId?: number,
  ) {
    this.agentId = agentId;
  }

  /** The `uniqueId` of a current call, for commands that name the call. */
  uniqueIdOf(contactId: number): string | undefined {
    return this.#calls.find((call) => call.contactId === contactId)?.uniqueId;
  }

  /** Reads one parsed XUC message (`{ msgType, ctiMessage }`) and says what it means, updating the call table. */
  translate(value: unknown): Translation {
    const message = parse(XucMessage, value);
    if (!message.success) return { kind: 'error', message: 'not a XUC message ({ msgType, ctiMessage })' };
    const { msgType, ctiMessage } = message.data;
    switch (msgType) {
      case 'LoggedOn':
        return { kind: 'loggedOn' };
      case 'LoggedOnError':
        return { kind: 'loggedOnError', reason: String(field(ctiMessage, 'Error') ?? 'loggedOnFailed') };
      case 'UserConfigUpdate': {
        const agentId = field(ctiMessage, 'agentId');
        if (typeof agentId === 'number' && agentId > 0) this.agentId = agentId;
        return { kind: 'ignored' };
      }
      case 'AgentStateEvent':
        return this.#agentState(ctiMessage);
      case 'PhoneEvent':
        return this.#phone(ctiMessage);
      case 'CurrentCallsPhoneEvents':
        return this.#currentCalls(ctiMessage);
      case 'Sheet':
        return this.#sheet(ctiMessage);
      case 'AgentError':
      case 'Error':
        return this.#error(msgType, ctiMessage);
      default:
        return { kind: 'ignored' };
    }
  }

  #agentState(body: unknown): Translation {
    const parsed = parse(AgentStateEventBody, body);
    if (!parsed.success) return { kind: 'error', message: 'AgentStateEvent without a name' };
    const { name, cause, direction, agentId, phoneNb } = parsed.data;
    if (this.agentId !== undefined && agentId !== undefined && agentId !== this.agentId) return { kind: 'ignored' };
    // Deprecated: agents now go from AgentLoggedOut to AgentReady. It ends no call.
    if (name === 'AgentLogin') return { kind: 'ignored' };
    const agent = (CurrentState: string, extra: Record<string, unknown> = {}): PlatformEvent => ({
      Type: 'AgentState',
      CurrentState,
      CurrentOutReason: '',
      StartTimeUTC: this.now().toISOString(),
      AgentId: agentId,
      StationPhoneNumber: phoneNb,
      ...extra,
    });
    const current = this.#calls[this.#calls.length - 1];
    // Ringing or dialling while a call is answered (a consult, a second call) announces another call.
    const offered = current !== undefined && (current.event['Status'] === 'Active' || current.event['Status'] === 'Holding') ? undefined : current;
    switch (name) {
      case 'AgentRinging':
        return { kind: 'events', events: [agent('InboundContact'), this.#update(offered, 'Incoming', { IsInbound: 'True' })] };
      case 'AgentDialing':
        return { kind: 'events', events: [agent('OutboundContact'), this.#update(offered, 'Dialing', { IsInbound: 'False' })] };
      case 'AgentOnCall':
        return { kind: 'events', events: [this.#update(current, 'Active', direction === undefined ? {} : { IsInbound: direction === 'Incoming' ? 'True' : 'False' })] };
      default: {
        // Back to ready, wrap-up or logged out: the agent's calls are over.
        const ended = CALL_OVER.has(name) ? this.#calls.splice(0).map((call) => ({ ...call.event, Status: 'Disconnected', FinalState: 'True' })) : [];
        const state =
          name === 'AgentReady'
            ? agent('Available')
            : name === 'AgentOnPause'
              ? agent('Unavailable', { CurrentOutReason: cause ?? '' })
              : name === 'AgentOnWrapup'
                ? agent('ACW', { IsAcw: 'True' })
                : name === 'AgentLoggedOut'
                  ? agent('LoggedOut')
                  : agent(name);
        return { kind: 'events', events: [...ended, state] };
      }
    }
  }

  #phone(body: unknown): Translation {
    const parsed = parse(PhoneEventBody, body);
    if (!parsed.success) return { kind: 'error', message: 'PhoneEvent without an eventType' };
    const { eventType, linkedId, uniqueId, otherDN, otherDName, queueName, callDirection, userData } = parsed.data;
    // A release names the call by linkedId, else by the leg's uniqueId.
    let call = linkedId === undefined ? undefined : this.#calls.find((candidate) => candidate.linkedId === linkedId);
    call ??= uniqueId === undefined ? undefined : this.#calls.find((candidate) => candidate.uniqueId === uniqueId);
    // A call announced by an AgentStateEvent before its first PhoneEvent.
    call ??= this.#calls.find((candidate) => candidate.linkedId === undefined && candidate.uniqueId === undefined);
    const dialled = userData?.['XIVO_DSTNUM'];
    const attached = attachedData(userData);
    const fields = {
      ...(otherDN === undefined ? {} : { ANI: otherDN }),
      ...(otherDName === undefined ? {} : { CallerName: otherDName }),
      ...(typeof dialled === 'string' ? { DNIS: dialled } : {}),
      ...(callDirection === 'Incoming' || callDirection === 'Outgoing' ? { IsInbound: callDirection === 'Incoming' ? 'True' : 'False' } : {}),
      ...(queueName === undefined ? {} : { Skill: queueName }),
      ...(linkedId === undefined ? {} : { LinkedId: linkedId }),
      ...(uniqueId === undefined ? {} : { UniqueId: uniqueId }),
      ...(attached === undefined ? {} : { AttachedData: { ...(call?.event['AttachedData'] as object | undefined), ...attached } }),
    };
    if (eventType === 'EventReleased') {
      if (call === undefined) return { kind: 'ignored' };
      this.#calls.splice(this.#calls.indexOf(call), 1);
      return { kind: 'events', events: [{ ...call.event, ...fields, Status: 'Disconnected', FinalState: 'True' }] };
    }
    const status = PHONE_STATUS.get(eventType);
    if (status === undefined) return { kind: 'ignored' };
    const event = this.#update(call, status, fields);
    const updated = this.#calls.find((candidate) => candidate.event === event);
    if (updated !== undefined) {
      updated.linkedId = linkedId ?? updated.linkedId;
      updated.uniqueId = uniqueId ?? updated.uniqueId;
    }
    return { kind: 'events', events: [event] };
  }

  /**
   * The answer to `getCurrentCallsPhoneEvents` (sent on every connection):
   * the calls as they are now. XUC has no cursor, so a call that ended while
   * the link was down, or while another tab took over, sends no release: a
   * call this translator holds that the answer does not name is over, and
   * ends with `Reconciled: 'True'` so a page can tell it was inferred. A call
   * that appeared meanwhile is reported like any other.
   */
  #currentCalls(body: unknown): Translation {
    const events = field(body, 'events');
    if (!Array.isArray(events)) return { kind: 'error', message: 'CurrentCallsPhoneEvents without events' };
    const out: PlatformEvent[] = [];
    for (const phoneEvent of events) {
      const translation = this.#phone(phoneEvent);
      if (translation.kind === 'events') out.push(...translation.events);
    }
    const current = new Set(out.map((event) => event['ContactID']));
    const gone = this.#calls.filter((call) => !current.has(call.contactId));
    for (const call of gone) this.#calls.splice(this.#calls.indexOf(call), 1);
    const ended = gone.map((call): PlatformEvent => ({ ...call.event, Status: 'Disconnected', FinalState: 'True', Reconciled: 'True', LastStateChangeTimeUTC: this.now().toISOString() }));
    return { kind: 'events', events: [...ended, ...out] };
  }

  /** The call table as a JSON value another translator can resume from (`restore`): its contact ids stay the same. */
  get checkpoint(): XucCheckpoint {
    return { nextContactId: this.#nextContactId, agentId: this.agentId ?? null, calls: this.#calls.map((call) => ({ contactId: call.contactId, linkedId: call.linkedId ?? null, uniqueId: call.uniqueId ?? null, event: call.event as XucCheckpoint['calls'][number]['event'] })) };
  }

  /** Takes over another translator's call table (`checkpoint`); the next resync reconciles it with the calls as they are. */
  restore(checkpoint: XucCheckpoint): void {
    this.#nextContactId = Math.max(this.#nextContactId, checkpoint.nextContactId);
    if (checkpoint.agentId !== null) this.agentId ??= checkpoint.agentId;
    this.#calls.splice(0, this.#calls.length, ...checkpoint.calls.map((call) => ({ contactId: call.contactId, linkedId: call.linkedId ?? undefined, uniqueId: call.uniqueId ?? undefined, event: call.event as PlatformEvent })));
  }

  /** A screen pop: URL entries become the newest call's `ScreenPopUrl`, text entries its attached data. */
  #sheet(body: unknown): Translation {
    const parsed = parse(SheetBody, body);
    if (!parsed.success) return { kind: 'error', message: 'Sheet without payload.profile.user.sheetInfo' };
    const call = this.#calls[this.#calls.length - 1];
    if (call === undefined) return { kind: 'ignored' };
    const entries = [...parsed.data.payload.profile.user.sheetInfo].sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
    const url = entries.find((entry) => entry.type === 'url' && /^https?:\/\//i.test(entry.value))?.value;
    const text = attachedData(Object.fromEntries(entries.filter((entry) => entry.type === 'text').map((entry) => [`USR_${entry.name}`, entry.value])));
    const changes = {
      ...(url === undefined ? {} : { ScreenPopUrl: url }),
      ...(text === undefined ? {} : { AttachedData: { ...(call.event['AttachedData'] as object | undefined), ...text } }),
    };
    call.event = { ...call.event, ...changes };
    return { kind: 'events', events: [call.event] };
  }

  #error(msgType: string, body: unknown): Translation {
    const error = field(body, 'Error');
    const details: XucAgentError = {
      error: typeof error === 'string' ? error : 'unknown',
      ...(typeof field(body, 'phoneNb') === 'string' ? { phoneNb: field(body, 'phoneNb') as string } : {}),
      ...(typeof field(body, 'RequestedNb') === 'string' ? { requestedNb: field(body, 'RequestedNb') as string } : {}),
    };
    const on = details.phoneNb === undefined ? '' : ` (logged in on ${details.phoneNb}${details.requestedNb === undefined ? '' : `, asked for ${details.requestedNb}`})`;
    return { kind: 'error', message: `XUC ${msgType}: ${details.error}${on}`, details, ...(details.error.startsWith('UnknownCommand') ? { unsupported: true } : {}) };
  }

  /** The call's next event (a new call when there is none). */
  #update(call: Call | undefined, Status: string, fields: Record<string, unknown>): PlatformEvent {
    let target = call;
    if (target === undefined) {
      const contactId = this.#nextContactId++;
      target = {
        contactId,
        linkedId: undefined,
        uniqueId: undefined,
        event: { Type: 'CallContactEvent', ContactID: contactId, Status, StartTimeUTC: this.now().toISOString(), FinalState: 'False', IsInbound: 'True', MediaType: 'PhoneCall' },
      };
      this.#calls.push(target);
    }
    target.event = { ...target.event, ...fields, Status, LastStateChangeTimeUTC: this.now().toISOString() };
    return target.event;
  }
}

/** An own field of a JSON object, or `undefined`. */
function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

/** The `USR_*` entries of XiVO user data (attached data), as strings; `undefined` when there are none. */
function attachedData(userData: Readonly<Record<string, unknown>> | undefined): Record<string, string> | undefined {
  if (userData === undefined) return undefined;
  const entries = Object.entries(userData).filter(([key, value]) => ATTACHED_KEY.test(key) && (typeof value === 'string' || typeof value === 'number'));
  return entries.length === 0 ? undefined : Object.fromEntries(entries.map(([key, value]) => [key, String(value)]));
}
