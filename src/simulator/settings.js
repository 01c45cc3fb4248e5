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

/**
 * The skills of a `--skills` file (skills.js's `SkillConfig[]`), or the line
 * naming the first field that is wrong, as `skills[0].dispositions[1].dispositionName`.
 * @param {string} name the flag, for the message
 * @param {string} text the file's contents
 * @returns {import('./skills.js').SkillConfig[] | string}
 */
export function skillsSetting(name, text) {
  /** @type {unknown} */
  let value;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `${name}: not JSON (${error instanceof Error ? error.message : String(error)})`;
  }
  const isId = (/** @type {unknown} */ id) => Number.isSafeInteger(id) && /** @type {number} */ (id) > 0;
  const isName = (/** @type {unknown} */ text) => typeof text === 'string' && text !== '';
  /** @type {(value: unknown) => Record<string, unknown> | undefined} */
  const record = (value) => (typeof value === 'object' && value !== null && !Array.isArray(value) ? /** @type {Record<string, unknown>} */ (value) : undefined);
  if (!Array.isArray(value) || value.length === 0) return `${name}: expected a non-empty array of skills`;
  for (const [index, entry] of value.entries()) {
    const at = `${name}: skills[${index}]`;
    const skill = record(entry);
    if (skill === undefined) return `${at} must be an object`;
    if (!isId(skill['skillId'])) return `${at}.skillId must be a positive integer`;
    if (!isName(skill['skillName'])) return `${at}.skillName must be a non-empty string`;
    if (skill['isOutbound'] !== undefined && typeof skill['isOutbound'] !== 'boolean') return `${at}.isOutbound must be true or false`;
    for (const [list, id, label] of /** @type {const} */ ([['dispositions', 'dispositionId', 'dispositionName'], ['tags', 'tagId', 'tagName']])) {
      const items = skill[list];
      if (items === undefined) continue;
      if (!Array.isArray(items)) return `${at}.${list} must be an array`;
      for (const [itemIndex, item] of items.entries()) {
        const fields = record(item);
        if (fields === undefined || !isId(fields[id])) return `${at}.${list}[${itemIndex}].${id} must be a positive integer`;
        if (!isName(fields[label])) return `${at}.${list}[${itemIndex}].${label} must be a non-empty string`;
      }
    }
  }
  return /** @type {import('./skills.js').SkillConfig[]} */ (value);
}

/**
 * An origin as browsers write it (`https://crm.example.com`: no path, no
 * trailing slash), or the line that says why not.
 * @param {string} name
 * @param {string} raw
 * @returns {string} the origin, or the line to print (which does not start with http)
 */
export function originSetting(name, raw) {
  try {
    const { origin } = new URL(raw);
    if (origin !== 'null' && origin === raw) return raw;
  } catch {
    /* the line below */
  }
  return `${name} must be an origin such as https://crm.example.com (scheme, host, port; no path), got "${raw}"`;
}

/**
 * A yes/no setting: `1` or `0`, or the line that says so.
 * @param {string} name
 * @param {string} raw
 * @returns {boolean | string}
 */
export function flagSetting(name, raw) {
  return raw === '1' ? true : raw === '0' ? false : `${name} must be 1 or 0, got "${raw}"`;
}
