/**
 * Issue #18, point 5: what AWS stores stays ASCII. AWS accepts only ASCII in a security
 * group's and a rule's description (Latin-1 in an IAM role's): every description the lab
 * sends is its own fixed text, never a label a person reads — in either language.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { useLang, type Lang } from '../../src/ui/messages/index.js';
import { createHarness, type Harness } from '../support/drive.js';

/** Every `Description` in a request, however deep (a rule's sits in IpPermissions[].IpRanges[]). */
function descriptions(input: unknown, found: string[] = []): string[] {
  if (Array.isArray(input)) input.forEach((v) => descriptions(v, found));
  else if (input && typeof input === 'object') {
    for (const [k, v] of Object.entries(input)) {
      if (k === 'Description' && typeof v === 'string') found.push(v);
      else descriptions(v, found);
    }
  }
  return found;
}

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  await useLang('en');
});

describe('descriptions the lab sends AWS (security groups, their rules, the IAM role, the schedules)', () => {
  for (const lang of ['en', 'ja'] as Lang[]) {
    for (const nat of ['gateway', 'instance'] as const) {
      it(`are ASCII, in ${lang}, with a NAT ${nat}`, async () => {
        await useLang(lang);
        const sent: { call: string; text: string }[] = [];
        h = createHarness({ onSend: (call, input) => descriptions(input).forEach((text) => sent.push({ call, text })) });
        await h.up({ lang, nat, expiresIn: '8h', sshCidr: '198.51.100.7/32' });
        for (const c of h.fake.expiry.calls) descriptions(c.input).forEach((text) => sent.push({ call: c.name, text }));
        const calls = new Set(sent.map((s) => s.call));
        // The ones AWS keeps: the groups, their rules, the role, the schedules.
        for (const call of ['CreateSecurityGroup', 'AuthorizeSecurityGroupIngress', 'CreateRole', 'CreateSchedule']) expect(calls, call).toContain(call);
        expect(sent.filter((s) => !/^[\x20-\x7e]*$/.test(s.text))).toEqual([]);
        // Their own text, not a label: the SSH rule does not carry the address the label names.
        expect(sent.map((s) => s.text)).not.toContain('SSH from 198.51.100.7/32');
      });
    }
  }
});
