// @ts-check
/**
 * The shift `ccbridge-check` plays: one step a line, a verb and its fields.
 *
 *     # comments and blank lines are skipped
 *     agent Available                   agent Unavailable Lunch
 *     call ani=+15550142 dnis=8005550100 skill=Sales
 *     answer      hold      resume      hangup by=caller|agent
 *     wait 1500   reload    token
 *
 * `answer`, `hold`, `resume` and `hangup` act on the latest call, or on
 * `call=N` (the Nth `call` of the file). The default shift below is written in
 * the same language, so the checker has one way to play a shift.
 */

/**
 * @typedef {{ verb: 'agent', line: number, state: 'Available' | 'Unavailable', reason: string }
 *   | { verb: 'call', line: number, ani?: string, dnis?: string, skill?: string }
 *   | { verb: 'answer' | 'hold' | 'resume', line: number, call: number | null }
 *   | { verb: 'hangup', line: number, call: number | null, by: 'caller' | 'agent' }
 *   | { verb: 'wait', line: number, ms: number }
 *   | { verb: 'reload' | 'token', line: number }} Step
 */

/** The shift every check plays unless `--scenario` names another. */
export const DEFAULT_SHIFT = `# ccbridge-check's default shift
agent Available
call ani=+15550142 dnis=8005550100 skill=Sales
answer
hold
resume
hangup by=agent
wait 1200
agent Unavailable Lunch
agent Available
call ani=+15550157 dnis=8005550100 skill=Support
answer
hangup by=caller
wait 1200
reload
token
`;

/** A scenario file's mistake: which line and what. */
export class ScenarioError extends Error {
  /**
   * @param {number} line
   * @param {string} message
   */
  constructor(line, message) {
    super(`line ${line}: ${message}`);
    this.name = 'ScenarioError';
    this.line = line;
  }
}

const CALL_FIELDS = ['ani', 'dnis', 'skill'];
const PHONE = /^\+?[0-9][0-9 .()-]{0,30}$/;

/**
 * Reads `key=value` fields, each named in `allowed`.
 * @param {string[]} words
 * @param {readonly string[]} allowed
 * @param {number} line
 * @param {string} verb
 */
function fields(words, allowed, line, verb) {
  /** @type {Record<string, string>} */
  const found = {};
  for (const word of words) {
    const at = word.indexOf('=');
    const key = at < 0 ? word : word.slice(0, at);
    if (at < 0) throw new ScenarioError(line, `${verb}: '${word}' is not a field (write ${allowed.map((name) => `${name}=…`).join(', ')})`);
    if (!allowed.includes(key)) throw new ScenarioError(line, `${verb}: unknown field '${key}' (${allowed.join(', ')})`);
    if (Object.hasOwn(found, key)) throw new ScenarioError(line, `${verb}: field '${key}' given twice`);
    const value = word.slice(at + 1);
    if (value === '') throw new ScenarioError(line, `${verb}: field '${key}' is empty`);
    found[key] = value;
  }
  return found;
}

/**
 * @param {Record<string, string>} found
 * @param {number} calls how many calls the file has made so far
 * @param {number} line
 * @param {string} verb
 */
function callRef(found, calls, line, verb) {
  if (found['call'] === undefined) {
    if (calls === 0) throw new ScenarioError(line, `${verb}: no call yet (a 'call' step comes first)`);
    return null;
  }
  const n = Number(found['call']);
  if (!Number.isInteger(n) || n < 1 || n > calls) throw new ScenarioError(line, `${verb}: field 'call' must be a call made above, 1 to ${calls} (got '${found['call']}')`);
  return n;
}

/**
 * Parses a shift; throws `ScenarioError` naming the line and the field.
 * @param {string} text
 * @returns {Step[]}
 */
export function parseScenario(text) {
  /** @type {Step[]} */
  const steps = [];
  let calls = 0;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = i + 1;
    const words = (lines[i] ?? '').replace(/#.*$/, '').trim().split(/\s+/).filter(Boolean);
    const [verb, ...rest] = words;
    if (verb === undefined) continue;
    switch (verb) {
      case 'agent': {
        const [state, ...reason] = rest;
        if (state !== 'Available' && state !== 'Unavailable') throw new ScenarioError(line, `agent: the state must be Available or Unavailable (got '${state ?? ''}')`);
        if (state === 'Available' && reason.length > 0) throw new ScenarioError(line, 'agent: only Unavailable takes a reason');
        steps.push({ verb, line, state, reason: reason.join(' ') });
        break;
      }
      case 'call': {
        const found = fields(rest, CALL_FIELDS, line, verb);
        for (const key of ['ani', 'dnis']) {
          const value = found[key];
          if (value !== undefined && !PHONE.test(value)) throw new ScenarioError(line, `call: field '${key}' must be a phone number (digits, an optional leading +; got '${value}')`);
        }
        calls++;
        steps.push({ verb, line, ...found });
        break;
      }
      case 'answer':
      case 'hold':
      case 'resume':
        steps.push({ verb, line, call: callRef(fields(rest, ['call'], line, verb), calls, line, verb) });
        break;
      case 'hangup': {
        const found = fields(rest, ['call', 'by'], line, verb);
        const by = found['by'] ?? 'caller';
        if (by !== 'caller' && by !== 'agent') throw new ScenarioError(line, `hangup: field 'by' must be caller or agent (got '${by}')`);
        steps.push({ verb, line, call: callRef(found, calls, line, verb), by });
        break;
      }
      case 'wait': {
        const ms = Number(rest[0]);
        if (rest.length !== 1 || !Number.isInteger(ms) || ms < 0 || ms > 600_000) throw new ScenarioError(line, `wait: give milliseconds, 0 to 600000 (got '${rest.join(' ')}')`);
        steps.push({ verb, line, ms });
        break;
      }
      case 'reload':
      case 'token':
        if (rest.length > 0) throw new ScenarioError(line, `${verb} takes no fields (got '${rest.join(' ')}')`);
        steps.push({ verb, line });
        break;
      default:
        throw new ScenarioError(line, `unknown step '${verb}' (agent, call, answer, hold, resume, hangup, wait, reload, token)`);
    }
  }
  if (steps.length === 0) throw new ScenarioError(lines.length, 'the scenario has no steps');
  return steps;
}

/**
 * What a step says, for the progress lines.
 * @param {Step} step
 */
export function describeStep(step) {
  switch (step.verb) {
    case 'agent':
      return `agent ${step.state}${step.reason ? ` (${step.reason})` : ''}`;
    case 'call':
      return `incoming call${step.ani ? ` from ${step.ani}` : ''}${step.skill ? ` on ${step.skill}` : ''}`;
    case 'answer':
    case 'hold':
    case 'resume':
      return `${step.verb}${step.call === null ? '' : ` call ${step.call}`}`;
    case 'hangup':
      return `${step.by === 'agent' ? 'the agent hangs up' : 'the caller hangs up'}${step.call === null ? '' : ` call ${step.call}`}`;
    case 'wait':
      return `wait ${step.ms} ms`;
    case 'reload':
      return 'reload the page';
    case 'token':
      return 'the session token changes';
  }
}
