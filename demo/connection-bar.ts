// The connection bar: a host and a CXone source in this iframe, serving the
// enterprise page that embeds it (AICC model). Query parameters:
//   parent=<the embedding page's origin>   sim=<simulator URL>   (demo: both set by the page that embeds it)
import { startConnectionBar } from '../src/host/connection-bar.js';
import { CometSource } from '../src/sources/cxone/index.js';
import type { CxoneToken } from '../src/sources/cxone/index.js';
import type { ContactEvent } from '../src/protocol/index.js';

const params = new URLSearchParams(location.search);
const parentOrigin = params.get('parent') ?? '';
const simulator = params.get('sim') ?? `http://localhost:8787`;
const byId = (id: string) => document.getElementById(id) as HTMLElement;
const button = (id: string) => document.getElementById(id) as HTMLButtonElement;

async function main(): Promise<void> {
  const getToken = async (): Promise<CxoneToken> => (await (await fetch(`${simulator}/InContactAuthorizationServer/Token`, { method: 'POST', body: '{}' })).json()) as CxoneToken;
  const source = new CometSource({ token: await getToken(), refreshToken: getToken, session: { stationPhoneNumber: '4005150001' }, timeoutSeconds: 30 });
  source.on('status', (status) => (byId('status').textContent = status.state));
  const bar = await startConnectionBar({ parentOrigin, source });
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
  const act = (action: 'accept' | 'hold' | 'resume' | 'end') => {
    const call = current();
    if (call !== undefined) source.execute({ action, contactId: Number(call.ContactID) }).catch((error: Error) => (byId('error').textContent = error.message));
  };
  button('answer').addEventListener('click', () => act('accept'));
  button('hold').addEventListener('click', () => act(current()?.Status === 'Holding' ? 'resume' : 'hold'));
  button('hangup').addEventListener('click', () => act('end'));
  render();
  window.addEventListener('pagehide', () => void bar.stop());
}

main().catch((error: Error) => {
  byId('error').textContent = error.message;
});
