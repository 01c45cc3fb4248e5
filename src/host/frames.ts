/**
 * The frames a host knows: the ones it created, adopted, or found hosting a
 * registered window. Knowing the `<iframe>` element is what lets the host see
 * a frame's `load` events, and so tell a reloaded page from a duplicate
 * registration (MAX itself cannot, and its own docs warn of the bugs).
 *
 * `FrameTracker` owns every change to a `TrackedFrame`; the host asks it what
 * a registration means for the frame and tells it when one is accepted or
 * ended.
 */
import { BridgeError, ErrorCode } from '../protocol/errors.js';
import type { RegisterForClientEvents } from '../protocol/max.js';
import type { OriginGate } from './origins.js';
import type { SubscriptionRegistry } from './registry.js';
import type { Subscription } from './subscription.js';
import type { AdoptOptions, FrameOptions, UnsubscribeCause } from './types.js';

/** A workspace (open all shift) or a contact panel (one contact's screen pop). */
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
  readonly loading: LoadingState;
}

interface FrameRecord extends TrackedFrame {
  loading: LoadingState;
  /**
   * A duplicate registration received since the last `load`. If a `load`
   * follows, it came from the new document and is acknowledged then. Kept on
   * the frame, not the subscription, so an Unregister from the old document
   * (which may arrive after it, over another channel) cannot discard it.
   */
  held: { readonly message: RegisterForClientEvents; readonly origin: string } | undefined;
  /**
   * Since the last `load`, something showed a new document whose loading the
   * host cannot see: a subscription of this frame was unregistered (pages do
   * so on `pagehide`), or a message came from another origin than the last.
   */
  newDocumentSinceLoad: boolean;
  /**
   * The desktop set the frame's `src` (or `srcdoc`) since its last `load`: a
   * new document is on its way, so a registration from the frame's window is
   * that document's, not a duplicate (a desktop's reload button).
   */
  navigatedByDesktop: boolean;
  readonly onLoad: () => void;
}

/** What the tracker needs of the host. */
export interface FrameTrackerHost {
  /** Replays a held registration once its document's `load` proved it new (the registrar's). */
  register(window: Window, origin: string, message: RegisterForClientEvents): void;
  /** A frame stopped being tracked (removed, or no longer in the document). */
  untracked(frame: TrackedFrame): void;
  /** A tracked frame loaded a document: whatever the document before it earned (its rate budget) is forgotten. */
  loaded(window: Window): void;
}

export class FrameTracker {
  readonly #frames = new Map<HTMLIFrameElement, FrameRecord>();
  /** The origin each window was last heard from (`heard`). */
  readonly #lastOrigin = new WeakMap<Window, string>();
  /** Subscriptions whose frame loaded a document we cannot attribute (see `admit`). */
  readonly #replaceable = new WeakSet<Subscription>();
  /** Sees the desktop navigate a tracked frame (its `src` set), which no event reports. */
  readonly #navigations = typeof MutationObserver === 'undefined' ? undefined : new MutationObserver((records) => this.#navigated(records));

  constructor(
    /** The desktop's window: its document holds the frames, its URL resolves theirs. */
    readonly window: Window,
    readonly origins: OriginGate,
    /** The subscriptions, which the tracker queries and drops from; it hears every drop. */
    readonly subscriptions: SubscriptionRegistry,
    readonly host: FrameTrackerHost,
  ) {
    subscriptions.onDrop((subscription, cause) => this.#ended(subscription, cause));
  }

  /** Creates a frame (http(s) pages only), allows its origin, and tracks it. */
  create(options: FrameOptions): HTMLIFrameElement {
    const url = new URL(options.url, this.window.location.href);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new BridgeError(ErrorCode.InvalidOption, `createFrame: only http(s) pages can be framed, got ${url.protocol}`);
    }
    const iframe = this.window.document.createElement('iframe');
    if (options.title !== undefined) iframe.title = options.title;
    iframe.src = url.href;
    this.track(iframe, options.kind ?? 'workspace', options.contactId ?? null, url.origin, true);
    options.container.append(iframe);
    return iframe;
  }

  /** Tracks a frame the desktop made, allowing the origin of its `src` unless told not to. */
  adopt(iframe: HTMLIFrameElement, options: AdoptOptions): void {
    if (this.#frames.has(iframe)) return;
    const origin = options.allowOrigin === false || iframe.src === '' ? null : new URL(iframe.src, this.window.location.href).origin;
    this.track(iframe, options.kind ?? 'workspace', options.contactId ?? null, origin, options.loading ?? 'unknown');
  }

  track(element: HTMLIFrameElement, kind: FrameKind, contactId: number | null, allowedOrigin: string | null, loading: LoadingState): void {
    if (this.#frames.has(element)) return;
    const frame: FrameRecord = { element, kind, contactId, allowedOrigin, loading, held: undefined, newDocumentSinceLoad: false, navigatedByDesktop: false, onLoad: () => this.#onLoad(frame) };
    if (allowedOrigin !== null) this.origins.addFramed(allowedOrigin);
    this.#frames.set(element, frame);
    element.addEventListener('load', frame.onLoad);
    this.#navigations?.observe(element, { attributes: true, attributeFilter: ['src', 'srcdoc'] });
  }

  /** The desktop set a tracked frame's `src`: its next document is loading. */
  #navigated(records: readonly MutationRecord[]): void {
    for (const { target } of records) {
      const frame = this.#frames.get(target as HTMLIFrameElement);
      if (frame === undefined) continue;
      frame.loading = true;
      frame.navigatedByDesktop = true;
    }
  }

  /**
   * Stops tracking: the frame's origin is released; its subscription, any of
   * a window that closed and any whose origin is no longer allowed are
   * dropped; and the host is told.
   */
  untrack(element: HTMLIFrameElement): void {
    const frame = this.#frames.get(element);
    if (frame === undefined) return;
    this.#frames.delete(element);
    element.removeEventListener('load', frame.onLoad);
    // The observer cannot unobserve one element: records for untracked frames are skipped.
    if (frame.allowedOrigin !== null) this.origins.removeFramed(frame.allowedOrigin);
    const window = element.contentWindow;
    // Its subscription goes, and so does any whose origin this frame alone allowed
    // (a popup the frame opened keeps nothing once the frame's origin is released).
    for (const subscription of this.subscriptions.values()) {
      if (subscription.window === window || subscription.window.closed || !this.origins.allows(subscription.origin)) this.subscriptions.drop(subscription, 'removed');
    }
    this.host.untracked(frame);
  }

  /** Untracks every frame and stops watching them. */
  dispose(): void {
    for (const element of this.elements()) this.untrack(element);
    this.#navigations?.disconnect();
  }

  /** Untracks frames no longer in the document. Runs on every message, so it walks the map in place. */
  sweep(): void {
    for (const frame of this.#frames.values()) if (!frame.element.isConnected) this.untrack(frame.element);
  }

  /** The tracked frame whose window is `window` (a desktop has a handful of frames). */
  byWindow(window: Window): TrackedFrame | undefined {
    for (const frame of this.#frames.values()) {
      if (frame.element.contentWindow === window) return frame;
    }
    return undefined;
  }

  /** The tracked frame of `window`, tracking it now if it is an `<iframe>` of the desktop's document. */
  frameOf(window: Window): TrackedFrame | undefined {
    const frame = this.byWindow(window);
    if (frame !== undefined) return frame;
    for (const element of this.window.document.querySelectorAll('iframe')) {
      if (element.contentWindow !== window) continue;
      this.track(element, 'workspace', null, null, 'unknown');
      return this.#frames.get(element);
    }
    return undefined;
  }

  /**
   * A message from `window`, allowed or not (one map look-up): one from
   * another origin than the last comes from a new document, which may have
   * started loading without the host seeing it (the page navigated itself).
   */
  heard(window: Window, origin: string): void {
    const previous = this.#lastOrigin.get(window);
    if (previous === origin) return;
    this.#lastOrigin.set(window, origin);
    const frame = previous === undefined ? undefined : (this.byWindow(window) as FrameRecord | undefined);
    if (frame !== undefined) frame.newDocumentSinceLoad = true;
  }

  elements(): HTMLIFrameElement[] {
    return [...this.#frames.keys()];
  }

  /**
   * What a registration from `window` means before it is checked: returns
   * the new subscription's `ownLoadPending`, or `undefined` for a duplicate
   * (the window is already subscribed), which is held on the frame in case
   * the frame's next `load` shows it came from a new document.
   */
  admit(window: Window, origin: string, message: RegisterForClientEvents, frame: TrackedFrame | undefined): LoadingState | undefined {
    // Every TrackedFrame is a record this tracker made.
    const record = frame as FrameRecord | undefined;
    // After a navigation or an unregistration we cannot tell whether the new
    // document has finished loading.
    let loadUnknown = record?.newDocumentSinceLoad === true;
    const existing = this.subscriptions.get(window);
    if (existing !== undefined) {
      if (existing.origin !== origin) {
        // Same window, new origin: the registered document is gone.
        this.subscriptions.drop(existing, 'navigated');
        loadUnknown = true;
      } else if (record?.navigatedByDesktop === true) {
        // The desktop navigated the frame since it last loaded: this is the new document.
        this.subscriptions.drop(existing, 'reloaded');
      } else if (this.#replaceable.has(existing)) {
        // A load happened since this subscription, of a document we could not
        // tell apart from the registering one: treat this as the new document.
        this.subscriptions.drop(existing, 'reloaded');
      } else {
        if (record !== undefined) record.held = { message, origin };
        return undefined;
      }
    }
    return loadUnknown ? 'unknown' : (record?.loading ?? false);
  }

  /** A registration from the frame was accepted: nothing is held any more. */
  accepted(frame: TrackedFrame | undefined): void {
    if (frame !== undefined) (frame as FrameRecord).held = undefined;
  }

  /** A subscription ended; an unregistration marks its frame's next document as of unknown loading state. */
  #ended(subscription: Subscription, cause: UnsubscribeCause): void {
    this.#replaceable.delete(subscription);
    if (cause !== 'unregistered') return;
    const frame = this.byWindow(subscription.window) as FrameRecord | undefined;
    if (frame !== undefined) frame.newDocumentSinceLoad = true;
  }

  /**
   * A frame finished loading a document. A MAX page registers either while
   * loading (before this event) or later; the host cannot see a navigation
   * start, so it reasons from what it saw:
   * - the subscription's own document was loading (the frame was loading
   *   when it registered): this is its own load, and a duplicate held since
   *   came from that same document (StrictMode effects run twice; pages
   *   "register to be sure"), so it is dropped: one acknowledgement, as MAX
   *   says;
   * - a duplicate registration was held since the last load of a document
   *   that had finished loading: it came from the new document, so it
   *   replaces the old subscription and is acknowledged;
   * - otherwise the registered document is gone: its subscription is dropped
   *   and the new document's registration will be treated as a first one.
   */
  #onLoad(frame: FrameRecord): void {
    const wasLoading = frame.loading;
    const held = frame.held;
    frame.loading = false;
    frame.held = undefined;
    frame.newDocumentSinceLoad = false;
    frame.navigatedByDesktop = false;
    const window = frame.element.contentWindow;
    if (window === null) return;
    this.host.loaded(window);
    const subscription = this.subscriptions.get(window);
    if (subscription?.ownLoadPending === true) {
      subscription.ownLoadPending = false;
    } else if (held !== undefined) {
      if (subscription !== undefined) this.subscriptions.drop(subscription, 'reloaded');
      this.host.register(window, held.origin, held.message);
    } else if (subscription === undefined) {
      return;
    } else if (subscription.ownLoadPending === 'unknown' || wasLoading === 'unknown') {
      this.#replaceable.add(subscription);
    } else {
      this.subscriptions.drop(subscription, 'reloaded');
    }
  }
}
