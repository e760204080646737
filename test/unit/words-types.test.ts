import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURE = join(ROOT, 'test/types/words.ts');
const DIRECTIVE = /^\s*\/\/ @ts-expect-error\b.*\n/gm;

/** tsc over these files alone (with the project's options), the errors it prints one a line. */
function typecheck(dir: string, files: string[]): { status: number | null; errors: string[] } {
  const config = join(dir, 'tsconfig.json');
  const compilerOptions = { noEmit: true, rootDir: '/', typeRoots: [join(ROOT, 'node_modules/@types')] };
  writeFileSync(config, JSON.stringify({ extends: join(ROOT, 'tsconfig.json'), compilerOptions, include: [], files }));
  const out = spawnSync(join(ROOT, 'node_modules/.bin/tsc'), ['-p', config, '--pretty', 'false'], { encoding: 'utf8' });
  return { status: out.status, errors: `${out.stdout}${out.stderr}`.split('\n').filter((l) => / error TS\d+/.test(l)) };
}

describe('Words are checked by the compiler (engine/errors.ts, test/types/words.ts)', () => {
  it('accepts every right sentence, refuses each wrong one, and each refused line fails on its own without its directive', () => {
    const source = readFileSync(FIXTURE, 'utf8');
    const refused = [...source.matchAll(DIRECTIVE)].length;
    expect(refused).toBeGreaterThanOrEqual(12);
    // The same file without its directives, beside the fixture: imports made absolute.
    const dir = mkdtempSync(join(tmpdir(), 'words-types-'));
    try {
      const bare = join(dir, 'unguarded.ts');
      writeFileSync(bare, source.replace(DIRECTIVE, '').replaceAll("'../../src/", `'${join(ROOT, 'src')}/`));
      const { status, errors } = typecheck(dir, [FIXTURE, bare]);
      // The fixture compiles: the right sentences pass, and every directive met its error.
      expect(errors.filter((e) => e.includes('words.ts')), errors.join('\n')).toEqual([]);
      // Without the directives, each refused line is an error of its own.
      const lines = new Set(errors.filter((e) => e.includes('unguarded.ts')).map((e) => e.match(/\((\d+),/)![1]));
      expect(lines.size, errors.join('\n')).toBe(refused);
      expect(status).not.toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
