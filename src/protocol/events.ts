/**
 * The platform event vocabulary: inContact/CXone agent-session events, stated
 * once (shape.ts). Their types, the check the host and the sources run
 * (`parsePlatformEvent`) and the public zod schemas (schemas.ts) all come from
 * the statements below.
 *
 * Every source translates into this vocabulary, so a page sees one vocabulary
 * whatever the platform. Events are the platform's own objects: PascalCase
 * keys, a `Type` discriminator, the contact id in `ContactID` (a number or a
 * numeric string), booleans often the strings "True"/"False". Known fields are
 * typed; unknown fields are kept (`keep`), because CRM pages read the
 * platform's own fields and we must not drop what we do not know.
 *
 * Only the fields the bridge itself relies on are strict (`Type`, `ContactID`
 * and `Status` on contact events, `CurrentState` on `AgentState`): a
 * descriptive field of an unexpected type must not make us lose an event.
 */
import { BridgeError, ErrorCode } from './errors.js';
import { toContactId } from './rules.js';
import { boolean, describeIssues, literal, nullable, number, object, optional, parse, refine, string, text, union, unknown, variants } from './shape.js';
import type { Infer } from './shape.js';

export { contactIdOf, isContactEvent, isFinalEvent, isSessionEnd, isTrue, toContactId } from './rules.js';
export { describeIssues } from './shape.js';

/** `true`, or the platform's string form of it ("True", "False"). */
export const Flag = /* @__PURE__ */ union(/* @__PURE__ */ boolean(), /* @__PURE__ */ string());
export type Flag = Infer<typeof Flag>;

/**
 * A contact id as platforms and pages send it: a positive safe integer, or its
 * decimal string (`toContactId` reads it). One rule for events, commands and
 * cards: a 16-digit string past 2^53 is no id anywhere.
 */
export const ContactIdValue = /* @__PURE__ */ refine(/* @__PURE__ */ union(/* @__PURE__ */ string(), /* @__PURE__ */ number()), (value) => toContactId(value) !== null, 'expected a positive integer or its decimal string');
export type ContactIdValue = Infer<typeof ContactIdValue>;

/** A descriptive text field, absent or `null` allowed: a string, as the platforms send it (a number is read as its string). */
const Text = /* @__PURE__ */ optional(/* @__PURE__ */ nullable(/* @__PURE__ */ text()));
/** A count the platforms send as a number or its string (`AcwTimeout`). */
const Count = /* @__PURE__ */ optional(/* @__PURE__ */ nullable(/* @__PURE__ */ union(/* @__PURE__ */ number(), /* @__PURE__ */ string())));
const OptionalFlag = /* @__PURE__ */ optional(/* @__PURE__ */ nullable(Flag));

const contactFields = {
  ContactID: ContactIdValue,
  Status: /* @__PURE__ */ string(),
  FinalState: OptionalFlag,
  StartTimeUTC: Text,
  LastStateChangeTimeUTC: Text,
  Skill: Text,
  IsInbound: OptionalFlag,
  MasterID: Text,
  MediaType: Text,
};
const keep = { keep: true } as const;

export const AgentSessionStart = /* @__PURE__ */ object({ Type: /* @__PURE__ */ literal('AgentSessionStart') }, keep);
export const AgentSessionEnd = /* @__PURE__ */ object({ Type: /* @__PURE__ */ literal('AgentSessionEnd') }, keep);
/** The session was ended from elsewhere (a supervisor, another login): it ends exactly like `AgentSessionEnd`. */
export const RemoteAgentSessionEnd = /* @__PURE__ */ object({ Type: /* @__PURE__ */ literal('RemoteAgentSessionEnd') }, keep);
/** The agent's phone was muted or unmuted: agent-wide, not per contact (CXone has no `IsMuted` on calls). */
export const Mute = /* @__PURE__ */ object({ Type: /* @__PURE__ */ literal('Mute'), AgentMuted: OptionalFlag }, keep);
export const AgentState = /* @__PURE__ */ object(
  {
    Type: /* @__PURE__ */ literal('AgentState'),
    CurrentState: /* @__PURE__ */ string(),
    CurrentOutReason: Text,
    StartTimeUTC: Text,
    /** `[{ State, OutReason }]` */
    NextStates: /* @__PURE__ */ optional(/* @__PURE__ */ nullable(/* @__PURE__ */ refine(/* @__PURE__ */ unknown(), Array.isArray, 'expected an array'))),
    IsAcw: OptionalFlag,
    NextIsAcw: OptionalFlag,
    /** After-call work's length, an integer. */
    AcwTimeout: Count,
  },
  keep,
);
export const AgentLeg = /* @__PURE__ */ object({ Type: /* @__PURE__ */ literal('AgentLeg'), Status: Text }, keep);
export const CallContactEvent = /* @__PURE__ */ object(
  {
    Type: /* @__PURE__ */ literal('CallContactEvent'),
    ...contactFields,
    ANI: Text,
    DNIS: Text,
    ScreenPopUrl: Text,
    IsLogging: OptionalFlag,
    /** Why the call ended; values are not documented by the vendor. */
    DisconnectCode: Text,
  },
  keep,
);
export const TextContactEvent = /* @__PURE__ */ object({ Type: /* @__PURE__ */ literal('TextContactEvent'), ...contactFields, FromAddr: Text }, keep);
export const WorkItemContactEvent = /* @__PURE__ */ object(
  { Type: /* @__PURE__ */ literal('WorkItemContactEvent'), ...contactFields, WorkItemId: Text, WorkItemPayload: Text, WorkItemType: Text },
  keep,
);
export const MchAgentSettingsChangeEvent = /* @__PURE__ */ object({ Type: /* @__PURE__ */ literal('MchAgentSettingsChangeEvent') }, keep);
export const Indicator = /* @__PURE__ */ object({ Type: /* @__PURE__ */ literal('Indicator') }, keep);
export const PageOpen = /* @__PURE__ */ object({ Type: /* @__PURE__ */ literal('PageOpen'), URL: Text }, keep);

/** Any other platform event: kept and forwarded, never interpreted. */
export const OtherPlatformEvent = /* @__PURE__ */ object({ Type: /* @__PURE__ */ string(1) }, keep);

/** Every platform event: the statement of its `Type` when the vocabulary knows it, else `OtherPlatformEvent`. */
export const PlatformEvent = /* @__PURE__ */ variants(
  'Type',
  {
    AgentSessionStart,
    AgentSessionEnd,
    RemoteAgentSessionEnd,
    Mute,
    AgentState,
    AgentLeg,
    CallContactEvent,
    TextContactEvent,
    WorkItemContactEvent,
    MchAgentSettingsChangeEvent,
    Indicator,
    PageOpen,
  },
  OtherPlatformEvent,
);

export type AgentSessionStart = Infer<typeof AgentSessionStart>;
export type AgentSessionEnd = Infer<typeof AgentSessionEnd>;
export type RemoteAgentSessionEnd = Infer<typeof RemoteAgentSessionEnd>;
export type Mute = Infer<typeof Mute>;
export type AgentState = Infer<typeof AgentState>;
export type AgentLeg = Infer<typeof AgentLeg>;
export type CallContactEvent = Infer<typeof CallContactEvent>;
export type TextContactEvent = Infer<typeof TextContactEvent>;
export type WorkItemContactEvent = Infer<typeof WorkItemContactEvent>;
export type MchAgentSettingsChangeEvent = Infer<typeof MchAgentSettingsChangeEvent>;
export type Indicator = Infer<typeof Indicator>;
export type PageOpen = Infer<typeof PageOpen>;
export type OtherPlatformEvent = Infer<typeof OtherPlatformEvent>;

/** Events that describe a contact: the latest one is the contact's state. */
export type ContactEvent = CallContactEvent | TextContactEvent | WorkItemContactEvent;

/** The platform events ccbridge knows by `Type`. */
export type KnownPlatformEvent =
  | AgentSessionStart
  | AgentSessionEnd
  | RemoteAgentSessionEnd
  | Mute
  | AgentState
  | AgentLeg
  | ContactEvent
  | MchAgentSettingsChangeEvent
  | Indicator
  | PageOpen;

export type PlatformEvent = KnownPlatformEvent | OtherPlatformEvent;
/** The `Type` of a known platform event: what `BridgeClient.onEvent` takes. */
export type KnownEventType = KnownPlatformEvent['Type'];

/** The event of a given `Type`, for typed listeners. */
export type PlatformEventOfType<T extends string> = T extends KnownEventType ? Extract<KnownPlatformEvent, { Type: T }> : OtherPlatformEvent;

/** What `parsePlatformEvent` returns: the event read, or an error saying what was wrong. */
export type ParseResult<T> = { readonly success: true; readonly data: T } | { readonly success: false; readonly error: string };

/**
 * Validates one platform event. The result is a fresh plain object (unknown
 * keys kept, `__proto__` keys dropped), so nothing the caller holds is shared.
 */
export function parsePlatformEvent(value: unknown): ParseResult<PlatformEvent> {
  const result = parse(PlatformEvent, value);
  if (result.success) return { success: true, data: result.data as PlatformEvent };
  const type = typeOf(value);
  return { success: false, error: typeof type === 'string' && type !== '' ? `${type}: ${describeIssues(result.issues)}` : `an event must be an object with a non-empty string Type` };
}

/** The `Type` of a value, when it is an object whose `Type` can be read. */
function typeOf(value: unknown): unknown {
  try {
    return typeof value === 'object' && value !== null ? (value as { Type?: unknown }).Type : undefined;
  } catch {
    return undefined;
  }
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
