import { LitElement, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { BridgeClient } from '../bridge-client.js';
import { everySecond } from '../../common/clock.js';
import { CommandState } from '../command-state.js';
import { BridgeError, ErrorCode } from '../../protocol/errors.js';
import { isTrue } from '../../protocol/rules.js';
import type { AgentState, ContactEvent, PlatformEvent } from '../../protocol/events.js';
import type { ClientEventSubscriptionAcknowledge, CommandResult, Envelope } from '../../protocol/envelope.js';
import type { CommandType, SubscriptionType } from '../../protocol/max.js';
import type { ServeHandlers } from '../types.js';
import type { AgentStateOptions, WrapUpOptions } from '../../protocol/actions.js';
import { styles } from './ccbridge-client.styles.js';

/** The `detail` of each event `<ccbridge-client>` fires (all bubble and cross shadow roots). */
export interface CcbridgeClientEventDetails {
  /** The registration was acknowledged (status OK or ERROR). */
  'ccbridge-acknowledge': ClientEventSubscriptionAcknowledge;
  /** A batch of platform events arrived, after the state was updated. */
  'ccbridge-events': { readonly events: readonly PlatformEvent[]; readonly envelope: Envelope };
  /** The agent state or the contacts changed. */
  'ccbridge-statechange': { readonly agentState: AgentState | undefined; readonly contacts: readonly ContactEvent[] };
  /** Registration failed or timed out, the host origin is invalid, or a command was refused. */
  'ccbridge-error': { readonly error: BridgeError };
  /** A `tel:` link was clicked with `click-to-dial` on, and the desktop answered the `Dial`. */
  'ccbridge-dial': { readonly phoneNumber: string; readonly result: CommandResult };
  /** The platform's reasons for `Unavailable`, read once the desktop grants `SetAgentState`. */
  'ccbridge-agent-state-options': AgentStateOptions;
  /** The dispositions and tags of the skill of the call in after-call work, read when wrap-up starts and the desktop grants `EndWrapUp`. */
  'ccbridge-wrap-up-options': WrapUpOptions;
}

/** The element's events as `addEventListener` types them: `CustomEvent`s with their `detail`. */
export type CcbridgeClientEventMap = { [K in keyof CcbridgeClientEventDetails]: CustomEvent<CcbridgeClientEventDetails[K]> };

interface LogEntry {
  readonly id: number;
  readonly time: string;
  readonly text: string;
}

const COMMAND_BUTTONS: readonly { readonly command: CommandType; readonly label: (contact: ContactEvent, muted: boolean) => string }[] = [
  { command: 'AnswerEvent', label: () => 'Answer' },
  { command: 'RefuseEvent', label: () => 'Refuse' },
  { command: 'HoldEvent', label: (contact) => (contact.Status === 'Holding' ? 'Resume' : 'Hold') },
  { command: 'MuteEvent', label: (_contact, muted) => (muted ? 'Unmute' : 'Mute') },
  { command: 'MaskEvent', label: (contact) => (contact.Status === 'Masking' ? 'Unmask' : 'Mask') },
  { command: 'RecordEvent', label: () => 'Record' },
  { command: 'HangupEvent', label: () => 'Hang up' },
];

/** Changing any of these makes the element register again. */
const CONNECTION_PROPERTIES = ['hostOrigin', 'subscriptionTypes', 'contactId', 'issuer', 'hostIssuer', 'timeoutMs', 'target', 'serve'] as const;

const MEDIA: ReadonlyMap<string, string> = new Map([
  ['CallContactEvent', 'Call'],
  ['TextContactEvent', 'Chat'],
  ['WorkItemContactEvent', 'Work item'],
]);

/** `"agent contacts"` or `"agent,contacts"` ⇄ `['agent', 'contacts']`. */
const listConverter = {
  fromAttribute: (value: string | null): string[] => (value ?? '').split(/[\s,]+/).filter((type) => type !== ''),
  toAttribute: (value: readonly string[]): string => value.join(' '),
};

/**
 * @summary The desktop's agent state and current contacts, with the call
 * controls, for a CRM page embedded in a MAX-compatible agent desktop.
 *
 * @slot header - Replaces the default heading ("Agent").
 * @slot - Extra content, shown under the contacts.
 * @slot footer - Content after the event log.
 *
 * @csspart base - The wrapper of everything.
 * @csspart agent-state - The agent's current state.
 * @csspart contacts - The list of current contacts.
 * @csspart contact - One contact.
 * @csspart contact-status - A contact's status.
 * @csspart contact-elapsed - The time since a contact started.
 * @csspart controls - A contact's buttons.
 * @csspart button - Each command button.
 * @csspart empty - The text shown with no contacts.
 * @csspart error - The last error.
 * @csspart log - The compact event log.
 *
 * @cssprop --ccbridge-font - The font.
 * @cssprop --ccbridge-color - The text colour.
 * @cssprop --ccbridge-background - The background.
 * @cssprop --ccbridge-accent - Buttons and highlights.
 * @cssprop --ccbridge-danger - Hang up, refuse and errors.
 * @cssprop --ccbridge-border - Borders and separators.
 * @cssprop --ccbridge-radius - Corner radius.
 *
 * @fires {CustomEvent<ClientEventSubscriptionAcknowledge>} ccbridge-acknowledge - The registration was acknowledged; `detail` is the acknowledgement (status OK or ERROR).
 * @fires {CustomEvent<{ events: readonly PlatformEvent[]; envelope: Envelope }>} ccbridge-events - A batch of platform events arrived; `detail` is `{ events, envelope }`.
 * @fires {CustomEvent<{ agentState: AgentState | undefined; contacts: readonly ContactEvent[] }>} ccbridge-statechange - The agent state or the contacts changed; `detail` is `{ agentState, contacts }`.
 * @fires {CustomEvent<{ error: BridgeError }>} ccbridge-error - Registration failed, timed out, or the host origin is invalid; `detail` is `{ error }` (a `BridgeError` with a `code`).
 * @fires {CustomEvent<AgentStateOptions>} ccbridge-agent-state-options - The desktop grants `SetAgentState`: the platform's reasons for `Unavailable`, `{ reasons: [{ reason }] }`.
 * @fires {CustomEvent<WrapUpOptions>} ccbridge-wrap-up-options - After-call work started and the desktop grants `EndWrapUp`: the dispositions and tags of the call's skill.
 * @fires {CustomEvent<{ phoneNumber: string; result: CommandResult }>} ccbridge-dial - With `click-to-dial`: a `tel:` link was clicked and the desktop answered the `Dial`; `detail` is `{ phoneNumber, result }` (a refused dial is also a `ccbridge-error`).
 */
export class CcbridgeClientElement extends LitElement {
  /** The element's styles; theme it with its CSS custom properties and parts. */
  static override styles = styles;

  /** The desktop's exact origin, e.g. `https://agent.example.com`. Required. */
  @property({ attribute: 'host-origin' }) accessor hostOrigin = '';

  /** Subscription types, space- or comma-separated (`all`, `agent`, `contact`, `contacts`, `sessioninfo`); an unknown one is an `INVALID_OPTION` error. */
  // Compared by value: a framework that passes a new array on every render (React's `subscriptionTypes={['all']}`) must not make the element register again.
  @property({ attribute: 'subscription-types', converter: listConverter, hasChanged: (value: readonly string[] | undefined, old: readonly string[] | undefined) => value?.join(' ') !== old?.join(' ') })
  accessor subscriptionTypes: SubscriptionType[] = ['all'];

  /** The contact to follow with `contact`; contact panels can leave it out. */
  @property({ attribute: 'contact-id', type: Number }) accessor contactId: number | undefined = undefined;

  /** This page's label in the desktop's logs. */
  @property() accessor issuer = 'ccbridge-client';

  /** The `issuer` of the desktop's envelopes (`MAX`, `CXA`, `CXoneAgent`). */
  @property({ attribute: 'host-issuer' }) accessor hostIssuer = 'MAX';

  /** How long to wait for the acknowledgement, in milliseconds. */
  @property({ attribute: 'timeout-ms', type: Number }) accessor timeoutMs = 5000;

  /** How many events the log keeps. */
  @property({ attribute: 'log-size', type: Number }) accessor logSize = 20;

  /**
   * Click-to-dial: a click on a `tel:` link anywhere in the page asks the
   * desktop to dial it (`Dial`, an action beyond MAX) instead of opening the
   * system's phone handler, when the desktop grants this page `Dial`.
   * Otherwise (off, a plain MAX desktop, not granted) links behave as usual.
   */
  @property({ attribute: 'click-to-dial', type: Boolean }) accessor clickToDial = false;

  /** The desktop window; default `window.opener || window.parent`. */
  @property({ attribute: false }) accessor target: Window | undefined = undefined;

  /** What the page does for the desktop: its search and call log handlers (`BridgeClientOptions.serve`). */
  @property({ attribute: false }) accessor serve: ServeHandlers | undefined = undefined;

  @state() private accessor agentState: AgentState | undefined = undefined;
  @state() private accessor contacts: readonly ContactEvent[] = [];
  @state() private accessor log: readonly LogEntry[] = [];
  @state() private accessor error: BridgeError | undefined = undefined;
  @state() private accessor now = Date.now();

  #client: BridgeClient | undefined;
  #commands: CommandState | undefined;
  /** Stops the ticking clock (`everySecond`), while contacts show their elapsed time. */
  #stopClock: (() => void) | undefined;
  #logId = 0;
  readonly #firstSeen = new Map<number, number>();

  /** The underlying client, for everything the element does not show. */
  get client(): BridgeClient | undefined {
    return this.#client;
  }

  /** A click on a `tel:` link, when click-to-dial is on and the desktop grants `Dial`: the desktop dials it. */
  readonly #onClick = (event: MouseEvent): void => {
    const client = this.#client;
    if (!this.clickToDial || client === undefined || event.defaultPrevented || !client.actions.includes('Dial')) return;
    const link = event.composedPath().find((node): node is HTMLAnchorElement => node instanceof HTMLAnchorElement && /^tel:/i.test(node.getAttribute('href') ?? ''));
    if (link === undefined) return;
    let phoneNumber: string;
    try {
      // tel:+1-555-0142;ext=12 → +1-555-0142 (RFC 3966 parameters dropped).
      phoneNumber = decodeURIComponent((link.getAttribute('href') ?? '').slice(4)).split(';')[0] ?? '';
    } catch {
      return;
    }
    event.preventDefault();
    client.dial(phoneNumber).then(
      (result) => {
        this.#emit('ccbridge-dial', { phoneNumber, result });
        if (result.status === 'REFUSED') this.#fail(new BridgeError(ErrorCode.CommandRefused, `Dial refused: ${result.refusal ?? ''}`, result));
      },
      (error: BridgeError) => {
        if (this.#client === client) this.#fail(error);
      },
    );
  };

  override connectedCallback(): void {
    super.connectedCallback();
    // Capture: the page's own handlers below see the click as handled (defaultPrevented).
    this.ownerDocument.addEventListener('click', this.#onClick, true);
    // Reconnecting after a move in the DOM: the update below will not run.
    if (this.hasUpdated && this.#client === undefined) this.#connect();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.ownerDocument.removeEventListener('click', this.#onClick, true);
    this.#disconnect();
  }

  #reconnect = false;

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    // State is reset here, before rendering; connecting (a side effect) waits for `updated`.
    this.#reconnect = CONNECTION_PROPERTIES.some((key) => changed.has(key));
    if (this.#reconnect) this.error = undefined;
    // The clock was stopped while there was nothing to time: start from now.
    if (this.#stopClock === undefined) this.now = Date.now();
  }

  protected override updated(): void {
    if (this.#reconnect && this.isConnected) this.#connect();
    this.#reconnect = false;
    const ticking = this.contacts.length > 0;
    // On the second, as the desktop's timers (common/clock.ts).
    if (ticking && this.#stopClock === undefined) this.#stopClock = everySecond((now) => (this.now = now));
    else if (!ticking && this.#stopClock !== undefined) this.#stopTicker();
  }

  #connect(): void {
    this.#disconnect();
    if (this.hostOrigin === '') return;
    let client: BridgeClient;
    try {
      client = new BridgeClient({
        hostOrigin: this.hostOrigin,
        subscriptionTypes: this.subscriptionTypes,
        contactId: this.contactId ?? null,
        issuer: this.issuer,
        hostIssuer: this.hostIssuer,
        timeoutMs: this.timeoutMs,
        ...(this.target === undefined ? {} : { target: this.target }),
        ...(this.serve === undefined ? {} : { serve: this.serve }),
      });
    } catch (error) {
      // A task later, not now: this runs in the first update, a microtask after
      // the parser made the element, before the page's next script can listen.
      setTimeout(() => {
        if (this.#client === undefined && this.isConnected) this.#fail(error as BridgeError);
      });
      return;
    }
    this.#client = client;
    this.#commands = new CommandState(client);
    client.on('acknowledge', (ack) => {
      this.#emit('ccbridge-acknowledge', ack);
      // The platform's lists, for a page that offers them: read once granted, as events.
      if (client.actions.includes('SetAgentState')) client.agentStateOptions().then((options) => this.#emit('ccbridge-agent-state-options', options), () => {});
    });
    let inWrapUp = false;
    client.on('agentState', ({ agentState }) => {
      const acw = isTrue(agentState?.['IsAcw']);
      if (acw && !inWrapUp && client.actions.includes('EndWrapUp')) {
        client.wrapUpOptions().then((options) => this.#emit('ccbridge-wrap-up-options', options), () => {});
      }
      inWrapUp = acw;
    });
    client.on('batch', ({ events, envelope }) => this.#onBatch(events, envelope));
    client.on('agentState', () => this.#syncState());
    client.on('contacts', () => this.#syncState());
    client.on('error', (error) => this.#fail(error));
    client.ready.then(
      () => this.#syncState(),
      (error: BridgeError) => {
        if (this.#client === client) this.#fail(error);
      },
    );
  }

  #disconnect(): void {
    this.#commands?.dispose();
    this.#client?.dispose();
    this.#client = undefined;
    this.#commands = undefined;
    this.#stopTicker();
  }

  #stopTicker(): void {
    this.#stopClock?.();
    this.#stopClock = undefined;
  }

  #syncState(): void {
    const client = this.#client;
    if (client === undefined) return;
    this.agentState = client.agentState;
    this.contacts = client.contacts;
    this.#emit('ccbridge-statechange', { agentState: this.agentState, contacts: this.contacts });
  }

  #onBatch(events: readonly PlatformEvent[], envelope: Envelope): void {
    const time = new Date().toLocaleTimeString();
    const entries = events.map((event) => ({ id: this.#logId++, time, text: describe(event) }));
    this.log = [...entries.reverse(), ...this.log].slice(0, Math.max(0, this.logSize));
    this.#emit('ccbridge-events', { events, envelope });
  }

  #fail(error: BridgeError): void {
    this.error = error;
    this.#emit('ccbridge-error', { error });
  }

  #emit<K extends keyof CcbridgeClientEventDetails>(type: K, detail: CcbridgeClientEventDetails[K]): void {
    this.dispatchEvent(bridgeEvent(type, detail));
  }

  #send(command: CommandType, contactId: number): void {
    const client = this.#client;
    if (client === undefined) return;
    client.command(command, contactId).then(
      (result) => {
        if (result?.status === 'REFUSED') this.#fail(new BridgeError(ErrorCode.CommandRefused, `${command} refused: ${result.refusal ?? ''}`, result));
      },
      (error: BridgeError) => {
        if (this.#client === client) this.#fail(error);
      },
    );
  }

  #elapsed(contact: ContactEvent, contactId: number): string {
    const started = Date.parse(String(contact.StartTimeUTC ?? ''));
    let since = Number.isNaN(started) ? this.#firstSeen.get(contactId) : started;
    if (since === undefined) this.#firstSeen.set(contactId, (since = this.now));
    const seconds = Math.max(0, Math.floor((this.now - since) / 1000));
    return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  }

  protected override render() {
    const client = this.#client;
    const agent = this.agentState;
    // After-call work by its name: CXone reports it as Unavailable with IsAcw.
    const stateText =
      agent === undefined
        ? client?.registered
          ? 'Unknown'
          : 'Not connected'
        : isTrue(agent.IsAcw)
          ? 'After-call work'
          : `${agent.CurrentState}${agent.CurrentOutReason ? ` (${String(agent.CurrentOutReason)})` : ''}`;
    return html`
      <section part="base" aria-label="Contact center">
        <header>
          <slot name="header"><span class="title">Agent</span></slot>
          <span part="agent-state" role="status" aria-label="Agent state">${stateText}</span>
        </header>
        ${this.error === undefined ? nothing : html`<p part="error" role="alert">${this.error.message}</p>`}
        ${this.contacts.length === 0
          ? html`<p part="empty">No current contacts</p>`
          : html`<ul part="contacts" aria-label="Current contacts">
              ${this.contacts.map((contact) => this.#renderContact(contact))}
            </ul>`}
        <slot></slot>
        <ol part="log" aria-label="Recent events">
          ${this.log.map((entry) => html`<li>${entry.time} ${entry.text}</li>`)}
        </ol>
        <slot name="footer"></slot>
      </section>
    `;
  }

  #renderContact(contact: ContactEvent) {
    const contactId = Number(contact.ContactID);
    const party = contact['ANI'] ?? contact['FromAddr'] ?? '';
    const label = `${MEDIA.get(contact.Type) ?? contact.Type} ${String(party)}`.trim();
    const commands = this.#commands;
    const muted = commands?.isMuted(contactId) ?? false;
    return html`
      <li part="contact" data-contact-id=${contactId}>
        <span>${label}</span>
        <span part="contact-status">${contact.Status}</span>
        <span part="contact-elapsed" aria-label="Elapsed time">${this.#elapsed(contact, contactId)}</span>
        <div part="controls" role="group" aria-label=${`Controls for ${label}`}>
          ${COMMAND_BUTTONS.map(({ command, label: text }) => {
            const name = text(contact, muted);
            // A command the desktop does not grant this page is disabled and says why.
            const permitted = commands?.permits(command) ?? true;
            return html`<button
              part="button"
              data-command=${command}
              data-permitted=${permitted ? 'true' : 'false'}
              title=${permitted ? name : `${name}: not permitted for this page`}
              aria-label=${permitted ? `${name} ${label}` : `${name} ${label} (not permitted for this page)`}
              ?disabled=${commands?.canSend(command, contactId) !== true}
              @click=${() => this.#send(command, contactId)}
            >
              ${name}
            </button>`;
          })}
        </div>
      </li>
    `;
  }
}

/**
 * The element's events bubble out of its shadow root. Built outside the class
 * so the manifest analyzer takes the event names from the `@fires` tags, not
 * from this helper's parameter.
 */
function bridgeEvent(type: string, detail: unknown): CustomEvent {
  return new CustomEvent(type, { detail, bubbles: true, composed: true });
}

function describe(event: PlatformEvent): string {
  const contactId = event['ContactID'];
  const status = event['Status'] ?? event['CurrentState'];
  return [event.Type, contactId, status].filter((part) => part !== undefined && part !== null && part !== '').map(String).join(' ');
}

