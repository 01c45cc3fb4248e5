/** `sharedSource`'s options and events (shared-source.ts). */
import type { SourceEventMap } from '../source.js';

/** Which shared session the tabs join, and how long a follower waits. */
export interface SharedSourceOptions {
  /**
   * Names the shared session: the tabs of one origin that use the same name
   * share one. Name the agent in it (`cxone:agent-1234`) when several agents
   * may use one browser profile.
   */
  readonly name: string;
  /** How long a follower waits for the leader to answer a command. Default 20 s. */
  readonly commandTimeoutMs?: number;
}

/** A source's events, and which tab leads. */
export interface SharedSourceEventMap extends SourceEventMap {
  /** Which tab leads (every tab hears it when a tab takes the lead, and a joining tab at once): its `tabId`. */
  leader: string;
}
