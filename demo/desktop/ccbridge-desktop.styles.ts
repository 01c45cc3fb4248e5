import { css } from 'lit';

export const styles = css`
  :host {
    display: grid;
    grid-template-columns: minmax(320px, 380px) 1fr;
    grid-template-rows: auto 1fr auto auto;
    grid-template-areas: 'header header' 'contacts frames' 'framed framed' 'log log';
    gap: 1rem;
    min-height: 100vh;
    padding: 1rem;
    box-sizing: border-box;
    font: 14px/1.4 system-ui, sans-serif;
    color: #1d2330;
    background: #f4f6fa;
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
  .contacts {
    grid-area: contacts;
  }
  .frames {
    grid-area: frames;
    display: flex;
    flex-direction: column;
    gap: 1rem;
  }
  .frame-row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem;
  }
  .frame-row iframe {
    flex: 1 1 340px;
    height: 330px;
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
  .log {
    grid-area: log;
  }
  .framed {
    grid-area: framed;
  }
  .framed ul {
    margin: 0;
    padding-left: 1.25rem;
    font-size: 12px;
  }
  .framed li[data-rights='read-only'] .pill {
    background: #fdecea;
  }
  .log ol {
    margin: 0;
    padding-left: 2.5rem;
    max-height: 220px;
    overflow: auto;
    font: 12px/1.35 ui-monospace, monospace;
  }
  .log li[data-kind='rejection'],
  .log li[data-kind='refused'] {
    color: #b3261e;
  }
`;
