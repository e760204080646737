// The esbuild options of the published bundle, shared by build.mjs and bundle-size.mjs.
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The SDK's schema files name their traits through constants, as computed keys
 * (`{ [_xN]: _m }`, where `const _xN = "xmlName"`). esbuild cannot prove a computed key free
 * of side effects, so it kept every schema of the service: EC2's 550 kB of them, for any one
 * command. Writing each key as the string literal it names (`{ ["xmlName"]: _m }`: the same
 * object) lets tree-shaking keep only the schemas the lab's commands reach.
 */
const literalSchemaKeys = {
  name: 'literal-schema-keys',
  setup(b) {
    b.onLoad({ filter: /[\\/]@aws-sdk[\\/]client-[^\\/]+[\\/]dist-es[\\/]schemas[\\/]schemas_\d+\.js$/ }, ({ path }) => {
      const source = readFileSync(path, 'utf8');
      const strings = new Map([...source.matchAll(/^const (_\w+) = ("[^"\\]*");$/gm)].map((m) => [m[1], m[2]]));
      const contents = source.replace(/([{,]\s*)\[(_\w+)\]:/g, (all, before, name) => (strings.has(name) ? `${before}[${strings.get(name)}]:` : all));
      return { contents, loader: 'js' };
    });
  },
};

/**
 * bowser parses a browser's user agent: @aws-sdk/core's client index re-exports the browser
 * user-agent provider, whose dynamic import('bowser') esbuild keeps as a chunk of its own
 * (38 kB) though Node never runs it (its clients use the Node user agent). An empty module
 * stands in; were it ever asked, the SDK's own fallback (no parse: no browser named) applies.
 */
const noBrowserUserAgent = {
  name: 'no-browser-user-agent',
  setup(b) {
    b.onResolve({ filter: /^bowser$/ }, () => ({ path: 'bowser', namespace: 'unused-in-node' }));
    b.onLoad({ filter: /.*/, namespace: 'unused-in-node' }, () => ({ contents: 'export default {};', loader: 'js' }));
  },
};

/**
 * BudouX (Japanese line breaks, ui/wrap-ja.ts): its index also exports an HTML parser that
 * pulls linkedom (700 kB, slow to load). The package declares its modules free of side
 * effects, but its module/ folder has a package.json of its own (`type: module`) that hides
 * that from esbuild, so tree-shaking keeps everything. `budoux` is the parser and the
 * Japanese model, from their own files; an import of anything else fails the build.
 */
const budouxParserOnly = {
  name: 'budoux-parser-only',
  setup(b) {
    b.onResolve({ filter: /^budoux$/ }, async (args) => {
      if (args.pluginData === 'budoux-itself') return undefined;
      const index = await b.resolve('budoux', { kind: args.kind, resolveDir: args.resolveDir, pluginData: 'budoux-itself' });
      return { path: index.path, namespace: 'budoux-parser-only' };
    });
    b.onLoad({ filter: /.*/, namespace: 'budoux-parser-only' }, ({ path }) => ({
      contents: "export { Parser } from './parser.js'; export { model as jaModel } from './data/models/ja.js';",
      resolveDir: dirname(path),
      loader: 'js',
    }));
  },
};

/** How the published bundle is built: `npm run build` writes it, `npm run bundle-size` measures it. */
export const bundleOptions = {
  entryPoints: ['src/cli/main.ts'],
  // dist/cli/main.js, as before: bin/aws-lab-setup.js and the package.json look-up stay.
  entryNames: 'cli/[name]',
  chunkNames: 'chunks/[name]-[hash]',
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // The SDK ships ES modules beside CommonJS: take those, so a command's dynamic
  // import('@aws-sdk/client-ec2') gets its named exports (and tree-shaking works).
  mainFields: ['module', 'main'],
  // Some bundled packages are CommonJS and require() Node's own modules.
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  minify: true,
  // Minified, but class names kept: the SDK's commands are told apart by theirs (aws/consistency.ts).
  keepNames: true,
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [literalSchemaKeys, noBrowserUserAgent, budouxParserOnly],
};
