// `npm run soak`: a compressed shift in real Chromium (test/soak/shift.test.mjs).
//   npm run soak              1,000 calls, about a minute here: what `npm test` and CI run
//   npm run soak -- --long    10,000 calls, writes its figures to bench/soak.json
//   npm run soak -- --calls N
// It needs the built dist/ (npm run build).
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { long: { type: 'boolean', default: false }, calls: { type: 'string' } } });
const calls = values.calls ?? (values.long ? '10000' : '1000');
if (!/^\d+$/.test(calls) || Number(calls) < 11) {
  console.error(`soak: --calls must be a whole number of at least 11, got "${calls}"`);
  process.exit(2);
}
const env = { ...process.env, SOAK_CALLS: calls, ...(values.long ? { SOAK_REPORT: 'bench/soak.json' } : {}) };
const result = spawnSync(process.execPath, ['scripts/node-test.mjs', 'soak', 'test/soak/'], { stdio: 'inherit', env });
if (values.long && result.status === 0) console.log('soak: wrote bench/soak.json');
process.exit(result.status ?? 1);
