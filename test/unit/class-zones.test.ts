import { DescribeInstanceTypeOfferingsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AwsClients } from '../../src/aws/clients.js';
import { classLab, TAG_CLASS, type ClassRun } from '../../src/class/labs.js';
import type { Learner } from '../../src/class/roster.js';
import { openLocation } from '../../src/engine/state.js';
import { UsageError } from '../../src/engine/errors.js';
import { validateSettings, validateZone, type LabSettings } from '../../src/lab/core/config.js';
import { SharedLookups } from '../../src/lab/session.js';
import { labZone } from '../../src/lab/core/lookups.js';
import type { LabContext } from '../../src/lab/core/context.js';

const REGION = 'us-east-1';
const base = (name: string, over: Partial<LabSettings> = {}): Omit<LabSettings, 'region'> => ({ name, vpcCidr: '10.0.0.0/16', publicSubnetCidr: '10.0.1.0/24', privateSubnetCidr: '10.0.2.0/24', keyName: `${name}-key`, sshCidr: '198.51.100.7/32', instanceType: 't3.micro', nat: 'gateway', ...over });

async function world(zones: string[]) {
  const dir = mkdtempSync(path.join(tmpdir(), 'class-zones-'));
  const ec2 = new EC2Client({ region: REGION, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  const mock = mockClient(ec2);
  mock.on(DescribeInstanceTypeOfferingsCommand).resolves({ InstanceTypeOfferings: zones.map((Location) => ({ Location })) });
  const learners: Learner[] = ['a', 'b', 'c', 'd'].map((x, i) => ({ learner: x, lab: `k-${x}`, row: i + 2 }));
  const c = { klass: 'k', location: await openLocation(dir) } as ClassRun;
  const t = { region: REGION, clients: { ec2 } as unknown as AwsClients, shared: new SharedLookups(), learners };
  return { dir, mock, learners, c, t };
}

describe('the zone setting of a class\'s labs', () => {
  it('gives new labs the zones offering the type round-robin, sorted, by their place in the roster; asks AWS once', async () => {
    const w = await world(['us-east-1c', 'us-east-1a', 'us-east-1b']);
    const resolve = async (l: Learner, saved: Partial<LabSettings>) => base(l.lab, saved);
    const zones = await Promise.all(w.learners.map(async (l) => (await classLab(w.c, l, w.t, resolve)).settings.zone));
    expect(zones).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1a']);
    expect(w.mock.commandCalls(DescribeInstanceTypeOfferingsCommand)).toHaveLength(1);
    const one = await classLab(w.c, w.learners[0], w.t, resolve);
    expect(one.settings.extraTags).toEqual({ [TAG_CLASS]: 'k' });
  });

  it('keeps a zone given (--zone) or saved, and gives none to a lab whose subnets exist (they keep theirs)', async () => {
    const w = await world(['us-east-1a', 'us-east-1b']);
    const flag = async (l: Learner, saved: Partial<LabSettings>) => base(l.lab, { zone: 'us-east-1b', ...saved });
    expect((await classLab(w.c, w.learners[0], w.t, flag)).settings.zone).toBe('us-east-1b');
    // Saved with subnets, before the zone setting existed: the lab keeps its subnets' zone.
    writeFileSync(
      path.join(w.dir, 'k-a.json'),
      JSON.stringify({ version: 1, lab: 'k-a', region: REGION, settings: base('k-a'), resources: { vpc: { id: 'vpc-1', at: '2026-01-01T00:00:00Z' }, publicSubnet: { id: 'subnet-1', at: '2026-01-01T00:00:00Z' } }, tokens: {}, createdAt: '', updatedAt: '' }),
    );
    const plain = async (l: Learner, saved: Partial<LabSettings>) => base(l.lab, saved);
    expect((await classLab(w.c, w.learners[0], w.t, plain)).settings.zone).toBeUndefined();
    expect((await classLab(w.c, w.learners[1], w.t, plain)).settings.zone).toBe('us-east-1b');
  });

  it('refuses a zone that is not a zone name, or not of the lab\'s region, naming it', () => {
    for (const bad of ['us-east-1', 'tokyo', 'us-east-1-a']) expect(() => validateZone(bad), bad).toThrow(UsageError);
    expect(() => validateZone('us-west-2-lax-1a')).not.toThrow();
    expect(() => validateSettings({ ...base('z', { zone: 'eu-west-1a' }), region: REGION } as LabSettings)).toThrow(/zone "eu-west-1a" is not in the lab's region us-east-1/);
    expect(() => validateSettings({ ...base('z', { zone: 'us-east-1d' }), region: REGION } as LabSettings)).not.toThrow();
  });
});

describe('labZone: where a lab\'s subnets go', () => {
  const ctxOf = (zone: string | undefined, live: Record<string, string> = {}) => {
    const ec2 = new EC2Client({ region: REGION, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
    mockClient(ec2).on(DescribeInstanceTypeOfferingsCommand).resolves({ InstanceTypeOfferings: [{ Location: 'us-east-1b' }, { Location: 'us-east-1a' }] });
    const settings = { ...base('z', zone ? { zone } : {}), region: REGION };
    return { ec2, settings, live: new Map(Object.entries(live).map(([k, z]) => [k, { id: k, attrs: { zone: z } }])) } as unknown as LabContext;
  };

  it('takes the zone setting; without it the first zone offering the type, as before', async () => {
    expect(await labZone(ctxOf('us-east-1b'))).toBe('us-east-1b');
    expect(await labZone(ctxOf(undefined))).toBe('us-east-1a');
  });

  it('refuses a zone that does not offer the type, naming those that do; and a zone other than the subnets\'', async () => {
    await expect(labZone(ctxOf('us-east-1f'))).rejects.toThrow(/zone "us-east-1f" is not a zone of us-east-1 offering instance type "t3.micro"/);
    await expect(labZone(ctxOf('us-east-1f'))).rejects.toMatchObject({ hint: 'use one of: us-east-1a, us-east-1b', exitCode: 2 });
    expect(await labZone(ctxOf('us-east-1b', { publicSubnet: 'us-east-1b' }))).toBe('us-east-1b');
    await expect(labZone(ctxOf('us-east-1a', { publicSubnet: 'us-east-1b' }))).rejects.toThrow(/has its subnets in us-east-1b, not us-east-1a/);
  });
});

describe('explain with a zone setting', () => {
  it('puts both subnets in the zone given, without looking one up; without it, the first zone offering the type', async () => {
    const { explainLab } = await import('../../src/lab/views/explain.js');
    const lines = (zone?: string) => explainLab({ ...base('z', zone ? { zone } : {}), region: REGION } as LabSettings, 1).sections.flatMap((s) => s.lines);
    expect(lines('us-east-1c')).toContain('ZONE="us-east-1c"');
    expect(lines('us-east-1c').join('\n')).not.toContain('describe-instance-type-offerings');
    expect(lines().join('\n')).toMatch(/ZONE=\$\(aws ec2 describe-instance-type-offerings/);
  });
});
