/**
 * A minimal typed event emitter; `on` returns the function that removes the
 * listener. Shared by host, client and sources, but not part of the wire,
 * so it lives outside `protocol/`.
 */
export class Emitter<Events extends object> {
  readonly #listeners = new Map<keyof Events, Set<(detail: never) => void>>();

  /**
   * @param onListenerError Where a listener's exception goes (the owner's
   *   logger); a listener's bug must not break delivery to the others.
   */
  constructor(readonly onListenerError: (error: unknown, type: keyof Events) => void = (error, type) => console.error(`ccbridge: a "${String(type)}" listener threw`, error)) {}

  on<K extends keyof Events>(type: K, listener: (detail: Events[K]) => void): () => void {
    let set = this.#listeners.get(type);
    if (set === undefined) this.#listeners.set(type, (set = new Set()));
    set.add(listener as (detail: never) => void);
    return () => set.delete(listener as (detail: never) => void);
  }

  /** Lets hot paths skip building a detail object nobody listens to. */
  has(type: keyof Events): boolean {
    return (this.#listeners.get(type)?.size ?? 0) > 0;
  }

  emit<K extends keyof Events>(type: K, detail: Events[K]): void {
    const set = this.#listeners.get(type);
    if (set === undefined) return;
    for (const listener of set) {
      try {
        (listener as (detail: Events[K]) => void)(detail);
      } catch (error) {
        this.onListenerError(error, type);
      }
    }
  }

  clear(): void {
    this.#listeners.clear();
  }
}
