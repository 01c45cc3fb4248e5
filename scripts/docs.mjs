#!/usr/bin/env node
// `npm run docs`: the API reference, generated from the types, into docs/api/.
// 1. The element's page, from the custom-elements manifest the build makes
//    (custom-elements.json): its attributes, properties, events, slots, parts
//    and CSS properties, as a TypeDoc project document.
// 2. TypeDoc over every public entry point (typedoc.json): it fails on a
//    public export without a doc comment and on a broken link.
// 3. scripts/check-docs.mjs: every link of the Markdown docs, and every
//    place the code cites them.
// Needs the build (custom-elements.json); npm test runs it after building.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const manifestFile = join(root, 'custom-elements.json');
if (!existsSync(manifestFile)) {
  console.error('docs: custom-elements.json is missing; run `npm run build` first');
  process.exit(2);
}

const cell = (text = '') => String(text).replace(/\|/g, '\\|').replace(/\n+/g, ' ');
const table = (head, rows) => (rows.length === 0 ? '' : [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`)].join('\n'));

const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
const pages = [];
for (const module of manifest.modules) {
  for (const element of module.declarations.filter((declaration) => declaration.customElement)) {
    const fields = (element.members ?? []).filter((member) => member.kind === 'field' && member.privacy === undefined && !member.static);
    pages.push(
      [
        `# <${element.tagName}>`,
        '',
        `${element.summary ?? ''} Defined by \`${module.path}\` (\`import 'ccbridge/client/element'\`); class \`${element.name}\`.`,
        '',
        element.description ?? '',
        '',
        '## Attributes',
        '',
        table(['attribute', 'property', 'type', 'default', 'meaning'], (element.attributes ?? []).map((a) => [`\`${a.name}\``, a.fieldName ? `\`${a.fieldName}\`` : '', a.type?.text ? `\`${a.type.text}\`` : '', a.default ? `\`${a.default}\`` : '', a.description])),
        '',
        '## Properties',
        '',
        table(['property', 'type', 'meaning'], fields.map((f) => [`\`${f.name}\``, f.type?.text ? `\`${f.type.text}\`` : '', f.description])),
        '',
        '## Events',
        '',
        table(['event', 'type', 'when'], (element.events ?? []).map((e) => [`\`${e.name}\``, e.type?.text ? `\`${e.type.text}\`` : '', e.description])),
        '',
        '## Slots',
        '',
        table(['slot', 'what goes there'], (element.slots ?? []).map((s) => [s.name === '' ? '(default)' : `\`${s.name}\``, s.description])),
        '',
        '## CSS parts',
        '',
        table(['part', 'what it is'], (element.cssParts ?? []).map((p) => [`\`${p.name}\``, p.description])),
        '',
        '## CSS custom properties',
        '',
        table(['property', 'default', 'what it sets'], (element.cssProperties ?? []).map((p) => [`\`${p.name}\``, p.default ? `\`${p.default}\`` : '', p.description])),
        '',
      ].join('\n'),
    );
  }
}
if (pages.length === 0) {
  console.error('docs: custom-elements.json describes no element');
  process.exit(1);
}
const generated = join(root, 'dist', 'docs');
mkdirSync(generated, { recursive: true });
writeFileSync(join(generated, 'element.md'), `---\ntitle: The <ccbridge-client> element\n---\n\n${pages.join('\n')}`);

const run = (args) => spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' }).status ?? 1;
const typedoc = run([join(root, 'node_modules/typedoc/bin/typedoc'), '--projectDocuments', join(generated, 'element.md')]);
if (typedoc !== 0) {
  console.error('docs: TypeDoc failed (a public export without a doc comment, or a broken link: see above)');
  process.exit(1);
}
console.log('docs: the API reference is in docs/api/index.html');
process.exit(run([join(root, 'scripts/check-docs.mjs')]));
