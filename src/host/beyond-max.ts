/**
 * The actions beyond MAX (protocol/actions.ts), as a plug-in of the host:
 * `new BridgeHost({ dialects: [beyondMax()] })`. A desktop that does not
 * install it ships none of this, and its pages are granted no action; a
 * plain MAX page never sees a trace of it either way
 * (docs/protocol.md#actions-beyond-max).
 *
 * Each action is checked in this order, and every refusal is answered with
 * a `CommandResult` and reported on the host's `action` event:
 * 1. the page registered, asking for actions (`ccbridge.actions: true`);
 * 2. its origin's policy grants the action (`policies[origin].actions`);
 * 3. the message's version is one this package speaks;
 * 4. the action's own rules: a dialable number its origin's `dialPatterns`
 *    allow, a wrap-up end only in after-call work, a contact that exists;
 * 5. the origin's budget of requests to the platform (shared with MAX
 *    commands);
 * 6. the controller, which may still refuse (toll fraud is the desktop's
 *    to judge: the agent may have to confirm a dial).
 */
import { ACTION_TYPES, ACTION_VERSIONS, CONTACT_DATA_KEY, CONTACT_DATA_MAX_KEYS, AgentStateOptions, WrapUpOptions, actionMessageType, dialable, grantOf, parseActionMessage } from '../protocol/actions.js';
import type { ActionMessage, ActionMessageType, ActionName, ActionRequest, Conference, Transfer } from '../protocol/actions.js';
import type { CommandResult } from '../protocol/envelope.js';
import { BridgeError, ErrorCode, Refusal } from '../protocol/errors.js';
import { describeIssues } from '../protocol/events.js';
import type { ContactEvent } from '../protocol/events.js';
import { contactIdOf, isTrue, toContactId } from '../protocol/rules.js';
import { read } from '../protocol/shape.js';
import type { Source } from '../sources/source.js';
import type { Dialect, DialectContext, DialectFactory } from './dialect.js';
import type { ActionReport } from './types.js';

/** Who asked for an action beyond MAX: the page's origin and issuer, and its message. */
export interface ActionContext {
  readonly origin: string;
  readonly issuer: string | undefined;
  readonly messageType: ActionMessageType;
}

/**
 * Carries out an action beyond MAX on the platform (a dial, an agent state).
 * It may refuse: a rejected promise or a throw refuses the action
 * (`CONTROLLER_FAILED`, with the error's message as the detail). This is
 * where a desktop puts its own rules (the agent must confirm a dial, no
 * dialling while on a call…).
 */
export type ActionController = (request: ActionRequest, context: ActionContext) => void | Promise<unknown>;

/** Options of `beyondMax()`. */
export interface BeyondMaxOptions {
  /**
   * Carries out the actions, once the host has checked them. Default: the
   * attached source (`source.execute`, and its lists for the queries); with
   * neither, every action is refused `NO_CONTROLLER`.
   */
  readonly controller?: ActionController;
}

/** The actions beyond MAX, for `BridgeHostOptions.dialects`: pages whose origin's policy grants them may dial, set the agent's state and end wrap-up. */
export function beyondMax(options: BeyondMaxOptions = {}): DialectFactory {
  return (context): Dialect => {
    const act = (window: Window, origin: string, message: ActionMessage): void => {
      const { messageType, issuer } = message;
      const requestId = message.ccbridge.requestId;
      const answered = context.firstRequest(window, origin, messageType, requestId);
      if (answered === false) return;
      const finish = (request: ActionRequest | null, refusal: Refusal | null, detail?: string, data?: unknown): void => {
        const report: ActionReport = {
          origin,
          issuer,
          messageType,
          request,
          refusal,
          ...(detail === undefined ? {} : { detail }),
        };
        context.emit('action', report);
        const result: CommandResult = {
          messageType: 'CommandResult',
          requestId,
          status: refusal === null ? 'OK' : 'REFUSED',
          contactId: null,
          action: (request?.action ?? null) as ActionName | null,
          refusal,
          ...(detail === undefined ? {} : { detail }),
          ...(data === undefined ? {} : { data }),
        };
        const answer = (): void => context.post(window, result);
        answered?.(answer);
        answer();
      };
      const refuse = (refusal: Refusal, detail: string, request: ActionRequest | null = null): void => {
        context.log.once(`${origin}|${refusal}|${messageType}`, 'warn', refusal, `${messageType} from ${origin} refused: ${detail}`);
        finish(request, refusal, detail);
      };
      const page = context.page(window);
      if (page === undefined) return refuse(Refusal.NotRegistered, 'register first, asking for actions');
      if (!Array.isArray(page.extensions?.actions)) return refuse(Refusal.NotPermitted, 'not asked for at registration (ccbridge.actions)');
      const policy = context.policyFor(origin);
      if (!policy.actions.has(grantOf(messageType))) return refuse(Refusal.NotPermitted, `the origin is not granted ${grantOf(messageType)}`);
      if (message.version > ACTION_VERSIONS[messageType]) return refuse(Refusal.UnsupportedVersion, `this desktop speaks ${messageType} version ${ACTION_VERSIONS[messageType]}, not ${message.version}`);
      const checked = actionRequest(context, origin, message);
      if ('refusal' in checked) return refuse(checked.refusal, checked.detail);
      const request = checked;
      const controller = options.controller ?? sourceController(context.source());
      if (controller === undefined) return refuse(Refusal.NoController, 'no controller for actions', request);
      if (!context.spend(origin)) return refuse(Refusal.RateLimited, 'over its budget of commands to the platform', request);
      const failed = (error: unknown): void => {
        const why = error instanceof Error ? error.message : String(error);
        context.log.once(`${origin}|${Refusal.ControllerFailed}|${request.action}`, 'warn', Refusal.ControllerFailed, `the controller failed to ${request.action}: ${why}`);
        finish(request, Refusal.ControllerFailed, why);
      };
      // A query's answer is checked against its statement before a page sees it.
      const done = (value: unknown): void => {
        if (request.action !== 'wrapUpOptions' && request.action !== 'agentStateOptions') return finish(request, null);
        const options = request.action === 'wrapUpOptions' ? read(WrapUpOptions, value) : read(AgentStateOptions, value);
        if (options === undefined) return failed(new Error(`the controller's ${request.action} do not fit their statement`));
        finish(request, null, undefined, options);
      };
      try {
        const outcome = controller(request, { origin, issuer, messageType });
        if (outcome instanceof Promise) outcome.then(done, failed);
        else done(outcome);
      } catch (error) {
        failed(error);
      }
    };
    return {
      actions: ACTION_TYPES,
      receive(window, origin, data) {
        const type = actionMessageType(data);
        if (type === undefined) return false;
        const parsed = parseActionMessage(data);
        if (parsed.success) act(window, origin, parsed.data);
        else context.reject(origin, Refusal.MalformedMessage, `invalid ${type}: ${describeIssues(parsed.issues)}`, 'warn', type);
        return true;
      },
      deliver() {},
      dispose() {},
    };
  };
}

/** What the controller is asked, by the action's own rules; or why not. */
function actionRequest(context: DialectContext, origin: string, message: ActionMessage): ActionRequest | Refused {
  const policy = context.policyFor(origin);
  const state = context.current();
  const visible = (contact: ContactEvent | undefined): boolean => contact !== undefined && (policy.events === undefined || policy.events(contact));
  // A number a page may have the platform call: a dial's, a transfer's (toll fraud goes both ways).
  const number = (text: string | undefined): string | Refused => {
    const phoneNumber = text === undefined ? undefined : dialable(text);
    if (phoneNumber === undefined)
      return {
        refusal: Refusal.InvalidNumber,
        detail: 'not a number: an optional + and 2 to 20 digits',
      };
    if (policy.dialPatterns !== undefined && !policy.dialPatterns.some((pattern) => pattern.test(phoneNumber))) {
      return {
        refusal: Refusal.InvalidNumber,
        detail: 'the number is not one the origin may dial (its dialPatterns)',
      };
    }
    return phoneNumber;
  };
  switch (message.messageType) {
    case 'Dial': {
      const phoneNumber = number(message.phoneNumber);
      if (typeof phoneNumber !== 'string') return phoneNumber;
      return {
        action: 'dial',
        phoneNumber,
        ...(message.skill === undefined ? {} : { skill: message.skill }),
        ...(message.variables === undefined ? {} : { variables: message.variables }),
      };
    }
    case 'Transfer':
    case 'Conference':
      return transferRequest(message, state, visible, number);
    case 'SetContactData': {
      // A current contact: the one named, else the only call.
      const wanted = message.contactId === undefined || message.contactId === null ? null : toContactId(message.contactId);
      const contacts = state.contacts.filter((contact) => visible(contact) && (wanted === null ? contact.Type === 'CallContactEvent' : contactIdOf(contact) === wanted));
      const contact = contacts.length === 1 ? contacts[0] : undefined;
      if (contact === undefined) return contacts.length === 0 ? { refusal: Refusal.NoSuchContact, detail: 'no such contact' } : { refusal: Refusal.AmbiguousContact, detail: `${contacts.length} calls qualify; send a contactId` };
      const keys = Object.keys(message.data);
      const { contactDataKeys } = policy;
      const refused = keys.filter((key) => !CONTACT_DATA_KEY.test(key) || (contactDataKeys !== 'any' && !contactDataKeys.has(key)));
      if (refused.length > 0) return { refusal: Refusal.NotPermitted, detail: `the origin may not write ${refused.join(', ')}` };
      if (keys.length === 0 || keys.length > CONTACT_DATA_MAX_KEYS) return { refusal: Refusal.NotPermitted, detail: `1 to ${CONTACT_DATA_MAX_KEYS} keys` };
      return { action: 'setContactData', contactId: contactIdOf(contact) as number, data: message.data };
    }
    case 'SetAgentState':
      return {
        action: 'setState',
        state: message.state,
        ...(message.reason === undefined || message.reason === '' ? {} : { reason: message.reason }),
      };
    case 'GetAgentStateOptions':
      return { action: 'agentStateOptions' };
    case 'GetWrapUpOptions': {
      // A current contact, or the one that ended last; its skill's lists.
      const ended = state.lastEnded;
      const requested = message.contactId === undefined || message.contactId === null ? null : toContactId(message.contactId);
      const contact = requested === null ? ended : state.contact(requested) ?? (ended !== undefined && contactIdOf(ended) === requested ? ended : undefined);
      const contactId = contact === undefined ? null : contactIdOf(contact);
      if (contact === undefined || contactId === null || !visible(contact)) return { refusal: Refusal.NoSuchContact, detail: 'no such contact' };
      const skill = contact['Skill'];
      if (typeof skill !== 'string' && typeof skill !== 'number')
        return {
          refusal: Refusal.NoSuchContact,
          detail: `contact ${contactId} has no skill`,
        };
      return { action: 'wrapUpOptions', contactId, skill: String(skill) };
    }
    case 'EndWrapUp': {
      // After-call work: the agent's state says so, and it is for the contact that ended last.
      if (!isTrue(state.agentState?.['IsAcw']))
        return {
          refusal: Refusal.InvalidInState,
          detail: 'the agent is not in after-call work',
        };
      const ended = state.lastEnded;
      const endedId = ended === undefined ? null : contactIdOf(ended);
      const wanted = message.contactId === undefined || message.contactId === null ? endedId : toContactId(message.contactId);
      if (ended === undefined || endedId === null || wanted !== endedId || !visible(ended))
        return {
          refusal: Refusal.NoSuchContact,
          detail: 'not the contact in after-call work',
        };
      const skill = ended['Skill'];
      return {
        action: 'endWrapUp',
        contactId: endedId,
        ...(typeof skill === 'string' || typeof skill === 'number' ? { skill: String(skill) } : {}),
        ...(message.dispositionId === undefined ? {} : { dispositionId: message.dispositionId }),
        ...(message.notes === undefined || message.notes === '' ? {} : { notes: message.notes }),
        ...(message.tags === undefined || message.tags.length === 0 ? {} : { tags: [...new Set(message.tags)] }),
      };
    }
  }
}

/** Why an action is refused before it reaches the controller. */
interface Refused {
  readonly refusal: Refusal;
  readonly detail: string;
}

/** Why a call that is not answered is refused. */
const unanswered = (call: ContactEvent): string => `call ${String(call.ContactID)} is ${String(call.Status)}, not answered`;

/** Statuses of a call the agent has answered and may transfer. */
const TRANSFERABLE: readonly unknown[] = ['Active', 'Holding'];

/**
 * A transfer or conference by the state's rules, which hold on every
 * platform: a blind or consult transfer starts from the agent's only call,
 * answered (active or held); `complete`, `cancel` and `Conference` need a
 * consult in progress, that is two calls, the caller's and the consult
 * call; a conference needs the consulted party to have answered.
 */
function transferRequest(message: Transfer | Conference, state: ReturnType<DialectContext['current']>, visible: (contact: ContactEvent | undefined) => boolean, number: (text: string | undefined) => string | Refused): ActionRequest | Refused {
  const calls = state.contacts.filter((contact) => contact.Type === 'CallContactEvent');
  const requested = message.contactId === undefined || message.contactId === null ? null : toContactId(message.contactId);
  const named = requested === null ? undefined : calls.find((call) => contactIdOf(call) === requested);
  if (requested !== null && !visible(named)) return { refusal: Refusal.NoSuchContact, detail: 'no such call' };
  const mode = message.messageType === 'Conference' ? 'conference' : message.mode;
  if (mode === 'blind' || mode === 'consult') {
    const phoneNumber = number(message.messageType === 'Transfer' ? message.phoneNumber : undefined);
    if (typeof phoneNumber !== 'string') return phoneNumber;
    const answered = calls.filter((call) => TRANSFERABLE.includes(call.Status) && visible(call));
    const caller = named ?? (answered.length === 1 ? answered[0] : undefined);
    if (caller === undefined)
      return answered.length === 0
        ? {
            refusal: Refusal.NoSuchContact,
            detail: 'no answered call to transfer',
          }
        : {
            refusal: Refusal.AmbiguousContact,
            detail: `${answered.length} calls qualify; send a contactId`,
          };
    const contactId = contactIdOf(caller) as number;
    if (!TRANSFERABLE.includes(caller.Status))
      return {
        refusal: Refusal.InvalidInState,
        detail: unanswered(caller),
      };
    if (calls.length > 1)
      return {
        refusal: Refusal.InvalidInState,
        detail: 'a consult is in progress',
      };
    return {
      action: 'transfer',
      mode,
      contactId,
      phoneNumber,
      held: caller.Status === 'Holding',
    };
  }
  if (calls.length !== 2)
    return {
      refusal: Refusal.InvalidInState,
      detail: 'no consult in progress',
    };
  // The caller: the call named, else the one on hold while the agent consults.
  const held = calls.filter((call) => call.Status === 'Holding');
  const caller = named ?? (held.length === 1 ? held[0] : undefined);
  if (caller === undefined)
    return {
      refusal: Refusal.AmbiguousContact,
      detail: '2 calls qualify; send a contactId',
    };
  const consult = calls.find((call) => call !== caller) as ContactEvent;
  if (!visible(caller) || !visible(consult)) return { refusal: Refusal.NoSuchContact, detail: 'no such call' };
  const contactId = contactIdOf(caller) as number;
  const consultId = contactIdOf(consult) as number;
  if (mode === 'conference') {
    if (consult.Status !== 'Active')
      return {
        refusal: Refusal.InvalidInState,
        detail: unanswered(consult),
      };
    return { action: 'conference', contactId, consultId };
  }
  return { action: 'transfer', mode, contactId, consultId };
}

/** The attached source as the controller of actions (`Source.act`). */
function sourceController(source: Source | undefined): ActionController | undefined {
  return source === undefined ? undefined : (request) => source.act?.(request) ?? Promise.reject(new BridgeError(ErrorCode.Unsupported, 'the source carries out no actions'));
}
