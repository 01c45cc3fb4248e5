// @ts-check
/**
 * CXone's routes: the token and the agent session (start, join, long poll,
 * commands, end). Shapes: docs/platforms.md. XUC's are in xuc.js.
 */
import { AGENT_ID } from './cxone-settings.js';
import { field, issueToken, send } from './http.js';
/** @import { Exchange, Handler, Route, Simulator } from './http.js' */

const SESSIONS = '/inContactAPI/services/v\\d+\\.0/agent-sessions';

/** @type {ReadonlyArray<Route>} */
export const CXONE_ROUTES = [
  ['POST', /^\/InContactAuthorizationServer\/Token$/, 'open', issueCxoneToken],
  // The agent session (CXone agent API, v12.0 and later: the same paths).
  ['POST', new RegExp(`^${SESSIONS}$`), 'token', startSession],
  ['POST', new RegExp(`^${SESSIONS}/join$`), 'token', joinSession],
  ['DELETE', new RegExp(`^${SESSIONS}/([^/]+)$`), 'token', endSession],
  ['GET', new RegExp(`^${SESSIONS}/([^/]+)/get-next-event$`), 'token', nextEvent],
  ['POST', new RegExp(`^${SESSIONS}/([^/]+)/interactions/(\\d+)/disposition$`), 'token', disposition],
  ['POST', new RegExp(`^${SESSIONS}/([^/]+)/interactions/(transfer-calls|conference-calls)$`), 'token', joinCalls],
  ['POST', new RegExp(`^${SESSIONS}/([^/]+)/interactions/(\\d+)/custom-data$`), 'token', customData],
  ['POST', /^\/inContactAPI\/services\/v\d+\.0\/contacts\/(\d+)\/tags$/, 'token', tagContact],
  ['POST', new RegExp(`^${SESSIONS}/([^/]+)/interactions/(\\d+)/([\\w-]+)$`), 'token', interaction],
  ['POST', new RegExp(`^${SESSIONS}/([^/]+)/agent-phone/(mute|unmute)$`), 'token', agentPhone],
  ['POST', new RegExp(`^${SESSIONS}/([^/]+)/dial-phone$`), 'token', dialPhone],
  ['POST', new RegExp(`^${SESSIONS}/([^/]+)/state$`), 'token', agentState],
];

// ---- Tokens ----

/**
 * @param {Simulator} simulator
 * @param {Exchange} exchange
 * @returns {Promise<void>}
 */
async function issueCxoneToken(simulator, { response }) {
  if (simulator.tokenDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, simulator.tokenDelayMs));
  const port = simulator.port();
  send(response, 200, {
    access_token: issueToken(simulator),
    token_type: 'bearer',
    expires_in: 3600,
    refresh_token: `simrefresh-${Math.random().toString(36).slice(2)}`,
    scope: 'AgentApi RealTimeApi',
    resource_server_base_uri: `http://localhost:${port}/inContactAPI/`,
    refresh_token_server_uri: `http://localhost:${port}/InContactAuthorizationServer/Token`,
    agent_id: AGENT_ID,
    team_id: 1,
    bus_no: 1,
  });
}

// ---- The agent session ----

/** @type {Handler} */
function startSession(simulator, { response, body }) {
  if (typeof field(body, 'stationPhoneNumber') !== 'string' && typeof field(body, 'stationId') !== 'string') {
    send(response, 400, { error: 'stationPhoneNumber or stationId is required' });
    return;
  }
  const session = simulator.platform.startSession();
  simulator.log(`session ${session.base} started`);
  send(response, 202, { sessionId: session.base });
}

/**
 * `POST agent-sessions/join { asAgentId }`: joins the agent's live session
 * (the simulator has one agent), from now on: the id returned carries the
 * session's current cursor, so the joiner does not replay what others saw.
 * An empty `asAgentId` is how NICE's SDK joins the calling agent's own
 * session on every page load (`joinSession`): with none live, 409.
 * @type {Handler}
 */
function joinSession(simulator, { response, body }) {
  const asAgentId = field(body, 'asAgentId');
  if (typeof asAgentId !== 'number' && typeof asAgentId !== 'string') {
    send(response, 400, { error: 'asAgentId is required (empty for your own session)' });
    return;
  }
  const own = String(asAgentId) === '';
  const session = simulator.platform.liveSession();
  if (session === undefined) send(response, own ? 409 : 404, { error: 'the agent has no session to join' });
  else send(response, 202, { sessionId: `${session.base}~${session.end}` });
}

/**
 * The session a route's first group names (`<base>` or `<base>~<cursor>`), or a 404.
 * @param {Simulator} simulator
 * @param {Exchange} exchange
 */
function sessionOf(simulator, { match, response }) {
  const located = simulator.platform.locate(decodeURIComponent(match[1] ?? ''));
  if (located.session === undefined) send(response, 404, { error: 'no such session' });
  return located;
}

/**
 * A live session for a command, or a 404/409 already sent.
 * @param {Simulator} simulator
 * @param {Exchange} exchange
 */
function liveSession(simulator, exchange) {
  const { session } = sessionOf(simulator, exchange);
  if (session === undefined) return undefined;
  if (session.ended) {
    send(exchange.response, 409, { error: 'the agent session has ended' });
    return undefined;
  }
  return session;
}

/** @type {Handler} */
function endSession(simulator, exchange) {
  const { session } = sessionOf(simulator, exchange);
  if (session === undefined) return;
  if (!session.ended) simulator.platform.endSession(session);
  send(exchange.response, 202, {});
}

/**
 * The long poll, with the faults the control API set.
 * @param {Simulator} simulator
 * @param {Exchange} exchange
 * @returns {Promise<void>}
 */
async function nextEvent(simulator, exchange) {
  const { session, cursor } = sessionOf(simulator, exchange);
  if (session === undefined) return;
  const { request, response, url } = exchange;
  const timeoutText = url.searchParams.get('timeout') ?? '';
  if (!/^\d+$/.test(timeoutText) || Number(timeoutText) > 60) {
    send(response, 400, { error: 'timeout must be an integer from 0 to 60' });
    return;
  }
  const { faults } = simulator;
  if (faults.left > 0) {
    faults.left -= 1;
    if (faults.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, faults.delayMs));
    if (faults.drop === true) {
      // A response lost half-way: headers and part of the body, then the
      // connection goes. (Cutting it before any byte is not enough: browsers
      // silently retry an idempotent request on a reused connection.)
      response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '1000' });
      response.write('{"sessionId":"');
      setTimeout(() => request.socket.destroy(), 10);
      return;
    }
    if (faults.status !== undefined) {
      send(response, faults.status, { error: 'injected fault' });
      return;
    }
  }
  const closed = new AbortController();
  response.on('close', () => closed.abort());
  const result = await simulator.platform.poll(session, cursor, Number(timeoutText), closed.signal);
  if (result.status === 499 || response.destroyed) return;
  if (result.status === 304) response.writeHead(304).end();
  else send(response, result.status, result.body);
}

/** @type {Handler} */
function interaction(simulator, exchange) {
  if (liveSession(simulator, exchange) === undefined) return;
  const result = simulator.platform.contactAction(Number(exchange.match[2]), exchange.match[3] ?? '');
  if (result.ok) send(exchange.response, 202, {});
  else send(exchange.response, result.status, { error: result.error });
}

/**
 * `interactions/{contactId}/disposition` `{ primaryDispositionId, primaryDispositionNotes }`
 * (NICE's SDK, `saveDisposition`): saves the disposition of the contact in
 * after-call work, which ends it here.
 * @type {Handler}
 */
function disposition(simulator, exchange) {
  if (liveSession(simulator, exchange) === undefined) return;
  const { body, response } = exchange;
  const result = simulator.platform.saveDisposition(Number(exchange.match[2]), field(body, 'primaryDispositionId'), field(body, 'primaryDispositionNotes'));
  if (result.ok) send(response, 202, {});
  else send(response, result.status, { error: result.error });
}

/**
 * `interactions/{contactId}/custom-data` `{ indicatorName, data: 'key=value|…' }`
 * (NICE's SDK, `postCustomFormData`): the pairs are attached to the contact.
 * @type {Handler}
 */
function customData(simulator, exchange) {
  if (liveSession(simulator, exchange) === undefined) return;
  const { body, response } = exchange;
  const data = field(body, 'data');
  const indicator = field(body, 'indicatorName');
  const pairs = typeof data === 'string' ? data.split('|').map((pair) => pair.split('=')) : [];
  if (typeof indicator !== 'string' || indicator === '' || pairs.length === 0 || pairs.some((pair) => pair.length !== 2 || pair[0] === '')) {
    send(response, 400, { error: "custom-data takes { indicatorName, data: 'key=value|…' }" });
    return;
  }
  const result = simulator.platform.setContactData(Number(exchange.match[2]), Object.fromEntries(pairs));
  if (result.ok) send(response, 202, {});
  else send(response, result.status, { error: result.error });
}

/**
 * `interactions/transfer-calls` and `interactions/conference-calls` (NICE's
 * SDK, `transferContact` and `conferenceCall`; no body): the held call and
 * the consult call are joined, without the agent or with.
 * @type {Handler}
 */
function joinCalls(simulator, exchange) {
  if (liveSession(simulator, exchange) === undefined) return;
  const result = exchange.match[2] === 'transfer-calls' ? simulator.platform.transferCalls() : simulator.platform.conferenceCalls();
  if (result.ok) send(exchange.response, 202, {});
  else send(exchange.response, result.status, { error: result.error });
}

/**
 * `contacts/{contactId}/tags` `{ tags: [tagId…] }` (NICE's SDK, `saveTags`, v23.0,
 * outside the agent session): answers `{ resultSet: { errorCount: '0' } }`,
 * which the SDK checks.
 * @type {Handler}
 */
function tagContact(simulator, { body, response, match }) {
  const result = simulator.platform.tagContact(Number(match[1]), field(body, 'tags'));
  if (result.ok) send(response, 200, { resultSet: { errorCount: '0' } });
  else send(response, result.status, { error: result.error });
}

/**
 * `dial-phone`: `{ phoneNumber, skillName }` up to v22.0, `{ phoneNumber, skillId }`
 * (a number) from v23.0; the other version's field is refused, as is an empty skill.
 * @type {Handler}
 */
function dialPhone(simulator, exchange) {
  if (liveSession(simulator, exchange) === undefined) return;
  const { body, response } = exchange;
  const phoneNumber = field(body, 'phoneNumber');
  const skillName = field(body, 'skillName');
  const skillId = field(body, 'skillId');
  // The body depends on the API version: v23.0 and later name the skill by id.
  const v23 = Number(/\/services\/v(\d+)\./.exec(exchange.url.pathname)?.[1]) >= 23;
  const problem =
    typeof phoneNumber !== 'string' || phoneNumber === ''
      ? 'phoneNumber is required'
      : v23
        ? skillName !== undefined
          ? 'from v23.0 the skill is skillId (a number), not skillName'
          : skillId !== undefined && !Number.isInteger(skillId)
            ? 'skillId must be an integer'
            : undefined
        : skillId !== undefined
          ? 'skillId is not a field before v23.0; send skillName'
          : skillName !== undefined && (typeof skillName !== 'string' || skillName === '')
            ? 'skillName must be a skill name, not empty'
            : undefined;
  if (problem !== undefined || typeof phoneNumber !== 'string') {
    send(response, 400, { error: problem });
    return;
  }
  const skill = skillId !== undefined ? String(skillId) : typeof skillName === 'string' ? skillName : '';
  send(response, 202, { contactId: simulator.platform.dial(phoneNumber, skill, simulator.dialAnswerMs) });
}

/**
 * `agent-phone/mute` and `/unmute`: the agent's phone, agent-wide; no body.
 * @type {Handler}
 */
function agentPhone(simulator, exchange) {
  if (liveSession(simulator, exchange) === undefined) return;
  simulator.platform.setMuted(exchange.match[2] === 'mute');
  send(exchange.response, 202, {});
}

/** @type {Handler} */
function agentState(simulator, exchange) {
  if (liveSession(simulator, exchange) === undefined) return;
  const state = field(exchange.body, 'state');
  if (typeof state !== 'string') {
    send(exchange.response, 404, { error: `no route POST ${exchange.url.pathname}` });
    return;
  }
  simulator.platform.setAgentState(state, String(field(exchange.body, 'reason') ?? ''));
  send(exchange.response, 202, {});
}

