import { CcbridgeClientElement } from './ccbridge-client.js';

// Defined once, even if two bundles of the page both import the element.
if (customElements.get('ccbridge-client') === undefined) customElements.define('ccbridge-client', CcbridgeClientElement);

declare global {
  interface HTMLElementTagNameMap {
    'ccbridge-client': CcbridgeClientElement;
  }
}
