// Finds the Chromium the tests and benchmarks drive: CHROME_PATH, then
// Debian's /usr/bin/chromium, then `chromium` on PATH.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function findChromium() {
  const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium'];
  for (const dir of (process.env.PATH ?? '').split(delimiter)) if (dir) candidates.push(join(dir, 'chromium'));
  return candidates.find((path) => path && executable(path));
}

export function requireChromium() {
  const path = findChromium();
  if (path === undefined) {
    console.error('ccbridge: no Chromium found; install it with `apt-get install -y chromium` or set CHROME_PATH to a Chromium/Chrome binary.');
    process.exit(1);
  }
  return path;
}

/** Flags for a headless Chromium on a closed network, running as root. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE *.localhost, EXCLUDE 127.0.0.1, EXCLUDE 127.0.0.2',
];
