/**
 * The frames a host knows: the ones it created, adopted, or found hosting a
 * registered window. Knowing the `<iframe>` element is what lets the host see
 * a frame's `load` events, and so tell a reloaded page from a duplicate
 * registration (MAX itself cannot, and its own docs warn of the bugs).
 */
import type { RegisterForClientEvents } from '../protocol/max.js';

export type FrameKind = 'workspace' | 'contactPanel';

/**
 * Whether the frame's document is still loading. `'unknown'` for frames the
 * host did not navigate itself: their next `load` may be their own or a new
 * document's.
 */
export type LoadingState = boolean | 'unknown';

export interface TrackedFrame {
  readonly element: HTMLIFrameElement;
  readonly kind: FrameKind;
  /** The contact a contact panel belongs to; `null` for workspaces. */
  readonly contactId: number | null;
  /** The origin the host allowed for this frame, when it added one. */
  readonly allowedOrigin: string | null;
  loading: LoadingState;
  /**
   * A duplicate registration received since the last `load`. If a `load`
   * follows, it came from the new document and is acknowledged then. Kept on
   * the frame, not the subscription, so an Unregister from the old document
   * (which may arrive after it, over another channel) cannot discard it.
   */
  held: { readonly message: RegisterForClientEvents; readonly origin: string } | undefined;
  /** A subscription of this frame was unregistered since the last `load` (pages do so on `pagehide`). */
  unregisteredSinceLoad: boolean;
  readonly onLoad: () => void;
}

export class FrameRegistry {
  readonly #frames = new Map<HTMLIFrameElement, TrackedFrame>();

  add(frame: TrackedFrame): void {
    this.#frames.set(frame.element, frame);
    frame.element.addEventListener('load', frame.onLoad);
  }

  get(element: HTMLIFrameElement): TrackedFrame | undefined {
    return this.#frames.get(element);
  }

  delete(element: HTMLIFrameElement): TrackedFrame | undefined {
    const frame = this.#frames.get(element);
    if (frame === undefined) return undefined;
    this.#frames.delete(element);
    element.removeEventListener('load', frame.onLoad);
    return frame;
  }

  /** The tracked frame whose window is `window` (a desktop has a handful of frames). */
  byWindow(window: Window): TrackedFrame | undefined {
    for (const frame of this.#frames.values()) {
      if (frame.element.contentWindow === window) return frame;
    }
    return undefined;
  }

  values(): IterableIterator<TrackedFrame> {
    return this.#frames.values();
  }
}

/** Finds the `<iframe>` of `window` in the light DOM of `document`. */
export function findIframe(document: Document, window: Window): HTMLIFrameElement | undefined {
  for (const element of document.querySelectorAll('iframe')) {
    if (element.contentWindow === window) return element;
  }
  return undefined;
}
