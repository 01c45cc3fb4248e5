// The build starts from an empty dist/: rollup names chunks by their hash
// and never removes old ones, so a package built over an old dist/ would
// carry every chunk of every earlier build.
import { rmSync } from 'node:fs';

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
