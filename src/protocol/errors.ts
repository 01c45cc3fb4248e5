import type { ClientEventSubscriptionAcknowledge, CommandResult } from './envelope.js';

/**
 * Error codes shared by every part of ccbridge. Callers branch on `code`,
 * never on message text (the text is for people and may change).
 */
export const ErrorCode = {
  /** An event handed to the host failed the event-vocabulary schema. */
  InvalidEvent: 'INVALID_EVENT',
  /** An option passed to a constructor or method is unusable. */
  InvalidOption: 'INVALID_OPTION',
  /** The acknowledgement came back with `status: 'ERROR'`. */
  RegistrationRejected: 'REGISTRATION_REJECTED',
  /** No acknowledgement arrived in time. */
  RegistrationTimeout: 'REGISTRATION_TIMEOUT',
  /** The desktop refused a command (`results` extension); `details` is the `CommandResult`. */
  CommandRefused: 'COMMAND_REFUSED',
  /** A command sent with the `results` extension got no result in time. */
  CommandTimeout: 'COMMAND_TIMEOUT',
  /** An envelope's sequence number skipped one or more (`sequence` extension). */
  SequenceGap: 'SEQUENCE_GAP',
  /** The platform refused or failed a request (`details.status` has the HTTP status when there is one). */
  PlatformError: 'PLATFORM_ERROR',
  /** The source's platform cannot do this command (e.g. mask over XUC). */
  Unsupported: 'UNSUPPORTED',
  /** The object was disposed and cannot be used any more. */
  Disposed: 'DISPOSED',
  /** The page unregistered (or was disposed) before the desktop answered: a registration never acknowledged, a command whose result will not come (it may or may not have been carried out). */
  Unregistered: 'UNREGISTERED',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** What `details` holds, per code. */
export interface BridgeErrorDetails {
  /** The schema problems, or the event that was skipped. */
  INVALID_EVENT: unknown;
  /** The HTTP status, when a login or token request was refused. */
  INVALID_OPTION: { readonly status: number } | undefined;
  /** The ERROR acknowledgement, with its `reason`. */
  REGISTRATION_REJECTED: ClientEventSubscriptionAcknowledge;
  REGISTRATION_TIMEOUT: undefined;
  /** The refusal, with its `refusal` code. */
  COMMAND_REFUSED: CommandResult;
  COMMAND_TIMEOUT: undefined;
  SEQUENCE_GAP: { readonly expected: number; readonly received: number };
  /** The HTTP status (CXone), or the platform message's own fields (XUC `AgentError`, `Error`). */
  PLATFORM_ERROR: { readonly status?: number; readonly [field: string]: unknown } | undefined;
  /** The platform message that asked for it, when there is one. */
  UNSUPPORTED: unknown;
  DISPOSED: undefined;
  UNREGISTERED: undefined;
}

class CodedError<C extends ErrorCode = ErrorCode> extends Error {
  override readonly name = 'BridgeError';

  constructor(
    readonly code: C,
    message: string,
    /** Machine-readable details: see `BridgeErrorDetails`. */
    readonly details?: BridgeErrorDetails[C],
  ) {
    super(message);
  }
}

/** An error of ccbridge, one `code` of `ErrorCode`; `details` typed by its code. */
export type BridgeError<C extends ErrorCode = ErrorCode> = CodedError<C>;

/** What `error instanceof BridgeError` narrows to: a union on `code`, so a check of `code` types `details`. */
export type AnyBridgeError = { [C in ErrorCode]: CodedError<C> }[ErrorCode];

// One class at run time; for the type checker its prototype is the union, so
// `if (error instanceof BridgeError && error.code === ErrorCode.RegistrationRejected) error.details.reason` type-checks.
export const BridgeError: {
  /** An error with its `code` (an `ErrorCode`), a message, and `details` typed by the code. */
  new <C extends ErrorCode>(code: C, message: string, details?: BridgeErrorDetails[C]): CodedError<C>;
  readonly prototype: AnyBridgeError;
} = CodedError;

/**
 * Why a host refused or ignored something a page sent. Hosts report these in
 * their logs and events; opt-in command results carry them to the page.
 */
export const Refusal = {
  OriginNotAllowed: 'ORIGIN_NOT_ALLOWED',
  MalformedMessage: 'MALFORMED_MESSAGE',
  DuplicateRegistration: 'DUPLICATE_REGISTRATION',
  /** A command repeats a `requestId` its page used before: answered with the first result, not carried out again. */
  DuplicateRequest: 'DUPLICATE_REQUEST',
  /** A window posted more than the host's rate allows: its messages are dropped unread for a while. */
  RateLimited: 'RATE_LIMITED',
  NotRegistered: 'NOT_REGISTERED',
  NotPermitted: 'NOT_PERMITTED',
  NoController: 'NO_CONTROLLER',
  NoSuchContact: 'NO_SUCH_CONTACT',
  AmbiguousContact: 'AMBIGUOUS_CONTACT',
  InvalidInState: 'INVALID_IN_STATE',
  InvalidContactCard: 'INVALID_CONTACT_CARD',
  ControllerFailed: 'CONTROLLER_FAILED',
  /** A command for the same contact is still being carried out: commands for one contact run one at a time. */
  Busy: 'BUSY',
  /** A `Dial` whose number is not a number (an optional `+` and 2 to 20 digits), or not one the origin's `dialPatterns` allow. */
  InvalidNumber: 'INVALID_NUMBER',
  /** An action beyond MAX in a `version` of its message this host does not speak. */
  UnsupportedVersion: 'UNSUPPORTED_VERSION',
} as const;
export type Refusal = (typeof Refusal)[keyof typeof Refusal];
