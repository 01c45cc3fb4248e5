// Every TypeScript block (```ts and ```tsx) of the README and of every page
// in docs/ compiles under `strict`, as a user would paste it into a project
// that installed ccbridge: once with `moduleResolution: bundler`, once with
// `node16` and `"type": "module"`. (The HTML page to copy in
// docs/page-authors.md is run instead, by test/package/pages.test.mjs.)
// The names a block leaves to the page (its own render functions, its token,
// its platform SDK) are declared below, each with the shape the block needs.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'ccbridge-readme-'));
after(() => rmSync(work, { recursive: true, force: true }));

const pages = ['README.md', ...readdirSync(join(root, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];
/** Each block with the page it comes from, so a failure names it. */
const blocks = pages.flatMap((page) =>
  [...readFileSync(join(root, page), 'utf8').matchAll(/^```(tsx?)\n([\s\S]*?)^```/gm)].map((match) => ({ page, language: match[1], code: match[2] })),
);

/** The page's own code, which README blocks call but do not define. */
const page = `
import type { AgentState, ContactEvent, PlatformEvent } from 'ccbridge/protocol';
import type { CxoneToken } from 'ccbridge/sources/cxone';
import type { Source } from 'ccbridge/sources';
import type { FoundMatch } from 'ccbridge/host/crm-link';
declare global {
  function showChooser(matches: readonly FoundMatch[], chosen: (match: FoundMatch) => void): void;
  const crm: { findByPhone(phone: string | undefined): Promise<{ id: string; name: string }[]>; logCall(recordId: string | undefined, log: unknown): Promise<{ id: string }> };
  const platform: { contacts(id: number): Record<string, () => Promise<void>> };
  function showCard(contactId: number, name: string, userImg?: string): void;
  const events: PlatformEvent[];
  const source: Source;
  const session: { token: string };
  function showCaller(ani: unknown, status: string): void;
  function render(state: unknown): void;
  function showAgent(state: AgentState['CurrentState'] | undefined): void;
  function fetchToken(): Promise<CxoneToken>;
  const stationPhoneNumber: string;
  const hangupButton: HTMLButtonElement;
  const token: CxoneToken;
  const myServer: { freshToken(): Promise<CxoneToken> };
  function showConnection(status: unknown): void;
  const password: string;
  function describe(name: string, body: () => void): void;
  function it(name: string, body: () => Promise<void>): void;
  type Unused = ContactEvent;
}
export {};
`;

function compile(name, compilerOptions) {
  const dir = join(work, name);
  mkdirSync(join(dir, 'node_modules', '@types'), { recursive: true });
  symlinkSync(root, join(dir, 'node_modules', 'ccbridge'), 'dir');
  // React's types, for the tsx blocks, as a React project has them.
  symlinkSync(join(root, 'node_modules/react'), join(dir, 'node_modules', 'react'), 'dir');
  symlinkSync(join(root, 'node_modules/@types/react'), join(dir, 'node_modules', '@types', 'react'), 'dir');
  // @open-wc/testing, for the test example, as a project that tests with it has it.
  symlinkSync(join(root, 'node_modules/@open-wc'), join(dir, 'node_modules', '@open-wc'), 'dir');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `readme-${name}`, private: true, type: 'module' }));
  writeFileSync(join(dir, 'page.d.ts'), page);
  blocks.forEach((block, index) => writeFileSync(join(dir, `${block.page.replace(/\W/g, '-')}-block${index + 1}.${block.language}`), `${block.code}\nexport {};\n`));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { target: 'ES2022', strict: true, noEmit: true, skipLibCheck: true, jsx: 'react-jsx', lib: ['ES2023', 'DOM', 'DOM.Iterable'], types: [], ...compilerOptions },
    include: ['*.ts', '*.tsx'],
  }));
  return spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', dir], { encoding: 'utf8' });
}

test('the README and the docs have TypeScript blocks to check', () => {
  assert.ok(blocks.length >= 11, `found ${blocks.length}`);
  assert.ok(blocks.some((block) => block.page === 'README.md') && blocks.some((block) => block.language === 'tsx'));
});

test('every TypeScript block of the docs compiles under strict (moduleResolution bundler)', () => {
  const result = compile('bundler', { module: 'ESNext', moduleResolution: 'bundler' });
  assert.equal(result.status, 0, result.stdout + result.stderr);
});

test('every TypeScript block of the docs compiles under strict (moduleResolution node16, "type": "module")', () => {
  const result = compile('node16', { module: 'node16', moduleResolution: 'node16' });
  assert.equal(result.status, 0, result.stdout + result.stderr);
});

// The other blocks. A ```js block shows a message on the wire: it must be one
// the checks accept (a page's message, or an AICC message with a platform
// event), `…` standing for fields left out. A ```html block's scripts must
// parse; the pages to copy also run (test/package/pages.test.mjs).
const others = pages.flatMap((page) =>
  [...readFileSync(join(root, page), 'utf8').matchAll(/^```(js|html)\n([\s\S]*?)^```/gm)].map((match) => ({ page, language: match[1], code: match[2] })),
);

test('every ```js block of the docs is a message the checks accept', async () => {
  const protocol = await import('ccbridge/protocol');
  const { AICC_IDENTIFIERS } = await import('ccbridge/host/aicc');
  const shown = others.filter((block) => block.language === 'js');
  assert.ok(shown.length >= 2, `found ${shown.length}`);
  for (const { page, code } of shown) {
    const message = new Function(`return (${code.replace(/,\s*…/g, '')});`)();
    if ('messageType' in message) {
      const parsed = protocol.parseChildMessage(message);
      assert.ok(parsed.success, `${page}: ${code}\n${JSON.stringify(parsed)}`);
    } else {
      assert.ok(AICC_IDENTIFIERS.includes(message.name), `${page}: ${code}`);
      assert.ok(protocol.parsePlatformEvent(message.event).success, `${page}: ${code}`);
    }
  }
});

test('every ```html block of the docs has scripts that parse', () => {
  const html = others.filter((block) => block.language === 'html');
  assert.ok(html.length >= 4, `found ${html.length}`);
  for (const { page, code } of html) {
    for (const [, script] of code.matchAll(/<script>([\s\S]*?)<\/script>/g)) {
      assert.doesNotThrow(() => new Function(script), `${page}: ${script.slice(0, 80)}`);
    }
  }
});
