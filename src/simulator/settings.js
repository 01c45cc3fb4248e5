// @ts-check
// The simulator's settings as `ccbridge-sim` flags and as `npm start`'s
// environment both give them: checked one way, each bad value a one-line
// message naming the setting (`--port`, `SIM_PORT`), never a stack trace.

/**
 * @param {string} name the flag or variable, for the message
 * @param {string} raw
 * @returns {number | string} the port, or the line to print
 */
export function portSetting(name, raw) {
  return /^\d{1,5}$/.test(raw) && Number(raw) <= 65535 ? Number(raw) : `${name} must be a port number (0-65535), got "${raw}"`;
}

/**
 * @param {string} name
 * @param {string} raw
 * @returns {{ scenario: 'default' | 'none' } | string}
 */
export function scenarioSetting(name, raw) {
  return raw === 'default' || raw === 'none' ? { scenario: raw } : `${name} must be "default" or "none", got "${raw}"`;
}

/**
 * @param {string} name
 * @param {string} raw seconds
 * @returns {number | string} the seconds, or the line to print
 */
export function intervalSetting(name, raw) {
  return /^\d+(\.\d+)?$/.test(raw) && Number(raw) > 0 ? Number(raw) : `${name} must be a number of seconds above 0, got "${raw}"`;
}

/**
 * The line for a server that could not listen.
 * @param {number} port
 * @param {string} hint how to choose another (`--port`, `SIM_PORT=…`)
 * @param {unknown} error
 */
export function listenFailure(port, hint, error) {
  const code = /** @type {{ code?: unknown } | null} */ (error)?.code;
  if (code === 'EADDRINUSE' || code === 'EACCES') return `port ${port} is ${code === 'EADDRINUSE' ? 'in use' : 'not allowed'}; choose another with ${hint}`;
  return `cannot listen on port ${port} (${hint}): ${error instanceof Error ? error.message : String(error)}`;
}
