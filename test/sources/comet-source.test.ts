import { expect } from '@open-wc/testing';
import { BridgeError, ErrorCode } from '../../src/protocol/index.js';
import type { PlatformEvent } from '../../src/protocol/index.js';
import { CometSource } from '../../src/sources/cxone/index.js';
import type { CometSourceOptions } from '../../src/sources/cxone/index.js';
import { BridgeHost } from '../../src/host/index.js';
import { control, recordingFetch, simState, token, watchSource } from '../helpers/simulator.js';
import { until } from '../helpers/client.js';
import { cleanUp, onCleanUp } from '../helpers/host.js';
import { TestFrame, frameUrl } from '../helpers/test-frame.js';

afterEach(cleanUp);
beforeEach(() => control('/reset'));

async function source(options: Partial<CometSourceOptions> = {}) {
  const recorder = recordingFetch();
  const comet = new CometSource({
    token: await token(),
    session: { stationPhoneNumber: '4005150001' },
    timeoutSeconds: 1,
    backoff: { initialMs: 20, maxMs: 100 },
    fetch: recorder.fetch,
    ...options,
  });
  const { events, statuses, errors } = watchSource(comet);
  const polls = () => recorder.requests.filter((request) => request.url.includes('get-next-event'));
  return { comet, events, statuses, errors, requests: recorder.requests, polls };
}

const types = (events: PlatformEvent[]) => events.map((event) => event.Type);

describe('CometSource: options', () => {
  for (const timeoutSeconds of [-1, 61, 1.5, Number.NaN]) {
    it(`refuses timeoutSeconds ${timeoutSeconds} before any request`, async () => {
      const recorder = recordingFetch();
      let error: unknown;
      try {
        new CometSource({ token: await token(), session: { stationId: 'x' }, timeoutSeconds, fetch: recorder.fetch });
      } catch (caught) {
        error = caught;
      }
      expect((error as BridgeError).code).to.equal(ErrorCode.InvalidOption);
      expect((error as BridgeError).message).to.contain('integer from 0 to 60');
      expect(recorder.requests).to.deep.equal([]);
    });
  }
});

describe('CometSource: session and long poll (docs/platforms.md)', () => {
  it('starts a session with the station, sends the token header, and dispatches events', async () => {
    const { comet, events, requests } = await source();
    await comet.start();
    expect(comet.status.state).to.equal('online');
    await until(() => events.length >= 2, 'the session events');
    expect(types(events)).to.deep.equal(['AgentSessionStart', 'AgentState']);
    await control('/calls', { ani: '5550111' });
    // The call, and the agent's state following it, in one batch.
    await until(() => events.length === 4, 'the call');
    expect(events[2]).to.include({ Type: 'CallContactEvent', Status: 'Incoming', ANI: '5550111' });
    expect(events[3]).to.include({ Type: 'AgentState', CurrentState: 'InboundContact' });
    expect(requests[0]).to.include({ method: 'POST' });
    expect(requests.every((request) => request.authorization?.startsWith('bearer simtok-'))).to.equal(true);
  });

  it('uses the new session id from each 200 for the next poll', async () => {
    const { comet, polls } = await source();
    await comet.start();
    await until(() => polls().length >= 2, 'two polls');
    const sessionId = comet.sessionId!;
    expect(polls()[0]!.url).to.contain(`/agent-sessions/${sessionId}/get-next-event?timeout=1`);
    expect(polls()[1]!.url).to.contain(`/agent-sessions/${encodeURIComponent(`${sessionId}~2`)}/get-next-event`);
  });

  it('polls again at once after a 304', async () => {
    const { comet, polls, statuses } = await source();
    await comet.start();
    await until(() => polls().length >= 4, 'polls after 304s', 6000);
    expect(statuses.map((s) => s.state)).to.deep.equal(['connecting', 'online']);
  });

  it('resumes a session it holds by its id, with no request, and leaves it running on stop', async () => {
    const first = await source();
    await first.comet.start();
    const { comet, events, requests } = await source({ session: { sessionId: first.comet.sessionId! } });
    await comet.start();
    expect(requests.some((request) => request.method === 'POST')).to.equal(false);
    await control('/calls');
    await until(() => events.some((event) => event.Type === 'CallContactEvent'), 'the call');
    await comet.stop();
    expect((await simState()).sessions.find((s) => s.sessionId === first.comet.sessionId)?.ended).to.equal(false);
  });

  it('ends on 409: the session is gone', async () => {
    const { comet, statuses } = await source();
    await comet.start();
    await control('/faults', { failNext: 1, status: 409 });
    await until(() => comet.status.state === 'ended', 'the end');
    expect(statuses.at(-1)).to.deep.equal({ state: 'ended', reason: 'the agent session is gone (HTTP 409)' });
  });

  it('stops polling after AgentSessionEnd', async () => {
    const { comet, events, polls } = await source();
    const tokens: (string | null)[] = [];
    comet.on('sessionToken', (value) => tokens.push(value));
    // The polls sent when the end was reported, counted in the same task: a loop that went on would send one more.
    let atEnd = -1;
    comet.on('status', (status) => {
      if (status.state === 'ended') atEnd = polls().length;
    });
    await comet.start();
    await control(`/sessions/${comet.sessionId!}/end`);
    await until(() => comet.status.state === 'ended', 'the end');
    // stop() returns once the poll loop has exited: nothing can be sent after it.
    await comet.stop();
    expect(polls().length).to.equal(atEnd);
    expect(types(events).at(-1)).to.equal('AgentSessionEnd');
    expect(tokens).to.deep.equal([comet.sessionId, null]);
  });

  it('stop() aborts the pending poll at once and ends the session it started', async () => {
    const { comet, requests, polls } = await source({ timeoutSeconds: 60 });
    await comet.start();
    await until(() => polls().length >= 1, 'a poll held by the platform');
    const started = performance.now();
    await comet.stop();
    expect(performance.now() - started).to.be.below(1000);
    expect(requests.at(-1)!.method).to.equal('DELETE');
    expect((await simState()).sessions[0]!.ended).to.equal(true);
    expect(comet.status).to.deep.equal({ state: 'ended', reason: 'stopped' });
  });
});

describe('CometSource: faults (docs/platforms.md)', () => {
  for (const fault of [{ status: 503 }, { status: 500 }, { status: 429 }, { drop: true }]) {
    it(`retries ${JSON.stringify(fault)} with backoff, reports offline, and loses nothing`, async () => {
      const { comet, events, statuses } = await source();
      await comet.start();
      await until(() => events.length === 2, 'the session events');
      await control('/faults', { failNext: 3, ...fault });
      // The poll pending now is not affected; wait for the first failing one,
      // then add an event while the platform is "down".
      await until(() => statuses.some((status) => status.state === 'offline'), 'the first failure');
      await control('/events', [{ Type: 'Indicator', Seq: 1 }]);
      await until(() => events.length === 3, 'the event after the faults');
      const offline = statuses.filter((status) => status.state === 'offline');
      expect(offline).to.have.length(3);
      for (const status of offline) expect(status.state === 'offline' && status.retryAt).to.be.greaterThan(Date.now() - 5000);
      expect(statuses.at(-1)!.state).to.equal('online');
      expect(events[2]).to.deep.equal({ Type: 'Indicator', Seq: 1 });
    });
  }

  it('caps the backoff: delays never exceed maxMs', async () => {
    const { comet, statuses } = await source({ backoff: { initialMs: 50, maxMs: 80 } });
    await comet.start();
    await control('/faults', { failNext: 6, status: 503 });
    const seen: number[] = [];
    comet.on('status', (status) => status.state === 'offline' && seen.push(status.retryAt - Date.now()));
    await until(() => statuses.filter((s) => s.state === 'offline').length === 6 && comet.status.state === 'online', 'recovery', 8000);
    expect(Math.max(...seen)).to.be.at.most(80);
  });

  it('asks the refresh hook on 401 and retries with the new token', async () => {
    let refreshed = 0;
    const { comet, events, requests } = await source({ refreshToken: async () => ((refreshed += 1), token()) });
    await comet.start();
    await until(() => events.length === 2, 'the session events');
    const first = requests[0]!.authorization;
    await control('/tokens/revoke');
    // The poll pending now was authorised before the revocation; the next one is refused.
    await control('/events', [{ Type: 'Indicator', Seq: 1 }]);
    await until(() => refreshed === 1 && requests.some((request) => request.authorization !== first), 'the refreshed request');
    await control('/calls');
    await until(() => events.length === 5, 'the call after the refresh');
    expect(refreshed).to.equal(1);
    expect(events.map((event) => event.Type)).to.deep.equal(['AgentSessionStart', 'AgentState', 'Indicator', 'CallContactEvent', 'AgentState']);
  });

  it('reports offline and keeps retrying on 401 when the refresh fails', async () => {
    const { comet, statuses } = await source({ refreshToken: () => Promise.reject(new Error('auth server down')) });
    await comet.start();
    await control('/tokens/revoke');
    await until(() => statuses.some((status) => status.state === 'offline' && status.error === 'auth server down'), 'offline');
    expect(comet.status.state).to.not.equal('ended');
  });

  it('soak: 10,000 events through faults arrive exactly once, in order', async function () {
    this.timeout(120_000);
    const { comet, events } = await source({ timeoutSeconds: 5 });
    await comet.start();
    const faults = [{ status: 503 }, { drop: true }, { delayMs: 50 }, { status: 502 }, { drop: true }];
    for (let batch = 0; batch < 20; batch += 1) {
      const chunk = Array.from({ length: 500 }, (_unused, index) => ({ Type: 'Indicator', Seq: batch * 500 + index + 1 }));
      await control('/events', chunk);
      if (batch % 4 === 1) await control('/faults', { failNext: 2, ...faults[(batch / 4) | 0] });
    }
    await until(() => events.filter((event) => event.Type === 'Indicator').length >= 10_000, '10,000 events', 60_000);
    // A sentinel after them: a duplicate of any earlier event would arrive before it (the platform answers in order).
    await control('/events', [{ Type: 'Sentinel' }]);
    await until(() => events.some((event) => event.Type === 'Sentinel'), 'the sentinel');
    const seqs = events.filter((event) => event.Type === 'Indicator').map((event) => event['Seq'] as number);
    expect(seqs.length).to.equal(10_000);
    expect(seqs.every((seq, index) => seq === index + 1)).to.equal(true);
  });
});

describe('CometSource: commands as REST calls (docs/platforms.md)', () => {
  it('accept, hold, resume, mask, unmask, mute, unmute, record, stopRecord and end change the call; mute is the agent\'s', async () => {
    const { comet, events } = await source();
    await comet.start();
    const { contactId } = (await control('/calls')) as { contactId: number };
    for (const action of ['accept', 'hold', 'resume', 'mask', 'unmask', 'mute', 'unmute', 'record', 'stopRecord', 'end'] as const) {
      await comet.execute({ action, contactId });
    }
    await until(() => events.some((event) => event['FinalState'] === 'True'), 'the end of the call');
    const seen = events.filter((event) => event.Type === 'CallContactEvent' || event.Type === 'Mute');
    expect(seen.map((event) => (event.Type === 'Mute' ? `Mute:${String(event['AgentMuted'])}` : `${String(event['Status'])}${event['IsLogging'] === 'True' ? '+r' : ''}`))).to.deep.equal([
      'Incoming', 'Active', 'Holding', 'Active', 'Masking', 'Active', 'Mute:True', 'Mute:False', 'Active+r', 'Active', 'Disconnected',
    ]);
  });

  it('reject, dial-phone and agent state', async () => {
    const { comet, events } = await source();
    await comet.start();
    const { contactId } = (await control('/calls')) as { contactId: number };
    await comet.execute({ action: 'reject', contactId });
    await comet.execute({ action: 'dial', phoneNumber: '5550100', skillName: 'Outbound' });
    await comet.execute({ action: 'setState', state: 'Unavailable', reason: 'Lunch' });
    await until(() => events.some((event) => event['Status'] === 'Active' && event['IsInbound'] === 'False'), 'the answered outbound call');
    expect(events.some((event) => event.Type === 'AgentState' && event['CurrentOutReason'] === 'Lunch')).to.equal(true);
    expect(events.some((event) => event['ContactID'] === contactId && event['Status'] === 'Disconnected')).to.equal(true);
  });

  it('agentLogout ends the session; agentLogin is start()\'s job', async () => {
    const { comet } = await source();
    await comet.start();
    let error: unknown;
    try {
      await comet.execute({ action: 'agentLogin' });
    } catch (caught) {
      error = caught;
    }
    expect((error as BridgeError).code).to.equal(ErrorCode.Unsupported);
    await comet.execute({ action: 'agentLogout' });
    await until(() => comet.status.state === 'ended', 'the end of the session');
  });

  it('rejects with PLATFORM_ERROR and the HTTP status when the platform refuses', async () => {
    const { comet } = await source();
    await comet.start();
    let error: unknown;
    try {
      await comet.execute({ action: 'hold', contactId: 424242 });
    } catch (caught) {
      error = caught;
    }
    expect((error as BridgeError).code).to.equal(ErrorCode.PlatformError);
    expect((error as BridgeError).details).to.deep.equal({ status: 404 });
  });
});

describe('CometSource feeding a BridgeHost', () => {
  it('delivers platform events to a cross-origin page, and the page\'s AnswerEvent reaches the platform', async () => {
    const { comet } = await source();
    const container = document.createElement('div');
    document.body.append(container);
    const host = new BridgeHost({ source: comet, log: { debug() {}, warn() {}, error() {} } });
    onCleanUp(() => {
      host.dispose();
      container.remove();
    });
    await comet.start();
    const page = await TestFrame.attach(host.createFrame({ url: frameUrl(), container }));
    page.register(['all']);
    await page.envelope(1);
    await control('/calls', { ani: '5550123' });
    await page.until(() => page.events().some((event) => event['Status'] === 'Incoming'), 'the incoming call');
    page.post({ messageType: 'AnswerEvent' });
    await page.until(() => page.events().some((event) => event['Status'] === 'Active'), 'the answered call');
    expect(host.contacts[0]).to.include({ Status: 'Active', ANI: '5550123' });
  });
});

describe('a source\'s errors reach the desktop (Source `error`)', () => {
  it('an invalid CXone event is skipped, and the host reports it (sourceError) and logs it once with its code', async () => {
    const { comet, events } = await source();
    const lines: string[] = [];
    const host = new BridgeHost({ source: comet, log: { debug() {}, warn: (message) => void lines.push(message), error: (message) => void lines.push(message) } });
    onCleanUp(() => host.dispose());
    const reported: BridgeError[] = [];
    host.on('sourceError', (error) => reported.push(error));
    await comet.start();
    await until(() => events.length >= 2, 'the session events');
    const bad = { Type: 'CallContactEvent', ContactID: 'not-an-id', Status: 'Active' };
    await control('/events', [bad, bad, { Type: 'Indicator', Name: 'AfterTheBadOnes' }]);
    await until(() => events.some((event) => event['Name'] === 'AfterTheBadOnes'), 'the valid event after the invalid ones');
    expect(reported.map((error) => error.code)).to.deep.equal([ErrorCode.InvalidEvent, ErrorCode.InvalidEvent]);
    expect(reported[0]!.details).to.deep.equal(bad);
    expect(lines.filter((line) => line.startsWith('ccbridge [INVALID_EVENT]: the source reported: CometSource: skipped an invalid event'))).to.have.length(1);
    expect(host.contacts).to.deep.equal([]);
  });
});
