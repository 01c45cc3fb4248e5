import { css } from 'lit';

export const styles = css`
  /* One screen at 1280×720: the agent's column (contacts, framed pages, the
     traffic log, each scrolling) beside the CRM frames, which share the height. */
  :host {
    display: grid;
    grid-template-columns: minmax(300px, 360px) 1fr;
    grid-template-rows: auto minmax(0, 1fr);
    grid-template-areas: 'header header' 'side frames';
    gap: 0.75rem;
    height: 100vh;
    min-height: 560px;
    padding: 0.75rem;
    box-sizing: border-box;
    font: 14px/1.4 system-ui, sans-serif;
    color: #1d2330;
    background: #f4f6fa;
  }
  .side {
    grid-area: side;
    display: flex;
    flex-direction: column;
    gap: 0.75rem;
    min-height: 0;
    overflow: auto;
  }
  details {
    background: #fff;
    border: 1px solid #d5dae4;
    border-radius: 10px;
    padding: 0.5rem 0.75rem;
  }
  summary {
    font-weight: 600;
    font-size: 0.95rem;
    cursor: pointer;
  }
  .clock {
    font-variant-numeric: tabular-nums;
    opacity: 0.75;
  }
  .new-call {
    border-color: #1b7f3b;
    color: #1b7f3b;
  }
  .acw {
    background: #fff1c7;
  }
  header {
    grid-area: header;
    display: flex;
    align-items: center;
    gap: 1rem;
    flex-wrap: wrap;
  }
  h1 {
    font-size: 1.2rem;
    margin: 0 auto 0 0;
  }
  .pill {
    padding: 0.15rem 0.6rem;
    border-radius: 999px;
    background: #dde5f5;
  }
  .pill[data-state='online'] {
    background: #d3f1de;
  }
  .pill[data-state='offline'],
  .pill[data-state='ended'] {
    background: #fbd9d5;
  }
  section {
    background: #fff;
    border: 1px solid #d5dae4;
    border-radius: 10px;
    padding: 0.75rem;
  }
  h2 {
    font-size: 0.95rem;
    margin: 0 0 0.5rem;
  }
  .frames {
    grid-area: frames;
    display: flex;
    flex-direction: column;
    gap: 0.75rem;
    min-height: 0;
  }
  .frames section {
    flex: 1 1 0;
    min-height: 0;
    display: flex;
    flex-direction: column;
  }
  .frame-row {
    flex: 1 1 auto;
    min-height: 0;
    display: flex;
    gap: 0.75rem;
    overflow-x: auto;
  }
  .frame-row iframe {
    flex: 1 1 320px;
    min-width: 280px;
    height: 100%;
    border: 1px solid #c6cbd6;
    border-radius: 8px;
    background: #fff;
  }
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .contact {
    border-top: 1px solid #e3e7ef;
    padding: 0.6rem 0;
    display: grid;
    grid-template-columns: auto 1fr auto;
    gap: 0.25rem 0.6rem;
    align-items: center;
  }
  .contact img {
    width: 36px;
    height: 36px;
    border-radius: 50%;
    object-fit: cover;
    background: #dde5f5;
  }
  .avatar {
    width: 36px;
    height: 36px;
    border-radius: 50%;
    background: #dde5f5;
    display: grid;
    place-items: center;
    font-weight: 600;
  }
  .who strong {
    display: block;
  }
  .status {
    font-weight: 600;
  }
  [data-testid='elapsed'],
  .hold {
    font-variant-numeric: tabular-nums;
  }
  .hold {
    white-space: nowrap;
    margin-left: 0.4rem;
    padding: 0 0.4rem;
    border-radius: 999px;
    background: #fff1c7;
  }
  /* A call that rings is what the agent must see first. */
  .contact[data-ringing] {
    border: 2px solid #1b7f3b;
    border-radius: 8px;
    padding: 0.5rem;
    background: #eafaf0;
    animation: ring 1s ease-in-out infinite alternate;
  }
  .ringing {
    color: #1b7f3b;
    font-weight: 700;
    text-transform: uppercase;
    font-size: 0.75rem;
    letter-spacing: 0.05em;
  }
  @keyframes ring {
    to {
      box-shadow: 0 0 0 4px #1b7f3b33;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .contact[data-ringing] {
      animation: none;
    }
  }
  .controls {
    grid-column: 1 / -1;
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem;
  }
  button,
  select {
    font: inherit;
    padding: 0.2rem 0.6rem;
    border-radius: 6px;
    border: 1px solid #2457c5;
    background: #fff;
    color: #2457c5;
  }
  button:disabled {
    opacity: 0.35;
  }
  button.danger {
    border-color: #b3261e;
    color: #b3261e;
  }
  .empty {
    opacity: 0.7;
  }
  .framed ul {
    margin: 0.25rem 0 0;
    font-size: 12px;
    word-break: break-all;
  }
  .framed li + li {
    margin-top: 0.25rem;
  }
  .framed .pill {
    white-space: nowrap;
    word-break: normal;
  }
  .grant {
    display: block;
    word-break: normal;
  }
  .framed li[data-rights='read-only'] .pill {
    background: #fdecea;
  }
  .log ol {
    margin: 0.25rem 0 0;
    padding-left: 2.5rem;
    max-height: 260px;
    overflow: auto;
    font: 12px/1.35 ui-monospace, monospace;
  }
  .log li[data-kind='rejection'],
  .log li[data-kind='refused'] {
    color: #b3261e;
  }
`;
