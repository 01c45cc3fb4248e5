import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { chromiumArgs, requireChromium } from './scripts/chromium.mjs';
import { totalsReporter } from './scripts/totals-reporter.mjs';
import { createSimulator } from './src/simulator/server.js';

const executablePath = requireChromium();

/**
 * A real simulator (HTTP long poll + XUC websocket) for the sources' tests,
 * on a free port of its own, so every request from the test page to it is
 * cross-origin (and needs the simulator's CORS). Tests read its URL from
 * /__simulator.
 */
function simulatorPlugin() {
  let simulator;
  return {
    name: 'ccbridge-simulator',
    async serverStart() {
      simulator = await createSimulator({ port: 0, scenario: 'none', dialAnswerMs: 100, acwMs: 300 });
    },
    async serverStop() {
      await simulator?.close();
    },
    serve(context) {
      if (context.path === '/__simulator') return { body: JSON.stringify({ url: simulator.url, port: simulator.port }), type: 'json' };
      return undefined;
    },
  };
}

export default {
  // test/unit/ is the node:test layer (scripts/unit-test.mjs), not browser tests.
  files: ['test/**/*.test.ts', '!test/unit/**'],
  // Lit's production build: the tests need none of its dev-mode checks, and its warning would fill the output.
  nodeResolve: { exportConditions: ['production'] },
  // Test pages are served on http://localhost:PORT; test frames are loaded
  // from http://127.0.0.1:PORT, a different origin and site, so they run in
  // their own renderer process exactly as a CRM page in a desktop would.
  hostname: 'localhost',
  concurrency: 1,
  testsFinishTimeout: 300_000,
  testFramework: { config: { timeout: 20_000 } },
  plugins: [simulatorPlugin(), esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' })],
  browsers: [chromeLauncher({ launchOptions: { executablePath, headless: true, args: chromiumArgs } })],
  reporters: [defaultReporter(), totalsReporter()],
};
