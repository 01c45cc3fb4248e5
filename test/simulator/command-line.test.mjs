// `npm start` and `ccbridge-sim` with bad settings: one clear line on
// standard error, no stack trace, exit code 2, nothing left running.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Runs a script to its end (20 s at most) and returns its exit code and output. */
function run(args, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')} still running after 20 s: ${stdout}${stderr}`));
    }, 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function oneLine(result, pattern) {
  assert.equal(result.code, 2, result.stderr);
  const lines = result.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line, got:\n${result.stderr}`);
  assert.match(lines[0], pattern);
  assert.doesNotMatch(result.stderr, /\n\s+at |Error:/);
}

let busy;
let busyPort;
before(async () => {
  busy = createServer();
  await new Promise((resolve) => busy.listen(0, resolve));
  busyPort = busy.address().port;
});
after(() => new Promise((resolve) => busy.close(resolve)));

test('ccbridge-sim: an unknown flag', async () => {
  oneLine(await run(['src/simulator/cli.js', '--bogus']), /^ccbridge-sim: Unknown option '--bogus'.*\(ccbridge-sim --help\)$/);
});

test('ccbridge-sim: a port that is not a number, a bad scenario, a bad interval', async () => {
  oneLine(await run(['src/simulator/cli.js', '--port', 'abc']), /--port must be a port number \(0-65535\), got "abc"/);
  oneLine(await run(['src/simulator/cli.js', '--port', '0', '--scenario', 'busy']), /--scenario must be "default" or "none", got "busy"/);
  oneLine(await run(['src/simulator/cli.js', '--port', '0', '--call-interval', 'soon']), /--call-interval must be a number of seconds above 0, got "soon"/);
});

test('ccbridge-sim --skills: a file that cannot be read, is not JSON, or has a bad field gets one line naming it', async () => {
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const folder = mkdtempSync(join(tmpdir(), 'ccbridge-skills-'));
  const file = (name, text) => {
    const path = join(folder, name);
    writeFileSync(path, text);
    return path;
  };
  oneLine(await run(['src/simulator/cli.js', '--port', '0', '--skills', join(folder, 'missing.json')]), /--skills: cannot read .*missing\.json \(ENOENT\)/);
  oneLine(await run(['src/simulator/cli.js', '--port', '0', '--skills', file('bad.json', '[{')]), /--skills: not JSON/);
  oneLine(await run(['src/simulator/cli.js', '--port', '0', '--skills', file('empty.json', '[]')]), /--skills: expected a non-empty array of skills/);
  const badDisposition = JSON.stringify([{ skillId: 5, skillName: 'Claims', dispositions: [{ dispositionId: 1, dispositionName: 'Paid' }, { dispositionId: 0, dispositionName: 'x' }] }]);
  oneLine(await run(['src/simulator/cli.js', '--port', '0', '--skills', file('id.json', badDisposition)]), /--skills: skills\[0\]\.dispositions\[1\]\.dispositionId must be a positive integer/);
  oneLine(await run(['src/simulator/cli.js', '--port', '0', '--skills', file('tag.json', JSON.stringify([{ skillId: 5, skillName: 'Claims', tags: [{ tagId: 3 }] }]))]), /--skills: skills\[0\]\.tags\[0\]\.tagName must be a non-empty string/);
});

test('ccbridge-sim: a --cors-origin that is not an origin; --help describes every option', async () => {
  oneLine(await run(['src/simulator/cli.js', '--port', '0', '--cors-origin', 'notanorigin']), /--cors-origin must be an origin such as https:\/\/crm\.example\.com .*got "notanorigin"/);
  oneLine(await run(['src/simulator/cli.js', '--port', '0', '--cors-origin', 'https://crm.example.com/']), /--cors-origin must be an origin .*got "https:\/\/crm\.example\.com\/"/);
  const help = await run(['src/simulator/cli.js', '--help']);
  assert.equal(help.code, 0);
  for (const option of ['--port', '--host', '--scenario', '--call-interval', '--cors-origin', '--skills', '--quiet', '--help']) assert.match(help.stdout, new RegExp(`^\\s+(-h, )?${option} .*\\S`, 'm'), option);
});

test('npm start: CCBRIDGE_TRUST_PAGES is 1 or 0', async () => {
  oneLine(await run(['scripts/start.mjs'], { PORT: '0', CCBRIDGE_TRUST_PAGES: 'yes' }), /^ccbridge demo: CCBRIDGE_TRUST_PAGES must be 1 or 0, got "yes"$/);
});

test('ccbridge-sim: a port in use', async () => {
  oneLine(await run(['src/simulator/cli.js', '--port', String(busyPort)]), new RegExp(`port ${busyPort} is in use; choose another with --port`));
});

test('npm start: PORT, SIM_PORT, SIM_SCENARIO and SIM_CALL_INTERVAL are checked', async () => {
  oneLine(await run(['scripts/start.mjs'], { PORT: 'eight' }), /^ccbridge demo: PORT must be a port number \(0-65535\), got "eight"$/);
  oneLine(await run(['scripts/start.mjs'], { PORT: '0', SIM_PORT: '99999' }), /SIM_PORT must be a port number \(0-65535\), got "99999"/);
  oneLine(await run(['scripts/start.mjs'], { PORT: '0', SIM_SCENARIO: 'rush' }), /SIM_SCENARIO must be "default" or "none", got "rush"/);
  oneLine(await run(['scripts/start.mjs'], { PORT: '0', SIM_CALL_INTERVAL: '2O' }), /SIM_CALL_INTERVAL must be a number of seconds above 0, got "2O"/);
});

test('npm start: a PORT or SIM_PORT in use', async () => {
  oneLine(await run(['scripts/start.mjs'], { PORT: '0', SIM_PORT: String(busyPort) }), new RegExp(`^ccbridge demo: port ${busyPort} is in use; choose another with SIM_PORT=…$`));
  oneLine(await run(['scripts/start.mjs'], { PORT: String(busyPort), SIM_PORT: '0', SIM_SCENARIO: 'none' }), new RegExp(`^ccbridge demo: port ${busyPort} is in use; choose another with PORT=…$`));
});

test('the demo token proxy passes on tokens only: anything else is a 502 the desktop shows', async () => {
  const { demoConfig, tokenProxy } = await import('../../scripts/demo-config.mjs');
  const { createServer: createHttpServer } = await import('node:http');
  const answers = {
    '/ok': [200, { access_token: 'abc', resource_server_base_uri: 'https://api.example/inContactAPI/', expires_in: 3600 }],
    '/error-with-200': [200, { error: 'invalid_grant' }],
    '/unauthorised': [401, { error: 'invalid_client', error_description: 'bad credentials' }],
    '/html': [502, '<html>gateway</html>'],
  };
  const service = createHttpServer((request, response) => {
    const [status, body] = answers[request.url];
    response.writeHead(status, { 'Content-Type': 'application/json' }).end(typeof body === 'string' ? body : JSON.stringify(body));
  });
  await new Promise((resolve) => service.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${service.address().port}`;
  const proxy = (path) => tokenProxy(demoConfig({ CCBRIDGE_SOURCE: 'cxone', CXONE_TOKEN_URL: `${base}${path}`, CXONE_USERNAME: 'u', CXONE_PASSWORD: 'p' }, 8000), 'cxone');
  try {
    assert.deepEqual(await proxy('/ok'), { status: 200, body: answers['/ok'][1] });
    assert.deepEqual(await proxy('/error-with-200'), { status: 502, body: { error: 'token request failed: the answer has no access_token, resource_server_base_uri (invalid_grant)' } });
    assert.deepEqual(await proxy('/unauthorised'), { status: 502, body: { error: 'token request failed: HTTP 401: bad credentials' } });
    assert.deepEqual(await proxy('/html'), { status: 502, body: { error: 'token request failed: HTTP 502, not JSON: <html>gateway</html>' } });
  } finally {
    await new Promise((resolve) => service.close(resolve));
  }
  const unreachable = await tokenProxy(demoConfig({ CCBRIDGE_SOURCE: 'cxone', CXONE_TOKEN_URL: `${base}/gone`, CXONE_USERNAME: 'u', CXONE_PASSWORD: 'p' }, 8000), 'cxone');
  assert.equal(unreachable.status, 502);
  assert.match(unreachable.body.error, /^token request failed: fetch failed \([A-Z_]+\)$/);
});

test('npm start: a token service that cannot be reached is a 502 with the one-line error (what the desktop shows)', async () => {
  const freePort = () =>
    new Promise((resolve) => {
      const probe = createServer().listen(0, () => {
        const { port: free } = probe.address();
        probe.close(() => resolve(free));
      });
    });
  const port = await freePort();
  // Nothing listens there: the token request is refused at once.
  const gone = await freePort();
  const child = spawn(process.execPath, ['scripts/start.mjs'], { cwd: root, env: { ...process.env, PORT: String(port), CCBRIDGE_SOURCE: 'cxone', CXONE_TOKEN_URL: `http://127.0.0.1:${gone}/token`, CXONE_USERNAME: 'u', CXONE_PASSWORD: 'p' } });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  try {
    const { until } = await import('../helpers/until.js');
    await until(() => output.includes('Ctrl-C to stop'), 'the demo to start', 20_000, { seen: () => output });
    const response = await fetch(`http://localhost:${port}/demo/token`);
    assert.equal(response.status, 502);
    const body = await response.json();
    assert.match(body.error, /^token request failed: /);
    // It says which mode pages brought with ?workspace= run in, and / leads to the desktop.
    assert.match(output, /read-only \(CCBRIDGE_TRUST_PAGES=1 grants them full rights\)/);
    const root = await fetch(`http://localhost:${port}/`, { redirect: 'manual' });
    assert.equal(root.status, 302);
    assert.equal(root.headers.get('location'), '/demo/index.html');
    const config = await fetch(`http://localhost:${port}/demo/config.json`);
    assert.equal(config.status, 200);
    assert.equal((await config.json()).source, 'cxone');
  } finally {
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGINT');
    await exited;
  }
});
