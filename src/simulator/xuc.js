// @ts-check
/**
 * The simulator's XUC face: the same platform, seen through an XUC CTI
 * websocket, in the shapes of the seed and XiVO's own cti.js
 * (docs/platforms.md). On connection: `RightProfile`, `LoggedOn`,
 * `UserConfigUpdate` and the agent's state. Platform events become
 * `AgentStateEvent`, `PhoneEvent` and, for each offered call, a `Sheet`;
 * `{claz:'web', command}` messages drive the platform, and the resync
 * commands (`getCurrentCallsPhoneEvents`, `getAgentStates`) are answered. A
 * `{claz:'ping'}` is answered with `{msgType:'Pong'}` unless the link is made
 * silent (control API), which is how tests take the heartbeat away: what a
 * real xuc server sends back is unverified (docs/platforms.md).
 */
import { WebSocketServer } from 'ws';
import { field, issueToken, send } from './http.js';
/** @import { Handler, Route } from './http.js' */

/** @typedef {import('./platform.js').Platform} Platform */
/** @import { PlatformEvent } from '../protocol/events.js' */

/** The simulated agent, as XUC names it (`UserConfigUpdate`, every `AgentStateEvent`). */
export const XUC_AGENT_ID = 19;

/** XUC's REST login (the seed: `POST /xuc/api/2.0/auth/login`), which gives the websocket's token. */
/** @type {ReadonlyArray<Route>} */
export const XUC_ROUTES = [['POST', /^\/xuc\/api\/2\.0\/auth\/login$/, 'open', xucLogin]];

/** @type {Handler} */
function xucLogin(simulator, { response, body }) {
  const login = field(body, 'login');
  const password = field(body, 'password');
  if (typeof login !== 'string' || typeof password !== 'string' || password === '') {
    send(response, 401, { error: 'InvalidCredentials' });
    return;
  }
  send(response, 200, { login, token: issueToken(simulator) });
}

const AGENT_LINE = '1000';

/**
 * A call's `PhoneEvent` body: `DN` is the agent's own line, `otherDN` the
 * other party (the caller, or the number the agent dialled), `userData`
 * carries `XIVO_DSTNUM` (the number dialled) and any `USR_*` dial variables;
 * `linkedId` names the call and `uniqueId` the agent's leg (they differ).
 * @param {PlatformEvent} event
 * @param {string} eventType
 * @param {Readonly<Record<string, string>>} variables
 */
export function phoneEvent(event, eventType, variables = {}) {
  const inbound = event.IsInbound !== 'False';
  return {
    eventType,
    DN: AGENT_LINE,
    otherDN: String(event.ANI ?? ''),
    otherDName: inbound ? 'Caller ' + String(event.ANI ?? '').slice(-4) : '',
    linkedId: `1447670380.${String(event.ContactID)}`,
    uniqueId: `1447670381.${String(event.ContactID)}`,
    queueName: String(event.Skill ?? ''),
    callDirection: inbound ? 'Incoming' : 'Outgoing',
    userData: { XIVO_DSTNUM: inbound ? String(event.DNIS ?? '') : String(event.ANI ?? ''), ...variables },
  };
}

/**
 * XUC messages for one platform event.
 * @param {PlatformEvent} event
 * @param {Readonly<Record<string, string>>} [variables] the call's dial variables (`USR_*`)
 * @returns {object[]}
 */
export function toXuc(event, variables = {}) {
  const agent = (/** @type {string} */ name, extra = {}) => ({
    msgType: 'AgentStateEvent',
    ctiMessage: { name, agentId: XUC_AGENT_ID, phoneNb: AGENT_LINE, since: 0, queues: [1], ...extra },
  });
  if (event.Type === 'AgentState') {
    switch (event.CurrentState) {
      case 'Available':
        return [agent('AgentReady', { cause: 'available' })];
      case 'LoggedOut':
        return [agent('AgentLoggedOut')];
      case 'InboundContact':
      case 'OutboundContact':
        // XUC announces these with the call (AgentRinging, AgentDialing, AgentOnCall).
        return [];
      default:
        return [event.IsAcw === 'True' ? agent('AgentOnWrapup') : agent('AgentOnPause', { cause: String(event.CurrentOutReason ?? '') })];
    }
  }
  if (event.Type !== 'CallContactEvent') return [];
  const phone = (/** @type {string} */ eventType) => ({ msgType: 'PhoneEvent', ctiMessage: phoneEvent(event, eventType, variables) });
  switch (event.Status) {
    case 'Incoming':
      return [agent('AgentRinging'), phone('EventRinging'), sheet(event)];
    case 'Dialing':
      return [agent('AgentDialing'), phone('EventDialing')];
    case 'Active':
      return [agent('AgentOnCall', { direction: event.IsInbound === 'False' ? 'Outgoing' : 'Incoming', acd: true }), phone('EventEstablished')];
    case 'Holding':
      return [phone('EventOnHold')];
    case 'Disconnected':
      // The agent's next state (after-call work) follows as its own AgentState event.
      return event.FinalState === 'True' ? [phone('EventReleased')] : [];
    default:
      return [];
  }
}

/**
 * The seed's `Sheet` for an offered call: a pop URL (the call's
 * `ScreenPopUrl`) and a text entry.
 * @param {PlatformEvent} event
 */
function sheet(event) {
  const popupUrl = String(event.ScreenPopUrl ?? '');
  return {
    msgType: 'Sheet',
    ctiMessage: {
      timenow: Math.floor(Date.now() / 1000),
      compressed: true,
      serial: 'xml',
      payload: {
        profile: {
          user: {
            sheetInfo: [
              ...(popupUrl === '' ? [] : [{ value: popupUrl, name: 'popupUrl', order: 10, type: 'url' }]),
              { value: String(event.ContactID), name: 'folderNumber', order: 30, type: 'text' },
            ],
          },
        },
      },
      channel: `SIP/sim-${String(event.ContactID)}`,
    },
  };
}

/**
 * Serves `…/xuc/api/2.0/cti?token=…` on an http server's upgrade requests.
 * @param {{ platform: Platform, tokens: Set<string>, dialAnswerMs: number }} options
 */
export function createXucServer({ platform, tokens, dialAnswerMs }) {
  const server = new WebSocketServer({ noServer: true });
  /** `silent`: answers nothing; `refuse`: no new connection is accepted (an outage, for tests of the gap). */
  const state = { silent: false, refuse: false };
  /** Dial variables by contact id: XiVO carries them as `USR_*` user data on the call's phone events. */
  const variables = new Map(/** @type {[number, Record<string, string>][]} */ ([]));
  /** What clients sent, newest last (the control API's `GET /sim/xuc/received`, for tests at the wire). */
  const received = /** @type {unknown[]} */ ([]);

  server.on('connection', (socket) => {
    /** @param {object} message */
    const send = (message) => {
      if (!state.silent && socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
    };
    send({ msgType: 'RightProfile', ctiMessage: { profile: 'Admin', rights: [] } });
    send({ msgType: 'LoggedOn', ctiMessage: { username: 'agent1', phoneNumber: AGENT_LINE } });
    send({ msgType: 'UserConfigUpdate', ctiMessage: { userId: 7, agentId: XUC_AGENT_ID, firstName: 'Sim', lastName: 'Agent', fullName: 'Sim Agent', mobileNumber: '', lineIds: [1], voicemailId: 0 } });
    for (const message of toXuc(platform.agentState)) send(message);
    const unsubscribe = platform.subscribe((events) => {
      for (const event of events) for (const message of toXuc(event, variables.get(Number(event.ContactID)))) send(message);
    });
    socket.on('close', unsubscribe);
    socket.on('message', (data) => {
      /** @type {unknown} */
      let message;
      try {
        message = JSON.parse(String(data));
      } catch {
        send({ msgType: 'Error', ctiMessage: { Error: 'not JSON' } });
        return;
      }
      received.push(message);
      if (received.length > 1000) received.shift();
      const claz = field(message, 'claz');
      if (claz === 'ping') {
        send({ msgType: 'Pong', ctiMessage: {} });
        return;
      }
      if (claz !== 'web') return;
      const name = field(message, 'command');
      if (name === 'getCurrentCallsPhoneEvents') {
        const events = [...platform.contacts.values()].map((call) => phoneEvent(call, CURRENT_EVENT.get(String(call.Status)) ?? 'EventEstablished', variables.get(Number(call.ContactID))));
        send({ msgType: 'CurrentCallsPhoneEvents', ctiMessage: { events } });
        return;
      }
      if (name === 'getAgentStates') {
        for (const state of toXuc(platform.agentState)) send(state);
        return;
      }
      const error = command(platform, message, dialAnswerMs, variables);
      if (error !== undefined) send({ msgType: 'AgentError', ctiMessage: { Error: error, command: String(name) } });
    });
  });

  return {
    /**
     * @param {import('node:http').IncomingMessage} request
     * @param {import('node:stream').Duplex} socket
     * @param {Buffer} head
     */
    upgrade(request, socket, head) {
      const url = new URL(request.url ?? '/', 'http://localhost');
      if (url.pathname !== '/xuc/api/2.0/cti' || !tokens.has(url.searchParams.get('token') ?? '')) {
        socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
        return;
      }
      if (state.refuse) {
        socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n');
        return;
      }
      server.handleUpgrade(request, socket, head, (ws) => server.emit('connection', ws, request));
    },
    /**
     * Sends a raw message to every connection (the control API's `POST /sim/xuc/send`).
     * @param {unknown} message
     */
    broadcast(message) {
      for (const client of server.clients) if (client.readyState === client.OPEN) client.send(JSON.stringify(message));
    },
    /** @param {{ silent?: boolean, drop?: boolean, refuse?: boolean }} faults */
    faults(faults) {
      if (faults.silent !== undefined) state.silent = faults.silent;
      if (faults.refuse !== undefined) state.refuse = faults.refuse;
      if (faults.drop === true) for (const client of server.clients) client.terminate();
    },
    close() {
      for (const client of server.clients) client.terminate();
      server.close();
    },
    /** What clients sent, oldest first. */
    get received() {
      return received;
    },
    get connections() {
      return server.clients.size;
    },
  };
}

/** The phone event that describes a call in each status, for `CurrentCallsPhoneEvents`. */
const CURRENT_EVENT = new Map([
  ['Incoming', 'EventRinging'],
  ['Dialing', 'EventDialing'],
  ['Active', 'EventEstablished'],
  ['Holding', 'EventOnHold'],
]);

/**
 * Carries out one `{claz:'web', command}` (cti.js's shapes); returns an error text if it is not valid.
 * `answer`, `hangup`, `hold` and `toggleMicrophone` name the call by its leg's `uniqueId`
 * (newer cti.js); without one they act on the newest call.
 * @param {Platform} platform
 * @param {unknown} message
 * @param {number} dialAnswerMs
 * @param {Map<number, Record<string, string>>} variables
 * @returns {string | undefined}
 */
function command(platform, message, dialAnswerMs, variables) {
  const contacts = [...platform.contacts.values()];
  const uniqueId = field(message, 'uniqueId');
  const named = typeof uniqueId === 'string' ? contacts.find((contact) => phoneEvent(contact, '').uniqueId === uniqueId) : undefined;
  if (typeof uniqueId === 'string' && named === undefined) return 'NoSuchCall';
  const current = named ?? contacts[contacts.length - 1];
  const id = Number(current?.ContactID);
  switch (field(message, 'command')) {
    case 'answer': {
      const offered = named ?? contacts.find((contact) => contact.Status === 'Incoming');
      return offered === undefined ? 'NoCallToAnswer' : failure(platform.contactAction(Number(offered.ContactID), 'accept'));
    }
    case 'hangup':
      return current === undefined ? 'NoCall' : failure(platform.contactAction(id, current.Status === 'Incoming' ? 'reject' : 'end'));
    case 'hold':
      return current === undefined ? 'NoCall' : failure(platform.contactAction(id, current.Status === 'Holding' ? 'resume' : 'hold'));
    case 'toggleMicrophone':
      if (current === undefined) return 'NoCall';
      platform.setMuted(!platform.muted);
      return undefined;
    case 'monitorPause':
    case 'monitorUnpause':
      if (current === undefined) return 'NoCall';
      return failure(platform.contactAction(id, field(message, 'command') === 'monitorUnpause' ? 'record' : 'stop-record'));
    case 'dial': {
      const given = field(message, 'variables');
      // Dial variables come back as USR_* user data on the call's phone events, from the first.
      if (typeof given === 'object' && given !== null) {
        variables.set(platform.nextContactId, Object.fromEntries(Object.entries(given).filter(([key, value]) => /^USR_\w{1,64}$/.test(key) && typeof value === 'string')));
      }
      platform.dial(String(field(message, 'destination') ?? ''), '', dialAnswerMs);
      return undefined;
    }
    // Transfers (cti.js: directTransfer and attendedTransfer name the destination; the rest act on the agent's consult).
    case 'directTransfer':
    case 'attendedTransfer': {
      const destination = field(message, 'destination');
      if (typeof destination !== 'string' || destination === '') return 'NoDestination';
      return failure(field(message, 'command') === 'directTransfer' ? platform.blindTransfer(destination) : platform.consult(destination, dialAnswerMs));
    }
    case 'completeTransfer':
      return failure(platform.transferCalls());
    case 'cancelTransfer':
      return failure(platform.cancelConsult());
    case 'conference':
      return failure(platform.conferenceCalls());
    case 'setData': {
      // cti.js's setData: variables of the agent's current call, back as its USR_* user data.
      const given = field(message, 'variables');
      if (current === undefined) return 'NoCall';
      if (typeof given !== 'object' || given === null) return 'NoVariables';
      const usr = Object.fromEntries(Object.entries(given).filter(([key, value]) => /^USR_\w{1,64}$/.test(key) && typeof value === 'string'));
      variables.set(id, { ...variables.get(id), ...usr });
      return failure(platform.setContactData(id, usr));
    }
    case 'pauseAgent':
      platform.setAgentState('Unavailable', String(field(message, 'reason') ?? ''));
      return undefined;
    case 'unpauseAgent':
    case 'agentLogin':
      platform.setAgentState('Available');
      return undefined;
    case 'agentLogout':
      platform.setAgentState('LoggedOut');
      return undefined;
    default:
      return `UnknownCommand ${String(field(message, 'command'))}`;
  }
}

/** @param {{ ok: true } | { ok: false, error: string }} result */
function failure(result) {
  return result.ok ? undefined : result.error;
}
