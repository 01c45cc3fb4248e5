// The connection bar: a host and a CXone source in this iframe, serving the
// enterprise page that embeds it (AICC model). Query parameters:
//   parent=<the embedding page's origin>   sim=<simulator URL>   (demo: both set by the page that embeds it)
// startConnectionBar runs first, before the token request: the enterprise
// page subscribes from its window.onload, which does not wait for our fetch.
import { startConnectionBar } from '../src/host/connection-bar.js';
import { CometSource } from '../src/sources/cxone/index.js';
import type { CxoneToken } from '../src/sources/cxone/index.js';
import type { CommandType, ContactEvent } from '../src/protocol/index.js';

const params = new URLSearchParams(location.search);
const parentOrigin = params.get('parent') ?? '';
const simulator = params.get('sim') ?? `http://localhost:8787`;
const byId = (id: string) => document.getElementById(id) as HTMLElement;
const button = (id: string) => document.getElementById(id) as HTMLButtonElement;

const getToken = async (): Promise<CxoneToken> => {
  const response = await fetch(`${simulator}/InContactAuthorizationServer/Token`, { method: 'POST', body: '{}' });
  if (!response.ok) throw new Error(`token request failed: HTTP ${response.status}`);
  return (await response.json()) as CxoneToken;
};
const bar = startConnectionBar({
  parentOrigin,
  source: async () => {
    const source = new CometSource({ token: await getToken(), refreshToken: getToken, session: { stationPhoneNumber: '4005150001' }, timeoutSeconds: 30 });
    source.on('status', (status) => (byId('status').textContent = status.state));
    return source;
  },
  breakLimitsMs: { Break: 15 * 60_000, Lunch: 60 * 60_000 },
});

const current = (): ContactEvent | undefined => bar.host.contacts.at(-1);
const render = () => {
  byId('agent').textContent = `Agent: ${String(bar.host.agentState?.['CurrentState'] ?? '–')}`;
  const call = current();
  byId('call').textContent = call === undefined ? 'No call' : `${String(call['ANI'] ?? '')} · ${call.Status}`;
  button('answer').disabled = call?.Status !== 'Incoming';
  button('hold').disabled = call?.Status !== 'Active' && call?.Status !== 'Holding';
  button('hold').textContent = call?.Status === 'Holding' ? 'Resume' : 'Hold';
  button('hangup').disabled = call === undefined || call.Status === 'Incoming';
};
bar.host.on('state', render);
// The bar's buttons take the pages' path (host.command): the same checks, and
// every page learns the agent acted (AICC: AgentEvent_Call_Release on hang-up).
const act = async (command: CommandType) => {
  const call = current();
  if (call === undefined) return;
  const report = await bar.host.command(command, Number(call.ContactID));
  byId('error').textContent = report.refusal === null ? '' : `${command}: ${report.detail ?? report.refusal}`;
};
button('answer').addEventListener('click', () => void act('AnswerEvent'));
button('hold').addEventListener('click', () => void act('HoldEvent'));
button('hangup').addEventListener('click', () => void act('HangupEvent'));
render();
bar.ready.catch((error: Error) => (byId('error').textContent = error.message));
window.addEventListener('pagehide', () => void bar.stop());
