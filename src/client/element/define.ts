import { CcbridgeClientElement } from './ccbridge-client.js';
import type { CcbridgeClientEventMap } from './ccbridge-client.js';

// Defined once, even if two bundles of the page both import the element.
if (customElements.get('ccbridge-client') === undefined) customElements.define('ccbridge-client', CcbridgeClientElement);

declare global {
  interface HTMLElementTagNameMap {
    'ccbridge-client': CcbridgeClientElement;
  }
  // `el.addEventListener('ccbridge-statechange', (e) => e.detail.contacts)` type-checks.
  interface HTMLElementEventMap extends CcbridgeClientEventMap {}
}
