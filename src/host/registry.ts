/**
 * The host's subscriptions, one per registered window: the one owner of that
 * map. Registration adds, and everything that ends a subscription (an
 * unregistration, a reload, a removed frame, a closed channel, `dispose`)
 * drops through `drop`, whose listeners (delivery, the frame tracker, the
 * `unsubscription` event) each do their part once.
 */
import type { Subscription } from './subscription.js';
import type { UnsubscribeCause } from './types.js';

export type DropListener = (subscription: Subscription, cause: UnsubscribeCause) => void;

export class SubscriptionRegistry {
  readonly #byWindow = new Map<Window, Subscription>();
  readonly #dropListeners: DropListener[] = [];

  /** The subscription of `window`, if it has one. */
  get(window: Window): Subscription | undefined {
    return this.#byWindow.get(window);
  }

  /** Every subscription, in registration order. */
  values(): IterableIterator<Subscription> {
    return this.#byWindow.values();
  }

  /** Adds a subscription; its window must have none (registration drops the old one first). */
  add(subscription: Subscription): void {
    this.#byWindow.set(subscription.window, subscription);
  }

  /** Ends `subscription` if it is still its window's, telling every listener; `false` if it was not. */
  drop(subscription: Subscription | undefined, cause: UnsubscribeCause): boolean {
    if (subscription === undefined || this.#byWindow.get(subscription.window) !== subscription) return false;
    this.#byWindow.delete(subscription.window);
    for (const listener of this.#dropListeners) listener(subscription, cause);
    return true;
  }

  /** Ends every subscription. */
  dropAll(cause: UnsubscribeCause): void {
    for (const subscription of [...this.#byWindow.values()]) this.drop(subscription, cause);
  }

  /** Hears every subscription that ends, with why. */
  onDrop(listener: DropListener): void {
    this.#dropListeners.push(listener);
  }
}
