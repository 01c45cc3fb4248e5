// `npm start`: serves the demo desktop on http://localhost:PORT and its CRM
// pages on http://127.0.0.1:PORT (another origin, so every frame is truly
// cross-origin). PORT defaults to 8000. Ctrl-C stops it.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { startDevServer } from '@web/dev-server';

const port = Number(process.env.PORT ?? 8000);
const server = await startDevServer({
  config: {
    rootDir: '.',
    port,
    hostname: 'localhost',
    nodeResolve: true,
    plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' })],
  },
  readCliArgs: false,
  readFileConfig: false,
  logStartMessage: false,
  autoExitProcess: false,
});
console.log(`ccbridge demo desktop: http://localhost:${port}/demo/index.html`);
console.log(`CRM pages are served from http://127.0.0.1:${port}/demo/crm/ (another origin). Ctrl-C to stop.`);

async function stop() {
  await server.stop();
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
