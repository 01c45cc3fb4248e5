// `npm run size`: the host a desktop ships when it pops CRM records and saves call logs.
export { BridgeHost } from '../../src/host/index.js';
export { crmLink } from '../../src/host/crm-link.js';
