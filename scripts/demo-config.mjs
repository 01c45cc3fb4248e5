// The demo's settings, from the environment, and the server-side token calls
// (credentials stay on the server; the desktop asks /demo/token).
//
// CCBRIDGE_SOURCE=simulator (default) | cxone | xuc
// cxone: CXONE_TOKEN_URL, CXONE_AUTH (the application's "Basic" credentials), CXONE_USERNAME,
//        CXONE_PASSWORD, CXONE_SCOPE, CXONE_STATION_PHONE or CXONE_STATION_ID, CXONE_API_VERSION
// xuc:   XUC_URL (wss://host/xuc/api/2.0/cti), XUC_LOGIN, XUC_PASSWORD, XUC_AGENT_ID
// CCBRIDGE_TRUST_PAGES=1: pages brought with ?workspace= / ?panel= get full rights (default: read-only)

export function demoConfig(env, port) {
  const source = env.CCBRIDGE_SOURCE ?? 'simulator';
  if (!['simulator', 'cxone', 'xuc'].includes(source)) {
    console.error(`ccbridge demo: CCBRIDGE_SOURCE must be simulator, cxone or xuc, got "${source}"`);
    process.exit(2);
  }
  const required = source === 'cxone' ? ['CXONE_TOKEN_URL', 'CXONE_USERNAME', 'CXONE_PASSWORD'] : source === 'xuc' ? ['XUC_URL', 'XUC_LOGIN', 'XUC_PASSWORD'] : [];
  const missing = required.filter((name) => !env[name]);
  if (missing.length > 0) {
    console.error(`ccbridge demo: CCBRIDGE_SOURCE=${source} needs ${missing.join(', ')} (see README, "Running the demo against a real platform")`);
    process.exit(2);
  }
  const config = {
    source,
    simulator: undefined,
    env,
    public() {
      return {
        source,
        crmOrigin: `http://127.0.0.1:${port}`,
        simulator: this.simulator,
        station: env.CXONE_STATION_ID ? { stationId: env.CXONE_STATION_ID } : { stationPhoneNumber: env.CXONE_STATION_PHONE ?? '4005150001' },
        apiVersion: env.CXONE_API_VERSION ?? 'v12.0',
        xucUrl: env.XUC_URL,
        agentId: env.XUC_AGENT_ID === undefined ? undefined : Number(env.XUC_AGENT_ID),
        trustPages: env.CCBRIDGE_TRUST_PAGES === '1',
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
      return { status: response.status, body: await response.json() };
    }
    const url = config.source === 'simulator' ? `${config.simulator}/InContactAuthorizationServer/Token` : env.CXONE_TOKEN_URL;
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(env.CXONE_AUTH ? { Authorization: `basic ${env.CXONE_AUTH}` } : {}) },
      body: JSON.stringify({ grant_type: 'password', username: env.CXONE_USERNAME ?? 'demo', password: env.CXONE_PASSWORD ?? 'demo', scope: env.CXONE_SCOPE ?? '' }),
    });
    return { status: response.status, body: await response.json() };
  } catch (error) {
    return { status: 502, body: { error: `token request failed: ${error instanceof Error ? error.message : String(error)}` } };
  }
}
