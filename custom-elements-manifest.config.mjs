// custom-elements.json, as editors, Storybook and linters read it: the
// element's class, its tag, and its events with their types, at the module a
// user imports (dist/client-element.js), not at our TypeScript sources.
const SOURCES = ['src/client/element/ccbridge-client.ts', 'src/client/element/define.ts'];
const MODULE = 'dist/client-element.js';

/** Merges the class's module and the one that defines the tag into the built module. */
function publishedModule() {
  return {
    name: 'ccbridge-published-module',
    packageLinkPhase({ customElementsManifest }) {
      const sources = customElementsManifest.modules.filter((module) => SOURCES.includes(module.path));
      const declarations = sources.flatMap((module) => module.declarations ?? []);
      const exports = sources.flatMap((module) => module.exports ?? []).map((entry) => ({
        ...entry,
        declaration: { ...entry.declaration, module: MODULE },
      }));
      const seen = new Set();
      const merged = {
        kind: 'javascript-module',
        path: MODULE,
        declarations,
        exports: exports.filter((entry) => {
          const key = `${entry.kind} ${entry.name}`;
          if (seen.has(key)) return false;
          seen.add(key);
          return true;
        }),
      };
      customElementsManifest.modules = [merged, ...customElementsManifest.modules.filter((module) => !SOURCES.includes(module.path))];
    },
  };
}

export default {
  globs: SOURCES,
  outdir: '.',
  litelement: true,
  plugins: [publishedModule()],
};
