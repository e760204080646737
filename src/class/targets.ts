import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { createClients, type AwsClients } from '../aws/clients.js';
import { translate } from '../aws/errors.js';
import { networkAgents } from '../aws/network.js';
import { limiterFor, type RateLimiter } from '../aws/rate-limit.js';
import { LabError } from '../engine/errors.js';
import { SharedLookups } from '../lab/session.js';
import type { Learner } from './roster.js';

/**
 * Where the labs of a class go: an account and a region, reached with the caller's
 * credentials, a named profile, or a role assumed in a member account. Labs of one target
 * share its clients, its rate limiter (EC2's buckets are per account and region) and its
 * look-ups; labs of different targets do not wait for each other.
 */
export interface Target {
  /** "123456789012/ap-northeast-1". */
  id: string;
  account: string;
  region: string;
  /** How it is reached, for messages: "role OrganizationAccountAccessRole", "profile dev", "your credentials". */
  via: string;
  clients: AwsClients;
  limiter: RateLimiter;
  shared: SharedLookups;
  /** The learners whose labs live here. */
  learners: Learner[];
}

export interface Reach {
  region?: string;
  profile?: string;
  endpointUrl?: string;
  roleName: string;
  /** The class's name: the role session is named after it. */
  klass: string;
}

/** A learner's target could not be reached: each of its labs fails with this reason. */
export interface Unreached {
  learners: Learner[];
  error: LabError;
}

/** How a learner's lab is reached, before any call: the source of credentials and the region asked for. */
function sourceOf(l: Learner, reach: Reach): { key: string; account?: string; profile?: string; region?: string } {
  const region = l.region ?? reach.region;
  if (l.account) return { key: `account:${l.account}/${region ?? ''}`, account: l.account, profile: reach.profile, region };
  const profile = l.profile ?? reach.profile;
  return { key: `profile:${profile ?? ''}/${region ?? ''}`, profile, region };
}

async function connect(src: ReturnType<typeof sourceOf>, reach: Reach): Promise<Omit<Target, 'learners'>> {
  const base = { region: src.region, profile: src.profile, endpointUrl: reach.endpointUrl };
  if (src.account) {
    const roleArn = `arn:aws:iam::${src.account}:role/${reach.roleName}`;
    // The caller's credentials (or --profile's) assume the role; refreshed before they lapse.
    const credentials = fromTemporaryCredentials({
      params: { RoleArn: roleArn, RoleSessionName: `aws-lab-setup-${reach.klass}`, DurationSeconds: 3600 },
      // Through the proxies and CAs every other client uses (HTTPS_PROXY, AWS_CA_BUNDLE).
      clientConfig: { requestHandler: await networkAgents(), ...(src.region ? { region: src.region } : {}), ...(src.profile ? { profile: src.profile } : {}), ...(reach.endpointUrl ? { endpoint: reach.endpointUrl } : {}) },
    });
    const probe = await createClients({ ...base, profile: undefined, credentials });
    try {
      await probe.sts.send(new GetCallerIdentityCommand({}));
    } catch (err) {
      const e = translate(err);
      throw new LabError('AssumeRoleFailed', ['err_assumeRole', roleArn, e.message], ['hint_assumeRole'], 1, { cause: err });
    }
    const limiter = limiterFor(src.account, probe.region);
    const clients = await createClients({ ...base, profile: undefined, credentials, limiter });
    return { id: `${src.account}/${clients.region}`, account: src.account, region: clients.region, via: `role ${reach.roleName}`, clients, limiter, shared: new SharedLookups() };
  }
  const probe = await createClients(base);
  const who = await probe.sts.send(new GetCallerIdentityCommand({}));
  const account = who.Account!;
  const limiter = limiterFor(account, probe.region);
  const clients = await createClients({ ...base, limiter });
  return { id: `${account}/${clients.region}`, account, region: clients.region, via: src.profile ? `profile ${src.profile}` : 'your credentials', clients, limiter, shared: new SharedLookups() };
}

/**
 * Reach every learner's account and region, once per distinct target. A target that
 * cannot be reached (the role refused) does not stop the others: its learners are listed
 * as unreached, with the reason.
 */
export async function reachTargets(learners: Learner[], reach: Reach): Promise<{ targets: Target[]; unreached: Unreached[] }> {
  const bySource = new Map<string, { src: ReturnType<typeof sourceOf>; learners: Learner[] }>();
  for (const l of learners) {
    const src = sourceOf(l, reach);
    const entry = bySource.get(src.key) ?? { src, learners: [] };
    entry.learners.push(l);
    bySource.set(src.key, entry);
  }
  const targets = new Map<string, Target>();
  const unreached: Unreached[] = [];
  await Promise.all(
    [...bySource.values()].map(async ({ src, learners: mine }) => {
      try {
        const t = await connect(src, reach);
        // Two sources may name one account and region (a profile and an account column).
        const same = targets.get(t.id);
        if (same) same.learners.push(...mine);
        else targets.set(t.id, { ...t, learners: mine });
      } catch (err) {
        const error = err instanceof LabError ? err : translate(err);
        if (error.exitCode === 2) throw error; // bad input (no region): the whole class stops
        unreached.push({ learners: mine, error });
      }
    }),
  );
  return { targets: [...targets.values()], unreached };
}
