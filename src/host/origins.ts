import { BridgeError, ErrorCode } from '../protocol/errors.js';
import { OPAQUE_ORIGIN, isExactOrigin } from '../protocol/origin.js';

/** Checks that `origin` is an origin exactly as `MessageEvent.origin` spells it. */
export function assertOrigin(origin: string, option: string): void {
  if (!isExactOrigin(origin)) {
    throw new BridgeError(
      ErrorCode.InvalidOption,
      `${option}: "${origin}" is not an origin; write it as scheme://host[:port] with no path or trailing slash, e.g. "https://crm.example.com"`,
    );
  }
}

/**
 * The exact-match origin allow-list. Origins come from the desktop's
 * configuration and from the frames the host creates or adopts; the latter
 * are reference-counted so an origin stops being allowed when its last frame
 * goes. Comparison is exact string equality on serialised origins: no
 * prefixes, no wildcards, no case folding (browsers already normalise).
 */
export class OriginGate {
  readonly #configured: Set<string>;
  readonly #framed = new Map<string, number>();
  readonly #anyOrigin: boolean;
  readonly #opaque: boolean;

  constructor(configured: readonly string[] | 'any', allowOpaque: boolean) {
    this.#anyOrigin = configured === 'any';
    const list = configured === 'any' ? [] : configured;
    for (const origin of list) assertOrigin(origin, 'allowedOrigins');
    this.#configured = new Set(list);
    this.#opaque = allowOpaque;
  }

  /** On the configured list (or `'any'`), whatever the frames. */
  configured(origin: string): boolean {
    return origin !== OPAQUE_ORIGIN && (this.#anyOrigin || this.#configured.has(origin));
  }

  allows(origin: string): boolean {
    if (origin === OPAQUE_ORIGIN) return this.#opaque;
    return this.#anyOrigin || this.#configured.has(origin) || this.#framed.has(origin);
  }

  /**
   * Where replies go. An opaque origin cannot be named as a target, so it is
   * the one case that needs `'*'`, and only when the deployment opted in.
   */
  targetFor(origin: string): string {
    return origin === OPAQUE_ORIGIN ? '*' : origin;
  }

  /** Allows `origin` as a configured one (a policy given at run time). */
  configure(origin: string): void {
    assertOrigin(origin, 'setPolicy');
    this.#configured.add(origin);
  }

  addFramed(origin: string): void {
    this.#framed.set(origin, (this.#framed.get(origin) ?? 0) + 1);
  }

  removeFramed(origin: string): void {
    const count = this.#framed.get(origin) ?? 0;
    if (count <= 1) this.#framed.delete(origin);
    else this.#framed.set(origin, count - 1);
  }
}
