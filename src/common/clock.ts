/**
 * One clock for every timer on screen: `everySecond` ticks just after each
 * whole second of the system clock, not a second after it was started. The
 * desktop and the pages it frames run in different documents (often
 * different processes) but read the same system clock, so timers computed
 * from the same start (`StartTimeUTC`) and ticked this way show the same
 * second everywhere; with plain intervals started at different moments they
 * can differ by one for most of each second.
 *
 * A timeout, not `requestAnimationFrame`: hidden frames get no animation
 * frames.
 */
export function everySecond(tick: (now: number) => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = (): void => {
    // A few ms past the boundary, so `Date.now()` in `tick` is in the new second.
    timer = setTimeout(() => {
      tick(Date.now());
      schedule();
    }, 1000 - (Date.now() % 1000) + 4);
  };
  schedule();
  return () => clearTimeout(timer);
}
