// The demo's settings, from the environment, and the server-side token calls
// (credentials stay on the server; the desktop asks /demo/token).
//
// CCBRIDGE_SOURCE=simulator (default) | cxone | xuc
// cxone: CXONE_TOKEN_URL, CXONE_AUTH (the application's "Basic" credentials), CXONE_USERNAME,
//        CXONE_PASSWORD, CXONE_SCOPE, CXONE_STATION_PHONE or CXONE_STATION_ID, CXONE_API_VERSION
// xuc:   XUC_URL (wss://host/xuc/api/2.0/cti), XUC_LOGIN, XUC_PASSWORD, XUC_AGENT_ID
// CCBRIDGE_TRUST_PAGES=1: pages brought with ?workspace= / ?panel= get full rights (default: read-only)

import { flagSetting, intervalSetting, listenFailure, portSetting, scenarioSetting } from '../src/simulator/settings.js';

/** Stops `npm start` with one line, no stack trace. */
export function fail(message) {
  console.error(`ccbridge demo: ${message}`);
  process.exit(2);
}

/** PORT, SIM_PORT, SIM_SCENARIO, SIM_CALL_INTERVAL, checked: a bad value stops the demo with one line. */
export function readSettings(env) {
  const checked = (value) => (typeof value === 'string' ? fail(value) : value);
  return {
    port: checked(portSetting('PORT', env.PORT ?? '8000')),
    simPort: checked(portSetting('SIM_PORT', env.SIM_PORT ?? '8787')),
    scenario: checked(scenarioSetting('SIM_SCENARIO', env.SIM_SCENARIO ?? 'default')).scenario,
    callIntervalS: checked(intervalSetting('SIM_CALL_INTERVAL', env.SIM_CALL_INTERVAL ?? '20')),
  };
}

/** Starts a server; a port already taken stops the demo with one line naming the setting. */
export async function listening(setting, port, start) {
  const refused = (error) => fail(listenFailure(port, `${setting}=…`, error));
  // The dev server emits its listen error on the http server instead of rejecting.
  process.once('uncaughtException', refused);
  try {
    return await start();
  } catch (error) {
    return refused(error);
  } finally {
    process.off('uncaughtException', refused);
  }
}

/** CCBRIDGE_TRUST_PAGES: 1 or 0 (default 0); anything else stops the demo with one line. */
export function trustPages(env) {
  const value = flagSetting('CCBRIDGE_TRUST_PAGES', env.CCBRIDGE_TRUST_PAGES ?? '0');
  return typeof value === 'string' ? fail(value) : value;
}

export function demoConfig(env, port) {
  const source = env.CCBRIDGE_SOURCE ?? 'simulator';
  if (!['simulator', 'cxone', 'xuc'].includes(source)) {
    console.error(`ccbridge demo: CCBRIDGE_SOURCE must be simulator, cxone or xuc, got "${source}"`);
    process.exit(2);
  }
  const required = source === 'cxone' ? ['CXONE_TOKEN_URL', 'CXONE_USERNAME', 'CXONE_PASSWORD'] : source === 'xuc' ? ['XUC_URL', 'XUC_LOGIN', 'XUC_PASSWORD'] : [];
  const missing = required.filter((name) => !env[name]);
  if (missing.length > 0) {
    console.error(`ccbridge demo: CCBRIDGE_SOURCE=${source} needs ${missing.join(', ')} (see docs/demo.md#against-a-real-platform)`);
    process.exit(2);
  }
  const config = {
    source,
    simulator: undefined,
    callIntervalS: undefined,
    env,
    public() {
      return {
        source,
        crmOrigin: `http://127.0.0.1:${port}`,
        simulator: this.simulator,
        callIntervalS: this.callIntervalS,
        station: env.CXONE_STATION_ID ? { stationId: env.CXONE_STATION_ID } : { stationPhoneNumber: env.CXONE_STATION_PHONE ?? '4005150001' },
        apiVersion: env.CXONE_API_VERSION ?? 'v12.0',
        xucUrl: env.XUC_URL,
        agentId: env.XUC_AGENT_ID === undefined ? undefined : Number(env.XUC_AGENT_ID),
        teamId: source === 'simulator' ? 7 : env.CXONE_TEAM_ID === undefined ? undefined : Number(env.CXONE_TEAM_ID),
        trustPages: trustPages(env),
      };
    },
    describe() {
      return source === 'cxone' ? `token service ${env.CXONE_TOKEN_URL}` : `XUC ${env.XUC_URL}`;
    },
  };
  return config;
}

export async function tokenProxy(config, kind) {
  const { env } = config;
  try {
    if (kind === 'xuc') {
      if (config.source !== 'xuc') return { status: 404, body: { error: 'not an XUC demo' } };
      const login = new URL('/xuc/api/2.0/auth/login', env.XUC_URL.replace(/^ws/, 'http'));
      const response = await fetch(login, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login: env.XUC_LOGIN, password: env.XUC_PASSWORD }) });
      return checked(response, ['token']);
    }
    const url = config.source === 'simulator' ? `${config.simulator}/InContactAuthorizationServer/Token` : env.CXONE_TOKEN_URL;
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(env.CXONE_AUTH ? { Authorization: `basic ${env.CXONE_AUTH}` } : {}) },
      body: JSON.stringify({ grant_type: 'password', username: env.CXONE_USERNAME ?? 'demo', password: env.CXONE_PASSWORD ?? 'demo', scope: env.CXONE_SCOPE ?? '' }),
    });
    return checked(response, ['access_token', 'resource_server_base_uri']);
  } catch (error) {
    // fetch's own message is "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND…) is its cause.
    const cause = error instanceof Error && error.cause instanceof Error ? ` (${/** @type {{ code?: string }} */ (error.cause).code ?? error.cause.message})` : '';
    return failed(`${error instanceof Error ? error.message : String(error)}${cause}`);
  }
}

/**
 * A token service's answer, passed on only when it is a token: anything else
 * (an HTTP error, an error body with a 200, a missing field, not JSON) is a
 * 502 whose `error` the desktop shows as it is.
 */
async function checked(response, fields) {
  const text = await response.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    return failed(`HTTP ${response.status}, not JSON: ${text.slice(0, 80)}`);
  }
  const reason = typeof body?.error_description === 'string' ? body.error_description : typeof body?.error === 'string' ? body.error : undefined;
  if (!response.ok) return failed(`HTTP ${response.status}${reason ? `: ${reason}` : ''}`);
  const absent = fields.filter((field) => typeof body?.[field] !== 'string' || body[field] === '');
  if (absent.length > 0) return failed(`the answer has no ${absent.join(', ')}${reason ? ` (${reason})` : ''}`);
  return { status: 200, body };
}

function failed(why) {
  return { status: 502, body: { error: `token request failed: ${why}` } };
}
