/**
 * How ccbridge reads platform events once they are checked: contact ids,
 * platform booleans, when a contact or the session is over. Plain functions
 * that pages, hosts and sources share; the statements of what is valid are in
 * events.ts (platform events) and envelope.ts (what a page reads).
 */
import type { ContactEvent, PlatformEvent } from './events.js';

export const contactEventTypes: ReadonlySet<string> = /* @__PURE__ */ new Set(['CallContactEvent', 'TextContactEvent', 'WorkItemContactEvent']);

/** The decimal string of a positive integer, at most 16 digits (the safe-integer check follows). */
const DECIMAL_ID = /^[1-9]\d{0,15}$/;

/**
 * The contact id of a value as a number, or `null` when it is absent or not a
 * valid id: a positive safe integer, or its decimal string. Pages and
 * platforms send `42` or `"42"`; both compare equal here.
 */
export function toContactId(value: unknown): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value > 0 ? value : null;
  if (typeof value === 'string' && DECIMAL_ID.test(value)) {
    const id = Number(value);
    return Number.isSafeInteger(id) ? id : null;
  }
  return null;
}

/** `AgentSessionEnd`, or `RemoteAgentSessionEnd` (ended from elsewhere): the session is over either way. */
export function isSessionEnd(event: PlatformEvent): boolean {
  return event.Type === 'AgentSessionEnd' || event.Type === 'RemoteAgentSessionEnd';
}

/** The contact an event is about, or `null` for agent-level events. */
export function contactIdOf(event: PlatformEvent): number | null {
  return Object.hasOwn(event, 'ContactID') ? toContactId(event['ContactID']) : null;
}

/** Whether the event describes a contact (a call, chat or work item event with a usable `ContactID`). */
export function isContactEvent(event: PlatformEvent): event is ContactEvent {
  return contactEventTypes.has(event.Type) && contactIdOf(event) !== null;
}

/** Reads a platform boolean: `true`, `"True"` and `"true"` are true. */
export function isTrue(value: unknown): boolean {
  return value === true || (typeof value === 'string' && value.toLowerCase() === 'true');
}

/** A contact is over at `Status: 'Disconnected'` with a true `FinalState`. */
export function isFinalEvent(event: ContactEvent): boolean {
  return event.Status === 'Disconnected' && isTrue(event.FinalState);
}
