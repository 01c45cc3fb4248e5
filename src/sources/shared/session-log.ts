/**
 * The shared session's durable record in localStorage: a head (the session
 * after the latest batch) and a ring of the last batches, which a new leader
 * or a follower with a gap catches up from. See shared-source.ts.
 */
import { BridgeError, ErrorCode } from '../../protocol/errors.js';
import type { PlatformEvent } from '../../protocol/events.js';
import type { SourceStatus } from '../source.js';

/** Batches kept in storage for catching up. */
export const RING = 64;

/** What every tab can read in storage: the session after batch `seq`. */
export interface Head {
  readonly seq: number;
  readonly checkpoint: unknown;
  readonly status: SourceStatus;
  readonly token: string | null;
  /** The state after batch `seq`, as events: agent state, mute, current contacts. */
  readonly snapshot: readonly PlatformEvent[];
  /** The leading tab's id. */
  readonly leader: string | undefined;
}

/** The session's durable record in localStorage: a head and a ring of batches. */
export class SessionLog {
  constructor(
    readonly key: string,
    readonly onError: (error: BridgeError) => void,
  ) {}

  head(): Head | undefined {
    return this.#read(`${this.key}:head`) as Head | undefined;
  }

  batch(seq: number): readonly PlatformEvent[] | undefined {
    const stored = this.#read(`${this.key}:batch:${seq % RING}`) as { seq: number; events: PlatformEvent[] } | undefined;
    return stored?.seq === seq ? stored.events : undefined;
  }

  write(head: Head, events?: readonly PlatformEvent[]): void {
    try {
      if (events !== undefined) localStorage.setItem(`${this.key}:batch:${head.seq % RING}`, JSON.stringify({ seq: head.seq, events }));
      localStorage.setItem(`${this.key}:head`, JSON.stringify(head));
    } catch (error) {
      // Full or blocked storage: tabs still share the session, but a new leader cannot catch up from here.
      this.onError(new BridgeError(ErrorCode.PlatformError, `sharedSource: could not store batch ${head.seq}: ${error instanceof Error ? error.message : String(error)}`));
    }
  }

  #read(key: string): unknown {
    try {
      const text = localStorage.getItem(key);
      return text === null ? undefined : (JSON.parse(text) as unknown);
    } catch {
      return undefined;
    }
  }
}
