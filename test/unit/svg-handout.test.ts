/**
 * `class up`'s hand-outs carry each learner's picture: writeHandouts draws the lab it was
 * given (in the hand-outs' language) into the learner's page and the class's cards; a
 * learner whose lab could not be read gets the page without one.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeHandouts, type HandoutInput } from '../../src/class/handouts.js';
import { handBuilt, HAND } from '../support/picture-labs.js';

function input(learner: string, withPicture: boolean): HandoutInput {
  return {
    handout: { learner, lab: `week1-${learner}`, klass: 'week1', region: 'ap-northeast-1', keyFile: 'k.pem', keyMade: false },
    outputs: { privateKeyPath: 'k.pem', instanceIds: {} },
    topology: withPicture ? handBuilt().topology : undefined,
  };
}

describe('hand-outs with pictures', () => {
  it("each learner's page and card carry their lab's picture, in the hand-outs' language", async () => {
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'handout-svg-')), 'week1');
    await writeHandouts(dir, 'week1', [input('alice', true), input('bob', false)], 'ja');
    const alice = readFileSync(path.join(dir, 'alice', 'handout.html'), 'utf8');
    expect(alice).toMatch(/<figure class="picture"><svg [^>]*xml:lang="ja"/);
    expect(alice).toContain(`data-id="${HAND.vpc}"`);
    expect(alice).toContain('パブリックサブネット');
    expect(readFileSync(path.join(dir, 'bob', 'handout.html'), 'utf8')).not.toContain('<svg');
    const cards = readFileSync(path.join(dir, 'cards.html'), 'utf8');
    expect(cards.match(/<svg /g)).toHaveLength(1);
  });
});
