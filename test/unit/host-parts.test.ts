/** The host's pure parts: panel URLs, policies, the origin gate, card images, the log and the emitter. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { everySecond } from '../../src/common/clock.js';
import { Emitter } from '../../src/common/emitter.js';
import { BreakWatch, breakLimits } from '../../src/host/breaks.js';
import { resolveImage } from '../../src/host/command-desk.js';
import { panelUrl } from '../../src/host/contact-panels.js';
import { negotiate } from '../../src/host/delivery.js';
import { HostLog, LOG_CODES_URL, formatLog } from '../../src/host/logger.js';
import type { Logger } from '../../src/host/logger.js';
import { OriginGate, assertOrigin } from '../../src/host/origins.js';
import { PolicyTable, resolvePolicy } from '../../src/host/policy.js';
import { BridgeError } from '../../src/protocol/errors.js';
import type { AgentState, ContactEvent } from '../../src/protocol/events.js';
import { isExactOrigin } from '../../src/protocol/origin.js';

const contact = { Type: 'CallContactEvent', ContactID: 42, Status: 'Incoming', ANI: '+33 1 23 45', Skill: null } as unknown as ContactEvent;

describe('panelUrl: {Field} placeholders filled from the contact', () => {
  const table: [string, string][] = [
    ['https://crm.example/pop?ani={ANI}&id={ContactID}', 'https://crm.example/pop?ani=%2B33%201%2023%2045&id=42'],
    ['https://crm.example/pop?skill={Skill}', 'https://crm.example/pop?skill='],
    ['https://crm.example/pop?x={NoSuchField}', 'https://crm.example/pop?x='],
    ['https://crm.example/pop?p={__proto__}&c={constructor}', 'https://crm.example/pop?p=&c='],
    ['https://crm.example/{Status}', 'https://crm.example/Incoming'],
  ];
  for (const [template, expected] of table) {
    it(`${template} → ${expected}`, () => assert.equal(panelUrl({ container: null as unknown as Element, url: template }, contact), expected));
  }
  it('calls a function template with the contact', () => {
    assert.equal(panelUrl({ container: null as unknown as Element, url: (c) => `https://x/${String(c.ContactID)}` }, contact), 'https://x/42');
  });
});

describe('resolvePolicy: everything but the token unless granted', () => {
  const table: [string, Parameters<typeof resolvePolicy>[0], string[], number, boolean, boolean][] = [
    ['default', undefined, ['all', 'agent', 'contact', 'contacts'], 7, false, true],
    ['token granted', { sessionToken: true }, ['all', 'agent', 'contact', 'contacts', 'sessioninfo'], 7, true, true],
    ['sessioninfo asked without the token', { subscriptionTypes: ['agent', 'sessioninfo'] }, ['agent'], 7, false, true],
    ['read-only', { subscriptionTypes: ['agent'], commands: [], contactCard: false }, ['agent'], 0, false, false],
  ];
  for (const [name, policy, types, commands, token, card] of table) {
    it(name, () => {
      const resolved = resolvePolicy(policy);
      assert.deepEqual([...resolved.subscriptionTypes], types);
      assert.equal(resolved.commands.size, commands);
      assert.equal(resolved.sessionToken, token);
      assert.equal(resolved.contactCard, card);
    });
  }
  it('PolicyTable gives listed origins their policy and the others the default', () => {
    const table = new PolicyTable({ 'https://crm.example.com': { sessionToken: true } }, { commands: [] });
    assert.deepEqual(table.origins, ['https://crm.example.com']);
    assert.equal(table.for('https://crm.example.com').sessionToken, true);
    assert.equal(table.for('https://other.example.com').commands.size, 0);
    assert.throws(() => new PolicyTable({ 'https://crm.example.com/': {} }), BridgeError);
  });
});

describe('origins: exact spelling, the allow-list, opaque origins', () => {
  const spellings: [string, boolean][] = [
    ['https://crm.example.com', true],
    ['http://127.0.0.1:8080', true],
    ['https://crm.example.com/', false],
    ['https://crm.example.com/path', false],
    ['https://CRM.example.com', false],
    ['https://crm.example.com:443', false],
    ['null', false],
    ['crm.example.com', false],
    ['*', false],
  ];
  for (const [origin, exact] of spellings) {
    it(`${JSON.stringify(origin)} is ${exact ? '' : 'not '}an exact origin`, () => {
      assert.equal(isExactOrigin(origin), exact);
      if (exact) assertOrigin(origin, 'test');
      else assert.throws(() => assertOrigin(origin, 'test'), BridgeError);
    });
  }
  it('allows configured and framed origins; a framed origin goes with its last frame', () => {
    const gate = new OriginGate(['https://kb.example.com'], false);
    assert.equal(gate.allows('https://kb.example.com'), true);
    assert.equal(gate.allows('https://crm.example.com'), false);
    gate.addFramed('https://crm.example.com');
    gate.addFramed('https://crm.example.com');
    gate.removeFramed('https://crm.example.com');
    assert.equal(gate.allows('https://crm.example.com'), true);
    gate.removeFramed('https://crm.example.com');
    assert.equal(gate.allows('https://crm.example.com'), false);
  });
  it("hears opaque origins only when told to, and answers them with '*'", () => {
    assert.equal(new OriginGate([], false).allows('null'), false);
    const gate = new OriginGate('any', true);
    assert.equal(gate.allows('null'), true);
    assert.equal(gate.allows('https://anything.example'), true);
    assert.equal(gate.targetFor('null'), '*');
    assert.equal(gate.targetFor('https://crm.example.com'), 'https://crm.example.com');
  });
});

describe('resolveImage: https, the page\'s own origin, or raster data: images', () => {
  const table: [string, string, string | undefined][] = [
    ['/img/a.png', 'https://crm.example.com', 'https://crm.example.com/img/a.png'],
    ['img/a.png', 'http://crm.example.com', 'http://crm.example.com/img/a.png'],
    ['https://cdn.example.com/a.png', 'https://crm.example.com', 'https://cdn.example.com/a.png'],
    ['http://cdn.example.com/a.png', 'https://crm.example.com', undefined],
    ['http://crm.example.com/a.png', 'http://crm.example.com', 'http://crm.example.com/a.png'],
    ['//evil.example/a.png', 'https://crm.example.com', undefined],
    ['data:image/png;base64,AAAA', 'https://crm.example.com', 'data:image/png;base64,AAAA'],
    ['data:image/webp;base64,AAAA', 'https://crm.example.com', 'data:image/webp;base64,AAAA'],
    ['data:image/svg+xml;base64,PHN2Zz4=', 'https://crm.example.com', undefined],
    ['data:text/html,<script>', 'https://crm.example.com', undefined],
    ['javascript:alert(1)', 'https://crm.example.com', undefined],
    ['/relative.png', 'null', undefined],
  ];
  for (const [image, origin, expected] of table) {
    it(`${image} from ${origin} → ${String(expected)}`, () => assert.equal(resolveImage(image, origin), expected));
  }
});

describe('negotiate: the extensions a registration asked for', () => {
  const table: [unknown, unknown][] = [
    [undefined, undefined],
    [{ version: 0, channel: true }, undefined],
    [{ version: 1 }, { version: 1, channel: false, results: false, sequence: false, commands: ['HoldEvent', 'HangupEvent'] }],
    [{ version: 2, channel: true, sequence: true }, { version: 1, channel: true, results: false, sequence: true, commands: ['HoldEvent', 'HangupEvent'] }],
    // Actions beyond MAX only to a page that asks, and only those granted.
    [{ version: 1, actions: true }, { version: 1, channel: false, results: false, sequence: false, commands: ['HoldEvent', 'HangupEvent'], actions: ['Dial'] }],
    [{ version: 1, actions: 'yes' }, { version: 1, channel: false, results: false, sequence: false, commands: ['HoldEvent', 'HangupEvent'] }],
  ];
  // Only the actions the host carries out (beyondMax() installed): granted, yet not offered, is not given.
  const offered = new Set(['Dial', 'EndWrapUp'] as const);
  // The origin's rights travel with the accepted extensions.
  const granted = { commands: new Set(['HoldEvent', 'HangupEvent'] as const), actions: new Set(['Dial'] as const) };
  for (const [asked, accepted] of table) {
    it(`${JSON.stringify(asked)} → ${JSON.stringify(accepted)}`, () => assert.deepEqual(negotiate(asked as Parameters<typeof negotiate>[0], granted, offered), accepted));
  }
  it('a host that carries out no action (no beyondMax()) grants none, whatever the policy says', () => {
    assert.deepEqual(negotiate({ version: 1, actions: true }, granted, new Set())?.actions, []);
  });
});

describe('HostLog: coded lines, once per key', () => {
  const recorder = () => {
    const lines: [string, string][] = [];
    const logger: Logger = { debug: (m) => void lines.push(['debug', m]), warn: (m) => void lines.push(['warn', m]), error: (m) => void lines.push(['error', m]) };
    return { lines, log: new HostLog(logger) };
  };
  it('names the code and links the docs section', () => {
    assert.equal(formatLog('NOT_PERMITTED', 'no'), `ccbridge [NOT_PERMITTED]: no (${LOG_CODES_URL})`);
  });
  it('writes a key once, at its level', () => {
    const { lines, log } = recorder();
    log.once('a', 'warn', 'MALFORMED_MESSAGE', 'first');
    log.once('a', 'warn', 'MALFORMED_MESSAGE', 'again');
    log.once('b', 'debug', 'ORIGIN_NOT_ALLOWED', 'other');
    assert.deepEqual(lines.map(([level, message]) => [level, message.split(' (')[0]]), [
      ['warn', 'ccbridge [MALFORMED_MESSAGE]: first'],
      ['debug', 'ccbridge [ORIGIN_NOT_ALLOWED]: other'],
    ]);
  });
  it(`remembers at most ${HostLog.maxKeys} keys, and then stays quiet`, () => {
    const { lines, log } = recorder();
    for (let i = 0; i < HostLog.maxKeys + 50; i += 1) log.once(`key ${i}`, 'warn', 'INTERNAL', 'x');
    assert.equal(lines.length, HostLog.maxKeys);
  });
});

describe('Emitter', () => {
  it("gives a listener's exception to its owner and still calls the other listeners", () => {
    const errors: [unknown, PropertyKey][] = [];
    const emitter = new Emitter<{ ping: number }>((error, type) => void errors.push([error, type]));
    const heard: number[] = [];
    const boom = new Error('boom');
    emitter.on('ping', () => {
      throw boom;
    });
    const stop = emitter.on('ping', (value) => void heard.push(value));
    emitter.emit('ping', 1);
    stop();
    emitter.emit('ping', 2);
    assert.deepEqual(heard, [1]);
    assert.deepEqual(errors, [[boom, 'ping'], [boom, 'ping']]);
    assert.equal(emitter.has('ping'), true);
  });
});

describe('BreakWatch: a break that runs over its limit', () => {
  const breakState = (reason: string, startedMsAgo: number, now: number) =>
    ({ Type: 'AgentState', CurrentState: 'Unavailable', CurrentOutReason: reason, StartTimeUTC: new Date(now - startedMsAgo).toISOString() }) as unknown as AgentState;

  it('raises once when the limit passes, counting from the break\'s start, reasons matched case-insensitively', (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const now = Date.UTC(2026, 10, 22, 10, 0, 0);
    const overruns: string[] = [];
    const watch = new BreakWatch({ Lunch: 60_000 }, ({ reason }) => void overruns.push(reason), () => now);
    watch.agentState(breakState('lunch', 45_000, now));
    t.mock.timers.tick(14_999);
    assert.deepEqual(overruns, []);
    t.mock.timers.tick(1);
    assert.deepEqual(overruns, ['lunch']);
    watch.agentState(breakState('lunch', 45_000, now));
    t.mock.timers.tick(60_000);
    assert.deepEqual(overruns, ['lunch'], 'the same break repeated is not raised again');
  });

  it('forgets a break that ended, and ignores reasons with no limit', (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const now = Date.UTC(2026, 10, 22, 10, 0, 0);
    const overruns: string[] = [];
    const watch = new BreakWatch({ Break: 1000 }, ({ reason }) => void overruns.push(reason), () => now);
    watch.agentState(breakState('Break', 0, now));
    watch.agentState({ Type: 'AgentState', CurrentState: 'Available' } as unknown as AgentState);
    watch.agentState(breakState('Meeting', 0, now));
    t.mock.timers.tick(5000);
    assert.deepEqual(overruns, []);
    watch.agentState(breakState('Break', 0, now + 1));
    watch.agentState(undefined);
    t.mock.timers.tick(5000);
    assert.deepEqual(overruns, []);
  });

  const bad: [string, Record<string, number>][] = [['zero', { Lunch: 0 }], ['negative', { Lunch: -5 }], ['not a number', { Lunch: Number.NaN }], ['infinite', { Lunch: Infinity }]];
  for (const [name, limits] of bad) {
    it(`refuses a ${name} limit`, () => assert.throws(() => breakLimits(limits), BridgeError));
  }
});

describe('everySecond: one clock for the desktop and its pages', () => {
  it('ticks just after each whole second of the system clock, whenever it was started', (t) => {
    t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 1_700_000_000_300 });
    const ticks: number[] = [];
    const stop = everySecond((now) => ticks.push(now));
    t.mock.timers.tick(699);
    assert.deepEqual(ticks, []);
    t.mock.timers.tick(5);
    assert.deepEqual(ticks, [1_700_000_001_004]);
    t.mock.timers.tick(1000);
    assert.deepEqual(ticks, [1_700_000_001_004, 1_700_000_002_004]);
    // Started mid-second elsewhere (another frame), it ticks at the same moments.
    const other: number[] = [];
    t.mock.timers.tick(612);
    const stopOther = everySecond((now) => other.push(now));
    t.mock.timers.tick(388);
    assert.deepEqual(other, [1_700_000_003_004]);
    assert.equal(ticks.at(-1), 1_700_000_003_004);
    stop();
    stopOther();
    t.mock.timers.tick(5000);
    assert.equal(ticks.length, 3);
  });
});
