/**
 * Page → host: the MAX client-events messages an embedded page posts to the
 * desktop (docs/protocol.md), stated once (shape.ts). Their types, the check
 * the host runs (`parseChildMessage`) and the public zod schemas (schemas.ts)
 * come from these statements; what the host sends back is in envelope.ts.
 */
import { ContactIdValue } from './events.js';
import { Extensions } from './envelope.js';
import type { ClientEventSubscriptionAcknowledge } from './envelope.js';
import { toContactId } from './rules.js';
import { lenient, literal, nullable, number, object, optional, parse, string, unknown, variants } from './shape.js';
import type { Infer, Issue } from './shape.js';

import { subscriptionType } from './subscription-types.js';
import type { SubscriptionType } from './subscription-types.js';

export { SUBSCRIPTION_TYPES } from './subscription-types.js';
export type { SubscriptionType } from './subscription-types.js';

/** The seven MAX commands a page can send. */
export const COMMAND_TYPES = ['AnswerEvent', 'RefuseEvent', 'HoldEvent', 'MuteEvent', 'MaskEvent', 'RecordEvent', 'HangupEvent'] as const;
/** One of the seven MAX commands. */
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

/** The longest `issuer` kept; a longer one (or a non-string) is treated as absent. */
export const ISSUER_MAX_LENGTH = 256;
/** A contact card's limits: a name of 1 to 512 characters, an image URL up to 1 MiB (small `data:` URLs fit; the host checks the scheme). */
export const CARD_NAME_MAX_LENGTH = 512;
export const CARD_IMAGE_MAX_LENGTH = 1_048_576;

/** A free label for logs: kept when it is a string of at most 256 characters, else absent; it never fails a message. */
const Issuer = /* @__PURE__ */ lenient(/* @__PURE__ */ string(0, ISSUER_MAX_LENGTH));
/** A contact id on a card or a command: absent and `null` both mean "none" (workspaces often send `contactId: null`). */
const OptionalContactId = /* @__PURE__ */ optional(/* @__PURE__ */ nullable(ContactIdValue));

/**
 * `RegisterForClientEvents`. `subscriptionTypes` and `contactId` are checked
 * by `readRegistration`, which owns MAX's validation order and reasons (an
 * invalid one is an ERROR acknowledgement, not a dropped message).
 * `ccbridge` asks for the extensions (envelope.ts); a malformed one means
 * plain MAX.
 */
export const RegisterForClientEvents = /* @__PURE__ */ object({
  messageType: /* @__PURE__ */ literal('RegisterForClientEvents'),
  subscriptionTypes: /* @__PURE__ */ optional(/* @__PURE__ */ unknown()),
  contactId: /* @__PURE__ */ optional(/* @__PURE__ */ unknown()),
  issuer: Issuer,
  ccbridge: /* @__PURE__ */ lenient(Extensions),
});

export const UnregisterFromClientEvents = /* @__PURE__ */ object({
  messageType: /* @__PURE__ */ literal('UnregisterFromClientEvents'),
  issuer: Issuer,
});

export const ContactCardData = /* @__PURE__ */ object({
  messageType: /* @__PURE__ */ literal('ContactCardData'),
  contactCardData: /* @__PURE__ */ object({
    name: /* @__PURE__ */ string(1, CARD_NAME_MAX_LENGTH),
    userImg: /* @__PURE__ */ optional(/* @__PURE__ */ string(0, CARD_IMAGE_MAX_LENGTH)),
  }),
  contactId: OptionalContactId,
  issuer: Issuer,
});

/** One of the seven MAX commands. With the `results` extension, `ccbridge: { requestId }` names the `CommandResult` to send. */
export const CommandMessage = /* @__PURE__ */ object({
  messageType: /* @__PURE__ */ literal(...COMMAND_TYPES),
  contactId: OptionalContactId,
  issuer: Issuer,
  ccbridge: /* @__PURE__ */ lenient(/* @__PURE__ */ object({ requestId: /* @__PURE__ */ number({ integer: true, min: 0 }) })),
});

/** Everything a child may post to a MAX host, by its `messageType` (the actions beyond MAX are actions.ts's). Unknown keys are dropped. */
export const ChildMessage = /* @__PURE__ */ variants('messageType', {
  RegisterForClientEvents,
  UnregisterFromClientEvents,
  ContactCardData,
  // Each command reads the same way; `satisfies` keeps this list equal to COMMAND_TYPES.
  ...({ AnswerEvent: CommandMessage, RefuseEvent: CommandMessage, HoldEvent: CommandMessage, MuteEvent: CommandMessage, MaskEvent: CommandMessage, RecordEvent: CommandMessage, HangupEvent: CommandMessage } satisfies Record<CommandType, typeof CommandMessage>),
});

type Message<S extends { readonly _out?: unknown }, Ccbridge = never> = Omit<NonNullable<S['_out']>, 'ccbridge'> & ([Ccbridge] extends [never] ? unknown : { ccbridge?: Ccbridge | undefined });
export type RegisterForClientEvents = Message<typeof RegisterForClientEvents, Extensions>;
export type UnregisterFromClientEvents = Infer<typeof UnregisterFromClientEvents>;
export type ContactCardData = Infer<typeof ContactCardData>;
export type CommandMessage = Infer<typeof CommandMessage>;
export type ChildMessage = RegisterForClientEvents | UnregisterFromClientEvents | ContactCardData | CommandMessage;

/** A parse that failed: what was wrong, field by field. */
export interface ChildMessageIssues {
  readonly issues: readonly Issue[];
}

const messageTypes: ReadonlySet<unknown> = /* @__PURE__ */ new Set(['RegisterForClientEvents', 'UnregisterFromClientEvents', 'ContactCardData', ...COMMAND_TYPES]);

/**
 * The `messageType` of a value that names one of the MAX page-to-desktop
 * messages, whether or not its fields are valid; `undefined` for anything
 * else (most likely another library's traffic).
 */
export function maxMessageType(data: unknown): string | undefined {
  try {
    if (typeof data !== 'object' || data === null || !Object.hasOwn(data, 'messageType')) return undefined;
    const type: unknown = (data as { messageType: unknown }).messageType;
    return messageTypes.has(type) ? (type as string) : undefined;
  } catch {
    return undefined;
  }
}

/** Everything a child may post, read as `ChildMessage` states: a fresh object with that message's fields only. Never throws. */
export function parseChildMessage(data: unknown): { success: true; data: ChildMessage } | { success: false; error: ChildMessageIssues } {
  const result = parse(ChildMessage, data);
  return result.success ? { success: true, data: result.data as ChildMessage } : { success: false, error: { issues: result.issues } };
}

/** A registration that passed validation. */
export interface Registration {
  readonly subscriptionTypes: ReadonlySet<SubscriptionType>;
  /** The contact id the page asked for, `null` when it gave none. */
  readonly contactId: number | null;
  readonly issuer: string | undefined;
}

/** What `readRegistration` makes of a registration: the registration, or the acknowledgement reason that refuses it and the values at fault. */
export type RegistrationResult =
  | { readonly ok: true; readonly registration: Registration }
  | {
      readonly ok: false;
      readonly reason: Exclude<AckReason, 'Success'>;
      /** The offending values, for the console warning MAX prints. */
      readonly invalidValues: readonly unknown[];
    };


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
    if (contactId === null) return { ok: false, reason: AckReason.InvalidContactId, invalidValues: [rawContactId] };
  }
  if (!Array.isArray(rawTypes) || rawTypes.length === 0) return { ok: false, reason: AckReason.InvalidSubscriptionTypes, invalidValues: [rawTypes] };
  const subscriptionTypes = new Set<SubscriptionType>();
  const invalidValues: unknown[] = [];
  for (const value of rawTypes as readonly unknown[]) {
    const type = subscriptionType(value);
    if (type !== undefined) subscriptionTypes.add(type);
    else invalidValues.push(value);
  }
  if (invalidValues.length > 0) return { ok: false, reason: AckReason.InvalidSubscriptionTypes, invalidValues };
  return { ok: true, registration: { subscriptionTypes, contactId, issuer } };
}

/** The acknowledgement a host sends for a registration: `OK` with `Success`, else `ERROR` with the reason. */
export function acknowledge(contactId: number | null, reason: AckReason): ClientEventSubscriptionAcknowledge {
  return { messageType: 'ClientEventSubscriptionAcknowledge', contactId, status: reason === AckReason.Success ? 'OK' : 'ERROR', reason };
}
