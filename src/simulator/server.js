// @ts-check
/**
 * The simulator's HTTP face: the inContact subset (token, agent sessions
 * with a real long poll, commands), the XUC login and websocket, and a
 * control API for tests and demos. Node's http module and `ws` only.
 *
 * Every route is a row of a table (method, path pattern, access, handler):
 * cxone.js has the platform's routes, control.js the control API. Each
 * handler is a module-level function of the simulator's state (`Simulator`)
 * and one HTTP exchange (`Exchange`), both in http.js; request bodies are `unknown`
 * until a handler reads a field with `field()`.
 *
 * | route | what |
 * |---|---|
 * | `POST /InContactAuthorizationServer/Token` | `{ access_token, token_type, resource_server_base_uri, expires_in, refresh_token }` |
 * | `POST {base}services/vNN.0/agent-sessions` | start (`{stationPhoneNumber}` or `{stationId}`) → `{ sessionId }` |
 * | `POST …/agent-sessions/join` | join (`{ asAgentId }`, empty for one's own session) → `{ sessionId }` |
 * | `GET …/agents/19/agent-settings`, `…/business-unit`, `…/agents/19/indicators`, `…/server-time`, `…/skills/{id}`, `…/skills/{id}/dispositions`, `…/skills/{id}/tags` | what NICE's SDK reads (cxone-settings.js) |
 * | `GET …/agent-sessions/{id}/get-next-event?timeout=T` | 200 `{ sessionId, events }`, 304, 409 (ended), 400 (bad T) |
 * | `DELETE …/agent-sessions/{id}` | end the session |
 * | `POST …/agent-sessions/{id}/interactions/{contactId}/{action}` | accept, reject, hold, resume, mask, unmask, mute, unmute, record, end |
 * | `POST …/agent-sessions/{id}/dial-phone`, `…/state` | dial `{phoneNumber, skillName}`; agent state `{state, reason}` |
 * | `POST /xuc/api/2.0/auth/login` | `{ login, token }` |
 * | `GET /xuc/api/2.0/cti?token=…` (websocket) | the XUC CTI link |
 * | `POST /sim/calls`, `/sim/contacts/{id}/end`, `/sim/events`, `/sim/faults`, `/sim/sessions/{id}/end`, `/sim/xuc`, `/sim/tokens/revoke`, `/sim/agent-state`, `/sim/reset`; `GET /sim/state`, `/sim/clock` | control API (docs/simulator.md) |
 */
import { createServer } from 'node:http';
import { CONTROL_ROUTES } from './control.js';
import { CXONE_ROUTES } from './cxone.js';
import { CXONE_SETTINGS_ROUTES } from './cxone-settings.js';
import { readJson, send } from './http.js';
/** @import { Route, Simulator } from './http.js' */
import { Platform } from './platform.js';
import { runScenario } from './scenario.js';
import { DEFAULT_SKILLS, Skills } from './skills.js';
import { XUC_ROUTES, createXucServer } from './xuc.js';

/**
 * @typedef {object} SimulatorOptions
 * @property {number} [port] 0 for any free port. Default 8787.
 * @property {string} [host] Interface to listen on. Default all (so both localhost and 127.0.0.1 work).
 * @property {'default' | 'none'} [scenario] Scripted traffic or none. Default 'default'.
 * @property {number} [callIntervalMs] Scripted calls' interval. Default 20000.
 * @property {number} [answerMs] How long the scripted agent lets a call ring before answering it. Default 10000.
 * @property {number} [pace] Scales the scripted agent's timings (1 = real time). Default 1.
 * @property {number} [dialAnswerMs] How long an outbound call dials before it is answered. Default 1500.
 * @property {number} [acwMs] How long the agent stays in after-call work once its last call ends. Default 10000.
 * @property {readonly string[]} [corsOrigins] Origins allowed besides loopback ones.
 * @property {readonly import('./skills.js').SkillConfig[]} [skills] The skills, with their dispositions and tags. Default skills.js's.
 * @property {(line: string) => void} [log]
 */

const LOOPBACK_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/;

/**
 * The request headers a browser may send here: the seed's `Authorization`, `Content-Type` and
 * `Accept`, and what NICE's agent SDK adds to every request (`Originating-Service-Identifier`;
 * `x-message-sender` on some), docs/platforms.md.
 */
const CORS_HEADERS = 'Authorization, Content-Type, Accept, Originating-Service-Identifier, X-Message-Sender';

/**
 * Starts the simulator. Resolves once it listens.
 * @param {SimulatorOptions} [options]
 */
export async function createSimulator(options = {}) {
  let port = 0;
  const platform = new Platform({ acwMs: options.acwMs, screenPopUrl: (contactId) => `http://localhost:${port}/sim/pop/${contactId}`, skills: new Skills(options.skills ?? DEFAULT_SKILLS) });
  const tokens = new Set(/** @type {string[]} */ ([]));
  /** @type {Simulator} */
  const simulator = {
    platform,
    tokens,
    xuc: createXucServer({ platform, tokens, dialAnswerMs: options.dialAnswerMs ?? 1500 }),
    faults: { left: 0 },
    dialAnswerMs: options.dialAnswerMs ?? 1500,
    tokenDelayMs: 0,
    log: options.log ?? (() => {}),
    port: () => port,
  };
  const corsOrigins = new Set(options.corsOrigins ?? []);
  /** @type {Set<import('node:net').Socket>} */
  const sockets = new Set();

  const server = createServer(async (request, response) => {
    const origin = request.headers.origin;
    if (origin !== undefined && (LOOPBACK_ORIGIN.test(origin) || corsOrigins.has(origin))) {
      response.setHeader('Access-Control-Allow-Origin', origin);
      response.setHeader('Vary', 'Origin');
      response.setHeader('Access-Control-Allow-Headers', CORS_HEADERS);
      response.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS');
      if (request.method === 'OPTIONS') response.setHeader('Access-Control-Max-Age', '600');
    }
    if (request.method === 'OPTIONS') {
      response.writeHead(204).end();
      return;
    }
    try {
      await route(simulator, request, response);
    } catch (error) {
      simulator.log(`error: ${error instanceof Error ? error.stack : String(error)}`);
      if (!response.headersSent) send(response, 500, { error: 'simulator error' });
    }
  });

  server.on('upgrade', (request, socket, head) => simulator.xuc.upgrade(request, socket, head));
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
      simulator.xuc.close();
      await new Promise((resolve) => {
        server.close(() => resolve(undefined));
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}

// ---- Routing ----

/**
 * Every route: method, path pattern (anchored), whether it needs a bearer
 * token, handler. The first row whose method and pattern match serves.
 * @type {ReadonlyArray<Route>}
 */
const ROUTES = [...CXONE_ROUTES, ...CXONE_SETTINGS_ROUTES, ...XUC_ROUTES, ...CONTROL_ROUTES];

/**
 * @param {Simulator} simulator
 * @param {import('node:http').IncomingMessage} request
 * @param {import('node:http').ServerResponse} response
 */
async function route(simulator, request, response) {
  const url = new URL(request.url ?? '/', `http://localhost:${simulator.port()}`);
  // A tenant routes the API prefix whatever its case: NICE's SDK sends `/InContactAPI/` for
  // agent sessions and `/incontactapi/` elsewhere (docs/platforms.md). The rest of the path keeps its case.
  url.pathname = url.pathname.replace(/^\/incontactapi\//i, '/inContactAPI/');
  const method = request.method ?? 'GET';
  for (const [routeMethod, pattern, access, handler] of ROUTES) {
    const match = pattern.exec(url.pathname);
    if (match === null || routeMethod !== method) continue;
    if (access === 'token' && !authorised(simulator, request)) {
      send(response, 401, { error: 'invalid or missing token' });
      return;
    }
    const body = method === 'POST' ? await readJson(request) : undefined;
    await handler(simulator, { request, response, url, match, body });
    return;
  }
  const control = url.pathname.startsWith('/sim/') ? 'control ' : '';
  send(response, 404, { error: `no ${control}route ${method} ${url.pathname}` });
}

/**
 * @param {Simulator} simulator
 * @param {import('node:http').IncomingMessage} request
 */
function authorised(simulator, request) {
  const auth = /^(\S+)\s+(\S+)$/.exec(request.headers.authorization ?? '');
  return auth !== null && auth[1]?.toLowerCase() === 'bearer' && simulator.tokens.has(auth[2] ?? '');
}

