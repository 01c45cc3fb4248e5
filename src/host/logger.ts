/**
 * Where the host reports. Quiet by default: `debug` goes nowhere unless the
 * desktop passes a logger; `warn` is kept for the protocol errors MAX itself
 * warns about, so a desktop full of frames does not flood the console.
 *
 * Like Lit's `issueWarning`, every line names its code and links the docs
 * section that explains it (`ccbridge [NOT_PERMITTED]: message (link)`), and
 * rejections are logged once per key: a chatty or hostile frame cannot flood
 * the console.
 */
import type { ErrorCode, Refusal } from '../protocol/errors.js';

/** Where the host's lines go: `console` has this shape. */
export interface Logger {
  /** Traffic that is not MAX at all, and other detail. */
  debug(message: string, ...details: unknown[]): void;
  /** Protocol errors (MAX itself warns about these) and refusals, once per key. */
  warn(message: string, ...details: unknown[]): void;
  /** Faults: a listener that threw, a post that failed. */
  error(message: string, ...details: unknown[]): void;
}

/** The default logger: warnings and errors to the console, no debug. */
export const consoleLogger: Logger = {
  debug() {},
  warn: (message, ...details) => console.warn(message, ...details),
  error: (message, ...details) => console.error(message, ...details),
};

/** A refusal or error code, or `INTERNAL` for a fault of ccbridge or of a listener. */
export type LogCode = Refusal | ErrorCode | 'INTERNAL';

/** `debug`, `warn` or `error`. */
export type LogLevel = keyof Logger;

/**
 * The section of the docs that lists every code: in the repository, and in
 * the package (`node_modules/ccbridge/docs/`), which ships the docs.
 */
export const LOG_CODES_URL = 'ccbridge/docs/desktop-builders.md#log-codes';

export function formatLog(code: LogCode, message: string): string {
  return `ccbridge [${code}]: ${message} (${LOG_CODES_URL})`;
}

/** The host's log: coded lines (`ccbridge [CODE]: message (link)`), once per key where a page could repeat them. */
export class HostLog {
  // Bounded so a flood of distinct keys cannot grow memory without limit.
  static readonly maxKeys = 1000;
  readonly #seen = new Set<string>();

  /** Writes through `logger`. */
  constructor(readonly logger: Logger) {}

  /** Writes one coded line. */
  write(level: LogLevel, code: LogCode, message: string, ...details: unknown[]): void {
    this.logger[level](formatLog(code, message), ...details);
  }

  /** Writes the line the first time `key` is seen (the key should name the origin, the code and the message type). */
  once(key: string, level: LogLevel, code: LogCode, message: string, ...details: unknown[]): void {
    if (this.#seen.has(key) || this.#seen.size >= HostLog.maxKeys) return;
    this.#seen.add(key);
    this.write(level, code, message, ...details);
  }
}
