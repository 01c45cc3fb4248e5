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
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export class BridgeError extends Error {
  override readonly name = 'BridgeError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Machine-readable details, e.g. the schema issues of a rejected event. */
    readonly details?: unknown,
  ) {
    super(message);
  }
}

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
} as const;
export type Refusal = (typeof Refusal)[keyof typeof Refusal];
