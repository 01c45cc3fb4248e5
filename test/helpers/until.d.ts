/** The one wait of every test suite: see until.js. */
export function until<T>(
  predicate: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  timeoutMs?: number,
  options?: { subscribe?: (wake: () => void) => void; seen?: () => string },
): Promise<T>;
