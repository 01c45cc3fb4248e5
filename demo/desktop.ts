// The demo desktop: a BridgeHost fed by a scripted in-page platform. The
// controller plays the platform's part, answering each command with the
// events a real ACD would send back.
import { BridgeHost } from '../src/host/index.js';
import type { ContactCommand } from '../src/host/index.js';

const crmOrigin = `http://127.0.0.1:${location.port}`;
const byId = (id: string) => document.getElementById(id) as HTMLElement;
const now = () => new Date().toISOString();
let nextContactId = 1001;

const statusAfter: Partial<Record<ContactCommand['action'], string>> = {
  accept: 'Active', hold: 'Holding', resume: 'Active', mask: 'Masking', unmask: 'Active',
};

const host = new BridgeHost({
  contactPanels: { container: byId('panels'), url: `${crmOrigin}/demo/crm/max-page.html?contactId={ContactID}&ani={ANI}` },
  controller: ({ action, contact }) => {
    const status = statusAfter[action];
    if (status !== undefined) host.dispatch([{ ...contact, Status: status }]);
    else if (action === 'reject' || action === 'end') host.dispatch([{ ...contact, Status: 'Disconnected', FinalState: 'True' }]);
    else if (action === 'record') host.dispatch([{ ...contact, IsLogging: 'True' }]);
    else if (action === 'mute' || action === 'unmute') host.dispatch([{ ...contact, IsMuted: action === 'mute' ? 'True' : 'False' }]);
  },
});
host.createFrame({ url: `${crmOrigin}/demo/crm/element-page.html?desktop=${encodeURIComponent(location.origin)}`, container: byId('workspace'), title: 'Workspace (built with <ccbridge-client>)' });

function log(text: string): void {
  const item = document.createElement('li');
  item.textContent = `${new Date().toLocaleTimeString()} ${text}`;
  byId('log').prepend(item);
}
host.on('registration', (r) => log(`registration from ${r.origin} [${r.subscriptionTypes.join(', ')}] → ${r.acknowledgement.status} ${r.acknowledgement.reason}`));
host.on('delivery', (d) => log(`→ ${d.origin}: ${d.envelope.events.map((e) => ('Type' in e ? e.Type : e.messageType)).join(', ')}`));
host.on('rejection', (r) => log(`✗ ${r.origin}: ${r.refusal} (${r.detail})`));
host.on('command', (c) => log(`${c.messageType} from ${c.origin} → ${c.action ?? `refused: ${c.refusal}`}`));
host.on('contactCard', (card) => log(`contact card for ${card.contactId}: ${card.name}`));
host.on('state', () => {
  byId('agent-state').textContent = String(host.agentState?.['CurrentState'] ?? 'unknown');
  byId('contacts').replaceChildren(...host.contacts.map((contact) => {
    const item = document.createElement('li');
    item.textContent = `Contact ${String(contact.ContactID)} · ${contact.Status} · ANI ${String(contact['ANI'] ?? '')}`;
    return item;
  }));
});

const agent = (CurrentState: string) => host.dispatch([{ Type: 'AgentState', CurrentState, CurrentOutReason: CurrentState === 'Unavailable' ? 'Break' : '', StartTimeUTC: now(), NextStates: [] }]);
byId('available').addEventListener('click', () => agent('Available'));
byId('unavailable').addEventListener('click', () => agent('Unavailable'));
byId('incoming').addEventListener('click', () => {
  const ContactID = nextContactId++;
  host.dispatch([{ Type: 'CallContactEvent', ContactID, Status: 'Incoming', ANI: `555010${ContactID % 10}`, DNIS: '8005550100', Skill: 'Sales', IsInbound: 'True', StartTimeUTC: now(), FinalState: 'False' }]);
});
host.dispatch([{ Type: 'AgentSessionStart' }]);
agent('Available');
