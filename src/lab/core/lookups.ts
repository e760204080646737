import { DescribeInstanceTypeOfferingsCommand } from '@aws-sdk/client-ec2';
import { GetParameterCommand } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { errorCode } from '../../aws/errors.js';
import { LabError, UsageError, type Words } from '../../engine/errors.js';
import { amiParameter } from './config.js';
import type { Account, LabContext } from './context.js';

/**
 * The look-ups the kinds need (a zone, an image, the account), below the chapters that use
 * them. Each is made once per run and shared by everyone who asks: the preflight makes it,
 * the create reuses it.
 */

/** A look-up made once per run (per context); a failed one is asked again next time. */
export function perRun<T>(load: (ctx: LabContext) => Promise<T>): (ctx: LabContext) => Promise<T> {
  const runs = new WeakMap<LabContext, Promise<T>>();
  return (ctx) => {
    let p = runs.get(ctx);
    if (!p) {
      p = load(ctx);
      runs.set(ctx, p);
      p.catch(() => runs.delete(ctx));
    }
    return p;
  };
}

/** The zones of the region that offer the instance type, sorted. */
export async function zonesOffering(ctx: Pick<LabContext, 'ec2'>, instanceType: string): Promise<string[]> {
  const out = await ctx.ec2.send(
    new DescribeInstanceTypeOfferingsCommand({ LocationType: 'availability-zone', Filters: [{ Name: 'instance-type', Values: [instanceType] }] }),
  );
  return (out.InstanceTypeOfferings ?? []).map((o) => o.Location!).sort();
}

/**
 * Keep the zone of subnets that exist; otherwise the zone setting (checked: the region's,
 * offering the type), or the first zone, sorted, that offers the instance type.
 */
export const labZone = perRun(async (ctx) => {
  const existing = ctx.live.get('publicSubnet')?.attrs.zone ?? ctx.live.get('privateSubnet')?.attrs.zone;
  const asked = ctx.settings.zone;
  const zones = await zonesOffering(ctx, ctx.settings.instanceType);
  if (existing) {
    if (asked && asked !== existing) throw new UsageError(['err_zoneMoved', ctx.settings.name, existing, asked], ['hint_zoneMoved', ctx.settings.name, existing]);
    if (!zones.includes(existing)) {
      throw new UsageError(['err_typeNotInZone', ctx.settings.instanceType, existing], ['hint_typeNotInZone']);
    }
    return existing;
  }
  if (zones.length === 0) {
    throw new UsageError(['err_typeNotInRegion', ctx.settings.instanceType, ctx.settings.region], ['hint_typeNotOffered']);
  }
  if (asked && !zones.includes(asked)) throw new UsageError(['err_zoneNotOffered', asked, ctx.settings.instanceType, ctx.settings.region], ['hint_zoneNotOffered', zones]);
  return asked ?? zones[0];
});

/** The servers' image: --ami, or the latest Amazon Linux 2023 for the instance type. */
export const labAmi = perRun(async (ctx) => ctx.settings.ami ?? latestAl2023(ctx, ctx.settings.instanceType, ['hint_noAmi']));

/** Who the credentials belong to: the account ID and the ARN partition. */
export const callerAccount = perRun(async (ctx): Promise<Account> => {
  const out = await ctx.sts.send(new GetCallerIdentityCommand({}));
  return { id: out.Account!, partition: out.Arn?.split(':')[1] || 'aws' };
});

/** The latest Amazon Linux 2023 image for the type's architecture, from AWS's public SSM parameter. */
export async function latestAl2023(ctx: Pick<LabContext, 'ssm' | 'settings'>, instanceType: string, next: Words): Promise<string> {
  const parameter = amiParameter(instanceType);
  try {
    const out = await ctx.ssm.send(new GetParameterCommand({ Name: parameter }));
    const ami = out.Parameter?.Value;
    if (ami) return ami;
  } catch (err) {
    if (errorCode(err) !== 'ParameterNotFound') throw err;
  }
  throw new LabError('NoAmi', ['err_noAmi', ctx.settings.region, parameter], next, 2);
}
