/**
 * The MAX client-events dialect (SPEC §2): what an embedded page posts to the
 * desktop, and what the desktop posts back. Every message is defined once
 * here; hosts and clients import these schemas and the inferred types.
 */
import * as z from 'zod/mini';
import { literal, toContactId } from './events.js';
import type { PlatformEvent } from './events.js';
import type { ContactAction } from './commands.js';
import type { Refusal } from './errors.js';

// A page's side, checked without zod (received.ts): part of this module's API too.
export { EXTENSIONS_VERSION, readControlItem, readEnvelope } from './received.js';

export const SUBSCRIPTION_TYPES = ['all', 'agent', 'contact', 'contacts', 'sessioninfo'] as const;
export type SubscriptionType = (typeof SUBSCRIPTION_TYPES)[number];

export const COMMAND_TYPES = [
  'AnswerEvent',
  'RefuseEvent',
  'HoldEvent',
  'MuteEvent',
  'MaskEvent',
  'RecordEvent',
  'HangupEvent',
] as const;
export type CommandType = (typeof COMMAND_TYPES)[number];

/**
 * Acknowledgement reasons. The first three are MAX's own; the fourth is
 * ccbridge's, sent when an origin's policy does not grant a requested type.
 */
export const AckReason = {
  Success: 'Success',
  InvalidContactId: 'Invalid Contact Id',
  InvalidSubscriptionTypes: 'Invalid Subscription Types',
  NotPermitted: 'Subscription Type Not Permitted',
} as const;
export type AckReason = (typeof AckReason)[keyof typeof AckReason];

/**
 * Fields that are read leniently: any value parses, and `readIssuer` /
 * `readExtensions` / `readRequest` keep a valid one or treat it as absent,
 * never as an error (a free label must not fail a message). In code rather
 * than with `z.catch`: zod's catch machinery is about 200 bytes of the host
 * bundle.
 */
const Lenient = /* @__PURE__ */ z.optional(z.unknown());

/** A free label for logs: a string of at most 256 characters, else absent. */
export function readIssuer(value: unknown): string | undefined {
  return typeof value === 'string' && value.length <= 256 ? value : undefined;
}

/**
 * A string of `min` to `max` characters. Checked in code rather than with
 * zod's length checks (the same rule for about 200 bytes less of the host
 * bundle); declared as a function so it is hoisted above its first use.
 */
function text(min: number, max: number) {
  return z.custom<string>((value) => typeof value === 'string' && value.length >= min && value.length <= max);
}

/**
 * A contact id field on a child message. Absent and `null` both mean "none"
 * (workspaces often send `contactId: null`); anything else must be valid.
 */
const OptionalContactId = /* @__PURE__ */ z.optional(/* @__PURE__ */ z.nullable(/* @__PURE__ */ z.custom<number | string>(isContactIdValue)));

// Checked in code rather than with `z.int()` and `z.positive()`: the same
// rule, without zod's number-format and range checks (about 500 bytes of the
// host bundle).
function isContactIdValue(value: unknown): boolean {
  return typeof value === 'number' ? Number.isSafeInteger(value) && value > 0 : typeof value === 'string' && /^[1-9]\d{0,15}$/.test(value);
}

function isRequestId(value: unknown): boolean {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

/**
 * ccbridge's opt-in extensions, asked for at registration in a `ccbridge`
 * field that MAX-only hosts ignore (unknown fields are ignored by the
 * protocol). A ccbridge host answers with the set it accepted in the first
 * envelope, so a page knows exactly what it got:
 * - `channel`: the first envelope transfers a `MessagePort`; every later
 *   message both ways uses it. No other window can inject into a port, and a
 *   port is faster than `window.postMessage`.
 * - `results`: commands that carry `ccbridge.requestId` get a `CommandResult`.
 * - `sequence`: envelopes carry `seq` (1, 2, 3, …) so a page can detect gaps.
 */
export const Extensions = /* @__PURE__ */ z.object({
  version: /* @__PURE__ */ z.custom<number>(Number.isFinite),
  // Read as `=== true` by both sides; anything else means "no".
  channel: z.optional(z.unknown()),
  results: z.optional(z.unknown()),
  sequence: z.optional(z.unknown()),
});
export interface Extensions {
  readonly version: number;
  readonly channel?: boolean;
  readonly results?: boolean;
  readonly sequence?: boolean;
}

/** The extensions a registration asks for; a malformed field is treated as absent: the page gets plain MAX. */
function readExtensions(value: unknown): Extensions | undefined {
  const parsed = Extensions.safeParse(value);
  return parsed.success ? (parsed.data as Extensions) : undefined;
}

/** A command's `{ requestId }` (the `results` extension); anything else is treated as absent. */
function readRequest(value: unknown): { readonly requestId: number } | undefined {
  const requestId: unknown = typeof value === 'object' && value !== null ? (value as { requestId?: unknown }).requestId : undefined;
  return isRequestId(requestId) ? { requestId: requestId as number } : undefined;
}

export const RegisterForClientEvents = /* @__PURE__ */ z.object({
  messageType: /* @__PURE__ */ literal('RegisterForClientEvents'),
  // Checked by `readRegistration`, which owns the validation order and reasons.
  subscriptionTypes: Lenient,
  contactId: Lenient,
  issuer: Lenient,
  ccbridge: Lenient,
});

export const UnregisterFromClientEvents = /* @__PURE__ */ z.object({
  messageType: /* @__PURE__ */ literal('UnregisterFromClientEvents'),
  issuer: Lenient,
});

export const ContactCardData = /* @__PURE__ */ z.object({
  messageType: /* @__PURE__ */ literal('ContactCardData'),
  contactCardData: z.object({
    name: /* @__PURE__ */ text(1, 512),
    // Up to 1 MiB so small data: URLs fit; the host checks the scheme.
    userImg: z.optional(/* @__PURE__ */ text(0, 1_048_576)),
  }),
  contactId: OptionalContactId,
  issuer: Lenient,
});

export const CommandMessage = /* @__PURE__ */ z.object({
  // One of the seven: the same check as z.enum without zod's enum machinery (host bundle size).
  messageType: /* @__PURE__ */ z.custom<CommandType>((value) => (COMMAND_TYPES as readonly unknown[]).includes(value)),
  contactId: OptionalContactId,
  issuer: Lenient,
  /** With the `results` extension: `{ requestId }`, the id the `CommandResult` will carry. */
  ccbridge: Lenient,
});

/** Everything a child may post to a MAX host. Unknown keys are dropped. */
/**
 * The `messageType` of a value that names one of the MAX page-to-desktop
 * messages, whether or not its fields are valid; `undefined` for anything
 * else (most likely another library's traffic).
 */
export function maxMessageType(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null || !Object.hasOwn(data, 'messageType')) return undefined;
  const type: unknown = (data as { messageType: unknown }).messageType;
  if (typeof type !== 'string') return undefined;
  const known = type === 'RegisterForClientEvents' || type === 'UnregisterFromClientEvents' || type === 'ContactCardData' || (COMMAND_TYPES as readonly string[]).includes(type);
  return known ? type : undefined;
}

/** A parsed message with its lenient fields read (`issuer`, `ccbridge`). */
type Read<T, Ccbridge = never> = Omit<T, 'issuer' | 'ccbridge'> & { readonly issuer?: string | undefined } & ([Ccbridge] extends [never] ? unknown : { readonly ccbridge?: Ccbridge | undefined });
export type RegisterForClientEvents = Read<z.infer<typeof RegisterForClientEvents>, Extensions>;
export type UnregisterFromClientEvents = Read<z.infer<typeof UnregisterFromClientEvents>>;
export type ContactCardData = Read<z.infer<typeof ContactCardData>>;
export type CommandMessage = Read<z.infer<typeof CommandMessage>, { readonly requestId: number }>;
export type ChildMessage = RegisterForClientEvents | UnregisterFromClientEvents | ContactCardData | CommandMessage;

/** A parse that failed: zod's issues, or a message that names no MAX type. */
export interface ChildMessageIssues {
  readonly issues: readonly { readonly path: readonly PropertyKey[]; readonly message: string }[];
}

/**
 * Everything a child may post to a MAX host, parsed by its own `messageType`
 * with that message's schema (unknown keys are dropped). The same result as
 * a zod discriminated union, dispatched in code: zod's union machinery is
 * about 600 bytes of the host bundle.
 */
export const ChildMessage = {
  safeParse(data: unknown): { success: true; data: ChildMessage } | { success: false; error: ChildMessageIssues } {
    const type = maxMessageType(data);
    const schema: z.ZodMiniType | undefined =
      type === undefined
        ? undefined
        : type === 'RegisterForClientEvents'
          ? RegisterForClientEvents
          : type === 'UnregisterFromClientEvents'
            ? UnregisterFromClientEvents
            : type === 'ContactCardData'
              ? ContactCardData
              : CommandMessage;
    if (schema === undefined) return { success: false, error: { issues: [{ path: ['messageType'], message: 'not a MAX message type' }] } };
    try {
      const result = schema.safeParse(data);
      if (!result.success) return { success: false, error: result.error };
      // The lenient fields: a valid value is kept, anything else is absent.
      const message = result.data as { issuer?: unknown; ccbridge?: unknown };
      if ('issuer' in message) message.issuer = readIssuer(message.issuer);
      if ('ccbridge' in message) message.ccbridge = type === 'RegisterForClientEvents' ? readExtensions(message.ccbridge) : readRequest(message.ccbridge);
      return { success: true, data: message as ChildMessage };
    } catch {
      // A hostile value (`{ length: { valueOf: 0 } }`) can make a check throw: no parse may throw.
      return { success: false, error: { issues: [{ path: [], message: 'a value that cannot be read' }] } };
    }
  },
  /** Throws a `TypeError` when `data` is not a valid child message. */
  parse(data: unknown): ChildMessage {
    const result = ChildMessage.safeParse(data);
    if (!result.success) throw new TypeError(`not a valid MAX client message: ${result.error.issues.map((issue) => issue.message).join('; ')}`);
    return result.data;
  },
};

/** A registration that passed validation. */
export interface Registration {
  readonly subscriptionTypes: ReadonlySet<SubscriptionType>;
  /** The contact id the page asked for, `null` when it gave none. */
  readonly contactId: number | null;
  readonly issuer: string | undefined;
}

export type RegistrationResult =
  | { readonly ok: true; readonly registration: Registration }
  | {
      readonly ok: false;
      readonly reason: Exclude<AckReason, 'Success'>;
      /** The offending values, for the console warning MAX prints. */
      readonly invalidValues: readonly unknown[];
    };

const knownTypes: ReadonlySet<string> = /* @__PURE__ */ new Set(SUBSCRIPTION_TYPES);

/**
 * Applies MAX's validation order: the contact id first (present but zero,
 * negative or not an integer), then the types (missing, empty, or any value
 * that is not a known type, compared case-insensitively). Only one reason is
 * reported, so a page fixes one thing at a time, as with MAX itself.
 */
export function readRegistration(message: RegisterForClientEvents): RegistrationResult {
  const { contactId: rawContactId, subscriptionTypes: rawTypes, issuer } = message;
  let contactId: number | null = null;
  if (rawContactId !== undefined && rawContactId !== null) {
    contactId = toContactId(rawContactId);
    if (contactId === null) {
      return { ok: false, reason: AckReason.InvalidContactId, invalidValues: [rawContactId] };
    }
  }
  if (!Array.isArray(rawTypes) || rawTypes.length === 0) {
    return { ok: false, reason: AckReason.InvalidSubscriptionTypes, invalidValues: [rawTypes] };
  }
  const subscriptionTypes = new Set<SubscriptionType>();
  const invalidValues: unknown[] = [];
  for (const value of rawTypes as readonly unknown[]) {
    const type = typeof value === 'string' ? value.toLowerCase() : undefined;
    if (type !== undefined && knownTypes.has(type)) subscriptionTypes.add(type as SubscriptionType);
    else invalidValues.push(value);
  }
  if (invalidValues.length > 0) {
    return { ok: false, reason: AckReason.InvalidSubscriptionTypes, invalidValues };
  }
  return { ok: true, registration: { subscriptionTypes, contactId, issuer } };
}

// ---- Host → child ----
//
// What a page receives. These schemas are deliberately plain (strings, not
// literals or enums): they run in every CRM page, where each zod construct
// costs bytes, so the discriminating values are checked in code by
// `receivedItemKind`. The exact shapes are the interfaces beside them.

export const ClientEventSubscriptionAcknowledge = /* @__PURE__ */ z.object({
  messageType: z.string(),
  contactId: z.nullable(z.number()),
  status: z.string(),
  reason: z.string(),
});
export interface ClientEventSubscriptionAcknowledge {
  readonly messageType: 'ClientEventSubscriptionAcknowledge';
  readonly contactId: number | null;
  readonly status: 'OK' | 'ERROR';
  readonly reason: AckReason;
}

export const SessionInfo = /* @__PURE__ */ z.object({
  messageType: z.string(),
  sessionToken: z.string(),
});
export interface SessionInfo {
  readonly messageType: 'SessionInfo';
  readonly sessionToken: string;
}

/** The answer to a command sent with the `results` extension. */
export const CommandResult = /* @__PURE__ */ z.object({
  messageType: z.string(),
  requestId: z.number(),
  status: z.string(),
  contactId: z.nullable(z.number()),
  action: z.nullable(z.string()),
  refusal: z.nullable(z.string()),
  detail: z.optional(z.string()),
});
export interface CommandResult {
  readonly messageType: 'CommandResult';
  readonly requestId: number;
  readonly status: 'OK' | 'REFUSED';
  /** The contact the command acted on, when one was found. */
  readonly contactId: number | null;
  /** The concrete action taken (`hold`, `resume`, …), or `null` when refused. */
  readonly action: ContactAction | null;
  /** Why it was refused, or `null` when carried out. */
  readonly refusal: Refusal | null;
  readonly detail?: string;
}

/** One item of an envelope: an acknowledgement, session info, a command result or a platform event. */
export type EnvelopeItem = ClientEventSubscriptionAcknowledge | SessionInfo | CommandResult | PlatformEvent;

/**
 * What the host posts. Items are checked one by one by the receiver
 * (`z.unknown()` here), so one odd event cannot hide the others.
 */
export const Envelope = /* @__PURE__ */ z.object({
  issuer: z.string(),
  contactId: z.nullable(z.number()),
  // `z.custom(Array.isArray)`, not `z.array(z.unknown())`: the same check without
  // zod's array machinery, about 400 bytes of every CRM page's bundle.
  events: z.custom<readonly unknown[]>(Array.isArray),
  /** In the first envelope only: the extensions the host accepted. */
  ccbridge: z.optional(Extensions),
  /** With the `sequence` extension: 1 for the first envelope, then +1 each. */
  seq: z.optional(z.number()),
});
export interface Envelope {
  readonly issuer: string;
  readonly contactId: number | null;
  readonly events: readonly EnvelopeItem[];
  readonly ccbridge?: Extensions;
  readonly seq?: number;
}

export function acknowledge(
  contactId: number | null,
  reason: AckReason,
): ClientEventSubscriptionAcknowledge {
  return {
    messageType: 'ClientEventSubscriptionAcknowledge',
    contactId,
    status: reason === AckReason.Success ? 'OK' : 'ERROR',
    reason,
  };
}

// ---- Compile-time checks ----
//
// The host→page interfaces above are what a host sends; the plain schemas
// are what a page accepts. Each interface must be assignable to its schema's
// inferred type, so a field renamed or retyped on one side and not the other
// fails `tsc` instead of failing in a CRM page.
type Fits<Sent extends Accepted, Accepted> = Sent;
export type HostToPageSchemaChecks = [
  Fits<ClientEventSubscriptionAcknowledge, z.infer<typeof ClientEventSubscriptionAcknowledge>>,
  Fits<SessionInfo, z.infer<typeof SessionInfo>>,
  Fits<CommandResult, z.infer<typeof CommandResult>>,
  Fits<Envelope, z.infer<typeof Envelope>>,
];
