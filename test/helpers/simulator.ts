/** The simulator the test runner started (web-test-runner.config.mjs), used from the browser. */
import type { BridgeError, PlatformEvent } from '../../src/protocol/index.js';
import type { CxoneToken } from '../../src/sources/cxone/index.js';
import type { Source, SourceStatus } from '../../src/sources/index.js';
import { onCleanUp } from './host.js';

let cached: { url: string; port: number } | undefined;

export async function simulator(): Promise<{ url: string; port: number }> {
  cached ??= (await (await fetch('/__simulator')).json()) as { url: string; port: number };
  return cached;
}

export async function control(path: string, body: unknown = {}): Promise<Record<string, unknown>> {
  const { url } = await simulator();
  const response = await fetch(`${url}/sim${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return (await response.json()) as Record<string, unknown>;
}

export async function simState(): Promise<{ contacts: Record<string, unknown>[]; sessions: { sessionId: string; ended: boolean }[]; agentState: Record<string, unknown> }> {
  const { url } = await simulator();
  return (await (await fetch(`${url}/sim/state`)).json()) as never;
}

export async function token(): Promise<CxoneToken> {
  const { url } = await simulator();
  return (await (await fetch(`${url}/InContactAuthorizationServer/Token`, { method: 'POST', body: '{}' })).json()) as CxoneToken;
}

/** A fetch that records every request it makes. */
export function recordingFetch() {
  const requests: { method: string; url: string; path: string; authorization: string | null; body: unknown }[] = [];
  const wrapped: typeof fetch = (input, init) => {
    const headers = new Headers(init?.headers);
    const url = String(input);
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    // `path`: after `services/vNN.0/agent-sessions`, the part a command table names.
    const path = /\/agent-sessions(.*)$/.exec(new URL(url).pathname)?.[1] ?? '';
    requests.push({ method: init?.method ?? 'GET', url, path, authorization: headers.get('Authorization'), body });
    return fetch(input, init);
  };
  return { requests, fetch: wrapped };
}

/** Records what a source reports (events, statuses, errors) and stops it after the test. */
export function watchSource(source: Source) {
  const events: PlatformEvent[] = [];
  const statuses: SourceStatus[] = [];
  const errors: BridgeError[] = [];
  source.on('events', (batch) => events.push(...batch));
  source.on('status', (status) => statuses.push(status));
  source.on('error', (error) => errors.push(error));
  onCleanUp(() => void source.stop());
  return { events, statuses, errors };
}
