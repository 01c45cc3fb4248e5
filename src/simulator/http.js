// @ts-check
/** What the simulator's handlers share: their types, and reading and writing HTTP. */

/**
 * What every handler works on: one simulator's platform and settings.
 * @typedef {object} Simulator
 * @property {import('./platform.js').Platform} platform
 * @property {Set<string>} tokens bearer tokens issued and not revoked
 * @property {ReturnType<typeof import('./xuc.js').createXucServer>} xuc
 * @property {{ left: number, status?: number, delayMs?: number, drop?: boolean }} faults what the next polls suffer
 * @property {number} dialAnswerMs
 * @property {number} tokenDelayMs how long the token service takes to answer (control API `/sim/token`)
 * @property {(line: string) => void} log
 * @property {() => number} port
 */

/**
 * One HTTP exchange (a request and its response), as a handler sees it.
 * @typedef {object} Exchange
 * @property {import('node:http').IncomingMessage} request
 * @property {import('node:http').ServerResponse} response
 * @property {URL} url
 * @property {RegExpExecArray} match the route's pattern matched against the path
 * @property {unknown} body the JSON body (`undefined` when empty or not JSON; read only for POST)
 */

/** @typedef {(simulator: Simulator, exchange: Exchange) => void | Promise<void>} Handler */

/** @typedef {readonly [method: string, pattern: RegExp, access: 'token' | 'open', handler: Handler]} Route */

/**
 * @param {import('node:http').ServerResponse} response
 * @param {number} status
 * @param {unknown} body
 */
export function send(response, status, body) {
  response.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  response.end(JSON.stringify(body));
}

/**
 * Reads a JSON body; an empty or invalid body reads as `undefined`.
 * @param {import('node:http').IncomingMessage} request
 * @returns {Promise<unknown>}
 */
export async function readJson(request) {
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

/**
 * @param {unknown} value
 * @returns {value is Record<string, unknown> & { Type: string }}
 */
export function isEventLike(value) {
  return typeof value === 'object' && value !== null && typeof field(value, 'Type') === 'string';
}

/** @param {unknown} value */
export function optionalString(value) {
  return typeof value === 'string' ? value : undefined;
}

/**
 * An own field of a JSON object, or `undefined` for anything else.
 * @param {unknown} value
 * @param {string} key
 * @returns {unknown}
 */
export function field(value, key) {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, key)) return undefined;
  return /** @type {Record<string, unknown>} */ (value)[key];
}

/**
 * A new bearer token the simulator accepts (CXone's token route and XUC's login both issue them).
 * @param {Simulator} simulator
 */
export function issueToken(simulator) {
  const token = `simtok-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
  simulator.tokens.add(token);
  return token;
}
