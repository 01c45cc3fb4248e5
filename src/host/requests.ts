/**
 * What commands and actions beyond MAX share: the answer kept for each
 * request id (a repeat is answered again, never carried out twice), and
 * each origin's budget of requests to the platform.
 */

/** A request's outcome, kept to answer a repeat of its id: posts the first result again. */
export type Outcome = () => void;

/** The outcome of each request with an id, per registration (a reloaded page starts afresh). */
export class RequestLedger {
  readonly #answered = new WeakMap<object, Map<number, Outcome | undefined>>();

  /**
   * A request id's first use by `registration`: returns where to keep its
   * outcome (`undefined` when there is nothing to keep: no id, or no
   * registration), or `false` for a repeat, which is answered with the first
   * outcome once there is one, and must not be carried out again.
   */
  first(registration: object | undefined, requestId: number | undefined): ((outcome: Outcome) => void) | undefined | false {
    if (requestId === undefined || registration === undefined) return undefined;
    let answered = this.#answered.get(registration);
    if (answered === undefined) this.#answered.set(registration, (answered = new Map()));
    if (answered.has(requestId)) {
      answered.get(requestId)?.();
      return false;
    }
    answered.set(requestId, undefined);
    // Bounded: the oldest ids are forgotten first.
    if (answered.size > 512) answered.delete(answered.keys().next().value as number);
    const kept = answered;
    return (outcome) => void kept.set(requestId, outcome);
  }
}

/** A token bucket per origin: `capacity` requests, refilled at `capacity` per `perMs`. */
export class RequestBudget {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    readonly capacity: number,
    readonly perMs: number,
  ) {}

  take(origin: string): boolean {
    const now = performance.now();
    const bucket = this.#buckets.get(origin) ?? { tokens: this.capacity, at: now };
    bucket.tokens = Math.min(this.capacity, bucket.tokens + ((now - bucket.at) * this.capacity) / this.perMs);
    bucket.at = now;
    this.#buckets.set(origin, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
