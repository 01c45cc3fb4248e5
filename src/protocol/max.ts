/**
 * The MAX client-events dialect (SPEC §2): what an embedded page posts to the
 * desktop, and what the desktop posts back. Every message is defined once
 * here; hosts and clients import these schemas and the inferred types.
 */
import * as z from 'zod/mini';
import { literal } from './events.js';
import type { PlatformEvent } from './events.js';
import type { ContactAction } from './commands.js';
import type { Refusal } from './errors.js';

// What runs in hosts and pages is checked in plain code (messages.ts,
// received.ts), with the rules the schemas here state; both are this
// module's API. unit tests compare the two on the same values.
export { EXTENSIONS_VERSION, readControlItem, readEnvelope } from './received.js';
export { AckReason, COMMAND_TYPES, SUBSCRIPTION_TYPES, acknowledge, maxMessageType, parseChildMessage, readIssuer, readRegistration } from './messages.js';
export type { CommandType, Registration, RegistrationResult, SubscriptionType } from './messages.js';
import { COMMAND_TYPES, isContactIdValue, parseChildMessage } from './messages.js';
import type { AckReason, CommandType } from './messages.js';


/**
 * Fields that are read leniently: any value parses, and `readIssuer` /
 * `readExtensions` / `readRequest` keep a valid one or treat it as absent,
 * never as an error (a free label must not fail a message).
 */
const Lenient = /* @__PURE__ */ z.optional(z.unknown());

/** A string of `min` to `max` characters; a function, so it is hoisted above its first use. */
function text(min: number, max: number) {
  return z.custom<string>((value) => typeof value === 'string' && value.length >= min && value.length <= max);
}

/**
 * A contact id field on a child message. Absent and `null` both mean "none"
 * (workspaces often send `contactId: null`); anything else must be valid.
 */
const OptionalContactId = /* @__PURE__ */ z.optional(/* @__PURE__ */ z.nullable(/* @__PURE__ */ z.custom<number | string>(isContactIdValue)));

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
  // One of the seven.
  messageType: /* @__PURE__ */ z.custom<CommandType>((value) => (COMMAND_TYPES as readonly unknown[]).includes(value)),
  contactId: OptionalContactId,
  issuer: Lenient,
  /** With the `results` extension: `{ requestId }`, the id the `CommandResult` will carry. */
  ccbridge: Lenient,
});

/** Everything a child may post to a MAX host. Unknown keys are dropped. */
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
 * (unknown keys are dropped): `parseChildMessage`, with a zod-like face.
 */
export const ChildMessage = {
  safeParse(data: unknown): { success: true; data: ChildMessage } | { success: false; error: ChildMessageIssues } {
    return parseChildMessage(data);
  },
  /** Throws a `TypeError` when `data` is not a valid child message. */
  parse(data: unknown): ChildMessage {
    const result = ChildMessage.safeParse(data);
    if (!result.success) throw new TypeError(`not a valid MAX client message: ${result.error.issues.map((issue) => issue.message).join('; ')}`);
    return result.data;
  },
};

// ---- Host → child ----
//
// What a page receives, as schemas: plain (strings, not literals or enums);
// the exact shapes are the interfaces beside them. A page checks them in
// plain code (received.ts: `readEnvelope`, `readControlItem`).

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
