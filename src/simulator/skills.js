// @ts-check
/**
 * The simulator's skills: their ids and names, and the dispositions and tags
 * an agent may choose at the end of a contact of each (what NICE's agent SDK
 * reads from `skills/{id}/dispositions` and `/tags`, docs/platforms.md).
 * A scenario replaces them with the `skills` option of `createSimulator`.
 */

/**
 * @typedef {object} SkillDisposition
 * @property {number} dispositionId
 * @property {string} dispositionName
 * @property {string} [classification]
 * @property {boolean} [requireRescheduleDate]
 */

/**
 * @typedef {object} SkillTag
 * @property {number} tagId
 * @property {string} tagName
 * @property {string} [notes]
 */

/**
 * @typedef {object} SkillConfig
 * @property {number} skillId
 * @property {string} skillName
 * @property {boolean} [isOutbound]
 * @property {readonly SkillDisposition[]} [dispositions] none: the platform answers 204
 * @property {readonly SkillTag[]} [tags] none: the platform answers 204
 */

/** @type {readonly SkillConfig[]} */
export const DEFAULT_SKILLS = [
  {
    skillId: 4001,
    skillName: 'Sales',
    dispositions: [
      { dispositionId: 101, dispositionName: 'Sale', classification: 'Success' },
      { dispositionId: 102, dispositionName: 'No sale', classification: 'Failure' },
      { dispositionId: 103, dispositionName: 'Call back', classification: 'Neutral', requireRescheduleDate: true },
    ],
    tags: [
      { tagId: 201, tagName: 'VIP' },
      { tagId: 202, tagName: 'Complaint' },
    ],
  },
  {
    skillId: 4002,
    skillName: 'Support',
    dispositions: [
      { dispositionId: 111, dispositionName: 'Resolved', classification: 'Success' },
      { dispositionId: 112, dispositionName: 'Escalated', classification: 'Neutral' },
    ],
    tags: [
      { tagId: 211, tagName: 'Billing' },
      { tagId: 212, tagName: 'Technical' },
    ],
  },
  {
    skillId: 4003,
    skillName: 'Outbound',
    isOutbound: true,
    dispositions: [
      { dispositionId: 121, dispositionName: 'Reached', classification: 'Success' },
      { dispositionId: 122, dispositionName: 'Voicemail', classification: 'Neutral' },
    ],
  },
];

/** The skill id events carry for `skill` (a name or an id); an unknown name is 4099. */
export class Skills {
  /** @param {readonly SkillConfig[]} skills */
  constructor(skills) {
    /** @type {ReadonlyMap<number, SkillConfig>} */
    this.byId = new Map(skills.map((skill) => [skill.skillId, skill]));
    /** @type {ReadonlyMap<string, SkillConfig>} */
    this.byName = new Map(skills.map((skill) => [skill.skillName, skill]));
  }

  /** @param {string} skill a skill name or id; a number passes through (a v23.0 dial names its skill by id) */
  idOf(skill) {
    if (/^\d+$/.test(skill)) return skill;
    return String(this.byName.get(skill)?.skillId ?? 4099);
  }
}
