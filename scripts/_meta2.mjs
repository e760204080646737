import { build } from 'esbuild';
const r = await build({ entryPoints: ['src/cli/main.ts'], entryNames: 'cli/[name]', chunkNames: 'chunks/[name]-[hash]', outdir: '/tmp/rig/metaout', bundle: true, splitting: true, format: 'esm', platform: 'node', target: 'node20', mainFields: ['module','main'], minify: true, keepNames: true, metafile: true, logLevel: 'error', write: false });
const outs = r.metafile.outputs;
function closure(start) { const seen = new Set(); const st=[start]; while (st.length) { const o = st.pop(); if (seen.has(o)) continue; seen.add(o); for (const i of outs[o].imports) if (i.kind==='import-statement' && outs[i.path]) st.push(i.path); } return seen; }
const names = Object.keys(outs);
for (const want of process.argv.slice(2)) {
  const entry = names.find(n => n.includes('/'+want+'-') || n.endsWith('/'+want+'.js'));
  const c = closure(entry); let total = 0; const byPkg = new Map();
  for (const o of c) { total += outs[o].bytes; for (const [i,v] of Object.entries(outs[o].inputs)) { const m = i.match(/node_modules\/((@[^/]+\/)?[^/]+)/); const k = m ? m[1] : i.split('/').slice(0,2).join('/'); byPkg.set(k,(byPkg.get(k)||0)+v.bytesInOutput); } }
  console.log(want, entry, 'closure', c.size, 'chunks', total, 'bytes');
  for (const [k,v] of [...byPkg].sort((a,b)=>b[1]-a[1]).slice(0,25)) console.log('   ', v, k);
}
