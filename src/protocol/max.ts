/**
 * The MAX client-events dialect (SPEC §2): what an embedded page posts to the
 * desktop, and what the desktop posts back. Every message is defined once
 * here; hosts and clients import these schemas and the inferred types.
 */
import * as z from 'zod/mini';
import { ContactIdValue, toContactId } from './events.js';
import type { PlatformEvent } from './events.js';

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

/** A free label for logs; a non-string is treated as absent, never an error. */
const Issuer = z.catch(z.optional(z.string().check(z.maxLength(256))), undefined);

/**
 * A contact id field on a child message. Absent and `null` both mean "none"
 * (workspaces often send `contactId: null`); anything else must be valid.
 */
const OptionalContactId = z.optional(z.nullable(ContactIdValue));

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
export const EXTENSIONS_VERSION = 1;
export const Extensions = z.object({
  version: z.int(),
  channel: z.optional(z.boolean()),
  results: z.optional(z.boolean()),
  sequence: z.optional(z.boolean()),
});
export type Extensions = z.infer<typeof Extensions>;

/** A malformed extension field is treated as absent: the page gets plain MAX. */
const OptionalExtensions = z.catch(z.optional(Extensions), undefined);

export const RegisterForClientEvents = z.object({
  messageType: z.literal('RegisterForClientEvents'),
  // Checked by `readRegistration`, which owns the validation order and reasons.
  subscriptionTypes: z.optional(z.unknown()),
  contactId: z.optional(z.unknown()),
  issuer: Issuer,
  ccbridge: OptionalExtensions,
});

export const UnregisterFromClientEvents = z.object({
  messageType: z.literal('UnregisterFromClientEvents'),
  issuer: Issuer,
});

export const ContactCardData = z.object({
  messageType: z.literal('ContactCardData'),
  contactCardData: z.object({
    name: z.string().check(z.minLength(1), z.maxLength(512)),
    // Up to 1 MiB so small data: URLs fit; the host checks the scheme.
    userImg: z.optional(z.string().check(z.maxLength(1_048_576))),
  }),
  contactId: OptionalContactId,
  issuer: Issuer,
});

export const CommandMessage = z.object({
  messageType: z.enum(COMMAND_TYPES),
  contactId: OptionalContactId,
  issuer: Issuer,
  /** With the `results` extension: the id the `CommandResult` will carry. */
  ccbridge: z.catch(z.optional(z.object({ requestId: z.int().check(z.nonnegative()) })), undefined),
});

/** Everything a child may post to a MAX host. Unknown keys are dropped. */
export const ChildMessage = z.discriminatedUnion('messageType', [
  RegisterForClientEvents,
  UnregisterFromClientEvents,
  ContactCardData,
  CommandMessage,
]);

export type RegisterForClientEvents = z.infer<typeof RegisterForClientEvents>;
export type UnregisterFromClientEvents = z.infer<typeof UnregisterFromClientEvents>;
export type ContactCardData = z.infer<typeof ContactCardData>;
export type CommandMessage = z.infer<typeof CommandMessage>;
export type ChildMessage = z.infer<typeof ChildMessage>;

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

const knownTypes: ReadonlySet<string> = new Set(SUBSCRIPTION_TYPES);

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

export const ClientEventSubscriptionAcknowledge = z.object({
  messageType: z.literal('ClientEventSubscriptionAcknowledge'),
  contactId: z.nullable(z.number()),
  status: z.enum(['OK', 'ERROR']),
  reason: z.string(),
});
export type ClientEventSubscriptionAcknowledge = {
  readonly messageType: 'ClientEventSubscriptionAcknowledge';
  readonly contactId: number | null;
  readonly status: 'OK' | 'ERROR';
  readonly reason: AckReason;
};

export const SessionInfo = z.object({
  messageType: z.literal('SessionInfo'),
  sessionToken: z.string(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

/** The answer to a command sent with the `results` extension. */
export const CommandResult = z.object({
  messageType: z.literal('CommandResult'),
  requestId: z.int(),
  status: z.enum(['OK', 'REFUSED']),
  /** The contact the command acted on, when one was found. */
  contactId: z.nullable(z.number()),
  /** The concrete action taken (`hold`, `resume`, …), or `null` when refused. */
  action: z.nullable(z.string()),
  /** A `Refusal` code, or `null` when carried out. */
  refusal: z.nullable(z.string()),
  detail: z.optional(z.string()),
});
export type CommandResult = z.infer<typeof CommandResult>;

/** One item of an envelope: an acknowledgement, session info, a command result or a platform event. */
export type EnvelopeItem = ClientEventSubscriptionAcknowledge | SessionInfo | CommandResult | PlatformEvent;

/**
 * What the host posts. Items are checked one by one by the receiver
 * (`z.unknown()` here), so one odd event cannot hide the others.
 */
export const Envelope = z.object({
  issuer: z.string(),
  contactId: z.nullable(z.number()),
  events: z.array(z.unknown()),
  /** In the first envelope only: the extensions the host accepted. */
  ccbridge: z.optional(Extensions),
  /** With the `sequence` extension: 1 for the first envelope, then +1 each. */
  seq: z.optional(z.int()),
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
