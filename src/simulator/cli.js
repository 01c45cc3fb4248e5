#!/usr/bin/env node
// @ts-check
// ccbridge-sim: the contact-center platform simulator.
//   npx ccbridge-sim [--port 8787] [--scenario default|none] [--call-interval 20] [--cors-origin https://x.example]
import { parseArgs } from 'node:util';
import { createSimulator } from './server.js';

const { values } = parseArgs({
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

if (values.help) {
  console.log('usage: ccbridge-sim [--port 8787] [--host ADDRESS] [--scenario default|none] [--call-interval SECONDS] [--cors-origin ORIGIN]... [--quiet]');
  process.exit(0);
}
const port = Number(values.port);
const scenario = values.scenario;
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`ccbridge-sim: --port must be a port number, got ${values.port}`);
  process.exit(2);
}
if (scenario !== 'default' && scenario !== 'none') {
  console.error(`ccbridge-sim: --scenario must be "default" or "none", got ${scenario}`);
  process.exit(2);
}

const simulator = await createSimulator({
  port,
  host: values.host,
  scenario,
  callIntervalMs: Number(values['call-interval']) * 1000,
  corsOrigins: values['cors-origin'],
  log: values.quiet ? undefined : (line) => console.log(`ccbridge-sim: ${line}`),
});
console.log(`ccbridge-sim listening on ${simulator.url} (token: POST ${simulator.url}/InContactAuthorizationServer/Token, XUC: ws://localhost:${simulator.port}/xuc/api/2.0/cti)`);

const stop = async () => {
  await simulator.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
