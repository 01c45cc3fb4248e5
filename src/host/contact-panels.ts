/**
 * Contact panels: a frame per contact, opened with the contact's first event
 * and closed once the event that ended it was posted (MAX's screen pop).
 */
import type { ContactEvent } from '../protocol/events.js';
import type { FrameOptions } from './types.js';
import type { TrackedFrame } from './frames.js';
import type { HostLog } from './logger.js';
import { Refusal } from '../protocol/errors.js';

/** Contact panels (screen pops): where they go and what they load (`BridgeHostOptions.contactPanels`). */
export interface ContactPanelOptions {
  /** Where panels are put. */
  readonly container: Element;
  /**
   * The panel's address: a template whose `{Field}` placeholders are replaced
   * by the contact event's fields, URL-encoded (`https://crm.example/pop?ani={ANI}&id={ContactID}`),
   * or a function returning the URL, or `undefined` for no panel.
   */
  readonly url?: string | ((contact: ContactEvent) => string | undefined);
  /**
   * The platform's own screen pop (CXone's `ScreenPopUrl`, XUC's `Sheet`):
   * `'first'` frames it when the contact has one, else `url`; `'instead'`
   * frames only it. Either way it is framed only if its origin is on the
   * host's configured allow-list (`allowedOrigins`, `policies`), checked
   * before framing; otherwise it is refused (logged once) and, with
   * `'first'`, `url` is used. Default: `url` only.
   */
  readonly platformPopUrl?: 'first' | 'instead';
  /**
   * How long a panel stays after its contact ends, so the page can see the
   * final event and save its work. Default 0: closed right after that event
   * is posted.
   */
  readonly closeDelayMs?: number;
  /** Sets attributes (title, allow, sandbox, class) on each new panel. */
  readonly configure?: (iframe: HTMLIFrameElement, contact: ContactEvent) => void;
}

/** Fills `{Field}` placeholders from the contact's own fields; unknown ones become empty. */
export function panelUrl(options: ContactPanelOptions, contact: ContactEvent): string | undefined {
  if (options.url === undefined) return undefined;
  if (typeof options.url === 'function') return options.url(contact);
  return options.url.replace(/\{(\w+)\}/g, (_placeholder, field: string) => {
    const value: unknown = Object.hasOwn(contact, field) ? contact[field] : undefined;
    return value === undefined || value === null ? '' : encodeURIComponent(String(value));
  });
}

/** What the panels need of the host. */
export interface ContactPanelsHost {
  readonly log: HostLog;
  /** Whether `origin` is on the configured allow-list (not merely framed). */
  configured(origin: string): boolean;
  createFrame(options: FrameOptions): HTMLIFrameElement;
  removeFrame(iframe: HTMLIFrameElement): void;
  /** Runs `task` once the events queued now have been posted. */
  afterFlush(task: () => void): void;
}

export class ContactPanels {
  readonly #frames = new Map<number, HTMLIFrameElement>();

  constructor(
    readonly options: ContactPanelOptions | undefined,
    readonly host: ContactPanelsHost,
  ) {}

  /** Opens the panel of a contact that just started (once per contact). */
  open(contactId: number, contact: ContactEvent): void {
    const { options } = this;
    if (options === undefined || this.#frames.has(contactId)) return;
    let url: string | undefined;
    try {
      url = this.#platformPop(contact);
      if (url === undefined && options.platformPopUrl !== 'instead') url = panelUrl(options, contact);
      if (url === undefined) return;
      const iframe = this.host.createFrame({ url, container: options.container, kind: 'contactPanel', contactId, title: `Contact ${contactId}` });
      iframe.dataset['contactId'] = String(contactId);
      options.configure?.(iframe, contact);
      this.#frames.set(contactId, iframe);
    } catch (error) {
      this.host.log.write('error', 'INTERNAL', `could not open the contact panel for contact ${contactId} (${String(url)})`, error);
    }
  }

  /** The contact's own screen pop, when the options ask for it and its origin is allowed. */
  #platformPop(contact: ContactEvent): string | undefined {
    const pop = contact['ScreenPopUrl'];
    if (this.options?.platformPopUrl === undefined || typeof pop !== 'string' || pop === '') return undefined;
    let origin: string | undefined;
    try {
      const parsed = new URL(pop);
      if (parsed.protocol === 'https:' || parsed.protocol === 'http:') origin = parsed.origin;
    } catch {
      origin = undefined;
    }
    if (origin !== undefined && this.host.configured(origin)) return pop;
    this.host.log.once(`pop|${String(origin)}`, 'warn', Refusal.NotPermitted, `the platform's screen pop ${pop.slice(0, 200)} is not on the allow-list; not framed`);
    return undefined;
  }

  /**
   * A contact changed. A platform that sends its screen pop after the
   * contact's first event (XUC's `Sheet` follows the ringing) gets its panel
   * then, if none is open.
   */
  updated(contactId: number, contact: ContactEvent): void {
    const pop = contact['ScreenPopUrl'];
    if (this.options?.platformPopUrl !== undefined && typeof pop === 'string' && pop !== '' && !this.#frames.has(contactId)) this.open(contactId, contact);
  }

  /** Closes the panel of a contact that ended, after the event that ended it was posted. */
  ended(contactId: number): void {
    const panel = this.#frames.get(contactId);
    if (panel === undefined) return;
    this.#frames.delete(contactId);
    this.host.afterFlush(() => {
      const delay = this.options?.closeDelayMs ?? 0;
      if (delay > 0) setTimeout(() => this.host.removeFrame(panel), delay);
      else this.host.removeFrame(panel);
    });
  }

  /** A frame went: if it was a panel, forget it. */
  untracked(frame: TrackedFrame): void {
    if (frame.kind === 'contactPanel' && frame.contactId !== null && this.#frames.get(frame.contactId) === frame.element) {
      this.#frames.delete(frame.contactId);
    }
  }

  /** Closes every panel. */
  dispose(): void {
    for (const iframe of this.#frames.values()) this.host.removeFrame(iframe);
  }
}
