/** The rule kit and its zod translation, for anyone stating their own shapes the way ccbridge states its wire. */
export { parse } from './shape.js';
export type { Infer, Shape } from './shape.js';
export { toZod } from './to-zod.js';
