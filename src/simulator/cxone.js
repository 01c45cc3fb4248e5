// @ts-check
/**
 * The platform's own routes: the CXone token, the agent session (start,
 * join, long poll, commands, end) and the XUC login. Shapes: docs/platforms.md.
 */
import { field, send } from './http.js';
/** @import { Call, Handler, Route, Simulator } from './http.js' */

const SESSIONS = '/inContactAPI/services/v\\d+\\.0/agent-sessions';

/** @type {ReadonlyArray<Route>} */
export const CXONE_ROUTES = [
  ['POST', /^\/InContactAuthorizationServer\/Token$/, 'open', issueCxoneToken],
  // The agent session (CXone agent API, v12.0 and later: the same paths).
  ['POST', new RegExp(`^${SESSIONS}$`), 'token', startSession],
  ['POST', new RegExp(`^${SESSIONS}/join$`), 'token', joinSession],
  ['DELETE', new RegExp(`^${SESSIONS}/([^/]+)$`), 'token', endSession],
  ['GET', new RegExp(`^${SESSIONS}/([^/]+)/get-next-event$`), 'token', nextEvent],
  ['POST', new RegExp(`^${SESSIONS}/([^/]+)/interactions/(\\d+)/(\\w+)$`), 'token', interaction],
  ['POST', new RegExp(`^${SESSIONS}/([^/]+)/dial-phone$`), 'token', dialPhone],
  ['POST', new RegExp(`^${SESSIONS}/([^/]+)/state$`), 'token', agentState],
];

/** @type {ReadonlyArray<Route>} */
export const XUC_ROUTES = [['POST', /^\/xuc\/api\/2\.0\/auth\/login$/, 'open', xucLogin]];

// ---- Tokens and logins ----

/** @param {Simulator} simulator */
function issueToken(simulator) {
  const token = `simtok-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
  simulator.tokens.add(token);
  return token;
}

/**
 * @param {Simulator} simulator
 * @param {Call} call
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
    agent_id: 19,
    team_id: 1,
    bus_no: 1,
  });
}

/** @type {Handler} */
function xucLogin(simulator, { response, body }) {
  const login = field(body, 'login');
  const password = field(body, 'password');
  if (typeof login !== 'string' || typeof password !== 'string' || password === '') {
    send(response, 401, { error: 'InvalidCredentials' });
    return;
  }
  send(response, 200, { login, token: issueToken(simulator) });
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

/** @type {Handler} */
function joinSession(simulator, { response, body }) {
  const sessionId = field(body, 'sessionId');
  const session = typeof sessionId === 'string' ? simulator.platform.locate(sessionId).session : undefined;
  if (session === undefined || session.ended) send(response, 404, { error: 'no such session' });
  else send(response, 202, { sessionId: session.base });
}

/**
 * The session a route's first group names (`<base>` or `<base>~<cursor>`), or a 404.
 * @param {Simulator} simulator
 * @param {Call} call
 */
function sessionOf(simulator, { match, response }) {
  const located = simulator.platform.locate(decodeURIComponent(match[1] ?? ''));
  if (located.session === undefined) send(response, 404, { error: 'no such session' });
  return located;
}

/**
 * A live session for a command, or a 404/409 already sent.
 * @param {Simulator} simulator
 * @param {Call} call
 */
function liveSession(simulator, call) {
  const { session } = sessionOf(simulator, call);
  if (session === undefined) return undefined;
  if (session.ended) {
    send(call.response, 409, { error: 'the agent session has ended' });
    return undefined;
  }
  return session;
}

/** @type {Handler} */
function endSession(simulator, call) {
  const { session } = sessionOf(simulator, call);
  if (session === undefined) return;
  if (!session.ended) simulator.platform.endSession(session);
  send(call.response, 202, {});
}

/**
 * The long poll, with the faults the control API set.
 * @param {Simulator} simulator
 * @param {Call} call
 * @returns {Promise<void>}
 */
async function nextEvent(simulator, call) {
  const { session, cursor } = sessionOf(simulator, call);
  if (session === undefined) return;
  const { request, response, url } = call;
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
function interaction(simulator, call) {
  if (liveSession(simulator, call) === undefined) return;
  const result = simulator.platform.contactAction(Number(call.match[2]), call.match[3] ?? '');
  if (result.ok) send(call.response, 202, {});
  else send(call.response, result.status, { error: result.error });
}

/** @type {Handler} */
function dialPhone(simulator, call) {
  if (liveSession(simulator, call) === undefined) return;
  const phoneNumber = field(call.body, 'phoneNumber');
  if (typeof phoneNumber !== 'string') {
    send(call.response, 404, { error: `no route POST ${call.url.pathname}` });
    return;
  }
  send(call.response, 202, { contactId: simulator.platform.dial(phoneNumber, String(field(call.body, 'skillName') ?? ''), simulator.dialAnswerMs) });
}

/** @type {Handler} */
function agentState(simulator, call) {
  if (liveSession(simulator, call) === undefined) return;
  const state = field(call.body, 'state');
  if (typeof state !== 'string') {
    send(call.response, 404, { error: `no route POST ${call.url.pathname}` });
    return;
  }
  simulator.platform.setAgentState(state, String(field(call.body, 'reason') ?? ''));
  send(call.response, 202, {});
}

