/** The CXone agent-session responses the source reads. Unknown keys are dropped. */
import * as z from 'zod/mini';

export const SessionStarted = z.object({ sessionId: z.string().check(z.minLength(1)) });

/** `get-next-event` 200: the id for the next poll, and the events (checked one by one). */
export const NextEventResponse = z.object({
  sessionId: z.string().check(z.minLength(1)),
  events: z.array(z.unknown()),
});
