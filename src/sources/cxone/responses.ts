/**
 * The CXone agent-session responses the source reads, stated once (shape.ts);
 * shapes from the seed and NICE's agent SDK (docs/platforms.md). Unknown keys
 * are dropped.
 */
import { array, object, string, unknown } from '../../protocol/shape.js';

export const SessionStarted = object({ sessionId: string(1) });

/** `get-next-event` 200: the id for the next poll, and the events (checked one by one). */
export const NextEventResponse = object({ sessionId: string(1), events: array(unknown()) });
