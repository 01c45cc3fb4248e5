// A web-test-runner reporter that prints the totals alone on their own line
// ("N passed, N failed") and writes them to test-results/browser.json so
// .ci/run can add them to the other suites' totals.
import { mkdirSync, writeFileSync } from 'node:fs';

function count(suite, totals) {
  for (const test of suite?.tests ?? []) {
    if (test.skipped) totals.skipped += 1;
    else if (test.passed) totals.passed += 1;
    else totals.failed += 1;
  }
  for (const child of suite?.suites ?? []) count(child, totals);
}

export function totalsReporter({ file = 'test-results/browser.json' } = {}) {
  return {
    stop({ sessions }) {
      const totals = { passed: 0, failed: 0, skipped: 0 };
      for (const session of sessions) {
        const before = totals.failed;
        count(session.testResults, totals);
        // A file that failed to load or threw outside a test counts as a failure.
        if (!session.passed && totals.failed === before) totals.failed += 1;
      }
      mkdirSync('test-results', { recursive: true });
      writeFileSync(file, JSON.stringify(totals));
      console.log(`\n${totals.passed} passed, ${totals.failed} failed`);
    },
  };
}
