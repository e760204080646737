import { DescribeRegionsCommand, type EC2Client } from '@aws-sdk/client-ec2';
import type { Sender } from './retry.js';

/**
 * The regions this account may use: DescribeRegions without AllRegions answers the enabled
 * ones only (those that need no opt-in, and those opted into), as AWS documents; an opt-in
 * region not opted into cannot hold anything that bills. Sorted, for a stable report.
 */
export async function enabledRegions(ec2: Sender<EC2Client>): Promise<string[]> {
  const out = await ec2.send(new DescribeRegionsCommand({}));
  return (out.Regions ?? [])
    .filter((r) => r.OptInStatus !== 'not-opted-in')
    .map((r) => r.RegionName!)
    .filter(Boolean)
    .sort();
}

/** Each region's answer, or why it could not be had: a region that fails is named, never dropped. */
export type PerRegion<T> = { region: string; ok: true; value: T } | { region: string; ok: false; error: unknown };

/**
 * `look` in every region at once: regions are independent (each has its own endpoint and
 * its own token buckets), so waiting for one before the next would only add their round
 * trips. How many calls one region's look makes at once is the look's own bound.
 */
export function inEveryRegion<T>(regions: readonly string[], look: (region: string) => Promise<T>): Promise<PerRegion<T>[]> {
  return Promise.all(
    regions.map(async (region): Promise<PerRegion<T>> => {
      try {
        return { region, ok: true, value: await look(region) };
      } catch (error) {
        return { region, ok: false, error };
      }
    }),
  );
}

/**
 * At most `n` of these tasks in flight at once (a region's describes: within EC2's
 * per-action buckets, and polite to an account other tools also call).
 */
export async function bounded<T>(n: number, tasks: (() => Promise<T>)[]): Promise<T[]> {
  const results = new Array<T>(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, tasks.length) }, worker));
  return results;
}
