// @ts-check
/**
 * One agent session's event log, read by cursor: the session id a poll
 * returns is `<base>~<cursor>`, and a poll with it gets the events after that
 * cursor. A client that retries a lost poll with its old id gets the same
 * events again (nothing lost); one that keeps polling with a stale id gets
 * duplicates, which tests catch.
 */

/** @import { PlatformEvent } from '../protocol/events.js' */

export class Session {
  /** @param {string} base */
  constructor(base) {
    this.base = base;
    /** @type {PlatformEvent[]} events not yet acknowledged, starting at cursor `offset` */
    this.log = [];
    this.offset = 0;
    this.ended = false;
    /** @type {Set<() => void>} */
    this.waiters = new Set();
  }

  get end() {
    return this.offset + this.log.length;
  }

  /** @param {readonly PlatformEvent[]} events */
  push(events) {
    if (this.ended) return;
    this.log.push(...events);
    if (events.some((event) => event.Type === 'AgentSessionEnd' || event.Type === 'RemoteAgentSessionEnd')) this.ended = true;
    for (const wake of [...this.waiters]) wake();
  }

  /**
   * The events after `cursor`; those before it are acknowledged and dropped.
   * @param {number} cursor
   */
  after(cursor) {
    const from = Math.max(cursor, this.offset);
    if (from > this.offset) {
      this.log.splice(0, Math.min(from - this.offset, this.log.length));
      this.offset = from;
    }
    return this.log.slice(from - this.offset);
  }
}

/**
 * How the simulated agent's state follows its calls (CXone agent states;
 * docs/platforms.md): `InboundContact` or `OutboundContact` while a contact
 * is current, then after-call work (`Unavailable` with `IsAcw: 'True'` and
 * `AcwTimeout` in seconds) for `acwMs`, then `Available`.
 */
