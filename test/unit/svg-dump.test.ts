import { writeFileSync } from 'node:fs';
import { it } from 'vitest';
import { load } from '../../src/ui/messages/index.js';
import { pictureSvg } from '../../src/ui/svg/index.js';
import { builtLabs, handBuilt } from '../support/picture-labs.js';

it('dump', async () => {
  await load('ja');
  const labs = await builtLabs();
  const hand = handBuilt();
  for (const lang of ['en', 'ja'] as const) {
    for (const [name, t] of Object.entries(labs)) writeFileSync(`/tmp/svgout/${name}-${lang}.svg`, pictureSvg(t, { lang }));
    writeFileSync(`/tmp/svgout/hand-${lang}.svg`, pictureSvg(hand.topology, { lang, findings: hand.findings, paths: hand.paths }));
  }
  writeFileSync('/tmp/svgout/topologies.json', JSON.stringify({ ...labs, hand: hand.topology }, null, 1));
}, 60000);
