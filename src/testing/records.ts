/**
 * What each origin's pages sent a host and were sent, as the host saw it:
 * one record per origin, its arrays growing in place. The test kit
 * (`createTestDesktop`) and the page checker (`ccbridge-check`) both read
 * pages through this, from the host's own events.
 */
import type { BridgeHost } from '../host/bridge-host.js';
import type { ActionReport, BridgeHostEventMap, CommandReport, ContactCard, SubscriptionInfo } from '../host/types.js';
import type { ClientEventSubscriptionAcknowledge, Envelope } from '../protocol/envelope.js';
import type { PlatformEvent } from '../protocol/events.js';

/** A registration the desktop heard, with its acknowledgement. */
export type RegistrationRecord = SubscriptionInfo & { readonly acknowledgement: ClientEventSubscriptionAcknowledge };

/** What one origin's pages sent the desktop and what they were sent, as the desktop saw it. */
export interface PageRecord {
  readonly origin: string;
  /** Every registration, acknowledged `OK` or `ERROR`. */
  readonly registrations: readonly RegistrationRecord[];
  /** Every subscription that ended, and why (`unregistered`, `reloaded`…). */
  readonly unsubscriptions: readonly BridgeHostEventMap['unsubscription'][];
  /** Every command, carried out or refused (`refusal`). */
  readonly commands: readonly CommandReport[];
  /** Every action beyond MAX (`Dial`, `SetAgentState`), carried out or refused (`refusal`). */
  readonly actions: readonly ActionReport[];
  /** Every contact card accepted. */
  readonly cards: readonly ContactCard[];
  /** Every message refused before it was a command or a registration (malformed, not permitted, rate-limited…). */
  readonly rejections: readonly BridgeHostEventMap['rejection'][];
  /** Every envelope the desktop posted to the origin, in order. */
  readonly envelopes: readonly Envelope[];
  /** The platform events among them, in order. */
  readonly events: readonly PlatformEvent[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer E)[] ? E[] : T[K] };

const isEvent = (item: unknown): item is PlatformEvent => typeof item === 'object' && item !== null && 'Type' in item;

/** Records every origin's traffic with `host` from now on; returns the record of an origin (made empty on first ask). */
export function recordPages(host: BridgeHost): (origin: string) => PageRecord {
  const records = new Map<string, Mutable<PageRecord>>();
  const record = (origin: string): Mutable<PageRecord> => {
    let found = records.get(origin);
    if (found === undefined) {
      found = { origin, registrations: [], unsubscriptions: [], commands: [], actions: [], cards: [], rejections: [], envelopes: [], events: [] };
      records.set(origin, found);
    }
    return found;
  };
  host.on('registration', (registration) => record(registration.origin).registrations.push(registration));
  host.on('unsubscription', (ended) => record(ended.origin).unsubscriptions.push(ended));
  host.on('command', (report) => record(report.origin).commands.push(report));
  host.on('action', (report) => record(report.origin).actions.push(report));
  host.on('contactCard', (card) => record(card.origin).cards.push(card));
  host.on('rejection', (rejection) => record(rejection.origin).rejections.push(rejection));
  host.on('delivery', ({ origin, envelope }) => {
    const page = record(origin);
    page.envelopes.push(envelope);
    page.events.push(...envelope.events.filter(isEvent));
  });
  return record;
}
