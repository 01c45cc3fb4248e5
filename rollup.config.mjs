// Library build: one ESM entry per public subpath (package.json "exports"),
// shared code split into chunks, dependencies (zod, lit) left to the user's
// bundler. esbuild transpiles (TypeScript 7 has no JS API for
// @rollup/plugin-typescript); `tsc` checks types and emits declarations.
import { nodeResolve } from '@rollup/plugin-node-resolve';
import esbuild from 'rollup-plugin-esbuild';

export default {
  input: {
    protocol: 'src/protocol/index.ts',
    host: 'src/host/index.ts',
  },
  output: {
    dir: 'dist',
    format: 'esm',
    entryFileNames: '[name].js',
    chunkFileNames: 'chunks/[name]-[hash].js',
    sourcemap: true,
  },
  external: [/^zod(\/|$)/, /^lit(\/|$)/, /^@lit\//],
  plugins: [nodeResolve(), esbuild({ target: 'es2022', tsconfig: 'tsconfig.json' })],
};
