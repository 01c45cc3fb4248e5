// The dev server `npm start` and `npm run bench` share: the repository root
// on http://localhost:PORT (and so on http://127.0.0.1:PORT, the frames'
// origin), TypeScript through esbuild (target es2022 for Lit's decorators).
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { startDevServer } from '@web/dev-server';

/**
 * `production`: resolve packages' production builds (Lit without its dev-mode
 * checks and console warning), as `npm start` serves the demo. The tests and
 * the benchmark keep the dev server's default, the `development` condition.
 */
export function startServer({ port, plugins = [], middleware = [], production = false }) {
  return startDevServer({
    config: {
      rootDir: '.',
      port,
      hostname: 'localhost',
      nodeResolve: production ? { exportConditions: ['production'] } : true,
      middleware,
      plugins: [...plugins, esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' })],
    },
    readCliArgs: false,
    readFileConfig: false,
    logStartMessage: false,
    autoExitProcess: false,
  });
}
