/**
 * The one wait of the test suites: resolves with the first value of
 * `predicate` (which may be async) that is neither `undefined` nor `false`.
 * It is re-checked whenever `subscribe` wakes it (a frame's report, say) and
 * at least every 10 ms; past `timeoutMs` it rejects, naming what it waited
 * for and, when given, what it saw.
 */
export async function until<T>(
  predicate: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  timeoutMs = 5000,
  options: { subscribe?: (wake: () => void) => void; seen?: () => string } = {},
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await predicate();
    if (value !== undefined && value !== false) return value;
    const left = deadline - performance.now();
    if (left <= 0) throw new Error(`timed out waiting for ${what}${options.seen === undefined ? '' : `; ${options.seen()}`}`);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, Math.min(left, 10));
      options.subscribe?.(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
