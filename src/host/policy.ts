import { COMMAND_TYPES, SUBSCRIPTION_TYPES } from '../protocol/max.js';
import type { CommandType, SubscriptionType } from '../protocol/max.js';
import type { ActionType, ServiceType } from '../protocol/actions.js';
import type { PlatformEvent } from '../protocol/events.js';
import { assertOrigin } from './origins.js';

/**
 * What one origin may do. Everything is allowed by default except the
 * session token, which an origin gets only when granted (`sessionToken`).
 */
export interface OriginPolicy {
  /** Subscription types the origin may request; default: all but `sessioninfo` unless the token is granted. */
  readonly subscriptionTypes?: readonly SubscriptionType[];
  /** Commands the origin may send; default: all seven. */
  readonly commands?: readonly CommandType[];
  /** Whether the origin may receive the agent's session token. Default `false`. */
  readonly sessionToken?: boolean;
  /** Whether the origin may send `ContactCardData`. Default `true`. */
  readonly contactCard?: boolean;
  /**
   * Events the origin may see; an event for which this returns false is never
   * sent to it, and a contact it hides does not exist for its commands and cards.
   */
  readonly events?: (event: PlatformEvent) => boolean;
  /** Let the origin's contact panels command and card any contact, not only their own. Default `false`, as in MAX. */
  readonly anyContact?: boolean;
  /**
   * The actions beyond MAX the origin may send (`Dial`, `SetAgentState`…),
   * and the desktop's requests its pages may serve (`Search`, `CallLog`).
   * Default none: every action is off until granted.
   */
  readonly actions?: readonly (ActionType | ServiceType)[];
  /**
   * The numbers the origin may dial, when set: a `Dial` goes through only if
   * its number (spaces, dots, dashes and brackets dropped) matches one of
   * these. Toll fraud is the risk: `[/^\+1\d{10}$/]` keeps a page to one
   * country's numbers.
   */
  readonly dialPatterns?: readonly RegExp[];
  /**
   * The keys the origin may write on a contact with `SetContactData` (as
   * Genesys's Service Client API lists the user data a page may write), or
   * `'any'`. Default none.
   */
  readonly contactDataKeys?: readonly string[] | 'any';
}

/** An origin's policy with its defaults filled in, as the host applies it. */
export interface ResolvedPolicy {
  readonly subscriptionTypes: ReadonlySet<SubscriptionType>;
  readonly commands: ReadonlySet<CommandType>;
  readonly sessionToken: boolean;
  readonly contactCard: boolean;
  /** Which events the origin may see (`undefined`: all). */
  readonly events: ((event: PlatformEvent) => boolean) | undefined;
  readonly anyContact: boolean;
  readonly actions: ReadonlySet<ActionType | ServiceType>;
  /** `undefined`: any number. */
  readonly dialPatterns: readonly RegExp[] | undefined;
  readonly contactDataKeys: ReadonlySet<string> | 'any';
}

export function resolvePolicy(policy: OriginPolicy = {}): ResolvedPolicy {
  const sessionToken = policy.sessionToken === true;
  const defaultTypes = SUBSCRIPTION_TYPES.filter((type) => sessionToken || type !== 'sessioninfo');
  const subscriptionTypes = new Set(policy.subscriptionTypes ?? defaultTypes);
  if (!sessionToken) subscriptionTypes.delete('sessioninfo');
  return {
    subscriptionTypes,
    commands: new Set(policy.commands ?? COMMAND_TYPES),
    sessionToken,
    contactCard: policy.contactCard !== false,
    events: policy.events,
    anyContact: policy.anyContact === true,
    actions: new Set(policy.actions ?? []),
    // Without the stateful flags (g, y), so a pattern tests every number from its start.
    dialPatterns: policy.dialPatterns?.map((pattern) => new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''))),
    contactDataKeys: policy.contactDataKeys === 'any' ? 'any' : new Set(policy.contactDataKeys),
  };
}

/** Every configured origin's rights, and the default for the others. */
export class PolicyTable {
  readonly #policies: Map<string, ResolvedPolicy>;
  readonly #default: ResolvedPolicy;

  constructor(policies: ReadonlyMap<string, OriginPolicy> | Readonly<Record<string, OriginPolicy>> = {}, defaultPolicy?: OriginPolicy) {
    const entries = policies instanceof Map ? [...policies] : Object.entries(policies);
    for (const [origin] of entries) assertOrigin(origin, 'policies');
    this.#policies = new Map(entries.map(([origin, policy]) => [origin, resolvePolicy(policy)]));
    this.#default = resolvePolicy(defaultPolicy);
  }

  /** The origins that have their own entry (they are allowed). */
  get origins(): string[] {
    return [...this.#policies.keys()];
  }

  /** Gives `origin` its own policy, replacing any it had. */
  set(origin: string, policy: OriginPolicy): void {
    assertOrigin(origin, 'setPolicy');
    this.#policies.set(origin, resolvePolicy(policy));
  }

  /** The origin's rights: its own policy, else the default. */
  for(origin: string): ResolvedPolicy {
    return this.#policies.get(origin) ?? this.#default;
  }
}
