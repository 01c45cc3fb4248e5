// `npm run bench`: every measurement of the targets in BENCHMARKS.md in real Chromium, with
// cross-origin frames, each beside its baseline measured in the same run.
// Writes bench/results.json and prints a table. Not part of CI (timings
// depend on the machine); the size budgets are (npm run size).
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { createServer } from 'node:net';
import { chromium } from 'playwright-core';
import { chromiumArgs, requireChromium } from '../scripts/chromium.mjs';
import { startServer } from '../scripts/dev-server.mjs';
import { measureSizes } from '../scripts/size.mjs';
import { measureShared } from './shared.mjs';
import { createSimulator } from '../src/simulator/server.js';

const quick = process.argv.includes('--quick');
const freePort = () => new Promise((resolve) => {
  const server = createServer().listen(0, () => {
    const { port } = server.address();
    server.close(() => resolve(port));
  });
});

const port = await freePort();
const simulator = await createSimulator({ port: 0, scenario: 'none' });
const server = await startServer({ port });
const executablePath = requireChromium();
const browser = await chromium.launch({ executablePath, args: chromiumArgs });
const page = await browser.newPage();
page.on('console', (message) => message.type() === 'error' && console.error(`page: ${message.text()}`));
await page.goto(`http://localhost:${port}/bench/page.html?sim=${encodeURIComponent(simulator.url)}`);
await page.waitForFunction(() => document.title === 'ccbridge bench ready', undefined, { timeout: 60_000 });
const call = (name, ...args) => page.evaluate(([fn, params]) => window.bench[fn](...params), [name, args]);
const step = (label) => process.stdout.write(`bench: ${label}…\n`);

const results = { date: new Date().toISOString(), machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memory_gb: Math.round(totalmem() / 2 ** 30), browser: browser.version(), node: process.version } };

step('fan-out');
results.fanout = [];
for (const frames of [1, 5, 20]) results.fanout.push(await call('fanout', frames, quick ? 5000 : 20_000));
step('latency');
results.latency_ms = await call('latency', quick ? 100 : 300);
step('registration → acknowledgement');
results.register_ack_ms = await call('registerAck', quick ? 100 : 300);
step('command → controller');
results.command_roundtrip_ms = await call('commands', quick ? 100 : 300);
step('round trips against Penpal and post-robot');
results.library_roundtrip_ms = await call('roundTrips', quick ? 100 : 300);
step('validation');
const validation = await call('validation', quick ? 50_000 : 200_000);
results.validation_us_per_message = validation.message;
results.validation_us_per_event = validation.event;
results.validation_zod_us = { message: validation.message_zod, event: validation.event_zod };

step('flood (one frame posting as fast as it can)');
results.flood = await call('flood', quick ? 50_000 : 200_000, quick ? 100 : 300);

step('one session shared by tabs (sharedSource): follower latency, failover');
results.shared = await measureShared({ browser, serverUrl: `http://localhost:${port}`, simulator, events: quick ? 100 : 300, failovers: quick ? 5 : 20 });

step('memory (1,000,000 events through 20 frames)');
const cdp = await page.context().newCDPSession(page);
const heap = async () => {
  for (let i = 0; i < 3; i += 1) await cdp.send('HeapProfiler.collectGarbage');
  return (await cdp.send('Runtime.getHeapUsage')).usedSize;
};
const totalEvents = quick ? 200_000 : 1_000_000;
await call('memorySetup', 20);
await call('memoryRun', 20_000);
const before = await heap();
let sent = 0;
// In rounds of 20,000 that the frames finish before the next: posting faster
// than cross-process frames consume only piles messages up in the browser.
while (sent < totalEvents) {
  await call('memoryRun', 20_000);
  sent += 20_000;
}
const after = await heap();
results.memory = { events: sent, frames: 20, heap_before_bytes: before, heap_after_bytes: after, heap_growth_bytes: after - before };

step('sizes');
results.sizes_gzip_bytes = await measureSizes();

await browser.close();
await server.stop();
await simulator.close();
writeFileSync('bench/results.json', `${JSON.stringify(results, null, 2)}\n`);

// ---- The table, and the targets of the targets in BENCHMARKS.md ----
const KIB = 1024;
const rows = [];
for (const row of results.fanout) rows.push([`fan-out, ${row.frames} frame(s), ${row.events} events`, `${row.bridge_events_per_s.toLocaleString('en')} ev/s`, `raw ${row.raw_events_per_s.toLocaleString('en')} ev/s`, `×${row.ratio}`, row.ratio >= 1 ? 'ok' : 'MISS (≥ raw)']);
const l = results.latency_ms;
rows.push(['event → page handler p50', `${l.bridge_p50} ms`, `raw ${l.raw_p50} ms`, `Δ ${(l.bridge_p50 - l.raw_p50).toFixed(2)} ms`, l.bridge_p50 <= 4 && l.bridge_p50 - l.raw_p50 <= 1 ? 'ok' : 'MISS (≤ 4 ms, ≤ raw + 1)']);
rows.push(['event → page handler p99', `${l.bridge_p99} ms`, `raw ${l.raw_p99} ms`, '', l.bridge_p99 <= 20 ? 'ok' : 'MISS (≤ 20 ms)']);
rows.push(['registration → acknowledgement p50', `${results.register_ack_ms.p50} ms`, `raw round trip ${results.register_ack_ms.raw_round_trip_p50} ms`, `p99 ${results.register_ack_ms.p99} ms`, results.register_ack_ms.p50 <= 2 ? 'ok' : 'MISS (≤ 2 ms)']);
const c = results.command_roundtrip_ms;
rows.push(['command → controller p50 (window)', `${c.p50} ms`, `raw ${c.raw_p50} ms`, '', c.p50 <= 1 ? 'ok' : 'MISS (≤ 1 ms)']);
rows.push(['command → controller p50 (channel)', `${c.channel_p50} ms`, `raw ${c.raw_p50} ms`, '', c.channel_p50 <= 0.4 ? 'ok' : 'MISS (≤ 0.4 ms)']);
rows.push(['Dial → controller p50 (channel)', `${c.dial_p50} ms`, `raw ${c.raw_p50} ms`, `×${(c.dial_p50 / c.raw_p50).toFixed(2)} raw`, c.dial_p50 <= 0.4 ? 'ok' : 'MISS (≤ 0.4 ms)']);
for (const [name, value] of Object.entries(results.library_roundtrip_ms)) rows.push([`page → desktop → page round trip, ${name}`, `p50 ${value.p50} ms`, `p99 ${value.p99} ms`, '', '']);
const f = results.flood;
rows.push([`flood of ${f.messages.toLocaleString('en')} messages, median of ${f.rounds}: host / browser alone`, `${f.host_ms} ms`, `browser ${f.browser_ms} ms`, `×${f.ratio}`, f.ratio <= 1.3 ? 'ok' : 'MISS (≤ 1.3×)']);
rows.push(['a quiet frame\'s event latency from when it was due, without / under flood', `p50 ${f.quiet_p50_ms} / ${f.quiet_under_flood_p50_ms} ms`, `p99 ${f.quiet_p99_ms} / ${f.quiet_under_flood_p99_ms} ms`, '', '']);
rows.push(['the same under flood: host / browser alone', `p50 ${f.quiet_under_flood_p50_ms} / ${f.quiet_under_flood_browser_p50_ms} ms`, `p99 ${f.quiet_under_flood_p99_ms} / ${f.quiet_under_flood_browser_p99_ms} ms`, `×${f.quiet_under_flood_ratio_p50} (p99 ×${f.quiet_under_flood_ratio_p99})`, f.quiet_under_flood_ratio_p50 <= 1.3 ? 'ok' : 'MISS (≤ 1.3×)']);
const sh = results.shared;
rows.push([`shared session: event → follower tab p50 (leader tab as baseline), ${sh.events} events`, `${sh.follower_p50_ms} ms`, `leader ${sh.leader_p50_ms} ms`, `lag p50 ${sh.follower_lag_p50_ms} ms, p99 ${sh.follower_lag_p99_ms} ms`, sh.follower_lag_p50_ms <= 1 ? 'ok' : 'MISS (≤ leader + 1 ms)']);
rows.push([`shared session: failover, leader closed → next leader polls (${sh.failovers} failovers)`, `p50 ${sh.failover_p50_ms} ms`, `max ${sh.failover_max_ms} ms`, '', sh.failover_max_ms <= 2000 ? 'ok' : 'MISS (≤ 2 s)']);
rows.push(['validation per page message / per platform event (plain code)', `${results.validation_us_per_message} / ${results.validation_us_per_event} µs`, `zod/mini schemas ${results.validation_zod_us.message} / ${results.validation_zod_us.event} µs`, '', '']);
rows.push([`heap growth after ${results.memory.events.toLocaleString('en')} events, 20 frames`, `${(results.memory.heap_growth_bytes / KIB).toFixed(1)} KiB`, '', '', Math.abs(results.memory.heap_growth_bytes) <= 1024 * 1024 ? 'ok' : 'MISS (≤ 1 MB)']);
const s = results.sizes_gzip_bytes;
const fits = (suffix) => s[`client${suffix}`] <= 8 * KIB && s[`element${suffix}`] <= 18 * KIB && s[`host${suffix}`] <= 15 * KIB;
rows.push(['sizes gzip client / element / host (rollup + terser; esbuild alone)', `${(s.client / KIB).toFixed(2)} / ${(s.element / KIB).toFixed(2)} / ${(s.host / KIB).toFixed(2)} KiB`, `${(s.client_esbuild / KIB).toFixed(2)} / ${(s.element_esbuild / KIB).toFixed(2)} / ${(s.host_esbuild / KIB).toFixed(2)} KiB`, '', fits('') && fits('_esbuild') ? 'ok' : 'MISS']);
const widths = [0, 1, 2, 3, 4].map((column) => Math.max(...rows.map((row) => String(row[column]).length)));
console.log('');
for (const row of rows) console.log(row.map((cell, column) => String(cell).padEnd(widths[column])).join('  '));
console.log(`\nwrote bench/results.json (${results.machine.cpus} × ${results.machine.cpu}, ${results.machine.browser})`);
process.exit(0);
