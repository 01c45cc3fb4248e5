/** Platform events in the inContact shape, for tests. */
export function agentState(CurrentState: string, extra: Record<string, unknown> = {}) {
  return { Type: 'AgentState', CurrentState, CurrentOutReason: '', StartTimeUTC: '2026-11-21T10:00:00.000Z', NextStates: [], ...extra };
}

export function call(ContactID: number | string, Status: string, extra: Record<string, unknown> = {}) {
  return {
    Type: 'CallContactEvent',
    ContactID,
    Status,
    ANI: '5551230000',
    DNIS: '8005550100',
    Skill: '4001',
    IsInbound: 'True',
    StartTimeUTC: '2026-11-21T10:00:00.000Z',
    FinalState: 'False',
    ScreenPopUrl: '',
    PlatformOnlyField: 'kept',
    ...extra,
  };
}

export function ended(ContactID: number | string) {
  return call(ContactID, 'Disconnected', { FinalState: 'True' });
}

export function chat(ContactID: number, Status: string) {
  return { Type: 'TextContactEvent', ContactID, Status, FinalState: false };
}
