/**
 * Page → host actions beyond MAX, stated once (shape.ts): what a CRM page may
 * ask of the agent's desktop besides MAX's seven commands, when both sides are
 * ccbridge. A page asks for them at registration (`ccbridge.actions: true`);
 * the host answers with the actions the origin's policy grants
 * (`ccbridge.actions: ['Dial', …]` in the first envelope), and answers each
 * action with a `CommandResult` (envelope.ts). A plain MAX page never sends
 * them and never sees a trace of them (docs/protocol.md#actions-beyond-max).
 *
 * Each message carries the `version` of its shape, so a later change is
 * announced by a new version and the old one kept until it is retired
 * (docs/versioning.md): a host answers a version it does not know with
 * `UNSUPPORTED_VERSION`.
 */
import { ContactIdValue } from './events.js';
import { array, lenient, literal, nullable, number, object, optional, parse, record, string, variants } from './shape.js';
import type { Infer, Issue } from './shape.js';

/** The actions a page can ask for, in the order the docs list them. */
export const ACTION_TYPES = ['Dial', 'SetAgentState', 'Transfer', 'Conference', 'SetContactData', 'EndWrapUp'] as const;
/** One of the actions beyond MAX. */
export type ActionType = (typeof ACTION_TYPES)[number];

/** The messages of the actions beyond MAX: the actions, and the queries that serve them (`GetAgentStateOptions` with `SetAgentState`, `GetWrapUpOptions` with `EndWrapUp`). */
export type ActionMessageType = ActionType | 'GetAgentStateOptions' | 'GetWrapUpOptions';

/** The version of each message beyond MAX this package speaks. */
export const ACTION_VERSIONS: Readonly<Record<ActionMessageType, number>> = { Dial: 1, SetAgentState: 1, Transfer: 1, Conference: 1, SetContactData: 1, EndWrapUp: 1, GetAgentStateOptions: 1, GetWrapUpOptions: 1 };

/** The action whose grant allows a message: a query goes with the action it serves. */
export const grantOf = (messageType: ActionMessageType): ActionType =>
  messageType === 'GetWrapUpOptions' ? 'EndWrapUp' : messageType === 'GetAgentStateOptions' ? 'SetAgentState' : messageType;

/** The longest number a page may dial: 20 digits and a leading `+` (E.164 numbers have at most 15 digits; the rest is room for prefixes). */
export const DIAL_NUMBER_MAX_LENGTH = 21;
/** What a dialled number may be once spaces, dots, dashes and brackets are dropped: an optional `+` and 2 to 20 digits. */
export const DIALABLE = /^\+?[0-9]{2,20}$/;

/** A number as a person writes it (`+1 (555) 014-2000`), as the platform takes it (`+15550142000`); `undefined` when it is not a number at all. */
export function dialable(number: string): string | undefined {
  const compact = number.replace(/[\s().-]/g, '');
  return DIALABLE.test(compact) ? compact : undefined;
}

const Issuer = /* @__PURE__ */ lenient(/* @__PURE__ */ string(0, 256));
const Version = /* @__PURE__ */ number({ integer: true, min: 1 });
/** Every action names the `CommandResult` that answers it. */
const Request = /* @__PURE__ */ object({ requestId: /* @__PURE__ */ number({ integer: true, min: 0 }) });

/**
 * `Dial` (version 1): place an outbound call (click-to-dial). `phoneNumber`
 * as the page shows it (spaces, dots, dashes and brackets are dropped; what
 * is left must be an optional `+` and 2 to 20 digits); `skill`, the outbound
 * skill or queue by name or id, when the platform needs one; `variables`,
 * data attached to the call (XUC call variables).
 */
export const Dial = /* @__PURE__ */ object({
  messageType: /* @__PURE__ */ literal('Dial'),
  version: Version,
  phoneNumber: /* @__PURE__ */ string(1, 64),
  skill: /* @__PURE__ */ optional(/* @__PURE__ */ string(1, 128)),
  variables: /* @__PURE__ */ optional(/* @__PURE__ */ record(/* @__PURE__ */ string(0, 1024))),
  issuer: Issuer,
  ccbridge: Request,
});
export type Dial = Infer<typeof Dial>;

/**
 * `SetAgentState` (version 1): the agent becomes `Available`, or
 * `Unavailable` with a `reason` (an unavailable code of the platform's:
 * CXone's out-state reason, XUC's pause reason).
 */
export const SetAgentState = /* @__PURE__ */ object({
  messageType: /* @__PURE__ */ literal('SetAgentState'),
  version: Version,
  state: /* @__PURE__ */ literal('Available', 'Unavailable'),
  reason: /* @__PURE__ */ optional(/* @__PURE__ */ string(0, 128)),
  issuer: Issuer,
  ccbridge: Request,
});
export type SetAgentState = Infer<typeof SetAgentState>;

/** The steps of a transfer: `blind` and `consult` start one (with a number), `complete` and `cancel` end a consult. */
export const TRANSFER_MODES = ['blind', 'consult', 'complete', 'cancel'] as const;
/** One of the steps of a transfer. */
export type TransferMode = (typeof TRANSFER_MODES)[number];

/**
 * `Transfer` (version 1): transfers the agent's call to a number.
 * - `blind`: the caller goes to `phoneNumber`; the agent leaves the call.
 * - `consult`: the caller is held and `phoneNumber` is called (the consult
 *   call), so the agent can speak to that party first;
 * - `complete`: the held caller and the consulted party are joined and the
 *   agent leaves both calls (the consult call may still be ringing);
 * - `cancel`: the consult call ends and the caller is back with the agent.
 * `contactId`: the caller's contact (default: the only call it can apply
 * to). `phoneNumber` is required for `blind` and `consult`, as for `Dial`.
 */
export const Transfer = /* @__PURE__ */ object({
  messageType: /* @__PURE__ */ literal('Transfer'),
  version: Version,
  // Spelled out, not spread from TRANSFER_MODES: a spread keeps the statement in bundles that never use it (esbuild). Checked equal below.
  mode: /* @__PURE__ */ literal('blind', 'consult', 'complete', 'cancel'),
  phoneNumber: /* @__PURE__ */ optional(/* @__PURE__ */ string(1, 64)),
  contactId: /* @__PURE__ */ optional(/* @__PURE__ */ nullable(ContactIdValue)),
  issuer: Issuer,
  ccbridge: Request,
});
export type Transfer = Infer<typeof Transfer>;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
/** Compile-time: the statement's modes are `TRANSFER_MODES`, no more, no fewer (`tsc` fails otherwise). */
export type TransferModesAgree = Assert<Same<Transfer['mode'], TransferMode>>;

/**
 * `Conference` (version 1): during a consult, joins the held caller, the
 * consulted party (once it answered) and the agent in one call.
 * `contactId`: the caller's contact (default: the held one).
 */
export const Conference = /* @__PURE__ */ object({
  messageType: /* @__PURE__ */ literal('Conference'),
  version: Version,
  contactId: /* @__PURE__ */ optional(/* @__PURE__ */ nullable(ContactIdValue)),
  issuer: Issuer,
  ccbridge: Request,
});
export type Conference = Infer<typeof Conference>;

/** The most keys one `SetContactData` may write. */
export const CONTACT_DATA_MAX_KEYS = 32;
/** What a contact data key looks like (XUC's `USR_*` variables fit). */
export const CONTACT_DATA_KEY = /^[A-Za-z_][\w.-]{0,63}$/;

/**
 * `SetContactData` (version 1): attaches key/values to a current contact
 * (XUC call variables, CXone contact custom data), for the pages and systems
 * that handle the contact later. `contactId`: default the only current call.
 * Each key must be one the origin may write (`OriginPolicy.contactDataKeys`).
 */
export const SetContactData = /* @__PURE__ */ object({
  messageType: /* @__PURE__ */ literal('SetContactData'),
  version: Version,
  contactId: /* @__PURE__ */ optional(/* @__PURE__ */ nullable(ContactIdValue)),
  data: /* @__PURE__ */ record(/* @__PURE__ */ string(0, 1024)),
  issuer: Issuer,
  ccbridge: Request,
});
export type SetContactData = Infer<typeof SetContactData>;

/** The longest wrap-up note kept. */
export const NOTES_MAX_LENGTH = 4000;

/**
 * `EndWrapUp` (version 1): ends the agent's after-call work on a contact,
 * with a disposition from the contact's skill (`dispositionId`), `notes` and
 * `tags` (ids of the skill's tags).
 * `contactId`: the contact in wrap-up (default: the one that ended last).
 * Without a disposition, wrap-up simply ends (the agent becomes available).
 */
export const EndWrapUp = /* @__PURE__ */ object({
  messageType: /* @__PURE__ */ literal('EndWrapUp'),
  version: Version,
  contactId: /* @__PURE__ */ optional(/* @__PURE__ */ nullable(ContactIdValue)),
  dispositionId: /* @__PURE__ */ optional(/* @__PURE__ */ number({ integer: true, min: 0 })),
  notes: /* @__PURE__ */ optional(/* @__PURE__ */ string(0, NOTES_MAX_LENGTH)),
  tags: /* @__PURE__ */ optional(/* @__PURE__ */ array(/* @__PURE__ */ number({ integer: true, min: 0 }), 64)),
  issuer: Issuer,
  ccbridge: Request,
});
export type EndWrapUp = Infer<typeof EndWrapUp>;

/**
 * `GetWrapUpOptions` (version 1): what `EndWrapUp` may choose for a contact,
 * from the platform (the dispositions and tags of the contact's skill).
 * `contactId`: a current contact, or the one in after-call work (default:
 * the one that ended last). Allowed to a page granted `EndWrapUp`; answered
 * with a `CommandResult` whose `data` is `WrapUpOptions`.
 */
export const GetWrapUpOptions = /* @__PURE__ */ object({
  messageType: /* @__PURE__ */ literal('GetWrapUpOptions'),
  version: Version,
  contactId: /* @__PURE__ */ optional(/* @__PURE__ */ nullable(ContactIdValue)),
  issuer: Issuer,
  ccbridge: Request,
});
export type GetWrapUpOptions = Infer<typeof GetWrapUpOptions>;

/** The dispositions and tags of a contact's skill: the `data` of `GetWrapUpOptions`'s result. */
export const WrapUpOptions = /* @__PURE__ */ object({
  skill: /* @__PURE__ */ string(),
  dispositions: /* @__PURE__ */ array(/* @__PURE__ */ object({ dispositionId: /* @__PURE__ */ number({ integer: true, min: 0 }), dispositionName: /* @__PURE__ */ string() }), 1000),
  tags: /* @__PURE__ */ array(/* @__PURE__ */ object({ tagId: /* @__PURE__ */ number({ integer: true, min: 0 }), tagName: /* @__PURE__ */ string() }), 1000),
});
export type WrapUpOptions = Infer<typeof WrapUpOptions>;

/**
 * `GetAgentStateOptions` (version 1): the reasons `SetAgentState` may give
 * for `Unavailable` (the platform's unavailable codes). Allowed to a page
 * granted `SetAgentState`; answered with a `CommandResult` whose `data` is
 * `AgentStateOptions`.
 */
export const GetAgentStateOptions = /* @__PURE__ */ object({
  messageType: /* @__PURE__ */ literal('GetAgentStateOptions'),
  version: Version,
  issuer: Issuer,
  ccbridge: Request,
});
export type GetAgentStateOptions = Infer<typeof GetAgentStateOptions>;

/** The reasons an agent may give for being unavailable: the `data` of `GetAgentStateOptions`'s result. */
export const AgentStateOptions = /* @__PURE__ */ object({
  reasons: /* @__PURE__ */ array(/* @__PURE__ */ object({ reason: /* @__PURE__ */ string(1, 128) }), 1000),
});
export type AgentStateOptions = Infer<typeof AgentStateOptions>;

/** Every message beyond MAX a page may post, by its `messageType`. Unknown keys are dropped. */
export const ActionMessage = /* @__PURE__ */ variants('messageType', { Dial, SetAgentState, Transfer, Conference, SetContactData, EndWrapUp, GetAgentStateOptions, GetWrapUpOptions } satisfies Record<ActionMessageType, unknown>);
/** Any action message. */
export type ActionMessage = Dial | SetAgentState | Transfer | Conference | SetContactData | EndWrapUp | GetAgentStateOptions | GetWrapUpOptions;

/** The `messageType` of a value that names a message beyond MAX, valid or not; `undefined` for anything else. Never throws. */
export function actionMessageType(data: unknown): ActionMessageType | undefined {
  try {
    const type: unknown = typeof data === 'object' && data !== null && Object.hasOwn(data, 'messageType') ? (data as { messageType: unknown }).messageType : undefined;
    return typeof type === 'string' && Object.hasOwn(ACTION_VERSIONS, type) ? (type as ActionMessageType) : undefined;
  } catch {
    return undefined;
  }
}

/** A message beyond MAX read against its statement: a fresh object with its fields only, or the issues. Never throws. */
export function parseActionMessage(data: unknown): { success: true; data: ActionMessage } | { success: false; issues: readonly Issue[] } {
  const result = parse(ActionMessage, data);
  return result.success ? { success: true, data: result.data as ActionMessage } : { success: false, issues: result.issues };
}

// ---- What a page does for the desktop: search-and-pop and the call log ----

/**
 * What a page can do for the desktop, host-initiated: search its CRM for a
 * caller (`Search`), save a call's log (`CallLog`). A page offers them at
 * registration (`ccbridge.serves`); the desktop uses those its plug-in
 * (`crmLink()`) does and the origin's policy grants (`actions`), and says
 * which in the first envelope.
 */
export const SERVICE_TYPES = ['Search', 'CallLog'] as const;
/** One of the services a page can offer the desktop. */
export type ServiceType = (typeof SERVICE_TYPES)[number];

/** The version of each host-initiated request and its answer. */
export const SERVICE_VERSIONS: Readonly<Record<'SearchContact' | 'SaveCallLog', number>> = { SearchContact: 1, SaveCallLog: 1 };

const RequestId = /* @__PURE__ */ number({ integer: true, min: 0 });
const Id = /* @__PURE__ */ number({ integer: true, min: 1 });
const Url = /* @__PURE__ */ string(1, 2048);
const Data = /* @__PURE__ */ optional(/* @__PURE__ */ record(/* @__PURE__ */ string(0, 1024)));

/**
 * `SearchContact` (version 1), desktop → page: a call arrived; search the
 * CRM for its caller. Answered with `SearchResult` (same `requestId` in
 * `ccbridge`) within the desktop's time limit, or skipped.
 */
export const SearchContact = /* @__PURE__ */ object({
  messageType: /* @__PURE__ */ literal('SearchContact'),
  version: Version,
  requestId: RequestId,
  contactId: Id,
  ani: /* @__PURE__ */ optional(/* @__PURE__ */ string(0, 64)),
  dnis: /* @__PURE__ */ optional(/* @__PURE__ */ string(0, 64)),
  skill: /* @__PURE__ */ optional(/* @__PURE__ */ string(0, 128)),
  /** The call's attached data (XUC user data, CXone custom data), as its events carry it. */
  data: Data,
});
export type SearchContact = Infer<typeof SearchContact>;

/** A CRM record that matches a caller: its id, what the agent reads, and where it opens (a URL of the page's own origin). */
export const SearchMatch = /* @__PURE__ */ object({ id: /* @__PURE__ */ string(1, 256), label: /* @__PURE__ */ string(0, 256), url: Url });
export type SearchMatch = Infer<typeof SearchMatch>;

/** `SearchResult` (version 1), page → desktop: the records that match (perhaps none), and where a new one is made. */
export const SearchResult = /* @__PURE__ */ object({
  messageType: /* @__PURE__ */ literal('SearchResult'),
  version: Version,
  matches: /* @__PURE__ */ array(SearchMatch, 50),
  newRecordUrl: /* @__PURE__ */ optional(Url),
  issuer: Issuer,
  ccbridge: Request,
});
export type SearchResult = Infer<typeof SearchResult>;

/** A call's log, as the desktop knows it at the end of wrap-up. */
export const CallLog = /* @__PURE__ */ object({
  contactId: Id,
  direction: /* @__PURE__ */ literal('inbound', 'outbound'),
  ani: /* @__PURE__ */ optional(/* @__PURE__ */ string(0, 64)),
  dnis: /* @__PURE__ */ optional(/* @__PURE__ */ string(0, 64)),
  skill: /* @__PURE__ */ optional(/* @__PURE__ */ string(0, 128)),
  /** ISO 8601, from the platform's events. */
  startTime: /* @__PURE__ */ optional(/* @__PURE__ */ string(0, 64)),
  endTime: /* @__PURE__ */ optional(/* @__PURE__ */ string(0, 64)),
  dispositionId: /* @__PURE__ */ optional(/* @__PURE__ */ number({ integer: true, min: 0 })),
  notes: /* @__PURE__ */ optional(/* @__PURE__ */ string(0, NOTES_MAX_LENGTH)),
  tags: /* @__PURE__ */ optional(/* @__PURE__ */ array(/* @__PURE__ */ number({ integer: true, min: 0 }), 64)),
  data: Data,
});
export type CallLog = Infer<typeof CallLog>;

/**
 * `SaveCallLog` (version 1), desktop → page: save this call's log in the
 * CRM (on `recordId`, the record popped for the call, when there is one).
 * Answered with `CallLogSaved`.
 */
export const SaveCallLog = /* @__PURE__ */ object({
  messageType: /* @__PURE__ */ literal('SaveCallLog'),
  version: Version,
  requestId: RequestId,
  recordId: /* @__PURE__ */ optional(/* @__PURE__ */ string(1, 256)),
  log: CallLog,
});
export type SaveCallLog = Infer<typeof SaveCallLog>;

/** `CallLogSaved` (version 1), page → desktop: the id of the CRM record that holds the log. */
export const CallLogSaved = /* @__PURE__ */ object({
  messageType: /* @__PURE__ */ literal('CallLogSaved'),
  version: Version,
  logId: /* @__PURE__ */ string(1, 256),
  issuer: Issuer,
  ccbridge: Request,
});
export type CallLogSaved = Infer<typeof CallLogSaved>;

/** A page's answer to a desktop's request. */
export const ServiceAnswer = /* @__PURE__ */ variants('messageType', { SearchResult, CallLogSaved });
export type ServiceAnswer = SearchResult | CallLogSaved;

/** What the desktop's controller is asked to do for an action, as the host checked it. */
export type ActionRequest =
  | { readonly action: 'dial'; readonly phoneNumber: string; readonly skill?: string; readonly variables?: Readonly<Record<string, string>> }
  | { readonly action: 'setState'; readonly state: 'Available' | 'Unavailable'; readonly reason?: string }
  /** A blind or consult transfer of the caller's contact to a number. */
  | { readonly action: 'transfer'; readonly mode: 'blind' | 'consult'; readonly contactId: number; readonly phoneNumber: string; readonly held: boolean }
  /** The end of a consult: the caller's contact, and the consult call's. */
  | { readonly action: 'transfer'; readonly mode: 'complete' | 'cancel'; readonly contactId: number; readonly consultId: number }
  /** A conference of the caller's contact and the consult call. */
  | { readonly action: 'conference'; readonly contactId: number; readonly consultId: number }
  /** Key/values for a current contact, every key one the origin may write. */
  | { readonly action: 'setContactData'; readonly contactId: number; readonly data: Readonly<Record<string, string>> }
  /** The contact in wrap-up, its skill (as its events gave it), and what the page chose. */
  | { readonly action: 'endWrapUp'; readonly contactId: number; readonly skill?: string; readonly dispositionId?: number; readonly notes?: string; readonly tags?: readonly number[] }
  /** The controller resolves with the skill's `WrapUpOptions`. */
  | { readonly action: 'wrapUpOptions'; readonly contactId: number; readonly skill: string }
  /** The controller resolves with the platform's `AgentStateOptions`. */
  | { readonly action: 'agentStateOptions' };

/** The concrete action a `CommandResult` names for each action message. */
export type ActionName = ActionRequest['action'];

/** Whether a `CommandResult`'s action is an action beyond MAX's (not a contact action). */
export const isActionName = (action: string): action is ActionName => ['dial', 'setState', 'transfer', 'conference', 'setContactData', 'endWrapUp', 'wrapUpOptions', 'agentStateOptions'].includes(action);
