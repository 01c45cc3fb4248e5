import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { chromiumArgs, requireChromium } from './scripts/chromium.mjs';
import { totalsReporter } from './scripts/totals-reporter.mjs';

const executablePath = requireChromium();

export default {
  files: ['test/**/*.test.ts'],
  nodeResolve: true,
  // Test pages are served on http://localhost:PORT; test frames are loaded
  // from http://127.0.0.1:PORT, a different origin and site, so they run in
  // their own renderer process exactly as a CRM page in a desktop would.
  hostname: 'localhost',
  concurrency: 1,
  testsFinishTimeout: 300_000,
  testFramework: { config: { timeout: 20_000 } },
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' })],
  browsers: [chromeLauncher({ launchOptions: { executablePath, headless: true, args: chromiumArgs } })],
  reporters: [defaultReporter(), totalsReporter()],
};
