import { expect } from '@open-wc/testing';
import type { ContactCommand } from '../../src/host/index.js';
import { call } from '../helpers/events.js';
import { cleanUp, makeHost } from '../helpers/host.js';
import { FRAME_ORIGIN, PAGE_ORIGIN, TestFrame } from '../helpers/test-frame.js';

afterEach(cleanUp);

// Runs the built bundle (dist/ccbridge-client.iife.js): `npm test` builds first.
describe('the drop-in script (dist/ccbridge-client.iife.js) in a legacy CRM page', () => {
  it('defines <ccbridge-client> and window.ccbridge, registers as a contact panel and drives the call', async () => {
    const actions: string[] = [];
    const panels = document.createElement('div');
    document.body.append(panels);
    const { host } = makeHost({
      controller: (command: ContactCommand) => void actions.push(command.action),
      contactPanels: { container: panels, url: `${FRAME_ORIGIN}/test/fixtures/legacy-page.html?host=${encodeURIComponent(PAGE_ORIGIN)}` },
    });
    host.dispatch([call(5, 'Incoming', { ANI: '5550199' })]);
    const page = await TestFrame.attach(panels.querySelector('iframe')!);
    await page.until(() => page.reportsOf('ack')[0], 'the acknowledgement');
    expect(page.reportsOf('globals')[0]).to.deep.include({ hasClient: true, defined: true });
    expect(page.reportsOf('ack')[0]).to.deep.include({ status: 'OK', contactId: 5 });
    await page.until(() => page.reportsOf('rendered').some((r) => String(r['text']).includes('Incoming')), 'the contact to render');
    page.control({ op: 'click', command: 'AnswerEvent' });
    await page.until(() => actions.length === 1, 'the answer');
    expect(actions).to.deep.equal(['accept']);
    panels.remove();
  });
});
