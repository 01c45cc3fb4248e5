/**
 * What feeds a host: a platform connection that produces events in the
 * inContact/CXone vocabulary, carries out commands, and reports its status.
 * `BridgeHost` consumes any `Source` (see its `source` option); the desktop
 * can also call `host.dispatch` by hand.
 */
import { Emitter } from '../common/emitter.js';
import type { ActionRequest, AgentStateOptions, WrapUpOptions } from '../protocol/actions.js';
import type { ContactAction } from '../protocol/command-rules.js';
import { BridgeError, ErrorCode } from '../protocol/errors.js';
import type { PlatformEvent } from '../protocol/events.js';

/** Where a source stands: `idle` (not started), `connecting`, `online`, `offline` (retrying at `retryAt`) or `ended` (for good, with a `reason`). */
export type SourceStatus =
  | { readonly state: 'idle' }
  | { readonly state: 'connecting' }
  | { readonly state: 'online' }
  /** Lost the platform; retrying at `retryAt` (epoch ms). */
  | { readonly state: 'offline'; readonly retryAt: number; readonly error: string }
  /** For good: the session ended, was stopped, or cannot be resumed. */
  | { readonly state: 'ended'; readonly reason: string };

/** What a desktop (or a page, through the host) can ask the platform to do. */
export type SourceCommand =
  | { readonly action: ContactAction; readonly contactId: number }
  /** Stop recording a call (CXone `stop-record`; XUC `monitorUnpause`). */
  | { readonly action: 'stopRecord'; readonly contactId: number }
  /**
   * Place a call. CXone names the skill by `skillName` up to API v22.0 and by
   * `skillId` from v23.0; XUC passes `variables` (attached data, `USR_*`).
   */
  | { readonly action: 'dial'; readonly phoneNumber: string; readonly skillName?: string; readonly skillId?: number; readonly variables?: Readonly<Record<string, string>> }
  | { readonly action: 'setState'; readonly state: 'Available' | 'Unavailable'; readonly reason?: string }
  /**
   * Transfer the caller's call (`contactId`): `blind` or `consult` to a
   * number (`held`: the call is already on hold); `complete` or `cancel` the
   * consult whose call is `consultId` (CXone `transfer-calls`; XUC
   * `directTransfer`, `attendedTransfer`, `completeTransfer`, `cancelTransfer`).
   */
  | { readonly action: 'transfer'; readonly mode: 'blind' | 'consult'; readonly contactId: number; readonly phoneNumber: string; readonly held?: boolean }
  | { readonly action: 'transfer'; readonly mode: 'complete' | 'cancel'; readonly contactId: number; readonly consultId: number }
  /** Attach key/values to a current contact (CXone `custom-data`; XUC `setData`, `USR_*` keys). */
  | { readonly action: 'setContactData'; readonly contactId: number; readonly data: Readonly<Record<string, string>> }
  /** Join the held caller (`contactId`), the consulted party (`consultId`) and the agent (CXone `conference-calls`; XUC `conference`). */
  | { readonly action: 'conference'; readonly contactId: number; readonly consultId: number }
  /** End the agent's after-call work on a contact, with a disposition of its skill and notes (CXone `disposition`; XUC has none). */
  | { readonly action: 'endWrapUp'; readonly contactId: number; readonly dispositionId?: number; readonly notes?: string; readonly tags?: readonly number[] }
  /** Log the agent in on a phone (XUC `agentLogin`; a CXone session is logged in by `start()`). */
  | { readonly action: 'agentLogin'; readonly phoneNumber?: string }
  /** Log the agent out (XUC `agentLogout`; ends a CXone session). */
  | { readonly action: 'agentLogout' };

/** The events a source emits, by name, with what each listener gets. */
export interface SourceEventMap {
  /** Events that arrived together, in order; each batch is dispatched once. */
  events: readonly PlatformEvent[];
  /** The status changed. */
  status: SourceStatus;
  /** The agent session token changed (`null` when the session ends). */
  sessionToken: string | null;
  /**
   * A problem the source skipped or recovered from and that would otherwise
   * vanish: an invalid platform event, an error message from the platform
   * (XUC `AgentError`), a message that is not JSON. The source goes on.
   */
  error: BridgeError;
}

/** How `stop()` leaves the platform session. */
export interface StopOptions {
  /**
   * Leave the platform session running, to be resumed elsewhere (another tab
   * takes over from `checkpoint`). Default `false`: a source ends the session
   * it started.
   */
  readonly keepSession?: boolean;
}

/** What feeds a `BridgeHost`: a platform connection producing events in the CXone vocabulary, carrying out commands and reporting its status. `CometSource`, `XucSource` and `sharedSource` implement it; extend `SourceBase` to write one. */
export interface Source {
  /** The current status; the `status` event reports each change. */
  readonly status: SourceStatus;
  /**
   * The dispositions and tags an agent may choose at the end of a contact of
   * `skill` (its id, as the contact's events carry it), when the platform has
   * them (CXone). A source without them leaves this out; the host then
   * refuses `GetWrapUpOptions`.
   */
  wrapUpOptions?(skill: string): Promise<WrapUpOptions>;
  /**
   * The reasons the agent may give for being unavailable (CXone's unavailable
   * codes), when the platform has them. Left out otherwise; the host then
   * refuses `GetAgentStateOptions`.
   */
  agentStateOptions?(): Promise<AgentStateOptions>;
  /**
   * Carries out an action beyond MAX the host checked (`beyondMax()` sends
   * them here when the desktop gave no controller): a query reads its list,
   * the rest become commands (`execute`). `SourceBase` provides it; a source
   * without it has every action refused.
   */
  act?(request: ActionRequest): Promise<unknown>;
  /**
   * Where the platform session stands, as a JSON value another instance can
   * resume from (`start(checkpoint)`), or `undefined` when the source cannot
   * resume a session (it reconnects and resyncs instead). Read inside an
   * `events` listener, it is the point right after that batch.
   */
  readonly checkpoint?: unknown;
  /**
   * Connects (and starts or joins the session); resolves once online or
   * rejects if that fails for good. With `from` (a `checkpoint` of another
   * instance), resumes that session instead, and rejects if it is gone.
   */
  start(from?: unknown): Promise<void>;
  /** Disconnects: aborts pending requests, and ends the session if this source started it (unless `keepSession`). */
  stop(options?: StopOptions): Promise<void>;
  /** Carries out a command on the platform; rejects with the platform's error. */
  execute(command: SourceCommand): Promise<void>;
  /** Listens to `events`, `status`, `sessionToken` or `error`; returns a function that stops listening. */
  on<K extends keyof SourceEventMap>(type: K, listener: (detail: SourceEventMap[K]) => void): () => void;
}

/**
 * What every source shares: its status, its events, and the retry policy.
 * A subclass connects and translates; this reports.
 */
export abstract class SourceBase<M extends SourceEventMap = SourceEventMap> implements Source {
  readonly #emitter = new Emitter<M>();
  #status: SourceStatus = { state: 'idle' };
  #sessionToken: string | null = null;
  /** Aborted by `stop()`: ends waits and requests. */
  protected readonly abort = new AbortController();
  protected readonly backoff: Backoff;

  /** A source that is `idle`, retrying with `backoff` (default 500 ms doubling to 30 s, with full jitter). */
  constructor(backoff?: BackoffOptions) {
    this.backoff = new Backoff(backoff);
  }

  abstract start(from?: unknown): Promise<void>;
  abstract stop(options?: StopOptions): Promise<void>;
  abstract execute(command: SourceCommand): Promise<void>;

  /**
   * An action beyond MAX: a query reads the platform's list
   * (`agentStateOptions()`, `wrapUpOptions(skill)`: `UNSUPPORTED` when the
   * source has none); the rest are commands, a dial's skill by id when it is
   * a number (CXone from API v23.0), else by name.
   */
  act(request: ActionRequest): Promise<unknown> {
    if (request.action === 'agentStateOptions' || request.action === 'wrapUpOptions') {
      const read = request.action === 'agentStateOptions' ? this.agentStateOptions?.bind(this) : this.wrapUpOptions?.bind(this, request.skill);
      return read === undefined ? Promise.reject(new BridgeError(ErrorCode.Unsupported, `${this.constructor.name}: the platform gives no ${request.action === 'agentStateOptions' ? 'unavailable codes' : 'dispositions and tags'}`)) : read();
    }
    if (request.action === 'endWrapUp') {
      const { skill: _skill, ...command } = request;
      return this.execute(command);
    }
    if (request.action !== 'dial') return this.execute(request);
    const { skill, ...dial } = request;
    return this.execute({ ...dial, ...(skill === undefined ? {} : /^\d+$/.test(skill) ? { skillId: Number(skill) } : { skillName: skill }) });
  }

  /** The dispositions and tags of `skill`, when the platform has them (`Source.wrapUpOptions`). */
  wrapUpOptions?(skill: string): Promise<WrapUpOptions>;
  /** The agent's unavailable codes, when the platform has them (`Source.agentStateOptions`). */
  agentStateOptions?(): Promise<AgentStateOptions>;

  /** The current status; the `status` event reports each change. */
  get status(): SourceStatus {
    return this.#status;
  }

  /** Listens to one of the source's events; returns a function that stops listening. */
  on<K extends keyof M>(type: K, listener: (detail: M[K]) => void): () => void {
    return this.#emitter.on(type, listener);
  }

  /** Emits one of the source's events to its listeners. */
  protected emit<K extends keyof M>(type: K, detail: M[K]): void {
    this.#emitter.emit(type, detail);
  }

  /** Sets the status and reports it (`status` event). */
  protected setStatus(status: SourceStatus): void {
    this.#status = status;
    this.#emitter.emit('status', status as M['status']);
  }

  /** The session token as last reported (`null` before a session and after it ends). */
  protected get sessionToken(): string | null {
    return this.#sessionToken;
  }

  /** Sets the session token and reports it (`sessionToken` event) when it changed. */
  protected setSessionToken(token: string | null): void {
    if (token === this.#sessionToken) return;
    this.#sessionToken = token;
    this.#emitter.emit('sessionToken', token as M['sessionToken']);
  }

  /** Resolves once the status is `online`; rejects (`PLATFORM_ERROR`, prefixed by `who`) if it ends first. */
  protected whenOnline(who: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const settled = (status: SourceStatus): boolean => {
        if (status.state === 'online') resolve();
        else if (status.state === 'ended') reject(new BridgeError(ErrorCode.PlatformError, `${who}: the session ended: ${status.reason}`));
        else return false;
        return true;
      };
      if (settled(this.#status)) return;
      const off = this.on('status', (status) => settled(status as SourceStatus) && off());
    });
  }

  /** Back in touch with the platform: the next failure starts the backoff afresh. */
  protected online(): void {
    this.backoff.reset();
    if (this.#status.state !== 'online') this.setStatus({ state: 'online' });
  }

  /** Reports `offline` with the retry time, then waits it out (rejects if stopped meanwhile). */
  protected async offline(error: unknown): Promise<void> {
    const delay = this.backoff.next();
    const message = error instanceof Error ? error.message : String(error);
    this.setStatus({ state: 'offline', retryAt: Date.now() + delay, error: message });
    await sleep(delay, this.abort.signal);
  }

  /** Ends for good (once): the status says why, and the session token is withdrawn. */
  protected end(reason: string): void {
    if (this.#status.state === 'ended') return;
    this.setStatus({ state: 'ended', reason });
    this.setSessionToken(null);
  }
}

/** The delays of a source's retries. */
export interface BackoffOptions {
  /** First delay. Default 500 ms. */
  readonly initialMs?: number;
  /** Cap. Default 30 s. */
  readonly maxMs?: number;
}

/**
 * Capped exponential backoff with full jitter: attempt n waits a random time
 * in [0, min(max, initial·2ⁿ)], so many desktops reconnecting after an outage
 * do not hit the platform in lockstep.
 */
export class Backoff {
  readonly #initialMs: number;
  readonly #maxMs: number;
  #attempt = 0;

  /** Delays from `options` (first delay and cap), jittered with `random` (numbers in [0, 1); tests pass their own). */
  constructor(
    options: BackoffOptions = {},
    /** Random numbers in [0, 1) for the jitter. */
    readonly random: () => number = Math.random,
  ) {
    this.#initialMs = options.initialMs ?? 500;
    this.#maxMs = options.maxMs ?? 30_000;
  }

  /** The delay before the next retry; each call doubles the ceiling. */
  next(): number {
    const ceiling = Math.min(this.#maxMs, this.#initialMs * 2 ** this.#attempt);
    this.#attempt += 1;
    return Math.round(this.random() * ceiling);
  }

  /** Starts again from the first delay (after a success). */
  reset(): void {
    this.#attempt = 0;
  }
}

/** Resolves after `ms`, or at once (rejecting) when `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
