// @ts-check
/** The control API (`/sim/…`): what tests and demos use to drive the simulated platform (docs/simulator.md). */
import { field, isEventLike, optionalString, send } from './http.js';
/** @import { Handler, Route } from './http.js' */

/** @type {ReadonlyArray<Route>} */
export const CONTROL_ROUTES = [
  ['GET', /^\/sim\/state$/, 'open', simState],
  ['GET', /^\/sim\/clock$/, 'open', simClock],
  ['POST', /^\/sim\/calls$/, 'open', simCall],
  ['POST', /^\/sim\/contacts\/(\d+)\/end$/, 'open', simEndContact],
  ['POST', /^\/sim\/events$/, 'open', simEvents],
  ['POST', /^\/sim\/faults$/, 'open', simFaults],
  ['POST', /^\/sim\/unanswered$/, 'open', simUnanswered],
  ['POST', /^\/sim\/token$/, 'open', simToken],
  ['POST', /^\/sim\/sessions\/([^/]+)\/end$/, 'open', simEndSession],
  ['POST', /^\/sim\/xuc$/, 'open', simXuc],
  ['POST', /^\/sim\/xuc\/send$/, 'open', simXucSend],
  ['GET', /^\/sim\/xuc\/received$/, 'open', simXucReceived],
  ['GET', /^\/sim\/pop\/(\d+)$/, 'open', simPop],
  ['POST', /^\/sim\/tokens\/revoke$/, 'open', simRevokeTokens],
  ['POST', /^\/sim\/agent-state$/, 'open', simAgentState],
  ['POST', /^\/sim\/reset$/, 'open', simReset],
];

/** @type {Handler} */
function simState({ platform, xuc }, { response }) {
  send(response, 200, {
    agentState: platform.agentState,
    // The dispositions pages saved through after-call work, in order.
    dispositions: platform.dispositions,
    tagged: platform.tagged,
    transfers: platform.transfers,
    conferences: platform.conferences,
    contactData: Object.fromEntries(platform.contactData),
    contacts: [...platform.contacts.values()],
    // `held`: polls the platform is holding open on the session right now.
    sessions: [...platform.sessions.values()].map((session) => ({ sessionId: session.base, ended: session.ended, pending: session.log.length, held: session.waiters.size })),
    xucConnections: xuc.connections,
  });
}

/**
 * For latency measurements: the simulator's high-resolution wall clock (ms).
 * @type {Handler}
 */
function simClock(_simulator, { response }) {
  send(response, 200, { now: performance.timeOrigin + performance.now() });
}

/** @type {Handler} */
function simCall({ platform }, { response, body }) {
  const contactId = platform.offerCall({ ani: optionalString(field(body, 'ani')), dnis: optionalString(field(body, 'dnis')), skill: optionalString(field(body, 'skill')) });
  send(response, 201, { contactId });
}

/** @type {Handler} */
function simEndContact({ platform }, { response, match }) {
  const ended = platform.endContact(Number(match[1]));
  send(response, ended === undefined ? 404 : 200, ended === undefined ? { error: 'no such contact' } : {});
}

/** @type {Handler} */
function simEvents({ platform }, { response, body, url }) {
  const events = Array.isArray(body) ? body : field(body, 'events');
  if (!Array.isArray(events) || !events.every(isEventLike)) {
    send(response, 400, { error: 'send an array of events (objects with a Type), or { events: [...] }' });
    return;
  }
  // ?stamp=1: each event gets `EmittedAt`, the simulator's clock when it is emitted.
  if (url.searchParams.get('stamp') === '1') {
    const now = performance.timeOrigin + performance.now();
    for (const event of events) event['EmittedAt'] = now;
  }
  platform.emit(events);
  send(response, 200, { count: events.length });
}

/** @type {Handler} */
function simFaults({ faults }, { response, body }) {
  const failNext = Number(field(body, 'failNext') ?? 0);
  if (!Number.isInteger(failNext) || failNext < 0) {
    send(response, 400, { error: 'failNext must be a non-negative integer' });
    return;
  }
  const status = field(body, 'status');
  const delayMs = field(body, 'delayMs');
  const drop = field(body, 'drop') === true;
  faults.left = failNext;
  faults.status = status === undefined ? (drop || delayMs !== undefined ? undefined : 503) : Number(status);
  faults.delayMs = delayMs === undefined ? undefined : Number(delayMs);
  faults.drop = drop;
  send(response, 200, { failNext: faults.left, status: faults.status ?? null, delayMs: faults.delayMs ?? null, drop: faults.drop });
}

/**
 * Numbers whose outbound calls are not answered (busy, no answer, a wrong
 * number): `{ numbers: [...] }` (until reset). A dial to one rings, then ends
 * without becoming `Active`.
 * @type {Handler}
 */
function simUnanswered({ platform }, { response, body }) {
  const numbers = field(body, 'numbers');
  if (!Array.isArray(numbers) || !numbers.every((number) => typeof number === 'string' && number !== '')) {
    send(response, 400, { error: 'numbers must be an array of phone numbers' });
    return;
  }
  for (const number of numbers) platform.unanswered.add(number);
  send(response, 200, { unanswered: [...platform.unanswered] });
}

/**
 * A slow token service: every token request waits `delayMs` (until reset).
 * @type {Handler}
 */
function simToken(simulator, { response, body }) {
  const delayMs = Number(field(body, 'delayMs') ?? 0);
  if (!Number.isFinite(delayMs) || delayMs < 0 || delayMs > 60_000) {
    send(response, 400, { error: 'delayMs must be a number of milliseconds from 0 to 60000' });
    return;
  }
  simulator.tokenDelayMs = delayMs;
  send(response, 200, { delayMs });
}

/** @type {Handler} */
function simEndSession({ platform }, { response, match, body }) {
  const { session } = platform.locate(decodeURIComponent(match[1] ?? ''));
  if (session === undefined) {
    send(response, 404, { error: 'no such session' });
    return;
  }
  // { remote: true }: ended from elsewhere (RemoteAgentSessionEnd).
  platform.endSession(session, field(body, 'remote') === true);
  send(response, 200, {});
}

/** @type {Handler} */
function simXuc({ xuc }, { response, body }) {
  const flag = (/** @type {string} */ name) => {
    const value = field(body, name);
    return typeof value === 'boolean' ? value : undefined;
  };
  xuc.faults({ silent: flag('silent'), refuse: flag('refuse'), drop: field(body, 'drop') === true });
  send(response, 200, {});
}

/**
 * Sends a raw XUC message (the body) to every XUC connection: for tests of
 * what a source accepts at the wire.
 * @type {Handler}
 */
function simXucSend({ xuc }, { response, body }) {
  if (typeof body !== 'object' || body === null) {
    send(response, 400, { error: 'send the XUC message as the body' });
    return;
  }
  xuc.broadcast(body);
  send(response, 200, { connections: xuc.connections });
}

/**
 * What XUC clients sent, oldest first: for tests of what a source sends at the wire.
 * @type {Handler}
 */
function simXucReceived({ xuc }, { response }) {
  send(response, 200, { received: xuc.received });
}

/**
 * The platform's own screen pop page for a call (its `ScreenPopUrl`).
 * @type {Handler}
 */
function simPop(_simulator, { response, match }) {
  response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
  response.end(`<!doctype html><title>Screen pop</title><p>The platform's screen pop for contact ${Number(match[1])}.</p>`);
}

/** @type {Handler} */
function simRevokeTokens({ tokens }, { response }) {
  tokens.clear();
  send(response, 200, {});
}

/** @type {Handler} */
function simAgentState({ platform }, { response, body }) {
  platform.setAgentState(String(field(body, 'state') ?? 'Available'), String(field(body, 'reason') ?? ''));
  send(response, 200, {});
}

/** @type {Handler} */
function simReset(simulator, { response }) {
  const { platform, faults, xuc } = simulator;
  platform.reset();
  xuc.received.length = 0;
  faults.left = 0;
  simulator.tokenDelayMs = 0;
  xuc.faults({ silent: false, refuse: false, drop: true });
  send(response, 200, {});
}

