// @ts-check
/**
 * The one wait of every test suite, the browser's (.ts) and Node's (.mjs):
 * resolves with the first value of `predicate` (which may be async) that is
 * neither `undefined` nor `false`. It is re-checked whenever `subscribe`
 * wakes it (a frame's report, say) and at least every 10 ms; past
 * `timeoutMs` it rejects, naming what it waited for and, when given, what it
 * saw. Plain JavaScript with its types beside it (until.d.ts), so both kinds
 * of suite import the same file.
 *
 * @template T
 * @param {() => T | undefined | false | Promise<T | undefined | false>} predicate
 * @param {string} what
 * @param {number} [timeoutMs]
 * @param {{ subscribe?: (wake: () => void) => void, seen?: () => string }} [options]
 * @returns {Promise<T>}
 */
export async function until(predicate, what, timeoutMs = 5000, options = {}) {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await predicate();
    if (value !== undefined && value !== false) return value;
    const left = deadline - performance.now();
    if (left <= 0) throw new Error(`timed out waiting for ${what}${options.seen === undefined ? '' : `; ${options.seen()}`}`);
    await new Promise((resolve) => {
      const timer = setTimeout(resolve, Math.min(left, 10));
      options.subscribe?.(() => {
        clearTimeout(timer);
        resolve(undefined);
      });
    });
  }
}
