/**
 * What attaching a `Source` means: its event batches are dispatched, its
 * session token becomes the `SessionInfo` token, and its status and errors
 * are reported (`source`, `sourceError`, and the log). A batch the host
 * refuses is logged, never thrown into the source. When the source ends,
 * the session does too: pages get `AgentSessionEnd` if it had not come.
 */
import type { Emitter } from '../common/emitter.js';
import { ErrorCode } from '../protocol/errors.js';
import type { Source } from '../sources/source.js';
import type { HostLog } from './logger.js';
import type { BridgeHostEventMap } from './types.js';

export interface SourceLinkHost {
  dispatch(events: Iterable<unknown>): void;
  setSessionToken(token: string | null): void;
  readonly agentState: unknown;
  readonly contacts: readonly unknown[];
}

/** Listens to `source` on the host's behalf; returns the function that stops listening. */
export function linkSource(source: Source, host: SourceLinkHost, emitter: Emitter<BridgeHostEventMap>, log: HostLog): () => void {
  const unsubscribe = [
    source.on('events', (events) => {
      try {
        host.dispatch(events);
      } catch (error) {
        log.write('error', ErrorCode.InvalidEvent, 'the source sent events the host refused', error);
      }
    }),
    source.on('sessionToken', (token) => host.setSessionToken(token)),
    source.on('status', (status) => {
      emitter.emit('source', status);
      // A source that ends without saying so (a 409, giving up) leaves no current
      // session: pages get AgentSessionEnd and every contact ends, as if it had.
      if (status.state === 'ended' && (host.agentState !== undefined || host.contacts.length > 0)) host.dispatch([{ Type: 'AgentSessionEnd' }]);
    }),
    source.on('error', (error) => {
      // Once per code and text: a platform repeating the same fault must not flood the console.
      log.once(`source|${error.code}|${error.message}`, 'warn', error.code, `the source reported: ${error.message}`);
      emitter.emit('sourceError', error);
    }),
  ];
  return () => unsubscribe.forEach((stop) => stop());
}
