import { DescribeRegionsCommand, EC2Client, type Address, type Instance, type NatGateway, type NetworkInterface, type Volume, type Vpc } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import type { RegionLook } from '../../src/aws/billed.js';
import { needKey, priceIn, productQuery, readPrices, type GetProductsInput, type PriceListApi } from '../../src/aws/pricing.js';
import { bounded, enabledRegions, inEveryRegion } from '../../src/aws/regions.js';
import { HOURS_PER_MONTH, PRICES } from '../../src/lab/core/cost.js';
import { labTags } from '../../src/lab/core/tags.js';
import { groupLeftovers, priceNeeds, roleProfile } from '../../src/lab/views/leftovers.js';
import { callerSource } from '../../src/cli/commands/leftovers.js';

const R = 'eu-west-1';
const P = PRICES[R];
const IPV4 = PRICES['us-east-1'].ipv4Hour;

const look = (region: string, parts: Partial<Omit<RegionLook, 'region'>>): RegionLook => ({ region, natGateways: [], addresses: [], instances: [], interfaces: [], volumes: [], vpcs: [], ...parts });
const eni = (id: string, vpc: string, ip: string, allocationId?: string): NetworkInterface => ({ NetworkInterfaceId: id, VpcId: vpc, Association: { PublicIp: ip, ...(allocationId ? { AllocationId: allocationId } : {}) } });
const instance = (id: string, vpc: string, state: string, type = 't3.micro'): Instance => ({ InstanceId: id, VpcId: vpc, InstanceType: type as never, State: { Name: state as never } });
const volume = (id: string, gb: number, type: string, on?: string): Volume => ({ VolumeId: id, Size: gb, VolumeType: type as never, State: on ? 'in-use' : 'available', Attachments: on ? [{ InstanceId: on }] : [] });

/** A hand-built VPC with a NAT gateway on an Elastic IP and a running web server with an auto-assigned address; a lab of the tool's; the default VPC with a stopped instance; an idle address and a lone volume. */
function world(): RegionLook {
  const vpcs: Vpc[] = [
    { VpcId: 'vpc-hand', Tags: [{ Key: 'Name', Value: 'my-lab' }] },
    { VpcId: 'vpc-lab', Tags: labTags('demo', 'vpc', 'vpc') },
    { VpcId: 'vpc-default', IsDefault: true },
  ];
  const natGateways: NatGateway[] = [{ NatGatewayId: 'nat-1', VpcId: 'vpc-hand', State: 'available' }];
  const addresses: Address[] = [
    { AllocationId: 'eipalloc-nat', PublicIp: '203.0.113.1', AssociationId: 'eipassoc-1', NetworkInterfaceId: 'eni-nat' },
    { AllocationId: 'eipalloc-idle', PublicIp: '203.0.113.2' },
    { AllocationId: 'eipalloc-lab', PublicIp: '203.0.113.3', AssociationId: 'eipassoc-3', InstanceId: 'i-labweb' },
  ];
  const interfaces = [eni('eni-nat', 'vpc-hand', '203.0.113.1'), eni('eni-web', 'vpc-hand', '198.51.100.9'), eni('eni-labweb', 'vpc-lab', '203.0.113.3', 'eipalloc-lab')];
  const instances = [instance('i-web', 'vpc-hand', 'running'), instance('i-labweb', 'vpc-lab', 'running'), instance('i-old', 'vpc-default', 'stopped')];
  const volumes = [volume('vol-web', 8, 'gp3', 'i-web'), volume('vol-old', 8, 'gp2', 'i-old'), volume('vol-lone', 100, 'gp3')];
  return look(R, { vpcs, natGateways, addresses, interfaces, instances, volumes });
}

describe('leftovers: grouped by VPC and costed (lab/views/leftovers.ts)', () => {
  it('puts each resource in its VPC, says whose each VPC is, prices it from the table, and gives the command that removes each group', () => {
    const found = groupLeftovers([world()], new Map());
    const byVpc = Object.fromEntries(found.groups.map((g) => [g.vpcId ?? 'none', g]));
    expect(Object.keys(byVpc).sort()).toEqual(['none', 'vpc-default', 'vpc-hand', 'vpc-lab']);

    const hand = byVpc['vpc-hand'];
    expect(hand.kind).toBe('vpc');
    expect(hand.vpcName).toBe('my-lab');
    // The NAT's Elastic IP counted once (as the address, not again as its interface's public IP); the web server's auto-assigned one as a public IP.
    expect(hand.resources.map((r) => `${r.kind}:${r.id}`).sort()).toEqual(['elasticIp:eipalloc-nat', 'instance:i-web', 'natGateway:nat-1', 'publicIp:eni-web', 'volume:vol-web']);
    const handHourly = P.natHour + 2 * IPV4 + P.instanceHour['t3.micro'] + (8 * P.gp3GbMonth) / HOURS_PER_MONTH;
    expect(hand.hourly).toBeCloseTo(handHourly, 10);
    expect(hand.monthly).toBeCloseTo(handHourly * HOURS_PER_MONTH, 8);
    expect(hand.remove).toEqual(['aws-lab-setup destroy --vpc vpc-hand --region eu-west-1']);

    const lab = byVpc['vpc-lab'];
    expect(lab).toMatchObject({ kind: 'lab', lab: 'demo', remove: ['aws-lab-setup destroy --name demo --region eu-west-1'] });
    // The lab's Elastic IP is on its instance's interface: one address, not two.
    expect(lab.resources.map((r) => r.id).sort()).toEqual(['eipalloc-lab', 'i-labweb']);

    const dflt = byVpc['vpc-default'];
    expect(dflt.kind).toBe('defaultVpc');
    const stopped = dflt.resources.find((r) => r.id === 'i-old')!;
    expect(stopped.hourly).toBe(0); // a stopped instance's compute: free; its volume bills
    expect(dflt.hourly).toBeCloseTo((8 * P.gp2GbMonth) / HOURS_PER_MONTH, 10);
    expect(dflt.remove).toEqual(['aws ec2 terminate-instances --instance-ids i-old --region eu-west-1']);

    const alone = byVpc.none;
    expect(alone.kind).toBe('standalone');
    expect(alone.resources.find((r) => r.id === 'eipalloc-idle')).toMatchObject({ idle: true });
    expect(alone.resources.find((r) => r.id === 'vol-lone')).toMatchObject({ idle: true });
    expect(alone.remove).toEqual(['aws ec2 release-address --allocation-id eipalloc-idle --region eu-west-1', 'aws ec2 delete-volume --volume-id vol-lone --region eu-west-1']);

    expect(found.hourly).toBeCloseTo(found.groups.reduce((s, g) => s + g.hourly, 0), 12);
    expect(found.unpriced).toBe(0);
    // The costliest group first.
    expect(found.groups[0].vpcId).toBe('vpc-hand');
  });

  it("takes the Price List API's price over the table's, says which it used, and counts what neither knows as unpriced", () => {
    const w = look('ap-south-2', { instances: [instance('i-big', 'vpc-x', 'running', 'm7i.large')], natGateways: [{ NatGatewayId: 'nat-x', VpcId: 'vpc-x', State: 'available' }] });
    expect(priceNeeds([w]).map(needKey).sort()).toEqual(['instanceHour:ap-south-2:m7i.large', 'natHour:ap-south-2']);
    const none = groupLeftovers([w], new Map());
    expect(none.unpriced).toBe(2);
    const api = new Map([[needKey({ kind: 'instanceHour', region: 'ap-south-2', type: 'm7i.large' }), 0.1]]);
    const some = groupLeftovers([w], api);
    expect(some.groups[0].resources.find((r) => r.id === 'i-big')).toMatchObject({ hourly: 0.1, source: 'price-list' });
    expect(some.unpriced).toBe(1);
    // Where the table has it too, the API's answer wins.
    const tableRegion = groupLeftovers([look(R, { natGateways: [{ NatGatewayId: 'nat-y', VpcId: 'vpc-y', State: 'available' }] })], new Map([[`natHour:${R}`, 0.05]]));
    expect(tableRegion.groups[0].resources[0]).toMatchObject({ hourly: 0.05, source: 'price-list' });
  });

  it('adds --profile to every command when the look used one', () => {
    const found = groupLeftovers([world()], new Map(), { profile: 'learner' });
    for (const g of found.groups) for (const cmd of g.remove) expect(cmd).toMatch(/ --region eu-west-1 --profile learner$/);
    // A profile a shell would split or expand is quoted, as one argument.
    const odd = groupLeftovers([world()], new Map(), { profile: "ann's $HOME" });
    for (const g of odd.groups) for (const cmd of g.remove) expect(cmd).toMatch(/ --profile 'ann'\\''s \$HOME'$/);
  });

  it("a member account reached by a role: a profile that assumes it, made once with the AWS CLI's configure set, from the caller's credentials", () => {
    const arn = 'arn:aws:iam::111111111111:role/Class Role';
    expect(roleProfile('111111111111', arn, { environment: true })).toEqual({
      profile: 'aws-lab-setup-111111111111',
      setup: [`aws configure set role_arn 'arn:aws:iam::111111111111:role/Class Role' --profile aws-lab-setup-111111111111`, 'aws configure set credential_source Environment --profile aws-lab-setup-111111111111'],
    });
    expect(roleProfile('111111111111', 'arn:aws:iam::111111111111:role/R', { profile: 'admin' }).setup[1]).toBe('aws configure set source_profile admin --profile aws-lab-setup-111111111111');
    // The SDK's chain: a named profile first (AWS_PROFILE over the environment's keys), then the keys, then the default profile.
    expect(callerSource('admin', { AWS_ACCESS_KEY_ID: 'AKIA' })).toEqual({ profile: 'admin' });
    expect(callerSource(undefined, { AWS_PROFILE: 'dev', AWS_ACCESS_KEY_ID: 'AKIA' })).toEqual({ profile: 'dev' });
    expect(callerSource(undefined, { AWS_ACCESS_KEY_ID: 'AKIA' })).toEqual({ environment: true });
    expect(callerSource(undefined, {})).toEqual({ profile: 'default' });
  });
});

/** A GetProducts product as the Price List API writes it. */
const product = (usagetype: string, dims: [unit: string, usd: string][]) =>
  JSON.stringify({
    product: { attributes: { usagetype } },
    terms: { OnDemand: { 'X.JRTCKXETXF': { priceDimensions: Object.fromEntries(dims.map(([unit, usd], i) => [`d${i}`, { unit, pricePerUnit: { USD: usd } }])) } } },
  });

describe('the Price List Query API (aws/pricing.ts)', () => {
  it("reads the NAT gateway's hourly price, not its per-GB one, and no price where the answer holds several", () => {
    const { pick } = productQuery({ kind: 'natHour', region: R });
    expect(priceIn([product('EU-NatGateway-Hours', [['Hrs', '0.0480000000']]), product('EU-NatGateway-Bytes', [['GB', '0.0480000000']])], pick)).toBe(0.048);
    const inst = productQuery({ kind: 'instanceHour', region: R, type: 't3.micro' });
    expect(priceIn([product('EU-BoxUsage:t3.micro', [['Hrs', '0.0114']]), product('EU-BoxUsage:t3.micro', [['Hrs', '0.0200']])], inst.pick)).toBeUndefined();
    // A free tier's $0 dimension is not the price.
    expect(priceIn([product('EU-BoxUsage:t3.micro', [['Hrs', '0.0000'], ['Hrs', '0.0114']])], inst.pick)).toBe(0.0114);
    expect(inst.input.Filters).toEqual(expect.arrayContaining([{ Type: 'TERM_MATCH', Field: 'regionCode', Value: R }, { Type: 'TERM_MATCH', Field: 'instanceType', Value: 't3.micro' }]));
  });

  it('asks once per need, follows NextToken, and stops asking at the first refusal, keeping the error', async () => {
    const asked: GetProductsInput[] = [];
    const pages: PriceListApi = {
      async getProducts(input) {
        asked.push(input);
        return input.NextToken ? { PriceList: [product('EU-NatGateway-Hours', [['Hrs', '0.048']])] } : { PriceList: [], NextToken: 'page2' };
      },
    };
    const read = await readPrices(pages, [{ kind: 'natHour', region: R }]);
    expect(read.prices.get(`natHour:${R}`)).toBe(0.048);
    expect(asked.map((a) => a.NextToken)).toEqual([undefined, 'page2']);

    let calls = 0;
    const refusing: PriceListApi = {
      async getProducts() {
        calls++;
        throw Object.assign(new Error('not authorized to perform: pricing:GetProducts'), { name: 'AccessDeniedException' });
      },
    };
    const none = await readPrices(refusing, [{ kind: 'natHour', region: R }, { kind: 'natHour', region: 'us-east-1' }]);
    expect(none.prices.size).toBe(0);
    expect((none.error as Error).name).toBe('AccessDeniedException');
    expect(calls).toBeLessThanOrEqual(2);
    expect((await readPrices(undefined, [{ kind: 'natHour', region: R }])).prices.size).toBe(0);
  });
});

describe('every region (aws/regions.ts)', () => {
  it('lists the enabled regions only, sorted', async () => {
    const ec2 = mockClient(EC2Client);
    ec2.on(DescribeRegionsCommand).resolves({
      Regions: [
        { RegionName: 'us-east-1', OptInStatus: 'opt-in-not-required' },
        { RegionName: 'af-south-1', OptInStatus: 'not-opted-in' },
        { RegionName: 'ap-east-1', OptInStatus: 'opted-in' },
      ],
    });
    expect(await enabledRegions(new EC2Client({ region: 'us-east-1' }))).toEqual(['ap-east-1', 'us-east-1']);
    ec2.restore();
  });

  it('names a region whose look failed, beside the answers of the others', async () => {
    const out = await inEveryRegion(['a', 'b'], async (r) => {
      if (r === 'b') throw new Error('UnauthorizedOperation');
      return r.toUpperCase();
    });
    expect(out).toEqual([{ region: 'a', ok: true, value: 'A' }, { region: 'b', ok: false, error: expect.any(Error) }]);
  });

  it('keeps at most n tasks in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const task = (i: number) => async () => {
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      return i;
    };
    expect(await bounded(3, Array.from({ length: 8 }, (_, i) => task(i)))).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(most).toBe(3);
  });
});
