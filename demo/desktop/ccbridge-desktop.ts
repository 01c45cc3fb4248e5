import { LitElement, html, nothing, svg } from 'lit';
import { state } from 'lit/decorators.js';
import { BridgeHost } from '../../src/host/index.js';
import type { ContactCard } from '../../src/host/index.js';
import { aiccDialect } from '../../src/host/aicc.js';
import { beyondMax } from '../../src/host/beyond-max.js';
import { crmLink } from '../../src/host/crm-link.js';
import type { ScreenPop } from '../../src/host/crm-link.js';
import { actionFor, isOffered, isTrue } from '../../src/protocol/index.js';
import { everySecond } from '../../src/common/clock.js';
import type { CommandType, ContactEvent, PlatformEvent } from '../../src/protocol/index.js';
import type { SharedSource, SourceStatus } from '../../src/sources/index.js';
import { connect } from './connect.js';
import type { DemoConfig } from './connect.js';
import { styles } from './ccbridge-desktop.styles.js';

/** A page the desktop frames, and the rights its origin has. */
interface FramedPage {
  readonly role: string;
  readonly url: string;
  readonly rights: 'full' | 'read-only';
  /** A page brought with ?workspace= / ?panel=: the agent may grant it full rights. */
  readonly brought: boolean;
}

interface LogEntry {
  readonly id: number;
  readonly time: string;
  readonly kind: string;
  readonly text: string;
}

const CONTROLS: readonly { readonly command: CommandType; readonly label: (contact: ContactEvent, muted: boolean) => string; readonly danger?: boolean }[] = [
  { command: 'AnswerEvent', label: () => 'Answer' },
  { command: 'RefuseEvent', label: () => 'Refuse', danger: true },
  { command: 'HoldEvent', label: (c) => (c.Status === 'Holding' ? 'Resume' : 'Hold') },
  // Mute is the agent's, not the call's: CXone reports it with a Mute event.
  { command: 'MuteEvent', label: (_c, muted) => (muted ? 'Unmute' : 'Mute') },
  { command: 'MaskEvent', label: (c) => (c.Status === 'Masking' ? 'Unmask' : 'Mask') },
  { command: 'RecordEvent', label: () => 'Record' },
  { command: 'HangupEvent', label: () => 'Hang up', danger: true },
];

const AGENT_STATES = [
  { value: 'Available', label: 'Available' },
  { value: 'Unavailable:Break', label: 'Unavailable – Break' },
  { value: 'Unavailable:Lunch', label: 'Unavailable – Lunch' },
  { value: 'Unavailable:Meeting', label: 'Unavailable – Meeting' },
] as const;

/**
 * @summary The demo agent desktop: a BridgeHost fed by a source (the
 * simulator by default), with the agent's state and contacts, an always-open
 * workspace, contact panels that pop per contact, and the bridge's traffic.
 *
 * URL parameters: `?workspace=<url>` replaces the workspace page and
 * `?panel=<url template>` the contact panel (`{ContactID}`, `{ANI}`, … are
 * filled from the contact); their origins are allowed because the desktop
 * frames them itself.
 */
export class CcbridgeDesktop extends LitElement {
  static override styles = styles;

  @state() private accessor status: SourceStatus = { state: 'idle' };
  @state() private accessor agentState: PlatformEvent | undefined = undefined;
  @state() private accessor contacts: readonly ContactEvent[] = [];
  /** The agent is muted (agent-wide, from the host's `mute` event). */
  @state() private accessor muted = false;
  @state() private accessor cards: ReadonlyMap<number, ContactCard> = new Map();
  /** What the CRM pages found for each call (search-and-pop). */
  @state() private accessor pops: ReadonlyMap<number, ScreenPop> = new Map();
  readonly #crm = crmLink();
  @state() private accessor log: readonly LogEntry[] = [];
  @state() private accessor error = '';
  @state() private accessor framed: readonly FramedPage[] = [];
  @state() private accessor platform: DemoConfig | undefined = undefined;
  @state() private accessor now = Date.now();
  /** When each held contact went on hold (epoch ms), for its hold timer. */
  @state() private accessor holdSince: ReadonlyMap<number, number> = new Map();

  #host: BridgeHost | undefined;
  #source: SharedSource | undefined;
  #logId = 0;
  #stopClock: (() => void) | undefined;

  protected override async firstUpdated(): Promise<void> {
    try {
      await this.#start();
    } catch (error) {
      // A source that could not start says why in its status (a failed token request, say): show that line.
      this.error = this.status.state === 'ended' ? this.status.reason : error instanceof Error ? error.message : String(error);
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stopClock?.();
    void this.#source?.stop();
    this.#host?.dispose();
  }

  async #start(): Promise<void> {
    const config = (await (await fetch('/demo/config.json')).json()) as DemoConfig;
    this.platform = config;
    const params = new URLSearchParams(location.search);
    const crm = config.crmOrigin;
    const desktop = encodeURIComponent(location.origin);
    const panelTemplate = params.get('panel') ?? `${crm}/demo/crm/max-page.html?contactId={ContactID}&ani={ANI}`;
    const workspaceUrl = params.get('workspace') ?? `${crm}/demo/crm/element-page.html?desktop=${desktop}`;
    const root = this.renderRoot as ShadowRoot;
    const source = connect(config);
    this.#source = source;
    // The demo's own CRM origin has full rights (and the session token). A page
    // brought with ?workspace= or ?panel= on another origin is read-only unless
    // the desktop's settings trust it: a crafted link must not get a page that
    // answers calls.
    const rights = (url: string): FramedPage['rights'] => (config.trustPages === true || originOf(url) === crm ? 'full' : 'read-only');
    this.framed = [
      { role: 'workspace', url: workspaceUrl, rights: rights(workspaceUrl), brought: params.has('workspace') },
      { role: 'AICC page', url: `${crm}/demo/crm/aicc-page.html`, rights: 'full', brought: false },
      { role: 'contact panels', url: panelTemplate, rights: rights(panelTemplate), brought: params.has('panel') },
    ];
    const host = new BridgeHost({
      source,
      defaultPolicy: config.trustPages === true ? {} : { commands: [], contactCard: false },
      // A page that subscribes mid-call learns of the call; a break that runs
      // over raises AgentState_Rest_Timeout on the AICC page.
      // The AICC page's traffic goes to the log beside the MAX pages'.
      dialects: [
        // The actions beyond MAX, carried out by the source (the simulator, CXone or XUC),
        // and search-and-pop and the call log, served by the CRM pages that offer them.
        beyondMax(),
        this.#crm,
        aiccDialect({
          replayState: true,
          breakLimitsMs: { Break: 15 * 60_000, Lunch: 60 * 60_000 },
          onTraffic: (traffic) =>
            traffic.direction === 'in'
              ? this.#add('registration', `${traffic.origin} subscribed (AICC eventpost) [${traffic.identifiers.join(', ')}]`)
              : this.#add('delivery', `→ ${traffic.origin} (AICC): ${'status' in traffic.message ? `ERROR ${traffic.message.reason}` : traffic.message.name}`),
        }),
      ],
      // The demo's own CRM origin may have the session token (pages that call the platform's API need it),
      // and every action beyond MAX: click-to-dial and transfers (North American numbers only), the agent's state, wrap-up.
      policies: { [crm]: { sessionToken: true, actions: ['Dial', 'SetAgentState', 'Transfer', 'Conference', 'SetContactData', 'EndWrapUp', 'Search', 'CallLog'], contactDataKeys: 'any', dialPatterns: [/^\+?1?\d{7,10}$/] } },
      contactPanels: { container: root.querySelector('#panels')!, url: panelTemplate, closeDelayMs: 1500, configure: (iframe, contact) => {
        iframe.setAttribute('data-role', 'contact-panel');
        iframe.title = `Contact panel: ${String(contact['ANI'] ?? contact['FromAddr'] ?? '')} (contact ${String(contact.ContactID)})`;
      } },
    });
    this.#host = host;
    this.#watch(host, source);
    host.createFrame({ url: workspaceUrl, container: root.querySelector('#workspace')!, title: 'Workspace' }).setAttribute('data-role', 'workspace');
    host.createFrame({ url: `${crm}/demo/crm/aicc-page.html?desktop=${desktop}`, container: root.querySelector('#workspace')!, title: 'AICC page' }).setAttribute('data-role', 'aicc');
    // On the second, as the pages' timers: the desktop and its pages show the same time.
    this.#stopClock = everySecond((now) => (this.now = now));
    await source.start();
  }

  #watch(host: BridgeHost, source: SharedSource): void {
    const add = (kind: string, text: string) => this.#add(kind, text);
    source.on('leader', (tabId) => add('source', tabId === source.tabId ? 'this tab connects to the platform (leader)' : 'another tab of this desktop connects to the platform; this tab follows'));
    source.on('status', (status) => {
      this.status = status;
      add('source', `platform ${status.state}${status.state === 'offline' ? ` (${status.error}; retry at ${new Date(status.retryAt).toLocaleTimeString()})` : status.state === 'ended' ? ` (${status.reason})` : ''}`);
    });
    host.on('state', () => {
      this.agentState = host.agentState;
      this.contacts = host.contacts;
      this.#trackHolds(host.contacts);
    });
    host.on('mute', ({ muted }) => (this.muted = muted));
    host.on('registration', (r) => add('registration', `${r.origin} registered [${r.subscriptionTypes.join(', ') || '–'}]${r.issuer ? ` as ${r.issuer}` : ''} → ${r.acknowledgement.status} ${r.acknowledgement.reason}`));
    host.on('unsubscription', (u) => add('registration', `${u.origin} subscription ended (${u.cause})`));
    host.on('delivery', (d) => add('delivery', `→ ${d.origin}${d.issuer ? ` (${d.issuer})` : ''}: ${d.envelope.events.map((e) => ('Type' in e ? e.Type : e.messageType)).join(', ')}`));
    host.on('rejection', (r) => add('rejection', `✗ ${r.origin}: ${r.refusal} – ${r.detail}`));
    host.on('command', (c) => add(c.refusal === null ? 'command' : 'refused', `${c.messageType} from ${c.origin} → ${c.action ?? ''}${c.refusal === null ? '' : ` refused: ${c.refusal}`}`));
    host.on('action', (a) => {
      const request = a.request;
      const what =
        request === null ? ''
        : request.action === 'dial' ? `dial ${request.phoneNumber}`
        : request.action === 'setState' ? `${request.state}${request.reason === undefined ? '' : ` (${request.reason})`}`
        : request.action === 'wrapUpOptions' ? `wrap-up options of skill ${request.skill}`
        : request.action === 'agentStateOptions' ? 'the unavailable codes'
        : request.action === 'transfer' ? `${request.mode} transfer of ${request.contactId}${'phoneNumber' in request ? ` to ${request.phoneNumber}` : ''}`
        : request.action === 'conference' ? `conference of ${request.contactId} and ${request.consultId}`
        : request.action === 'setContactData' ? `data on ${request.contactId}: ${Object.entries(request.data).map(([key, value]) => `${key}=${value}`).join(', ')}`
        : `end wrap-up of ${request.contactId}${request.dispositionId === undefined ? '' : `, disposition ${request.dispositionId}`}`;
      add(a.refusal === null ? 'command' : 'refused', `${a.messageType} from ${a.origin} → ${what}${a.refusal === null ? '' : ` refused: ${a.refusal}${a.detail === undefined ? '' : ` (${a.detail})`}`}`);
    });
    host.on('screenPop', (pop) => {
      this.pops = new Map(this.pops).set(pop.contactId, pop);
      const found = pop.kind === 'record' ? `record ${pop.matches[0]?.label ?? ''}` : pop.kind === 'choose' ? `${pop.matches.length} records to choose from` : pop.kind === 'new' ? 'no record: a new one' : 'nothing';
      add('card', `search for call ${pop.contactId}: ${found}${pop.skipped.length > 0 ? ` (${pop.skipped.join(', ')} too late)` : ''}`);
    });
    host.on('callLog', ({ contactId, origin, logId }) => add('card', `call ${contactId} logged as ${logId} by ${origin}`));
    host.on('contactCard', (card) => {
      this.cards = new Map(this.cards).set(card.contactId, card);
      add('card', `contact card for ${card.contactId} from ${card.origin}: ${card.name}`);
    });
  }

  /** The desktop's own buttons take the pages' path, so every page and dialect learns the agent acted. */
  async #command(command: CommandType, contact: ContactEvent): Promise<void> {
    const host = this.#host;
    if (host === undefined) return;
    const report = await host.command(command, Number(contact.ContactID));
    this.error = report.refusal === null ? '' : `${command}: ${report.detail ?? report.refusal}`;
  }

  /** Each held contact's hold start: when the platform says it changed state, else when the desktop saw it. */
  #trackHolds(contacts: readonly ContactEvent[]): void {
    const holds = new Map<number, number>();
    for (const contact of contacts) {
      if (contact.Status !== 'Holding') continue;
      const contactId = Number(contact.ContactID);
      const changed = Date.parse(String(contact.LastStateChangeTimeUTC ?? ''));
      holds.set(contactId, this.holdSince.get(contactId) ?? (Number.isNaN(changed) ? Date.now() : changed));
    }
    this.holdSince = holds;
  }

  /** The simulator's control API offers a call, as a caller dialling in would. */
  async #newCall(): Promise<void> {
    const simulator = this.platform?.simulator;
    if (simulator === undefined) return;
    const ani = `06${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    try {
      const response = await fetch(`${simulator}/sim/calls`, { method: 'POST', body: JSON.stringify({ ani }) });
      if (!response.ok) throw new Error(`the simulator answered HTTP ${response.status}`);
      const { contactId } = (await response.json()) as { contactId: number };
      this.#add('source', `new call ${contactId} from ${ani} (offered by the simulator)`);
    } catch (error) {
      this.error = `new call: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  /**
   * The agent's own choice: a page brought with ?workspace= or ?panel= gets
   * full rights (or loses them). The host changes the origin's policy
   * (`setPolicy`, which ends its subscriptions) and the desktop reloads the
   * page's frames, so each registers again and learns its new rights.
   */
  #grant(page: FramedPage, granted: boolean): void {
    const host = this.#host;
    if (host === undefined) return;
    const origin = originOf(page.url);
    host.setPolicy(origin, granted ? {} : { commands: [], contactCard: false });
    this.framed = this.framed.map((other) => (originOf(other.url) === origin && other.brought ? { ...other, rights: granted ? 'full' : 'read-only' } : other));
    for (const iframe of (this.renderRoot as ShadowRoot).querySelectorAll('iframe')) {
      if (new URL(iframe.src).origin === origin) iframe.src = iframe.src;
    }
    this.#add('rights', `the agent ${granted ? 'granted full rights to' : 'made read-only'} ${origin} (${page.role}); its frames reload to register again`);
  }

  #add(kind: string, text: string): void {
    const entry = { id: this.#logId++, time: new Date().toLocaleTimeString(), kind, text };
    this.log = [entry, ...this.log].slice(0, 200);
  }

  #setAgentState(value: string): void {
    const [state, reason] = value.split(':') as ['Available' | 'Unavailable', string | undefined];
    this.#source?.execute({ action: 'setState', state, ...(reason === undefined ? {} : { reason }) }).catch((error: Error) => (this.error = error.message));
  }

  protected override render() {
    const agent = this.agentState;
    const acw = agent !== undefined && isTrue(agent['IsAcw']);
    const current = agent === undefined ? '' : agent['CurrentState'] === 'Available' ? 'Available' : `Unavailable:${String(agent['CurrentOutReason'] ?? '')}`;
    return html`
      <header>
        <h1>ccbridge demo desktop</h1>
        <span class="pill" data-state=${this.status.state} aria-label="Platform connection">Platform: ${this.status.state}</span>
        <label
          >Agent:
          <select aria-label="Agent state" .value=${current} @change=${(event: Event) => this.#setAgentState((event.target as HTMLSelectElement).value)}>
            ${agent === undefined ? html`<option value="">–</option>` : nothing}
            ${agent === undefined || AGENT_STATES.some((option) => option.value === current)
              ? nothing
              : html`<option value=${current} disabled selected>${acw ? 'After-call work' : String(agent['CurrentState'])}</option>`}
            ${AGENT_STATES.map((option) => html`<option value=${option.value} ?selected=${option.value === current}>${option.label}</option>`)}
          </select>
        </label>
        ${this.#renderAgent(agent, acw)}
        ${this.platform?.source === 'simulator' ? html`<button class="new-call" data-testid="new-call" @click=${() => void this.#newCall()}>New call</button>` : nothing}
        <span class="clock" data-testid="clock">${new Date(this.now).toLocaleTimeString()}</span>
        ${this.error === '' ? nothing : html`<span role="alert">${this.error}</span>`}
      </header>
      <aside class="side">
        <section class="contacts" aria-label="Contacts">
          <h2>Contacts</h2>
          ${this.contacts.length === 0 ? html`<p class="empty">No current contacts. ${this.#waiting()}</p>` : nothing}
          <ul>
            ${this.contacts.map((contact) => this.#renderContact(contact))}
          </ul>
        </section>
        <details class="framed" open>
          <summary>Framed pages</summary>
          <ul>
            ${this.framed.map(
              (page) =>
                html`<li data-rights=${page.rights}>
                  <strong>${page.role}</strong> ${page.url} <span class="pill">${page.rights}</span>
                  ${page.brought
                    ? html`<label class="grant"><input type="checkbox" data-testid="grant" .checked=${page.rights === 'full'} @change=${(event: Event) => this.#grant(page, (event.target as HTMLInputElement).checked)} /> grant full rights</label>`
                    : nothing}
                </li>`,
            )}
          </ul>
        </details>
        <details class="log" open aria-label="Bridge traffic">
          <summary>Bridge traffic</summary>
          <ol reversed>
            ${this.log.map((entry) => html`<li data-kind=${entry.kind}>${entry.time} ${entry.text}</li>`)}
          </ol>
        </details>
      </aside>
      <div class="frames">
        <section aria-label="Workspace">
          <h2>Workspace (always open): a &lt;ccbridge-client&gt; page and an AICC-dialect page</h2>
          <div class="frame-row" id="workspace"></div>
        </section>
        <section aria-label="Contact panels">
          <h2>Contact panels (a plain MAX page pops per contact)</h2>
          <div class="frame-row" id="panels"></div>
        </section>
      </div>
    `;
  }

  /** The agent's state by name; after-call work with the time it has left. */
  #renderAgent(agent: PlatformEvent | undefined, acw: boolean) {
    if (acw && agent !== undefined) {
      const started = Date.parse(String(agent['StartTimeUTC'] ?? ''));
      const timeout = Number(agent['AcwTimeout']);
      // `now` is the last tick's, up to a second old: never more than the whole timeout.
      const left = Number.isNaN(started) || !Number.isFinite(timeout) ? undefined : Math.min(timeout, Math.max(0, Math.ceil(timeout - (this.now - started) / 1000)));
      return html`<span class="pill acw" data-testid="agent-state" data-acw="true">After-call work${left === undefined ? '' : html` <span data-testid="acw-left">${clock(left)}</span> left`}</span>`;
    }
    return html`<span class="pill" data-testid="agent-state">${String(agent?.['CurrentState'] ?? 'unknown')}${agent?.['CurrentOutReason'] ? ` (${String(agent['CurrentOutReason'])})` : ''}</span>`;
  }

  /** What the agent waits for, by platform: only the simulator offers calls on its own. */
  #waiting(): string {
    const config = this.platform;
    if (config === undefined) return '';
    if (config.source === 'simulator') return `The simulator offers a call every ${config.callIntervalS ?? 20} s.`;
    return `Calls offered to this agent on ${config.source === 'cxone' ? 'CXone' : 'XUC'} appear here.`;
  }

  /** What the CRM found for the call: its record, the records to choose from, or where to make one. */
  #renderPop(contactId: number) {
    const pop = this.pops.get(contactId);
    if (pop === undefined || pop.kind === 'none') return nothing;
    if (pop.kind !== 'choose') return html`<small data-testid="pop"><a href=${pop.url ?? ''} target="_blank" rel="noopener">${pop.kind === 'record' ? `CRM: ${pop.matches[0]?.label ?? ''}` : 'CRM: new record'}</a></small>`;
    return html`<small data-testid="pop"
      >CRM:
      ${pop.matches.map(
        (match) =>
          html`<button class="link" @click=${() => {
            this.#crm.choose(contactId, match.origin, match.id);
            this.pops = new Map(this.pops).set(contactId, { ...pop, kind: 'record', url: match.url, matches: [match] });
          }}>${match.label}</button> `,
      )}</small
    >`;
  }

  #renderContact(contact: ContactEvent) {
    const contactId = Number(contact.ContactID);
    const card = this.cards.get(contactId);
    const started = Date.parse(String(contact.StartTimeUTC ?? ''));
    const seconds = Number.isNaN(started) ? 0 : Math.max(0, Math.floor((this.now - started) / 1000));
    const caller = String(contact['ANI'] ?? '');
    const ringing = isOffered(contact);
    const held = this.holdSince.get(contactId);
    return html`
      <li class="contact" data-contact-id=${contactId} data-status=${contact.Status} ?data-ringing=${ringing}>
        ${card?.userImg ? html`<img src=${card.userImg} alt="" />` : html`<span class="avatar" aria-hidden="true">${card === undefined ? PHONE_ICON : card.name.slice(0, 1)}</span>`}
        <span class="who"><strong data-testid="card-name">${card?.name ?? caller}</strong>${card === undefined ? nothing : html`<small>${caller}</small>`}${this.#renderPop(contactId)}</span>
        <span
          >${ringing ? html`<span class="ringing" aria-hidden="true">Ringing</span> ` : nothing}<span class="status" data-testid="status">${contact.Status}</span>
          <span data-testid="elapsed">${clock(seconds)}</span>${held === undefined
            ? nothing
            : html`<span class="hold" data-testid="hold-timer">on hold ${clock(Math.max(0, Math.floor((this.now - held) / 1000)))}</span>`}</span
        >
        <div class="controls" role="group" aria-label=${`Controls for ${caller}`}>
          ${CONTROLS.map(
            ({ command, label, danger }) =>
              html`<button class=${danger ? 'danger' : ''} data-command=${command} aria-label=${`${label(contact, this.muted)} ${caller}`} ?disabled=${actionFor(command, contact, { muted: this.muted, recording: false }) === undefined} @click=${() => void this.#command(command, contact)}>
                ${label(contact, this.muted)}
              </button>`,
          )}
        </div>
      </li>
    `;
  }
}

/** The origin of a page's URL or URL template (its `{Field}` placeholders left out). */
function originOf(url: string): string {
  return new URL(url.replace(/\{\w+\}/g, ''), location.href).origin;
}

/** `m:ss`. */
function clock(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** A contact with no card yet: a handset, not the first digit of the number. */
const PHONE_ICON = svg`<svg viewBox="0 0 24 24" width="20" height="20" fill="currentColor"><path d="M6.6 10.8a15.1 15.1 0 0 0 6.6 6.6l2.2-2.2c.3-.3.7-.4 1-.2 1.1.4 2.3.6 3.6.6.6 0 1 .4 1 1V20c0 .6-.4 1-1 1A17 17 0 0 1 3 4c0-.6.4-1 1-1h3.5c.6 0 1 .4 1 1 0 1.3.2 2.5.6 3.6.1.3 0 .7-.2 1l-2.3 2.2z"/></svg>`;

customElements.define('ccbridge-desktop', CcbridgeDesktop);

declare global {
  interface HTMLElementTagNameMap {
    'ccbridge-desktop': CcbridgeDesktop;
  }
}
