// Adds up the totals every suite left in test-results/: the browser suite's
// JSON (scripts/totals-reporter.mjs) and node:test's TAP summaries.
import { existsSync, readFileSync, readdirSync } from 'node:fs';

let passed = 0;
let failed = 0;
if (existsSync('test-results')) {
  for (const name of readdirSync('test-results')) {
    const text = readFileSync(`test-results/${name}`, 'utf8');
    if (name.endsWith('.json')) {
      const totals = JSON.parse(text);
      passed += totals.passed;
      failed += totals.failed;
    } else if (name.endsWith('.tap')) {
      passed += Number(/^# pass (\d+)$/m.exec(text)?.[1] ?? 0);
      failed += Number(/^# fail (\d+)$/m.exec(text)?.[1] ?? 0) + Number(/^# cancelled (\d+)$/m.exec(text)?.[1] ?? 0);
    }
  }
}
console.log(`${passed} ${failed}`);
