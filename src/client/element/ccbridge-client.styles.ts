import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    font: var(--ccbridge-font, 14px/1.4 system-ui, sans-serif);
    color: var(--ccbridge-color, #1d2330);
    background: var(--ccbridge-background, #fff);
    border: 1px solid var(--ccbridge-border, #c6cbd6);
    border-radius: var(--ccbridge-radius, 8px);
    padding: 0.75rem;
  }
  :host([hidden]) {
    display: none;
  }
  header {
    display: flex;
    align-items: baseline;
    justify-content: space-between;
    gap: 0.5rem;
  }
  .title {
    font-weight: 600;
  }
  [part~='agent-state'] {
    padding: 0.1rem 0.5rem;
    border-radius: 999px;
    background: color-mix(in srgb, var(--ccbridge-accent, #2457c5) 12%, transparent);
  }
  ul {
    list-style: none;
    margin: 0.5rem 0;
    padding: 0;
  }
  [part~='contact'] {
    display: grid;
    grid-template-columns: 1fr auto auto;
    gap: 0.25rem 0.75rem;
    padding: 0.5rem 0;
    border-top: 1px solid var(--ccbridge-border, #c6cbd6);
  }
  [part~='controls'] {
    grid-column: 1 / -1;
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem;
  }
  button {
    font: inherit;
    padding: 0.2rem 0.6rem;
    border: 1px solid var(--ccbridge-accent, #2457c5);
    border-radius: var(--ccbridge-radius, 8px);
    background: transparent;
    color: var(--ccbridge-accent, #2457c5);
    cursor: pointer;
  }
  button[data-command='HangupEvent'],
  button[data-command='RefuseEvent'] {
    border-color: var(--ccbridge-danger, #b3261e);
    color: var(--ccbridge-danger, #b3261e);
  }
  button:disabled {
    opacity: 0.4;
    cursor: default;
  }
  button:focus-visible {
    outline: 2px solid var(--ccbridge-accent, #2457c5);
    outline-offset: 2px;
  }
  [part~='error'] {
    color: var(--ccbridge-danger, #b3261e);
  }
  [part~='empty'] {
    margin: 0.5rem 0;
    opacity: 0.7;
  }
  [part~='log'] {
    margin: 0.5rem 0 0;
    padding-left: 1.5rem;
    max-height: 8rem;
    overflow: auto;
    font: 12px/1.3 ui-monospace, monospace;
  }
`;
