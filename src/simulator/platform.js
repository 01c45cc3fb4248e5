// @ts-check
/**
 * The simulated contact-center platform: one agent, its calls, and the
 * agent sessions that watch it. Everything that happens is an event in the
 * inContact/CXone vocabulary, appended to every live session's log; the HTTP
 * and websocket faces (server.js, xuc.js) only read and drive this.
 *
 * Sessions use cursors: the session id a poll returns is `<base>~<cursor>`,
 * and a poll with it gets the events after that cursor. A client that retries
 * a lost poll with its old id gets the same events again (nothing lost); one
 * that keeps polling with a stale id gets duplicates, which tests catch.
 */

/** @import { PlatformEvent } from '../protocol/events.js' */
/** @typedef {{ status: number, body?: unknown }} PollResult */
import { Session } from './session.js';
import { DEFAULT_SKILLS, Skills } from './skills.js';

export class Platform {
  /** @param {{ now?: () => Date, acwMs?: number, screenPopUrl?: (contactId: number) => string, skills?: Skills }} [options] */
  constructor(options = {}) {
    this.now = options.now ?? (() => new Date());
    /** The skills calls are offered on (skills.js). */
    this.skills = options.skills ?? new Skills(DEFAULT_SKILLS);
    /** The platform's screen pop for a call (CXone `ScreenPopUrl`, XUC `Sheet`). */
    this.screenPopUrl = options.screenPopUrl ?? (() => '');
    this.acwMs = options.acwMs ?? 10_000;
    this.muted = false;
    /** @type {Map<string, Session>} */
    this.sessions = new Map();
    /** @type {Map<number, PlatformEvent>} latest event of each current contact */
    this.contacts = new Map();
    /** @type {PlatformEvent} */
    this.agentState = this.#agentEvent('Available', '');
    this.nextContactId = 2_000_001;
    /** @type {Set<(events: readonly PlatformEvent[]) => void>} */
    this.listeners = new Set();
    /** @type {Set<ReturnType<typeof setTimeout>>} */
    this.timers = new Set();
    /** @type {PlatformEvent | undefined} the final event of the contact that ended last: the one after-call work is for */
    this.lastEnded = undefined;
    /** @type {Array<{ contactId: number, dispositionId: number, notes: string }>} the dispositions saved, in order */
    this.dispositions = [];
    /** @type {Array<{ contactId: number, tags: number[] }>} the tags saved on contacts, in order */
    this.tagged = [];
    /** @type {{ contactId: number, to: string }[]} the calls transferred, in order (blind, or a consult completed) */
    this.transfers = [];
    /** @type {{ contactIds: number[] }[]} the consults joined in conference */
    this.conferences = [];
    /** @type {Map<number, Record<string, string>>} the data attached to each contact (SetContactData) */
    this.contactData = new Map();
    /** @type {Set<string>} numbers whose outbound calls ring and end unanswered (`/sim/unanswered`) */
    this.unanswered = new Set();
  }

  // ---- Sessions ----

  startSession() {
    const base = `sim${Math.random().toString(36).slice(2, 10)}${Date.now().toString(36)}`;
    const session = new Session(base);
    this.sessions.set(base, session);
    session.push([
      { Type: 'AgentSessionStart', SessionId: base, IsTestSession: 'True' },
      this.agentState,
      ...this.contacts.values(),
    ]);
    return session;
  }

  /**
   * Parses `<base>` or `<base>~<cursor>`.
   * @param {string} id
   * @returns {{ session: Session | undefined, cursor: number }}
   */
  locate(id) {
    const [base = '', cursorText] = id.split('~');
    const cursor = cursorText === undefined ? 0 : Number(cursorText);
    return { session: this.sessions.get(base), cursor: Number.isSafeInteger(cursor) && cursor >= 0 ? cursor : 0 };
  }

  /**
   * Ends a session: `AgentSessionEnd`, or `RemoteAgentSessionEnd` when it was
   * ended from elsewhere (a supervisor, another login).
   * @param {Session} session
   * @param {boolean} [remote]
   */
  endSession(session, remote = false) {
    session.push([{ Type: remote ? 'RemoteAgentSessionEnd' : 'AgentSessionEnd', SessionId: session.base }]);
  }

  /** The agent's live session, for `agent-sessions/join`: the latest that has not ended. */
  liveSession() {
    return [...this.sessions.values()].reverse().find((session) => !session.ended);
  }

  /**
   * Mutes or unmutes the agent's phone (agent-wide; CXone reports it with a
   * `Mute` event, never on a call).
   * @param {boolean} muted
   */
  setMuted(muted) {
    this.muted = muted;
    this.emit([{ Type: 'Mute', AgentMuted: muted ? 'True' : 'False' }]);
  }

  /**
   * Long poll: resolves at once with the events after the cursor, or when one
   * arrives, or after `timeoutSeconds` with 304.
   * @param {Session} session
   * @param {number} cursor
   * @param {number} timeoutSeconds
   * @param {AbortSignal} signal aborted when the client goes away
   * @returns {Promise<PollResult>}
   */
  poll(session, cursor, timeoutSeconds, signal) {
    const ready = () => {
      const events = session.after(cursor);
      if (events.length > 0) return { status: 200, body: { sessionId: `${session.base}~${session.end}`, events } };
      if (session.ended) return { status: 409, body: { error: 'the agent session has ended' } };
      return undefined;
    };
    const now = ready();
    if (now !== undefined || timeoutSeconds === 0) return Promise.resolve(now ?? { status: 304 });
    return new Promise((resolve) => {
      const done = (/** @type {PollResult} */ result) => {
        clearTimeout(timer);
        session.waiters.delete(wake);
        signal.removeEventListener('abort', abort);
        resolve(result);
      };
      const wake = () => {
        const result = ready();
        if (result !== undefined) done(result);
      };
      const abort = () => done({ status: 499 });
      const timer = setTimeout(() => done({ status: 304 }), timeoutSeconds * 1000);
      session.waiters.add(wake);
      signal.addEventListener('abort', abort, { once: true });
    });
  }

  // ---- Events ----

  /** @param {readonly PlatformEvent[]} events */
  emit(events) {
    if (events.length === 0) return;
    for (const session of this.sessions.values()) session.push(events);
    for (const listener of this.listeners) listener(events);
  }

  /** @param {(events: readonly PlatformEvent[]) => void} listener */
  subscribe(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---- The agent and its calls ----

  /**
   * @param {string} state
   * @param {string} reason
   * @returns {PlatformEvent}
   */
  #agentEvent(state, reason, acw = false) {
    return {
      Type: 'AgentState',
      CurrentState: state,
      CurrentOutReason: reason,
      StartTimeUTC: this.now().toISOString(),
      NextStates: [{ State: 'Available', OutReason: '' }],
      IsAcw: acw ? 'True' : 'False',
      NextIsAcw: 'False',
      ...(acw ? { AcwTimeout: Math.round(this.acwMs / 1000) } : {}),
      IsOutbound: 'False',
    };
  }

  /**
   * @param {string} state
   * @param {string} [reason]
   */
  setAgentState(state, reason = '') {
    this.agentState = this.#agentEvent(state, reason);
    this.emit([this.agentState]);
  }

  /**
   * The agent's state after its contacts changed: on a contact while one is
   * current, in after-call work once the last one ends, then available.
   * Returns the new agent state event, or `undefined` when it is unchanged.
   * @returns {PlatformEvent | undefined}
   */
  #followContacts() {
    const state = String(this.agentState.CurrentState);
    if (state === 'LoggedOut') return undefined;
    const contacts = [...this.contacts.values()];
    if (contacts.length > 0) {
      const busy = contacts.some((contact) => contact.IsInbound !== 'False') ? 'InboundContact' : 'OutboundContact';
      if (state === busy) return undefined;
      this.agentState = this.#agentEvent(busy, '');
      return this.agentState;
    }
    if (state !== 'InboundContact' && state !== 'OutboundContact') return undefined;
    const acw = (this.agentState = this.#agentEvent('Unavailable', '', true));
    this.later(this.acwMs, () => {
      if (this.agentState === acw) this.setAgentState('Available');
    });
    return acw;
  }

  /**
   * Offers a call to the agent.
   * @param {{ ani?: string, dnis?: string, skill?: string, inbound?: boolean, status?: string }} [call]
   */
  offerCall(call = {}) {
    const contactId = this.nextContactId++;
    const time = this.now().toISOString();
    /** @type {PlatformEvent} */
    const event = {
      Type: 'CallContactEvent',
      ContactID: contactId,
      MasterID: contactId,
      MediaType: 'PhoneCall',
      Status: call.status ?? 'Incoming',
      ANI: call.ani ?? `555${String(contactId).slice(-7)}`,
      DNIS: call.dnis ?? '8005550100',
      // A skill id, as on CXone (the name is looked up elsewhere).
      Skill: this.skills.idOf(call.skill ?? 'Sales'),
      IsInbound: call.inbound === false ? 'False' : 'True',
      StartTimeUTC: time,
      LastStateChangeTimeUTC: time,
      FinalState: 'False',
      ScreenPopUrl: this.screenPopUrl(contactId),
      IsLogging: 'False',
    };
    this.contacts.set(contactId, event);
    const agent = this.#followContacts();
    this.emit(agent === undefined ? [event] : [event, agent]);
    return contactId;
  }

  /**
   * Emits the contact's next state (and forgets it once final).
   * @param {number} contactId
   * @param {Record<string, unknown>} changes
   */
  updateContact(contactId, changes) {
    const current = this.contacts.get(contactId);
    if (current === undefined) return undefined;
    /** @type {PlatformEvent} */
    const event = { ...current, ...changes, LastStateChangeTimeUTC: this.now().toISOString() };
    if (event.Status === 'Disconnected' && event.FinalState === 'True') {
      this.contacts.delete(contactId);
      this.lastEnded = event;
    } else this.contacts.set(contactId, event);
    const agent = this.#followContacts();
    this.emit(agent === undefined ? [event] : [event, agent]);
    return event;
  }

  /**
   * The caller (or the platform) ends the contact. The final event says who:
   * `DisconnectCode` (a field of CXone's CallContactEvent) is `CallerDisconnect`
   * here and `AgentDisconnect` when the agent ended it (`contactAction`).
   * @param {number} contactId
   */
  endContact(contactId) {
    return this.updateContact(contactId, { Status: 'Disconnected', FinalState: 'True', DisconnectCode: 'CallerDisconnect' });
  }

  /**
   * A contact action, as the REST API and the XUC commands request it.
   * Returns an error text when it is not valid now.
   * @param {number} contactId
   * @param {string} action
   * @returns {{ ok: true } | { ok: false, status: number, error: string }}
   */
  contactAction(contactId, action) {
    const contact = this.contacts.get(contactId);
    if (contact === undefined) return { ok: false, status: 404, error: `no current contact ${contactId}` };
    const status = contact.Status;
    /** @type {Record<string, [readonly unknown[], Record<string, unknown>]>} */
    const transitions = {
      accept: [['Incoming', 'Ringing'], { Status: 'Active' }],
      reject: [['Incoming', 'Ringing'], { Status: 'Disconnected', FinalState: 'True', DisconnectCode: 'AgentDisconnect' }],
      hold: [['Active'], { Status: 'Holding' }],
      resume: [['Holding'], { Status: 'Active' }],
      mask: [['Active'], { Status: 'Masking' }],
      unmask: [['Masking'], { Status: 'Active' }],
      record: [['Active', 'Holding', 'Masking'], { IsLogging: 'True' }],
      'stop-record': [['Active', 'Holding', 'Masking'], { IsLogging: 'False' }],
      end: [['Active', 'Holding', 'Masking', 'Dialing', 'Incoming', 'Ringing'], { Status: 'Disconnected', FinalState: 'True', DisconnectCode: 'AgentDisconnect' }],
    };
    const transition = Object.hasOwn(transitions, action) ? transitions[action] : undefined;
    if (transition === undefined) return { ok: false, status: 404, error: `unknown action ${action}` };
    const [from, changes] = transition;
    if (!from.includes(status)) return { ok: false, status: 400, error: `${action} is not valid while the contact is ${String(status)}` };
    if (action === 'record' && contact.IsLogging === 'True') return { ok: false, status: 400, error: 'already recording' };
    if (action === 'stop-record' && contact.IsLogging !== 'True') return { ok: false, status: 400, error: 'not recording' };
    this.updateContact(contactId, changes);
    return { ok: true };
  }

  /**
   * Saves a disposition on the contact in after-call work, which ends it: the
   * agent becomes available (docs/simulator.md). Refused outside after-call
   * work, for another contact, or with a disposition its skill does not have.
   * @param {number} contactId
   * @param {unknown} dispositionId
   * @param {unknown} notes
   * @returns {{ ok: true } | { ok: false, status: number, error: string }}
   */
  saveDisposition(contactId, dispositionId, notes) {
    if (this.agentState.IsAcw !== 'True') return { ok: false, status: 400, error: 'the agent is not in after-call work' };
    if (this.lastEnded === undefined || Number(this.lastEnded.ContactID) !== contactId) return { ok: false, status: 404, error: `contact ${contactId} is not in after-call work` };
    if (typeof dispositionId !== 'number' || !Number.isInteger(dispositionId)) return { ok: false, status: 400, error: 'primaryDispositionId must be an integer' };
    if (notes !== undefined && typeof notes !== 'string') return { ok: false, status: 400, error: 'primaryDispositionNotes must be a string' };
    const skill = this.skills.byId.get(Number(this.lastEnded.Skill));
    if (!(skill?.dispositions ?? []).some((disposition) => disposition.dispositionId === dispositionId)) {
      return { ok: false, status: 400, error: `disposition ${dispositionId} is not one of skill ${String(this.lastEnded.Skill)}'s` };
    }
    this.dispositions.push({ contactId, dispositionId, notes: notes ?? '' });
    this.setAgentState('Available');
    return { ok: true };
  }

  /**
   * Tags a contact, current or in after-call work, with tags of its skill (as
   * NICE's SDK saves them, apart from the disposition).
   * @param {number} contactId
   * @param {unknown} tags
   * @returns {{ ok: true } | { ok: false, status: number, error: string }}
   */
  tagContact(contactId, tags) {
    const contact = this.contacts.get(contactId) ?? (this.lastEnded !== undefined && Number(this.lastEnded.ContactID) === contactId ? this.lastEnded : undefined);
    if (contact === undefined) return { ok: false, status: 404, error: `no contact ${contactId}` };
    if (!Array.isArray(tags) || tags.length === 0 || !tags.every((tag) => Number.isInteger(tag))) return { ok: false, status: 400, error: 'tags must be a non-empty array of tag ids' };
    const skill = this.skills.byId.get(Number(contact.Skill));
    const known = new Set((skill?.tags ?? []).map((tag) => tag.tagId));
    const unknown = tags.filter((tag) => !known.has(tag));
    if (unknown.length > 0) return { ok: false, status: 400, error: `tag ${unknown.join(', ')} is not one of skill ${String(contact.Skill)}'s` };
    this.tagged.push({ contactId, tags: [...tags] });
    return { ok: true };
  }

  /**
   * An outbound call: Dialing, then Active after `answerMs` (or, to a number
   * of `/sim/unanswered`, Disconnected unanswered).
   * @param {string} phoneNumber
   * @param {string} skillName a skill name (v12.0) or id (v23.0)
   * @param {number} answerMs
   */
  dial(phoneNumber, skillName, answerMs) {
    const contactId = this.offerCall({ ani: phoneNumber, skill: skillName || 'Outbound', inbound: false, status: 'Dialing' });
    this.later(answerMs, () => {
      if (this.contacts.get(contactId)?.Status !== 'Dialing') return;
      // A number told to fail rings, then ends without an answer.
      this.updateContact(contactId, this.unanswered.has(phoneNumber) ? { Status: 'Disconnected', FinalState: 'True' } : { Status: 'Active' });
    });
    return contactId;
  }

  /**
   * Attaches key/values to a current contact: kept per contact (`/sim/state`
   * `contactData`) and carried on its next event as `CustomData`
   * (`key=value|…`, the form CXone's custom-data request takes).
   * @param {number} contactId
   * @param {Record<string, string>} data
   * @returns {{ ok: true } | { ok: false, status: number, error: string }}
   */
  setContactData(contactId, data) {
    if (!this.contacts.has(contactId)) return { ok: false, status: 404, error: `no current contact ${contactId}` };
    const merged = { ...this.contactData.get(contactId), ...data };
    this.contactData.set(contactId, merged);
    this.updateContact(contactId, { CustomData: Object.entries(merged).map(([key, value]) => `${key}=${value}`).join('|') });
    return { ok: true };
  }

  /** The agent's current calls. */
  #calls() {
    return [...this.contacts.values()].filter((contact) => contact.Type === 'CallContactEvent');
  }

  /**
   * A consult: the agent's only call is held (if it was active) and a second,
   * outbound call is placed to `phoneNumber` on the same skill (Dialing, then
   * Active after `answerMs`). With no answered call, or a consult already in
   * progress, it is refused.
   * @param {string} phoneNumber
   * @param {number} answerMs
   * @returns {{ ok: true, contactId: number } | { ok: false, status: number, error: string }}
   */
  consult(phoneNumber, answerMs) {
    const calls = this.#calls();
    if (calls.length !== 1) return { ok: false, status: 400, error: calls.length === 0 ? 'no call to consult from' : 'a consult is already in progress' };
    const call = /** @type {PlatformEvent} */ (calls[0]);
    const contactId = Number(call.ContactID);
    if (call.Status === 'Active') this.updateContact(contactId, { Status: 'Holding' });
    else if (call.Status !== 'Holding') return { ok: false, status: 400, error: `contact ${contactId} is ${String(call.Status)}: answer it first` };
    return { ok: true, contactId: this.dial(phoneNumber, String(call.Skill ?? ''), answerMs) };
  }

  /**
   * The consult in progress: the held call (the caller) and the other one.
   * @returns {{ caller: PlatformEvent, consult: PlatformEvent } | undefined}
   */
  #consultPair() {
    const calls = this.#calls();
    const caller = calls.find((call) => call.Status === 'Holding');
    const consult = calls.find((call) => call !== caller);
    return calls.length === 2 && caller !== undefined && consult !== undefined ? { caller, consult } : undefined;
  }

  /**
   * Completes the consult (CXone `transfer-calls`, XUC `completeTransfer`):
   * the caller and the consulted party stay connected, and both calls leave
   * the agent, who goes to after-call work.
   * @returns {{ ok: true } | { ok: false, status: number, error: string }}
   */
  transferCalls() {
    const pair = this.#consultPair();
    if (pair === undefined) return { ok: false, status: 400, error: 'no consult to transfer: a held call and a second call are needed' };
    const transferred = { Status: 'Disconnected', FinalState: 'True', DisconnectCode: 'AgentDisconnect' };
    this.updateContact(Number(pair.consult.ContactID), transferred);
    this.updateContact(Number(pair.caller.ContactID), transferred);
    this.transfers.push({ contactId: Number(pair.caller.ContactID), to: String(pair.consult.ANI) });
    return { ok: true };
  }

  /**
   * A blind transfer (XUC `directTransfer`): the agent's answered call goes
   * to `phoneNumber` and leaves the agent.
   * @param {string} phoneNumber
   * @returns {{ ok: true } | { ok: false, status: number, error: string }}
   */
  blindTransfer(phoneNumber) {
    const calls = this.#calls();
    const call = calls.length === 1 ? calls[0] : undefined;
    if (call === undefined || (call.Status !== 'Active' && call.Status !== 'Holding')) return { ok: false, status: 400, error: 'no answered call to transfer' };
    this.updateContact(Number(call.ContactID), { Status: 'Disconnected', FinalState: 'True', DisconnectCode: 'AgentDisconnect' });
    this.transfers.push({ contactId: Number(call.ContactID), to: phoneNumber });
    return { ok: true };
  }

  /**
   * Joins the consult (CXone `conference-calls`, XUC `conference`): the
   * held caller is back, with the consulted party, who must have answered.
   * @returns {{ ok: true } | { ok: false, status: number, error: string }}
   */
  conferenceCalls() {
    const pair = this.#consultPair();
    if (pair === undefined) return { ok: false, status: 400, error: 'no consult to conference: a held call and a second call are needed' };
    if (pair.consult.Status !== 'Active') return { ok: false, status: 400, error: 'the consulted party has not answered' };
    this.updateContact(Number(pair.caller.ContactID), { Status: 'Active' });
    this.conferences.push({ contactIds: [Number(pair.caller.ContactID), Number(pair.consult.ContactID)] });
    return { ok: true };
  }

  /**
   * Cancels the consult (XUC `cancelTransfer`): the consult call ends and
   * the caller is back with the agent.
   * @returns {{ ok: true } | { ok: false, status: number, error: string }}
   */
  cancelConsult() {
    const pair = this.#consultPair();
    if (pair === undefined) return { ok: false, status: 400, error: 'no consult to cancel' };
    this.updateContact(Number(pair.consult.ContactID), { Status: 'Disconnected', FinalState: 'True', DisconnectCode: 'AgentDisconnect' });
    this.updateContact(Number(pair.caller.ContactID), { Status: 'Active' });
    return { ok: true };
  }

  /**
   * @param {number} ms
   * @param {() => void} task
   */
  later(ms, task) {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      task();
    }, ms);
    this.timers.add(timer);
  }

  /** Forgets every contact, session and timer (the control API's reset). */
  reset() {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const session of this.sessions.values()) {
      session.ended = true;
      for (const wake of [...session.waiters]) wake();
    }
    this.sessions.clear();
    this.contacts.clear();
    this.lastEnded = undefined;
    this.dispositions = [];
    this.tagged = [];
    this.transfers = [];
    this.conferences = [];
    this.contactData = new Map();
    this.unanswered.clear();
    this.muted = false;
    this.agentState = this.#agentEvent('Available', '');
  }

  close() {
    this.reset();
    this.listeners.clear();
  }
}
