#!/usr/bin/env node
// @ts-check
// ccbridge-sim: the contact-center platform simulator.
//   npx ccbridge-sim [--port 8787] [--scenario default|none] [--call-interval 20] [--cors-origin https://x.example] [--skills skills.json]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createSimulator } from './server.js';
import { intervalSetting, listenFailure, originSetting, portSetting, scenarioSetting, skillsSetting } from './settings.js';

/**
 * One line on standard error, no stack trace, and exit 2.
 * @param {string} message
 * @returns {never}
 */
function fail(message) {
  console.error(`ccbridge-sim: ${message} (ccbridge-sim --help)`);
  process.exit(2);
}

function readArgs() {
  return parseArgs({
    options: {
      port: { type: 'string', default: process.env.SIM_PORT ?? '8787' },
      host: { type: 'string' },
      scenario: { type: 'string', default: 'default' },
      'call-interval': { type: 'string', default: '20' },
      'cors-origin': { type: 'string', multiple: true, default: [] },
      skills: { type: 'string' },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}

/** @type {ReturnType<typeof readArgs>['values']} */
let values;
try {
  ({ values } = readArgs());
} catch (error) {
  // parseArgs throws on an unknown flag or a missing value: its message is the line.
  fail(error instanceof Error ? error.message : String(error));
}

if (values.help) {
  console.log(`usage: ccbridge-sim [options]

A contact-center platform simulator: the CXone agent-session API (token, long
poll, commands, what NICE's agent SDK reads) and the XUC websocket, with
scripted calls and a control API (/sim/…) for tests.

  --port N             port to listen on (default 8787, or SIM_PORT; 0 for any free port)
  --host ADDRESS       interface to listen on (default: all)
  --scenario NAME      default: scripted calls and a scripted agent; none: only what you ask
  --call-interval S    seconds between scripted calls (default 20)
  --cors-origin ORIGIN an origin besides loopback ones that may call it from a browser (repeatable)
  --skills FILE        the skills, with their dispositions and tags, as JSON (src/simulator/skills.js)
  --quiet              no log lines
  -h, --help           this text`);
  process.exit(0);
}
/**
 * @template T
 * @param {T | string} value a setting, or the line that says why it is not one
 * @returns {T}
 */
const checked = (value) => (typeof value === 'string' ? fail(value) : value);
const port = checked(portSetting('--port', values.port));
const { scenario } = checked(scenarioSetting('--scenario', values.scenario));
const interval = checked(intervalSetting('--call-interval', values['call-interval']));
const corsOrigins = values['cors-origin'].map((raw) => {
  const origin = originSetting('--cors-origin', raw);
  return origin === raw ? origin : fail(origin);
});
/** The skills, with their dispositions and tags, from a JSON file (src/simulator/skills.js says the shape). */
const skills = values.skills === undefined ? undefined : checked(skillsSetting('--skills', readSkills(values.skills)));

/** @param {string} path */
function readSkills(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    return fail(`--skills: cannot read ${path} (${/** @type {{ code?: string }} */ (error).code ?? String(error)})`);
  }
}

/** @type {Awaited<ReturnType<typeof createSimulator>>} */
let simulator;
try {
  simulator = await createSimulator({
    port,
    host: values.host,
    scenario,
    callIntervalMs: interval * 1000,
    corsOrigins,
    skills,
    log: values.quiet ? undefined : (line) => console.log(`ccbridge-sim: ${line}`),
  });
} catch (error) {
  fail(listenFailure(port, '--port', error));
}
console.log(`ccbridge-sim listening on ${simulator.url} (token: POST ${simulator.url}/InContactAuthorizationServer/Token, XUC: ws://localhost:${simulator.port}/xuc/api/2.0/cti)`);

const stop = async () => {
  await simulator.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
