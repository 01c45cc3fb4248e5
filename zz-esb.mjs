import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
for (const input of ['src/client/index.ts', 'src/client/element/index.ts', 'src/host/index.ts']) {
  const r = await build({ entryPoints: [input], bundle: true, minify: true, format: 'esm', target: 'es2022', tsconfig: 'tsconfig.json', write: false, logLevel: 'silent', metafile: true });
  const out = Object.values(r.metafile.outputs)[0];
  const by = {};
  for (const [file, { bytesInOutput }] of Object.entries(out.inputs)) {
    const key = file.includes('node_modules') ? file.replace(/.*node_modules\/((@[^/]+\/)?[^/]+)\/(.*?)([^/]+)$/, '$1/$3') : file;
    by[key] = (by[key] ?? 0) + bytesInOutput;
  }
  console.log(input, gzipSync(r.outputFiles[0].contents, { level: 9 }).length);
  console.log(Object.entries(by).sort((a, b) => b[1] - a[1]).slice(0, 14).map(([k, v]) => `  ${v}\t${k}`).join('\n'));
}
