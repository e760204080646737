import type { Words } from '../../engine/errors.js';
import { expiryGroupName, expiryRoleName, natTarget } from '../chapters/expiry.js';
import { LAB } from '../chapters/lab.js';
import { NAT_INSTANCE_FALLBACK_TYPE, NAT_INSTANCE_TYPE } from '../core/config.js';
import type { LabContext } from '../core/context.js';

/**
 * What each resource's label says, by resource key: the values of its sentence, for ui/ to
 * say as `res_<key>` in the run's language (ui/messages). A key not here takes no values.
 * Each resource's `label` stays its English text, for --json and logs; a test holds the
 * English catalog to it.
 */
const VALUES: Readonly<Record<string, (ctx: LabContext) => unknown[]>> = {
  vpc: (ctx) => [ctx.settings.vpcCidr],
  publicSubnet: (ctx) => [ctx.settings.publicSubnetCidr],
  privateSubnet: (ctx) => [ctx.settings.privateSubnetCidr],
  publicRoute: () => ['internetGateway'],
  privateRoute: (ctx) => [ctx.settings.nat === 'instance' ? 'natInstance' : 'natGateway'],
  keyPair: (ctx) => [ctx.settings.keyName, ctx.settings.publicKeyFile, ctx.privateKeyPath],
  webSecurityGroup: (ctx) => [ctx.settings.sshCidr],
  webInstance: (ctx) => [ctx.settings.instanceType],
  natSecurityGroup: (ctx) => [ctx.settings.vpcCidr],
  natInstance: () => [NAT_INSTANCE_TYPE, NAT_INSTANCE_FALLBACK_TYPE],
  dbInstance: (ctx) => [ctx.settings.instanceType],
  expiryRole: (ctx) => [expiryRoleName(ctx)],
  expiryPolicy: (ctx) => [natTarget(LAB, ctx).key],
  expiryGroup: (ctx) => [expiryGroupName(ctx)],
  natExpiry: (ctx) => [ctx.settings.expiresAt, natTarget(LAB, ctx).key],
  serversExpiry: (ctx) => [ctx.settings.expiresAt],
};

/** A resource's label by key and values; undefined for a key that is not the lab's. */
export function resourceWords(key: string, ctx: LabContext): Words | undefined {
  if (!LAB.some((r) => r.key === key)) return undefined;
  return [`res_${key}`, ...(VALUES[key]?.(ctx) ?? [])];
}
