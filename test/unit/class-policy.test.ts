import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classPolicy } from '../../src/cli/commands/class.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'class-policy-'));
const roster = (name: string, text: string) => {
  const f = path.join(dir, name);
  writeFileSync(f, text);
  return f;
};

describe('`policy --class [--roster]`: what a class calls besides its labs', () => {
  it('lists the quota requests and the sweep\'s listings; no sts:AssumeRole without accounts', async () => {
    for (const statements of [await classPolicy(undefined, 'OrganizationAccountAccessRole'), await classPolicy(roster('one.csv', 'learner\nann\n'), 'OrganizationAccountAccessRole')]) {
      const actions = statements.flatMap((s) => s.Action);
      for (const a of ['servicequotas:RequestServiceQuotaIncrease', 'servicequotas:ListRequestedServiceQuotaChangeHistoryByQuota', 'scheduler:ListScheduleGroups', 'scheduler:ListTagsForResource', 'iam:ListRoles', 'iam:ListRoleTags']) {
        expect(actions, a).toContain(a);
      }
      expect(actions).not.toContain('sts:AssumeRole');
    }
  });

  it('allows sts:AssumeRole on --role-name in each account of the roster, once each', async () => {
    const f = roster('org.csv', 'learner,account\nann,111111111111\nben,222222222222\ncho,111111111111\ndev,\n');
    const statements = await classPolicy(f, 'TeachRole');
    expect(statements.find((s) => s.Action.includes('sts:AssumeRole'))?.Resource).toEqual(['arn:aws:iam::111111111111:role/TeachRole', 'arn:aws:iam::222222222222:role/TeachRole']);
  });
});
