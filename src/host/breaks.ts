/**
 * Break lengths: the desktop says how long each break may last
 * (`{ Lunch: 3_600_000, Break: 900_000 }`, keyed by the agent's unavailable
 * reason, case-insensitively), and `overrun` is called once when a break
 * runs over. No platform sends such a signal (AICC's
 * `AgentState_Rest_Timeout` is a reminder its own server raises), so the
 * desktop keeps the time: `aiccDialect({ breakLimitsMs })` uses this, and a
 * desktop can use it for its own reminder (exported from `ccbridge/host/aicc`). The
 * agent stays on the break.
 */
import { BridgeError, ErrorCode } from '../protocol/errors.js';
import type { AgentState } from '../protocol/events.js';

/** A break that ran over its limit, as `BreakWatch` reports it. */
export interface RestTimeout {
  /** The agent's unavailable reason, as the platform spelled it. */
  readonly reason: string;
  /** The limit it ran over, in ms. */
  readonly limitMs: number;
  /** The agent state that started the break. */
  readonly agentState: AgentState;
}

/** Checks break limits (positive ms) and keys them by lower-case reason. Throws `INVALID_OPTION`. */
export function breakLimits(limits: Readonly<Record<string, number>>): ReadonlyMap<string, number> {
  const checked = new Map<string, number>();
  for (const [reason, ms] of Object.entries(limits)) {
    if (!Number.isFinite(ms) || ms <= 0) throw new BridgeError(ErrorCode.InvalidOption, `breakLimitsMs: the limit of "${reason}" must be a positive number of milliseconds, got ${String(ms)}`);
    checked.set(reason.toLowerCase(), ms);
  }
  return checked;
}

/** Watches the agent's breaks and reports, once, a break that runs over its limit (the AICC dialect's `AgentState_Rest_Timeout`); a MAX desktop can use it for its own reminder. */
export class BreakWatch {
  readonly #limits: ReadonlyMap<string, number>;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** The break already reported (reason and start), so a repeated AgentState does not report it again. */
  #reported: string | undefined;

  /** Watches with `limits` (ms by unavailable reason, case-insensitive; a limit that is not positive throws `INVALID_OPTION`) and calls `overrun` when a break runs over; `now` is the clock (tests pass their own). */
  constructor(
    limits: Readonly<Record<string, number>> | ReadonlyMap<string, number>,
    /** Called once for each break that runs over. */
    readonly overrun: (timeout: RestTimeout) => void,
    /** The clock, in epoch ms. */
    readonly now: () => number = Date.now,
  ) {
    this.#limits = limits instanceof Map ? limits : breakLimits(limits as Readonly<Record<string, number>>);
  }

  /** The agent's state changed (or the session ended: `undefined`). */
  agentState(agentState: AgentState | undefined): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (agentState?.CurrentState !== 'Unavailable') return;
    const reason = String(agentState.CurrentOutReason ?? '');
    const limitMs = this.#limits.get(reason.toLowerCase());
    if (limitMs === undefined) return;
    // A desktop that starts mid-break counts from the break's start.
    const key = `${reason}|${String(agentState.StartTimeUTC)}`;
    if (key === this.#reported) return;
    const started = Date.parse(String(agentState.StartTimeUTC ?? ''));
    const elapsed = Number.isNaN(started) ? 0 : Math.max(0, this.now() - started);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#reported = key;
      this.overrun({ reason, limitMs, agentState });
    }, Math.max(0, limitMs - elapsed));
  }

  /** Stops watching. */
  dispose(): void {
    clearTimeout(this.#timer);
  }
}
