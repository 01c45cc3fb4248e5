/**
 * Contact panels: a frame per contact, opened with the contact's first event
 * and closed once the event that ended it was posted (MAX's screen pop).
 */
import type { ContactEvent } from '../protocol/events.js';
import type { FrameOptions } from './types.js';
import type { TrackedFrame } from './frames.js';
import type { HostLog } from './logger.js';

export interface ContactPanelOptions {
  /** Where panels are put. */
  readonly container: Element;
  /**
   * The panel's address: a template whose `{Field}` placeholders are replaced
   * by the contact event's fields, URL-encoded (`https://crm.example/pop?ani={ANI}&id={ContactID}`),
   * or a function returning the URL, or `undefined` for no panel.
   */
  readonly url: string | ((contact: ContactEvent) => string | undefined);
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
  if (typeof options.url === 'function') return options.url(contact);
  return options.url.replace(/\{(\w+)\}/g, (_placeholder, field: string) => {
    const value: unknown = Object.hasOwn(contact, field) ? contact[field] : undefined;
    return value === undefined || value === null ? '' : encodeURIComponent(String(value));
  });
}

/** What the panels need of the host. */
export interface ContactPanelsHost {
  readonly log: HostLog;
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
      url = panelUrl(options, contact);
      if (url === undefined) return;
      const iframe = this.host.createFrame({ url, container: options.container, kind: 'contactPanel', contactId, title: `Contact ${contactId}` });
      iframe.dataset['contactId'] = String(contactId);
      options.configure?.(iframe, contact);
      this.#frames.set(contactId, iframe);
    } catch (error) {
      this.host.log.write('error', 'INTERNAL', `could not open the contact panel for contact ${contactId} (${String(url)})`, error);
    }
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
