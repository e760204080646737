import { it } from 'vitest';
import { useLang, msg } from '../../src/ui/messages/index.js';
import { estimate, fullLab } from '../../src/lab/core/cost.js';
import { renderCost, renderExpiry } from '../../src/ui/views.js';
import { makeChalk } from '../../src/ui/style.js';
it('preview', async () => {
  process.env.TZ = 'Asia/Tokyo';
  await useLang('ja');
  const c = makeChalk(false);
  const now = Date.parse('2026-12-07T19:51:00Z');
  const cost = estimate('ap-northeast-1', 't3.micro', fullLab('gateway'));
  const after = estimate('ap-northeast-1', 't3.micro', { instances: 0, natGateways: 0, publicIps: 2, volumesGb: 16 });
  console.log([renderCost(c, cost), renderExpiry(c, { at: '2026-12-08T03:51:00Z', expired: false, acts: ['natGateway', 'servers'], after, now: cost }, now),
    renderExpiry(c, { at: '2026-12-07T03:51:00Z', expired: true, acts: ['natGateway', 'servers'], after, now: cost }, now),
    renderExpiry(c, { expired: false, acts: [], after, now: cost }, now), renderCost(c, cost, msg().costStillBilling)].join('\n---\n'));
});
