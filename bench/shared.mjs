// `npm run bench`, sharedSource: event latency in a follower tab against the
// leader tab (the baseline, same run, same events), and failover time: from a
// leader tab closing to the next leader's first poll of the same session.
// The tabs are pages of one browser context running
// test/fixtures/shared-tab.html against the simulator's long poll.

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const round = (value) => Math.round(value * 100) / 100;

export async function measureShared({ browser, serverUrl, simulator, events = 300, failovers = 20 }) {
  const context = await browser.newContext();
  let name = 0;
  const open = async () => {
    const page = await context.newPage();
    await page.goto(`${serverUrl}/test/fixtures/shared-tab.html?sim=${encodeURIComponent(simulator.url)}&kind=cxone&name=bench-${name}`);
    await page.waitForFunction(() => window.tab?.started !== undefined);
    const started = await page.evaluate(() => window.tab.started);
    if (started !== 'online') throw new Error(`shared tab: ${started}`);
    return page;
  };
  const post = (body) => fetch(`${simulator.url}/sim/events?stamp=1`, { method: 'POST', body: JSON.stringify(body) });
  const isLeader = (page) => page.evaluate(() => window.tab.source.isLeader);

  // ---- Latency: one event at a time, each its own batch ----
  const pages = [await open(), await open()];
  const leader = (await isLeader(pages[0])) ? pages[0] : pages[1];
  const follower = pages.find((page) => page !== leader);
  const leaderMs = [];
  const followerMs = [];
  const lag = [];
  for (let n = 0; n < events; n += 1) {
    await post([{ Type: 'Indicator', N: n }]);
    await follower.waitForFunction((k) => window.tab.events.some((event) => event.N === k), n, { polling: 'raf' });
    const [l, f] = await Promise.all([leader, follower].map((page) => page.evaluate((k) => window.tab.events.find((event) => event.N === k), n)));
    leaderMs.push(l.ArrivedAt - l.EmittedAt);
    followerMs.push(f.ArrivedAt - f.EmittedAt);
    lag.push(f.ArrivedAt - l.ArrivedAt);
  }

  // ---- Failover: close the leader, time the next leader's first poll ----
  const tabs = [...pages, await open()];
  const failoverMs = [];
  for (let i = 0; i < failovers; i += 1) {
    const current = await (async () => {
      for (const page of tabs) if (await isLeader(page)) return page;
      throw new Error('no leader tab');
    })();
    const closedAt = Date.now();
    await current.close();
    tabs.splice(tabs.indexOf(current), 1);
    let firstPoll;
    for (let attempt = 0; attempt < 400 && firstPoll === undefined; attempt += 1) {
      for (const page of tabs) {
        const poll = await page.evaluate((since) => window.tab.requests.find((request) => request.at >= since && request.path.includes('/get-next-event')), closedAt);
        if (poll !== undefined) firstPoll = poll;
      }
      if (firstPoll === undefined) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    if (firstPoll === undefined) throw new Error('no tab took over');
    failoverMs.push(firstPoll.at - closedAt);
    tabs.push(await open());
  }
  await context.close();
  return {
    events,
    leader_p50_ms: round(percentile(leaderMs, 50)),
    leader_p99_ms: round(percentile(leaderMs, 99)),
    follower_p50_ms: round(percentile(followerMs, 50)),
    follower_p99_ms: round(percentile(followerMs, 99)),
    follower_lag_p50_ms: round(percentile(lag, 50)),
    follower_lag_p99_ms: round(percentile(lag, 99)),
    failovers,
    failover_p50_ms: round(percentile(failoverMs, 50)),
    failover_max_ms: round(Math.max(...failoverMs)),
  };
}
