/**
 * What one tab of a shared session knows of it: the last batch it delivered
 * (`seq`), the source's checkpoint after it, the newest batch another leader
 * relayed, and the state after it (`Mirror`); and how it catches up from the
 * session log. The decisions (2 to 5 of shared-source.ts):
 * 2. Every batch gets the next sequence number and is written, with the
 *    source's checkpoint and the state after it, to localStorage before it is
 *    relayed or delivered. The write is synchronous, and a source's next poll
 *    starts only after its `events` listeners return, so the platform's
 *    cursor never moves past a batch that is not stored.
 * 3. A new leader catches up from storage (the last `RING` batches) before
 *    its source starts, then resumes the session from the stored checkpoint,
 *    or from the last relayed one if that is newer (storage and the channel
 *    are separate pipes, either may arrive first). A source without
 *    checkpoints (XUC) reconnects and resyncs. If the platform refuses the
 *    checkpoint (the session expired while no tab was open), the leader
 *    starts a new session.
 * 4. A follower that sees a gap replays the missing batches from storage; if
 *    storage no longer has them, it asks the leader for the current state and
 *    reports the difference (contacts that ended meanwhile end), never a
 *    guess.
 * 5. A tab that opens while a leader holds the lock reports the stored state
 *    at once: status, token, agent state, mute and current contacts.
 */
import type { PlatformEvent } from '../../protocol/events.js';
import type { SourceStatus } from '../source.js';
import { Mirror } from './mirror.js';
import type { Head, SessionLog } from './session-log.js';

export class TabView {
  /** The last batch delivered in this tab. */
  seq = 0;
  checkpoint: unknown;
  /** The newest batch another leader relayed, with its checkpoint (decision 3). */
  lastRelayed: { readonly seq: number; readonly checkpoint: unknown } | undefined;
  readonly #mirror = new Mirror();

  constructor(readonly log: SessionLog) {}

  /** `events` are batch `seq`: the state follows them. */
  apply(seq: number, events: readonly PlatformEvent[]): void {
    this.seq = seq;
    this.#mirror.apply(events);
  }

  /** The head to store, with this tab's view and what the caller adds. */
  head(status: SourceStatus, token: string | null, leader: string | undefined): Head {
    return { seq: this.seq, checkpoint: this.checkpoint, status, token, snapshot: this.#mirror.snapshot(), leader };
  }

  /** The stored batches after this tab's last one up to `to`, in order; `undefined` if any is gone from storage. */
  stored(to: number): (readonly PlatformEvent[])[] | undefined {
    const batches: (readonly PlatformEvent[])[] = [];
    for (let seq = this.seq + 1; seq <= to; seq += 1) {
      const events = this.log.batch(seq);
      if (events === undefined) return undefined;
      batches.push(events);
    }
    return batches;
  }

  /** Moves to `head`'s state: the events that do it (`Mirror.difference`), already applied. */
  moveTo(head: Head): PlatformEvent[] {
    const events = this.#mirror.difference(head.snapshot);
    this.apply(head.seq, events);
    return events;
  }

  /** Where a new leader resumes: the stored checkpoint, or the last relayed one if it is newer. */
  resumeFrom(head: Head): unknown {
    const relayed = this.lastRelayed;
    return relayed !== undefined && relayed.seq > head.seq ? relayed.checkpoint : head.checkpoint;
  }
}
