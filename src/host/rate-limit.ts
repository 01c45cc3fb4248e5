/**
 * A per-document rate limit on what pages post: a token bucket of `messages`
 * that refills at `messages` per `perMs`. A document that empties it has its
 * messages dropped unread (no parse, no reply, no log) until half the bucket
 * has refilled, so one noisy or hostile frame cannot stall the desktop for
 * the others.
 *
 * The bucket belongs to the document that spent it, not to its window: a
 * message from another origin in the same window is a new document, and so is
 * a tracked frame's `load` (`forget`), and either starts with a full bucket.
 * A legitimate page never inherits what the document before it earned.
 */
export interface RateLimitOptions {
  /** Messages a window may post in a burst, and per `perMs`. Default 1000. */
  readonly messages?: number;
  /** Default 1000 ms. */
  readonly perMs?: number;
}

interface Bucket {
  /** The origin of the document that spends it. */
  readonly origin: string;
  tokens: number;
  at: number;
  over: boolean;
}

export class RateLimiter {
  readonly #buckets = new WeakMap<Window, Bucket>();
  readonly #capacity: number;
  readonly #perMs: number;

  constructor(options: RateLimitOptions = {}) {
    this.#capacity = options.messages ?? 1000;
    this.#perMs = options.perMs ?? 1000;
  }

  /** `true` to hear the message; `false` to drop it; `'over'` the first time the document goes over. */
  take(window: Window, origin: string, now: number): boolean | 'over' {
    let bucket = this.#buckets.get(window);
    if (bucket?.origin !== origin) this.#buckets.set(window, (bucket = { origin, tokens: this.#capacity, at: now, over: false }));
    bucket.tokens = Math.min(this.#capacity, bucket.tokens + ((now - bucket.at) * this.#capacity) / this.#perMs);
    bucket.at = now;
    // A window that went over is heard again only once half its bucket has refilled:
    // a sustained flood stays dropped (and reported once), not let through a token at a time.
    if (bucket.over && bucket.tokens < this.#capacity / 2) return false;
    bucket.over = false;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return true;
    }
    bucket.over = true;
    return 'over';
  }

  /** The window loaded a new document: it starts with a full bucket. */
  forget(window: Window): void {
    this.#buckets.delete(window);
  }
}
