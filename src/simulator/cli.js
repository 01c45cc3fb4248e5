#!/usr/bin/env node
// @ts-check
// ccbridge-sim: the contact-center platform simulator.
//   npx ccbridge-sim [--port 8787] [--scenario default|none] [--call-interval 20] [--cors-origin https://x.example]
import { parseArgs } from 'node:util';
import { createSimulator } from './server.js';

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
  console.log('usage: ccbridge-sim [--port 8787] [--host ADDRESS] [--scenario default|none] [--call-interval SECONDS] [--cors-origin ORIGIN]... [--quiet]');
  process.exit(0);
}
const port = Number(values.port);
const scenario = values.scenario;
const interval = Number(values['call-interval']);
if (!/^\d{1,5}$/.test(values.port) || port > 65535) fail(`--port must be a port number (0-65535), got "${values.port}"`);
if (scenario !== 'default' && scenario !== 'none') fail(`--scenario must be "default" or "none", got "${scenario}"`);
if (!(interval > 0)) fail(`--call-interval must be a number of seconds above 0, got "${values['call-interval']}"`);

/** @type {Awaited<ReturnType<typeof createSimulator>>} */
let simulator;
try {
  simulator = await createSimulator({
    port,
    host: values.host,
    scenario,
    callIntervalMs: interval * 1000,
    corsOrigins: values['cors-origin'],
    log: values.quiet ? undefined : (line) => console.log(`ccbridge-sim: ${line}`),
  });
} catch (error) {
  const code = /** @type {{ code?: string }} */ (error).code;
  fail(code === 'EADDRINUSE' ? `port ${port} is in use; choose another with --port` : `cannot listen on port ${port}: ${error instanceof Error ? error.message : String(error)}`);
}
console.log(`ccbridge-sim listening on ${simulator.url} (token: POST ${simulator.url}/InContactAuthorizationServer/Token, XUC: ws://localhost:${simulator.port}/xuc/api/2.0/cti)`);

const stop = async () => {
  await simulator.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
