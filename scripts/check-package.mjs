// `npm pack` runs this after the build (prepack): it refuses to pack a
// package that lacks a file package.json promises (an export, the element's
// manifest, the simulator's bin), so an unbuilt or half-built tree can never
// be published or installed.
import { existsSync, readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

/** Every path package.json points at, with what points at it. */
export function promisedFiles(manifest) {
  const files = [];
  for (const [subpath, entry] of Object.entries(manifest.exports)) {
    const targets = typeof entry === 'string' ? { default: entry } : entry;
    for (const [condition, path] of Object.entries(targets)) files.push([path, `exports["${subpath}"].${condition}`]);
  }
  if (manifest.customElements) files.push([manifest.customElements, 'customElements']);
  for (const [name, path] of Object.entries(manifest.bin ?? {})) files.push([path, `bin.${name}`]);
  return files;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const missing = promisedFiles(pkg).filter(([path]) => !existsSync(new URL(`../${path}`, import.meta.url)));
  if (missing.length > 0) {
    for (const [path, by] of missing) console.error(`ccbridge: ${path} is missing (${by}); run \`npm run build\` first.`);
    process.exit(1);
  }
  console.log(`ccbridge: package complete (${promisedFiles(pkg).length} promised files present).`);
}
