// Runs node:test on the given folders: spec output on the terminal, and a TAP
// copy in test-results/<name>.tap that scripts/totals.mjs adds up for CI.
//   node scripts/node-test.mjs <name> <folder>...
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

const [name, ...folders] = process.argv.slice(2);
mkdirSync('test-results', { recursive: true });
const result = spawnSync(
  process.execPath,
  ['--test', '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=test-results/${name}.tap`, ...folders],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
