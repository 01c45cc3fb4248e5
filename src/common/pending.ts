/**
 * Requests waiting for their answer, each with a time-out: a page's commands
 * waiting for the host's `CommandResult`, a follower tab's commands waiting
 * for the leader. Each settles exactly once: by its answer, by its time-out,
 * or when every request is rejected at once (the link went away).
 */
export class Pending<K, T> {
  readonly #waiting = new Map<K, { resolve: (value: T) => void; reject: (error: Error) => void; timer: ReturnType<typeof setTimeout> }>();

  /**
   * Waits for the answer to `key`, rejecting with `timedOut()` after
   * `timeoutMs`; `send` is called once the request is waiting, so an answer
   * that comes at once is not missed.
   */
  wait(key: K, timeoutMs: number, timedOut: () => Error, send?: () => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiting.delete(key);
        reject(timedOut());
      }, timeoutMs);
      this.#waiting.set(key, { resolve, reject, timer });
      send?.();
    });
  }

  /** Whether `key` is waiting here. */
  has(key: K): boolean {
    return this.#waiting.has(key);
  }

  /** Settles `key` with its answer (`error` rejects); returns `false` if `key` was not waiting here. */
  settle(key: K, value: T, error?: Error): boolean {
    const waiting = this.#waiting.get(key);
    if (waiting === undefined) return false;
    this.#waiting.delete(key);
    clearTimeout(waiting.timer);
    if (error === undefined) waiting.resolve(value);
    else waiting.reject(error);
    return true;
  }

  /** Rejects every waiting request with `error()`, or forgets them silently when no error is given. */
  clear(error?: () => Error): void {
    for (const waiting of this.#waiting.values()) {
      clearTimeout(waiting.timer);
      if (error !== undefined) waiting.reject(error());
    }
    this.#waiting.clear();
  }
}
