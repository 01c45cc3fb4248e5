/**
 * The platform event vocabulary: inContact/CXone agent-session events.
 *
 * Every source translates into this vocabulary, so a page sees one vocabulary
 * whatever the platform. Events are the platform's own objects: PascalCase
 * keys, a `Type` discriminator, the contact id in `ContactID` (a number or a
 * numeric string), booleans often the strings "True"/"False". Known fields are
 * typed; unknown fields are kept (`looseObject`), because CRM pages read the
 * platform's own fields and we must not drop what we do not know.
 *
 * Only the fields the bridge itself relies on are strict (`Type`, `ContactID`
 * and `Status` on contact events, `CurrentState` on `AgentState`): a
 * descriptive field of an unexpected type must not make us lose an event.
 */
import * as z from 'zod/mini';

// What runs in pages, hosts and sources reads events in plain code, with the
// rules these schemas state: rules.ts (a page's checks, contact ids, flags)
// and validate.ts (the full validation). Both are this module's API too; a
// unit test compares them with the schemas on the same values.
export { contactIdOf, isContactEvent, isFinalEvent, isSessionEnd, isTrue, parseReceivedEvent, toContactId } from './rules.js';
export { describeIssues, parsePlatformEvent, parsePlatformEvents } from './validate.js';
export type { ParseResult } from './validate.js';
import { isTextValue } from './validate.js';

// The schemas are the typed statement of the vocabulary (the event types are
// inferred from them) and are exported for anyone who validates with zod.
// Nothing of ccbridge's own runs them: marked pure, they cost a bundle
// nothing unless it uses them.

/**
 * A field that must be exactly `value` (typed as the literal). A function
 * declaration, so it is hoisted above the schemas that use it.
 */
export function literal<const T extends string>(value: T) {
  return z.custom<T>((input) => input === value);
}

/** `true`, or the platform's string form of it. */
export const Flag = /* @__PURE__ */ z.custom<boolean | string>((value) => typeof value === 'boolean' || typeof value === 'string');
export type Flag = z.infer<typeof Flag>;

/** A contact id as platforms send it: a number or a string; `toContactId` says if it is valid. */
export const ContactIdValue = /* @__PURE__ */ z.custom<number | string>(isTextValue);

/** A descriptive value; platforms disagree on string vs number for some. */
const Text = /* @__PURE__ */ z.optional(z.nullable(/* @__PURE__ */ z.custom<string | number>(isTextValue)));


const contactFields = {
  ContactID: ContactIdValue,
  Status: z.string(),
  FinalState: z.optional(z.nullable(Flag)),
  StartTimeUTC: Text,
  LastStateChangeTimeUTC: Text,
  Skill: Text,
  IsInbound: z.optional(z.nullable(Flag)),
  MasterID: Text,
  MediaType: Text,
};

export const AgentSessionStart = /* @__PURE__ */ z.looseObject({ Type: /* @__PURE__ */ literal('AgentSessionStart') });
export const AgentSessionEnd = /* @__PURE__ */ z.looseObject({ Type: /* @__PURE__ */ literal('AgentSessionEnd') });
/** The session was ended from elsewhere (a supervisor, another login): it ends exactly like `AgentSessionEnd`. */
export const RemoteAgentSessionEnd = /* @__PURE__ */ z.looseObject({ Type: /* @__PURE__ */ literal('RemoteAgentSessionEnd') });
/** The agent's phone was muted or unmuted: agent-wide, not per contact (CXone has no `IsMuted` on calls). */
export const Mute = /* @__PURE__ */ z.looseObject({ Type: /* @__PURE__ */ literal('Mute'), AgentMuted: z.optional(z.nullable(Flag)) });
export const AgentState = /* @__PURE__ */ z.looseObject({
  Type: /* @__PURE__ */ literal('AgentState'),
  CurrentState: z.string(),
  CurrentOutReason: Text,
  StartTimeUTC: Text,
  // `[{ State, OutReason }]`
  NextStates: z.optional(z.nullable(z.custom<unknown[]>(Array.isArray))),
  IsAcw: z.optional(z.nullable(Flag)),
  NextIsAcw: z.optional(z.nullable(Flag)),
  /** After-call work's length, an integer. */
  AcwTimeout: Text,
});
export const AgentLeg = /* @__PURE__ */ z.looseObject({ Type: /* @__PURE__ */ literal('AgentLeg'), Status: Text });
export const CallContactEvent = /* @__PURE__ */ z.looseObject({
  Type: /* @__PURE__ */ literal('CallContactEvent'),
  ...contactFields,
  ANI: Text,
  DNIS: Text,
  ScreenPopUrl: Text,
  IsLogging: z.optional(z.nullable(Flag)),
  /** Why the call ended; values are not documented by the vendor. */
  DisconnectCode: Text,
});
export const TextContactEvent = /* @__PURE__ */ z.looseObject({
  Type: /* @__PURE__ */ literal('TextContactEvent'),
  ...contactFields,
  FromAddr: Text,
});
export const WorkItemContactEvent = /* @__PURE__ */ z.looseObject({
  Type: /* @__PURE__ */ literal('WorkItemContactEvent'),
  ...contactFields,
  WorkItemId: Text,
  WorkItemPayload: Text,
  WorkItemType: Text,
});
export const MchAgentSettingsChangeEvent = /* @__PURE__ */ z.looseObject({
  Type: /* @__PURE__ */ literal('MchAgentSettingsChangeEvent'),
});
export const Indicator = /* @__PURE__ */ z.looseObject({ Type: /* @__PURE__ */ literal('Indicator') });
export const PageOpen = /* @__PURE__ */ z.looseObject({ Type: /* @__PURE__ */ literal('PageOpen'), URL: Text });

/** Any other platform event: kept and forwarded, never interpreted. */
export const OtherPlatformEvent = /* @__PURE__ */ z.looseObject({ Type: z.string() });

export type AgentSessionStart = z.infer<typeof AgentSessionStart>;
export type AgentSessionEnd = z.infer<typeof AgentSessionEnd>;
export type RemoteAgentSessionEnd = z.infer<typeof RemoteAgentSessionEnd>;
export type Mute = z.infer<typeof Mute>;
export type AgentState = z.infer<typeof AgentState>;
export type AgentLeg = z.infer<typeof AgentLeg>;
export type CallContactEvent = z.infer<typeof CallContactEvent>;
export type TextContactEvent = z.infer<typeof TextContactEvent>;
export type WorkItemContactEvent = z.infer<typeof WorkItemContactEvent>;
export type MchAgentSettingsChangeEvent = z.infer<typeof MchAgentSettingsChangeEvent>;
export type Indicator = z.infer<typeof Indicator>;
export type PageOpen = z.infer<typeof PageOpen>;
export type OtherPlatformEvent = z.infer<typeof OtherPlatformEvent>;

/** Events that describe a contact: the latest one is the contact's state. */
export type ContactEvent = CallContactEvent | TextContactEvent | WorkItemContactEvent;

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
export type KnownEventType = KnownPlatformEvent['Type'];

/** The event of a given `Type`, for typed listeners. */
export type PlatformEventOfType<T extends string> = T extends KnownEventType
  ? Extract<KnownPlatformEvent, { Type: T }>
  : OtherPlatformEvent;

/**
 * The fields a receiver of the host's envelopes relies on, as a schema: what
 * `parseReceivedEvent` (rules.ts) checks in plain code. A page does not need
 * the whole vocabulary checked again (the host validated every event it
 * forwards); it needs the fields its state is built from to have the right
 * types.
 */
export const ReceivedEvent = /* @__PURE__ */ z.looseObject({
  Type: z.string(),
  // Read through toContactId and isTrue, which accept exactly what is valid.
  ContactID: z.optional(z.unknown()),
  FinalState: z.optional(z.unknown()),
  Status: z.optional(z.string()),
  CurrentState: z.optional(z.string()),
});
