import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The house's floors, read off the imports of src/: each file may import only its own
 * floor or the floors below it, and no files import each other in a circle.
 */
const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src');

/**
 * Top to bottom. The class uses labs as they are (below the CLI, above what a person sees). Within lab/: what reads the whole lab, the chapters, the kinds, why a path does not work, the tutorial's rules (both over
 * what EC2 describes: they stand on the core only, so that a lab built by hand is judged without the kinds), the core.
 */
const FLOORS = ['cli', 'class', 'ui', 'lab/session.ts', 'lab/views', 'lab/chapters', 'lab/kinds', 'lab/paths', 'lab/rules', 'lab/core', 'aws', 'engine'];

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** The project files a file imports (type-only imports too: they tie the floors as well). */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((m) => path.resolve(path.dirname(file), m[1].replace(/\.js$/, '.ts')));
}

function floorOf(file: string): number {
  const rel = path.relative(SRC, file);
  const i = FLOORS.findIndex((f) => rel === f || rel.startsWith(`${f}/`));
  if (i < 0) throw new Error(`${rel} is on no floor: add its folder to FLOORS`);
  return i;
}

const files = sources(SRC);
const graph = new Map(files.map((f) => [f, importsOf(f)]));
const rel = (f: string) => path.relative(SRC, f);

describe('the floors of src/', () => {
  it('every file is on a floor, and every import exists', () => {
    for (const [file, deps] of graph) {
      floorOf(file);
      for (const d of deps) expect(fs.existsSync(d), `${rel(file)} imports ${rel(d)}`).toBe(true);
    }
  });

  it('no import runs back up a floor', () => {
    const upward = [...graph].flatMap(([file, deps]) => deps.filter((d) => floorOf(d) < floorOf(file)).map((d) => `${rel(file)} -> ${rel(d)}`));
    expect(upward).toEqual([]);
  });

  it('no circle of imports', () => {
    const circles: string[] = [];
    const done = new Set<string>();
    const walk = (file: string, trail: string[]) => {
      const at = trail.indexOf(file);
      if (at >= 0) return void circles.push([...trail.slice(at), file].map(rel).join(' -> '));
      if (done.has(file)) return;
      for (const d of graph.get(file) ?? []) walk(d, [...trail, file]);
      done.add(file);
    };
    for (const f of files) walk(f, []);
    expect(circles).toEqual([]);
  });
});
