/**
 * The CXone agent API over HTTP, as `CometSource` uses it: every request to
 * `{resource_server_base_uri}services/{version}/agent-sessions…` with
 * `Authorization: {token_type} {access_token}` (the seed), a 401 answered by
 * asking the refresh hook once and retrying, and the token refreshed
 * `refreshMarginSeconds` before `expires_in` runs out (decision 4 of
 * comet-source.ts).
 */
import { BridgeError, ErrorCode } from '../../protocol/errors.js';

/** What the token service returns (API password or implicit grant). */
export interface CxoneToken {
  readonly access_token: string;
  readonly token_type: string;
  /** e.g. `https://api-c7.incontact.com/inContactAPI/` */
  readonly resource_server_base_uri: string;
  /** Seconds the token lives; with `refreshToken`, the source refreshes it before then. */
  readonly expires_in?: number;
}

export interface AgentApiOptions {
  readonly token: CxoneToken;
  readonly refreshToken?: (() => Promise<CxoneToken>) | undefined;
  readonly refreshMarginSeconds?: number | undefined;
  readonly apiVersion: string;
  readonly fetch: typeof fetch;
  /** A refresh ahead of expiry failed (the next 401 asks again). */
  readonly onRefreshError: (error: BridgeError) => void;
  /** Whether the source still wants refreshes (not stopped, not ended). */
  readonly live: () => boolean;
}

/** A token the source can use, or a clear error naming what it lacks (a token service's error body is no token). */
export function checkToken(token: unknown, who = 'CometSource'): CxoneToken {
  const fields = ['access_token', 'token_type', 'resource_server_base_uri'] as const;
  const missing = fields.filter((name) => typeof (token as Record<string, unknown> | null)?.[name] !== 'string' || (token as Record<string, string>)[name] === '');
  if (typeof token !== 'object' || token === null || missing.length > 0) {
    throw new BridgeError(ErrorCode.InvalidOption, `${who}: the token has no ${missing.join(', ') || 'fields'} (expected the token service's answer: access_token, token_type, resource_server_base_uri)`);
  }
  return token as CxoneToken;
}

export class AgentApi {
  #token: CxoneToken;
  #refreshTimer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;

  constructor(readonly options: AgentApiOptions) {
    this.#token = checkToken(options.token);
  }

  /** Starts refreshing the token ahead of its expiry. */
  start(): void {
    this.#stopped = false;
    this.#scheduleRefresh(this.#token);
  }

  /** No more refreshes. */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#refreshTimer);
  }

  /** A request relative to `agent-sessions`; a 401 refreshes the token once and retries. */
  request(method: string, path: string, body: unknown, signal: AbortSignal): Promise<Response> {
    return this.requestServices(method, `${this.options.apiVersion}/agent-sessions${path}`, body, signal);
  }

  /** A request relative to `services/` (a skill's lists live outside the agent session); a 401 refreshes the token once and retries. */
  async requestServices(method: string, path: string, body: unknown, signal: AbortSignal): Promise<Response> {
    let response = await this.#send(method, path, body, signal);
    if (response.status === 401 && this.options.refreshToken !== undefined) {
      this.#use(checkToken(await this.options.refreshToken()));
      response = await this.#send(method, path, body, signal);
    }
    return response;
  }

  /** Refreshes the token `refreshMarginSeconds` before it expires, and again for each new token. */
  #scheduleRefresh(token: CxoneToken): void {
    clearTimeout(this.#refreshTimer);
    const refresh = this.options.refreshToken;
    const lifetime = token.expires_in;
    if (refresh === undefined || typeof lifetime !== 'number' || !(lifetime > 0)) return;
    const margin = Math.min(this.options.refreshMarginSeconds ?? 300, lifetime / 2);
    this.#refreshTimer = setTimeout(() => {
      if (this.#stopped || !this.options.live()) return;
      refresh().then(
        (fresh) => this.#use(checkToken(fresh)),
        (error: unknown) => this.options.onRefreshError(new BridgeError(ErrorCode.PlatformError, `CometSource: could not refresh the token before it expired: ${error instanceof Error ? error.message : String(error)}`)),
      );
    }, (lifetime - margin) * 1000);
  }

  #use(token: CxoneToken): void {
    this.#token = token;
    if (!this.#stopped) this.#scheduleRefresh(token);
  }

  #send(method: string, path: string, body: unknown, signal: AbortSignal): Promise<Response> {
    const base = this.#token.resource_server_base_uri.replace(/\/?$/, '/');
    return this.options.fetch(`${base}services/${path}`, {
      method,
      signal,
      headers: {
        Authorization: `${this.#token.token_type} ${this.#token.access_token}`,
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }
}
