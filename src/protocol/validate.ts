/**
 * Platform events as the host and the sources validate them, in plain code
 * with no zod: the rules of the schemas in events.ts (a unit test compares
 * the two on the same values), at a fraction of the bytes. Only the fields
 * the bridge relies on are strict; descriptive fields may be absent or
 * `null`, and unknown fields are kept.
 */
import { BridgeError, ErrorCode } from './errors.js';
import type { PlatformEvent } from './events.js';
import { contactEventTypes, ownFields, toContactId } from './rules.js';

type Rule = (value: unknown) => string | undefined;

const optional =
  (check: (value: unknown) => boolean, expected: string): Rule =>
  (value) =>
    value === undefined || value === null || check(value) ? undefined : `expected ${expected}`;

/** A string or a finite number (platforms disagree on which for ids and descriptive fields). */
export const isTextValue = (value: unknown): boolean => typeof value === 'string' || Number.isFinite(value);
/** A descriptive value; platforms disagree on string vs number for some. */
const text = optional(isTextValue, 'a string or a number');
/** `true`, or the platform's string form of it. */
const flag = optional((value) => typeof value === 'boolean' || typeof value === 'string', 'a boolean or a string');
const string: Rule = (value) => (typeof value === 'string' ? undefined : 'expected a string');
const contactId: Rule = (value) => (isTextValue(value) ? undefined : 'expected a string or a number');

const contactRules = {
  ContactID: contactId,
  Status: string,
  FinalState: flag,
  StartTimeUTC: text,
  LastStateChangeTimeUTC: text,
  Skill: text,
  IsInbound: flag,
  MasterID: text,
  MediaType: text,
};

/**
 * The fields checked per known `Type`; any other `Type` is kept as it is. A
 * `Map`: the key comes from untrusted data (`Type: '__proto__'`).
 */
const byType: Readonly<Record<string, Readonly<Record<string, Rule>>>> = {
  AgentSessionStart: {},
  AgentSessionEnd: {},
  RemoteAgentSessionEnd: {},
  Mute: { AgentMuted: flag },
  AgentState: {
    CurrentState: string,
    CurrentOutReason: text,
    StartTimeUTC: text,
    NextStates: optional(Array.isArray, 'an array'),
    IsAcw: flag,
    NextIsAcw: flag,
    AcwTimeout: text,
  },
  AgentLeg: { Status: text },
  CallContactEvent: { ...contactRules, ANI: text, DNIS: text, ScreenPopUrl: text, IsLogging: flag, DisconnectCode: text },
  TextContactEvent: { ...contactRules, FromAddr: text },
  WorkItemContactEvent: { ...contactRules, WorkItemId: text, WorkItemPayload: text, WorkItemType: text },
  MchAgentSettingsChangeEvent: {},
  Indicator: {},
  PageOpen: { URL: text },
};
// As [field, rule] pairs, listed once here rather than for every event.
const RULES: ReadonlyMap<string, readonly (readonly [string, Rule])[]> = /* @__PURE__ */ new Map(Object.entries(byType).map(([type, rules]) => [type, Object.entries(rules)]));

export type ParseResult<T> =
  | { readonly success: true; readonly data: T }
  | { readonly success: false; readonly error: string };

/**
 * Validates one platform event. The result is a fresh plain object (unknown
 * keys kept, `__proto__` keys dropped), so nothing the caller holds is shared.
 */
export function parsePlatformEvent(value: unknown): ParseResult<PlatformEvent> {
  try {
    return parseEvent(value);
  } catch {
    // A value whose fields throw when read: invalid, never an exception.
    return { success: false, error: 'an event that cannot be read' };
  }
}

function parseEvent(value: unknown): ParseResult<PlatformEvent> {
  const event = ownFields(value);
  const type = event?.['Type'];
  if (event === undefined || typeof type !== 'string' || type === '') return { success: false, error: 'an event must be an object with a non-empty string Type' };
  const rules = RULES.get(type);
  if (rules === undefined) return { success: true, data: event as PlatformEvent };
  const issues: { path: string[]; message: string }[] = [];
  for (const [field, rule] of rules) {
    const message = rule(event[field]);
    if (message !== undefined) issues.push({ path: [field], message });
  }
  if (issues.length > 0) return { success: false, error: `${type}: ${describeIssues(issues)}` };
  if (contactEventTypes.has(type) && toContactId(event['ContactID']) === null) {
    return { success: false, error: `${type}: ContactID must be a positive integer or its decimal string` };
  }
  return { success: true, data: event as PlatformEvent };
}

/**
 * Parses a batch all or nothing: if any value is invalid, throws a
 * `BridgeError` (`INVALID_EVENT`) naming each problem, so a bad batch
 * changes nothing.
 */
export function parsePlatformEvents(values: Iterable<unknown>): PlatformEvent[] {
  const valid: PlatformEvent[] = [];
  const problems: string[] = [];
  let index = 0;
  for (const value of values) {
    const result = parsePlatformEvent(value);
    if (result.success) valid.push(result.data);
    else problems.push(`event ${index}: ${result.error}`);
    index += 1;
  }
  if (problems.length > 0) {
    throw new BridgeError(ErrorCode.InvalidEvent, `ccbridge: rejected ${problems.length} invalid event(s); none was applied.\n${problems.join('\n')}`, problems);
  }
  return valid;
}

/** `path: message; …`, short enough for a log line. */
export function describeIssues(issues: readonly { readonly path: readonly PropertyKey[]; readonly message: string }[]): string {
  return issues.map((issue) => `${issue.path.map(String).join('.') || '(value)'}: ${issue.message}`).join('; ');
}
