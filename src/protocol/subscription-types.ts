/**
 * MAX's subscription types, what a page asks to receive (docs/protocol.md).
 * Their own module so a page's bundle that checks them carries nothing else
 * of max.ts; max.ts re-exports them.
 */
export const SUBSCRIPTION_TYPES = ['all', 'agent', 'contact', 'contacts', 'sessioninfo'] as const;
/** One of MAX's subscription types. */
export type SubscriptionType = (typeof SUBSCRIPTION_TYPES)[number];

const known: ReadonlySet<string> = /* @__PURE__ */ new Set(SUBSCRIPTION_TYPES);

/** The subscription type `value` names, compared case-insensitively as MAX does, or `undefined`. */
export function subscriptionType(value: unknown): SubscriptionType | undefined {
  const type = typeof value === 'string' ? value.toLowerCase() : undefined;
  return type !== undefined && known.has(type) ? (type as SubscriptionType) : undefined;
}
