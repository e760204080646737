import { DescribeInstancesCommand, DescribeNatGatewaysCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { BATCH_MS, batchLooks } from '../../src/aws/describe-batch.js';
import { VirtualClock } from '../../src/engine/clock.js';
import { awsError } from '../support/fake-ec2.js';

type Sent = { action: string; input: Record<string, unknown> };

/** An EC2 that knows these instances and NAT gateways, logging what it is asked. */
function ec2(known: string[]) {
  const sent: Sent[] = [];
  const sendOne = async (command: { input: Record<string, unknown>; constructor: { name: string } }) => {
    const action = command.constructor.name.replace(/Command$/, '');
    sent.push({ action, input: command.input });
    const ids = (command.input.InstanceIds ?? command.input.NatGatewayIds ?? []) as string[];
    const missing = ids.filter((id) => !known.includes(id));
    if (missing.length) throw awsError('InvalidInstanceID.NotFound', `The instance IDs '${missing.join(', ')}' do not exist`);
    if (action === 'DescribeNatGateways') return { NatGateways: ids.map((id) => ({ NatGatewayId: id, State: 'pending' })) };
    return { Reservations: ids.map((id) => ({ Instances: [{ InstanceId: id }] })) };
  };
  return { sent, sendOne };
}

const looks = (send: (c: never) => Promise<unknown>, ids: string[]) => Promise.all(ids.map((id) => send(new DescribeInstancesCommand({ InstanceIds: [id] }) as never)));

describe("merging one account's looks by ID", () => {
  it('sends a lone look at once, and looks that come within BATCH_MS of it as one, each caller getting its part', async () => {
    const clock = new VirtualClock();
    const aws = ec2(['i-1', 'i-2', 'i-3']);
    const send = batchLooks({}, clock, aws.sendOne as never);
    const outs = (await looks(send, ['i-1', 'i-2', 'i-3'])) as { Reservations: { Instances: { InstanceId: string }[] }[] }[];
    expect(aws.sent.map((s) => s.input.InstanceIds)).toEqual([['i-1'], ['i-2', 'i-3']]);
    expect(outs.map((o) => o.Reservations.flatMap((r) => r.Instances.map((i) => i.InstanceId)))).toEqual([['i-1'], ['i-2'], ['i-3']]);
    expect(clock.now()).toBeGreaterThanOrEqual(BATCH_MS);
    // Long after: alone again, at once.
    clock.advance(10 * BATCH_MS);
    const before = clock.now();
    await looks(send, ['i-1']);
    expect(clock.now()).toBe(before);
  });

  it('keeps the looks of other actions, other accounts and filtered looks apart', async () => {
    const clock = new VirtualClock();
    const aws = ec2(['i-1', 'nat-1', 'i-2']);
    const [a, b] = [{}, {}];
    await Promise.all([
      batchLooks(a, clock, aws.sendOne as never)(new DescribeInstancesCommand({ InstanceIds: ['i-1'] }) as never),
      batchLooks(a, clock, aws.sendOne as never)(new DescribeNatGatewaysCommand({ NatGatewayIds: ['nat-1'] }) as never),
      batchLooks(b, clock, aws.sendOne as never)(new DescribeInstancesCommand({ InstanceIds: ['i-2'] }) as never),
      batchLooks(a, clock, aws.sendOne as never)(new DescribeInstancesCommand({ Filters: [{ Name: 'tag:x', Values: ['y'] }] }) as never),
      batchLooks(a, clock, aws.sendOne as never)(new DescribeVpcsCommand({ VpcIds: ['vpc-1'] }) as never),
    ]);
    expect(aws.sent).toHaveLength(5);
    expect(clock.now()).toBe(0);
  });

  it('gives a NotFound to the callers whose IDs it names; the others get their answer', async () => {
    const clock = new VirtualClock();
    const aws = ec2(['i-1', 'i-3']);
    const send = batchLooks({}, clock, aws.sendOne as never);
    const settled = await Promise.allSettled(['i-1', 'i-2', 'i-3', 'i-4'].map((id) => send(new DescribeInstancesCommand({ InstanceIds: [id] }) as never)));
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected']);
    expect((settled[1] as PromiseRejectedResult).reason.name).toBe('InvalidInstanceID.NotFound');
    // i-1 alone; then i-2..i-4 together (refused, naming i-2 and i-4); then i-3 alone.
    expect(aws.sent.map((s) => s.input.InstanceIds)).toEqual([['i-1'], ['i-2', 'i-3', 'i-4'], ['i-3']]);
  });
});
