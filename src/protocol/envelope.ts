/**
 * Host → page: what a desktop posts and a CRM page reads, stated once
 * (shape.ts). The types, the checks every page runs (`readEnvelope`,
 * `readControlItem`, `parseReceivedEvent`) and the public zod schemas
 * (schemas.ts) come from these statements. A page's bundle is built from this
 * file, the kit and rules.ts alone.
 */
import { SaveCallLog, SearchContact } from './actions.js';
import type { ActionName, ActionType, ServiceType } from './actions.js';
import type { ContactAction } from './command-rules.js';
import type { Refusal } from './errors.js';
import type { PlatformEvent } from './events.js';
import type { AckReason, CommandType } from './max.js';
import { contactEventTypes, toContactId } from './rules.js';
import { array, lenient, literal, nullable, number, object, optional, read, refine, string, unknown, variants } from './shape.js';
import type { Infer } from './shape.js';

/** The version of ccbridge's extensions this package speaks (docs/versioning.md). */
export const EXTENSIONS_VERSION = 1;

/**
 * ccbridge's opt-in extensions, asked for at registration in a `ccbridge`
 * field that MAX-only hosts ignore (unknown fields are ignored by the
 * protocol). A ccbridge host answers with the set it accepted in the first
 * envelope, so a page knows exactly what it got:
 * - `channel`: the first envelope transfers a `MessagePort`; every later
 *   message both ways uses it. No other window can inject into a port, and a
 *   port is faster than `window.postMessage`.
 * - `results`: commands that carry `ccbridge.requestId` get a `CommandResult`.
 * - `sequence`: envelopes carry `seq` (1, 2, 3, …) so a page can detect gaps.
 * Each flag is kept as given and read as `=== true` by both sides.
 */
export const Extensions = /* @__PURE__ */ object({
  version: /* @__PURE__ */ number(),
  channel: /* @__PURE__ */ optional(/* @__PURE__ */ unknown()),
  results: /* @__PURE__ */ optional(/* @__PURE__ */ unknown()),
  sequence: /* @__PURE__ */ optional(/* @__PURE__ */ unknown()),
  /**
   * In the first envelope only: the MAX commands this page's origin may send
   * (the host's policy), so a page can offer only those. A page asking for
   * extensions does not send it; a plain MAX page never sees it.
   */
  commands: /* @__PURE__ */ optional(/* @__PURE__ */ array(/* @__PURE__ */ string(), 64)),
  /**
   * Actions beyond MAX (actions.ts): `true` when a page asks for them; in the
   * first envelope, the actions the origin's policy grants (perhaps none).
   * A page that did not ask gets no `actions` at all.
   */
  actions: /* @__PURE__ */ optional(/* @__PURE__ */ unknown()),
  /**
   * What a page does for the desktop (actions.ts, `SERVICE_TYPES`): the list
   * it offers when it registers; in the first envelope, those the desktop
   * will ask of it (perhaps none).
   */
  serves: /* @__PURE__ */ optional(/* @__PURE__ */ unknown()),
});
/** What a page reads of the flags: `true` or anything else, which means no. */
export interface Extensions {
  readonly version: number;
  readonly channel?: boolean;
  readonly results?: boolean;
  readonly sequence?: boolean;
  /** The commands the page may send (in the first envelope): what the host's policy grants its origin. */
  readonly commands?: CommandType[];
  /** Asked: `true`. Answered (in the first envelope): the actions beyond MAX the page may send. */
  readonly actions?: boolean | ActionType[];
  /** Offered, then accepted (in the first envelope): the desktop's requests the page answers. */
  readonly serves?: ServiceType[];
}

const NullableNumber = /* @__PURE__ */ nullable(/* @__PURE__ */ number());

/** The statement of the acknowledgement: the first item of the first envelope after a registration. */
export const ClientEventSubscriptionAcknowledge = /* @__PURE__ */ object({
  messageType: /* @__PURE__ */ literal('ClientEventSubscriptionAcknowledge'),
  contactId: NullableNumber,
  status: /* @__PURE__ */ literal('OK', 'ERROR'),
  // A page must understand a reason it does not know yet (a newer host's): any string.
  reason: /* @__PURE__ */ string(),
});
/** The desktop's answer to a registration: `status` `OK` or `ERROR`, with a `reason`. */
export interface ClientEventSubscriptionAcknowledge extends Infer<typeof ClientEventSubscriptionAcknowledge> {
  /** What a ccbridge host sends; a page reads any string. */
  readonly reason: AckReason;
}

export const SessionInfo = /* @__PURE__ */ object({
  messageType: /* @__PURE__ */ literal('SessionInfo'),
  sessionToken: /* @__PURE__ */ string(),
});
export type SessionInfo = Infer<typeof SessionInfo>;

/** The answer to a command sent with the `results` extension. */
export const CommandResult = /* @__PURE__ */ object({
  messageType: /* @__PURE__ */ literal('CommandResult'),
  requestId: /* @__PURE__ */ number(),
  status: /* @__PURE__ */ literal('OK', 'REFUSED'),
  /** The contact the command acted on, when one was found. */
  contactId: NullableNumber,
  /** The concrete action taken (`hold`, `resume`, …), or `null` when refused. A page reads any string: a newer host may act otherwise. */
  action: /* @__PURE__ */ nullable(/* @__PURE__ */ string()),
  /** Why it was refused, or `null` when carried out (any string, for the same reason). */
  refusal: /* @__PURE__ */ nullable(/* @__PURE__ */ string()),
  detail: /* @__PURE__ */ optional(/* @__PURE__ */ string()),
  /** What a query answers (`GetWrapUpOptions`: `WrapUpOptions`); a page reads it with the query's own statement. */
  data: /* @__PURE__ */ optional(/* @__PURE__ */ unknown()),
});
export interface CommandResult extends Infer<typeof CommandResult> {
  /** What a ccbridge host sends: a contact action for a MAX command, an action's name (`dial`, `setState`) for an action beyond MAX. */
  readonly action: ContactAction | ActionName | null;
  readonly refusal: Refusal | null;
}

/** The messages an envelope may carry besides events: MAX's acknowledgement, and ccbridge's session info, results and requests (a page that did not ask for them never gets them). */
export const ControlItem = /* @__PURE__ */ variants('messageType', { ClientEventSubscriptionAcknowledge, SessionInfo, CommandResult, SearchContact, SaveCallLog });

/**
 * An event as a page reads it: looser than the platform's statement on
 * purpose (a page must accept events a newer platform or host sends), strict
 * on the fields a page's state is built from. `Type` a non-empty string;
 * `Status` and `CurrentState`, when present, strings; a contact event has a
 * valid `ContactID` and a `Status`; an `AgentState` has a `CurrentState`.
 * Every other field is kept (but `__proto__`).
 */
export const ReceivedEvent = /* @__PURE__ */ refine(
  /* @__PURE__ */ object(
    {
      Type: /* @__PURE__ */ string(1),
      Status: /* @__PURE__ */ optional(/* @__PURE__ */ string()),
      CurrentState: /* @__PURE__ */ optional(/* @__PURE__ */ string()),
    },
    { keep: true },
  ),
  (event) => (contactEventTypes.has(event.Type) ? toContactId(event['ContactID']) !== null && event.Status !== undefined : event.Type !== 'AgentState' || event.CurrentState !== undefined),
  'a contact event needs a valid ContactID and a Status, an AgentState a CurrentState',
);

/**
 * What the host posts. Items are checked one by one by the receiver (an
 * array of anything here), so one odd event cannot hide the others.
 */
export const Envelope = /* @__PURE__ */ object({
  issuer: /* @__PURE__ */ string(),
  contactId: NullableNumber,
  events: /* @__PURE__ */ array(/* @__PURE__ */ unknown()),
  /** In the first envelope only: the extensions the host accepted. */
  ccbridge: /* @__PURE__ */ optional(Extensions),
  /** With the `sequence` extension: 1 for the first envelope, then +1 each. */
  seq: /* @__PURE__ */ optional(/* @__PURE__ */ number()),
});

/** One item of an envelope: an acknowledgement, session info, a command result, a desktop's request, or a platform event. */
export type EnvelopeItem = ClientEventSubscriptionAcknowledge | SessionInfo | CommandResult | SearchContact | SaveCallLog | PlatformEvent;

/** An envelope as a host sends it. */
export interface Envelope {
  readonly issuer: string;
  readonly contactId: number | null;
  readonly events: readonly EnvelopeItem[];
  readonly ccbridge?: Extensions;
  readonly seq?: number;
}

/** Extensions as asked for (registration) or accepted (the first envelope); `undefined` if malformed, which means plain MAX. */
export const readExtensions = (value: unknown): Extensions | undefined => read(Extensions, value) as Extensions | undefined;

/**
 * An envelope the host posted, with only its own fields; `undefined` for
 * anything else. Its items are not checked yet: read each with
 * `readControlItem` or `parseReceivedEvent`.
 */
export const readEnvelope = (data: unknown): Envelope | undefined => read(Envelope, data) as Envelope | undefined;

/**
 * A non-event envelope item; `undefined` for anything that is not exactly one
 * of the control messages. Typed as a ccbridge host sends them; a page
 * accepts any string where a newer host may say something new (`reason`,
 * `action`, `refusal`), as the statements say.
 */
export const readControlItem = (item: unknown): ClientEventSubscriptionAcknowledge | SessionInfo | CommandResult | SearchContact | SaveCallLog | undefined =>
  read(ControlItem, item) as ClientEventSubscriptionAcknowledge | SessionInfo | CommandResult | SearchContact | SaveCallLog | undefined;

/** An event a page received, checked as `ReceivedEvent` states; `undefined` when it does not fit. */
export const parseReceivedEvent = (value: unknown): PlatformEvent | undefined => read(ReceivedEvent, value) as PlatformEvent | undefined;

// ---- Compile-time checks ----
//
// What a ccbridge host sends (the interfaces) must be what a page accepts (the
// statements), so a field renamed or retyped on one side fails `tsc`.
type Fits<Sent extends Accepted, Accepted> = Sent;
export type HostToPageChecks = [
  Fits<ClientEventSubscriptionAcknowledge, Infer<typeof ClientEventSubscriptionAcknowledge>>,
  Fits<CommandResult, Infer<typeof CommandResult>>,
  Fits<Omit<Envelope, 'events'>, Omit<Infer<typeof Envelope>, 'events'>>,
  Fits<AckReason, string>,
];
