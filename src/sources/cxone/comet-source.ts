/**
 * The CXone / inContact agent session: a comet long poll on
 * `get-next-event`, and REST calls for commands.
 *
 * Decisions:
 * 1. The poll timeout is checked (an integer 0–60) when the source is made,
 *    before any request: the platform would reject anything else.
 * 2. Each 200 carries the session id to use from then on (the seed; NICE's
 *    SDK): for the next poll, every command and the final `DELETE`. The
 *    source adopts it only after the response was read and its events
 *    dispatched. A poll that fails for any reason is retried with the id it
 *    had, so the platform sends the same events again: nothing is lost, and
 *    since nothing of a failed response was dispatched, nothing is
 *    dispatched twice.
 * 3. Only 409, `AgentSessionEnd` and `RemoteAgentSessionEnd` end the session.
 *    Every other failure (network, 5xx, 429, 400, 403, 404, a body that does
 *    not parse) is retried with capped exponential backoff and full jitter,
 *    reporting `offline` with the retry time, and after `maxRetries` failed
 *    polls in a row (60, as NICE's own client) the source gives up with a
 *    reason that names the last failure. A 401 asks the token-refresh hook
 *    once and retries.
 * 4. The token is refreshed before it expires (`expires_in`, minus
 *    `refreshMarginSeconds`), not only after a 401.
 * 5. A long poll that outlives its timeout by 15 s is aborted and retried: a
 *    half-open connection must not stall the desktop forever.
 * 6. `checkpoint` is the session as a JSON value (`CometCheckpoint`): read in
 *    an `events` listener, the id that follows that batch. `start(checkpoint)`
 *    resumes the session with no request but one poll with `timeout=0`,
 *    which proves the session alive (a 409 rejects `start`) and delivers what
 *    is waiting. `stop({ keepSession: true })` leaves it running. This is how
 *    another tab takes over (`sharedSource`).
 */
import { BridgeError, ErrorCode } from '../../protocol/errors.js';
import { parsePlatformEvent } from '../../protocol/events.js';
import type { PlatformEvent } from '../../protocol/events.js';
import { SourceBase, sleep } from '../source.js';
import type { BackoffOptions, SourceCommand, StopOptions } from '../source.js';
import { AgentApi } from './agent-api.js';
import type { CxoneToken } from './agent-api.js';
import type { AgentStateOptions, WrapUpOptions } from '../../protocol/actions.js';
import { commandSteps } from './requests.js';
import { NextEventResponse, SessionStarted } from './responses.js';
import { parse } from '../../protocol/shape.js';

/**
 * Start a session on a station; join the agent's existing session
 * (`POST agent-sessions/join { asAgentId }`, as NICE's SDK does); or resume a
 * session this desktop already holds by its latest id (no request: how
 * another tab of the same desktop takes over).
 */
export type CometSession =
  | { readonly stationPhoneNumber: string }
  | { readonly stationId: string }
  | { readonly asAgentId: number | string }
  | { readonly sessionId: string };

/** Where a CXone session stands: enough for another `CometSource` to resume it. */
export interface CometCheckpoint {
  /** The id from the start or join call (the `sessioninfo` token). */
  readonly sessionId: string;
  /** The id for the next poll. */
  readonly currentId: string;
  /** Whether this desktop started the session (and so ends it when it stops). */
  readonly startedHere: boolean;
}

function isCheckpoint(value: unknown): value is CometCheckpoint {
  const c = value as Partial<CometCheckpoint> | null;
  return typeof c === 'object' && c !== null && typeof c.sessionId === 'string' && typeof c.currentId === 'string' && typeof c.startedHere === 'boolean';
}

/** How a `CometSource` reaches the CXone agent API and which session it starts, joins or resumes. */
export interface CometSourceOptions {
  readonly token: CxoneToken;
  /** Returns a fresh token: called before the token expires (`expires_in`), and on a 401 (the source retries once with it). */
  readonly refreshToken?: () => Promise<CxoneToken>;
  /** How long before `expires_in` runs out the token is refreshed. Default 300 s. */
  readonly refreshMarginSeconds?: number;
  /** Failed polls in a row before the source gives up (ends). Default 60, as NICE's own client. */
  readonly maxRetries?: number;
  /**
   * The least time between the starts of two polls that brought nothing
   * (a 304, or no events), so `timeoutSeconds: 0` cannot spin. Default 1000 ms.
   */
  readonly minPollIntervalMs?: number;
  readonly session: CometSession;
  /** `v12.0` by default; any `vNN.0` the tenant offers. */
  readonly apiVersion?: string;
  /** Seconds the platform may hold each poll: an integer from 0 to 60. Default 30. */
  readonly timeoutSeconds?: number;
  readonly backoff?: BackoffOptions;
  /** For tests and non-browser runtimes. Default `globalThis.fetch`. */
  readonly fetch?: typeof fetch;
  /** The agent's team, whose unavailable codes `agentStateOptions()` reads (NICE's SDK takes it from the user's profile). Without it, that call is refused. */
  readonly teamId?: number | string;
  /** The `indicatorName` contact data is posted under (`custom-data`; NICE's SDK posts a custom form's). Default `'ccbridge'`. */
  readonly customDataIndicator?: string;
}

export class CometSource extends SourceBase {
  readonly #options: CometSourceOptions;
  readonly #timeoutSeconds: number;
  readonly #apiVersion: string;
  /** HTTP and the token. */
  readonly #api: AgentApi;
  /** The session id from the start (or join) call: the `SessionInfo` token pages get. */
  #sessionId: string | undefined;
  /** The latest id a 200 returned: for the next poll, commands and DELETE. */
  #currentId: string | undefined;
  #startedHere = false;
  #loop: Promise<void> | undefined;
  /** Failed polls in a row, and why the last one failed. */
  #failures = 0;
  #lastFailure = '';

  /** A source for the tenant `options.token` names; its options are checked here (a bad `timeoutSeconds` or `apiVersion` throws `INVALID_OPTION`), and nothing is requested before `start()`. */
  constructor(options: CometSourceOptions) {
    super(options.backoff);
    const timeout = options.timeoutSeconds ?? 30;
    if (!Number.isInteger(timeout) || timeout < 0 || timeout > 60) {
      throw new BridgeError(ErrorCode.InvalidOption, `CometSource: timeoutSeconds must be an integer from 0 to 60, got ${String(timeout)}`);
    }
    const version = options.apiVersion ?? 'v12.0';
    if (!/^v\d+\.\d+$/.test(version)) {
      throw new BridgeError(ErrorCode.InvalidOption, `CometSource: apiVersion must look like "v12.0", got "${version}"`);
    }
    this.#options = options;
    this.#timeoutSeconds = timeout;
    this.#apiVersion = version;
    this.#api = new AgentApi({
      token: options.token,
      refreshToken: options.refreshToken,
      refreshMarginSeconds: options.refreshMarginSeconds,
      apiVersion: version,
      fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
      onRefreshError: (error) => this.emit('error', error),
      live: () => !this.abort.signal.aborted && this.status.state !== 'ended',
    });
  }

  /** The agent session id from the start or join call (what MAX pages get as the `sessioninfo` token). */
  get sessionId(): string | undefined {
    return this.#sessionId;
  }

  /** The session id the source uses now: the latest a poll returned. */
  get currentSessionId(): string | undefined {
    return this.#currentId;
  }

  /** The session as a `CometCheckpoint` (see decision 6); `undefined` before it starts and once it ended. */
  get checkpoint(): CometCheckpoint | undefined {
    if (this.#sessionId === undefined || this.#currentId === undefined || this.status.state === 'ended') return undefined;
    return { sessionId: this.#sessionId, currentId: this.#currentId, startedHere: this.#startedHere };
  }

  async start(from?: unknown): Promise<void> {
    if (this.status.state !== 'idle') throw new BridgeError(ErrorCode.InvalidOption, `CometSource: start() called while ${this.status.state}`);
    if (from !== undefined && !isCheckpoint(from)) throw new BridgeError(ErrorCode.InvalidOption, 'CometSource: start(from) takes a checkpoint { sessionId, currentId, startedHere }');
    this.setStatus({ state: 'connecting' });
    const { session } = this.#options;
    this.#api.start();
    if (from !== undefined) {
      await this.#resume(from);
      return;
    }
    if ('sessionId' in session) {
      this.#sessionId = session.sessionId;
    } else if ('asAgentId' in session) {
      this.#sessionId = await this.#openSession('/join', { asAgentId: session.asAgentId }, 'join');
    } else {
      this.#sessionId = await this.#openSession('', session, 'start');
      this.#startedHere = true;
    }
    this.#currentId = this.#sessionId;
    this.setSessionToken(this.#sessionId);
    this.setStatus({ state: 'online' });
    this.#loop = this.#pollLoop();
  }

  async stop(options: StopOptions = {}): Promise<void> {
    if (this.status.state === 'idle') {
      this.setStatus({ state: 'ended', reason: 'stopped' });
      return;
    }
    const wasEnded = this.status.state === 'ended';
    this.#api.stop();
    this.abort.abort(new DOMException('stopped', 'AbortError'));
    await this.#loop;
    if (this.#startedHere && !wasEnded && this.#currentId !== undefined && options.keepSession !== true) {
      // Best effort: the platform ends an abandoned session on its own too.
      try {
        await this.#api.request('DELETE', `/${encodeURIComponent(this.#currentId)}`, undefined, AbortSignal.timeout(5000));
      } catch {
        /* ignored: we are leaving anyway */
      }
    }
    if (!wasEnded) this.end('stopped');
  }

  async execute(command: SourceCommand): Promise<void> {
    if (this.#currentId === undefined || this.status.state === 'ended') {
      throw new BridgeError(ErrorCode.PlatformError, `CometSource: no session to ${command.action} on`);
    }
    // Tags go first, on the contact (outside the session, as NICE's SDK saves them): the disposition ends after-call work.
    if (command.action === 'endWrapUp' && command.tags !== undefined && command.tags.length > 0) {
      const tagged = await this.#api.requestServices('POST', `v23.0/contacts/${command.contactId}/tags`, { tags: command.tags }, AbortSignal.timeout(15_000));
      if (!tagged.ok) throw new BridgeError(ErrorCode.PlatformError, `CometSource: tagging contact ${command.contactId} failed with HTTP ${tagged.status}`, { status: tagged.status });
    }
    const steps = commandSteps(command, this.#apiVersion, this.#options.customDataIndicator);
    // A blind transfer waits for the consult call it placed to be in the session's events before it transfers.
    const consultCall = steps.some((step) => 'awaitCall' in step) ? this.#nextCall(command.action === 'transfer' ? command.contactId : 0) : undefined;
    try {
      for (const step of steps) {
        if ('awaitCall' in step) {
          await consultCall?.arrived;
          continue;
        }
        const { method, path, body } = step;
        const sessionId = this.#currentId;
        if (sessionId === undefined) throw new BridgeError(ErrorCode.PlatformError, `CometSource: no session to ${command.action} on`);
        const response = await this.#api.request(method, `/${encodeURIComponent(sessionId)}${path}`, body, AbortSignal.timeout(15_000));
        if (!response.ok) {
          const text = await response.text().catch(() => '');
          throw new BridgeError(ErrorCode.PlatformError, `CometSource: ${command.action} failed with HTTP ${response.status}${text ? `: ${text.slice(0, 200)}` : ''}`, { status: response.status });
        }
      }
    } finally {
      consultCall?.stop();
    }
  }

  /** Resolves once a call other than `contactId` is current in the session's events (within 15 s); `stop` stops listening. */
  #nextCall(contactId: number): { arrived: Promise<void>; stop: () => void } {
    let stop = (): void => {};
    const arrived = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new BridgeError(ErrorCode.PlatformError, 'CometSource: the consult call never came, so the call was not transferred')), 15_000);
      const unsubscribe = this.on('events', (events) => {
        if (events.some((event) => event.Type === 'CallContactEvent' && event['FinalState'] !== 'True' && Number(event['ContactID']) !== contactId)) resolve();
      });
      stop = () => {
        clearTimeout(timer);
        unsubscribe();
      };
    });
    arrived.catch(() => {});
    return { arrived, stop };
  }

  /**
   * The dispositions and tags of a skill (its id), as NICE's agent SDK reads
   * them: `GET services/v12.0/skills/{skillId}/dispositions` and `/tags`
   * (204: none). docs/platforms.md has the shapes.
   */
  override async wrapUpOptions(skill: string): Promise<WrapUpOptions> {
    if (!/^\d+$/.test(skill)) throw new BridgeError(ErrorCode.InvalidOption, `CometSource: a skill's lists are read by its id, not '${skill}'`);
    const list = async (what: 'dispositions' | 'tags'): Promise<unknown> => {
      const response = await this.#api.requestServices('GET', `v12.0/skills/${skill}/${what}`, undefined, AbortSignal.timeout(15_000));
      if (response.status === 204) return undefined;
      if (!response.ok) throw new BridgeError(ErrorCode.PlatformError, `CometSource: skill ${skill}'s ${what} failed with HTTP ${response.status}`, { status: response.status });
      return response.json();
    };
    const [dispositions, tags] = await Promise.all([list('dispositions'), list('tags')]);
    const items = (value: unknown): Record<string, unknown>[] => (Array.isArray(value) ? value.filter((item): item is Record<string, unknown> => typeof item === 'object' && item !== null) : []);
    return {
      skill,
      dispositions: items((dispositions as { dispositions?: unknown } | undefined)?.dispositions)
        .filter((item) => typeof item['dispositionId'] === 'number' && typeof item['dispositionName'] === 'string')
        .map((item) => ({ dispositionId: item['dispositionId'] as number, dispositionName: item['dispositionName'] as string })),
      tags: items((tags as { resultSet?: { tags?: unknown } } | undefined)?.resultSet?.tags)
        .filter((item) => typeof item['tagId'] === 'number' && typeof item['tagName'] === 'string')
        .map((item) => ({ tagId: item['tagId'] as number, tagName: item['tagName'] as string })),
    };
  }

  /**
   * The reasons the agent may give for being unavailable: the team's active
   * unavailable codes, as NICE's agent SDK reads them
   * (`GET services/v23.0/teams/{teamId}/unavailable-codes?activityOnly=true`,
   * each code's `outStateName`); after-call-work codes are left out (they are
   * the platform's, not the agent's to choose). Needs the `teamId` option.
   */
  override async agentStateOptions(): Promise<AgentStateOptions> {
    const teamId = this.#options.teamId;
    if (teamId === undefined || !/^\d+$/.test(String(teamId))) throw new BridgeError(ErrorCode.InvalidOption, 'CometSource: the unavailable codes are read by team: pass the teamId option');
    const response = await this.#api.requestServices('GET', `v23.0/teams/${String(teamId)}/unavailable-codes?activityOnly=true`, undefined, AbortSignal.timeout(15_000));
    if (!response.ok) throw new BridgeError(ErrorCode.PlatformError, `CometSource: team ${String(teamId)}'s unavailable codes failed with HTTP ${response.status}`, { status: response.status });
    const body = (await response.json()) as { unavailableCodes?: unknown };
    const codes = Array.isArray(body.unavailableCodes) ? body.unavailableCodes.filter((code): code is Record<string, unknown> => typeof code === 'object' && code !== null) : [];
    const reasons = codes
      .filter((code) => typeof code['outStateName'] === 'string' && code['outStateName'] !== '' && code['isActive'] !== false && code['isAcw'] !== true)
      .map((code) => ({ reason: code['outStateName'] as string }));
    return { reasons };
  }

  // ---- Session ----

  /** Starts (`POST agent-sessions`) or joins (`POST agent-sessions/join`) a session; resolves with its id. */
  async #openSession(path: string, body: unknown, what: 'start' | 'join'): Promise<string> {
    for (;;) {
      let response: Response;
      try {
        response = await this.#api.request('POST', path, body, this.abort.signal);
      } catch (error) {
        if (this.abort.signal.aborted) throw error;
        await this.offline(error);
        continue;
      }
      if (response.status >= 500 || response.status === 429) {
        await this.offline(new Error(`HTTP ${response.status}`));
        continue;
      }
      const started = parse(SessionStarted, await response.json().catch(() => undefined));
      if (!response.ok || !started.success) {
        const reason = `could not ${what} the agent session (HTTP ${response.status})`;
        this.end(reason);
        throw new BridgeError(ErrorCode.PlatformError, `CometSource: ${reason}`, { status: response.status });
      }
      this.backoff.reset();
      return started.data.sessionId;
    }
  }

  /** Resumes a session from a checkpoint: one `timeout=0` poll proves it alive (a 409 rejects), then the loop. */
  async #resume(from: CometCheckpoint): Promise<void> {
    this.#sessionId = from.sessionId;
    this.#currentId = from.currentId;
    this.#startedHere = from.startedHere;
    this.setSessionToken(from.sessionId);
    try {
      await this.#pollOnce(this.abort.signal, 0);
    } catch (error) {
      // Not an answer about the session (network, 5xx): the loop retries.
      if (this.abort.signal.aborted) throw error;
    }
    if (this.status.state === 'ended') {
      throw new BridgeError(ErrorCode.PlatformError, `CometSource: cannot resume the agent session: ${this.status.reason}`);
    }
    this.online();
    this.#loop = this.#pollLoop();
  }

  // ---- The long poll ----

  async #pollLoop(): Promise<void> {
    const signal = this.abort.signal;
    const maxRetries = this.#options.maxRetries ?? 60;
    const minInterval = this.#options.minPollIntervalMs ?? 1000;
    while (!signal.aborted && this.status.state !== 'ended') {
      try {
        const started = Date.now();
        const brought = await this.#pollOnce(signal);
        this.#failures = 0;
        const wait = minInterval - (Date.now() - started);
        if (!brought && wait > 0) await sleep(wait, signal).catch(() => undefined);
      } catch (error) {
        if (signal.aborted) return;
        this.#failures += 1;
        this.#lastFailure = error instanceof Error ? error.message : String(error);
        if (this.#failures > maxRetries) {
          this.end(`gave up after ${maxRetries} failed polls in a row (last: ${this.#lastFailure})`);
          return;
        }
        try {
          await this.offline(error);
        } catch {
          return; // aborted while waiting
        }
      }
    }
  }

  /** One poll; resolves with whether it brought events. */
  async #pollOnce(signal: AbortSignal, timeoutSeconds = this.#timeoutSeconds): Promise<boolean> {
    const path = `/${encodeURIComponent(this.#currentId ?? '')}/get-next-event?timeout=${timeoutSeconds}`;
    const deadline = AbortSignal.timeout((timeoutSeconds + 15) * 1000);
    const response = await this.#api.request('GET', path, undefined, AbortSignal.any([signal, deadline]));
    if (response.status === 304) {
      this.online();
      return false;
    }
    if (response.status === 409) {
      this.end('the agent session is gone (HTTP 409)');
      return false;
    }
    // Anything else but a 200 is retried (NICE's client retries 400, 403 and 404 too).
    if (response.status === 401) throw new Error('HTTP 401 after refreshing the token');
    if (response.status !== 200) throw new Error(`get-next-event failed with HTTP ${response.status}`);
    // A body that does not parse is treated like a lost response: retried with the same id.
    const body = parse(NextEventResponse, await response.json());
    if (!body.success) throw new Error('get-next-event returned a body that is not { sessionId, events }');
    const events: PlatformEvent[] = [];
    for (const value of body.data.events) {
      const parsed = parsePlatformEvent(value);
      if (parsed.success) events.push(parsed.data);
      else this.emit('error', new BridgeError(ErrorCode.InvalidEvent, `CometSource: skipped an invalid event: ${parsed.error}`, value));
    }
    this.#currentId = body.data.sessionId;
    this.online();
    if (events.length > 0) this.emit('events', events);
    const ending = events.find((event) => event.Type === 'AgentSessionEnd' || event.Type === 'RemoteAgentSessionEnd');
    if (ending !== undefined) this.end(ending.Type === 'AgentSessionEnd' ? 'the agent session ended' : 'the agent session was ended remotely');
    return events.length > 0;
  }
}
