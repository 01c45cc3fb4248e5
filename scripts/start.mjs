// `npm start`: the platform simulator plus the demo, on two origins.
//   desktop:   http://localhost:PORT/demo/index.html
//   CRM pages: http://127.0.0.1:PORT/demo/crm/…   (another origin: every frame is cross-origin)
// Settings (environment): see docs/demo.md#settings. Ctrl-C stops everything.
import { createSimulator } from '../src/simulator/server.js';
import { startServer } from './dev-server.mjs';
import { demoConfig, listening, readSettings, tokenProxy, trustPages } from './demo-config.mjs';

const settings = readSettings(process.env);
const { port } = settings;
const config = demoConfig(process.env, port);
const trusted = trustPages(process.env);

let simulator;
if (config.source === 'simulator') {
  simulator = await listening('SIM_PORT', settings.simPort, () => createSimulator({ port: settings.simPort, scenario: settings.scenario, callIntervalMs: settings.callIntervalS * 1000 }));
  config.simulator = simulator.url;
  config.callIntervalS = settings.callIntervalS;
}

/**
 * Serves the demo's settings and fetches tokens server-side, so no credential
 * reaches the browser. A middleware, not a dev-server plugin: a plugin's
 * answer is always sent as 200, and a failed token request must say so
 * (502 with `{ error: 'token request failed: …' }`).
 */
async function demoMiddleware(context, next) {
  if (context.path === '/') {
    context.redirect('/demo/index.html');
    return;
  }
  if (context.path === '/demo/config.json') {
    context.type = 'json';
    context.body = JSON.stringify(config.public());
    return;
  }
  if (context.path === '/demo/token' || context.path === '/demo/xuc-token') {
    const result = await tokenProxy(config, context.path === '/demo/xuc-token' ? 'xuc' : 'cxone');
    context.status = result.status;
    context.type = 'json';
    context.body = JSON.stringify(result.body);
    return;
  }
  await next();
}

const server = await listening('PORT', port, () => startServer({ port, middleware: [demoMiddleware], production: true }));

console.log(`ccbridge demo desktop: http://localhost:${port}/demo/index.html`);
console.log(`  CRM pages from http://127.0.0.1:${port}/demo/crm/ (another origin)`);
console.log(simulator ? `  platform: the simulator at ${simulator.url} (control API: ${simulator.url}/sim/…)` : `  platform: ${config.source} (${config.describe()})`);
console.log(trusted ? '  pages brought with ?workspace= / ?panel= get full rights (CCBRIDGE_TRUST_PAGES=1)' : '  pages brought with ?workspace= / ?panel= are read-only (CCBRIDGE_TRUST_PAGES=1 grants them full rights)');
console.log('  Ctrl-C to stop.');

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await Promise.allSettled([server.stop(), simulator?.close()]);
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
