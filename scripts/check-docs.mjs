#!/usr/bin/env node
// Checks that the docs hold together (part of `npm run docs`, so of npm test):
// - every relative link of README.md, CHANGELOG.md, BENCHMARKS.md and
//   docs/*.md reaches a file of the repository, and its #anchor a heading of
//   that page (GitHub's anchors);
// - every place the code cites the docs (`docs/<page>.md#<anchor>` in src/,
//   scripts/, demo/ and test/: error lines, log links, comments) names a
//   page and a heading that exist;
// - no page refers to files outside the repository.
// Prints one line per broken link and exits 1; prints a summary otherwise.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const pages = ['README.md', 'CHANGELOG.md', 'BENCHMARKS.md', ...readdirSync(join(root, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)].filter((page) =>
  existsSync(join(root, page)),
);

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export function slug(heading) {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

const anchorCache = new Map();
function anchorsOf(file) {
  let anchors = anchorCache.get(file);
  if (anchors === undefined) {
    anchors = new Set();
    const seen = new Map();
    const text = readFileSync(file, 'utf8').replace(/^```[\s\S]*?^```/gm, '');
    for (const [, heading] of text.matchAll(/^#{1,6} (.+)$/gm)) {
      const base = slug(heading);
      const count = seen.get(base) ?? 0;
      seen.set(base, count + 1);
      anchors.add(count === 0 ? base : `${base}-${count}`);
    }
    anchorCache.set(file, anchors);
  }
  return anchors;
}

const problems = [];
let links = 0;

function check(from, target, where) {
  links += 1;
  const [path, anchor] = target.split('#');
  const file = path === '' ? join(root, from) : resolve(dirname(join(root, from)), decodeURI(path));
  if (!file.startsWith(root)) return problems.push(`${where}: ${target} points outside the repository`);
  if (!existsSync(file)) return problems.push(`${where}: ${target}: no such file`);
  if (anchor !== undefined && anchor !== '') {
    if (!file.endsWith('.md') || statSync(file).isDirectory()) return undefined;
    if (!anchorsOf(file).has(anchor)) problems.push(`${where}: ${target}: ${relative(root, file)} has no heading #${anchor}`);
  }
  return undefined;
}

for (const page of pages) {
  const text = readFileSync(join(root, page), 'utf8');
  const prose = text.replace(/^```[\s\S]*?^```/gm, (block) => block.replace(/[^\n]/g, ''));
  prose.split('\n').forEach((line, index) => {
    for (const [, target] of line.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/i.test(target)) continue;
      check(page, target, `${page}:${index + 1}`);
    }
    if (/shared\/seeds|\.\.\/shared|SPEC\.md|SPEC §/.test(line)) problems.push(`${page}:${index + 1}: refers to a file outside the repository`);
  });
}

// Where the code cites the docs.
const sourceDirs = ['src', 'scripts', 'demo', 'test'];
function* files(dir) {
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) yield* files(path);
    else if (/\.(ts|tsx|js|mjs|html)$/.test(entry.name)) yield path;
  }
}
let citations = 0;
for (const dir of sourceDirs) {
  for (const file of files(dir)) {
    readFileSync(join(root, file), 'utf8')
      .split('\n')
      .forEach((line, index) => {
        // `ccbridge/docs/…` is the same page in the installed package.
        for (const [, target] of line.matchAll(/(?<![\w/])(?:ccbridge\/)?(docs\/[\w-]+\.md(?:#[\w-]+)?)/g)) {
          citations += 1;
          check('README.md', target, `${file}:${index + 1}`);
        }
      });
  }
}

if (problems.length > 0) {
  for (const problem of problems) console.error(`docs: ${problem}`);
  process.exit(1);
}
console.log(`docs: ${links - citations} links in ${pages.length} pages and ${citations} citations in the code, all reach their page and heading`);
