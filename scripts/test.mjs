// `npm test`: every layer in order, stopping at the first that fails, and
// always ending with the overall result on a line of its own
// ("N passed, N failed"), added up from every suite's report (totals.mjs).
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';

const steps = ['typecheck', 'test:unit', 'build', 'size', 'docs', 'test:node', 'test:browser', 'test:e2e', 'soak'];
rmSync('test-results', { recursive: true, force: true });
let status = 0;
for (const step of steps) {
  const result = spawnSync('npm', ['run', '--silent', step], { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`npm test: ${step} failed`);
    status = result.status ?? 1;
    break;
  }
}
const totals = spawnSync(process.execPath, ['scripts/totals.mjs'], { encoding: 'utf8' }).stdout.trim().split(' ').map(Number);
const [passed = 0, failed = 0] = totals;
// A step that failed before any suite reported (the type check, the build) is a failure too.
console.log(`${passed} passed, ${status !== 0 && failed === 0 ? 1 : failed} failed`);
process.exit(status);
