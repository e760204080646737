/**
 * `leftovers` across every enabled region against one region's look (issue 27: at most 2x).
 * Stand-in EC2 endpoints, one per region, each answering after an AWS-like round trip, and
 * a Price List API as far away; the real command over them (cli/commands/leftovers.ts).
 */
import { Writable } from 'node:stream';
import { leftoversCommand } from '../src/cli/commands/leftovers.js';
import type { Deps } from '../src/cli/session.js';
import { realClock } from '../src/engine/clock.js';
import type { PriceListApi } from '../src/aws/pricing.js';
import { Reporter } from '../src/ui/reporter.js';

/** The 17 regions every account has without opting in (2026). */
const REGIONS = ['ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-south-1', 'ap-southeast-1', 'ap-southeast-2', 'ca-central-1', 'eu-central-1', 'eu-north-1', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'sa-east-1', 'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2'];

class Sink extends Writable {
  override _write(_c: unknown, _e: BufferEncoding, done: () => void): void {
    done();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One region's EC2: an idle Elastic IP and a stopped instance with its volume; every call one round trip. */
function regionEc2(region: string, latencyMs: number, calls: { n: number }) {
  const answers: Record<string, unknown> = {
    DescribeRegionsCommand: { Regions: REGIONS.map((RegionName) => ({ RegionName, OptInStatus: 'opt-in-not-required' })) },
    DescribeNatGatewaysCommand: { NatGateways: [] },
    DescribeAddressesCommand: { Addresses: [{ AllocationId: `eipalloc-${region}`, PublicIp: '203.0.113.1' }] },
    DescribeInstancesCommand: { Reservations: [{ Instances: [{ InstanceId: `i-${region}`, VpcId: `vpc-${region}`, InstanceType: 't3.micro', State: { Name: 'stopped' } }] }] },
    DescribeNetworkInterfacesCommand: { NetworkInterfaces: [] },
    DescribeVolumesCommand: { Volumes: [{ VolumeId: `vol-${region}`, Size: 8, VolumeType: 'gp3', State: 'in-use', Attachments: [{ InstanceId: `i-${region}` }] }] },
    DescribeVpcsCommand: { Vpcs: [{ VpcId: `vpc-${region}`, IsDefault: true }] },
  };
  return {
    send: async (command: object) => {
      calls.n++;
      await sleep(latencyMs);
      return answers[command.constructor.name] ?? {};
    },
  };
}

async function median(runs: number, run: () => Promise<void>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

/** Rows of figures: wall time of the look in one region and in every region, their ratio, the calls. */
export async function leftoversFigures(latencyMs = 60, runs = 5): Promise<string[]> {
  const calls = { n: 0 };
  const deps = {
    clients: async ({ region }: { region?: string }) => ({ ec2: regionEc2(region ?? 'us-east-1', latencyMs, calls), region: region ?? 'us-east-1' }),
    clock: realClock,
    detectIp: async () => undefined,
    page: async () => ({ status: 200 }),
    interactive: false,
  } as unknown as Deps;
  const prices: PriceListApi = {
    getProducts: async () => {
      calls.n++;
      await sleep(latencyMs);
      return { PriceList: [] };
    },
  };
  const reporter = new Reporter('json', new Sink(), new Sink());
  const look = (region?: string) => async () => {
    await leftoversCommand({ json: true, region }, reporter, deps, () => prices);
  };
  calls.n = 0;
  const one = await median(runs, look('eu-west-1'));
  const oneCalls = calls.n / runs;
  calls.n = 0;
  const all = await median(runs, look());
  const allCalls = calls.n / runs;
  process.exitCode = 0;
  return [
    `leftovers, ${latencyMs} ms a call (median of ${runs}); target: every region at most 2x one region's look`,
    `one region      wall ${one.toFixed(0).padStart(5)} ms   calls ${oneCalls}`,
    `${REGIONS.length} regions      wall ${all.toFixed(0).padStart(5)} ms   calls ${allCalls}   ratio ${(all / one).toFixed(2)}`,
  ];
}
