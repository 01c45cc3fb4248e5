/**
 * CometSource at the wire: the requests it sends, checked against the shapes
 * of NICE's own agent SDK (docs/platforms.md), not only against what our
 * simulator accepts. The simulator answers (a real HTTP server on another
 * origin); the assertions are on what crossed the wire.
 */
import { expect } from '@open-wc/testing';
import { BridgeError, ErrorCode } from '../../src/protocol/index.js';
import { CometSource } from '../../src/sources/cxone/index.js';
import type { CometSourceOptions, CxoneToken } from '../../src/sources/cxone/index.js';
import { control, recordingFetch, simState, token, watchSource } from '../helpers/simulator.js';
import { until } from '../helpers/until.js';
import { cleanUp } from '../helpers/host.js';

afterEach(cleanUp);
beforeEach(() => control('/reset'));

async function source(options: Partial<CometSourceOptions> = {}) {
  const recorder = recordingFetch();
  const comet = new CometSource({ token: await token(), session: { stationPhoneNumber: '4005150001' }, timeoutSeconds: 1, backoff: { initialMs: 10, maxMs: 40 }, fetch: recorder.fetch, ...options });
  const { events, statuses, errors } = watchSource(comet);
  return { comet, events, statuses, errors, requests: recorder.requests };
}

for (const apiVersion of ['v12.0', 'v23.0']) {
  describe(`CXone ${apiVersion}: the requests CometSource sends`, () => {
    it('starts with POST agent-sessions { stationPhoneNumber } and polls get-next-event?timeout=T on that version', async () => {
      const { comet, requests } = await source({ apiVersion });
      await comet.start();
      await until(() => requests.some((request) => request.path.endsWith('/get-next-event')), 'the first poll');
      expect(requests[0]).to.deep.include({ method: 'POST', path: '', body: { stationPhoneNumber: '4005150001' } });
      expect(requests[0]!.url).to.contain(`/inContactAPI/services/${apiVersion}/agent-sessions`);
      const poll = requests.find((request) => request.path.endsWith('/get-next-event'))!;
      expect(poll.url).to.match(new RegExp(`/services/${apiVersion.replace('.', '\\.')}/agent-sessions/[^/]+/get-next-event\\?timeout=1$`));
    });

    it('uses the session id each poll returns for the next poll, every command and the final DELETE', async () => {
      const { comet, events, requests } = await source({ apiVersion });
      await comet.start();
      const { contactId } = (await control('/calls')) as { contactId: number };
      await until(() => events.some((event) => event.Type === 'CallContactEvent'), 'the call');
      const rotated = comet.currentSessionId!;
      expect(rotated).to.not.equal(comet.sessionId, 'the id rotated');
      await comet.execute({ action: 'accept', contactId });
      const accept = requests.find((request) => request.path.endsWith(`/interactions/${contactId}/accept`))!;
      expect(accept.path).to.equal(`/${encodeURIComponent(rotated)}/interactions/${contactId}/accept`);
      await comet.stop();
      const del = requests.at(-1)!;
      expect(del.method).to.equal('DELETE');
      expect(del.path.startsWith(`/${encodeURIComponent(comet.sessionId!)}~`), del.path).to.equal(true);
    });

    it('mute is agent-wide: POST …/agent-phone/mute and /unmute, no contact id, no body', async () => {
      const { comet, events, requests } = await source({ apiVersion });
      await comet.start();
      const { contactId } = (await control('/calls')) as { contactId: number };
      await comet.execute({ action: 'accept', contactId });
      await comet.execute({ action: 'mute', contactId });
      await comet.execute({ action: 'unmute', contactId });
      const sent = requests.filter((request) => request.path.includes('/agent-phone/'));
      expect(sent.map((request) => [request.method, request.path.replace(/^\/[^/]+/, ''), request.body])).to.deep.equal([
        ['POST', '/agent-phone/mute', undefined],
        ['POST', '/agent-phone/unmute', undefined],
      ]);
      await until(() => events.filter((event) => event.Type === 'Mute').length === 2, 'the Mute events');
      expect(events.filter((event) => event.Type === 'Mute').map((event) => event['AgentMuted'])).to.deep.equal(['True', 'False']);
    });

    it('stopRecord is POST …/interactions/{contactId}/stop-record', async () => {
      const { comet, requests } = await source({ apiVersion });
      await comet.start();
      const { contactId } = (await control('/calls')) as { contactId: number };
      await comet.execute({ action: 'accept', contactId });
      await comet.execute({ action: 'record', contactId });
      await comet.execute({ action: 'stopRecord', contactId });
      const commands = requests.filter((request) => request.path.includes('/interactions/'));
      expect(commands.at(-1)!.path.replace(/^\/[^/]+/, '')).to.equal(`/interactions/${contactId}/stop-record`);
    });
  });
}

describe('CXone dial-phone bodies by API version', () => {
  it('v12.0 sends { phoneNumber, skillName } and never an empty skillName', async () => {
    const { comet, requests } = await source({ apiVersion: 'v12.0' });
    await comet.start();
    await comet.execute({ action: 'dial', phoneNumber: '5550100', skillName: 'Outbound' });
    await comet.execute({ action: 'dial', phoneNumber: '5550101', skillName: '' });
    await comet.execute({ action: 'dial', phoneNumber: '5550102' });
    expect(requests.filter((request) => request.path.endsWith('/dial-phone')).map((request) => request.body)).to.deep.equal([
      { phoneNumber: '5550100', skillName: 'Outbound' },
      { phoneNumber: '5550101' },
      { phoneNumber: '5550102' },
    ]);
  });

  it('v23.0 sends { phoneNumber, skillId } (a number), and refuses a skillName before sending anything', async () => {
    const { comet, requests } = await source({ apiVersion: 'v23.0' });
    await comet.start();
    await comet.execute({ action: 'dial', phoneNumber: '5550100', skillId: 4001 });
    const before = requests.length;
    let error: unknown;
    try {
      await comet.execute({ action: 'dial', phoneNumber: '5550100', skillName: 'Outbound' });
    } catch (caught) {
      error = caught;
    }
    expect((error as BridgeError).code).to.equal(ErrorCode.InvalidOption);
    expect(requests.length).to.equal(before);
    expect(requests.filter((request) => request.path.endsWith('/dial-phone')).map((request) => request.body)).to.deep.equal([{ phoneNumber: '5550100', skillId: 4001 }]);
  });
});

describe('CXone session endings and poll errors', () => {
  it('joins the agent\'s session with POST agent-sessions/join { asAgentId } and leaves it running on stop', async () => {
    const first = await source();
    await first.comet.start();
    const { comet, events, requests } = await source({ session: { asAgentId: 19 } });
    await comet.start();
    expect(requests[0]).to.deep.include({ method: 'POST', path: '/join', body: { asAgentId: 19 } });
    await control('/calls');
    await until(() => events.some((event) => event.Type === 'CallContactEvent'), 'the call through the joined session');
    await comet.stop();
    expect(requests.some((request) => request.method === 'DELETE')).to.equal(false);
  });

  it('RemoteAgentSessionEnd ends the session exactly like AgentSessionEnd', async () => {
    const { comet, events, statuses } = await source();
    const tokens: (string | null)[] = [];
    comet.on('sessionToken', (value) => tokens.push(value));
    await comet.start();
    await control(`/sessions/${comet.sessionId!}/end`, { remote: true });
    await until(() => comet.status.state === 'ended', 'the end');
    expect(events.at(-1)!.Type).to.equal('RemoteAgentSessionEnd');
    expect(statuses.at(-1)).to.deep.equal({ state: 'ended', reason: 'the agent session was ended remotely' });
    expect(tokens.at(-1)).to.equal(null);
  });

  for (const status of [400, 403, 404]) {
    it(`retries a poll that gets HTTP ${status} instead of ending, and loses nothing`, async () => {
      const { comet, events, statuses } = await source();
      await comet.start();
      await until(() => events.length >= 2, 'the session events');
      await control('/faults', { failNext: 2, status });
      await until(() => statuses.some((s) => s.state === 'offline' && s.error.includes(String(status))), 'the failure');
      await control('/events', [{ Type: 'Indicator', Seq: 1 }]);
      await until(() => events.some((event) => event['Seq'] === 1), 'the event after the failures');
      expect(comet.status.state).to.equal('online');
    });
  }

  it('gives up after maxRetries failed polls in a row, with a reason that names the last failure', async () => {
    const { comet, statuses } = await source({ maxRetries: 3 });
    await comet.start();
    await control('/faults', { failNext: 10, status: 404 });
    await until(() => comet.status.state === 'ended', 'giving up');
    expect(statuses.filter((s) => s.state === 'offline')).to.have.length(3);
    expect(statuses.at(-1)).to.deep.equal({ state: 'ended', reason: 'gave up after 3 failed polls in a row (last: get-next-event failed with HTTP 404)' });
    expect((await simState()).sessions[0]!.ended).to.equal(false);
  });

  it('refreshes the token before it expires (expires_in), not only after a 401', async () => {
    const first = await token();
    let refreshed = 0;
    const short: CxoneToken = { ...first, expires_in: 2 };
    const { comet, requests } = await source({ token: short, refreshMarginSeconds: 1, refreshToken: async () => ((refreshed += 1), { ...(await token()), expires_in: 3600 }) });
    await comet.start();
    await until(() => refreshed === 1, 'the early refresh', 4000);
    await until(() => requests.some((request) => request.authorization !== `bearer ${first.access_token}`), 'a request with the new token', 4000);
    expect(requests.some((request) => request.path.endsWith('/get-next-event') && request.authorization === `bearer ${first.access_token}`)).to.equal(true);
  });
});

describe('CXone: handing a session to another CometSource (another tab)', () => {
  it('checkpoint → start(from): no start request, one timeout=0 poll on the latest id, then the loop; stop({ keepSession }) sends no DELETE', async () => {
    const first = await source();
    await first.comet.start();
    await control('/events', [{ Type: 'Indicator', N: 1 }]);
    await until(() => first.events.some((event) => event['N'] === 1), 'the first event');
    const checkpoint = first.comet.checkpoint!;
    expect(checkpoint.sessionId).to.equal(first.comet.sessionId);
    expect(checkpoint.currentId).to.equal(first.comet.currentSessionId);
    expect(checkpoint.startedHere).to.equal(true);
    await first.comet.stop({ keepSession: true });
    expect(first.requests.some((request) => request.method === 'DELETE')).to.equal(false);
    expect((await simState()).sessions[0]!.ended).to.equal(false);

    await control('/events', [{ Type: 'Indicator', N: 2 }]);
    const second = await source();
    await second.comet.start(JSON.parse(JSON.stringify(checkpoint)));
    expect(second.requests[0]).to.deep.include({ method: 'GET', path: `/${encodeURIComponent(checkpoint.currentId)}/get-next-event` });
    expect(second.requests[0]!.url).to.match(/\?timeout=0$/);
    expect(second.requests.some((request) => request.method === 'POST')).to.equal(false);
    // What waited was delivered once, nothing before it again; the token is the session's.
    expect(second.events.map((event) => event['N'])).to.deep.equal([2]);
    await until(() => second.requests.some((request) => request.url.endsWith('?timeout=1')), 'the long poll');
    // It started here, so the last desktop to stop it ends it.
    await second.comet.stop();
    expect(second.requests.at(-1)).to.deep.include({ method: 'DELETE' });
  });

  it('start(from) rejects when the platform no longer has the session (409), and refuses a value that is no checkpoint', async () => {
    const first = await source();
    await first.comet.start();
    const checkpoint = first.comet.checkpoint!;
    await first.comet.stop();
    const second = await source();
    const error = await second.comet.start(checkpoint).then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(BridgeError);
    expect((error as BridgeError).message).to.match(/^CometSource: cannot resume the agent session: /);
    const third = await source();
    const refused = await third.comet.start({ sessionId: 'x' }).then(() => undefined, (e: unknown) => e);
    expect((refused as BridgeError).code).to.equal(ErrorCode.InvalidOption);
    expect(third.requests).to.deep.equal([]);
  });
});
