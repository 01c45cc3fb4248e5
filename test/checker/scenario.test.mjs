// The shift language of ccbridge-check (src/checker/scenario.js): what each
// step reads as, and that a mistake names its line and its field.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_SHIFT, ScenarioError, parseScenario } from '../../src/checker/scenario.js';

test('the default shift parses, and covers what a shift must (states, a call held and resumed, a second call, a reload, a token change)', () => {
  const verbs = parseScenario(DEFAULT_SHIFT).map((step) => step.verb);
  for (const verb of ['agent', 'call', 'answer', 'hold', 'resume', 'hangup', 'reload', 'token']) assert.ok(verbs.includes(verb), verb);
  assert.equal(verbs.filter((verb) => verb === 'call').length, 2);
});

test('steps, fields, comments and call references', () => {
  const steps = parseScenario('# a shift\nagent Unavailable Team meeting\ncall ani=+15550142 dnis=8005550100 skill=Sales   # the first\ncall\nanswer call=1\nhangup by=agent\nwait 250\n');
  assert.deepEqual(steps, [
    { verb: 'agent', line: 2, state: 'Unavailable', reason: 'Team meeting' },
    { verb: 'call', line: 3, ani: '+15550142', dnis: '8005550100', skill: 'Sales' },
    { verb: 'call', line: 4 },
    { verb: 'answer', line: 5, call: 1 },
    { verb: 'hangup', line: 6, call: null, by: 'agent' },
    { verb: 'wait', line: 7, ms: 250 },
  ]);
});

test('each mistake names its line and what is wrong', () => {
  const cases = [
    ['dance', "line 1: unknown step 'dance' (agent, call, answer, hold, resume, hangup, wait, reload, token)"],
    ['agent Busy', "line 1: agent: the state must be Available or Unavailable (got 'Busy')"],
    ['agent Available Lunch', 'line 1: agent: only Unavailable takes a reason'],
    ['\ncall ani=12ab', "line 2: call: field 'ani' must be a phone number (digits, an optional leading +; got '12ab')"],
    ['call colour=red', "line 1: call: unknown field 'colour' (ani, dnis, skill)"],
    ['call ani', "line 1: call: 'ani' is not a field (write ani=…, dnis=…, skill=…)"],
    ['call ani=1 ani=2', "line 1: call: field 'ani' given twice"],
    ['answer', "line 1: answer: no call yet (a 'call' step comes first)"],
    ['call\nhold call=2', "line 2: hold: field 'call' must be a call made above, 1 to 1 (got '2')"],
    ['call\nhangup by=nobody', "line 2: hangup: field 'by' must be caller or agent (got 'nobody')"],
    ['wait soon', "line 1: wait: give milliseconds, 0 to 600000 (got 'soon')"],
    ['reload now', "line 1: reload takes no fields (got 'now')"],
    ['# nothing\n', 'line 2: the scenario has no steps'],
  ];
  for (const [text, message] of cases) {
    assert.throws(() => parseScenario(text), (error) => error instanceof ScenarioError && error.message === message, text);
  }
});
