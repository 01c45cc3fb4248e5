/**
 * The MAX page-to-desktop messages as a host reads them, in plain code with
 * no zod: which messages are MAX's, each message's fields, registration's
 * validation order, the acknowledgement. The schemas of max.ts state the
 * same rules (a unit test compares the two on the same values); this runs in
 * the host, where a schema library would be a third of the bundle.
 */
import { readExtensions } from './received.js';
import { isRecord, pick, toContactId } from './rules.js';
import type { Fields } from './rules.js';
import type { ChildMessage, ChildMessageIssues, ClientEventSubscriptionAcknowledge, RegisterForClientEvents } from './max.js';

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

/** A free label for logs: a string of at most 256 characters, else absent. */
export function readIssuer(value: unknown): string | undefined {
  return typeof value === 'string' && value.length <= 256 ? value : undefined;
}

/** A contact id a page may send: a positive safe integer, or its decimal string. */
export function isContactIdValue(value: unknown): boolean {
  return typeof value === 'number' ? Number.isSafeInteger(value) && value > 0 : typeof value === 'string' && /^[1-9]\d{0,15}$/.test(value);
}

function isRequestId(value: unknown): boolean {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

/** A command's `{ requestId }` (the `results` extension); anything else is treated as absent. */
function readRequest(value: unknown): { readonly requestId: number } | undefined {
  const requestId: unknown = typeof value === 'object' && value !== null ? (value as { requestId?: unknown }).requestId : undefined;
  return isRequestId(requestId) ? { requestId: requestId as number } : undefined;
}

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

type Issue = ChildMessageIssues['issues'][number];

const isText = (value: unknown, min: number, max: number): boolean => typeof value === 'string' && value.length >= min && value.length <= max;

/** The fields each message keeps (unknown keys are dropped); keyed by a type `maxMessageType` vetted. */
const FIELDS: Readonly<Record<string, readonly string[]>> = {
  RegisterForClientEvents: ['messageType', 'subscriptionTypes', 'contactId', 'issuer', 'ccbridge'],
  UnregisterFromClientEvents: ['messageType', 'issuer'],
  ContactCardData: ['messageType', 'contactCardData', 'contactId', 'issuer'],
};
const COMMAND_FIELDS = ['messageType', 'contactId', 'issuer', 'ccbridge'];

/**
 * Everything a child may post to a MAX host, read by its own `messageType`:
 * a fresh object with that message's fields only. A contact id, when given
 * on a contact card or a command, is a positive integer or its decimal string
 * (`null` means none); a card has a `name` of 1 to 512 characters and an
 * optional `userImg` up to 1 MiB. The lenient fields (`issuer`, `ccbridge`)
 * keep a valid value or become absent, never an error. Never throws.
 */
export function parseChildMessage(data: unknown): { success: true; data: ChildMessage } | { success: false; error: ChildMessageIssues } {
  const type = maxMessageType(data);
  if (type === undefined) return { success: false, error: { issues: [{ path: ['messageType'], message: 'not a MAX message type' }] } };
  try {
    const value = data as Fields;
    const issues: Issue[] = [];
    const message = pick<Record<string, unknown>>(value, FIELDS[type] ?? COMMAND_FIELDS);
    if (type === 'ContactCardData') {
      const card = value['contactCardData'];
      if (!isRecord(card)) issues.push({ path: ['contactCardData'], message: 'expected an object' });
      else {
        if (!isText(card['name'], 1, 512)) issues.push({ path: ['contactCardData', 'name'], message: 'expected a string of 1 to 512 characters' });
        if (card['userImg'] !== undefined && !isText(card['userImg'], 0, 1_048_576)) issues.push({ path: ['contactCardData', 'userImg'], message: 'expected a string of at most 1 MiB' });
        message['contactCardData'] = Object.hasOwn(card, 'userImg') ? { name: card['name'], userImg: card['userImg'] } : { name: card['name'] };
      }
    }
    const contactId = value['contactId'];
    if (type !== 'RegisterForClientEvents' && type !== 'UnregisterFromClientEvents' && contactId !== undefined && contactId !== null && !isContactIdValue(contactId)) {
      issues.push({ path: ['contactId'], message: 'expected a positive integer or its decimal string, or null' });
    }
    if (issues.length > 0) return { success: false, error: { issues } };
    if ('issuer' in message) message['issuer'] = readIssuer(message['issuer']);
    if ('ccbridge' in message) message['ccbridge'] = type === 'RegisterForClientEvents' ? readExtensions(message['ccbridge']) : readRequest(message['ccbridge']);
    return { success: true, data: message as unknown as ChildMessage };
  } catch {
    // A hostile value (`{ length: { valueOf: 0 } }`) can make a check throw: no parse may throw.
    return { success: false, error: { issues: [{ path: [], message: 'a value that cannot be read' }] } };
  }
}

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
