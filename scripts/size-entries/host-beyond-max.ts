// `npm run size`: the host a desktop ships when it speaks the actions beyond MAX.
export { BridgeHost } from '../../src/host/index.js';
export { beyondMax } from '../../src/host/beyond-max.js';
