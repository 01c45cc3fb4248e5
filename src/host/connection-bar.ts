/**
 * Connection-bar mode (the AICC model): the bridge runs *inside* an iframe
 * that the enterprise page embeds, and serves its parent. The parent page,
 * written the AICC way, subscribes with
 * `window.frames['ccbarclient'].postMessage(JSON.stringify({ name: 'eventpost', param }), barOrigin)`
 * and receives the events it named. MAX pages in the parent work too.
 */
import { BridgeError, ErrorCode } from '../protocol/errors.js';
import type { Source } from '../sources/source.js';
import { aiccDialect } from './aicc.js';
import { BridgeHost } from './bridge-host.js';
import type { BridgeHostOptions } from './types.js';
import type { OriginPolicy } from './policy.js';

export interface ConnectionBarOptions {
  /** The exact origin of the enterprise page that embeds the bar. */
  readonly parentOrigin: string;
  readonly source: Source;
  /** The parent's rights. Default: everything but the session token. */
  readonly policy?: OriginPolicy;
  readonly issuer?: string;
  readonly log?: BridgeHostOptions['log'];
  readonly window?: Window;
}

export interface ConnectionBar {
  readonly host: BridgeHost;
  readonly source: Source;
  /** Stops the source and the host. */
  stop(): Promise<void>;
}

/** Starts a host that serves this frame's parent, fed by `source`. Resolves once the source is online. */
export async function startConnectionBar(options: ConnectionBarOptions): Promise<ConnectionBar> {
  const window = options.window ?? globalThis.window;
  if (window.parent === window) {
    throw new BridgeError(ErrorCode.InvalidOption, 'startConnectionBar: this page is not in a frame; a connection bar serves the page that embeds it');
  }
  const host = new BridgeHost({
    window,
    issuer: options.issuer ?? 'MAX',
    policies: { [options.parentOrigin]: options.policy ?? {} },
    dialects: [aiccDialect()],
    source: options.source,
    ...(options.log === undefined ? {} : { log: options.log }),
  });
  try {
    await options.source.start();
  } catch (error) {
    host.dispose();
    throw error;
  }
  return {
    host,
    source: options.source,
    async stop() {
      await options.source.stop();
      host.dispose();
    },
  };
}
