/**
 * How ccbridge reads platform events, in plain code with no zod: contact
 * ids, platform booleans, when a contact is over, and the light check of an
 * event a page receives. A CRM page's bundle (the client, the element) is
 * built from these alone, so it carries no schema library; the host and the
 * sources validate with the full schemas of events.ts, which re-exports these.
 */
import type { ContactEvent, PlatformEvent } from './events.js';

export const contactEventTypes: ReadonlySet<string> = /* @__PURE__ */ new Set(['CallContactEvent', 'TextContactEvent', 'WorkItemContactEvent']);

export type Fields = Readonly<Record<string, unknown>>;

/** An object that is not an array: what every message and event must be. */
export const isRecord = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A fresh plain object with every own field of `value` but `__proto__`, or `undefined` if `value` is no object. */
export function ownFields(value: unknown): Record<string, unknown> | undefined {
  if (!isRecord(value)) return undefined;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) if (key !== '__proto__') copy[key] = value[key];
  return copy;
}

/** A fresh object with the fields of `names` that `value` has, and only those (as a schema's object does). */
export function pick<T>(value: Fields, names: readonly string[]): T {
  const picked: Record<string, unknown> = {};
  for (const name of names) if (Object.hasOwn(value, name)) picked[name] = value[name];
  return picked as T;
}

/**
 * Validates an event a page received (the fields of `ReceivedEvent`): an
 * object with a non-empty string `Type`; `Status` and `CurrentState`, when
 * present, strings; a contact event has a valid `ContactID` and a `Status`,
 * an `AgentState` a `CurrentState`. Returns a fresh object with every field
 * but `__proto__`, or `undefined`.
 */
export function parseReceivedEvent(value: unknown): PlatformEvent | undefined {
  const event = ownFields(value);
  if (event === undefined) return undefined;
  const { Type: type, Status: status, CurrentState: state } = event;
  if (typeof type !== 'string' || type === '') return undefined;
  if ((status !== undefined && typeof status !== 'string') || (state !== undefined && typeof state !== 'string')) return undefined;
  if (contactEventTypes.has(type) && (toContactId(event['ContactID']) === null || status === undefined)) return undefined;
  if (type === 'AgentState' && state === undefined) return undefined;
  return event as PlatformEvent;
}

/** `AgentSessionEnd`, or `RemoteAgentSessionEnd` (ended from elsewhere): the session is over either way. */
export function isSessionEnd(event: PlatformEvent): boolean {
  return event.Type === 'AgentSessionEnd' || event.Type === 'RemoteAgentSessionEnd';
}

/**
 * The contact id of a value as a number, or `null` when it is absent or not a
 * valid id. Pages and platforms send `42` or `"42"`; both compare equal here.
 */
export function toContactId(value: unknown): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value > 0 ? value : null;
  if (typeof value === 'string' && /^[1-9]\d{0,15}$/.test(value)) {
    const id = Number(value);
    return Number.isSafeInteger(id) ? id : null;
  }
  return null;
}

/** The contact an event is about, or `null` for agent-level events. */
export function contactIdOf(event: PlatformEvent): number | null {
  return Object.hasOwn(event, 'ContactID') ? toContactId(event['ContactID']) : null;
}

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
