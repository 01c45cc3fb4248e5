// Adds up the totals every suite left in test-results/: the browser suite's
// JSON (scripts/totals-reporter.mjs) and node:test's TAP summaries. Other
// entries (the unit layer's build folder) are not totals and are skipped.
import { existsSync, readFileSync, readdirSync } from 'node:fs';

let passed = 0;
let failed = 0;
if (existsSync('test-results')) {
  for (const entry of readdirSync('test-results', { withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const { name } = entry;
    if (name.endsWith('.json')) {
      const totals = JSON.parse(readFileSync(`test-results/${name}`, 'utf8'));
      passed += totals.passed;
      failed += totals.failed;
    } else if (name.endsWith('.tap')) {
      const text = readFileSync(`test-results/${name}`, 'utf8');
      passed += Number(/^# pass (\d+)$/m.exec(text)?.[1] ?? 0);
      failed += Number(/^# fail (\d+)$/m.exec(text)?.[1] ?? 0) + Number(/^# cancelled (\d+)$/m.exec(text)?.[1] ?? 0);
    }
  }
}
console.log(`${passed} ${failed}`);
