/**
 * MAX's subscription types, what a page asks to receive (docs/protocol.md).
 * Their own module so a page's bundle that checks them carries nothing else
 * of max.ts; max.ts re-exports them.
 */
export const SUBSCRIPTION_TYPES = ['all', 'agent', 'contact', 'contacts', 'sessioninfo'] as const;
/** One of MAX's subscription types. */
export type SubscriptionType = (typeof SUBSCRIPTION_TYPES)[number];
