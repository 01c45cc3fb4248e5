// The fast unit layer: test/unit/*.test.ts are pure-function tests with
// node:test. esbuild transpiles them (dependencies stay imports, resolved
// from node_modules) into test-results/unit/, then node:test runs them in
// milliseconds, with no browser.
import { build } from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const outdir = 'test-results/unit';
rmSync(outdir, { recursive: true, force: true });
const entryPoints = readdirSync('test/unit').filter((name) => name.endsWith('.test.ts')).map((name) => `test/unit/${name}`);
await build({ entryPoints, outdir, bundle: true, packages: 'external', platform: 'node', format: 'esm', target: 'node20', sourcemap: 'inline', outExtension: { '.js': '.mjs' }, logLevel: 'warning' });
const result = spawnSync(process.execPath, ['scripts/node-test.mjs', 'unit', outdir], { stdio: 'inherit' });
process.exit(result.status ?? 1);
