/**
 * Where the host reports. Quiet by default: `debug` goes nowhere unless the
 * desktop passes a logger; `warn` is kept for the protocol errors MAX itself
 * warns about, so a desktop full of frames does not flood the console.
 */
export interface Logger {
  debug(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
}

export const consoleLogger: Logger = {
  debug() {},
  warn: (message, ...details) => console.warn(message, ...details),
  error: (message, ...details) => console.error(message, ...details),
};

/** Logs a given key once; later occurrences are only counted. */
export class OnceLog {
  readonly #seen = new Map<string, number>();
  // Bounded so a flood of distinct keys cannot grow memory without limit.
  static readonly maxKeys = 1000;

  /** True the first time `key` is seen. */
  first(key: string): boolean {
    const count = this.#seen.get(key);
    if (count !== undefined) {
      this.#seen.set(key, count + 1);
      return false;
    }
    if (this.#seen.size >= OnceLog.maxKeys) return false;
    this.#seen.set(key, 1);
    return true;
  }
}
