// `npm run size`: each public bundle as a user ships it (its dependencies
// inside, minified, gzip -9), against the budgets of the targets in BENCHMARKS.md. Exits 1 over budget.
import { gzipSync } from 'node:zlib';
import { readFileSync, writeFileSync } from 'node:fs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { build as esbuildBuild } from 'esbuild';
import { rollup } from 'rollup';
import esbuild from 'rollup-plugin-esbuild';

const KIB = 1024;
const bundles = [
  { name: 'client', what: 'BridgeClient with its validation', input: 'src/client/index.ts', budget: 8 * KIB },
  { name: 'element', what: '<ccbridge-client> with Lit and BridgeClient', input: 'src/client/element/index.ts', budget: 18 * KIB },
  { name: 'host', what: 'BridgeHost with its validation', input: 'src/host/index.ts', budget: 15 * KIB },
  // The actions beyond MAX are a plug-in, so the host's budget stays whole for a MAX desktop;
  // what the plug-in adds on top of the host has its own budget (`base`: measured against that bundle).
  { name: 'host_crm', label: 'host+crm', what: 'BridgeHost with crmLink() (ccbridge/host/crm-link): the plug-in adds at most 3 KiB', input: 'scripts/size-entries/host-crm-link.ts', budget: 3 * KIB, base: 'host' },
  { name: 'host_actions', label: 'host+', what: 'BridgeHost with beyondMax() (ccbridge/host/beyond-max): the plug-in adds at most 3 KiB', input: 'scripts/size-entries/host-beyond-max.ts', budget: 3 * KIB, base: 'host' },
];

async function minifiedSize(input) {
  const build = await rollup({
    input,
    plugins: [nodeResolve(), esbuild({ target: 'es2022', tsconfig: 'tsconfig.json' }), terser({ module: true, ecma: 2020, format: { comments: false }, compress: { passes: 3 } })],
    // zod's own sources carry esbuild-oriented annotations rollup cannot place, and a
    // core/util cycle: both harmless, and they would drown the table.
    onwarn: (warning, warn) => (['THIS_IS_UNDEFINED', 'INVALID_ANNOTATION', 'CIRCULAR_DEPENDENCY'].includes(warning.code ?? '') && /node_modules|^$/.test(warning.id ?? warning.ids?.[0] ?? '') ? undefined : warn(warning)),
  });
  const { output } = await build.generate({ format: 'esm' });
  await build.close();
  const code = output.map((chunk) => (chunk.type === 'chunk' ? chunk.code : '')).join('');
  return { minified: Buffer.byteLength(code), gzip: gzipSync(code, { level: 9 }).length };
}

/**
 * The same bundle as esbuild makes it alone (what Vite uses in development,
 * and many apps in production): its tree-shaking differs from rollup's.
 */
async function esbuildSize(input) {
  const result = await esbuildBuild({ entryPoints: [input], bundle: true, minify: true, format: 'esm', target: 'es2022', tsconfig: 'tsconfig.json', write: false, logLevel: 'silent' });
  const code = result.outputFiles[0].contents;
  return { minified: code.length, gzip: gzipSync(code, { level: 9 }).length };
}

/** Each bundle's gzip size in bytes, as `{ client, element, host, host_actions, client_esbuild, … }`. */
export async function measureSizes() {
  const results = {};
  for (const bundle of bundles) results[bundle.name] = (await minifiedSize(bundle.input)).gzip;
  for (const bundle of bundles) results[`${bundle.name}_esbuild`] = (await esbuildSize(bundle.input)).gzip;
  return results;
}

// Run as a script (npm run size): print and enforce; imported (the benchmark): measure only.
if (import.meta.url === `file://${process.argv[1]}`) await main();

async function main() {
  const results = {};
  let over = false;
  console.log('bundle    min      gzip     budget   ');
  // The budgets hold for both: what rollup + terser makes, and what esbuild
  // alone makes (Vite in development, esbuild-built apps).
  const measures = [
    { measure: minifiedSize, suffix: '', label: '' },
    { measure: esbuildSize, suffix: '_esbuild', label: '*' },
  ];
  for (const { measure, suffix, label } of measures) {
    for (const bundle of bundles) {
      const size = await measure(bundle.input);
      results[`${bundle.name}${suffix}`] = size.gzip;
      const added = bundle.base === undefined ? size.gzip : size.gzip - results[`${bundle.base}${suffix}`];
      const ok = added <= bundle.budget;
      over ||= !ok;
      console.log(`${`${bundle.label ?? bundle.name}${label}`.padEnd(9)} ${(size.minified / KIB).toFixed(1).padStart(5)} KiB ${(size.gzip / KIB).toFixed(2).padStart(6)} KiB ${bundle.base === undefined ? (bundle.budget / KIB).toFixed(0).padStart(3) : `+${(bundle.budget / KIB).toFixed(0)}`.padStart(3)} KiB  ${ok ? 'ok' : 'OVER BUDGET'}  ${label ? 'esbuild alone' : bundle.what}`);
    }
  }
  try {
    const iife = readFileSync('dist/ccbridge-client.iife.js');
    console.log(`drop-in   ${(iife.length / KIB).toFixed(1).padStart(5)} KiB ${(gzipSync(iife, { level: 9 }).length / KIB).toFixed(2).padStart(6)} KiB   (dist/ccbridge-client.iife.js: element + client)`);
  } catch {
    console.log('drop-in   (run npm run build first)');
  }
  if (process.argv.includes('--json')) console.log(JSON.stringify(results));
  const drift = checkDocs(results, process.argv.includes('--write'));
  if (drift.length > 0) {
    console.error(`size: the docs quote other sizes than these (run \`npm run size -- --write\` to update them):\n  ${drift.join('\n  ')}`);
    process.exit(1);
  }
  if (over) {
    console.error('size: a bundle is over its budget (BENCHMARKS.md: targets)');
    process.exit(1);
  }
}

/**
 * Where the docs and BENCHMARKS.md quote the sizes: each place, what it
 * quotes, and the measured figure it must agree with (within 0.15 KiB, the
 * noise of a small change). `write` rewrites them to the measured figures.
 */
function checkDocs(results, write) {
  const kib = (bytes, digits) => (bytes / KIB).toFixed(digits);
  const places = [
    ...['client', 'element', 'host', 'host_actions', 'host_crm'].map((name, index) => ({
      file: 'docs/development.md',
      pattern: new RegExp(`(\\| ${['`BridgeClient` with its validation', '`<ccbridge-client>` with Lit and `BridgeClient`', '`BridgeHost` with its validation', '`BridgeHost` with `beyondMax()`', '`BridgeHost` with `crmLink()`'][index].replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\| [^|]+ \\| )([\\d.]+)( KiB \\| )([\\d.]+)( KiB \\|)`),
      figures: [[2, results[name], 2], [4, results[`${name}_esbuild`], 2]],
    })),
    { file: 'docs/page-authors.md', pattern: /(BridgeClient alone \(no Lit, )([\d.]+)( KiB gzipped)/, figures: [[2, results.client, 1]] },
    {
      file: 'BENCHMARKS.md',
      pattern: /(\| client )([\d.]+)( \/ )([\d.]+)( KiB; element )([\d.]+)( \/ )([\d.]+)( KiB; host )([\d.]+)( \/ )([\d.]+)( KiB \|)/,
      figures: [[2, results.client, 2], [4, results.client_esbuild, 2], [6, results.element, 2], [8, results.element_esbuild, 2], [10, results.host, 2], [12, results.host_esbuild, 2]],
    },
    { file: 'BENCHMARKS.md', pattern: /(ccbridge's client is )([\d.]+)( KiB)/, figures: [[2, results.client, 1]] },
  ];
  const drift = [];
  const texts = new Map();
  for (const { file, pattern, figures } of places) {
    const text = texts.get(file) ?? readFileSync(file, 'utf8');
    const match = pattern.exec(text);
    if (match === null) {
      drift.push(`${file}: a sizes line is missing (${pattern.source.slice(0, 50)}…)`);
      continue;
    }
    const parts = match.slice(1);
    for (const [group, bytes, digits] of figures) {
      const quoted = Number(match[group]);
      if (Math.abs(quoted * KIB - bytes) > 0.15 * KIB) drift.push(`${file}: quotes ${quoted} KiB where npm run size measures ${kib(bytes, digits)} KiB`);
      parts[group - 1] = kib(bytes, digits);
    }
    texts.set(file, text.replace(pattern, parts.join('')));
  }
  if (write) {
    for (const [file, text] of texts) writeFileSync(file, text);
    return [];
  }
  return drift;
}
