/**
 * Ready-made per-origin policies, generalising the Xivo XUC profiles:
 *
 * ```ts
 * policies: {
 *   'https://wallboard.example': supervisor({ queues: ['sales'], groups: ['team-a'], agentGroup: 'team-a' }),
 *   'https://kb.example': noright(),
 *   'https://crm.example': admin({ sessionToken: true }),
 * }
 * ```
 *
 * - `admin`: everything, the actions beyond MAX included (plus whatever
 *   grants are passed, e.g. the token).
 * - `supervisor`: contact ("queue") events only for its queues/skills, agent
 *   events only when the agent's group is in its group list; no actions
 *   beyond MAX unless its options grant them.
 * - `noright`: nothing: every registration is refused with
 *   `Subscription Type Not Permitted`, every command, action and card refused,
 *   no events.
 */
import { ACTION_TYPES, SERVICE_TYPES } from '../protocol/actions.js';
import { contactIdOf } from '../protocol/rules.js';
import type { PlatformEvent } from '../protocol/events.js';
import type { OriginPolicy } from './policy.js';

/** Everything: every subscription type, command and action beyond MAX (any contact data key), cards; add `grants` such as `sessionToken: true` or `dialPatterns`. */
export function admin(grants: OriginPolicy = {}): OriginPolicy {
  return { actions: [...ACTION_TYPES, ...SERVICE_TYPES], contactDataKeys: 'any', ...grants };
}

export interface SupervisorOptions extends OriginPolicy {
  /** Queues / skills whose contact events the origin may see (matched against `Skill`, `SkillName`, `SkillId`). */
  readonly queues: readonly string[];
  /** Agent groups whose agent events the origin may see. */
  readonly groups: readonly string[];
  /** The group of this desktop's agent, when events do not carry one (`AgentGroup`, `TeamName`, `TeamId`). */
  readonly agentGroup?: string;
}

const SKILL_FIELDS = ['Skill', 'SkillName', 'SkillId'] as const;
const GROUP_FIELDS = ['AgentGroup', 'TeamName', 'TeamId'] as const;

function fieldIn(event: PlatformEvent, fields: readonly string[], allowed: ReadonlySet<string>): boolean | undefined {
  let seen = false;
  for (const field of fields) {
    if (!Object.hasOwn(event, field) || event[field] === undefined || event[field] === null) continue;
    seen = true;
    if (allowed.has(String(event[field]))) return true;
  }
  return seen ? false : undefined;
}

/** Contact events of the given queues and agent events of the given groups, nothing of any other; commands and cards as its grants say (default: all commands, no token). */
export function supervisor(options: SupervisorOptions): OriginPolicy {
  const queues = new Set(options.queues);
  const groups = new Set(options.groups);
  const { queues: _queues, groups: _groups, agentGroup, events: extra, ...grants } = options;
  const agentAllowed = agentGroup !== undefined && groups.has(agentGroup);
  return {
    ...grants,
    events: (event) => {
      // Unknown queue or group: not shown. A supervisor sees what it is granted, no more.
      const allowed = contactIdOf(event) !== null ? fieldIn(event, SKILL_FIELDS, queues) === true : (fieldIn(event, GROUP_FIELDS, groups) ?? agentAllowed);
      return allowed && (extra === undefined || extra(event));
    },
  };
}

/** Nothing: every registration is refused (`Subscription Type Not Permitted`), every command, card and `eventpost` too, and no event is sent. */
export function noright(): OriginPolicy {
  return { subscriptionTypes: [], commands: [], actions: [], sessionToken: false, contactCard: false, events: () => false };
}
