import { it } from 'vitest';
import { wideWidth } from '../../src/ui/width.js';
import { load } from '../../src/ui/messages/index.js';
it('widths', async () => {
const ja: any = await load('ja');
const en: any = await load('en');
for (const m of [ja, en]) {
  const nat = m.choiceWithDetail(m.natGateway, m.perHourAndMonth(0.067, 48.91));
  const nati = m.choiceWithDetail(m.natInstance, m.perHourAndMonth(0.0104, 7.59));
  for (const s of [`✔ ${m.natAsk} ${nat}`, `❯ ${nat}`, `❯ ${nati}`, `❯ ${m.confirmStep}`, `❯ ${m.stepStop}`, `✔ ${m.confirm} ${m.confirmStep}`, `✔ ${m.keyModeAsk} ${m.keyModeCreate}`, `❯ ${m.keyModeCreate}`, `? ${m.sshWorldConfirm} ${m.confirmKeys?.(false)}`, `✔ ${m.expiryAsk} ${m.expiryNever}`, `❯ ${m.expiryNever}`, `❯ ${m.typeT2Micro}`,`✔ ${m.typeAsk} ${m.typeT4gMicro}`]) console.log(wideWidth(s), s);
}
});
