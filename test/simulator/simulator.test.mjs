// The simulator's own API, from Node (node:test), against a real server on a free port.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import WebSocket from 'ws';
import { createSimulator } from '../../src/simulator/server.js';
import { until } from '../helpers/until.js';

let sim;
let token;
let base;

const json = async (response) => (response.status === 304 ? undefined : response.json());
const api = (path, init = {}) =>
  fetch(`${base}services/v12.0/agent-sessions${path}`, {
    ...init,
    headers: { Authorization: `bearer ${token}`, 'Content-Type': 'application/json', ...(init.headers ?? {}) },
  });
const control = (path, body) => fetch(`${sim.url}/sim${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body ?? {}) });
const startSession = async () => (await json(await api('', { method: 'POST', body: JSON.stringify({ stationPhoneNumber: '4005150001' }) }))).sessionId;
const poll = (id, timeout = 0) => api(`/${encodeURIComponent(id)}/get-next-event?timeout=${timeout}`);
/** How many polls the simulator at `url` holds open now, over all sessions. */
const held = async (url = sim.url) => (await (await fetch(`${url}/sim/state`)).json()).sessions.reduce((sum, session) => sum + session.held, 0);

before(async () => {
  sim = await createSimulator({ port: 0, scenario: 'none', dialAnswerMs: 50, acwMs: 100 });
});
after(async () => {
  await sim.close();
});
beforeEach(async () => {
  await control('/reset');
  const auth = await json(await fetch(`${sim.url}/InContactAuthorizationServer/Token`, { method: 'POST', body: '{}' }));
  token = auth.access_token;
  base = auth.resource_server_base_uri;
});

describe('token endpoint', () => {
  test('returns access_token, token_type and the API base of this simulator', async () => {
    const auth = await json(await fetch(`${sim.url}/InContactAuthorizationServer/Token`, { method: 'POST' }));
    assert.equal(auth.token_type, 'bearer');
    assert.equal(auth.resource_server_base_uri, `http://localhost:${sim.port}/inContactAPI/`);
    assert.match(auth.access_token, /^simtok-/);
  });

  test('the agent-session API refuses a missing or unknown token with 401', async () => {
    const response = await fetch(`${base}services/v12.0/agent-sessions`, { method: 'POST', body: '{"stationId":"1"}' });
    assert.equal(response.status, 401);
    token = 'nope';
    assert.equal((await api('', { method: 'POST', body: '{"stationId":"1"}' })).status, 401);
  });

  test('revoking tokens makes the next call 401', async () => {
    const id = await startSession();
    await control('/tokens/revoke');
    assert.equal((await poll(id)).status, 401);
  });
});

describe('agent sessions', () => {
  test('start needs a station, and answers with a session id for any vNN.0', async () => {
    assert.equal((await api('', { method: 'POST', body: '{}' })).status, 400);
    const response = await fetch(`${base}services/v2.0/agent-sessions`, { method: 'POST', headers: { Authorization: `bearer ${token}` }, body: '{"stationId":"abc"}' });
    assert.equal(response.status, 202);
    assert.match((await response.json()).sessionId, /^sim/);
  });

  test('the first poll returns AgentSessionStart and the agent state, with the next session id', async () => {
    const id = await startSession();
    const response = await poll(id);
    assert.equal(response.status, 200);
    const body = await response.json();
    assert.deepEqual(body.events.map((event) => event.Type), ['AgentSessionStart', 'AgentState']);
    assert.equal(body.sessionId, `${id}~2`);
    assert.equal((await poll(body.sessionId)).status, 304);
  });

  test('a retry with the old session id gets the same events again (nothing lost)', async () => {
    const id = await startSession();
    const first = await json(await poll(id));
    const again = await json(await poll(id));
    assert.deepEqual(again, first);
  });

  test('join { asAgentId } returns the agent\'s live session from now on (the shape of NICE\'s own client)', async () => {
    const id = await startSession();
    const cursor = (await json(await poll(id))).sessionId;
    const joined = await json(await api('/join', { method: 'POST', body: JSON.stringify({ asAgentId: 19 }) }));
    assert.equal(joined.sessionId, cursor, 'the join starts where the session is now');
    assert.equal((await api('/join', { method: 'POST', body: '{}' })).status, 400);
    await api(`/${encodeURIComponent(cursor)}`, { method: 'DELETE' });
    assert.equal((await api('/join', { method: 'POST', body: JSON.stringify({ asAgentId: 19 }) })).status, 404);
  });

  test('get-next-event refuses a timeout that is not an integer from 0 to 60', async () => {
    const id = await startSession();
    for (const timeout of ['61', '-1', '1.5', 'x', '']) {
      assert.equal((await api(`/${id}/get-next-event?timeout=${timeout}`)).status, 400, timeout);
    }
  });

  test('holds a poll until an event arrives', async () => {
    const id = await startSession();
    const next = (await json(await poll(id))).sessionId;
    let answered = false;
    const pending = poll(next, 10).then((response) => ((answered = true), response));
    // The platform holds the poll: nothing comes back until there is an event.
    await until(async () => (await held()) === 1, 'the poll held open');
    assert.equal(answered, false);
    await control('/calls', { ani: '5551234' });
    const response = await pending;
    assert.equal(response.status, 200);
    const { events } = await response.json();
    assert.equal(events[0].Type, 'CallContactEvent');
    assert.equal(events[0].ANI, '5551234');
  });

  test('holds a poll for the whole timeout, then answers 304', async () => {
    const id = await startSession();
    const next = (await json(await poll(id))).sessionId;
    const started = Date.now();
    const response = await poll(next, 1);
    assert.equal(response.status, 304);
    assert.ok(Date.now() - started >= 950);
  });

  test('DELETE ends the session: AgentSessionEnd, then 409', async () => {
    const id = await startSession();
    const next = (await json(await poll(id))).sessionId;
    assert.equal((await api(`/${id}`, { method: 'DELETE' })).status, 202);
    const end = await json(await poll(next));
    assert.deepEqual(end.events.map((event) => event.Type), ['AgentSessionEnd']);
    assert.equal((await poll(end.sessionId)).status, 409);
  });

  test('commands change the call and emit its events', async () => {
    const id = await startSession();
    let cursor = (await json(await poll(id))).sessionId;
    const { contactId } = await json(await control('/calls'));
    const statuses = [];
    for (const action of ['accept', 'hold', 'resume', 'mask', 'unmask', 'agent-phone/mute', 'record', 'stop-record', 'record', 'end']) {
      const path = action.startsWith('agent-phone/') ? `/${id}/${action}` : `/${id}/interactions/${contactId}/${action}`;
      assert.equal((await api(path, { method: 'POST' })).status, 202, action);
    }
    assert.equal((await api(`/${id}/interactions/${contactId}/mute`, { method: 'POST' })).status, 404, 'mute is not a contact action');
    const agent = [];
    let final;
    while (agent.length < 3) {
      const body = await json(await poll(cursor, 2));
      cursor = body.sessionId;
      for (const event of body.events) {
        if (event.Type === 'AgentState') agent.push(`${event.CurrentState}${event.IsAcw === 'True' ? ` ACW ${event.AcwTimeout}s` : ''}`);
        else if (event.Type === 'Mute') statuses.push(`Mute:${event.AgentMuted}`);
        else statuses.push(`${event.Status}${event.IsLogging === 'True' ? '+rec' : ''}${event.FinalState === 'True' ? '!' : ''}`);
        if (event.FinalState === 'True') final = event;
      }
    }
    // Mute is agent-wide, its own event; no IsMuted on the call.
    assert.deepEqual(statuses, ['Incoming', 'Active', 'Holding', 'Active', 'Masking', 'Active', 'Mute:True', 'Active+rec', 'Active', 'Active+rec', 'Disconnected+rec!']);
    // The agent follows its call: on it, in after-call work, then available.
    assert.deepEqual(agent, ['InboundContact', 'Unavailable ACW 0s', 'Available']);
    assert.equal(final.DisconnectCode, 'AgentDisconnect', 'the agent ended it');
  });

  test('a caller who hangs up is named in the final event', async () => {
    const id = await startSession();
    let cursor = (await json(await poll(id))).sessionId;
    const { contactId } = await json(await control('/calls'));
    await api(`/${id}/interactions/${contactId}/accept`, { method: 'POST' });
    await control(`/contacts/${contactId}/end`);
    let final;
    while (final === undefined) {
      const body = await json(await poll(cursor, 2));
      cursor = body.sessionId;
      final = body.events.find((event) => event.FinalState === 'True');
    }
    assert.equal(final.DisconnectCode, 'CallerDisconnect');
  });

  test('a command not valid in the state is refused with 400, an unknown contact with 404', async () => {
    const id = await startSession();
    const { contactId } = await json(await control('/calls'));
    assert.equal((await api(`/${id}/interactions/${contactId}/hold`, { method: 'POST' })).status, 400);
    assert.equal((await api(`/${id}/interactions/999/accept`, { method: 'POST' })).status, 404);
  });

  test('dial-phone takes { phoneNumber, skillName } before v23.0 and { phoneNumber, skillId } from v23.0', async () => {
    const id = await startSession();
    const dial = (version, body) =>
      fetch(`${base}services/${version}/agent-sessions/${id}/dial-phone`, { method: 'POST', headers: { Authorization: `bearer ${token}` }, body: JSON.stringify(body) });
    assert.equal((await dial('v12.0', { phoneNumber: '5550101', skillName: 'Out' })).status, 202);
    assert.equal((await dial('v12.0', { phoneNumber: '5550101' })).status, 202);
    assert.equal((await dial('v12.0', { phoneNumber: '5550101', skillName: '' })).status, 400, 'no empty skillName');
    assert.equal((await dial('v12.0', { phoneNumber: '5550101', skillId: 4 })).status, 400);
    assert.equal((await dial('v23.0', { phoneNumber: '5550101', skillId: 4001 })).status, 202);
    assert.equal((await dial('v23.0', { phoneNumber: '5550101', skillName: 'Out' })).status, 400);
    assert.equal((await dial('v23.0', { phoneNumber: '5550101', skillId: '4001' })).status, 400);
  });

  test('dial-phone places an outbound call that is answered; state sets the agent state', async () => {
    const id = await startSession();
    let cursor = (await json(await poll(id))).sessionId;
    await api(`/${id}/dial-phone`, { method: 'POST', body: JSON.stringify({ phoneNumber: '5550199', skillName: 'Out' }) });
    await api(`/${id}/state`, { method: 'POST', body: JSON.stringify({ state: 'Unavailable', reason: 'Break' }) });
    const seen = [];
    while (seen.length < 5) {
      const body = await json(await poll(cursor, 2));
      cursor = body.sessionId;
      seen.push(...body.events.map((event) => event.Status ?? `${event.CurrentState}/${event.CurrentOutReason}`));
    }
    // The agent is on an outbound contact while the call is current, whatever it was set to meanwhile.
    assert.deepEqual(seen, ['Dialing', 'OutboundContact/', 'Unavailable/Break', 'Active', 'OutboundContact/']);
  });

  test('a dial to a number of /sim/unanswered rings, then ends unanswered; the agent goes to after-call work', async () => {
    assert.equal((await control('/unanswered', { numbers: 'nope' })).status, 400);
    assert.deepEqual(await json(await control('/unanswered', { numbers: ['5550198'] })), { unanswered: ['5550198'] });
    const id = await startSession();
    let cursor = (await json(await poll(id))).sessionId;
    await api(`/${id}/dial-phone`, { method: 'POST', body: JSON.stringify({ phoneNumber: '5550198' }) });
    const seen = [];
    while (!seen.includes('Disconnected')) {
      const body = await json(await poll(cursor, 2));
      cursor = body.sessionId;
      seen.push(...body.events.filter((event) => event.Type === 'CallContactEvent').map((event) => event.Status));
    }
    assert.deepEqual(seen, ['Dialing', 'Disconnected']);
    const state = await (await fetch(`${sim.url}/sim/state`)).json();
    assert.equal(state.agentState.IsAcw, 'True');
    await control('/reset');
    assert.deepEqual(await json(await control('/unanswered', { numbers: [] })), { unanswered: [] }, 'reset forgets them');
  });

  test('a consult, then transfer-calls; conference-calls; custom-data: as NICE\'s SDK posts them', async () => {
    const id = await startSession();
    const { contactId } = await json(await control('/calls', {}));
    const post = (path, body) => api(`/${id}${path}`, { method: 'POST', ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    assert.equal((await post('/interactions/transfer-calls')).status, 400, 'no consult yet');
    assert.equal((await post(`/interactions/${contactId}/accept`)).status, 202);
    assert.equal((await post(`/interactions/${contactId}/custom-data`, { indicatorName: 'crm', data: 'a=1|b=2' })).status, 202);
    assert.equal((await post(`/interactions/${contactId}/custom-data`, { data: 'a=1' })).status, 400, 'an indicatorName is needed');
    assert.equal((await post(`/interactions/${contactId}/hold`)).status, 202);
    assert.equal((await post('/dial-phone', { phoneNumber: '5550197' })).status, 202);
    assert.equal((await post('/interactions/conference-calls')).status, 400, 'the consulted party has not answered');
    await until(async () => (await (await fetch(`${sim.url}/sim/state`)).json()).contacts.every((contact) => contact.Status === 'Active' || contact.Status === 'Holding') , 'the consult answered');
    assert.equal((await post('/interactions/transfer-calls')).status, 202);
    const state = await (await fetch(`${sim.url}/sim/state`)).json();
    assert.deepEqual(state.contacts, []);
    assert.deepEqual(state.transfers, [{ contactId, to: '5550197' }]);
    assert.deepEqual(state.contactData, { [contactId]: { a: '1', b: '2' } });
  });
});

describe('control API', () => {
  test('POST /sim/events injects raw events into every session, and refuses non-events', async () => {
    const id = await startSession();
    const cursor = (await json(await poll(id))).sessionId;
    assert.equal((await control('/events', [{ Type: 'Indicator', Seq: 1 }, { Type: 'Custom', X: 2 }])).status, 200);
    assert.deepEqual((await json(await poll(cursor))).events, [{ Type: 'Indicator', Seq: 1 }, { Type: 'Custom', X: 2 }]);
    assert.equal((await control('/events', { events: [{ NoType: 1 }] })).status, 400);
  });

  test('POST /sim/faults fails the next N polls with a status, a delay, or a dropped connection', async () => {
    const id = await startSession();
    await control('/faults', { failNext: 2, status: 502 });
    assert.equal((await poll(id)).status, 502);
    assert.equal((await poll(id)).status, 502);
    assert.equal((await poll(id)).status, 200);
    await control('/faults', { failNext: 1, delayMs: 300 });
    const started = Date.now();
    assert.equal((await poll(id)).status, 200);
    assert.ok(Date.now() - started >= 280);
    await control('/faults', { failNext: 1, drop: true });
    await assert.rejects(poll(id).then((response) => response.json()), "the body is cut off");
    assert.equal((await poll(id)).status, 200);
  });

  test('POST /sim/contacts/{id}/end and /sim/sessions/{id}/end', async () => {
    const id = await startSession();
    const { contactId } = await json(await control('/calls'));
    assert.equal((await control(`/contacts/${contactId}/end`)).status, 200);
    assert.equal((await control(`/contacts/${contactId}/end`)).status, 404);
    assert.equal((await control(`/sessions/${id}/end`)).status, 200);
    const { events, sessionId } = await json(await poll(id));
    assert.equal(events.at(-1).Type, 'AgentSessionEnd');
    assert.equal((await poll(sessionId)).status, 409);
  });

  test('GET /sim/state shows the agent, contacts and sessions', async () => {
    await startSession();
    await control('/calls');
    const state = await json(await fetch(`${sim.url}/sim/state`));
    assert.equal(state.contacts.length, 1);
    assert.equal(state.sessions.length, 1);
    assert.equal(state.agentState.CurrentState, 'InboundContact', 'the agent follows its call');
  });
});

describe('CORS', () => {
  test('answers preflights from loopback origins and from listed ones only', async () => {
    const preflight = await fetch(`${base}services/v12.0/agent-sessions`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://127.0.0.1:8001', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), 'http://127.0.0.1:8001');
    assert.match(preflight.headers.get('access-control-allow-headers'), /Authorization/);
    const foreign = await fetch(`${sim.url}/sim/state`, { headers: { Origin: 'https://evil.example' } });
    assert.equal(foreign.headers.get('access-control-allow-origin'), null);
  });
});

describe('XUC websocket', () => {
  const connect = (xucToken) =>
    new Promise((resolve, reject) => {
      const socket = new WebSocket(`ws://localhost:${sim.port}/xuc/api/2.0/cti?token=${xucToken}`);
      const messages = [];
      socket.on('message', (data) => messages.push(JSON.parse(String(data))));
      socket.on('open', () => resolve({ socket, messages }));
      socket.on('error', reject);
    });
  const login = async () => (await json(await fetch(`${sim.url}/xuc/api/2.0/auth/login`, { method: 'POST', body: JSON.stringify({ login: 'agent', password: 'secret' }) }))).token;

  test('auth/login returns a token; bad credentials get 401; an unknown token cannot connect', async () => {
    assert.match(await login(), /^simtok-/);
    assert.equal((await fetch(`${sim.url}/xuc/api/2.0/auth/login`, { method: 'POST', body: '{"login":"a"}' })).status, 401);
    await assert.rejects(connect('nope'));
  });

  test('shows the same calls as XUC messages, takes commands, and answers pings', async () => {
    const { socket, messages } = await connect(await login());
    await until(() => messages.some((m) => m.msgType === 'AgentStateEvent'), 'a AgentStateEvent');
    assert.equal(messages.find((m) => m.msgType === 'AgentStateEvent').ctiMessage.name, 'AgentReady');
    const { contactId } = await json(await control('/calls', { ani: '0601020304' }));
    await until(() => messages.some((m) => m.ctiMessage?.eventType === 'EventRinging'), 'a EventRinging');
    assert.equal(messages.find((m) => m.ctiMessage?.eventType === 'EventRinging').ctiMessage.otherDN, '0601020304');
    socket.send(JSON.stringify({ claz: 'web', command: 'answer' }));
    await until(() => messages.some((m) => m.ctiMessage?.eventType === 'EventEstablished'), 'a EventEstablished');
    socket.send(JSON.stringify({ claz: 'web', command: 'hold' }));
    await until(() => messages.some((m) => m.ctiMessage?.eventType === 'EventOnHold'), 'a EventOnHold');
    socket.send(JSON.stringify({ claz: 'web', command: 'hangup' }));
    await until(() => messages.some((m) => m.ctiMessage?.eventType === 'EventReleased'), 'a EventReleased');
    const state = await json(await fetch(`${sim.url}/sim/state`));
    assert.equal(state.contacts.some((contact) => contact.ContactID === contactId), false);
    socket.send(JSON.stringify({ claz: 'ping' }));
    await until(() => messages.some((m) => m.msgType === 'Pong'), 'a Pong');
    socket.send(JSON.stringify({ claz: 'web', command: 'answer' }));
    await until(() => messages.some((m) => m.msgType === 'AgentError'), 'a AgentError');
    socket.close();
  });

  test('a silent link stops answering pings; drop closes the connections', async () => {
    const { socket, messages } = await connect(await login());
    await control('/xuc', { silent: true });
    const before = messages.length;
    socket.send(JSON.stringify({ claz: 'ping' }));
    // A barrier: the link speaks again, and a command with no call gets its AgentError.
    // Messages on one socket keep their order: an answer to the ping would have come first.
    await until(async () => (await json(await fetch(`${sim.url}/sim/xuc/received`))).received.some((message) => message?.claz === 'ping'), 'the ping received');
    await control('/xuc', { silent: false });
    socket.send(JSON.stringify({ claz: 'web', command: 'answer' }));
    await until(() => messages.slice(before).some((m) => m.msgType === 'AgentError'), 'the barrier\'s AgentError');
    assert.deepEqual(messages.slice(before).map((m) => m.msgType), ['AgentError'], 'nothing answered the ping');
    const closed = new Promise((resolve) => socket.on('close', resolve));
    await control('/xuc', { silent: false, drop: true });
    await closed;
  });
});

describe('ccbridge-sim (the command)', () => {
  test('prints its URL, serves, and exits 0 on SIGINT even with a poll pending', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, ['src/simulator/cli.js', '--port', '0', '--scenario', 'none', '--quiet'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    const url = await until(() => /listening on (http:\/\/localhost:\d+)/.exec(output)?.[1], 'the URL printed', 5000, { seen: () => output });
    const auth = await (await fetch(`${url}/InContactAuthorizationServer/Token`, { method: 'POST' })).json();
    const headers = { Authorization: `bearer ${auth.access_token}` };
    const { sessionId } = await (await fetch(`${auth.resource_server_base_uri}services/v12.0/agent-sessions`, { method: 'POST', headers, body: '{"stationId":"1"}' })).json();
    const next = (await (await fetch(`${auth.resource_server_base_uri}services/v12.0/agent-sessions/${sessionId}/get-next-event?timeout=0`, { headers })).json()).sessionId;
    const pending = fetch(`${auth.resource_server_base_uri}services/v12.0/agent-sessions/${next}/get-next-event?timeout=60`, { headers }).catch(() => 'closed');
    await until(async () => (await held(url)) === 1, 'the poll held open');
    const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    const started = Date.now();
    child.kill('SIGINT');
    assert.equal(await exited, 0);
    assert.ok(Date.now() - started < 3000, 'shut down promptly');
    assert.equal(await pending, 'closed');
  });

  test('--skills serves the file\'s skills, dispositions and tags', async () => {
    const { spawn } = await import('node:child_process');
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const file = join(mkdtempSync(join(tmpdir(), 'ccbridge-skills-')), 'skills.json');
    writeFileSync(file, JSON.stringify([{ skillId: 88, skillName: 'Renewals', dispositions: [{ dispositionId: 8, dispositionName: 'Renewed' }], tags: [{ tagId: 9, tagName: 'Loyal' }] }]));
    const child = spawn(process.execPath, ['src/simulator/cli.js', '--port', '0', '--scenario', 'none', '--quiet', '--skills', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    try {
      const url = await until(() => /listening on (http:\/\/localhost:\d+)/.exec(output)?.[1], 'the URL printed', 5000, { seen: () => output });
      const auth = await (await fetch(`${url}/InContactAuthorizationServer/Token`, { method: 'POST' })).json();
      const headers = { Authorization: `Bearer ${auth.access_token}` };
      const { dispositions } = await (await fetch(`${url}/InContactAPI/services/v12.0/skills/88/dispositions`, { headers })).json();
      assert.deepEqual(dispositions.map((disposition) => disposition.dispositionName), ['Renewed']);
      const { resultSet } = await (await fetch(`${url}/InContactAPI/services/v12.0/skills/88/tags`, { headers })).json();
      assert.deepEqual(resultSet.tags.map((tag) => tag.tagName), ['Loyal']);
    } finally {
      const exited = new Promise((resolve) => child.on('exit', resolve));
      child.kill('SIGINT');
      await exited;
    }
  });

  test('refuses a bad --scenario with a clear message', async () => {
    const { spawnSync } = await import('node:child_process');
    const result = spawnSync(process.execPath, ['src/simulator/cli.js', '--scenario', 'busy'], { encoding: 'utf8' });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /--scenario must be "default" or "none"/);
  });
});

describe('the default scenario', () => {
  test('offers calls, and a scripted agent answers, holds, resumes and ends them', async () => {
    const scripted = await createSimulator({ port: 0, scenario: 'default', callIntervalMs: 50, pace: 0.02 });
    try {
      const statuses = [];
      const unsubscribe = scripted.platform.subscribe((events) => {
        for (const event of events) if (event.Type === 'CallContactEvent') statuses.push(`${event.Status}${event.FinalState === 'True' ? '!' : ''}`);
      });
      await until(() => statuses.includes('Disconnected!'), 'a scripted call to end', 4000, { seen: () => statuses.join(' ') });
      unsubscribe();
      assert.deepEqual(statuses.slice(0, 5), ['Incoming', 'Active', 'Holding', 'Active', 'Disconnected!']);
    } finally {
      await scripted.close();
    }
  });

  test('the scripted agent answers an injected call left ringing, and a ringing call does not stop the scripted ones', async () => {
    // A long call interval: the only calls are the injected one, then the scripted ones after it.
    const scripted = await createSimulator({ port: 0, scenario: 'default', callIntervalMs: 400, pace: 0.02, acwMs: 20 });
    try {
      const seen = [];
      const unsubscribe = scripted.platform.subscribe((events) => {
        for (const event of events) {
          if (event.Type === 'CallContactEvent') seen.push(`${event.ContactID}:${event.Status}${event.FinalState === 'True' ? '!' : ''}`);
          else if (event.Type === 'AgentState') seen.push(`agent:${event.CurrentState}${event.IsAcw === 'True' ? '(ACW)' : ''}`);
        }
      });
      const injected = await (await fetch(`${scripted.url}/sim/calls`, { method: 'POST', body: '{}' })).json();
      const ended = (contactId) => seen.includes(`${contactId}:Disconnected!`);
      const anotherCall = () => seen.some((entry) => /^\d+:Incoming$/.test(entry) && !entry.startsWith(`${injected.contactId}:`));
      await until(() => ended(injected.contactId) && anotherCall(), 'the injected call handled, then a scripted one', 8000);
      unsubscribe();
      const mine = seen.filter((entry) => entry.startsWith(`${injected.contactId}:`));
      assert.deepEqual(mine.slice(0, 2), [`${injected.contactId}:Incoming`, `${injected.contactId}:Active`]);
      assert.ok(seen.includes('agent:InboundContact'));
      assert.ok(seen.includes('agent:Unavailable(ACW)'), 'after-call work follows the call');
    } finally {
      await scripted.close();
    }
  });
});

describe('vendor clients: requests as NICE\'s agent SDK sends them (docs/platforms.md, "Vendor clients against the simulator")', () => {
  // The SDK's headers on every request (http-util-service.js): a capitalised Bearer, its origin identifier.
  const sdkHeaders = () => ({ Authorization: `Bearer ${token}`, 'Originating-Service-Identifier': 'CXoneAgent', Accept: 'application/json' });
  const host = () => new URL(base).origin;
  const get = (path) => fetch(`${host()}${path}`, { headers: sdkHeaders() });

  test('the API prefix is routed whatever its case: /InContactAPI/ for sessions, /incontactapi/ elsewhere', async () => {
    const started = await fetch(`${host()}/InContactAPI/services/v23.0/agent-sessions`, { method: 'POST', headers: { ...sdkHeaders(), 'Content-Type': 'application/json' }, body: JSON.stringify({ stationPhoneNumber: '4005150001' }) });
    assert.equal(started.status, 202);
    const { sessionId } = await started.json();
    const polled = await fetch(`${host()}/incontactapi/services/v23.0/agent-sessions/${sessionId}/get-next-event?timeout=0`, { headers: sdkHeaders() });
    assert.equal(polled.status, 200);
    assert.equal((await get('/INCONTACTAPI/services/v23.0/server-time')).status, 200);
    // Only the prefix: the rest of the path keeps its case.
    assert.equal((await get('/InContactAPI/services/v23.0/SERVER-TIME')).status, 404);
  });

  test('join with an empty asAgentId (no Content-Type, as the SDK posts it) joins the agent\'s own session, or 409 with none', async () => {
    const join = () => fetch(`${host()}/InContactAPI/services/v23.0/agent-sessions/join`, { method: 'POST', headers: sdkHeaders(), body: JSON.stringify({ asAgentId: '' }) });
    const none = await join();
    assert.equal(none.status, 409);
    const id = await startSession();
    await control('/calls', { ani: '0601020399' });
    const joined = await join();
    assert.equal(joined.status, 202);
    const { sessionId } = await joined.json();
    assert.match(sessionId, new RegExp(`^${id}~\\d+$`));
    // From now on: the joiner does not replay the call offered before it joined.
    const polled = await poll(sessionId, 0);
    assert.equal(polled.status, 304);
    assert.equal((await fetch(`${host()}/InContactAPI/services/v23.0/agent-sessions/join`, { method: 'POST', headers: sdkHeaders(), body: JSON.stringify({}) })).status, 400);
  });

  test('agent-settings, business-unit, indicators and server-time have the fields the SDK reads', async () => {
    const settings = await (await get('/InContactAPI/services/v30.0/agents/19/agent-settings')).json();
    for (const field of ['cxaClientVersion', 'webRTCType', 'webRTCServerDomain', 'webRTCDNIS', 'deleteCommitmentString', 'CXADataDogAppID', 'CXADataDogClientToken', 'DataDogSampleRate', 'VQMMonitoringKey', 'irisNoiseCancellationKey']) assert.equal(typeof settings[field], 'string', field);
    for (const field of ['webRTCWSSUrls', 'webRTCICEUrls', 'persistentPanels']) assert.ok(Array.isArray(settings[field]), field);
    assert.equal(typeof settings.maxConferenceParties, 'number');
    for (const field of ['VQMIntegratedSoftPhoneMonitoring', 'EnableUIQueue']) assert.equal(typeof settings[field], 'boolean', field);
    assert.equal((await get('/InContactAPI/services/v30.0/agents/20/agent-settings')).status, 404);

    const { businessUnits } = await (await get('/InContactAPI/services/v23.0/business-unit')).json();
    assert.ok(Array.isArray(businessUnits[0].features));
    assert.equal(typeof businessUnits[0].maxConferenceParties, 'number');
    assert.ok(Array.isArray(businessUnits[0].fileExtensions));
    assert.equal(typeof businessUnits[0].isMultiContactHandling, 'boolean');
    assert.equal(typeof businessUnits[0].isUnifiedRoutingEnabled, 'boolean');

    assert.deepEqual(await (await get('/InContactAPI/services/v23.0/agents/19/indicators')).json(), { indicators: [] });
    const { ServerTime } = await (await get('/InContactAPI/services/v23.0/server-time')).json();
    assert.ok(Math.abs(new Date(ServerTime).getTime() - Date.now()) < 5000);
    // Without a token, none of them answers.
    assert.equal((await fetch(`${host()}/InContactAPI/services/v23.0/server-time`)).status, 401);
  });

  test('a skill, its dispositions and its tags, with the shapes the SDK parses; 204 where a skill has none', async () => {
    const skill = await (await get('/InContactAPI/services/v23.0/skills/4001')).json();
    assert.deepEqual({ skillId: skill.skillId, skillName: skill.skillName, requireDisposition: skill.requireDisposition }, { skillId: 4001, skillName: 'Sales', requireDisposition: true });
    const { dispositions } = await (await get('/InContactAPI/services/v12.0/skills/4001/dispositions')).json();
    assert.deepEqual(dispositions[0], { dispositionId: 101, dispositionName: 'Sale', displayOrder: 1, classification: 'Success', reportingGroup: '', systemOutcome: '', requireCommitmentAmount: 'False', requireRescheduleDate: 'False', agentSpecific: 'False', isPreviewDisposition: 'False', priority: 1 });
    const { resultSet } = await (await get('/InContactAPI/services/v12.0/skills/4001/tags')).json();
    assert.deepEqual(resultSet, { skillId: 4001, tags: [{ tagId: 201, tagName: 'VIP', isActive: true, notes: null }, { tagId: 202, tagName: 'Complaint', isActive: true, notes: null }] });
    assert.equal((await get('/InContactAPI/services/v12.0/skills/4003/tags')).status, 204);
    assert.equal((await get('/InContactAPI/services/v12.0/skills/9999/dispositions')).status, 404);
    // The team's unavailable codes, with the fields UnavailableCode.parseData reads.
    const { unavailableCodes } = await (await get('/InContactAPI/services/v23.0/teams/7/unavailable-codes?activityOnly=true')).json();
    assert.deepEqual(unavailableCodes.map((code) => [code.outStateName, code.isActive, code.isAcw]), [['Break', true, false], ['Lunch', true, false], ['Training', true, false], ['Meeting', true, false], ['Old code', false, false], ['ACW', true, true]]);
    assert.equal((await get('/InContactAPI/services/v23.0/teams/8/unavailable-codes')).status, 404);
  });

  test('a scenario defines its own skills, dispositions and tags', async () => {
    const own = await createSimulator({ port: 0, scenario: 'none', skills: [{ skillId: 77, skillName: 'Claims', dispositions: [{ dispositionId: 7, dispositionName: 'Paid' }] }] });
    try {
      const auth = await (await fetch(`${own.url}/InContactAuthorizationServer/Token`, { method: 'POST' })).json();
      const headers = { Authorization: `Bearer ${auth.access_token}` };
      const { dispositions } = await (await fetch(`${own.url}/InContactAPI/services/v12.0/skills/77/dispositions`, { headers })).json();
      assert.deepEqual(dispositions.map((disposition) => disposition.dispositionName), ['Paid']);
      assert.equal((await fetch(`${own.url}/InContactAPI/services/v12.0/skills/77/tags`, { headers })).status, 204);
      assert.equal((await fetch(`${own.url}/InContactAPI/services/v12.0/skills/4001/tags`, { headers })).status, 404);
      // Calls offered on the skill by name carry its id.
      const { contactId } = await (await fetch(`${own.url}/sim/calls`, { method: 'POST', body: JSON.stringify({ skill: 'Claims' }) })).json();
      const state = await (await fetch(`${own.url}/sim/state`)).json();
      assert.equal(state.contacts.find((contact) => contact.ContactID === contactId).Skill, '77');
    } finally {
      await own.close();
    }
  });

  test('a disposition of the contact\'s skill, posted as NICE\'s SDK posts it, ends after-call work; tags of its skill are saved; others are refused and change nothing', async () => {
    const own = await createSimulator({ port: 0, scenario: 'none', acwMs: 60_000 });
    try {
      const auth = await (await fetch(`${own.url}/InContactAuthorizationServer/Token`, { method: 'POST' })).json();
      const sessions = `${auth.resource_server_base_uri}services/v27.0/agent-sessions`;
      const headers = { Authorization: `Bearer ${auth.access_token}` };
      const { sessionId } = await (await fetch(sessions, { method: 'POST', headers, body: JSON.stringify({ stationPhoneNumber: '4005150001' }) })).json();
      const state = async () => (await fetch(`${own.url}/sim/state`)).json();
      const dispose = (contactId, body) => fetch(`${sessions}/${sessionId}/interactions/${contactId}/disposition`, { method: 'POST', headers, body: JSON.stringify(body) });
      const { contactId } = await (await fetch(`${own.url}/sim/calls`, { method: 'POST', body: JSON.stringify({ skill: 'Sales' }) })).json();
      assert.equal((await dispose(contactId, { primaryDispositionId: 101 })).status, 400, 'not in after-call work yet');
      await fetch(`${sessions}/${sessionId}/interactions/${contactId}/accept`, { method: 'POST', headers });
      await fetch(`${sessions}/${sessionId}/interactions/${contactId}/end`, { method: 'POST', headers });
      assert.equal((await state()).agentState.IsAcw, 'True');
      assert.equal((await dispose(contactId, { primaryDispositionId: 111 })).status, 400, 'a Support disposition on a Sales call');
      assert.equal((await dispose(contactId + 1, { primaryDispositionId: 101 })).status, 404, 'another contact');
      assert.equal((await dispose(contactId, { primaryDispositionId: '101' })).status, 400, 'not an integer');
      assert.equal((await state()).agentState.IsAcw, 'True');
      const tag = (id, body) => fetch(`${auth.resource_server_base_uri}services/v23.0/contacts/${id}/tags`, { method: 'POST', headers, body: JSON.stringify(body) });
      assert.equal((await tag(contactId, { tags: [211] })).status, 400, 'a Support tag on a Sales call');
      assert.equal((await tag(contactId, { tags: [] })).status, 400, 'no tags');
      assert.equal((await tag(contactId + 1, { tags: [201] })).status, 404);
      const tagged = await tag(contactId, { tags: [201] });
      assert.deepEqual([tagged.status, await tagged.json()], [200, { resultSet: { errorCount: '0' } }]);
      assert.equal((await dispose(contactId, { primaryDispositionId: 101, primaryDispositionNotes: 'Premium plan' })).status, 202);
      const after = await state();
      assert.deepEqual([after.agentState.CurrentState, after.agentState.IsAcw], ['Available', 'False']);
      assert.deepEqual(after.dispositions, [{ contactId, dispositionId: 101, notes: 'Premium plan' }]);
      assert.deepEqual(after.tagged, [{ contactId, tags: [201] }]);
    } finally {
      await own.close();
    }
  });

  test('a preflight for the SDK\'s headers is answered for a loopback origin, and not for another', async () => {
    const preflight = (origin) =>
      fetch(`${host()}/InContactAPI/services/v23.0/agent-sessions`, {
        method: 'OPTIONS',
        headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type,originating-service-identifier' },
      });
    const allowed = await preflight('http://127.0.0.1:4000');
    assert.equal(allowed.status, 204);
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'http://127.0.0.1:4000');
    assert.match(allowed.headers.get('access-control-allow-headers'), /Originating-Service-Identifier/);
    assert.equal(allowed.headers.get('access-control-max-age'), '600');
    assert.equal((await preflight('https://elsewhere.example')).headers.get('access-control-allow-origin'), null);
  });
});
