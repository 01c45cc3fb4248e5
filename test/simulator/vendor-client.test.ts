/**
 * A vendor client's requests from a real browser page on another origin (the
 * test page is on this runner's port, the simulator on its own): NICE's agent
 * SDK adds `Originating-Service-Identifier` to every request, so each one is
 * preflighted, and the browser blocks it unless the simulator allows the
 * header (issue #20, docs/platforms.md).
 */
import { expect } from '@open-wc/testing';
import { simulator, token } from '../helpers/simulator.js';

describe('vendor clients against the simulator, from a browser on another origin', () => {
  it('the SDK\'s headers pass the preflight: agent settings, then joining the agent\'s own session', async () => {
    const { url } = await simulator();
    expect(new URL(url).origin).to.not.equal(location.origin);
    const { access_token: accessToken } = await token();
    const headers = { Authorization: `Bearer ${accessToken}`, 'Originating-Service-Identifier': 'CXoneAgent', Accept: 'application/json' };
    const settings = await fetch(`${url}/InContactAPI/services/v30.0/agents/19/agent-settings`, { headers });
    expect(settings.status).to.equal(200);
    expect(await settings.json()).to.have.property('cxaClientVersion');
    // The SDK's join: its prefix, its headers, an empty asAgentId; no session yet, so 409 (read, not blocked).
    const join = await fetch(`${url}/incontactapi/services/v23.0/agent-sessions/join`, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify({ asAgentId: '' }) });
    expect(join.status).to.be.oneOf([202, 409]);
  });

  it('a header the simulator does not allow is still blocked by the browser', async () => {
    const { url } = await simulator();
    let error: unknown;
    try {
      await fetch(`${url}/InContactAPI/services/v23.0/server-time`, { headers: { 'X-Not-Allowed': '1' } });
    } catch (caught) {
      error = caught;
    }
    expect(error).to.be.instanceOf(TypeError);
  });
});
