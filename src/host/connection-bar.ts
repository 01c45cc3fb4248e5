/**
 * Connection-bar mode (the AICC model): the bridge runs *inside* an iframe
 * that the enterprise page embeds, and serves its parent. The parent page,
 * written the AICC way, subscribes with
 * `window.frames['ccbarclient'].postMessage(JSON.stringify({ name: 'eventpost', param }), barOrigin)`
 * and receives the events it named. MAX pages in the parent work too.
 *
 * The guarantee: the bar listens from the moment `startConnectionBar` is
 * called, which must be its first script. The AICC sample subscribes from
 * `window.onload`, and a parent's `load` waits for the bar's scripts, so a
 * bar that starts listening only after a token request (or any other await)
 * loses that subscription, and AICC has no acknowledgement to tell the page.
 * So the source is given as a function the bar calls itself, after it
 * listens; what the parent subscribes to meanwhile is kept, and served once
 * the source is online.
 */
import { BridgeError, ErrorCode } from '../protocol/errors.js';
import type { Source } from '../sources/source.js';
import { aiccDialect } from './aicc.js';
import { BridgeHost } from './bridge-host.js';
import type { OriginPolicy } from './policy.js';
import type { BridgeHostOptions } from './types.js';

/** What `startConnectionBar` needs: the parent's origin, the source, and the AICC dialect's options. */
export interface ConnectionBarOptions {
  /** The exact origin of the enterprise page that embeds the bar. */
  readonly parentOrigin: string;
  /**
   * The platform connection, or a function that makes it (fetching a token
   * first, say). The bar calls it after it started listening, then starts
   * the source.
   */
  readonly source: Source | (() => Source | Promise<Source>);
  /** The parent's rights. Default: everything but the session token. */
  readonly policy?: OriginPolicy;
  /** Send a page that subscribes the identifiers of the current state at once (`aiccDialect({ replayState })`). Default true. */
  readonly replayState?: boolean;
  /** Break lengths by reason, in ms (`aiccDialect({ breakLimitsMs })`): an overrun sends `AgentState_Rest_Timeout`. */
  readonly breakLimitsMs?: Readonly<Record<string, number>>;
  /** The host's issuer. Default `'MAX'`. */
  readonly issuer?: string;
  /** The host's logger. Default: the console (warnings and errors). */
  readonly log?: BridgeHostOptions['log'];
  /** The bar's window. Default `globalThis.window`; its parent is the enterprise page. */
  readonly window?: Window;
}

/** A running connection bar: its host, when it is ready, and how to stop it. */
export interface ConnectionBar {
  /** Listening already; commands are refused (`NO_CONTROLLER`) until the source is attached. */
  readonly host: BridgeHost;
  /** Resolves with the source once it is online; rejects if it cannot be made or started. */
  readonly ready: Promise<Source>;
  /** Stops the source (once made) and the host. */
  stop(): Promise<void>;
}

/**
 * Starts a host that serves this frame's parent. Synchronous on purpose:
 * call it from the bar's first script, before any `await`.
 */
export function startConnectionBar(options: ConnectionBarOptions): ConnectionBar {
  const window = options.window ?? globalThis.window;
  if (window.parent === window) {
    throw new BridgeError(ErrorCode.InvalidOption, 'startConnectionBar: this page is not in a frame; a connection bar serves the page that embeds it');
  }
  const host = new BridgeHost({
    window,
    issuer: options.issuer ?? 'MAX',
    policies: { [options.parentOrigin]: options.policy ?? {} },
    dialects: [aiccDialect({ replayState: options.replayState !== false, ...(options.breakLimitsMs === undefined ? {} : { breakLimitsMs: options.breakLimitsMs }) })],
    ...(options.log === undefined ? {} : { log: options.log }),
  });
  if (window.document.readyState === 'complete') {
    // The parent's load (when the AICC sample subscribes) may have passed already.
    (options.log ?? console).warn('ccbridge [INTERNAL]: startConnectionBar was called after the bar had loaded; a page that subscribed on its load may have been missed. Call it from the bar\'s first script.');
  }
  let source: Source | undefined;
  let stopped = false;
  const ready = (async () => {
    source = typeof options.source === 'function' ? await options.source() : options.source;
    if (stopped) throw new BridgeError(ErrorCode.Disposed, 'startConnectionBar: stopped before the source was ready');
    host.attachSource(source);
    await source.start();
    return source;
  })();
  ready.catch(() => host.dispose());
  return {
    host,
    ready,
    async stop() {
      stopped = true;
      await source?.stop();
      host.dispose();
    },
  };
}
