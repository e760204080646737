import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/engine/finding.js';
import { TUTORIAL_CHAPTERS } from '../../src/lab/core/chapters.js';
import { chaptersDone } from '../../src/lab/rules/progress.js';

const f = (chapter: number, ok: boolean | null, severity: Finding['severity'] = 'error'): Finding => ({ rule: `r${chapter}`, chapter, ok, severity, reason: ['x'] as never });

describe('chaptersDone', () => {
  it('counts the chapters done in order, stopping at the first with a failed error', () => {
    expect(chaptersDone([f(1, true), f(2, true), f(3, false), f(4, true)])).toBe(2);
  });
  it('a warning does not undo a chapter, a rule not judged neither passes nor fails it', () => {
    expect(chaptersDone([f(1, true), f(1, false, 'warning'), f(2, true), f(2, null)])).toBe(2);
  });
  it('a chapter with nothing passed is not done (nothing built yet)', () => {
    expect(chaptersDone([f(1, true), f(2, null)])).toBe(1);
    expect(chaptersDone([])).toBe(0);
  });
  it('every chapter of the tutorial done', () => {
    const all = Array.from({ length: TUTORIAL_CHAPTERS }, (_, i) => f(i + 1, true));
    expect(chaptersDone(all)).toBe(TUTORIAL_CHAPTERS);
  });
});
