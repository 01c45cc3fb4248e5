import type { ContactEvent } from '../protocol/events.js';

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
