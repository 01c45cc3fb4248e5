import { expect } from '@open-wc/testing';
import type { ContactCommand } from '../../src/host/index.js';
import { FRAME_ORIGIN, TestFrame } from '../helpers/test-frame.js';
import { cleanUp, makeHost } from '../helpers/host.js';
import { call, chat } from '../helpers/events.js';

afterEach(cleanUp);

/** A host whose controller records what it is asked to do. */
async function desktop(options: Parameters<typeof makeHost>[0] = {}, fail = false) {
  const calls: string[] = [];
  const made = makeHost({
    controller: (command: ContactCommand, context) => {
      calls.push(`${command.action}:${command.contactId}:${context.messageType}`);
      if (fail) return Promise.reject(new Error('platform said no'));
      return undefined;
    },
    ...options,
  });
  const page = await made.frame();
  const commands = made.record('command');
  /** Sends a command and waits until the host has handled it. */
  async function send(messageType: string, extra: Record<string, unknown> = {}) {
    const before = commands.length;
    page.post({ messageType, ...extra });
    await page.until(() => commands.length > before, `${messageType} to be handled`);
    return commands[commands.length - 1]!;
  }
  return { ...made, page, calls, commands, send };
}

describe('commands (docs/protocol.md)', () => {
  it('AnswerEvent and RefuseEvent act on the offered contact, and only while it is offered', async () => {
    const { host, calls, send } = await desktop();
    host.dispatch([call(1, 'Incoming'), call(2, 'Ringing')]);
    expect((await send('AnswerEvent', { contactId: 1 })).action).to.equal('accept');
    expect((await send('RefuseEvent', { contactId: 2 })).action).to.equal('reject');
    host.dispatch([call(1, 'Active')]);
    const refused = await send('AnswerEvent', { contactId: 1 });
    expect(refused.refusal).to.equal('INVALID_IN_STATE');
    expect(calls).to.deep.equal(['accept:1:AnswerEvent', 'reject:2:RefuseEvent']);
  });

  it('AnswerEvent with no contact id answers the one offered contact', async () => {
    const { host, calls, send } = await desktop();
    host.dispatch([call(1, 'Active'), call(2, 'Incoming')]);
    await send('AnswerEvent');
    expect(calls).to.deep.equal(['accept:2:AnswerEvent']);
  });

  it('HoldEvent toggles: holds an Active call, resumes a Holding one', async () => {
    const { host, calls, send } = await desktop();
    host.dispatch([call(1, 'Active')]);
    await send('HoldEvent');
    host.dispatch([call(1, 'Holding')]);
    await send('HoldEvent');
    expect(calls).to.deep.equal(['hold:1:HoldEvent', 'resume:1:HoldEvent']);
  });

  it('MuteEvent toggles the agent\'s mute (agent-wide, as on CXone); the platform\'s Mute event wins over the host\'s memory', async () => {
    const { host, calls, send, record } = await desktop();
    const mutes = record('mute');
    host.dispatch([call(1, 'Active'), call(2, 'Active')]);
    await send('MuteEvent', { contactId: 1 });
    expect(host.muted).to.equal(true);
    await send('MuteEvent', { contactId: 2 });
    await send('MuteEvent', { contactId: 1 });
    host.dispatch([{ Type: 'Mute', AgentMuted: 'False' }]);
    expect(host.muted).to.equal(false);
    await send('MuteEvent', { contactId: 2 });
    expect(calls).to.deep.equal(['mute:1:MuteEvent', 'unmute:2:MuteEvent', 'mute:1:MuteEvent', 'mute:2:MuteEvent']);
    expect(mutes.map((m) => m.muted)).to.deep.equal([true, false, true, false, true]);
  });

  it('MaskEvent toggles: masks an Active call, unmasks a Masking one', async () => {
    const { host, calls, send } = await desktop();
    host.dispatch([call(1, 'Active')]);
    await send('MaskEvent');
    host.dispatch([call(1, 'Masking')]);
    await send('MaskEvent');
    expect(calls).to.deep.equal(['mask:1:MaskEvent', 'unmask:1:MaskEvent']);
  });

  it('RecordEvent is one-shot: once recording, it is refused', async () => {
    const { host, calls, send } = await desktop();
    host.dispatch([call(1, 'Active'), call(2, 'Active', { IsLogging: 'True' })]);
    await send('RecordEvent', { contactId: 1 });
    expect((await send('RecordEvent', { contactId: 1 })).refusal).to.equal('INVALID_IN_STATE');
    expect((await send('RecordEvent', { contactId: 2 })).refusal).to.equal('INVALID_IN_STATE');
    expect(calls).to.deep.equal(['record:1:RecordEvent']);
  });

  it('HangupEvent ends a connected call at once, and is refused for an offered one', async () => {
    const { host, calls, send } = await desktop();
    host.dispatch([call(1, 'Incoming')]);
    expect((await send('HangupEvent')).refusal).to.equal('NO_SUCH_CONTACT');
    expect((await send('HangupEvent', { contactId: 1 })).refusal).to.equal('INVALID_IN_STATE');
    host.dispatch([call(1, 'Active')]);
    await send('HangupEvent');
    expect(calls).to.deep.equal(['end:1:HangupEvent']);
  });

  it('refuses, logs and does not pass on a command that is not valid in the current state', async () => {
    const { host, calls, send, log } = await desktop();
    host.dispatch([call(1, 'Dialing'), chat(2, 'Active')]);
    expect((await send('HoldEvent', { contactId: 1 })).refusal).to.equal('INVALID_IN_STATE');
    expect((await send('HoldEvent', { contactId: 2 })).refusal, 'hold applies to calls only').to.equal('INVALID_IN_STATE');
    expect((await send('MuteEvent', { contactId: 3 })).refusal).to.equal('NO_SUCH_CONTACT');
    expect(calls).to.deep.equal([]);
    // Refusals are logged once per origin, refusal and command, each with its code.
    const warnings = log.lines.filter((line) => line.level === 'warn').map((line) => line.message);
    expect(warnings).to.have.length(2);
    expect(warnings[0]).to.match(/^ccbridge \[INVALID_IN_STATE\]: HoldEvent from .* refused: not valid for contact 1 now/);
    expect(warnings[1]).to.match(/^ccbridge \[NO_SUCH_CONTACT\]: MuteEvent from .* refused: no such contact/);
  });

  it('refuses a command that does not say which of several calls it means', async () => {
    const { host, calls, send } = await desktop();
    host.dispatch([call(1, 'Active'), call(2, 'Active')]);
    expect((await send('HoldEvent')).refusal).to.equal('AMBIGUOUS_CONTACT');
    await send('HoldEvent', { contactId: '2' });
    expect(calls).to.deep.equal(['hold:2:HoldEvent']);
  });

  it('targets the contact a window is bound to when the command names none', async () => {
    const { host, calls, page, send } = await desktop();
    host.dispatch([call(1, 'Active'), call(2, 'Active')]);
    page.register(['contact'], { contactId: 2 });
    await page.envelope(1);
    await send('MaskEvent');
    expect(calls).to.deep.equal(['mask:2:MaskEvent']);
  });

  it('works from a page that never registered, as MAX allows', async () => {
    const { host, calls, send } = await desktop();
    host.dispatch([call(1, 'Active')]);
    await send('HoldEvent');
    expect(calls).to.have.length(1);
  });

  it('sends no reply to the page (MAX dialect)', async () => {
    const { host, page, send } = await desktop();
    host.dispatch([call(1, 'Active')]);
    await send('HoldEvent');
    await page.barrier();
    expect(page.received).to.deep.equal([]);
  });

  it('rolls back the host\'s toggle state when the controller fails', async () => {
    const { host, calls, send, log, page, commands } = await desktop({}, true);
    host.dispatch([call(1, 'Active')]);
    await send('MuteEvent');
    await page.until(() => commands.some((command) => command.refusal === 'CONTROLLER_FAILED'), 'the controller\'s failure');
    await send('MuteEvent');
    expect(calls).to.deep.equal(['mute:1:MuteEvent', 'mute:1:MuteEvent']);
    // One coded line, no stack trace, once per origin and action.
    const lines = log.lines.filter((line) => line.message.includes('failed to mute'));
    expect(lines).to.have.length(1);
    expect(lines[0]!.level).to.equal('warn');
    expect(lines[0]!.message).to.contain('CONTROLLER_FAILED').and.contain('platform said no');
    expect(lines[0]!.details).to.deep.equal([]);
  });

  it('commands for one contact run one at a time: a toggle repeated while the first is on its way is refused BUSY', async () => {
    let release: () => void = () => {};
    const calls: string[] = [];
    const made = makeHost({
      controller: (command) => {
        calls.push(command.action);
        return new Promise<void>((resolve) => (release = resolve));
      },
    });
    const commands = made.record('command');
    made.host.dispatch([call(1, 'Active')]);
    const page = await made.frame();
    page.post({ messageType: 'HoldEvent' });
    page.post({ messageType: 'HoldEvent' });
    await page.until(() => commands.filter((command) => command.refusal === 'BUSY').length === 1, 'the second refused');
    expect(calls).to.deep.equal(['hold']);
    release();
    made.host.dispatch([call(1, 'Holding')]);
    await page.barrier();
    page.post({ messageType: 'HoldEvent' });
    await page.until(() => calls.length === 2, 'the next command, once the first is done');
    expect(calls).to.deep.equal(['hold', 'resume']);
  });

  it('a page that loops cannot hammer the platform: 3,000 HoldEvents reach the controller within the origin\'s command budget', async () => {
    const calls: string[] = [];
    // No message rate limit here, and a budget that does not refill during the test: only the budget counts.
    const made = makeHost({ rateLimit: false, commandRate: { messages: 10, perMs: 600_000 }, controller: (command) => void calls.push(command.action) });
    const commands = made.record('command');
    made.host.dispatch([call(1, 'Active')]);
    const page = await made.frame();
    page.control({ op: 'flood', count: 3000, data: { messageType: 'HoldEvent' } });
    await page.until(() => page.reportsOf('flooded').length === 1, 'the flood');
    await page.barrier();
    expect(calls.length, 'requests to the platform').to.equal(10);
    expect(commands.filter((command) => command.refusal === 'RATE_LIMITED').length).to.be.above(2900);
    // The desktop's own commands are not counted against any page.
    expect((await made.host.command('HoldEvent', 1)).refusal).to.equal(null);
  });

  it('refuses commands when the desktop supplied no controller', async () => {
    const { host, frame, record } = makeHost();
    const commands = record('command');
    host.dispatch([call(1, 'Active')]);
    const page = await frame();
    page.post({ messageType: 'HoldEvent' });
    await page.until(() => commands.length === 1, 'the command');
    expect(commands[0]!.refusal).to.equal('NO_CONTROLLER');
  });

  it('refuses commands the origin\'s policy does not grant', async () => {
    const { host, calls, send } = await desktop({ policies: { [FRAME_ORIGIN]: { commands: ['HoldEvent'] } } });
    host.dispatch([call(1, 'Active')]);
    expect((await send('HangupEvent')).refusal).to.equal('NOT_PERMITTED');
    await send('HoldEvent');
    expect(calls).to.deep.equal(['hold:1:HoldEvent']);
  });

  it('refuses a command whose contactId is invalid, without guessing', async () => {
    const { host, calls, page, log } = await desktop();
    host.dispatch([call(1, 'Active')]);
    page.post({ messageType: 'HangupEvent', contactId: 0 });
    await page.barrier();
    expect(calls).to.deep.equal([]);
    expect(log.lines.some((line) => line.level === 'warn' && line.message.includes('invalid HangupEvent'))).to.equal(true);
  });
});

describe('ContactCardData (docs/protocol.md)', () => {
  async function cardDesktop() {
    const made = makeHost();
    const cards = made.record('contactCard');
    const rejections = made.record('rejection');
    const page = await made.frame();
    return { ...made, page, cards, rejections };
  }

  it('surfaces the name and picture to the desktop, the picture resolved against the page\'s origin', async () => {
    const { host, page, cards } = await cardDesktop();
    host.dispatch([call(7, 'Active')]);
    page.post({ messageType: 'ContactCardData', contactCardData: { name: 'Ann Smith', userImg: '/img/ann.png' }, issuer: 'CRM' });
    await page.until(() => cards.length === 1, 'the card');
    expect(cards[0]).to.deep.equal({ contactId: 7, name: 'Ann Smith', userImg: `${FRAME_ORIGIN}/img/ann.png`, origin: FRAME_ORIGIN, issuer: 'CRM' });
  });

  it('uses the contact id given, and accepts data:image pictures', async () => {
    const { host, page, cards } = await cardDesktop();
    host.dispatch([call(7, 'Active'), call(8, 'Active')]);
    page.post({ messageType: 'ContactCardData', contactCardData: { name: 'Bo', userImg: 'data:image/png;base64,AAAA' }, contactId: 8 });
    await page.until(() => cards.length === 1, 'the card');
    expect(cards[0]).to.include({ contactId: 8, userImg: 'data:image/png;base64,AAAA' });
  });

  for (const [label, contactCardData] of [
    ['a javascript: picture', { name: 'Ann', userImg: 'javascript:alert(1)' }],
    ['no name', { userImg: 'https://x.example/a.png' }],
    ['an empty name', { name: '' }],
    ['a name that is not a string', { name: 42 }],
  ] as const) {
    it(`rejects a card with ${label} and surfaces nothing`, async () => {
      const { host, page, cards, rejections } = await cardDesktop();
      host.dispatch([call(7, 'Active')]);
      page.post({ messageType: 'ContactCardData', contactCardData });
      await page.until(() => rejections.length === 1, 'the rejection');
      expect(rejections[0]!.refusal).to.equal('INVALID_CONTACT_CARD');
      expect(cards).to.deep.equal([]);
    });
  }

  it('rejects a card when there is no contact to put it on', async () => {
    const { page, cards, rejections } = await cardDesktop();
    page.post({ messageType: 'ContactCardData', contactCardData: { name: 'Ann' } });
    await page.until(() => rejections.length === 1, 'the rejection');
    expect(rejections[0]!.refusal).to.equal('NO_SUCH_CONTACT');
    expect(cards).to.deep.equal([]);
  });
});

export type { TestFrame };
