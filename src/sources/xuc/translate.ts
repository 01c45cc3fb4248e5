/**
 * Xivo XUC CTI messages translated into the CXone event vocabulary, so pages
 * see one vocabulary whatever the platform.
 *
 * | XUC message | becomes |
 * |---|---|
 * | `AgentStateEvent` `AgentReady` | `AgentState` `CurrentState: 'Available'` |
 * | `AgentStateEvent` `AgentOnPause` | `AgentState` `'Unavailable'`, `CurrentOutReason` = `cause` |
 * | `AgentStateEvent` `AgentOnWrapup` | `AgentState` `'ACW'` (after-call work) |
 * | `AgentStateEvent` `AgentLoggedOut` | `AgentState` `'LoggedOut'` |
 * | `AgentStateEvent` `AgentRinging` | the agent's call: `CallContactEvent` `Status: 'Incoming'`, `AgentState` `'InboundContact'` |
 * | `AgentStateEvent` `AgentDialing` | the agent's call: `Status: 'Dialing'`, `IsInbound: 'False'`, `AgentState` `'OutboundContact'` |
 * | `AgentStateEvent` `AgentOnCall` | the agent's call: `Status: 'Active'` (`IsInbound` from `direction`) |
 * | any other `AgentStateEvent` while a call is current | that call `Status: 'Disconnected'`, `FinalState: 'True'`, then the state |
 * | `PhoneEvent` `EventRinging` / `EventDialing` / `EventEstablished` / `EventOnHold` | the call of `linkedId`: `Incoming` / `Dialing` / `Active` / `Holding`; `ANI` = `otherDN`, `DNIS` = `DN`, `Skill` = `queueName` |
 * | `PhoneEvent` `EventReleased` | that call `Disconnected`, `FinalState: 'True'` |
 * | `AgentError`, `Error` | reported as errors (`BridgeError` `PLATFORM_ERROR`), no event |
 * | anything else (`RightProfile`, `Sheet`, statistics, …) | nothing |
 *
 * XUC identifies calls by `linkedId` (e.g. `"1447670380.34"`), not by an
 * integer, so each call gets the next integer `ContactID` (from 1, per
 * translator). A call announced by an `AgentStateEvent` before its first
 * `PhoneEvent` keeps its id when the `PhoneEvent` names its `linkedId`.
 */
import * as z from 'zod/mini';
import type { PlatformEvent } from '../../protocol/events.js';

export const XucMessage = z.object({ msgType: z.string(), ctiMessage: z.optional(z.unknown()) });

const AgentStateEventBody = z.looseObject({
  name: z.string(),
  agentId: z.optional(z.number()),
  phoneNb: z.optional(z.string()),
  since: z.optional(z.number()),
  queues: z.optional(z.array(z.number())),
  cause: z.optional(z.string()),
  direction: z.optional(z.string()),
});

const PhoneEventBody = z.looseObject({
  eventType: z.string(),
  DN: z.optional(z.string()),
  otherDN: z.optional(z.string()),
  linkedId: z.optional(z.string()),
  uniqueId: z.optional(z.string()),
  queueName: z.optional(z.string()),
});

export type Translation =
  | { readonly kind: 'events'; readonly events: PlatformEvent[] }
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'ignored' };

interface Call {
  readonly contactId: number;
  linkedId: string | undefined;
  event: PlatformEvent;
}

const PHONE_STATUS: ReadonlyMap<string, string> = new Map([
  ['EventRinging', 'Incoming'],
  ['EventDialing', 'Dialing'],
  ['EventEstablished', 'Active'],
  ['EventOnHold', 'Holding'],
]);

export class XucTranslator {
  #nextContactId = 1;
  /** The calls that have not ended, oldest first. */
  readonly #calls: Call[] = [];
  constructor(readonly now: () => Date = () => new Date()) {}

  translate(value: unknown): Translation {
    const message = XucMessage.safeParse(value);
    if (!message.success) return { kind: 'error', message: 'not a XUC message ({ msgType, ctiMessage })' };
    const { msgType, ctiMessage } = message.data;
    if (msgType === 'AgentStateEvent') return this.#agentState(ctiMessage);
    if (msgType === 'PhoneEvent') return this.#phone(ctiMessage);
    if (msgType === 'AgentError' || msgType === 'Error') return { kind: 'error', message: `XUC ${msgType}: ${JSON.stringify(ctiMessage)}` };
    return { kind: 'ignored' };
  }

  #agentState(body: unknown): Translation {
    const parsed = AgentStateEventBody.safeParse(body);
    if (!parsed.success) return { kind: 'error', message: 'AgentStateEvent without a name' };
    const { name, cause, direction, agentId, phoneNb } = parsed.data;
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
    switch (name) {
      case 'AgentRinging':
        return { kind: 'events', events: [agent('InboundContact'), this.#update(current, 'Incoming', { IsInbound: 'True' })] };
      case 'AgentDialing':
        return { kind: 'events', events: [agent('OutboundContact'), this.#update(current, 'Dialing', { IsInbound: 'False' })] };
      case 'AgentOnCall':
        return { kind: 'events', events: [this.#update(current, 'Active', direction === undefined ? {} : { IsInbound: direction === 'Incoming' ? 'True' : 'False' })] };
      default: {
        // The agent left the call: every call still current is over.
        const ended = this.#calls.splice(0).map((call) => ({ ...call.event, Status: 'Disconnected', FinalState: 'True' }));
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
    const parsed = PhoneEventBody.safeParse(body);
    if (!parsed.success) return { kind: 'error', message: 'PhoneEvent without an eventType' };
    const { eventType, linkedId, otherDN, DN, queueName } = parsed.data;
    let call = linkedId === undefined ? undefined : this.#calls.find((candidate) => candidate.linkedId === linkedId);
    // A call announced by an AgentStateEvent before its first PhoneEvent.
    call ??= this.#calls.find((candidate) => candidate.linkedId === undefined);
    const fields = {
      ...(otherDN === undefined ? {} : { ANI: otherDN }),
      ...(DN === undefined ? {} : { DNIS: DN }),
      ...(queueName === undefined ? {} : { Skill: queueName }),
      ...(linkedId === undefined ? {} : { LinkedId: linkedId }),
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
    if (updated !== undefined && linkedId !== undefined) updated.linkedId = linkedId;
    return { kind: 'events', events: [event] };
  }

  /** The call's next event (a new call when there is none). */
  #update(call: Call | undefined, Status: string, fields: Record<string, unknown>): PlatformEvent {
    let target = call;
    if (target === undefined) {
      const contactId = this.#nextContactId++;
      target = {
        contactId,
        linkedId: undefined,
        event: { Type: 'CallContactEvent', ContactID: contactId, Status, StartTimeUTC: this.now().toISOString(), FinalState: 'False', IsInbound: 'True', MediaType: 'PhoneCall' },
      };
      this.#calls.push(target);
    }
    target.event = { ...target.event, ...fields, Status, LastStateChangeTimeUTC: this.now().toISOString() };
    return target.event;
  }
}
