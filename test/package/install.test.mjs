// The package as someone else's project gets it: `npm pack` of this tree,
// installed into a fresh project, every export resolved and every export that
// runs outside a browser imported. Needs the build (npm test builds first) and
// the npm registry (or npm's cache) for lit, ws and zod.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const work = mkdtempSync(join(tmpdir(), 'ccbridge-install-'));
let packed;

before(() => {
  // --ignore-scripts: npm test has just built; prepack's own check is tested below.
  const [report] = JSON.parse(execFileSync(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8' }));
  packed = report;
});
after(() => rmSync(work, { recursive: true, force: true }));

test('the tarball has the build, the manifest and the licence, and not the drop-in source map', () => {
  const files = new Set(packed.files.map((file) => file.path));
  for (const path of ['LICENSE', 'README.md', 'package.json', 'custom-elements.json', 'dist/host.js', 'dist/client-element.js', 'dist/ccbridge-client.iife.js', 'dist/checker-desktop.js', 'src/checker/cli.js', 'dist/types/host/index.d.ts']) {
    assert.ok(files.has(path), `${path} is packed`);
  }
  assert.ok(!files.has('dist/ccbridge-client.iife.js.map'), 'the drop-in map stays out');
  assert.doesNotMatch(readFileSync(join(root, 'dist/ccbridge-client.iife.js'), 'utf8'), /sourceMappingURL/);
});

test('installed into a fresh project, every export resolves and the non-DOM ones import', { timeout: 240_000 }, () => {
  const project = join(work, 'consumer');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  const install = spawnSync(npm, ['install', join(work, packed.filename), '--no-audit', '--no-fund', '--prefer-offline', '--no-package-lock'], { cwd: project, encoding: 'utf8' });
  assert.equal(install.status, 0, install.stderr);
  const subpaths = Object.keys(pkg.exports).map((key) => key.replace(/^\./, 'ccbridge'));
  // These touch the DOM (custom elements) when loaded: resolved, not imported.
  const browserOnly = ['ccbridge/client/element', 'ccbridge/client/drop-in', 'ccbridge/host/connection-bar', 'ccbridge/react'];
  writeFileSync(join(project, 'check.mjs'), `
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
const report = {};
for (const name of ${JSON.stringify(subpaths)}) {
  const url = import.meta.resolve(name);
  if (!existsSync(fileURLToPath(url))) { report[name] = 'missing'; continue; }
  if (${JSON.stringify(browserOnly)}.includes(name) || name.endsWith('.json')) { report[name] = 'resolved'; continue; }
  const module = await import(name);
  report[name] = Object.keys(module).length > 0 ? 'imported' : 'empty';
}
console.log(JSON.stringify(report));
`);
  const run = spawnSync(process.execPath, ['check.mjs'], { cwd: project, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const report = JSON.parse(run.stdout);
  for (const name of subpaths) {
    const expected = browserOnly.includes(name) || name.endsWith('.json') ? 'resolved' : 'imported';
    assert.equal(report[name], expected, name);
  }
  const host = spawnSync(process.execPath, ['--input-type=module', '-e', "const { BridgeHost } = await import('ccbridge/host'); const { CometSource } = await import('ccbridge/sources/cxone'); console.log(typeof BridgeHost, typeof CometSource)"], { cwd: project, encoding: 'utf8' });
  assert.equal(host.stdout.trim(), 'function function', host.stderr);
  // The page checker's bin, with its own dependencies, from the installed package.
  const bin = join(project, 'node_modules/.bin/ccbridge-check');
  const help = spawnSync(bin, ['--help'], { cwd: project, encoding: 'utf8' });
  assert.equal(help.status, 0, help.stderr);
  assert.match(help.stdout, /^Usage: ccbridge-check \[options\] <url>/);
  const unreachable = spawnSync(bin, ['http://127.0.0.1:59998/crm.html', '--quiet'], { cwd: project, encoding: 'utf8' });
  assert.equal(unreachable.status, 2);
  assert.match(unreachable.stderr, /^ccbridge-check: cannot reach http:\/\/127\.0\.0\.1:59998\/crm\.html: ECONNREFUSED$/m);
});

test('packing refuses a tree that lacks a file package.json promises', () => {
  const tree = join(work, 'incomplete');
  mkdirSync(join(tree, 'scripts'), { recursive: true });
  copyFileSync(join(root, 'scripts/check-package.mjs'), join(tree, 'scripts/check-package.mjs'));
  writeFileSync(join(tree, 'package.json'), JSON.stringify({ name: 'x', type: 'module', exports: { './host': { types: './dist/types/host/index.d.ts', import: './dist/host.js' } }, customElements: 'custom-elements.json' }));
  const run = spawnSync(process.execPath, ['scripts/check-package.mjs'], { cwd: tree, encoding: 'utf8' });
  assert.equal(run.status, 1);
  assert.match(run.stderr, /dist\/host\.js is missing \(exports\["\.\/host"\]\.import\)/);
  assert.match(run.stderr, /custom-elements\.json is missing \(customElements\)/);
});

test('prepack builds, then checks; prepare builds for git installs', () => {
  assert.match(pkg.scripts.prepack, /npm run build && node scripts\/check-package\.mjs/);
  assert.equal(pkg.scripts.prepare, 'npm run build');
  assert.equal(spawnSync(process.execPath, ['scripts/check-package.mjs'], { cwd: root }).status, 0);
});
