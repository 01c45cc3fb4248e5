// The drop-in script for legacy CRM pages: one <script> tag defines
// <ccbridge-client> and exposes `window.ccbridge.BridgeClient`.
import './element/define.js';

export { BridgeClient, BridgeError, ErrorCode } from './index.js';
export { CcbridgeClientElement } from './element/ccbridge-client.js';
