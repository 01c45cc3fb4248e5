// @ts-check
/** The checker's report: for a terminal, as JSON, and as JUnit XML for CI. */
import junitModule from 'junit-report-builder';
import pc from 'picocolors';

/** @import { Builder } from 'junit-report-builder' */

// The package is CommonJS (`module.exports = builder`); its types describe an ES default.
const builder = /** @type {Builder} */ (/** @type {unknown} */ (junitModule));

/** @import { Facts } from './run.js' */
/** @import { RuleResult, Verdict } from './rules.js' */

/**
 * @typedef {object} Report
 * @property {string} url
 * @property {string} desktopOrigin
 * @property {{ pass: number, warn: number, fail: number, skip: number }} totals
 * @property {RuleResult[]} rules
 * @property {Array<{ line: number, step: string, received: string[], problem: string | null }>} steps what the page was sent at each step
 * @property {{ console: Facts['console'], exceptions: string[] }} page
 * @property {string[]} hostLog the desktop's warnings about the page, as its log wrote them
 */

/**
 * @param {Facts} facts
 * @param {RuleResult[]} rules
 * @returns {Report}
 */
export function buildReport(facts, rules) {
  /** @type {Report['totals']} */
  const totals = { pass: 0, warn: 0, fail: 0, skip: 0 };
  for (const rule of rules) totals[rule.verdict]++;
  return {
    url: facts.url,
    desktopOrigin: facts.desktopOrigin,
    totals,
    rules,
    steps: facts.steps.map((step) => ({ line: step.line, step: step.what, received: step.received.types, problem: step.problem })),
    page: { console: facts.console, exceptions: facts.exceptions },
    hostLog: facts.hostLog,
  };
}

/** @type {Record<Verdict, (text: string) => string>} */
const PAINT = { pass: pc.green, warn: pc.yellow, fail: pc.red, skip: pc.dim };
/** @type {Record<Verdict, string>} */
const LABEL = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', skip: 'SKIP' };

/**
 * The report for a person at a terminal.
 * @param {Report} report
 */
export function formatReport(report) {
  const lines = ['', pc.bold(`ccbridge-check ${report.url}`), pc.dim(`  in a MAX desktop at ${report.desktopOrigin}`), ''];
  /** @type {string | null} */
  let group = null;
  for (const rule of report.rules) {
    if (rule.group !== group) {
      group = rule.group;
      lines.push(pc.bold(group === 'page' ? 'The page' : 'On NICE\'s CXone Agent host (facts, docs/protocol.md#on-nices-cxone-agent-host)'));
    }
    lines.push(`  ${PAINT[rule.verdict](LABEL[rule.verdict])}  ${rule.title} ${pc.dim(`[${rule.id}]`)}`);
    lines.push(`        ${rule.detail}`);
    if (rule.advice !== null && rule.verdict !== 'pass') lines.push(`        ${pc.cyan('→')} ${rule.advice}`, pc.dim(`          ${rule.docs}`));
  }
  const { pass, warn, fail, skip } = report.totals;
  lines.push('', `${pc.green(`${pass} passed`)}, ${pc.yellow(`${warn} warned`)}, ${pc.red(`${fail} failed`)}, ${pc.dim(`${skip} skipped`)}`);
  return lines.join('\n');
}

/**
 * The report as JUnit XML: one test case per rule; a warning passes, with its
 * detail on standard output.
 * @param {Report} report
 */
export function junitReport(report) {
  const junit = builder.newBuilder();
  const suite = junit.testSuite().name(`ccbridge-check ${report.url}`);
  for (const rule of report.rules) {
    const test = suite.testCase().className(`ccbridge-check.${rule.group}`).name(`${rule.id}: ${rule.title}`);
    const text = [rule.detail, rule.advice, rule.docs].filter((line) => line !== null).join('\n');
    if (rule.verdict === 'fail') test.failure(`${rule.detail}${rule.advice === null ? '' : ` — ${rule.advice}`}`).standardOutput(text);
    else if (rule.verdict === 'skip') test.skipped().standardOutput(text);
    else test.standardOutput(rule.verdict === 'warn' ? `WARNING: ${text}` : text);
  }
  return junit.build();
}
