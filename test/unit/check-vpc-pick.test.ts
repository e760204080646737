/**
 * Issue 26 item 1 on the fake EC2: `check --vpc` with no value in a terminal is a select of
 * the account's VPCs that are not a lab of the tool's (the default VPC last); picking one
 * checks it. A lab of the tool's is not among them.
 */
import { CreateVpcCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkVpcCommand } from '../../src/cli/commands/check-vpc.js';
import type { Prompter } from '../../src/cli/wizard.js';
import { createHarness, type Harness } from '../support/drive.js';

describe('check --vpc with no value, in a terminal', () => {
  let h: Harness;
  beforeEach(() => {
    h = createHarness();
  });
  afterEach(() => h.close());

  it('offers the VPCs that are not a lab of the tool\'s, the default VPC last, and checks the one picked', async () => {
    await h.up();
    const lab = (await h.fake.ec2.send(new DescribeVpcsCommand({}))).Vpcs!.filter((v) => !v.IsDefault).map((v) => v.VpcId);
    const mine = (await h.fake.ec2.send(new CreateVpcCommand({ CidrBlock: '10.20.0.0/16', TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'Name', Value: 'my-vpc' }] }] }))).Vpc!.VpcId!;
    const offered: { name: string; value: string }[][] = [];
    const prompter = {
      select: async (o: { choices: { name: string; value: string }[] }) => {
        offered.push(o.choices);
        return o.choices[0].value;
      },
    } as unknown as Prompter;
    const before = h.fake.calls.length;
    // An empty VPC fails the check (exit 1): nothing the tutorial needs is there.
    const failed = await checkVpcCommand({ vpc: true, from: '198.51.100.7/32', json: false }, h.reporter, { ...h.deps, interactive: true, prompter: async () => prompter }).catch((err: { code?: string }) => err);
    expect((failed as { code?: string }).code).toBe('CheckFailed');
    const values = offered[0].map((c) => c.value);
    expect(values[0]).toBe(mine);
    expect(offered[0][0].name).toMatch(/my-vpc {2}10\.20\.0\.0\/16/);
    // The lab of the tool's is checked with --name, not offered here.
    expect(values.filter((v) => lab.includes(v))).toEqual([]);
    const defaults = (await h.fake.ec2.send(new DescribeVpcsCommand({}))).Vpcs!.filter((v) => v.IsDefault).map((v) => v.VpcId);
    if (defaults.length) expect(values.at(-1)).toBe(defaults[0]);
    expect(h.stdout()).toContain(`Checking VPC ${mine} (my-vpc)`);
    // An empty VPC: nothing plays any part, and it says so.
    expect(h.stdout()).toMatch(/Web server: none found\./);
    expect(h.fake.calls.slice(before).map((c) => c.name).filter((n) => !/^(Describe|Get|List)/.test(n))).toEqual([]);
  });
});
