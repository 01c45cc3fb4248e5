/**
 * `ccbridge/testing`: a desktop for a CRM page's own tests. `createTestDesktop`
 * frames the page under test with a real `BridgeHost`, in the test's own
 * browser page (no server, no platform), fed by a scripted platform: the test
 * plays the calls (`incomingCall`, `answer`, `hold`, `hangUp`…) and the agent's
 * state, and reads what the page sent and received. Commands the page sends
 * are carried out by the scripted platform as a real one would (an answered
 * call becomes `Active`, a held one `Holding`), so the page sees the result;
 * so are the actions beyond MAX (a `Dial` places an outbound call, `Dialing`;
 * a `SetAgentState` changes the agent's state).
 *
 * It is the same host every ccbridge desktop runs, with its checks: what it
 * refuses here, a ccbridge desktop refuses in production. Works with any
 * browser test runner (web-test-runner, Playwright, Karma…); docs/page-authors.md
 * has an example with `@open-wc/testing`.
 */
import { BridgeHost } from '../host/bridge-host.js';
import { beyondMax } from '../host/beyond-max.js';
import { crmLink } from '../host/crm-link.js';
import type { SavedLog, ScreenPop } from '../host/crm-link.js';
import type { ContactCommand } from '../host/command-desk.js';
import type { OriginPolicy } from '../host/policy.js';
import { BridgeError, ErrorCode } from '../protocol/errors.js';
import { ACTION_TYPES, SERVICE_TYPES } from '../protocol/actions.js';
import type { ActionRequest } from '../protocol/actions.js';
import type { ContactEvent, PlatformEvent } from '../protocol/events.js';
import { recordPages } from './records.js';
import type { PageRecord, RegistrationRecord } from './records.js';

export type { PageRecord, RegistrationRecord };

/** Options of `createTestDesktop`. */
export interface TestDesktopOptions {
  /** The issuer on the desktop's envelopes. Default `'MAX'`. */
  readonly issuer?: string;
  /** Per-origin policies, as `BridgeHostOptions.policies`. Default: every framed origin has every right but the session token (the actions beyond MAX included). */
  readonly policies?: Readonly<Record<string, OriginPolicy>>;
  /** Contact panels: a URL template (`https://crm.example/pop?ani={ANI}&id={ContactID}`) opened for each call. Default: none. */
  readonly contactPanels?: { readonly url: string; readonly closeDelayMs?: number };
  /** Where frames go. Default: a `<div>` appended to `document.body` (and removed by `dispose`). */
  readonly container?: Element;
  /** How long `waitFor` and the helpers that wait give up after. Default 5000 ms. */
  readonly timeoutMs?: number;
  /** How long the desktop waits for a page's search (search-and-pop). Default 1000 ms. */
  readonly searchTimeoutMs?: number;
}

/** A call as the test describes it. */
export interface TestCall {
  readonly ani?: string;
  readonly dnis?: string;
  readonly skill?: string;
  /** Any other fields for the call's events (`CallerName`, attached data…). */
  readonly fields?: Readonly<Record<string, string | number>>;
}

/** A frame the test desktop made, with what its origin sent and received. */
export interface TestFrame extends PageRecord {
  readonly iframe: HTMLIFrameElement;
  /** Reloads the page (as an agent's F5 would) and resolves once it has loaded again. */
  reload(): Promise<void>;
  /** Removes the frame: its subscription ends. */
  remove(): void;
}

/** The desktop `createTestDesktop` makes. */
export interface TestDesktop {
  /** The real host, for anything the helpers do not cover. */
  readonly host: BridgeHost;
  /** Frames `url` as a workspace and resolves once it has loaded (it may not have registered yet: `waitForRegistration`). */
  open(url: string | URL): Promise<TestFrame>;
  /** What the pages of `origin` sent and were sent (contact panels included). */
  page(origin: string): PageRecord;
  /** The current contacts, as the host sees them. */
  readonly contacts: readonly ContactEvent[];
  /** Offers a call to the agent (`Incoming`); returns its contact id. */
  incomingCall(call?: TestCall): number;
  /** The agent answers (on the desktop or the phone): `Active`. */
  answer(contactId: number): void;
  /** The call goes on hold: `Holding`. */
  hold(contactId: number): void;
  /** The held call resumes: `Active`. */
  resume(contactId: number): void;
  /** The call ends (`Disconnected`, `FinalState: 'True'`); `by: 'caller'` (default) or `'agent'`. The agent becomes `Available` after the last one. */
  hangUp(contactId: number, by?: 'caller' | 'agent'): void;
  /** The agent's state changes (`AgentState`), with an unavailable reason. */
  setAgentState(state: 'Available' | 'Unavailable', reason?: string): void;
  /** The agent session's token changes: pages granted it get a `SessionInfo`. */
  setSessionToken(token: string | null): void;
  /** Feeds any platform events, as a source would. */
  dispatch(events: readonly PlatformEvent[]): void;
  /** Resolves with `check()`'s first truthy result; rejects with `what` after the time-out. Polls every 10 ms. */
  waitFor<T>(check: () => T | undefined | null | false, what: string, timeoutMs?: number): Promise<T>;
  /** Resolves with the next registration from `origin` (one already made counts if none was awaited before). */
  waitForRegistration(origin: string): Promise<RegistrationRecord>;
  /** What the desktop popped for each call, once the pages that search answered (search-and-pop): the host's `screenPop` events, in order. */
  readonly pops: readonly ScreenPop[];
  /** The call logs the pages saved: the host's `callLog` events, in order. */
  readonly logs: readonly SavedLog[];
  /** The agent picks one of several matches (a pop of kind `choose`): that page gets the call's log. */
  choose(contactId: number, origin: string, id: string): void;
  /** Removes every frame and stops the host. */
  dispose(): void;
}

/** Makes a test desktop: a real host, a scripted platform, frames in `container`. */
export function createTestDesktop(options: TestDesktopOptions = {}): TestDesktop {
  const ownContainer = options.container === undefined;
  const container = options.container ?? document.body.appendChild(document.createElement('div'));
  const timeoutMs = options.timeoutMs ?? 5000;
  const awaited = new Map<string, number>();

  let nextContactId = 1;
  const calls = new Map<number, PlatformEvent>();
  const now = (): string => new Date().toISOString();
  let host: BridgeHost;
  const agent = (CurrentState: string, reason = ''): PlatformEvent => ({ Type: 'AgentState', CurrentState, CurrentOutReason: reason, StartTimeUTC: now(), IsAcw: 'False' });
  const update = (contactId: number, Status: string, extra: Record<string, unknown> = {}): void => {
    const previous = calls.get(contactId);
    if (previous === undefined) throw new BridgeError(ErrorCode.InvalidOption, `ccbridge/testing: no call ${contactId}`);
    const event = { ...previous, Status, LastStateChangeTimeUTC: now(), ...extra } as PlatformEvent;
    const ended = Status === 'Disconnected';
    if (ended) calls.delete(contactId);
    else calls.set(contactId, event);
    host.dispatch(ended && calls.size === 0 ? [event, agent('Available')] : [event]);
  };

  // The scripted platform carries out what pages ask, as a real one would.
  const controller = ({ action, contactId }: ContactCommand): void => {
    switch (action) {
      case 'accept':
      case 'resume':
      case 'unmask':
        return update(contactId, 'Active');
      case 'hold':
        return update(contactId, 'Holding');
      case 'mask':
        return update(contactId, 'Masking');
      case 'reject':
        return update(contactId, 'Disconnected', { FinalState: 'True', DisconnectCode: 'AgentDisconnect' });
      case 'end':
        return update(contactId, 'Disconnected', { FinalState: 'True', DisconnectCode: 'AgentDisconnect' });
      case 'record':
        return update(contactId, String(calls.get(contactId)?.['Status'] ?? 'Active'), { IsLogging: 'True' });
      case 'mute':
      case 'unmute':
        return host.dispatch([{ Type: 'Mute', AgentMuted: action === 'mute' ? 'True' : 'False' }]);
    }
  };

  // Actions beyond MAX, as a platform carries them out: a dial places an outbound call, a state changes the agent's.
  const actionController = (request: ActionRequest): void | Promise<unknown> => {
    if (request.action === 'setState') return host.dispatch([agent(request.state, request.reason)]);
    if (request.action === 'endWrapUp') return host.dispatch([agent('Available')]);
    // The scripted platform has no lists: every skill has no dispositions and no tags.
    if (request.action === 'wrapUpOptions') return Promise.resolve({ skill: request.skill, dispositions: [], tags: [] });
    if (request.action === 'agentStateOptions') return Promise.resolve({ reasons: [{ reason: 'Break' }, { reason: 'Lunch' }] });
    const ended = { FinalState: 'True', DisconnectCode: 'AgentDisconnect' };
    // Transfers: the consulted party answers at once; a completed transfer leaves the agent with no call.
    if (request.action === 'conference') return update(request.contactId, 'Active');
    // Contact data comes back on the call's next event, as XUC's variables do (AttachedData).
    if (request.action === 'setContactData') {
      const call = calls.get(request.contactId);
      return update(request.contactId, String(call?.['Status'] ?? 'Active'), { AttachedData: { ...(call?.['AttachedData'] as object | undefined), ...request.data } });
    }
    if (request.action === 'transfer') {
      if ('phoneNumber' in request) {
        if (request.mode === 'blind') return update(request.contactId, 'Disconnected', ended);
        if (!request.held) update(request.contactId, 'Holding');
        return place(request.phoneNumber, '', 'Active');
      }
      update(request.consultId, 'Disconnected', ended);
      return request.mode === 'cancel' ? update(request.contactId, 'Active') : update(request.contactId, 'Disconnected', ended);
    }
    place(request.phoneNumber, request.skill ?? '', 'Dialing');
  };
  const place = (phoneNumber: string, Skill: string, Status: string): void => {
    const contactId = nextContactId++;
    const event = { Type: 'CallContactEvent', ContactID: contactId, Status, ANI: phoneNumber, DNIS: phoneNumber, Skill, IsInbound: 'False', StartTimeUTC: now(), LastStateChangeTimeUTC: now(), FinalState: 'False' } as PlatformEvent;
    calls.set(contactId, event);
    host.dispatch([agent('OutboundContact'), event]);
  };

  const crm = crmLink({ searchTimeoutMs: options.searchTimeoutMs ?? 1000, logDelayMs: 0 });
  host = new BridgeHost({
    ...(options.issuer === undefined ? {} : { issuer: options.issuer }),
    ...(options.policies === undefined ? {} : { policies: options.policies }),
    // Every right but the session token, the actions beyond MAX included (any contact data key,
    // search-and-pop and the call log).
    defaultPolicy: { actions: [...ACTION_TYPES, ...SERVICE_TYPES], contactDataKeys: 'any' },
    controller,
    dialects: [beyondMax({ controller: actionController }), crm],
    ...(options.contactPanels === undefined ? {} : { contactPanels: { container, url: options.contactPanels.url, closeDelayMs: options.contactPanels.closeDelayMs ?? 0 } }),
    // Quiet: the records say what happened.
    log: { debug() {}, warn() {}, error: (message: string, ...details: unknown[]) => console.error(message, ...details) },
  });
  const record = recordPages(host);
  const pops: ScreenPop[] = [];
  const logs: SavedLog[] = [];
  host.on('screenPop', (pop) => void pops.push(pop));
  host.on('callLog', (log) => void logs.push(log));
  host.dispatch([agent('Available')]);

  const waitFor = <T>(check: () => T | undefined | null | false, what: string, limit = timeoutMs): Promise<T> =>
    new Promise((resolve, reject) => {
      const started = Date.now();
      const poll = (): void => {
        const value = check();
        if (value !== undefined && value !== null && value !== false) return resolve(value);
        if (Date.now() - started > limit) return reject(new Error(`ccbridge/testing: timed out after ${limit} ms waiting for ${what}`));
        setTimeout(poll, 10);
      };
      poll();
    });

  const loaded = (iframe: HTMLIFrameElement): Promise<void> => new Promise((resolve) => iframe.addEventListener('load', () => resolve(), { once: true }));

  return {
    host,
    async open(url) {
      const iframe = host.createFrame({ url, container, title: 'Page under test' });
      await loaded(iframe);
      const page = record(new URL(String(url), location.href).origin);
      // The record's arrays grow in place: the frame shares them.
      const { origin, registrations, unsubscriptions, commands, actions, cards, rejections, envelopes, events } = page;
      return {
        iframe,
        origin,
        registrations,
        unsubscriptions,
        commands,
        actions,
        cards,
        rejections,
        envelopes,
        events,
        async reload() {
          const again = loaded(iframe);
          // Navigating the frame to its own address: a new document, as F5 gives.
          iframe.src = iframe.src;
          await again;
        },
        remove: () => host.removeFrame(iframe),
      };
    },
    page: (origin) => record(origin),
    get contacts() {
      return host.contacts;
    },
    incomingCall(call = {}) {
      const contactId = nextContactId++;
      const event = {
        Type: 'CallContactEvent',
        ContactID: contactId,
        Status: 'Incoming',
        ANI: call.ani ?? '5551230000',
        DNIS: call.dnis ?? '8005550100',
        Skill: call.skill ?? '4001',
        IsInbound: 'True',
        StartTimeUTC: now(),
        LastStateChangeTimeUTC: now(),
        FinalState: 'False',
        ...call.fields,
      } as PlatformEvent;
      calls.set(contactId, event);
      host.dispatch([agent('InboundContact'), event]);
      return contactId;
    },
    answer: (contactId) => update(contactId, 'Active'),
    hold: (contactId) => update(contactId, 'Holding'),
    resume: (contactId) => update(contactId, 'Active'),
    hangUp: (contactId, by = 'caller') => update(contactId, 'Disconnected', { FinalState: 'True', DisconnectCode: by === 'agent' ? 'AgentDisconnect' : 'CallerDisconnect' }),
    setAgentState: (state, reason = '') => host.dispatch([agent(state, reason)]),
    setSessionToken: (token) => host.setSessionToken(token),
    dispatch: (events) => host.dispatch(events),
    waitFor,
    waitForRegistration(origin) {
      const seen = awaited.get(origin) ?? 0;
      return waitFor(() => {
        const registration = record(origin).registrations[seen];
        if (registration !== undefined) awaited.set(origin, seen + 1);
        return registration;
      }, `a registration from ${origin}`);
    },
    pops,
    logs,
    choose: (contactId, origin, id) => void crm.choose(contactId, origin, id),
    dispose() {
      host.dispose();
      if (ownContainer) container.remove();
    },
  };
}
