export { XucSource } from './xuc-source.js';
export type { XucSourceOptions } from './xuc-source.js';
export { XucTranslator } from './translate.js';
export type { Translation, XucAgentError } from './translate.js';
