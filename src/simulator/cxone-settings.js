// @ts-check
/**
 * The read-only CXone routes NICE's agent SDK reads before it polls (it polls
 * only once `agent-settings` succeeds) and around each contact: agent
 * settings, the business unit, the agent's indicators, the server time, a
 * skill, a skill's dispositions and tags, and the team's unavailable codes. Paths and the fields read come
 * from the SDK's own code (`@nice-devone/*` 25.1.2: `AdminApis`,
 * `ApiUriConstants`, `ApiParser`, `SkillApiParser`, `DispositionService`,
 * `CXoneIndicator`), cited in docs/platforms.md; none of it is copied. The
 * values are the simulator's.
 */
import { send } from './http.js';
/** @import { Handler, Route, Simulator } from './http.js' */

/** The simulator's one agent (the token's `agent_id`). */
export const AGENT_ID = 19;

const SERVICES = '/inContactAPI/services/v\\d+\\.0';

/** @type {ReadonlyArray<Route>} */
export const CXONE_SETTINGS_ROUTES = [
  ['GET', new RegExp(`^${SERVICES}/agents/(\\d+)/agent-settings$`), 'token', agentSettings],
  ['GET', new RegExp(`^${SERVICES}/business-unit$`), 'token', businessUnit],
  ['GET', new RegExp(`^${SERVICES}/agents/(\\d+)/indicators$`), 'token', indicators],
  ['GET', new RegExp(`^${SERVICES}/server-time$`), 'token', serverTime],
  ['GET', new RegExp(`^${SERVICES}/skills/(\\d+)$`), 'token', skill],
  ['GET', new RegExp(`^${SERVICES}/skills/(\\d+)/dispositions$`), 'token', dispositions],
  ['GET', new RegExp(`^${SERVICES}/skills/(\\d+)/tags$`), 'token', tags],
  ['GET', new RegExp(`^${SERVICES}/teams/(\\d+)/unavailable-codes$`), 'token', unavailableCodes],
];

/** The simulator's agent's team. */
export const TEAM_ID = 7;

/** The team's unavailable codes: the reasons the agent may give, and the platform's own after-call work. */
const UNAVAILABLE_CODES = [
  { outStateName: 'Break', isAcw: false, isActive: true },
  { outStateName: 'Lunch', isAcw: false, isActive: true },
  { outStateName: 'Training', isAcw: false, isActive: true },
  { outStateName: 'Meeting', isAcw: false, isActive: true },
  { outStateName: 'Old code', isAcw: false, isActive: false },
  { outStateName: 'ACW', isAcw: true, isActive: true },
];

/**
 * `teams/{teamId}/unavailable-codes` (v23.0 in the SDK):
 * `{ unavailableCodes: [{ outStateName, isAcw, isActive, isPersonalConnection, skillName }] }`,
 * the fields `UnavailableCode.parseData` reads.
 * @type {Handler}
 */
function unavailableCodes(_simulator, { response, match }) {
  if (Number(match[1]) !== TEAM_ID) {
    send(response, 404, { error: `no team ${match[1]}` });
    return;
  }
  send(response, 200, { unavailableCodes: UNAVAILABLE_CODES.map((code) => ({ ...code, isPersonalConnection: false, skillName: '' })) });
}

/**
 * Whether the route's agent is the simulator's; answers 404 otherwise.
 * @param {import('node:http').ServerResponse} response
 * @param {RegExpExecArray} match
 */
function isOurAgent(response, match) {
  if (Number(match[1]) === AGENT_ID) return true;
  send(response, 404, { error: `no agent ${match[1]}` });
  return false;
}

/**
 * `agents/{id}/agent-settings` (v30.0 in the SDK): the fields `ApiParser.parseAgentSettings` reads.
 * @type {Handler}
 */
function agentSettings(_simulator, { response, match }) {
  if (!isOurAgent(response, match)) return;
  send(response, 200, {
    cxaClientVersion: 'ccbridge-sim',
    webRTCType: '',
    webRTCWSSUrls: [],
    webRTCServerDomain: '',
    webRTCICEUrls: [],
    webRTCDNIS: '',
    deleteCommitmentString: '',
    persistentPanels: [],
    CXADataDogAppID: '',
    CXADataDogClientToken: '',
    DataDogSampleRate: '0',
    maxConferenceParties: 5,
    VQMIntegratedSoftPhoneMonitoring: false,
    VQMMonitoringKey: '',
    EnableUIQueue: false,
    irisNoiseCancellationKey: '',
  });
}

/**
 * `business-unit`: `{ businessUnits: [ … ] }`, the first one read by `ApiParser.parseBusinessUnit`.
 * @type {Handler}
 */
function businessUnit(_simulator, { response }) {
  send(response, 200, {
    businessUnits: [
      {
        features: [],
        maxConferenceParties: 5,
        fileExtensions: [],
        isMultiContactHandling: true,
        isUnifiedRoutingEnabled: false,
      },
    ],
  });
}

/**
 * `agents/{id}/indicators`: `{ indicators: [ … ] }` (`AdminService.getAllIndicators`); the simulator raises none.
 * @type {Handler}
 */
function indicators(_simulator, { response, match }) {
  if (!isOurAgent(response, match)) return;
  send(response, 200, { indicators: [] });
}

/**
 * `server-time`: `{ ServerTime }`, which the SDK turns into its clock offset.
 * @type {Handler}
 */
function serverTime(simulator, { response }) {
  send(response, 200, { ServerTime: simulator.platform.now().toISOString() });
}

/**
 * The skill a route names, or a 404.
 * @param {Simulator} simulator
 * @param {import('node:http').ServerResponse} response
 * @param {RegExpExecArray} match
 */
function skillOf(simulator, response, match) {
  const found = simulator.platform.skills.byId.get(Number(match[1]));
  if (found === undefined) send(response, 404, { error: `no skill ${match[1]}` });
  return found;
}

/**
 * `skills/{id}`: the fields `SkillApiParser.parseSkillDetails` reads that the simulator knows.
 * @type {Handler}
 */
function skill(simulator, { response, match }) {
  const found = skillOf(simulator, response, match);
  if (found === undefined) return;
  send(response, 200, {
    skillId: found.skillId,
    skillName: found.skillName,
    mediaTypeId: 4,
    mediaTypeName: 'Phone Call',
    isActive: true,
    isOutbound: found.isOutbound === true,
    requireDisposition: (found.dispositions ?? []).length > 0,
    allowSecondaryDisposition: false,
    maxSecondsACW: Math.round(simulator.platform.acwMs / 1000),
    useScreenPops: false,
  });
}

/**
 * A skill's list (dispositions, tags): the body `answer` makes of it, or 204
 * when the skill has none, as the SDK expects (it parses only when there is
 * content).
 * @template T
 * @param {Simulator} simulator
 * @param {import('./http.js').Exchange} exchange
 * @param {(skill: import('./skills.js').SkillConfig) => readonly T[] | undefined} listOf
 * @param {(list: readonly T[], skill: import('./skills.js').SkillConfig) => unknown} answer
 */
function skillList(simulator, { response, match }, listOf, answer) {
  const found = skillOf(simulator, response, match);
  if (found === undefined) return;
  const list = listOf(found) ?? [];
  if (list.length === 0) response.writeHead(204).end();
  else send(response, 200, answer(list, found));
}

/**
 * `skills/{id}/dispositions` (v12.0 in the SDK): `{ dispositions: [ … ] }` with the fields
 * `CXoneDisposition.parse` reads.
 * @type {Handler}
 */
function dispositions(simulator, exchange) {
  skillList(simulator, exchange, (skill) => skill.dispositions, (list) => ({
    dispositions: list.map((disposition, index) => ({
      dispositionId: disposition.dispositionId,
      dispositionName: disposition.dispositionName,
      displayOrder: index + 1,
      classification: disposition.classification ?? '',
      reportingGroup: '',
      systemOutcome: '',
      requireCommitmentAmount: 'False',
      requireRescheduleDate: disposition.requireRescheduleDate === true ? 'True' : 'False',
      agentSpecific: 'False',
      isPreviewDisposition: 'False',
      priority: index + 1,
    })),
  }));
}

/**
 * `skills/{id}/tags` (v12.0 in the SDK): `{ resultSet: { skillId, tags: [{ tagId, tagName, isActive, notes }] } }`,
 * as `DispositionService.getTags` reads it.
 * @type {Handler}
 */
function tags(simulator, exchange) {
  skillList(simulator, exchange, (skill) => skill.tags, (list, skill) => ({
    resultSet: { skillId: skill.skillId, tags: list.map((tag) => ({ tagId: tag.tagId, tagName: tag.tagName, isActive: true, notes: tag.notes ?? null })) },
  }));
}
