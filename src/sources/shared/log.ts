/**
 * What the tabs of a shared session write and say: the durable log in
 * localStorage (a head and a ring of batches), the messages of the
 * BroadcastChannel and how errors cross it. See shared-source.ts for how
 * they are used.
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
