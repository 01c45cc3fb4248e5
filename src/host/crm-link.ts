/**
 * Search-and-pop and the call log, host-initiated, as a plug-in of the host:
 * `new BridgeHost({ dialects: [crmLink()] })` (docs/protocol.md#search-and-pop-and-the-call-log).
 * The desktop asks; the CRM pages that offered it at registration
 * (`ccbridge.serves`) and whose origin's policy grants it (`actions`:
 * `Search`, `CallLog`) answer. A plain MAX page is never asked anything.
 *
 * 1. **Search and pop.** When a call arrives (the agent's only call: a
 *    consult is not searched), every page that serves `Search` and may see
 *    the call is sent `SearchContact`. Each answers with `SearchResult`, its
 *    matches (URLs of its own origin only). A page that has not answered
 *    within `searchTimeoutMs` is skipped, never waited on. Then the desktop
 *    is told what to pop (the `screenPop` event): one match, its record;
 *    several, the agent chooses (`choose()`); none, a page's new-record URL.
 * 2. **The call log.** When that call is over and the agent is out of
 *    after-call work, the page that owns its record (the one whose match was
 *    popped or chosen; else every page that serves `CallLog`) is sent
 *    `SaveCallLog`: times, parties, skill, the disposition, notes and tags
 *    the agent ended wrap-up with, the attached data. It answers with
 *    `CallLogSaved` and the log's id, which the desktop keeps (`logs()`,
 *    the `callLog` event).
 */
import { SERVICE_TYPES, SERVICE_VERSIONS, ServiceAnswer } from '../protocol/actions.js';
import type { CallLog, SearchMatch } from '../protocol/actions.js';
import { Refusal } from '../protocol/errors.js';
import { describeIssues, isTrue } from '../protocol/events.js';
import type { ContactEvent, PlatformEvent } from '../protocol/events.js';
import { contactIdOf } from '../protocol/rules.js';
import { parse } from '../protocol/shape.js';
import type { DialectContext, DialectFactory } from './dialect.js';

/** Options of `crmLink()`. */
export interface CrmLinkOptions {
  /** How long the desktop waits for each page's search before it pops without it. Default 3000 ms. */
  readonly searchTimeoutMs?: number;
  /**
   * How long after the agent leaves after-call work the log waits for a
   * page's `EndWrapUp` to be answered (its disposition, notes and tags go in
   * the log). Default 1000 ms; a log whose wrap-up a page ended goes at once.
   */
  readonly logDelayMs?: number;
}

/** A match, with the origin of the page that found it. */
export interface FoundMatch extends SearchMatch {
  readonly origin: string;
}

/** What to pop for a call (the host's `screenPop` event). */
export interface ScreenPop {
  readonly contactId: number;
  /** `record`: one match, open `url`; `choose`: several, the agent picks one (`choose()`); `new`: none, `url` makes a new record; `none`: nothing to pop. */
  readonly kind: 'record' | 'choose' | 'new' | 'none';
  /** The record's URL (`record`), or a new record's (`new`). */
  readonly url?: string;
  /** Every match, in the order the pages answered. */
  readonly matches: readonly FoundMatch[];
  /** The origins of the pages that did not answer in time. */
  readonly skipped: readonly string[];
}

/** A call's log saved in a CRM (the host's `callLog` event). */
export interface SavedLog {
  readonly contactId: number;
  readonly origin: string;
  /** The CRM's id for the log. */
  readonly logId: string;
}

/** `crmLink()`: the plug-in, and what the desktop asks of it. */
export interface CrmLink extends DialectFactory {
  /** The agent chose one of several matches (`kind: 'choose'`): that page owns the call's record and gets its log. Returns the match, or `undefined` if there is no such match. */
  choose(contactId: number, origin: string, id: string): FoundMatch | undefined;
  /** The logs saved for a call so far. */
  logs(contactId: number): readonly SavedLog[];
}

interface Search {
  readonly contactId: number;
  readonly waiting: Map<number, string>;
  readonly matches: FoundMatch[];
  newRecordUrl: string | undefined;
  readonly timer: ReturnType<typeof setTimeout>;
}

/** Search-and-pop and the call log, for `BridgeHostOptions.dialects`. */
export function crmLink(options: CrmLinkOptions = {}): CrmLink {
  const timeoutMs = options.searchTimeoutMs ?? 3000;
  const graceMs = options.logDelayMs ?? 1000;
  /** The record each searched call is popped in (its owner), once known. */
  const owners = new Map<number, FoundMatch | undefined>();
  const choices = new Map<number, readonly FoundMatch[]>();
  const saved = new Map<number, SavedLog[]>();
  const factory = (context: DialectContext) => {
    let nextId = 1;
    /** Requests sent and not answered: their window, and what they are for. */
    const requests = new Map<number, { window: Window; contactId: number; search?: Search }>();
    const searches = new Map<number, Search>();
    /** The calls followed (each the agent's only call when it came), and those that ended, waiting for wrap-up to end. */
    const followed = new Set<number>();
    const ended = new Map<number, { contact: ContactEvent; timer?: ReturnType<typeof setTimeout> }>();
    const wrapUps = new Map<number, Pick<CallLog, 'dispositionId' | 'notes' | 'tags'>>();
    // A page ended wrap-up (beyondMax()): the log carries what the agent chose, and goes now.
    const stopActions = context.on('action', ({ request, refusal }) => {
      if (refusal !== null || request?.action !== 'endWrapUp') return;
      const { contactId, dispositionId, notes, tags } = request;
      wrapUps.set(contactId, { ...(dispositionId === undefined ? {} : { dispositionId }), ...(notes === undefined ? {} : { notes }), ...(tags === undefined ? {} : { tags: [...tags] }) });
      const call = ended.get(contactId);
      if (call !== undefined) saveLog(call.contact);
    });
    /** The pages that serve `service` and may see `contact`. */
    const serving = (service: 'Search' | 'CallLog', contact: ContactEvent, origin?: string) =>
      context.pages().filter(([, page]) => page.extensions?.serves?.includes(service) === true && (origin === undefined || page.origin === origin) && context.policyFor(page.origin).events?.(contact) !== false);
    const send = (window: Window, contactId: number, item: Parameters<DialectContext['post']>[1], search?: Search): number => {
      const requestId = nextId++;
      requests.set(requestId, { window, contactId, ...(search === undefined ? {} : { search }) });
      context.post(window, { ...item, requestId } as typeof item);
      return requestId;
    };
    const text = (value: unknown): string | undefined => (typeof value === 'string' || typeof value === 'number' ? String(value) : undefined);
    const data = (contact: ContactEvent): Record<string, string> | undefined => {
      const attached = contact['AttachedData'];
      return typeof attached === 'object' && attached !== null ? Object.fromEntries(Object.entries(attached).filter(([, value]) => typeof value === 'string')) : undefined;
    };
    const optional = <K extends string>(key: K, value: string | undefined) => (value === undefined ? {} : ({ [key]: value.slice(0, 64) } as Record<K, string>));

    const search = (contactId: number, contact: ContactEvent): void => {
      const pages = serving('Search', contact);
      if (pages.length === 0) return;
      owners.set(contactId, undefined);
      const attached = data(contact);
      const run: Search = { contactId, waiting: new Map(), matches: [], newRecordUrl: undefined, timer: setTimeout(() => pop(run), timeoutMs) };
      searches.set(contactId, run);
      for (const [window, page] of pages) {
        const request = { messageType: 'SearchContact', version: SERVICE_VERSIONS.SearchContact, contactId, ...optional('ani', text(contact['ANI'])), ...optional('dnis', text(contact['DNIS'])), ...optional('skill', text(contact['Skill'])), ...(attached === undefined ? {} : { data: attached }) };
        run.waiting.set(send(window, contactId, request as never, run), page.origin);
      }
    };

    const pop = (run: Search): void => {
      if (searches.get(run.contactId) !== run) return;
      searches.delete(run.contactId);
      clearTimeout(run.timer);
      for (const requestId of run.waiting.keys()) requests.delete(requestId);
      const { contactId, matches } = run;
      const only = matches.length === 1 ? matches[0] : undefined;
      if (only !== undefined) owners.set(contactId, only);
      if (matches.length > 1) choices.set(contactId, matches);
      const kind = only !== undefined ? 'record' : matches.length > 1 ? 'choose' : run.newRecordUrl !== undefined ? 'new' : 'none';
      const url = only?.url ?? (kind === 'new' ? run.newRecordUrl : undefined);
      context.emit('screenPop', { contactId, kind, matches, skipped: [...run.waiting.values()], ...(url === undefined ? {} : { url }) });
    };

    const saveLog = (contact: ContactEvent): void => {
      const contactId = contactIdOf(contact) as number;
      clearTimeout(ended.get(contactId)?.timer);
      ended.delete(contactId);
      followed.delete(contactId);
      const owner = owners.get(contactId);
      owners.delete(contactId);
      choices.delete(contactId);
      const pages = serving('CallLog', contact, owner?.origin);
      const attached = data(contact);
      const log: CallLog = {
        contactId,
        direction: contact['IsInbound'] === false || contact['IsInbound'] === 'False' ? 'outbound' : 'inbound',
        ...optional('ani', text(contact['ANI'])),
        ...optional('dnis', text(contact['DNIS'])),
        ...optional('skill', text(contact['Skill'])),
        ...optional('startTime', text(contact['StartTimeUTC'])),
        ...optional('endTime', text(contact['LastStateChangeTimeUTC'])),
        ...wrapUps.get(contactId),
        ...(attached === undefined ? {} : { data: attached }),
      };
      wrapUps.delete(contactId);
      for (const [window] of pages) send(window, contactId, { messageType: 'SaveCallLog', version: SERVICE_VERSIONS.SaveCallLog, ...(owner === undefined ? {} : { recordId: owner.id }), log } as never);
    };

    /** A match's or new record's URL, if it is an http(s) URL of the page's own origin. */
    const own = (url: string, origin: string): string | undefined => {
      try {
        const resolved = new URL(url, origin);
        return resolved.origin === origin && /^https?:$/.test(resolved.protocol) ? resolved.href : undefined;
      } catch {
        return undefined;
      }
    };

    return {
      serves: SERVICE_TYPES,
      receive(window: Window, origin: string, value: unknown): boolean {
        const type = typeof value === 'object' && value !== null ? (value as { messageType?: unknown }).messageType : undefined;
        if (type !== 'SearchResult' && type !== 'CallLogSaved') return false;
        const parsed = parse(ServiceAnswer, value);
        if (!parsed.success) {
          context.reject(origin, Refusal.MalformedMessage, `invalid ${type}: ${describeIssues(parsed.issues)}`, 'warn', type);
          return true;
        }
        const answer = parsed.data as ServiceAnswer;
        const { requestId } = answer.ccbridge;
        const request = requests.get(requestId);
        if (request === undefined || request.window !== window || (answer.messageType === 'SearchResult') !== (request.search !== undefined)) {
          context.reject(origin, Refusal.NoSuchContact, `${type} answers no request of this desktop's (requestId ${requestId}), or too late`, 'debug', type);
          return true;
        }
        requests.delete(requestId);
        if (answer.messageType === 'CallLogSaved') {
          const log = { contactId: request.contactId, origin, logId: answer.logId };
          saved.set(request.contactId, [...(saved.get(request.contactId) ?? []), log]);
          context.emit('callLog', log);
          return true;
        }
        const run = request.search as Search;
        run.waiting.delete(requestId);
        for (const match of answer.matches) {
          const url = own(match.url, origin);
          if (url === undefined) context.reject(origin, Refusal.NotPermitted, 'a match opens at a URL of its own page\'s origin only', 'warn', 'SearchResult');
          else run.matches.push({ ...match, url, origin });
        }
        if (answer.newRecordUrl !== undefined) run.newRecordUrl ??= own(answer.newRecordUrl, origin);
        if (run.waiting.size === 0) pop(run);
        return true;
      },
      deliver(event: PlatformEvent): void {
        if (event.Type === 'AgentState') {
          // Out of after-call work (or never in it): the calls that ended are logged, after a
          // moment in which a page's EndWrapUp, answered after the platform's event, may bring its disposition.
          if (isTrue(event['IsAcw'])) return;
          for (const call of ended.values()) call.timer ??= setTimeout(() => saveLog(call.contact), graceMs);
          return;
        }
        if (event.Type !== 'CallContactEvent') return;
        const contactId = contactIdOf(event);
        if (contactId === null) return;
        if (isTrue(event['FinalState'])) {
          const run = searches.get(contactId);
          if (run !== undefined) pop(run);
          if (followed.has(contactId)) ended.set(contactId, { contact: event as ContactEvent });
          return;
        }
        // A new call, the agent's only one (not a consult): followed, and searched once. Checked
        // cheapest first: this runs for every call event the host fans out.
        if (followed.has(contactId) || saved.has(contactId)) return;
        if (context.current().contacts.filter((contact) => contact.Type === 'CallContactEvent').length === 1) {
          followed.add(contactId);
          search(contactId, event as ContactEvent);
        }
      },
      dispose(): void {
        stopActions();
        for (const run of searches.values()) clearTimeout(run.timer);
        for (const call of ended.values()) clearTimeout(call.timer);
        searches.clear();
        requests.clear();
      },
    };
  };
  return Object.assign(factory, {
    choose(contactId: number, origin: string, id: string): FoundMatch | undefined {
      const match = choices.get(contactId)?.find((candidate) => candidate.origin === origin && candidate.id === id);
      if (match !== undefined && owners.has(contactId)) owners.set(contactId, match);
      return match;
    },
    logs: (contactId: number): readonly SavedLog[] => saved.get(contactId) ?? [],
  });
}
