// `npm run bundle-size -- status up`: what each command loads from the bundle, by package.
// For finding what makes a command's start-up heavy: it builds the bundle in memory (with
// the options of `npm run build`), follows each command's chunk and the chunks it imports
// statically, and prints their bytes and the 25 largest packages in them. Writes nothing.
// Commands are named as their chunk is (cli/commands/<name>.ts: status, up, destroy, …).
import { build } from 'esbuild';
import { bundleOptions } from './bundle-options.mjs';

const { metafile } = await build({ ...bundleOptions, outdir: 'dist-size', metafile: true, write: false, logLevel: 'error' });
const outputs = metafile.outputs;
const names = Object.keys(outputs);

/** The chunk and every chunk it imports statically: what loading it costs. */
function closure(start) {
  const seen = new Set();
  const todo = [start];
  while (todo.length) {
    const o = todo.pop();
    if (seen.has(o)) continue;
    seen.add(o);
    for (const i of outputs[o].imports) if (i.kind === 'import-statement' && outputs[i.path]) todo.push(i.path);
  }
  return seen;
}

const wanted = process.argv.slice(2);
if (wanted.length === 0) {
  console.error('usage: npm run bundle-size -- <command chunk> [...] (e.g. main status up)');
  process.exit(2);
}
for (const want of wanted) {
  const entry = names.find((n) => n.includes(`/${want}-`) || n.endsWith(`/${want}.js`));
  if (!entry) {
    console.error(`no chunk named ${want}`);
    process.exit(2);
  }
  const chunks = closure(entry);
  let total = 0;
  const byPackage = new Map();
  for (const o of chunks) {
    total += outputs[o].bytes;
    for (const [input, v] of Object.entries(outputs[o].inputs)) {
      const m = input.match(/node_modules\/((@[^/]+\/)?[^/]+)/);
      const key = m ? m[1] : input.split('/').slice(0, 2).join('/');
      byPackage.set(key, (byPackage.get(key) ?? 0) + v.bytesInOutput);
    }
  }
  console.log(`${want}: ${entry}, ${chunks.size} chunks, ${total} bytes`);
  for (const [k, v] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${String(v).padStart(9)} ${k}`);
}
