/**
 * ccbridge for React pages: `<CcbridgeClient>`, the `<ccbridge-client>`
 * element as a React component (made with Lit's own `@lit/react`, so its
 * properties are set as properties and its events are typed callbacks), and
 * `useBridgeClient`, a hook that registers a `BridgeClient` for a component's
 * lifetime and re-renders it with the desktop's state.
 *
 * It also types the raw tag in JSX (`<ccbridge-client host-origin=…>`), for
 * pages that prefer it. Needs React 18 or 19 (`react` is a peer dependency).
 */
import { createComponent } from '@lit/react';
import type { EventName } from '@lit/react';
import * as React from 'react';
// By the package's own names, left external by the build: the element stays
// in the module that defines its tag (dist/client-element.js, which the
// package marks as having side effects), not in a chunk a bundler may drop.
import { BridgeClient } from 'ccbridge/client';
import type { BridgeClientOptions } from 'ccbridge/client';
import { CcbridgeClientElement } from 'ccbridge/client/element';
import type { CcbridgeClientEventMap } from 'ccbridge/client/element';
import type { AgentState, ContactEvent } from '../protocol/events.js';
import type { BridgeError } from '../protocol/errors.js';
import type { ClientEventSubscriptionAcknowledge } from '../protocol/envelope.js';

/**
 * `<ccbridge-client>` as a React component: `hostOrigin`, `subscriptionTypes`,
 * `contactId`… as props, and `onAcknowledge`, `onEvents`, `onStateChange`,
 * `onError` with the element's typed `CustomEvent`s.
 */
export const CcbridgeClient = /* @__PURE__ */ createComponent({
  tagName: 'ccbridge-client',
  elementClass: CcbridgeClientElement,
  react: React,
  events: {
    onAcknowledge: 'ccbridge-acknowledge' as EventName<CcbridgeClientEventMap['ccbridge-acknowledge']>,
    onEvents: 'ccbridge-events' as EventName<CcbridgeClientEventMap['ccbridge-events']>,
    onStateChange: 'ccbridge-statechange' as EventName<CcbridgeClientEventMap['ccbridge-statechange']>,
    onError: 'ccbridge-error' as EventName<CcbridgeClientEventMap['ccbridge-error']>,
  },
  displayName: 'CcbridgeClient',
});

/** What `useBridgeClient` gives a component; it re-renders when any of it changes. */
export interface BridgeClientState {
  /** The client, once made (`undefined` on the server and before the first effect). */
  readonly client: BridgeClient | undefined;
  /** The OK acknowledgement, once the desktop gave it. */
  readonly acknowledgement: ClientEventSubscriptionAcknowledge | undefined;
  readonly agentState: AgentState | undefined;
  readonly contacts: readonly ContactEvent[];
  /** Why registering failed (`REGISTRATION_REJECTED`, `REGISTRATION_TIMEOUT`, `INVALID_OPTION`…), or a later error such as `SEQUENCE_GAP`. */
  readonly error: BridgeError | Error | undefined;
}

const initial: BridgeClientState = { client: undefined, acknowledgement: undefined, agentState: undefined, contacts: [], error: undefined };

/**
 * Registers a `BridgeClient` while the component is mounted (disposing it,
 * which unregisters, when it unmounts or when an option changes) and keeps
 * the desktop's agent state and contacts in React state. Safe under
 * StrictMode: the second mount's client is the one that stays.
 */
export function useBridgeClient(options: BridgeClientOptions): BridgeClientState {
  const [state, setState] = React.useState<BridgeClientState>(initial);
  const { hostOrigin, contactId, issuer, hostIssuer, timeoutMs, extensions, target } = options;
  const types = options.subscriptionTypes.join(' ');
  React.useEffect(() => {
    let client: BridgeClient;
    try {
      client = new BridgeClient(options);
    } catch (error) {
      setState({ ...initial, error: error as Error });
      return undefined;
    }
    const update = (change: Partial<BridgeClientState>): void => setState((previous) => (previous.client === client ? { ...previous, ...change } : previous));
    setState({ ...initial, client });
    const stops = [
      client.on('agentState', ({ agentState }) => update({ agentState })),
      client.on('contacts', ({ contacts }) => update({ contacts })),
      client.on('error', (error) => update({ error })),
    ];
    client.ready.then(
      (acknowledgement) => update({ acknowledgement, agentState: client.agentState, contacts: client.contacts }),
      (error: Error) => update({ error }),
    );
    return () => {
      for (const stop of stops) stop();
      client.dispose();
    };
    // The options that make a new registration, compared by value (an inline object is new on every render).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [hostOrigin, types, contactId, issuer, hostIssuer, timeoutMs, extensions, target]);
  return state;
}

/** The element's attributes, as JSX takes them on the raw tag. */
export interface CcbridgeClientAttributes extends React.HTMLAttributes<CcbridgeClientElement> {
  'host-origin': string;
  'subscription-types'?: string;
  'contact-id'?: number | string;
  issuer?: string;
  'host-issuer'?: string;
  'timeout-ms'?: number | string;
  'log-size'?: number | string;
  ref?: React.Ref<CcbridgeClientElement>;
}

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'ccbridge-client': CcbridgeClientAttributes;
    }
  }
}
