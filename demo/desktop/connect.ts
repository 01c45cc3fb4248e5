// The demo desktop's source, from /demo/config.json: the simulator (the
// default), a real CXone tenant, or a real XUC server. Tokens come from the
// demo server (/demo/token, /demo/xuc-token), never from credentials here.
// Every tab of the desktop shares one platform session (sharedSource): open
// the demo in two tabs and both show the same calls.
import { sharedSource } from '../../src/sources/index.js';
import type { SharedSource, Source } from '../../src/sources/index.js';
import { CometSource } from '../../src/sources/cxone/index.js';
import type { CxoneToken } from '../../src/sources/cxone/index.js';
import { XucSource } from '../../src/sources/xuc/index.js';

export interface DemoConfig {
  readonly source: 'simulator' | 'cxone' | 'xuc';
  readonly crmOrigin: string;
  readonly simulator?: string;
  /** Seconds between the simulator's scripted calls. */
  readonly callIntervalS?: number;
  readonly station: { readonly stationPhoneNumber: string } | { readonly stationId: string };
  readonly apiVersion: string;
  readonly xucUrl?: string;
  readonly agentId?: number;
  /** The agent's CXone team, whose unavailable codes the CRM's state menu offers (the simulator's is 7). */
  readonly teamId?: number;
  /** Pages brought with `?workspace=` / `?panel=` get full rights (`CCBRIDGE_TRUST_PAGES=1`); default read-only. */
  readonly trustPages?: boolean;
}

async function json<T>(url: string): Promise<T> {
  const response = await fetch(url);
  const body = (await response.json()) as T & { error?: string };
  if (!response.ok) throw new Error(body.error ?? `${url}: HTTP ${response.status}`);
  return body;
}

export function connect(config: DemoConfig): SharedSource {
  const station = 'stationPhoneNumber' in config.station ? config.station.stationPhoneNumber : config.station.stationId;
  return sharedSource(() => platformSource(config), { name: `demo:${config.source}:${config.agentId ?? station}` });
}

async function platformSource(config: DemoConfig): Promise<Source> {
  if (config.source === 'xuc') {
    const { token } = await json<{ token: string }>('/demo/xuc-token');
    return new XucSource({ url: config.xucUrl ?? '', token, ...(config.agentId === undefined ? {} : { agentId: config.agentId }) });
  }
  const token = () => json<CxoneToken>('/demo/token');
  return new CometSource({ token: await token(), refreshToken: token, session: config.station, apiVersion: config.apiVersion, timeoutSeconds: 30, ...(config.teamId === undefined ? {} : { teamId: config.teamId }) });
}
