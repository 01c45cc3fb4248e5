/** The client's public types: its options and the events it emits. */
import type { BridgeError } from '../protocol/errors.js';
import type { AgentState, ContactEvent, PlatformEvent } from '../protocol/events.js';
import type { ClientEventSubscriptionAcknowledge, CommandResult, Envelope } from '../protocol/envelope.js';
import type { SubscriptionType } from '../protocol/max.js';
import type { SaveCallLog, SearchContact, SearchMatch } from '../protocol/actions.js';
import type { StateChange } from '../protocol/state.js';

/** Options of `new BridgeClient()`: `hostOrigin` and `subscriptionTypes` are required. */
export interface BridgeClientOptions {
  /** The desktop's origin, exactly (`https://agent.example.com`), or `'*'` to accept any (warns). */
  readonly hostOrigin: string;
  /** What to receive: `all`, `agent`, `contact`, `contacts`, `sessioninfo` (at least one). */
  readonly subscriptionTypes: readonly SubscriptionType[];
  /** The contact to follow with `contact`; a contact panel may leave it out. */
  readonly contactId?: number | null;
  /** This page's label in the desktop's logs. Default `'ccbridge-client'`. */
  readonly issuer?: string;
  /** The `issuer` the desktop puts on its envelopes. Default `'MAX'`. */
  readonly hostIssuer?: string;
  /** The desktop window. Default `window.opener || window.parent`. */
  readonly target?: Window;
  /** How long to wait for the acknowledgement (and for command results). Default 5000 ms. */
  readonly timeoutMs?: number;
  /** Ask a ccbridge host for the private channel, command results and sequence numbers. Default true. */
  readonly extensions?: boolean;
  /** Register as soon as the client is made. Default true. */
  readonly autoRegister?: boolean;
  /** The page's own window. Default `globalThis.window`. */
  readonly window?: Window;
  /**
   * What this page does for the desktop, when a ccbridge desktop asks
   * (search-and-pop and the call log, docs/page-authors.md#search-and-pop-and-the-call-log).
   * Each handler is offered at registration; the desktop says which it will
   * use (`client.serves`).
   */
  readonly serve?: ServeHandlers;
}

/** A page's answers to the desktop's requests. */
export interface ServeHandlers {
  /** A call arrived: the CRM records that match its caller (URLs of this page's origin), and where a new one is made. */
  readonly search?: (request: SearchContact) => SearchAnswer | Promise<SearchAnswer>;
  /** A call is over: save its log (on `request.recordId`, the record popped for it, if any); resolve with the log's id in the CRM. */
  readonly callLog?: (request: SaveCallLog) => string | Promise<string>;
}

/** What a page's search finds. */
export interface SearchAnswer {
  readonly matches: readonly SearchMatch[];
  readonly newRecordUrl?: string;
}

/** Messages the client ignored, by reason. */
export interface IgnoredCounts {
  otherWindow: number;
  otherOrigin: number;
  otherIssuer: number;
  malformed: number;
  invalidEvents: number;
}

/** What an `agentState` listener gets. */
export interface AgentStateDetail {
  readonly agentState: AgentState | undefined;
}

/** The client's events (`client.on`), by name, with what each listener gets. */
export interface BridgeClientEventMap {
  /** The acknowledgement of a registration (OK or ERROR). */
  acknowledge: ClientEventSubscriptionAcknowledge;
  /** Each envelope's platform events, after the state was updated. */
  batch: { readonly events: readonly PlatformEvent[]; readonly envelope: Envelope };
  /** Every platform event, one by one. */
  event: PlatformEvent;
  /** The agent state changed. */
  agentState: AgentStateDetail;
  /** The set of current contacts or one of them changed. */
  contacts: { readonly contacts: readonly ContactEvent[]; readonly change: StateChange };
  /** A `SessionInfo` arrived. */
  sessionInfo: { readonly sessionToken: string };
  /** The desktop answered a command (`results` extension). */
  commandResult: CommandResult;
  /** Something went wrong that is not a rejected promise (e.g. a sequence gap). */
  error: BridgeError;
}
