// sharedSource with real tabs: pages of one browser context (one profile),
// driven by playwright-core, each running test/fixtures/shared-tab.js against
// the simulator (a real HTTP long poll and XUC websocket). The assertions are
// on what every tab reported and on the requests each tab's source sent.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { chromium } from 'playwright-core';
import { chromiumArgs, requireChromium } from '../../scripts/chromium.mjs';
import { createSimulator } from '../../src/simulator/server.js';
import { createServer } from 'node:net';
import { startServer } from '../../scripts/dev-server.mjs';
import { until as waitUntil } from '../helpers/until.js';

let browser;
let server;
let sim;
before(async () => {
  browser = await chromium.launch({ executablePath: requireChromium(), args: chromiumArgs });
  // The dev server resolves the bare imports (zod) of the built modules in dist/.
  const port = await new Promise((resolve) => {
    const probe = createServer().listen(0, () => {
      const { port: free } = probe.address();
      probe.close(() => resolve(free));
    });
  });
  server = await startServer({ port });
  server.url = `http://localhost:${port}`;
  sim = await createSimulator({ port: 0, scenario: 'none', dialAnswerMs: 100, acwMs: 300 });
});
after(async () => {
  await browser?.close();
  await server?.stop();
  await sim?.close();
});

let context;
let names = 0;
beforeEach(async () => {
  await context?.close();
  context = await browser.newContext();
  await control('/reset');
  names += 1;
});

async function control(path, body = {}) {
  const response = await fetch(`${sim.url}/sim${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return response.json();
}

/** Opens one desktop tab of the shared session and waits until it is online. */
async function openTab(kind = 'cxone') {
  const page = await context.newPage();
  await page.goto(`${server.url}/test/fixtures/shared-tab.html?sim=${encodeURIComponent(sim.url)}&kind=${kind}&name=run-${names}`);
  await page.waitForFunction(() => window.tab?.started !== undefined);
  assert.equal(await page.evaluate(() => window.tab.started), 'online');
  return page;
}

const read = (page) => page.evaluate(() => ({ ...window.tab, source: undefined, started: undefined, isLeader: window.tab.source.isLeader, status: window.tab.source.status, tabId: window.tab.source.tabId }));

/** The suites' one wait, with the longer default a browser tab needs here. */
const until = (check, what, timeoutMs = 15_000) => waitUntil(check, what, timeoutMs);

async function leaderOf(pages) {
  return until(async () => {
    for (const page of pages) if (!page.isClosed() && (await read(page)).isLeader) return page;
    return undefined;
  }, 'a leader tab');
}

/** The `N` of every numbered test event a tab reported, in order. */
const numbers = (tab) => tab.events.filter((event) => event.Type === 'Indicator' && typeof event.N === 'number').map((event) => event.N);

/** Posts `count` numbered events in chunks, each chunk after the previous one was taken. */
async function emit(from, count, chunk = 25, between = async () => {}) {
  for (let n = from; n < from + count; n += chunk) {
    const events = Array.from({ length: Math.min(chunk, from + count - n) }, (_, i) => ({ Type: 'Indicator', N: n + i }));
    await control('/events', events);
    await between(n + chunk - from);
  }
}

const range = (count) => Array.from({ length: count }, (_, i) => i);

describe('sharedSource: one CXone session for every tab', () => {
  for (const tabs of [2, 3]) {
    test(`${tabs} tabs: one tab polls, and every tab reports each of 1,000 events once, in order`, async () => {
      const pages = [];
      for (let i = 0; i < tabs; i += 1) pages.push(await openTab());
      await emit(0, 1000);
      const states = await until(async () => {
        const all = await Promise.all(pages.map(read));
        return all.every((tab) => numbers(tab).length >= 1000) && all;
      }, 'every tab to see 1,000 events');
      for (const tab of states) assert.deepEqual(numbers(tab), range(1000));
      const leaders = states.filter((tab) => tab.isLeader);
      assert.equal(leaders.length, 1, 'exactly one leader');
      const followers = states.filter((tab) => !tab.isLeader);
      for (const tab of followers) {
        assert.deepEqual(tab.requests, [], 'a follower sends no request to the platform');
        assert.equal(tab.sources, 0, 'a follower never makes a source');
      }
      const starts = leaders[0].requests.filter((request) => request.method === 'POST' && request.path === '');
      assert.equal(starts.length, 1, 'one session started');
      // Every tab has the same session token (the sessioninfo token pages get).
      const tokens = new Set(states.map((tab) => tab.tokens.at(-1)));
      assert.equal(tokens.size, 1);
      assert.equal(typeof [...tokens][0], 'string');
    });
  }

  test('a command from a follower tab reaches the platform once, from the leader, and its result returns to that tab', async () => {
    const pages = [await openTab(), await openTab()];
    const leader = await leaderOf(pages);
    const follower = pages.find((page) => page !== leader);
    const result = await follower.evaluate(() => window.tab.source.execute({ action: 'setState', state: 'Unavailable', reason: 'Lunch' }).then(() => 'done', (error) => `${error.code}: ${error.message}`));
    assert.equal(result, 'done');
    const [leaderTab, followerTab] = await Promise.all([read(leader), read(follower)]);
    const stateCommands = leaderTab.requests.filter((request) => request.path.endsWith('/state'));
    assert.equal(stateCommands.length, 1, 'sent once');
    assert.equal(stateCommands[0].method, 'POST');
    assert.deepEqual(followerTab.requests, []);
    await until(async () => (await read(follower)).events.some((event) => event.Type === 'AgentState' && event.CurrentState === 'Unavailable'), 'the new agent state in the follower');

    // A refusal comes back too, as the platform's error, to the tab that asked.
    const refused = await follower.evaluate(() =>
      window.tab.source.execute({ action: 'accept', contactId: 999999 }).then(
        () => 'done',
        (error) => ({ name: error.name, code: error.code, status: error.details?.status, message: error.message }),
      ),
    );
    assert.equal(refused.name, 'BridgeError');
    assert.equal(refused.code, 'PLATFORM_ERROR');
    assert.equal(typeof refused.status, 'number');
    assert.match(refused.message, /accept failed with HTTP/);
  });

  test('an action beyond MAX from a follower tab is carried out by the leader\'s source, and a query\'s list comes back to that tab', async () => {
    const pages = [await openTab(), await openTab()];
    const leader = await leaderOf(pages);
    const follower = pages.find((page) => page !== leader);
    const options = await follower.evaluate(() => window.tab.source.act({ action: 'wrapUpOptions', contactId: 1, skill: '4002' }).then((value) => value, (error) => `${error.code}: ${error.message}`));
    assert.deepEqual(options, {
      skill: '4002',
      dispositions: [{ dispositionId: 111, dispositionName: 'Resolved' }, { dispositionId: 112, dispositionName: 'Escalated' }],
      tags: [{ tagId: 211, tagName: 'Billing' }, { tagId: 212, tagName: 'Technical' }],
    });
    const dialled = await follower.evaluate(() => window.tab.source.act({ action: 'dial', phoneNumber: '5550149999' }).then(() => 'done', (error) => error.message));
    assert.equal(dialled, 'done');
    const [leaderTab, followerTab] = await Promise.all([read(leader), read(follower)]);
    assert.equal(leaderTab.requests.filter((request) => request.path.endsWith('/dial-phone')).length, 1, 'dialled once, by the leader');
    assert.ok(leaderTab.requests.some((request) => request.path.includes('/skills/4002/dispositions')), 'the lists read by the leader');
    assert.deepEqual(followerTab.requests, []);
  });

  for (const how of ['closes', 'crashes']) {
    test(`the leader tab ${how} mid-run: nothing is lost or repeated, and a new leader polls the same session within 2 s`, async () => {
      const pages = [await openTab(), await openTab(), await openTab()];
      const leader = await leaderOf(pages);
      const before = await read(leader);
      const sessionPolls = before.requests.filter((request) => request.path.includes('/get-next-event'));
      let leftAt;
      await emit(0, 1000, 20, async (sent) => {
        if (sent === 400) {
          leftAt = Date.now();
          if (how === 'closes') await leader.close();
          else {
            // The renderer dies: no unload, no last message. (The CDP call never answers: do not wait on it.)
            const cdp = await context.newCDPSession(leader);
            void cdp.send('Page.crash').catch(() => undefined);
            await new Promise((resolve) => leader.once('crash', resolve));
          }
        }
      });
      const rest = pages.filter((page) => page !== leader);
      const states = await until(async () => {
        const all = await Promise.all(rest.map(read));
        return all.every((tab) => numbers(tab).length >= 1000) && all;
      }, 'the other tabs to see 1,000 events', 30_000);
      for (const tab of states) assert.deepEqual(numbers(tab), range(1000));
      const next = states.find((tab) => tab.isLeader);
      assert.ok(next, 'a new leader');
      assert.equal(states.filter((tab) => tab.isLeader).length, 1);
      // The same session: no start, and the first poll reuses the session's base id.
      assert.deepEqual(next.requests.filter((request) => request.method === 'POST' && request.path === ''), []);
      const firstPoll = next.requests.find((request) => request.path.includes('/get-next-event'));
      assert.ok(firstPoll, 'the new leader polls');
      const base = (path) => decodeURIComponent(path.split('/')[1]).split('~')[0];
      assert.equal(base(firstPoll.path), base(sessionPolls[0].path));
      // Both clocks are wall clocks of this machine (performance.timeOrigin + now, and Date.now()).
      assert.ok(firstPoll.at - leftAt < 2000, `first poll ${Math.round(firstPoll.at - leftAt)} ms after the leader left`);
      // Every tab heard who leads now, and saw the status change while it took over.
      for (const tab of states) {
        assert.equal(tab.leaders.at(-1).id, next.tabId);
        assert.deepEqual(tab.statuses.slice(-2), [{ state: 'connecting' }, { state: 'online' }]);
      }
      const { sessions } = await fetch(`${sim.url}/sim/state`).then((response) => response.json());
      assert.deepEqual(sessions.map((session) => session.ended), [false], 'one platform session, still running');
    });
  }

  test('the race at failover: the old leader\'s last batches never reached the others, and the platform\'s cursor had moved past them; the new leader catches up from storage', async () => {
    const pages = [await openTab(), await openTab(), await openTab()];
    const leader = await leaderOf(pages);
    const rest = pages.filter((page) => page !== leader);
    await emit(0, 50, 10);
    for (const page of rest) await until(async () => numbers(await read(page)).length === 50, 'the first 50 everywhere');
    // From here the leader's relays are lost (fault injection at the browser API, in the leader only):
    // it keeps polling and storing, the others hear nothing, as when the lock moves before its messages arrive.
    await leader.evaluate(() => (BroadcastChannel.prototype.postMessage = () => undefined));
    await emit(50, 100, 10);
    await until(async () => numbers(await read(leader)).length === 150, 'the leader to take all 150');
    for (const page of rest) assert.equal(numbers(await read(page)).length, 50, 'the others missed 100');
    const cdp = await context.newCDPSession(leader);
    void cdp.send('Page.crash').catch(() => undefined);
    await new Promise((resolve) => leader.once('crash', resolve));
    await emit(150, 50, 10);
    const states = await until(async () => {
      const all = await Promise.all(rest.map(read));
      return all.every((tab) => numbers(tab).length >= 200) && all;
    }, 'the others to have all 200');
    for (const tab of states) assert.deepEqual(numbers(tab), range(200));
    const next = states.find((tab) => tab.isLeader);
    assert.deepEqual(next.requests.filter((request) => request.method === 'POST' && request.path === ''), [], 'the same session');
  });

  test('a follower whose gap storage no longer holds asks the leader for the state: a call that started meanwhile starts, one that ended ends', async () => {
    const pages = [await openTab(), await openTab()];
    const leader = await leaderOf(pages);
    const follower = pages.find((page) => page !== leader);
    const { contactId: ended } = await control('/calls', { ani: '0100000001' });
    await until(async () => (await read(follower)).events.some((event) => String(event.ContactID) === String(ended)), 'the first call in the follower');
    // The follower stops hearing batches (its channel's messages are dropped); more batches than storage keeps go by.
    await follower.evaluate(() => {
      window.tab.deaf = true;
      const original = Object.getOwnPropertyDescriptor(MessageEvent.prototype, 'data').get;
      Object.defineProperty(MessageEvent.prototype, 'data', { configurable: true, get() { const data = original.call(this); return window.tab.deaf && data?.t === 'batch' ? { t: 'ignored' } : data; } });
    });
    await control(`/contacts/${ended}/end`);
    // 80 batches, each taken by the leader before the next: more than the 64 storage keeps.
    for (let n = 0; n < 80; n += 1) {
      await control('/events', [{ Type: 'Indicator', N: n }]);
      await leader.waitForFunction((k) => window.tab.events.some((event) => event.N === k), n, { polling: 'raf' });
    }
    await follower.evaluate(() => (window.tab.deaf = false));
    // The next batch (a call) shows the follower its gap; storage no longer has the start of it.
    const { contactId: started } = await control('/calls', { ani: '0100000002' });
    await until(async () => (await read(follower)).events.some((event) => String(event.ContactID) === String(started)), 'the second call in the follower');
    // And then it follows batch by batch again.
    await control('/events', [{ Type: 'Indicator', N: 1000 }]);
    const tab = await until(async () => {
      const state = await read(follower);
      return numbers(state).includes(1000) && state;
    }, 'the next batch in the follower');
    const endOfFirst = tab.events.filter((event) => String(event.ContactID) === String(ended)).at(-1);
    assert.equal(endOfFirst.Status, 'Disconnected', 'the call that ended meanwhile ends');
    assert.equal(String(endOfFirst.FinalState), 'True');
    assert.equal(endOfFirst.Reconciled, 'True', 'an end inferred from the leader\'s state says so');
    assert.deepEqual(numbers(tab).filter((n) => n < 1000), [], 'no guessed events: the 80 it missed are not invented');
  });

  test('a late tab reports the current state at once: agent state, the call in progress, the token', async () => {
    const first = await openTab();
    await control('/agent-state', { state: 'Available' });
    const { contactId } = await control('/calls', { ani: '0102030405' });
    await until(async () => (await read(first)).events.some((event) => event.ContactID === contactId || event.ContactID === String(contactId)), 'the call in the first tab');
    const late = await openTab();
    const tab = await read(late);
    assert.equal(tab.isLeader, false);
    assert.deepEqual(tab.requests, []);
    assert.ok(tab.events.some((event) => event.Type === 'AgentState'), 'the agent state');
    assert.ok(tab.events.some((event) => String(event.ContactID) === String(contactId)), 'the call');
    assert.equal(tab.tokens.at(-1), (await read(first)).tokens.at(-1));
    assert.deepEqual(tab.statuses.at(-1), { state: 'online' });
    assert.equal(tab.leaders.at(-1).id, (await read(first)).tabId, 'it knows which tab leads');
  });

  test('stop() in the only tab ends the session; a reloaded tab resumes it instead of starting another', async () => {
    const page = await openTab();
    await emit(0, 10);
    await until(async () => numbers(await read(page)).length === 10, 'ten events');
    await page.reload();
    await page.waitForFunction(() => window.tab?.started !== undefined);
    assert.equal(await page.evaluate(() => window.tab.started), 'online');
    let tab = await read(page);
    assert.deepEqual(tab.requests.filter((request) => request.method === 'POST' && request.path === ''), [], 'no new session');
    await emit(10, 5);
    await until(async () => numbers(await read(page)).length === 5, 'the next events after the reload');
    tab = await read(page);
    assert.deepEqual(numbers(tab), [10, 11, 12, 13, 14]);
    await page.evaluate(() => window.tab.source.stop());
    tab = await read(page);
    assert.ok(tab.requests.some((request) => request.method === 'DELETE'), 'the session is ended');
    assert.deepEqual(tab.status, { state: 'ended', reason: 'stopped' });
  });

  test('stop() in the leader hands the session to a waiting tab', async () => {
    const pages = [await openTab(), await openTab()];
    const leader = await leaderOf(pages);
    const other = pages.find((page) => page !== leader);
    await leader.evaluate(() => window.tab.source.stop());
    assert.ok(!(await read(leader)).requests.some((request) => request.method === 'DELETE'), 'no DELETE');
    await until(async () => (await read(other)).isLeader, 'the other tab to lead');
    await emit(0, 3);
    await until(async () => numbers(await read(other)).length === 3, 'events in the new leader');
    assert.deepEqual((await read(other)).status, { state: 'online' });
  });
});

describe('sharedSource: one XUC connection for every tab', () => {
  test('one websocket; a call shows in every tab; a follower\'s command is sent once; the next leader reconnects', async () => {
    const pages = [await openTab('xuc'), await openTab('xuc')];
    const simState = () => fetch(`${sim.url}/sim/state`).then((response) => response.json());
    assert.equal((await simState()).xucConnections, 1);
    const leader = await leaderOf(pages);
    const follower = pages.find((page) => page !== leader);
    await control('/calls', { ani: '0102030405' });
    // XUC names calls by its own unique ids; the translator numbers them: find the call by its number.
    for (const page of pages) await until(async () => (await read(page)).events.some((event) => event.Type === 'CallContactEvent' && event.ANI === '0102030405'), 'the call in every tab');
    const result = await follower.evaluate(() => window.tab.source.execute({ action: 'setState', state: 'Unavailable', reason: 'Lunch' }).then(() => 'done', (error) => error.message));
    assert.equal(result, 'done');
    const received = await until(async () => {
      const { received: messages } = await fetch(`${sim.url}/sim/xuc/received`).then((response) => response.json());
      const pauses = messages.filter((message) => message.command === 'pauseAgent');
      return pauses.length > 0 && pauses;
    }, 'the pause at the XUC server');
    // The pause's answer reached the follower; anything sent twice would have reached the server by then.
    await until(async () => (await read(follower)).events.some((event) => event.Type === 'AgentState' && event.CurrentState === 'Unavailable'), 'the paused state in the follower');
    const { received: after } = await fetch(`${sim.url}/sim/xuc/received`).then((response) => response.json());
    assert.equal(after.filter((message) => message.command === 'pauseAgent').length, received.length);
    assert.equal(received.length, 1);
    await leader.close();
    await until(async () => (await read(follower)).isLeader, 'the follower to lead');
    await until(async () => (await simState()).xucConnections === 1, 'one connection again');
    await until(async () => (await read(follower)).status.state === 'online', 'online');
  });
});

describe('sharedSource over XUC: a failover keeps the calls and reconciles them (issue #23)', () => {
  test('a call that ends inside the failover gap ends in the remaining tab, marked Reconciled, and a new call gets its own contact id', async () => {
    const pages = [await openTab('xuc'), await openTab('xuc')];
    const leader = await leaderOf(pages);
    const follower = pages.find((page) => page !== leader);
    const { contactId: simId } = await control('/calls', { ani: '0102030411' });
    const first = await until(async () => (await read(follower)).events.find((event) => event.Type === 'CallContactEvent' && event.ANI === '0102030411'), 'the call in the follower');
    // The outage: the XUC server takes no new connection while the leader goes away.
    await control('/xuc', { refuse: true });
    await leader.close();
    await until(async () => (await read(follower)).isLeader, 'the follower to lead');
    // Inside the gap: the caller hangs up, and another call comes in.
    await control(`/contacts/${simId}/end`);
    await control('/calls', { ani: '0102030412' });
    await control('/xuc', { refuse: false });
    const second = await until(async () => (await read(follower)).events.find((event) => event.Type === 'CallContactEvent' && event.ANI === '0102030412'), 'the new call after the resync', 20_000);
    const { events } = await read(follower);
    const end = events.find((event) => event.ContactID === first.ContactID && event.Status === 'Disconnected');
    assert.ok(end, 'the call that ended in the gap ends');
    assert.equal(end.FinalState, 'True');
    assert.equal(end.Reconciled, 'True');
    assert.notEqual(second.ContactID, first.ContactID, 'the new call does not take the ended call\'s contact id');
    assert.equal(events.filter((event) => event.ContactID === first.ContactID && event.FinalState === 'True').length, 1, 'ended once');
  });
});
