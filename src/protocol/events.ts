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

/** `true`, or the platform's string form of it. */
export const Flag = z.union([z.boolean(), z.string()]);
export type Flag = z.infer<typeof Flag>;

/** A contact id as platforms send it: a positive integer or its decimal string. */
export const ContactIdValue = z.union([
  z.int().check(z.positive()),
  z.string().check(z.regex(/^[1-9]\d{0,15}$/)),
]);

/** A descriptive value; platforms disagree on string vs number for some. */
const Text = z.optional(z.nullable(z.union([z.string(), z.number()])));

const contactFields = {
  ContactID: ContactIdValue,
  Status: z.string(),
  FinalState: z.optional(z.nullable(Flag)),
  StartTimeUTC: Text,
  LastStateChangeTimeUTC: Text,
  Skill: Text,
  IsInbound: z.optional(z.nullable(Flag)),
  MasterID: z.optional(z.nullable(z.union([z.string(), z.number()]))),
  MediaType: Text,
};

export const AgentSessionStart = z.looseObject({ Type: z.literal('AgentSessionStart') });
export const AgentSessionEnd = z.looseObject({ Type: z.literal('AgentSessionEnd') });
export const AgentState = z.looseObject({
  Type: z.literal('AgentState'),
  CurrentState: z.string(),
  CurrentOutReason: Text,
  StartTimeUTC: Text,
  NextStates: z.optional(z.nullable(z.array(z.unknown()))),
  IsAcw: z.optional(z.nullable(Flag)),
});
export const AgentLeg = z.looseObject({ Type: z.literal('AgentLeg'), Status: Text });
export const CallContactEvent = z.looseObject({
  Type: z.literal('CallContactEvent'),
  ...contactFields,
  ANI: Text,
  DNIS: Text,
  ScreenPopUrl: Text,
  IsLogging: z.optional(z.nullable(Flag)),
  IsMuted: z.optional(z.nullable(Flag)),
});
export const TextContactEvent = z.looseObject({
  Type: z.literal('TextContactEvent'),
  ...contactFields,
  FromAddr: Text,
});
export const WorkItemContactEvent = z.looseObject({
  Type: z.literal('WorkItemContactEvent'),
  ...contactFields,
  WorkItemId: Text,
  WorkItemPayload: Text,
  WorkItemType: Text,
});
export const MchAgentSettingsChangeEvent = z.looseObject({
  Type: z.literal('MchAgentSettingsChangeEvent'),
});
export const Indicator = z.looseObject({ Type: z.literal('Indicator') });
export const PageOpen = z.looseObject({ Type: z.literal('PageOpen'), URL: Text });

/** Any other platform event: kept and forwarded, never interpreted. */
export const OtherPlatformEvent = z.looseObject({ Type: z.string().check(z.minLength(1)) });

export type AgentSessionStart = z.infer<typeof AgentSessionStart>;
export type AgentSessionEnd = z.infer<typeof AgentSessionEnd>;
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

// A Map, not an object literal: the key comes from untrusted data.
const schemaByType = new Map<string, z.ZodMiniType<PlatformEvent>>([
  ['AgentSessionStart', AgentSessionStart],
  ['AgentSessionEnd', AgentSessionEnd],
  ['AgentState', AgentState],
  ['AgentLeg', AgentLeg],
  ['CallContactEvent', CallContactEvent],
  ['TextContactEvent', TextContactEvent],
  ['WorkItemContactEvent', WorkItemContactEvent],
  ['MchAgentSettingsChangeEvent', MchAgentSettingsChangeEvent],
  ['Indicator', Indicator],
  ['PageOpen', PageOpen],
]);

const contactEventTypes: ReadonlySet<string> = new Set([
  'CallContactEvent',
  'TextContactEvent',
  'WorkItemContactEvent',
]);

export type ParseResult<T> =
  | { readonly success: true; readonly data: T }
  | { readonly success: false; readonly error: string };

/**
 * Validates one platform event. The result is a fresh plain object (unknown
 * keys kept, `__proto__` keys dropped), so nothing the caller holds is shared.
 */
export function parsePlatformEvent(value: unknown): ParseResult<PlatformEvent> {
  const head = OtherPlatformEvent.safeParse(value);
  if (!head.success) return { success: false, error: 'an event must be an object with a non-empty string Type' };
  const schema = schemaByType.get(head.data.Type);
  if (schema === undefined) return { success: true, data: head.data };
  const result = schema.safeParse(value);
  if (result.success) return { success: true, data: result.data };
  return { success: false, error: `${head.data.Type}: ${z.prettifyError(result.error)}` };
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
