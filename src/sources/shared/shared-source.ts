/**
 * One platform session for every tab of a desktop. `sharedSource` elects one
 * leader among the same-origin tabs and windows of a browser profile, runs
 * the real source only there, and relays what it reports to the other tabs:
 * every event batch in order, the status, the session token, its errors.
 * Commands from any tab are carried out by the leader.
 *
 * Decisions:
 * 1. Leadership is a Web Lock. Every follower waits on it, so when the
 *    leader's tab closes, crashes or is discarded, the browser grants it to
 *    one follower at once. A pending request is also how a leader that stops
 *    knows whether another tab will take over.
 * 2.–5. Every batch is stored before it is relayed, and a tab catches up
 *    from storage, or from the leader's state: tab-view.ts says how.
 * 6. A follower's command is carried out by the leader, once:
 *    command-relay.ts.
 * 7. Closing a tab never ends the platform session. `stop()` in the leader
 *    hands the session over when another tab waits for it and ends it
 *    otherwise; `agentLogout` ends it for every tab.
 */
import { BridgeError, ErrorCode } from '../../protocol/errors.js';
import type { ActionRequest } from '../../protocol/actions.js';
import type { PlatformEvent } from '../../protocol/events.js';
import { SourceBase } from '../source.js';
import type { Source, SourceCommand, SourceStatus } from '../source.js';
import { fromWire, toWire } from './channel.js';
import { CommandRelay } from './command-relay.js';
import type { Message } from './channel.js';
import { SessionLog } from './session-log.js';
import type { Head } from './session-log.js';
import { TabView } from './tab-view.js';
import type { SharedSourceEventMap, SharedSourceOptions } from './types.js';

export type { SharedSourceEventMap, SharedSourceOptions } from './types.js';

/** Status and token reporting are `SourceBase`'s; the platform work is the leader's source's. */
export class SharedSource extends SourceBase<SharedSourceEventMap> {
  /** This tab's id in the shared session (what `leader` events report). */
  readonly tabId = crypto.randomUUID();
  readonly #createSource: () => Source | Promise<Source>;
  readonly #lockName: string;
  /** The session as this tab knows it. */
  readonly #view: TabView;
  #syncing = false;
  /** Whether this tab has seen the session online: it never starts another one. */
  #joined = false;
  #channel: BroadcastChannel | undefined;
  readonly #lockAbort = new AbortController();
  #leading = false;
  /** The leading tab's id, as last announced. */
  #leader: string | undefined;
  #release: (() => void) | undefined;
  #source: Source | undefined;
  #unwire: (() => void) | undefined;
  /** The source is resuming from a checkpoint (see `#run`). */
  #resuming = false;
  /** A follower's commands, carried out by the leader (decision 6). */
  readonly #commands: CommandRelay;

  /** See `sharedSource`, which makes one. */
  constructor(createSource: () => Source | Promise<Source>, options: SharedSourceOptions) {
    if (typeof options.name !== 'string' || options.name === '') throw new BridgeError(ErrorCode.InvalidOption, 'sharedSource: name must be a non-empty string');
    super();
    this.#createSource = createSource;
    this.#lockName = `ccbridge-shared:${options.name}`;
    this.#commands = new CommandRelay(this.tabId, options.commandTimeoutMs ?? 20_000, (message) => this.#post(message));
    this.#view = new TabView(new SessionLog(this.#lockName, (error) => this.emit('error', error)));
  }

  /** Whether this tab runs the real source. */
  get isLeader(): boolean {
    return this.#leading;
  }

  /** The leading tab's `tabId`, once known. */
  get leader(): string | undefined {
    return this.#leader;
  }

  /** Joins the shared session; resolves once it is online (in whichever tab leads) or rejects if it ends first. */
  async start(): Promise<void> {
    if (this.status.state !== 'idle') throw new BridgeError(ErrorCode.InvalidOption, `sharedSource: start() called while ${this.status.state}`);
    if (typeof navigator === 'undefined' || navigator.locks === undefined || typeof BroadcastChannel === 'undefined') {
      throw new BridgeError(ErrorCode.Unsupported, 'sharedSource needs Web Locks and BroadcastChannel (a secure context: https or localhost)');
    }
    this.setStatus({ state: 'connecting' });
    const { held = [] } = await navigator.locks.query();
    // Read the stored state and open the channel in one task: every batch is then either in the snapshot or heard.
    const head = this.#view.log.head();
    if (head !== undefined && head.status.state !== 'ended' && held.some((lock) => lock.name === this.#lockName)) {
      this.#reconcile(head);
      if (head.leader !== undefined) this.#setLeader(head.leader);
    }
    this.#channel = new BroadcastChannel(this.#lockName);
    this.#channel.onmessage = (event: MessageEvent<Message>) => this.#receive(event.data);
    navigator.locks.request(this.#lockName, { signal: this.#lockAbort.signal }, () => this.#lead()).catch((error: unknown) => {
      if (!this.#lockAbort.signal.aborted) this.#fail(error);
    });
    await this.whenOnline('sharedSource');
  }

  /**
   * Leaves the shared session. In the leader, hands the platform session to a
   * waiting tab, or ends it when no other tab waits.
   */
  async stop(): Promise<void> {
    if (this.status.state === 'ended') return;
    if (this.status.state === 'idle') {
      this.setStatus({ state: 'ended', reason: 'stopped' });
      return;
    }
    this.#lockAbort.abort();
    const source = this.#source;
    if (this.#leading && source !== undefined) {
      const { pending = [] } = await navigator.locks.query();
      const handOver = pending.some((lock) => lock.name === this.#lockName);
      this.#unwire?.();
      const checkpoint = source.checkpoint;
      await source.stop({ keepSession: handOver });
      if (handOver) {
        this.#view.log.write({ ...this.#head(), checkpoint });
      } else {
        const ended: SourceStatus = { state: 'ended', reason: 'stopped' };
        this.#view.log.write({ ...this.#head(), status: ended, checkpoint: undefined, token: null });
        this.#post({ t: 'status', status: ended });
      }
    }
    this.#finish({ state: 'ended', reason: 'stopped' });
  }

  async execute(command: SourceCommand): Promise<void> {
    if (this.status.state === 'ended' || this.status.state === 'idle') {
      throw new BridgeError(ErrorCode.PlatformError, `sharedSource: cannot ${command.action} while ${this.status.state}`);
    }
    if (this.#leading) {
      if (this.#source === undefined) throw new BridgeError(ErrorCode.PlatformError, `sharedSource: cannot ${command.action}: the platform is not connected yet`);
      return this.#source.execute(command);
    }
    return this.#commands.send(command);
  }

  /** An action beyond MAX, carried out by the leader tab's source (its lists, for a query). */
  override act(request: ActionRequest): Promise<unknown> {
    if (this.status.state === 'ended' || this.status.state === 'idle') {
      return Promise.reject(new BridgeError(ErrorCode.PlatformError, `sharedSource: cannot ${request.action} while ${this.status.state}`));
    }
    if (!this.#leading) return this.#commands.act(request);
    if (this.#source === undefined) return Promise.reject(new BridgeError(ErrorCode.PlatformError, `sharedSource: cannot ${request.action}: the platform is not connected yet`));
    return this.#source.act?.(request) ?? Promise.reject(new BridgeError(ErrorCode.Unsupported, 'sharedSource: the platform\'s source carries out no actions'));
  }

  // ---- Leading ----

  /** Runs while this tab holds the lock; resolving releases it. */
  async #lead(): Promise<void> {
    if (this.#lockAbort.signal.aborted || this.status.state === 'ended') return;
    this.#leading = true;
    this.#commands.rejectAll('leadership moved to this tab before the leader answered');
    this.#post({ t: 'leader', tab: this.tabId });
    this.#setLeader(this.tabId);
    const held = new Promise<void>((resolve) => (this.#release = resolve));
    const head = this.#view.log.head();
    let from: unknown;
    if (head?.status.state === 'ended' && this.#joined) {
      // The session this tab was part of ended (its last word may still be on its way): no new one from here.
      this.#finish(head.status);
      return;
    }
    if (head !== undefined && head.status.state !== 'ended') {
      // A tab that followed the session catches up batch by batch; a new one (a reload) starts from the state.
      if (head.seq > this.#view.seq && !(this.#joined && this.#replay(head.seq))) this.#reconcile(head);
      from = this.#view.resumeFrom(head);
    }
    try {
      await this.#run(from);
    } catch (error) {
      this.#fail(error);
    }
    await held;
  }

  /**
   * Starts the real source here, resuming from `from` when there is one.
   * While it resumes, its end and its withdrawn token are not reported: a
   * refused checkpoint starts a new session instead.
   */
  async #run(from: unknown): Promise<void> {
    if (from !== undefined) {
      const source = await this.#attach();
      this.#resuming = true;
      try {
        await source.start(from);
        return;
      } catch (error) {
        this.#unwire?.();
        if (this.#lockAbort.signal.aborted) return;
        // The platform refused the checkpoint: a new session, reported as such.
        this.emit('error', new BridgeError(ErrorCode.PlatformError, `sharedSource: started a new session: ${error instanceof Error ? error.message : String(error)}`));
      } finally {
        this.#resuming = false;
      }
    }
    const source = await this.#attach();
    await source.start();
  }

  /** Makes the source and listens to it. */
  async #attach(): Promise<Source> {
    this.#unwire?.();
    const source = await this.#createSource();
    this.#source = source;
    const off = [
      source.on('events', (events) => this.#publish(events, source.checkpoint)),
      source.on('status', (status) => {
        if (this.#resuming && status.state === 'ended') return;
        this.#view.checkpoint = source.checkpoint;
        this.setStatus(status);
        this.#view.log.write(this.#head());
        this.#post({ t: 'status', status });
        if (status.state === 'ended') this.#finish(status);
      }),
      source.on('sessionToken', (token) => {
        if (this.#resuming && token === null) return;
        this.setSessionToken(token);
        this.#view.log.write(this.#head());
        this.#post({ t: 'token', token });
      }),
      source.on('error', (error) => {
        this.emit('error', error);
        this.#post({ t: 'error', error: toWire(error) });
      }),
    ];
    this.#unwire = () => off.forEach((stop) => stop());
    return source;
  }

  /** A batch from the real source: stored, relayed, then delivered here (decision 2). */
  #publish(events: readonly PlatformEvent[], checkpoint: unknown): void {
    const seq = this.#view.seq + 1;
    this.#view.checkpoint = checkpoint;
    this.#view.apply(seq, events);
    this.#view.log.write(this.#head(), events);
    this.#post({ t: 'batch', seq, events, checkpoint });
    this.emit('events', events);
  }

  #head(): Head {
    return this.#view.head(this.status, this.sessionToken, this.#leader);
  }

  // ---- Following ----

  #receive(message: Message): void {
    switch (message.t) {
      case 'batch':
        if (this.#leading) return;
        this.#view.lastRelayed = { seq: message.seq, checkpoint: message.checkpoint };
        if (this.#syncing || message.seq <= this.#view.seq) return;
        if (message.seq > this.#view.seq + 1 && !this.#replay(message.seq - 1)) {
          this.#syncing = true;
          this.#post({ t: 'sync', tab: this.tabId });
          return;
        }
        this.#view.apply(message.seq, message.events);
        this.emit('events', message.events);
        return;
      case 'status':
        if (this.#leading) return;
        if (message.status.state === 'ended') this.#finish(message.status);
        else this.setStatus(message.status);
        return;
      case 'token':
        if (!this.#leading) this.setSessionToken(message.token);
        return;
      case 'error':
        if (!this.#leading) this.emit('error', fromWire(message.error));
        return;
      case 'leader':
        this.#commands.rejectAll('the leader tab went away before it answered');
        this.#setLeader(message.tab);
        return;
      case 'command':
        if (this.#leading) void this.#commands.carryOut(message, () => this.execute(message.command));
        return;
      case 'act':
        if (this.#leading) void this.#commands.carryOut(message, () => this.act(message.request));
        return;
      case 'result':
        this.#commands.answered(message);
        return;
      case 'sync':
        if (this.#leading) this.#post({ t: 'state', tab: message.tab, head: this.#head() });
        return;
      case 'state':
        if (message.tab !== this.tabId || !this.#syncing) return;
        this.#syncing = false;
        this.#reconcile(message.head);
        return;
    }
  }

  /** Delivers the stored batches after this tab's last one up to `to`; false (delivering nothing) if any is gone. */
  #replay(to: number): boolean {
    const batches = this.#view.stored(to);
    if (batches === undefined) return false;
    for (const events of batches) {
      this.#view.apply(this.#view.seq + 1, events);
      this.emit('events', events);
    }
    return true;
  }

  /** Moves this tab to `head`'s state, reporting only the difference; the token and the status follow. */
  #reconcile(head: Head): void {
    const events = this.#view.moveTo(head);
    if (events.length > 0) this.emit('events', events);
    this.setSessionToken(head.token);
    if (head.status.state === 'ended') this.#finish(head.status);
    else this.setStatus(head.status);
  }

  // ---- Shared ----

  #post(message: Message): void {
    this.#channel?.postMessage(message);
  }

  /** Reported once per change; the first `online` marks the session as joined. */
  protected override setStatus(status: SourceStatus): void {
    if (JSON.stringify(status) === JSON.stringify(this.status)) return;
    super.setStatus(status);
    if (status.state === 'online') this.#joined = true;
  }

  #setLeader(tab: string): void {
    this.#leader = tab;
    this.emit('leader', tab);
  }

  /** Something this tab cannot recover from: it leaves, and says why. */
  #fail(error: unknown): void {
    this.emit('error', new BridgeError(ErrorCode.PlatformError, `sharedSource: ${error instanceof Error ? error.message : String(error)}`));
    if (this.status.state !== 'ended') this.#finish({ state: 'ended', reason: error instanceof Error ? error.message : String(error) });
  }

  /** Ends this tab's part: no lock, no channel, no pending commands. */
  #finish(status: SourceStatus & { state: 'ended' }): void {
    this.#lockAbort.abort();
    this.#unwire?.();
    this.#leading = false;
    this.#release?.();
    this.#channel?.close();
    this.#channel = undefined;
    this.#commands.rejectAll('the session ended');
    this.setStatus(status);
    this.setSessionToken(null);
  }
}

/**
 * A `Source` shared by the same-origin tabs of a browser profile: one tab
 * runs the source `createSource` makes, the others follow (see `SharedSource`).
 */
export function sharedSource(createSource: () => Source | Promise<Source>, options: SharedSourceOptions): SharedSource {
  return new SharedSource(createSource, options);
}
