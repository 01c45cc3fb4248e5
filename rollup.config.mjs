// Library build: one ESM entry per public subpath (package.json "exports"),
// shared code split into chunks, dependencies (zod, lit) left to the user's
// bundler; plus the IIFE drop-in for legacy pages, with everything inside, and
// the desktop ccbridge-check runs (dist/checker-desktop.js), likewise.
// esbuild transpiles (TypeScript 7 has no JS API for @rollup/plugin-typescript);
// `tsc` checks types and emits declarations. Lit's standard decorators need
// target es2022.
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import esbuild from 'rollup-plugin-esbuild';

export const entries = {
  protocol: 'src/protocol/index.ts',
  host: 'src/host/index.ts',
  'host-aicc': 'src/host/aicc.ts',
  'host-beyond-max': 'src/host/beyond-max.ts',
  'host-crm-link': 'src/host/crm-link.ts',
  'host-profiles': 'src/host/profiles.ts',
  'host-connection-bar': 'src/host/connection-bar.ts',
  client: 'src/client/index.ts',
  'client-element': 'src/client/element/index.ts',
  sources: 'src/sources/index.ts',
  'sources-cxone': 'src/sources/cxone/index.ts',
  'sources-xuc': 'src/sources/xuc/index.ts',
  react: 'src/react/index.ts',
  testing: 'src/testing/index.ts',
};

const transpile = () => esbuild({ target: 'es2022', tsconfig: 'tsconfig.json' });

export default [
  {
    input: entries,
    output: { dir: 'dist', format: 'esm', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js', sourcemap: true },
    external: [/^zod(\/|$)/, /^lit(\/|$)/, /^@lit\//, /^react(\/|$)/, /^ccbridge\//],
    plugins: [nodeResolve(), transpile()],
  },
  {
    input: 'src/client/drop-in.ts',
    // A hidden map: built for us, left out of the package (package.json "files"),
    // and no sourceMappingURL comment pointing users at a file they do not have.
    output: { file: 'dist/ccbridge-client.iife.js', format: 'iife', name: 'ccbridge', sourcemap: 'hidden' },
    plugins: [nodeResolve(), transpile(), terser({ format: { comments: false } })],
  },
  {
    // The desktop ccbridge-check runs in headless Chromium (src/checker/desktop.ts):
    // one script with everything inside, served by the checker itself.
    input: 'src/checker/desktop.ts',
    output: { file: 'dist/checker-desktop.js', format: 'iife', sourcemap: false },
    plugins: [nodeResolve(), transpile()],
  },
];
