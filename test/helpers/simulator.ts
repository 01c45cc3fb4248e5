/** The simulator the test runner started (web-test-runner.config.mjs), used from the browser. */
import type { CxoneToken } from '../../src/sources/cxone/index.js';

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
