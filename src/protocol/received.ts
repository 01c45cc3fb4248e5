/**
 * What a page reads from the host, checked in plain code with no zod: the
 * envelope and its three control messages. This runs in every CRM page, where
 * a schema library would be most of the bundle. The zod schemas of max.ts
 * (`Envelope`, `ClientEventSubscriptionAcknowledge`, `SessionInfo`,
 * `CommandResult`, `Extensions`) state the same rules for anyone who wants
 * them as schemas; max.ts re-exports these functions.
 */
import type { ClientEventSubscriptionAcknowledge, CommandResult, Envelope, Extensions, SessionInfo } from './max.js';
import { isRecord, pick } from './rules.js';

export const EXTENSIONS_VERSION = 1;

const isNumber = (value: unknown): value is number => Number.isFinite(value);
const isString = (value: unknown): value is string => typeof value === 'string';
const isNullable = (value: unknown, check: (value: unknown) => boolean): boolean => value === null || check(value);
/** An optional field: absent (or `undefined`) or valid. */
const isOptional = (value: unknown, check: (value: unknown) => boolean): boolean => value === undefined || check(value);

/**
 * Extensions as asked for (registration) or accepted (the first envelope):
 * a finite `version`, and `channel`, `results`, `sequence` kept as given
 * (both sides read them as `=== true`); `undefined` if malformed, which means
 * plain MAX.
 */
export function readExtensions(value: unknown): Extensions | undefined {
  return isRecord(value) && isNumber(value['version']) ? pick<Extensions>(value, ['version', 'channel', 'results', 'sequence']) : undefined;
}

/**
 * An envelope the host posted: `issuer` a string, `contactId` a number or
 * `null`, `events` an array (its items are checked one by one, so one odd
 * event cannot hide the others), optional `ccbridge` and `seq`. Unknown
 * fields are dropped. `undefined` for anything else.
 */
export function readEnvelope(data: unknown): Envelope | undefined {
  if (!isRecord(data) || !isString(data['issuer']) || !isNullable(data['contactId'], isNumber) || !Array.isArray(data['events'])) return undefined;
  const extensions = data['ccbridge'] === undefined ? undefined : readExtensions(data['ccbridge']);
  if (!isOptional(data['seq'], isNumber) || (data['ccbridge'] !== undefined && extensions === undefined)) return undefined;
  const envelope = pick<Record<string, unknown>>(data, ['issuer', 'contactId', 'events', 'seq']);
  if (extensions !== undefined) envelope['ccbridge'] = extensions;
  return envelope as unknown as Envelope;
}

/**
 * Reads a non-event envelope item. Returns `undefined` for anything that is
 * not exactly one of the three control messages.
 */
export function readControlItem(item: unknown): ClientEventSubscriptionAcknowledge | SessionInfo | CommandResult | undefined {
  if (!isRecord(item) || !Object.hasOwn(item, 'messageType')) return undefined;
  const type = item['messageType'];
  if (type === 'ClientEventSubscriptionAcknowledge') {
    const { status } = item;
    const valid = isNullable(item['contactId'], isNumber) && (status === 'OK' || status === 'ERROR') && isString(item['reason']);
    return valid ? pick(item, ['messageType', 'contactId', 'status', 'reason']) : undefined;
  }
  if (type === 'SessionInfo') return isString(item['sessionToken']) ? pick(item, ['messageType', 'sessionToken']) : undefined;
  if (type === 'CommandResult') {
    const { status } = item;
    const valid =
      isNumber(item['requestId']) &&
      (status === 'OK' || status === 'REFUSED') &&
      isNullable(item['contactId'], isNumber) &&
      isNullable(item['action'], isString) &&
      isNullable(item['refusal'], isString) &&
      isOptional(item['detail'], isString);
    return valid ? pick(item, ['messageType', 'requestId', 'status', 'contactId', 'action', 'refusal', 'detail']) : undefined;
  }
  return undefined;
}
