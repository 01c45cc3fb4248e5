/**
 * What the tabs of a shared session say to each other over their
 * BroadcastChannel, and how an error crosses it. See shared-source.ts for
 * how they are used.
 */
import { BridgeError, ErrorCode } from '../../protocol/errors.js';
import type { ActionRequest } from '../../protocol/actions.js';
import type { PlatformEvent } from '../../protocol/events.js';
import type { SourceCommand, SourceStatus } from '../source.js';
import type { Head } from './session-log.js';

export interface WireError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly details?: unknown;
}

export type Message =
  | { readonly t: 'batch'; readonly seq: number; readonly events: readonly PlatformEvent[]; readonly checkpoint: unknown }
  | { readonly t: 'status'; readonly status: SourceStatus }
  | { readonly t: 'token'; readonly token: string | null }
  | { readonly t: 'error'; readonly error: WireError }
  | { readonly t: 'leader'; readonly tab: string }
  | { readonly t: 'command'; readonly id: string; readonly tab: string; readonly command: SourceCommand }
  | { readonly t: 'act'; readonly id: string; readonly tab: string; readonly request: ActionRequest }
  | { readonly t: 'result'; readonly id: string; readonly tab: string; readonly value?: unknown; readonly error?: WireError }
  | { readonly t: 'sync'; readonly tab: string }
  | { readonly t: 'state'; readonly tab: string; readonly head: Head };

export const toWire = (error: unknown): WireError =>
  error instanceof BridgeError ? { code: error.code, message: error.message, details: error.details } : { code: ErrorCode.PlatformError, message: error instanceof Error ? error.message : String(error) };

export const fromWire = (error: WireError): BridgeError => new BridgeError(error.code, error.message, error.details as never);
