/**
 * A follower tab's commands and actions beyond MAX (whose answers, the
 * platform's lists, come back as values), carried out by the leader (decision 6 of
 * shared-source.ts): the follower posts each with an id and waits; the
 * leader carries it out and posts the result or the error to that tab only.
 * If leadership moves before the answer, the command rejects: it may or may
 * not have reached the platform, and it is never sent twice.
 */
import { Pending } from '../../common/pending.js';
import { BridgeError, ErrorCode } from '../../protocol/errors.js';
import type { ActionRequest } from '../../protocol/actions.js';
import type { SourceCommand } from '../source.js';
import { fromWire, toWire } from './channel.js';
import type { Message } from './channel.js';

export class CommandRelay {
  readonly #pending = new Pending<string, unknown>();

  constructor(
    readonly tabId: string,
    readonly timeoutMs: number,
    readonly post: (message: Message) => void,
  ) {}

  /** In a follower: asks the leader to carry out `command`; settles with its answer. */
  async send(command: SourceCommand): Promise<void> {
    await this.#ask(command.action, (id) => ({ t: 'command', id, tab: this.tabId, command }));
  }

  /** In a follower: asks the leader to carry out an action beyond MAX; settles with its answer (a list, for a query). */
  act(request: ActionRequest): Promise<unknown> {
    return this.#ask(request.action, (id) => ({ t: 'act', id, tab: this.tabId, request }));
  }

  #ask(action: string, message: (id: string) => Message): Promise<unknown> {
    const id = crypto.randomUUID();
    const timedOut = (): BridgeError => new BridgeError(ErrorCode.CommandTimeout, `sharedSource: no leader tab answered ${action} within ${this.timeoutMs} ms`);
    return this.#pending.wait(id, this.timeoutMs, timedOut, () => this.post(message(id)));
  }

  /** In the leader: carries out a follower's command or action and answers that tab, with the action's value. */
  async carryOut(message: Extract<Message, { t: 'command' | 'act' }>, carry: () => Promise<unknown>): Promise<void> {
    const { id, tab } = message;
    try {
      const value = await carry();
      this.post({ t: 'result', id, tab, ...(value === undefined ? {} : { value }) });
    } catch (error) {
      this.post({ t: 'result', id, tab, error: toWire(error) });
    }
  }

  /** In a follower: the leader's answer, if it is for this tab. */
  answered(message: Extract<Message, { t: 'result' }>): void {
    if (message.tab === this.tabId) this.#pending.settle(message.id, message.value, message.error === undefined ? undefined : fromWire(message.error));
  }

  /** Rejects every waiting command: its outcome is unknown, and it is never sent again. */
  rejectAll(why: string): void {
    this.#pending.clear(() => new BridgeError(ErrorCode.PlatformError, `sharedSource: ${why}; the command may or may not have been carried out`));
  }
}
