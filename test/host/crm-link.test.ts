/**
 * crmLink(): search-and-pop and the call log, host-initiated, across real
 * origins: what the desktop sends each page, what it makes of their answers,
 * and that a page that did not offer (or is not granted) is never asked.
 */
import { expect } from '@open-wc/testing';
import { crmLink } from '../../src/host/crm-link.js';
import type { CrmLink } from '../../src/host/crm-link.js';
import type { OriginPolicy } from '../../src/host/index.js';
import { beyondMax } from '../../src/host/beyond-max.js';
import { admin } from '../../src/host/profiles.js';
import { FRAME_ORIGIN, PAGE_ORIGIN, TestFrame, frameUrl } from '../helpers/test-frame.js';
import { cleanUp, makeHost } from '../helpers/host.js';
import { until } from '../helpers/until.js';
import { agentState, call, ended } from '../helpers/events.js';

afterEach(cleanUp);

const SERVES = { version: 1, results: true, actions: true, serves: ['Search', 'CallLog'] };

/** A host with crmLink() (and beyondMax(), for wrap-up), and pages registered at `origins`, each offering what `offers` says. */
async function desktop(options: { policy?: OriginPolicy; searchTimeoutMs?: number; pages?: { origin?: string; ask?: Record<string, unknown> }[] } = {}) {
  const link: CrmLink = crmLink({ searchTimeoutMs: options.searchTimeoutMs ?? 3000, logDelayMs: 50 });
  const policy = options.policy ?? admin();
  const made = makeHost({ policies: { [FRAME_ORIGIN]: policy, [PAGE_ORIGIN]: policy }, dialects: [link, beyondMax({ controller: () => undefined })] });
  const pops = made.record('screenPop');
  const logs = made.record('callLog');
  const pages: TestFrame[] = [];
  for (const { origin = FRAME_ORIGIN, ask = SERVES } of options.pages ?? [{}]) {
    const page = await TestFrame.attach(made.host.createFrame({ url: frameUrl('', origin), container: made.container }));
    page.register(['all'], { ccbridge: ask });
    await page.envelope(1);
    pages.push(page);
  }
  const requests = (page: TestFrame, type: string) => page.events().filter((e) => e['messageType'] === type);
  /** Has `page` answer its `count`th `type` request with `answer`. */
  const answer = async (page: TestFrame, type: string, answer: Record<string, unknown>, count = 1) => {
    await page.until(() => requests(page, type).length >= count, type);
    const requestId = requests(page, type).at(-1)!['requestId'];
    page.post({ version: 1, ...answer, ccbridge: { requestId } });
  };
  return { ...made, link, pops, logs, pages, requests, answer };
}

describe('crmLink(): search and pop (docs/protocol.md#search-and-pop-and-the-call-log)', () => {
  it('is offered in the first envelope to a page that serves it and whose origin is granted it; a plain MAX page gets nothing', async () => {
    const { pages } = await desktop({ pages: [{}, { origin: PAGE_ORIGIN, ask: { version: 1 } }] });
    expect(pages[0]!.events()[0]).to.not.have.property('messageType', 'SearchContact');
    const first = (page: TestFrame) => page.envelopes()[0] as unknown as { ccbridge?: { serves?: unknown } };
    expect(first(pages[0]!).ccbridge?.serves).to.deep.equal(['Search', 'CallLog']);
    expect(Object.hasOwn(first(pages[1]!).ccbridge!, 'serves')).to.equal(false);
    cleanUp();
    const refused = await desktop({ policy: admin({ actions: ['Dial'] }) });
    expect(first(refused.pages[0]!).ccbridge?.serves).to.deep.equal([]);
  });

  it('asks each serving page to search a new call, and pops the one match; the page that owns it gets the call\'s log, with the wrap-up the agent chose', async () => {
    const { host, pages, pops, logs, link, requests, answer } = await desktop({ pages: [{}, { origin: PAGE_ORIGIN, ask: { version: 1, results: true, serves: ['CallLog'] } }] });
    const [crm, logger] = pages as [TestFrame, TestFrame];
    const fields = { ANI: '5550001', DNIS: '8005550100', Skill: '4001', AttachedData: { USR_case: '12' } };
    host.dispatch([call(7, 'Incoming', fields)]);
    await crm.until(() => requests(crm, 'SearchContact').length === 1, 'the search');
    expect(requests(crm, 'SearchContact')[0]).to.deep.include({ messageType: 'SearchContact', version: 1, contactId: 7, ani: '5550001', dnis: '8005550100', skill: '4001', data: { USR_case: '12' } });
    await answer(crm, 'SearchContact', { messageType: 'SearchResult', matches: [{ id: 'C-1', label: 'Ann Smith', url: '/record/C-1' }] });
    await until(() => pops.length === 1, 'the pop');
    expect(pops[0]).to.deep.equal({ contactId: 7, kind: 'record', url: `${FRAME_ORIGIN}/record/C-1`, matches: [{ id: 'C-1', label: 'Ann Smith', url: `${FRAME_ORIGIN}/record/C-1`, origin: FRAME_ORIGIN }], skipped: [] });
    // The call, wrap-up ended by a page with a disposition: the log goes to the record's page only.
    host.dispatch([call(7, 'Active', fields), call(7, 'Disconnected', { ...fields, FinalState: 'True' }), agentState('Unavailable', { IsAcw: 'True' })]);
    crm.post({ messageType: 'EndWrapUp', version: 1, dispositionId: 101, notes: 'Sold', ccbridge: { requestId: 90 } });
    await crm.until(() => requests(crm, 'SaveCallLog').length === 1, 'the log');
    expect(requests(crm, 'SaveCallLog')[0]).to.deep.include({ recordId: 'C-1' });
    expect((requests(crm, 'SaveCallLog')[0] as { log: unknown }).log).to.deep.include({ contactId: 7, direction: 'inbound', ani: '5550001', skill: '4001', dispositionId: 101, notes: 'Sold', data: { USR_case: '12' } });
    await answer(crm, 'SaveCallLog', { messageType: 'CallLogSaved', logId: 'L-9' });
    await until(() => logs.length === 1, 'the log saved');
    expect(logs[0]).to.deep.equal({ contactId: 7, origin: FRAME_ORIGIN, logId: 'L-9' });
    expect(link.logs(7)).to.deep.equal([{ contactId: 7, origin: FRAME_ORIGIN, logId: 'L-9' }]);
    expect(requests(logger, 'SaveCallLog')).to.deep.equal([]);
  });

  it('several matches: the agent chooses, and that page gets the log; no match: the new-record URL; nobody answers in time: skipped, popped without it', async () => {
    const { host, pages, pops, link, requests, answer } = await desktop({ searchTimeoutMs: 300, pages: [{}, { origin: PAGE_ORIGIN }] });
    const [crm, other] = pages as [TestFrame, TestFrame];
    host.dispatch([call(7, 'Incoming')]);
    await answer(crm, 'SearchContact', { messageType: 'SearchResult', matches: [{ id: 'A', label: 'Ann', url: `${FRAME_ORIGIN}/a` }] });
    await answer(other, 'SearchContact', { messageType: 'SearchResult', matches: [{ id: 'B', label: 'Ann (other CRM)', url: `${PAGE_ORIGIN}/b` }] });
    await until(() => pops.length === 1, 'the pop');
    expect(pops[0]!.kind).to.equal('choose');
    // In the order the answers arrived: the two pages are in different processes, so either may be first.
    expect(pops[0]!.matches.map((m) => [m.origin, m.id])).to.have.deep.members([[FRAME_ORIGIN, 'A'], [PAGE_ORIGIN, 'B']]);
    expect(link.choose(7, PAGE_ORIGIN, 'B')).to.deep.include({ id: 'B' });
    expect(link.choose(7, PAGE_ORIGIN, 'nope')).to.equal(undefined);
    host.dispatch([ended(7), agentState('Available')]);
    await other.until(() => requests(other, 'SaveCallLog').length === 1, 'the log to the chosen record\'s page');
    expect(requests(other, 'SaveCallLog')[0]).to.deep.include({ recordId: 'B' });
    expect(requests(crm, 'SaveCallLog')).to.deep.equal([]);

    host.dispatch([call(8, 'Incoming')]);
    await answer(crm, 'SearchContact', { messageType: 'SearchResult', matches: [], newRecordUrl: '/new?ani=555' }, 2);
    // The other page never answers: after 300 ms it is skipped.
    await until(() => pops.length === 2, 'the second pop');
    expect(pops[1]).to.deep.equal({ contactId: 8, kind: 'new', url: `${FRAME_ORIGIN}/new?ani=555`, matches: [], skipped: [PAGE_ORIGIN] });
  });

  it('a match at another origin\'s URL is dropped and reported; a consult call is not searched; an answer to no request is ignored', async () => {
    const { host, pages, pops, requests, answer, record } = await desktop();
    const rejections = record('rejection');
    const [crm] = pages as [TestFrame];
    host.dispatch([call(7, 'Incoming')]);
    await answer(crm, 'SearchContact', { messageType: 'SearchResult', matches: [{ id: 'X', label: 'x', url: 'https://evil.example/x' }, { id: 'Y', label: 'y', url: 'javascript:alert(1)' }] });
    await until(() => pops.length === 1, 'the pop');
    expect(pops[0]).to.deep.include({ kind: 'none', matches: [] });
    expect(rejections.filter((r) => r.refusal === 'NOT_PERMITTED')).to.have.length(2);
    host.dispatch([call(7, 'Holding'), call(8, 'Dialing', { IsInbound: 'False' })]);
    crm.post({ messageType: 'SearchResult', version: 1, matches: [], ccbridge: { requestId: 999 } });
    await crm.barrier();
    expect(requests(crm, 'SearchContact')).to.have.length(1);
    expect(rejections.some((r) => r.detail.startsWith('SearchResult answers no request'))).to.equal(true);
  });

  it('a page whose policy hides the call is not asked about it', async () => {
    const { host, pages, requests } = await desktop({ policy: admin({ events: (event) => event['ContactID'] !== 7 }) });
    host.dispatch([call(7, 'Incoming')]);
    await pages[0]!.barrier();
    expect(requests(pages[0]!, 'SearchContact')).to.deep.equal([]);
  });
});
