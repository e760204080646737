// `npm run build`: the published CLI as one code-split ESM bundle in dist/.
//
// Every dependency is bundled (nothing is external), so a new one — another SDK client —
// is picked up by its import alone, and `npx aws-lab-setup` resolves nothing at install:
// the SDK that runs is the one tested here, whatever the registry serves later.
// Splitting keeps each command's dynamic import a chunk of its own: `--help` and
// `--version` load only the CLI's own chunk, never the SDK's.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { bundleOptions } from './bundle-options.mjs';

rmSync('dist', { recursive: true, force: true });
await build(bundleOptions);
