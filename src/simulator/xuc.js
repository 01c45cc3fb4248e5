// @ts-check
/**
 * The simulator's XUC face: the same platform, seen through an XUC-style CTI
 * websocket. Platform events become `AgentStateEvent` and `PhoneEvent`
 * messages; `{claz:'web', command}` messages drive the platform; a
 * `{claz:'ping'}` is answered with `{msgType:'Pong'}` unless the link is made
 * silent (control API), which is how tests take the heartbeat away.
 */
import { WebSocketServer } from 'ws';
import { field } from './http.js';

/** @typedef {import('./platform.js').Platform} Platform */
/** @import { PlatformEvent } from '../protocol/events.js' */

/**
 * XUC messages for one platform event.
 * @param {PlatformEvent} event
 * @returns {object[]}
 */
export function toXuc(event) {
  const agentId = 19;
  const phoneNb = '1000';
  const agent = (/** @type {string} */ name, extra = {}) => ({
    msgType: 'AgentStateEvent',
    ctiMessage: { name, agentId, phoneNb, since: 0, queues: [1], ...extra },
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
  const phone = (/** @type {string} */ eventType) => ({
    msgType: 'PhoneEvent',
    ctiMessage: { eventType, DN: String(event.DNIS ?? ''), otherDN: String(event.ANI ?? ''), linkedId: `sim.${String(event.ContactID)}`, uniqueId: `sim.${String(event.ContactID)}`, queueName: String(event.Skill ?? ''), userData: {} },
  });
  switch (event.Status) {
    case 'Incoming':
      return [agent('AgentRinging'), phone('EventRinging')];
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
 * Serves `…/xuc/api/2.0/cti?token=…` on an http server's upgrade requests.
 * @param {{ platform: Platform, tokens: Set<string>, dialAnswerMs: number }} options
 */
export function createXucServer({ platform, tokens, dialAnswerMs }) {
  const server = new WebSocketServer({ noServer: true });
  const state = { silent: false };

  server.on('connection', (socket) => {
    /** @param {object} message */
    const send = (message) => {
      if (!state.silent && socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
    };
    send({ msgType: 'RightProfile', ctiMessage: { profile: 'Admin', rights: [] } });
    for (const message of toXuc(platform.agentState)) send(message);
    const unsubscribe = platform.subscribe((events) => {
      for (const event of events) for (const message of toXuc(event)) send(message);
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
      const claz = field(message, 'claz');
      if (claz === 'ping') {
        send({ msgType: 'Pong', ctiMessage: {} });
        return;
      }
      if (claz !== 'web') return;
      const error = command(platform, message, dialAnswerMs);
      if (error !== undefined) send({ msgType: 'AgentError', ctiMessage: { Error: error, command: String(field(message, 'command')) } });
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
      server.handleUpgrade(request, socket, head, (ws) => server.emit('connection', ws, request));
    },
    /** @param {{ silent?: boolean, drop?: boolean }} faults */
    faults(faults) {
      if (faults.silent !== undefined) state.silent = faults.silent;
      if (faults.drop === true) for (const client of server.clients) client.terminate();
    },
    close() {
      for (const client of server.clients) client.terminate();
      server.close();
    },
    get connections() {
      return server.clients.size;
    },
  };
}

/**
 * Carries out one `{claz:'web', command}`; returns an error text if it is not valid.
 * @param {Platform} platform
 * @param {unknown} message
 * @param {number} dialAnswerMs
 * @returns {string | undefined}
 */
function command(platform, message, dialAnswerMs) {
  const contacts = [...platform.contacts.values()];
  const current = contacts[contacts.length - 1];
  const id = Number(current?.ContactID);
  switch (field(message, 'command')) {
    case 'answer': {
      const offered = contacts.find((contact) => contact.Status === 'Incoming');
      return offered === undefined ? 'NoCallToAnswer' : failure(platform.contactAction(Number(offered.ContactID), 'accept'));
    }
    case 'hangup':
      return current === undefined ? 'NoCall' : failure(platform.contactAction(id, current.Status === 'Incoming' ? 'reject' : 'end'));
    case 'hold':
      return current === undefined ? 'NoCall' : failure(platform.contactAction(id, current.Status === 'Holding' ? 'resume' : 'hold'));
    case 'dial':
      platform.dial(String(field(message, 'destination') ?? ''), '', dialAnswerMs);
      return undefined;
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
