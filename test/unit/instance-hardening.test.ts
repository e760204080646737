/**
 * The lab's servers (issue 25, item 7; security review finding 14): root volumes encrypted
 * gp3 whatever the account's EBS defaults, the metadata service with tokens required and
 * a hop limit of 1, and a found server that differs is reported and put right by `up`.
 */
import { ModifyInstanceMetadataOptionsCommand } from '@aws-sdk/client-ec2';
import { afterEach, describe, expect, it } from 'vitest';
import { AL2023_ROOT_DEVICE, METADATA_OPTIONS } from '../../src/lab/kinds/instance.js';
import { LAB } from '../../src/lab/chapters/lab.js';
import { ROOT_VOLUME_GB } from '../../src/lab/core/cost.js';
import { callsNamed, createHarness, type Harness } from '../support/drive.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const mutating = (h: Harness, from: number) => h.fake.calls.slice(from).filter((c) => !/^(Describe|Get)/.test(c.name)).map((c) => c.name);

describe('the lab launches its servers hardened', () => {
  it('every RunInstances (web, DB, NAT instance) asks for an encrypted gp3 root volume on /dev/xvda, tokens required and hop limit 1', async () => {
    h = createHarness();
    await h.up({ nat: 'instance' });
    const launches = callsNamed(h.fake, 'RunInstances').filter((c) => !c.error);
    expect(launches).toHaveLength(3);
    for (const c of launches) {
      expect(c.input.BlockDeviceMappings).toEqual([{ DeviceName: AL2023_ROOT_DEVICE, Ebs: { Encrypted: true, VolumeType: 'gp3', VolumeSize: ROOT_VOLUME_GB, DeleteOnTermination: true } }]);
      expect(c.input.MetadataOptions).toMatchObject({ HttpTokens: 'required', HttpPutResponseHopLimit: 1 });
    }
    for (const i of h.fake.world.instances.values()) expect(i.MetadataOptions?.HttpPutResponseHopLimit).toBe(1);
  });

  it('with a pinned --ami, the root device is the image\'s own (DescribeImages)', async () => {
    h = createHarness({ fake: { amiId: 'ami-0123456789abcdef0' } });
    await h.up({ ami: 'ami-0123456789abcdef0' });
    expect(callsNamed(h.fake, 'DescribeImages').map((c) => c.input.ImageIds)).toContainEqual(['ami-0123456789abcdef0']);
  });
});

describe('a server whose metadata service was changed by hand', () => {
  for (const [what, change] of [
    ['hop limit 2', { HttpPutResponseHopLimit: 2 }],
    ['tokens optional', { HttpTokens: 'optional' as const }],
  ] as const) {
    it(`(${what}) is drift: the plan says so and up puts it right with one ModifyInstanceMetadataOptions`, async () => {
      h = createHarness();
      await h.up();
      const web = h.readStateJson().resources.webInstance.id;
      await h.fake.ec2.send(new ModifyInstanceMetadataOptionsCommand({ InstanceId: web, ...change }));
      const before = h.fake.calls.length;
      await h.up();
      expect(mutating(h, before)).toEqual(['ModifyInstanceMetadataOptions']);
      expect(callsNamed(h.fake, 'ModifyInstanceMetadataOptions').at(-1)?.input).toMatchObject({ InstanceId: web, ...METADATA_OPTIONS });
      expect(h.fake.world.instances.get(web)?.MetadataOptions).toMatchObject({ HttpTokens: 'required', HttpPutResponseHopLimit: 1 });
      expect(h.stderr()).toContain('require metadata session tokens (IMDSv2) and a hop limit of 1');
    });
  }

  it('a server as the lab launches it has no such finding', () => {
    const web = LAB.find((r) => r.key === 'webInstance')!;
    const ctx = { settings: { instanceType: 't3.micro' } } as never;
    const live = { id: 'i-1', state: 'running', attrs: { type: 't3.micro', imdsTokens: 'required', imdsHopLimit: '1' } };
    expect(web.check!(ctx, live)).toEqual([]);
    expect(web.check!(ctx, { ...live, attrs: { ...live.attrs, imdsHopLimit: '2' } }).map((f) => f.rule)).toEqual(['lab.instance-metadata']);
  });
});

describe('the policy holds the calls', () => {
  it('the instance kinds list ModifyInstanceMetadataOptions and DescribeImages', () => {
    for (const key of ['webInstance', 'dbInstance', 'natInstance']) {
      const r = LAB.find((x) => x.key === key)!;
      expect(r.actions, key).toEqual(expect.arrayContaining(['ec2:ModifyInstanceMetadataOptions']));
    }
    expect(LAB.find((x) => x.key === 'webInstance')!.actions).toContain('ec2:DescribeImages');
  });
});
