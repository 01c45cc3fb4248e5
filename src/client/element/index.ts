import './define.js';

export { CcbridgeClientElement } from './ccbridge-client.js';
export type { CcbridgeClientEventDetails, CcbridgeClientEventMap } from './ccbridge-client.js';
export { CommandState } from '../command-state.js';
