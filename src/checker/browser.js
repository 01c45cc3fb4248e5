// @ts-check
/** Where `ccbridge-check` finds a browser: `CHROME_PATH`, else a system Chromium or Chrome, as the tests find theirs. */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** @param {string} path */
function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The places a system Chromium or Chrome lives, by platform, then the same
 * names on `PATH`.
 * @param {NodeJS.ProcessEnv} env
 */
function candidates(env) {
  const onPath = (env['PATH'] ?? '').split(delimiter).filter(Boolean).flatMap((dir) => ['chromium', 'chromium-browser', 'google-chrome'].map((name) => join(dir, name)));
  return [...systemPlaces(), ...onPath];
}

function systemPlaces() {
  if (process.platform === 'darwin') {
    return ['/Applications/Chromium.app/Contents/MacOS/Chromium', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'];
  }
  if (process.platform === 'win32') {
    const roots = [process.env['PROGRAMFILES'], process.env['PROGRAMFILES(X86)'], process.env['LOCALAPPDATA']].filter((root) => root !== undefined);
    return roots.flatMap((root) => [join(root, 'Chromium', 'Application', 'chrome.exe'), join(root, 'Google', 'Chrome', 'Application', 'chrome.exe')]);
  }
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/snap/bin/chromium', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];
}

/**
 * The browser to run, or an error line naming what was looked for.
 * @param {NodeJS.ProcessEnv} env
 * @returns {{ path: string } | { error: string }}
 */
export function findBrowser(env = process.env) {
  const chosen = env['CHROME_PATH'];
  if (chosen !== undefined && chosen !== '') {
    return executable(chosen) ? { path: chosen } : { error: `CHROME_PATH is ${chosen}, which is not an executable file` };
  }
  const found = candidates(env).find(executable);
  return found !== undefined
    ? { path: found }
    : { error: 'no browser: set CHROME_PATH to a Chromium or Chrome, or install one (Debian: apt-get install chromium)' };
}

/**
 * Flags for a headless browser that must keep time in every frame: no
 * throttling of background timers or renderers, no first-run or sync chatter.
 */
export const STEADY_ARGS = [
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
];
