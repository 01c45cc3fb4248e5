/**
 * What the tabs of a shared session write and say: the durable log in
 * localStorage (a head and a ring of batches), the messages of the
 * BroadcastChannel, and a follower's commands waiting for the leader. See
 * shared-source.ts for how they are used.
 */
import { BridgeError, ErrorCode } from '../../protocol/errors.js';
import type { PlatformEvent } from '../../protocol/events.js';
import type { SourceCommand, SourceStatus } from '../source.js';

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

export interface WireError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly details?: unknown;
}

export type Message =
  | { readonly t: 'batch'; readonly seq: number; readonly events: readonly PlatformEvent[]; readonly checkpoint: unknown }
  | { readonly t: 'status'; readonly status: SourceStatus }
  | { readonly t: 'token'; readonly token: string | null }
  | { readonly t: 'error'; readonly error: WireError }
  | { readonly t: 'leader'; readonly tab: string }
  | { readonly t: 'command'; readonly id: string; readonly tab: string; readonly command: SourceCommand }
  | { readonly t: 'result'; readonly id: string; readonly tab: string; readonly error?: WireError }
  | { readonly t: 'sync'; readonly tab: string }
  | { readonly t: 'state'; readonly tab: string; readonly head: Head };

export const toWire = (error: unknown): WireError =>
  error instanceof BridgeError ? { code: error.code, message: error.message, details: error.details } : { code: ErrorCode.PlatformError, message: error instanceof Error ? error.message : String(error) };

export const fromWire = (error: WireError): BridgeError => new BridgeError(error.code, error.message, error.details as never);

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


/**
 * The commands a follower tab sent to the leader, waiting for their answer
 * (decision 6 of shared-source.ts): each settles once, by its answer, by a
 * timeout, or when leadership moves.
 */
export class PendingCommands {
  readonly #pending = new Map<string, { resolve: () => void; reject: (error: BridgeError) => void; timer: ReturnType<typeof setTimeout> }>();

  constructor(readonly timeoutMs: number) {}

  /** Registers command `id` and calls `send`; resolves with the leader's answer. */
  wait(id: string, action: string, send: () => void): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new BridgeError(ErrorCode.CommandTimeout, `sharedSource: no leader tab answered ${action} within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.#pending.set(id, { resolve, reject, timer });
      send();
    });
  }

  /** The leader's answer to `id` (an error, or none for success); ignored if `id` is not waiting here. */
  settle(id: string, error: WireError | undefined): void {
    const pending = this.#pending.get(id);
    if (pending === undefined) return;
    this.#pending.delete(id);
    clearTimeout(pending.timer);
    if (error === undefined) pending.resolve();
    else pending.reject(fromWire(error));
  }

  /** Rejects every waiting command: its outcome is unknown, and it is never sent again. */
  rejectAll(why: string): void {
    for (const [id, pending] of this.#pending) {
      clearTimeout(pending.timer);
      pending.reject(new BridgeError(ErrorCode.PlatformError, `sharedSource: ${why}; the command may or may not have been carried out`));
      this.#pending.delete(id);
    }
  }
}
