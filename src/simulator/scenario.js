// @ts-check
/**
 * The simulator's scripted traffic (`scenario: 'calls'`): calls arriving,
 * a scripted agent answering them, breaks. It only drives the platform
 * through its public methods, as a person at the control API would.
 */

/** @import { Platform } from './platform.js' */

/**
 * The scripted traffic of `--scenario default`, so a desktop shows life with
 * nobody at it: a call every `callIntervalMs` while the agent is available;
 * a scripted agent that answers any inbound call still ringing after
 * `answerMs` (scripted or injected with `/sim/calls`, so one call left
 * ringing never blocks the others), puts it on hold for a few seconds, and
 * ends it after 15–40 s (unless a person or a page did first), or the caller
 * hangs up first now and then; and a short break now and then between
 * calls. The agent's state follows its calls (after-call work, then
 * available). `pace` scales every duration but the call interval.
 * @param {Platform} platform
 * @param {{ callIntervalMs: number, answerMs?: number, pace?: number }} options
 */
export function runScenario(platform, options) {
  const pace = options.pace ?? 1;
  const answerMs = options.answerMs ?? 10_000 * pace;
  const alive = (/** @type {number} */ contactId) => platform.contacts.get(contactId);
  const scripted = new Set(/** @type {number[]} */ ([]));
  /** @param {number} contactId */
  const script = (contactId) => {
    platform.later(answerMs, () => {
      if (alive(contactId)?.Status === 'Incoming') platform.contactAction(contactId, 'accept');
      platform.later(5000 * pace, () => {
        if (alive(contactId)?.Status === 'Active') platform.contactAction(contactId, 'hold');
        platform.later(3000 * pace, () => {
          if (alive(contactId)?.Status === 'Holding') platform.contactAction(contactId, 'resume');
        });
      });
      platform.later((15_000 + Math.random() * 25_000) * pace, () => {
        const contact = alive(contactId);
        if (contact === undefined) return;
        if (Math.random() < 0.25) platform.endContact(contactId);
        else platform.contactAction(contactId, 'end');
        scripted.delete(contactId);
      });
    });
  };
  platform.subscribe((events) => {
    for (const event of events) {
      const contactId = Number(event.ContactID);
      if (event.Type !== 'CallContactEvent' || event.Status !== 'Incoming' || scripted.has(contactId)) continue;
      scripted.add(contactId);
      script(contactId);
    }
  });
  const tick = () => {
    platform.later(options.callIntervalMs, tick);
    if (platform.agentState.CurrentState !== 'Available' || platform.contacts.size > 0) return;
    if (Math.random() < 0.15) {
      platform.setAgentState('Unavailable', 'Break');
      const onBreak = platform.agentState;
      platform.later(options.callIntervalMs / 2, () => {
        if (platform.agentState === onBreak) platform.setAgentState('Available');
      });
      return;
    }
    platform.offerCall();
  };
  platform.later(Math.min(3000, options.callIntervalMs), tick);
}
