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
 * 2. Every batch gets the next sequence number and is written, with the
 *    source's checkpoint and the state after it, to localStorage before it is
 *    relayed or delivered. The write is synchronous, and a source's next poll
 *    starts only after its `events` listeners return, so the platform's
 *    cursor never moves past a batch that is not stored.
 * 3. A new leader catches up from storage (the last `RING` batches) before
 *    its source starts, then resumes the session from the stored checkpoint,
 *    or from the last relayed one if that is newer (storage and the channel
 *    are separate pipes, either may arrive first). A source without
 *    checkpoints (XUC) reconnects and resyncs. If the platform refuses the
 *    checkpoint (the session expired while no tab was open), the leader
 *    starts a new session.
 * 4. A follower that sees a gap replays the missing batches from storage; if
 *    storage no longer has them, it asks the leader for the current state and
 *    reports the difference (contacts that ended meanwhile end), never a
 *    guess.
 * 5. A tab that opens while a leader holds the lock reports the stored state
 *    at once: status, token, agent state, mute and current contacts.
 * 6. A follower's command is carried out by the leader and its result or
 *    error comes back to that tab only. If leadership moves before the
 *    answer, the command rejects: it may or may not have reached the
 *    platform, and it is never sent twice.
 * 7. Closing a tab never ends the platform session. `stop()` in the leader
 *    hands the session over when another tab waits for it and ends it
 *    otherwise; `agentLogout` ends it for every tab.
 */
import { Emitter } from '../../common/emitter.js';
import { BridgeError, ErrorCode } from '../../protocol/errors.js';
import type { PlatformEvent } from '../../protocol/events.js';
import type { Source, SourceCommand, SourceEventMap, SourceStatus } from '../source.js';
import { Pending } from '../../common/pending.js';
import { SessionLog } from './session-log.js';
import { fromWire, toWire } from './channel.js';
import type { Head } from './session-log.js';
import type { Message } from './channel.js';
import { Mirror } from './mirror.js';

export interface SharedSourceOptions {
  /**
   * Names the shared session: the tabs of one origin that use the same name
   * share one. Name the agent in it (`cxone:agent-1234`) when several agents
   * may use one browser profile.
   */
  readonly name: string;
  /** How long a follower waits for the leader to answer a command. Default 20 s. */
  readonly commandTimeoutMs?: number;
}

export interface SharedSourceEventMap extends SourceEventMap {
  /** Which tab leads (every tab hears it when a tab takes the lead, and a joining tab at once): its `tabId`. */
  leader: string;
}

export class SharedSource implements Source {
  /** This tab's id in the shared session (what `leader` events report). */
  readonly tabId = crypto.randomUUID();
  readonly #createSource: () => Source | Promise<Source>;
  readonly #lockName: string;
  readonly #log: SessionLog;
  readonly #emitter = new Emitter<SharedSourceEventMap>();
  /** The session's state as this tab knows it. */
  readonly #state = new Mirror();
  #status: SourceStatus = { state: 'idle' };
  #token: string | null = null;
  /** The last batch delivered in this tab. */
  #seq = 0;
  #checkpoint: unknown;
  /** The newest batch another leader relayed, with its checkpoint (decision 3). */
  #lastRelayed: { readonly seq: number; readonly checkpoint: unknown } | undefined;
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
  /** A follower's commands waiting for the leader's answer (decision 6). */
  readonly #pending = new Pending<string, void>();
  readonly #commandTimeoutMs: number;
  readonly #settling = new Set<() => void>();

  constructor(createSource: () => Source | Promise<Source>, options: SharedSourceOptions) {
    if (typeof options.name !== 'string' || options.name === '') throw new BridgeError(ErrorCode.InvalidOption, 'sharedSource: name must be a non-empty string');
    this.#createSource = createSource;
    this.#lockName = `ccbridge-shared:${options.name}`;
    this.#commandTimeoutMs = options.commandTimeoutMs ?? 20_000;
    this.#log = new SessionLog(this.#lockName, (error) => this.#emitter.emit('error', error));
  }

  get status(): SourceStatus {
    return this.#status;
  }

  /** Whether this tab runs the real source. */
  get isLeader(): boolean {
    return this.#leading;
  }

  /** The leading tab's `tabId`, once known. */
  get leader(): string | undefined {
    return this.#leader;
  }

  on<K extends keyof SharedSourceEventMap>(type: K, listener: (detail: SharedSourceEventMap[K]) => void): () => void {
    return this.#emitter.on(type, listener);
  }

  /** Joins the shared session; resolves once it is online (in whichever tab leads) or rejects if it ends first. */
  async start(): Promise<void> {
    if (this.#status.state !== 'idle') throw new BridgeError(ErrorCode.InvalidOption, `sharedSource: start() called while ${this.#status.state}`);
    if (typeof navigator === 'undefined' || navigator.locks === undefined || typeof BroadcastChannel === 'undefined') {
      throw new BridgeError(ErrorCode.Unsupported, 'sharedSource needs Web Locks and BroadcastChannel (a secure context: https or localhost)');
    }
    this.#setStatus({ state: 'connecting' });
    const { held = [] } = await navigator.locks.query();
    // Read the stored state and open the channel in one task: every batch is then either in the snapshot or heard.
    const head = this.#log.head();
    if (head !== undefined && head.status.state !== 'ended' && held.some((lock) => lock.name === this.#lockName)) {
      this.#reconcile(head);
      if (head.leader !== undefined) this.#setLeader(head.leader);
    }
    this.#channel = new BroadcastChannel(this.#lockName);
    this.#channel.onmessage = (event: MessageEvent<Message>) => this.#receive(event.data);
    navigator.locks.request(this.#lockName, { signal: this.#lockAbort.signal }, () => this.#lead()).catch((error: unknown) => {
      if (!this.#lockAbort.signal.aborted) this.#fail(error);
    });
    await this.#settled();
  }

  /**
   * Leaves the shared session. In the leader, hands the platform session to a
   * waiting tab, or ends it when no other tab waits.
   */
  async stop(): Promise<void> {
    if (this.#status.state === 'ended') return;
    if (this.#status.state === 'idle') {
      this.#setStatus({ state: 'ended', reason: 'stopped' });
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
        this.#log.write({ ...this.#head(), checkpoint });
      } else {
        const ended: SourceStatus = { state: 'ended', reason: 'stopped' };
        this.#log.write({ ...this.#head(), status: ended, checkpoint: undefined, token: null });
        this.#post({ t: 'status', status: ended });
      }
    }
    this.#finish({ state: 'ended', reason: 'stopped' });
  }

  async execute(command: SourceCommand): Promise<void> {
    if (this.#status.state === 'ended' || this.#status.state === 'idle') {
      throw new BridgeError(ErrorCode.PlatformError, `sharedSource: cannot ${command.action} while ${this.#status.state}`);
    }
    if (this.#leading) {
      if (this.#source === undefined) throw new BridgeError(ErrorCode.PlatformError, `sharedSource: cannot ${command.action}: the platform is not connected yet`);
      return this.#source.execute(command);
    }
    const id = crypto.randomUUID();
    const timedOut = (): BridgeError => new BridgeError(ErrorCode.CommandTimeout, `sharedSource: no leader tab answered ${command.action} within ${this.#commandTimeoutMs} ms`);
    return this.#pending.wait(id, this.#commandTimeoutMs, timedOut, () => this.#post({ t: 'command', id, tab: this.tabId, command }));
  }

  // ---- Leading ----

  /** Runs while this tab holds the lock; resolving releases it. */
  async #lead(): Promise<void> {
    if (this.#lockAbort.signal.aborted || this.#status.state === 'ended') return;
    this.#leading = true;
    this.#rejectPending('leadership moved to this tab before the leader answered');
    this.#post({ t: 'leader', tab: this.tabId });
    this.#setLeader(this.tabId);
    const held = new Promise<void>((resolve) => (this.#release = resolve));
    const head = this.#log.head();
    let from: unknown;
    if (head?.status.state === 'ended' && this.#joined) {
      // The session this tab was part of ended (its last word may still be on its way): no new one from here.
      this.#finish(head.status);
      return;
    }
    if (head !== undefined && head.status.state !== 'ended') {
      // A tab that followed the session catches up batch by batch; a new one (a reload) starts from the state.
      if (head.seq > this.#seq && !(this.#joined && this.#replay(head.seq))) this.#reconcile(head);
      const relayed = this.#lastRelayed;
      from = relayed !== undefined && relayed.seq > head.seq ? relayed.checkpoint : head.checkpoint;
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
        this.#emitter.emit('error', new BridgeError(ErrorCode.PlatformError, `sharedSource: started a new session: ${error instanceof Error ? error.message : String(error)}`));
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
        this.#checkpoint = source.checkpoint;
        this.#setStatus(status);
        this.#log.write(this.#head());
        this.#post({ t: 'status', status });
        if (status.state === 'ended') this.#finish(status);
      }),
      source.on('sessionToken', (token) => {
        if (this.#resuming && token === null) return;
        this.#setToken(token);
        this.#log.write(this.#head());
        this.#post({ t: 'token', token });
      }),
      source.on('error', (error) => {
        this.#emitter.emit('error', error);
        this.#post({ t: 'error', error: toWire(error) });
      }),
    ];
    this.#unwire = () => off.forEach((stop) => stop());
    return source;
  }

  /** A batch from the real source: stored, relayed, then delivered here (decision 2). */
  #publish(events: readonly PlatformEvent[], checkpoint: unknown): void {
    const seq = this.#seq + 1;
    this.#checkpoint = checkpoint;
    this.#apply(seq, events);
    this.#log.write(this.#head(), events);
    this.#post({ t: 'batch', seq, events, checkpoint });
    this.#emitter.emit('events', events);
  }

  #head(): Head {
    return { seq: this.#seq, checkpoint: this.#checkpoint, status: this.#status, token: this.#token, snapshot: this.#state.snapshot(), leader: this.#leader };
  }

  // ---- Following ----

  #receive(message: Message): void {
    switch (message.t) {
      case 'batch':
        if (this.#leading) return;
        this.#lastRelayed = { seq: message.seq, checkpoint: message.checkpoint };
        if (this.#syncing || message.seq <= this.#seq) return;
        if (message.seq > this.#seq + 1 && !this.#replay(message.seq - 1)) {
          this.#syncing = true;
          this.#post({ t: 'sync', tab: this.tabId });
          return;
        }
        this.#apply(message.seq, message.events);
        this.#emitter.emit('events', message.events);
        return;
      case 'status':
        if (this.#leading) return;
        if (message.status.state === 'ended') this.#finish(message.status);
        else this.#setStatus(message.status);
        return;
      case 'token':
        if (!this.#leading) this.#setToken(message.token);
        return;
      case 'error':
        if (!this.#leading) this.#emitter.emit('error', fromWire(message.error));
        return;
      case 'leader':
        this.#rejectPending('the leader tab went away before it answered');
        this.#setLeader(message.tab);
        return;
      case 'command':
        if (this.#leading) void this.#carryOut(message.id, message.tab, message.command);
        return;
      case 'result':
        if (message.tab === this.tabId) this.#pending.settle(message.id, undefined, message.error === undefined ? undefined : fromWire(message.error));
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

  async #carryOut(id: string, tab: string, command: SourceCommand): Promise<void> {
    try {
      await this.execute(command);
      this.#post({ t: 'result', id, tab });
    } catch (error) {
      this.#post({ t: 'result', id, tab, error: toWire(error) });
    }
  }

  /** Delivers the stored batches after this tab's last one up to `to`; false (delivering nothing) if any is gone. */
  #replay(to: number): boolean {
    const batches: (readonly PlatformEvent[])[] = [];
    for (let seq = this.#seq + 1; seq <= to; seq += 1) {
      const events = this.#log.batch(seq);
      if (events === undefined) return false;
      batches.push(events);
    }
    for (const events of batches) {
      this.#apply(this.#seq + 1, events);
      this.#emitter.emit('events', events);
    }
    return true;
  }

  /**
   * Moves this tab to `head`'s state, reporting only the difference
   * (`Mirror.difference`); the token and the status follow.
   */
  #reconcile(head: Head): void {
    const events = this.#state.difference(head.snapshot);
    this.#apply(head.seq, events);
    if (events.length > 0) this.#emitter.emit('events', events);
    this.#setToken(head.token);
    if (head.status.state === 'ended') this.#finish(head.status);
    else this.#setStatus(head.status);
  }

  // ---- Shared ----

  #apply(seq: number, events: readonly PlatformEvent[]): void {
    this.#seq = seq;
    this.#state.apply(events);
  }

  /** Rejects every waiting command: its outcome is unknown, and it is never sent again. */
  #rejectPending(why: string): void {
    this.#pending.clear(() => new BridgeError(ErrorCode.PlatformError, `sharedSource: ${why}; the command may or may not have been carried out`));
  }

  #post(message: Message): void {
    this.#channel?.postMessage(message);
  }

  #setStatus(status: SourceStatus): void {
    if (JSON.stringify(status) === JSON.stringify(this.#status)) return;
    this.#status = status;
    if (status.state === 'online') this.#joined = true;
    this.#emitter.emit('status', status);
    if (status.state === 'online' || status.state === 'ended') for (const settle of this.#settling) settle();
  }

  #setLeader(tab: string): void {
    this.#leader = tab;
    this.#emitter.emit('leader', tab);
  }

  #setToken(token: string | null): void {
    if (token === this.#token) return;
    this.#token = token;
    this.#emitter.emit('sessionToken', token);
  }

  /** Resolves once the session is online; rejects if it ends first. */
  #settled(): Promise<void> {
    return new Promise((resolve, reject) => {
      const settle = (): void => {
        this.#settling.delete(settle);
        const status = this.#status;
        if (status.state === 'ended') reject(new BridgeError(ErrorCode.PlatformError, `sharedSource: the session ended: ${status.reason}`));
        else resolve();
      };
      this.#settling.add(settle);
      if (this.#status.state === 'online' || this.#status.state === 'ended') settle();
    });
  }



  /** Something this tab cannot recover from: it leaves, and says why. */
  #fail(error: unknown): void {
    this.#emitter.emit('error', new BridgeError(ErrorCode.PlatformError, `sharedSource: ${error instanceof Error ? error.message : String(error)}`));
    if (this.#status.state !== 'ended') this.#finish({ state: 'ended', reason: error instanceof Error ? error.message : String(error) });
  }

  /** Ends this tab's part: no lock, no channel, no pending commands. */
  #finish(status: SourceStatus & { state: 'ended' }): void {
    this.#lockAbort.abort();
    this.#unwire?.();
    this.#leading = false;
    this.#release?.();
    this.#channel?.close();
    this.#channel = undefined;
    this.#rejectPending('the session ended');
    this.#setStatus(status);
    this.#setToken(null);
  }
}

/**
 * A `Source` shared by the same-origin tabs of a browser profile: one tab
 * runs the source `createSource` makes, the others follow (see `SharedSource`).
 */
export function sharedSource(createSource: () => Source | Promise<Source>, options: SharedSourceOptions): SharedSource {
  return new SharedSource(createSource, options);
}
