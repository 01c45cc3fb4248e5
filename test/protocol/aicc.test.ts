import { expect } from '@open-wc/testing';
import { AICC_IDENTIFIERS, AiccTranslator, readEventPost } from '../../src/protocol/aicc.js';
import type { AiccIdentifier } from '../../src/protocol/aicc.js';
import { parsePlatformEvent } from '../../src/protocol/index.js';
import type { PlatformEvent } from '../../src/protocol/index.js';
import { agentState, call, ended } from '../helpers/events.js';

const event = (value: unknown): PlatformEvent => (parsePlatformEvent(value) as { data: PlatformEvent }).data;

describe('AICC mapping table: every identifier from the common vocabulary (README: The AICC dialect)', () => {
  const seen = new Set<AiccIdentifier>();
  const run = (translator: AiccTranslator, value: unknown): AiccIdentifier[] => {
    const identifiers = translator.identifiers(event(value));
    identifiers.forEach((identifier) => seen.add(identifier));
    return identifiers;
  };

  it('agent states and their transitions', () => {
    const t = new AiccTranslator();
    expect(run(t, agentState('Available'))).to.deep.equal(['AgentState_Ready']);
    expect(run(t, agentState('Unavailable', { CurrentOutReason: 'Meeting' }))).to.deep.equal(['AgentState_SetNotReady_Success']);
    expect(run(t, agentState('Available'))).to.deep.equal(['AgentState_CancelNotReady_Success', 'AgentState_Ready']);
    expect(run(t, agentState('Unavailable', { CurrentOutReason: 'Break' }))).to.deep.equal(['AgentState_SetRest_Success']);
    expect(run(t, { Type: 'Indicator', Name: 'RestTimeout' })).to.deep.equal(['AgentState_Rest_Timeout']);
    expect(run(t, { Type: 'Indicator', Name: 'Other' })).to.deep.equal([]);
    expect(run(t, agentState('Available'))).to.deep.equal(['AgentState_CancelRest_Success', 'AgentState_Ready']);
    expect(run(t, agentState('InboundContact'))).to.deep.equal(['AgentState_Busy']);
    expect(run(t, agentState('ACW'))).to.deep.equal(['AgentState_SetWork_Success', 'AgentState_Work']);
    expect(run(t, agentState('Available'))).to.deep.equal(['AgentState_CancelWork_Success', 'AgentState_Ready']);
  });

  it('calls: alerting, talking, hold, and who released them', () => {
    const t = new AiccTranslator();
    expect(run(t, call(1, 'Incoming'))).to.deep.equal(['AgentOther_PhoneAlerting']);
    expect(run(t, call(1, 'Incoming'))).to.deep.equal([]);
    expect(run(t, call(1, 'Active'))).to.deep.equal(['AgentEvent_Talking']);
    expect(run(t, call(1, 'Holding'))).to.deep.equal(['AgentEvent_Customer_Alerting']);
    expect(run(t, call(1, 'Active'))).to.deep.equal(['AgentEvent_Talking']);
    t.agentReleased(1);
    expect(run(t, ended(1))).to.deep.equal(['AgentEvent_Call_Release']);
    run(t, call(2, 'Incoming'));
    run(t, call(2, 'Active'));
    expect(run(t, ended(2))).to.deep.equal(['AgentEvent_Customer_Release']);
    run(t, call(3, 'Active'));
    expect(run(t, call(3, 'Disconnected', { FinalState: 'True', DisconnectReason: 'AgentDisconnect' }))).to.deep.equal(['AgentEvent_Call_Release']);
    run(t, call(4, 'Incoming'));
    expect(run(t, ended(4)), 'a caller hanging up while ringing').to.deep.equal(['AgentEvent_Customer_Release']);
  });

  it('an outbound call that ends without being answered is AgentEvent_Call_Out_Fail', () => {
    const t = new AiccTranslator();
    expect(run(t, call(5, 'Dialing', { IsInbound: 'False' }))).to.deep.equal([]);
    expect(run(t, call(5, 'Disconnected', { IsInbound: 'False', FinalState: 'True' }))).to.deep.equal(['AgentEvent_Call_Out_Fail']);
  });

  it('covers all sixteen identifiers', () => {
    expect([...seen].sort()).to.deep.equal([...AICC_IDENTIFIERS].sort());
  });
});

describe('AICC eventpost: both forms', () => {
  it('reads the JSON string the AICC sample sends and the object form', () => {
    expect(readEventPost(JSON.stringify({ name: 'eventpost', param: ['AgentOther_PhoneAlerting'] }))).to.deep.equal({ post: { name: 'eventpost', param: ['AgentOther_PhoneAlerting'] }, form: 'string' });
    expect(readEventPost({ name: 'eventpost', param: [] })).to.deep.equal({ post: { name: 'eventpost', param: [] }, form: 'object' });
  });

  it('leaves other messages alone and reports malformed eventposts', () => {
    expect(readEventPost({ messageType: 'HoldEvent' })).to.equal(undefined);
    expect(readEventPost('not json eventpost')).to.equal(undefined);
    expect(readEventPost('{"name":"other"}')).to.equal(undefined);
    expect(readEventPost({ name: 'eventpost', param: 'AgentOther_PhoneAlerting' })).to.have.property('error');
    expect(readEventPost({ name: 'eventpost', param: [7] })).to.have.property('error');
  });
});
