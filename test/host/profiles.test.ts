import { expect } from '@open-wc/testing';
import { admin, noright, supervisor } from '../../src/host/profiles.js';
import type { ContactCommand } from '../../src/host/index.js';
import { agentState, call } from '../helpers/events.js';
import { ack, cleanUp, makeHost } from '../helpers/host.js';
import { FRAME_ORIGIN, TestFrame } from '../helpers/test-frame.js';

afterEach(cleanUp);

/** Everything a page got, as "Type:ContactID:Skill". */
const seen = (page: TestFrame) =>
  page.events().filter((e) => e['messageType'] === undefined).map((e) => `${String(e['Type'])}:${String(e['ContactID'] ?? '-')}:${String(e['Skill'] ?? e['TeamName'] ?? '-')}`);

const traffic = [
  agentState('Available'),
  call(1, 'Incoming', { Skill: 'sales' }),
  call(2, 'Incoming', { Skill: 'support' }),
  call(3, 'Incoming', { Skill: 'billing', SkillName: 'sales' }),
  agentState('Unavailable', { TeamName: 'team-b' }),
  call(1, 'Active', { Skill: 'sales' }),
];

describe('per-origin profiles, from the XUC profiles (docs/desktop-builders.md#per-origin-profiles)', () => {
  it('admin: everything', async () => {
    const { host, frame } = makeHost({ policies: { [FRAME_ORIGIN]: admin({ sessionToken: true }) } });
    const page = await frame();
    page.register(['all', 'sessioninfo']);
    await page.envelope(1);
    host.dispatch(traffic);
    await page.envelope(2);
    expect(seen(page)).to.have.length(traffic.length);
  });

  it('supervisor: contact events only for its queues, agent events only for its groups; never the others', async () => {
    const { host, frame } = makeHost({ policies: { [FRAME_ORIGIN]: supervisor({ queues: ['sales'], groups: ['team-a'], agentGroup: 'team-a' }) } });
    host.dispatch([call(9, 'Active', { Skill: 'support' }), call(8, 'Active', { Skill: 'sales' })]);
    const page = await frame();
    page.register(['all']);
    const first = await page.envelope(1);
    expect(first.events.slice(1).map((e) => e['ContactID']), 'initial state is filtered too').to.deep.equal([8]);
    host.dispatch(traffic);
    await page.envelope(2);
    await page.barrier();
    expect(seen(page)).to.deep.equal(['CallContactEvent:8:sales', 'AgentState:-:-', 'CallContactEvent:1:sales', 'CallContactEvent:3:billing', 'CallContactEvent:1:sales']);
    const forbidden = seen(page).filter((entry) => entry.includes('support') || entry.includes('team-b'));
    expect(forbidden).to.deep.equal([]);
  });

  it('supervisor of other groups: no agent events at all', async () => {
    const { host, frame } = makeHost({ policies: { [FRAME_ORIGIN]: supervisor({ queues: ['sales'], groups: ['team-c'], agentGroup: 'team-a' }) } });
    const page = await frame();
    page.register(['agent', 'contacts']);
    await page.envelope(1);
    host.dispatch([...traffic, agentState('Available', { TeamName: 'team-c' })]);
    await page.envelope(2);
    expect(seen(page).filter((entry) => entry.startsWith('AgentState'))).to.deep.equal(['AgentState:-:team-c']);
  });

  it('supervisor with its grants: commands it is not granted are refused', async () => {
    const actions: string[] = [];
    const { host, frame, record } = makeHost({
      controller: (command: ContactCommand) => void actions.push(command.action),
      policies: { [FRAME_ORIGIN]: supervisor({ queues: ['sales'], groups: [], commands: ['HoldEvent'] }) },
    });
    const commands = record('command');
    host.dispatch([call(1, 'Active', { Skill: 'sales' })]);
    const page = await frame();
    page.post({ messageType: 'HangupEvent' });
    page.post({ messageType: 'HoldEvent' });
    await page.until(() => commands.length === 2, 'both commands');
    expect(commands.map((c) => c.refusal)).to.deep.equal(['NOT_PERMITTED', null]);
    expect(actions).to.deep.equal(['hold']);
  });

  it('noright: every registration refused with the documented reason, commands and cards refused, no events', async () => {
    const actions: string[] = [];
    const { host, frame, record } = makeHost({ controller: (command: ContactCommand) => void actions.push(command.action), policies: { [FRAME_ORIGIN]: noright() } });
    const cards = record('contactCard');
    const commands = record('command');
    host.dispatch([call(1, 'Active')]);
    const page = await frame();
    for (const types of [['all'], ['agent'], ['contact'], ['contacts'], ['sessioninfo']]) page.register(types);
    page.post({ messageType: 'HoldEvent' });
    page.post({ messageType: 'ContactCardData', contactCardData: { name: 'Ann' } });
    await page.until(() => page.envelopes().length === 5 && commands.length === 1, 'the refusals');
    expect(page.envelopes().map((e) => e.events[0])).to.deep.equal(Array(5).fill(ack('Subscription Type Not Permitted')));
    host.dispatch(traffic);
    await page.barrier();
    expect(seen(page)).to.deep.equal([]);
    expect(actions).to.deep.equal([]);
    expect(cards).to.deep.equal([]);
    expect(host.subscriptions).to.deep.equal([]);
  });
});
