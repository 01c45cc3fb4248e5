/**
 * The desktop `ccbridge-check` runs in headless Chromium: the real
 * `BridgeHost`, every origin granted what a MAX desktop grants (everything,
 * the session token too), the page under test framed as a workspace and, with
 * `--panel`, as a contact panel for each call. The platform is the simulator's,
 * in the checker's Node process: commands go to it through
 * `ccbridgeCheckCommand` (a Playwright binding) and its events come back
 * through `ccbridgeCheck.dispatch`. Everything the host reports is recorded
 * (src/testing/records.ts) and read by the checker with `ccbridgeCheck.take()`.
 *
 * Built into one self-contained script (`dist/checker-desktop.js`, rollup);
 * not a public entry point.
 */
import { BridgeHost } from '../host/bridge-host.js';
import type { ContactCommand } from '../host/command-desk.js';
import type { Envelope } from '../protocol/envelope.js';
import type { PlatformEvent } from '../protocol/events.js';
import { recordPages } from '../testing/records.js';
import type { PageRecord } from '../testing/records.js';

/** What the checker writes into the desktop page before this script runs. */
export interface CheckConfig {
  /** The page under test, framed as a workspace. */
  readonly url: string;
  /** A contact panel's URL template (`{ContactID}`, `{ANI}`…), or none. */
  readonly panel: string | null;
  readonly issuer: string;
  /** A page of another origin the checker posts forged envelopes from. */
  readonly intruder: string;
}

/** A host log line, with its level. */
export interface LogLine {
  readonly level: 'warn' | 'error';
  readonly text: string;
}

/** What `take()` returns: every origin's record so far, and the host's log. */
export interface CheckSnapshot {
  readonly pages: readonly PageRecord[];
  readonly log: readonly LogLine[];
  readonly frames: number;
}

/** The desktop's face to the checker (`window.ccbridgeCheck`). */
export interface CheckDesktop {
  /** Platform events from the simulator, as a source would feed them. */
  dispatch(events: readonly PlatformEvent[]): void;
  setSessionToken(token: string | null): void;
  /** Everything recorded so far (plain data). */
  take(): CheckSnapshot;
  /** Reloads the workspace frame, as an agent's F5 does. */
  reload(): void;
  /** Posts `envelope` to the workspace page from the desktop window itself (the right source, whatever the issuer says). */
  postToPage(envelope: Envelope): void;
  /** The last envelope the workspace's origin was sent that carried a contact event, to forge from. */
  lastContactEnvelope(): Envelope | undefined;
}

declare global {
  interface Window {
    ccbridgeCheckConfig: CheckConfig;
    ccbridgeCheck: CheckDesktop;
    /** The checker's binding: carries a command out on the simulated platform; resolves with why not, or null. */
    ccbridgeCheckCommand(command: { action: string; contactId: number }): Promise<string | null>;
  }
}

const config = window.ccbridgeCheckConfig;
const pageOrigin = new URL(config.url).origin;
const log: LogLine[] = [];
const workspace = document.getElementById('workspace') as HTMLElement;
const panels = document.getElementById('panels') as HTMLElement;

const controller = async ({ action, contactId }: ContactCommand): Promise<void> => {
  const refused = await window.ccbridgeCheckCommand({ action, contactId });
  if (refused !== null) throw new Error(refused);
};

const host = new BridgeHost({
  issuer: config.issuer,
  defaultPolicy: { sessionToken: true },
  controller,
  ...(config.panel === null ? {} : { contactPanels: { container: panels, url: config.panel, closeDelayMs: 0 } }),
  log: {
    debug() {},
    warn: (text: string) => log.push({ level: 'warn', text }),
    error: (text: string) => log.push({ level: 'error', text }),
  },
});
const record = recordPages(host);
record(pageOrigin);
const frame = host.createFrame({ url: config.url, container: workspace, title: 'Page under test' });

// The intruder: a frame of another origin, which the checker has post to the page.
const intruder = document.createElement('iframe');
intruder.src = config.intruder;
intruder.title = 'Another window';
intruder.hidden = true;
document.body.append(intruder);

const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

window.ccbridgeCheck = {
  dispatch: (events) => host.dispatch(events),
  setSessionToken: (token) => host.setSessionToken(token),
  take: () => ({ pages: plain([...new Set([pageOrigin, ...host.subscriptions.map((s) => s.origin)])].map(record)), log: [...log], frames: workspace.childElementCount + panels.childElementCount }),
  reload() {
    // Navigating the frame to its own address: a new document, as F5 gives.
    frame.src = frame.src;
  },
  postToPage(envelope) {
    frame.contentWindow?.postMessage(envelope, pageOrigin);
  },
  lastContactEnvelope() {
    const { envelopes } = record(pageOrigin);
    for (let i = envelopes.length - 1; i >= 0; i--) {
      const envelope = envelopes[i];
      if (envelope?.events.some((item) => typeof item === 'object' && item !== null && 'ContactID' in item)) return plain(envelope);
    }
    return undefined;
  },
};
