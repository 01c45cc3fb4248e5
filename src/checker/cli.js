#!/usr/bin/env node
// @ts-check
// ccbridge-check: check a CRM page against a MAX desktop before go-live.
//   npx ccbridge-check <url> [--panel TEMPLATE] [--scenario FILE] [--json] [--junit FILE]
// Exit 0: no rule failed; 1: a rule failed; 2: the check could not run (docs/checker.md).
import { readFileSync, writeFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import pc from 'picocolors';
import { findBrowser } from './browser.js';
import { buildReport, formatReport, junitReport } from './report.js';
import { judge } from './rules.js';
import { DEFAULT_DESKTOP_ORIGIN, InputError, runCheck } from './run.js';
import { DEFAULT_SHIFT, ScenarioError, parseScenario } from './scenario.js';

/**
 * One line on standard error, and exit 2.
 * @param {string} message
 * @returns {never}
 */
function fail(message) {
  console.error(`ccbridge-check: ${message}`);
  process.exit(2);
}

/**
 * @param {string} what
 * @param {number} min
 * @param {number} max
 */
const integer = (what, min, max) => (/** @type {string} */ value) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`${what} must be an integer from ${min} to ${max}`);
  return n;
};

const program = new Command('ccbridge-check')
  .description('Frame a CRM page in a simulated MAX desktop (the real ccbridge host, a simulated platform), play a shift, and say what a MAX desktop accepts of it.')
  .argument('<url>', 'the page to check (http: or https:)')
  .option('--panel <template>', 'also open it as a contact panel for each call: a URL template ({ContactID}, {ANI}, {DNIS}, {Skill})')
  .option('--scenario <file>', 'play this shift instead of the default (docs/checker.md#scenarios)')
  .option('--desktop-origin <origin>', 'the origin the desktop is served at', DEFAULT_DESKTOP_ORIGIN)
  .option('--issuer <issuer>', 'the desktop\'s issuer', 'MAX')
  .option('--wait <seconds>', 'how long the page may take to load and register', integer('--wait', 1, 300), 10)
  .option('--timeout <seconds>', 'stop the whole check after this long', integer('--timeout', 5, 3600), 120)
  .option('--json', 'print the report as JSON (progress goes to standard error)')
  .option('--junit <file>', 'also write the report as JUnit XML')
  .option('--quiet', 'no progress lines')
  .exitOverride()
  .configureOutput({ writeErr: (text) => process.stderr.write(text) })
  .showHelpAfterError('(ccbridge-check --help)');

try {
  program.parse();
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? 0 : 2);
  throw error;
}

const [url] = program.args;
const options = program.opts();

let steps;
try {
  steps = parseScenario(options['scenario'] === undefined ? DEFAULT_SHIFT : readFileSync(options['scenario'], 'utf8'));
} catch (error) {
  if (error instanceof ScenarioError) fail(`${options['scenario']}, ${error.message}`);
  fail(`cannot read the scenario: ${error instanceof Error ? error.message : String(error)}`);
}
const browser = findBrowser();
if ('error' in browser) fail(browser.error);

const quiet = options['quiet'] === true;
const progress = (/** @type {string} */ line) => {
  if (!quiet) process.stderr.write(`${pc.dim('·')} ${line}\n`);
};

let facts;
try {
  facts = await runCheck({
    url: String(url),
    panel: options['panel'] ?? null,
    steps,
    browserPath: browser.path,
    desktopOrigin: options['desktopOrigin'],
    issuer: options['issuer'],
    waitMs: options['wait'] * 1000,
    timeoutMs: options['timeout'] * 1000,
    progress,
  });
} catch (error) {
  // Whatever stopped the check (a bad address, a page that never loads, a browser that would not start) is one line and exit 2: nothing was judged.
  fail(error instanceof InputError ? error.message : `the check could not run: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
}

const report = buildReport(facts, judge(facts));
if (options['junit'] !== undefined) {
  try {
    writeFileSync(options['junit'], junitReport(report));
  } catch (error) {
    fail(`cannot write ${options['junit']}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
console.log(options['json'] === true ? JSON.stringify(report, null, 2) : formatReport(report));
process.exit(report.totals.fail > 0 ? 1 : 0);
