// Finds the Chromium the tests and benchmarks drive as ccbridge-check finds
// its own (src/checker/browser.js): CHROME_PATH, then the system's Chromium or
// Chrome, then one on PATH.
import { STEADY_ARGS, findBrowser } from '../src/checker/browser.js';

export function findChromium() {
  const found = findBrowser(process.env);
  return 'path' in found ? found.path : undefined;
}

export function requireChromium() {
  const found = findBrowser(process.env);
  if ('error' in found) {
    console.error(`ccbridge: ${found.error}`);
    process.exit(1);
  }
  return found.path;
}

/** Flags for a headless Chromium on a closed network, running as root. */
export const chromiumArgs = [
  '--no-sandbox',
  ...STEADY_ARGS,
  '--disable-quic',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE *.localhost, EXCLUDE 127.0.0.1, EXCLUDE 127.0.0.2',
];
