// @ts-check
/**
 * The simulator's HTTP face: the inContact subset (token, agent sessions
 * with a real long poll, commands), the XUC login and websocket, and a
 * control API for tests and demos. Node's http module and `ws` only.
 *
 * | route | what |
 * |---|---|
 * | `POST /InContactAuthorizationServer/Token` | `{ access_token, token_type, resource_server_base_uri, expires_in, refresh_token }` |
 * | `POST {base}services/vNN.0/agent-sessions` | start (`{stationPhoneNumber}` or `{stationId}`) → `{ sessionId }` |
 * | `POST …/agent-sessions/join` | join (`{sessionId}`) → `{ sessionId }` |
 * | `GET …/agent-sessions/{id}/get-next-event?timeout=T` | 200 `{ sessionId, events }`, 304, 409 (ended), 400 (bad T) |
 * | `DELETE …/agent-sessions/{id}` | end the session |
 * | `POST …/agent-sessions/{id}/interactions/{contactId}/{action}` | accept, reject, hold, resume, mask, unmask, mute, unmute, record, end |
 * | `POST …/agent-sessions/{id}/dial-phone`, `…/state` | dial `{phoneNumber, skillName}`; agent state `{state, reason}` |
 * | `POST /xuc/api/2.0/auth/login` | `{ login, token }` |
 * | `GET /xuc/api/2.0/cti?token=…` (websocket) | the XUC CTI link |
 * | `POST /sim/calls`, `/sim/contacts/{id}/end`, `/sim/events`, `/sim/faults`, `/sim/sessions/{id}/end`, `/sim/xuc`, `/sim/tokens/revoke`, `/sim/reset`; `GET /sim/state`, `/sim/clock` | control API (README) |
 */
import { createServer } from 'node:http';
import { Platform, runScenario } from './platform.js';
import { createXucServer } from './xuc.js';

/**
 * @typedef {object} SimulatorOptions
 * @property {number} [port] 0 for any free port. Default 8787.
 * @property {string} [host] Interface to listen on. Default all (so both localhost and 127.0.0.1 work).
 * @property {'default' | 'none'} [scenario] Scripted traffic or none. Default 'default'.
 * @property {number} [callIntervalMs] Scripted calls' interval. Default 20000.
 * @property {number} [answerMs] How long the scripted agent lets a call ring before answering it. Default 10000.
 * @property {number} [pace] Scales the scripted agent's timings (1 = real time). Default 1.
 * @property {number} [dialAnswerMs] How long an outbound call dials before it is answered. Default 1500.
 * @property {readonly string[]} [corsOrigins] Origins allowed besides loopback ones.
 * @property {(line: string) => void} [log]
 */

const LOOPBACK_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/;
const SESSIONS = /^\/inContactAPI\/services\/v\d+\.0\/agent-sessions(?:\/([^/]+))?(?:\/(.*))?$/;

/**
 * Starts the simulator. Resolves once it listens.
 * @param {SimulatorOptions} [options]
 */
export async function createSimulator(options = {}) {
  const platform = new Platform();
  const tokens = new Set(/** @type {string[]} */ ([]));
  const log = options.log ?? (() => {});
  const dialAnswerMs = options.dialAnswerMs ?? 1500;
  const corsOrigins = new Set(options.corsOrigins ?? []);
  /** @type {{ left: number, status?: number, delayMs?: number, drop?: boolean }} */
  const faults = { left: 0 };
  const xuc = createXucServer({ platform, tokens, dialAnswerMs });
  /** @type {Set<import('node:net').Socket>} */
  const sockets = new Set();
  let port = 0;

  const issueToken = () => {
    const token = `simtok-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
    tokens.add(token);
    return token;
  };

  const server = createServer(async (request, response) => {
    const origin = request.headers.origin;
    if (origin !== undefined && (LOOPBACK_ORIGIN.test(origin) || corsOrigins.has(origin))) {
      response.setHeader('Access-Control-Allow-Origin', origin);
      response.setHeader('Vary', 'Origin');
      response.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, Accept');
      response.setHeader('Access-Control-Allow-Methods', 'GET, POST, DELETE, OPTIONS');
    }
    if (request.method === 'OPTIONS') {
      response.writeHead(204).end();
      return;
    }
    try {
      await route(request, response);
    } catch (error) {
      log(`error: ${error instanceof Error ? error.stack : String(error)}`);
      if (!response.headersSent) send(response, 500, { error: 'simulator error' });
    }
  });

  /**
   * @param {import('node:http').IncomingMessage} request
   * @param {import('node:http').ServerResponse} response
   */
  async function route(request, response) {
    const url = new URL(request.url ?? '/', `http://localhost:${port}`);
    const path = url.pathname;
    const method = request.method ?? 'GET';

    if (method === 'POST' && path === '/InContactAuthorizationServer/Token') {
      await readJson(request);
      send(response, 200, {
        access_token: issueToken(),
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
      return;
    }
    if (method === 'POST' && path === '/xuc/api/2.0/auth/login') {
      const body = await readJson(request);
      if (typeof body?.login !== 'string' || typeof body?.password !== 'string' || body.password === '') {
        send(response, 401, { error: 'InvalidCredentials' });
        return;
      }
      send(response, 200, { login: body.login, token: issueToken() });
      return;
    }
    if (path.startsWith('/sim/')) {
      await control(method, path, request, response);
      return;
    }
    const match = SESSIONS.exec(path);
    if (match === null) {
      send(response, 404, { error: `no route ${method} ${path}` });
      return;
    }
    const auth = /^(\S+)\s+(\S+)$/.exec(request.headers.authorization ?? '');
    if (auth === null || auth[1]?.toLowerCase() !== 'bearer' || !tokens.has(auth[2] ?? '')) {
      send(response, 401, { error: 'invalid or missing token' });
      return;
    }
    await sessions(method, match[1], match[2], url, request, response);
  }

  /**
   * @param {string} method
   * @param {string | undefined} id
   * @param {string | undefined} rest
   * @param {URL} url
   * @param {import('node:http').IncomingMessage} request
   * @param {import('node:http').ServerResponse} response
   */
  async function sessions(method, id, rest, url, request, response) {
    if (id === undefined && method === 'POST') {
      const body = await readJson(request);
      if (typeof body?.stationPhoneNumber !== 'string' && typeof body?.stationId !== 'string') {
        send(response, 400, { error: 'stationPhoneNumber or stationId is required' });
        return;
      }
      const session = platform.startSession();
      log(`session ${session.base} started`);
      send(response, 202, { sessionId: session.base });
      return;
    }
    if (id === 'join' && rest === undefined && method === 'POST') {
      const body = await readJson(request);
      const session = typeof body?.sessionId === 'string' ? platform.locate(body.sessionId).session : undefined;
      if (session === undefined || session.ended) send(response, 404, { error: 'no such session' });
      else send(response, 202, { sessionId: session.base });
      return;
    }
    const { session, cursor } = platform.locate(decodeURIComponent(id ?? ''));
    if (session === undefined) {
      send(response, 404, { error: 'no such session' });
      return;
    }
    if (method === 'DELETE' && rest === undefined) {
      if (!session.ended) platform.endSession(session);
      send(response, 202, {});
      return;
    }
    if (method === 'GET' && rest === 'get-next-event') {
      await nextEvent(session, cursor, url, request, response);
      return;
    }
    if (method !== 'POST' || rest === undefined) {
      send(response, 404, { error: `no route ${method} ${url.pathname}` });
      return;
    }
    if (session.ended) {
      send(response, 409, { error: 'the agent session has ended' });
      return;
    }
    const body = await readJson(request);
    const interaction = /^interactions\/(\d+)\/(\w+)$/.exec(rest);
    if (interaction !== null) {
      const result = platform.contactAction(Number(interaction[1]), interaction[2] ?? '');
      if (result.ok) send(response, 202, {});
      else send(response, result.status, { error: result.error });
    } else if (rest === 'dial-phone' && typeof body?.phoneNumber === 'string') {
      send(response, 202, { contactId: platform.dial(body.phoneNumber, String(body.skillName ?? ''), dialAnswerMs) });
    } else if (rest === 'state' && typeof body?.state === 'string') {
      platform.setAgentState(body.state, String(body.reason ?? ''));
      send(response, 202, {});
    } else {
      send(response, 404, { error: `no route POST ${url.pathname}` });
    }
  }

  /**
   * The long poll, with the faults the control API set.
   * @param {import('./platform.js').Session} session
   * @param {number} cursor
   * @param {URL} url
   * @param {import('node:http').IncomingMessage} request
   * @param {import('node:http').ServerResponse} response
   */
  async function nextEvent(session, cursor, url, request, response) {
    const timeoutText = url.searchParams.get('timeout') ?? '';
    if (!/^\d+$/.test(timeoutText) || Number(timeoutText) > 60) {
      send(response, 400, { error: 'timeout must be an integer from 0 to 60' });
      return;
    }
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
    const result = await platform.poll(session, cursor, Number(timeoutText), closed.signal);
    if (result.status === 499 || response.destroyed) return;
    if (result.status === 304) response.writeHead(304).end();
    else send(response, result.status, result.body);
  }

  /**
   * @param {string} method
   * @param {string} path
   * @param {import('node:http').IncomingMessage} request
   * @param {import('node:http').ServerResponse} response
   */
  async function control(method, path, request, response) {
    const body = method === 'POST' ? await readJson(request) : undefined;
    let match;
    if (method === 'GET' && path === '/sim/state') {
      send(response, 200, {
        agentState: platform.agentState,
        contacts: [...platform.contacts.values()],
        sessions: [...platform.sessions.values()].map((session) => ({ sessionId: session.base, ended: session.ended, pending: session.log.length })),
        xucConnections: xuc.connections,
      });
    } else if (method === 'POST' && path === '/sim/calls') {
      const contactId = platform.offerCall({ ani: optionalString(body?.ani), dnis: optionalString(body?.dnis), skill: optionalString(body?.skill) });
      send(response, 201, { contactId });
    } else if (method === 'POST' && (match = /^\/sim\/contacts\/(\d+)\/end$/.exec(path)) !== null) {
      const ended = platform.endContact(Number(match[1]));
      send(response, ended === undefined ? 404 : 200, ended === undefined ? { error: 'no such contact' } : {});
    } else if (method === 'GET' && path === '/sim/clock') {
      // For latency measurements: the simulator's high-resolution wall clock (ms).
      send(response, 200, { now: performance.timeOrigin + performance.now() });
    } else if (method === 'POST' && path === '/sim/events') {
      const events = Array.isArray(body) ? body : body?.events;
      if (!Array.isArray(events) || events.some((event) => typeof event !== 'object' || event === null || typeof event.Type !== 'string')) {
        send(response, 400, { error: 'send an array of events (objects with a Type), or { events: [...] }' });
        return;
      }
      // ?stamp=1: each event gets `EmittedAt`, the simulator's clock when it is emitted.
      if (new URL(request.url ?? '/', 'http://localhost').searchParams.get('stamp') === '1') {
        const now = performance.timeOrigin + performance.now();
        for (const event of events) event.EmittedAt = now;
      }
      platform.emit(events);
      send(response, 200, { count: events.length });
    } else if (method === 'POST' && path === '/sim/faults') {
      const failNext = Number(body?.failNext ?? 0);
      if (!Number.isInteger(failNext) || failNext < 0) {
        send(response, 400, { error: 'failNext must be a non-negative integer' });
        return;
      }
      faults.left = failNext;
      faults.status = body?.status === undefined ? (body?.drop === true || body?.delayMs !== undefined ? undefined : 503) : Number(body.status);
      faults.delayMs = body?.delayMs === undefined ? undefined : Number(body.delayMs);
      faults.drop = body?.drop === true;
      send(response, 200, { failNext: faults.left, status: faults.status ?? null, delayMs: faults.delayMs ?? null, drop: faults.drop });
    } else if (method === 'POST' && (match = /^\/sim\/sessions\/([^/]+)\/end$/.exec(path)) !== null) {
      const { session } = platform.locate(decodeURIComponent(match[1] ?? ''));
      if (session === undefined) send(response, 404, { error: 'no such session' });
      else {
        platform.endSession(session);
        send(response, 200, {});
      }
    } else if (method === 'POST' && path === '/sim/xuc') {
      xuc.faults({ silent: typeof body?.silent === 'boolean' ? body.silent : undefined, drop: body?.drop === true });
      send(response, 200, {});
    } else if (method === 'POST' && path === '/sim/tokens/revoke') {
      tokens.clear();
      send(response, 200, {});
    } else if (method === 'POST' && path === '/sim/agent-state') {
      platform.setAgentState(String(body?.state ?? 'Available'), String(body?.reason ?? ''));
      send(response, 200, {});
    } else if (method === 'POST' && path === '/sim/reset') {
      platform.reset();
      faults.left = 0;
      xuc.faults({ silent: false, drop: true });
      send(response, 200, {});
    } else {
      send(response, 404, { error: `no control route ${method} ${path}` });
    }
  }

  server.on('upgrade', (request, socket, head) => xuc.upgrade(request, socket, head));
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8787, options.host, () => resolve(undefined));
  });
  const address = server.address();
  port = typeof address === 'object' && address !== null ? address.port : 0;
  if ((options.scenario ?? 'default') === 'default') runScenario(platform, { callIntervalMs: options.callIntervalMs ?? 20_000, answerMs: options.answerMs, pace: options.pace });

  return {
    port,
    /** `http://localhost:<port>` */
    url: `http://localhost:${port}`,
    platform,
    /** Stops everything: timers, long polls, websockets, the server. */
    async close() {
      platform.close();
      xuc.close();
      await new Promise((resolve) => {
        server.close(() => resolve(undefined));
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}

/**
 * @param {import('node:http').ServerResponse} response
 * @param {number} status
 * @param {unknown} body
 */
function send(response, status, body) {
  response.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  response.end(JSON.stringify(body));
}

/**
 * Reads a JSON body; an empty or invalid body reads as `undefined`.
 * @param {import('node:http').IncomingMessage} request
 * @returns {Promise<any>}
 */
async function readJson(request) {
  const chunks = [];
  let size = 0;
  for await (const chunk of request) {
    size += chunk.length;
    if (size > 5_000_000) throw new Error('request body too large');
    chunks.push(chunk);
  }
  if (chunks.length === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}

/** @param {unknown} value */
function optionalString(value) {
  return typeof value === 'string' ? value : undefined;
}
