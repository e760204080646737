import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  DeleteSecurityGroupCommand,
  RevokeSecurityGroupIngressCommand,
  type IpPermission,
  type SecurityGroup,
} from '@aws-sdk/client-ec2';
import { errorCode, unlessAlready } from '../../aws/errors.js';
import type { Words } from '../../engine/errors.js';
import { drifted } from '../../engine/finding.js';
import type { Resource } from '../../engine/resource.js';
import { parent, vpcId, type LabContext } from '../core/context.js';
import { choose } from '../core/inventory.js';
import { tagSpec } from '../core/tags.js';

/** One inbound rule: a protocol and port range, from a CIDR or from another of the lab's groups. */
export interface Rule {
  /** '-1': all traffic (ports do not apply). */
  protocol: 'tcp' | 'icmp' | '-1';
  from: number;
  to: number;
  cidr?: string;
  /** Key of the source security group. */
  group?: string;
  /**
   * The rule's description as AWS keeps it: fixed ASCII text of its own (AWS accepts only
   * ASCII there), never the label a person reads (that is said in the run's language).
   */
  description: string;
}

export interface SecurityGroupSpec {
  key: string;
  name: string;
  chapter: number;
  /** Key of its VPC. */
  vpc: string;
  /** The group's description as AWS keeps it: fixed ASCII, like a rule's. */
  description: string;
  /** Its label by key and values (Resource.label): ['res_webSecurityGroup', sshCidr]. */
  label: (ctx: LabContext) => Words;
  dependsOn: string[];
  rules: (ctx: LabContext) => Rule[];
}

/** A rule flattened to one comparable string: "tcp:22-22:203.0.113.5/32" or "tcp:3306-3306:sg-…". */
function ruleId(protocol: string, from: number | undefined, to: number | undefined, source: string): string {
  // The lab opens all of ICMP; emulators report its "ports" (type and code) inconsistently,
  // so an ICMP rule is matched by its source alone.
  if (protocol === 'icmp') return `icmp:-1--1:${source}`;
  if (protocol === '-1') return `all:-:${source}`;
  return `${protocol}:${from ?? -1}-${to ?? -1}:${source}`;
}

function liveRules(sg: SecurityGroup): string[] {
  return (sg.IpPermissions ?? []).flatMap((p) => [
    ...(p.IpRanges ?? []).map((r) => ruleId(p.IpProtocol!, p.FromPort, p.ToPort, r.CidrIp!)),
    ...(p.UserIdGroupPairs ?? []).map((g) => ruleId(p.IpProtocol!, p.FromPort, p.ToPort, g.GroupId!)),
  ]);
}

function toPermission(id: string, why?: string): IpPermission {
  const [protocol, ports, source] = id.split(':');
  if (protocol === 'all') return { IpProtocol: '-1', IpRanges: [{ CidrIp: source, Description: why }] };
  const [from, to] = protocol === 'icmp' ? [-1, -1] : ports.split('-').map(Number);
  const base = { IpProtocol: protocol, FromPort: from, ToPort: to };
  return source.startsWith('sg-')
    ? { ...base, UserIdGroupPairs: [{ GroupId: source, Description: why }] }
    : { ...base, IpRanges: [{ CidrIp: source, Description: why }] };
}

function wanted(ctx: LabContext, spec: SecurityGroupSpec): Map<string, string> {
  return new Map(
    spec.rules(ctx).map((r) => [ruleId(r.protocol, r.from, r.to, r.cidr ?? ctx.live.get(r.group!)?.id ?? `(${r.group})`), r.description]),
  );
}

export function securityGroup(spec: SecurityGroupSpec): Resource<LabContext> {
  const { key } = spec;
  const diff = (ctx: LabContext, have: string[]) => {
    const want = wanted(ctx, spec);
    return { missing: [...want.keys()].filter((r) => !have.includes(r)), extra: have.filter((r) => !want.has(r)), want };
  };
  const find = async (ctx: LabContext) => {
    const vpc = vpcId(ctx, spec.vpc);
    const sg = choose(ctx, (await ctx.inventory.securityGroups()).filter((g) => g.VpcId === vpc), key, (g) => g.GroupId);
    return sg && { id: sg.GroupId!, attrs: { rules: liveRules(sg).join(' ') } };
  };
  return {
    key,
    kind: 'SecurityGroup',
    actions: ['ec2:DescribeSecurityGroups', 'ec2:CreateSecurityGroup', 'ec2:CreateTags', 'ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress', 'ec2:DeleteSecurityGroup'],
    chapter: spec.chapter,
    dependsOn: [spec.vpc, ...spec.dependsOn],
    label: spec.label,
    find,
    async create(ctx) {
      try {
        const out = await ctx.ec2.send(
          new CreateSecurityGroupCommand({
            VpcId: parent(ctx, spec.vpc).id,
            GroupName: `${ctx.settings.name}-${spec.name}`,
            Description: spec.description,
            TagSpecifications: tagSpec('securityGroup', ctx.settings.name, key, `${spec.name}-sg`, ctx.settings.extraTags),
          }),
        );
        return { id: out.GroupId!, attrs: { rules: '' } };
      } catch (err) {
        // The SDK resent a create whose answer was lost: the group is there, so find it.
        if (errorCode(err) !== 'InvalidGroup.Duplicate') throw err;
        ctx.refresh();
        const existing = await find(ctx);
        if (!existing) throw err;
        return existing;
      }
    },
    check(ctx, live) {
      const { missing, extra } = diff(ctx, (live.attrs.rules ?? '').split(' ').filter(Boolean));
      const words = [...missing.map((r): Words => ['drift_ruleAllow', r]), ...extra.map((r): Words => ['drift_ruleRemove', r])];
      return words.map((w) => drifted('lab.security-group-rules', spec.chapter, live.id, w));
    },
    async converge(ctx, live, step) {
      const { missing, extra, want } = diff(ctx, (live.attrs.rules ?? '').split(' ').filter(Boolean));
      if (missing.length) {
        await unlessAlready(
          ctx.ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: live.id, IpPermissions: missing.map((r) => toPermission(r, want.get(r))) })),
          'InvalidPermission.Duplicate',
        );
        step.changed(['changed_rulesAllowed', missing.length]);
      }
      // A changed --ssh-cidr leaves the old address behind: close it.
      if (extra.length) {
        await ctx.ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: live.id, IpPermissions: extra.map((r) => toPermission(r)) }));
        step.changed(['changed_rulesRemoved', extra.length]);
      }
      return { ...live, attrs: { rules: [...want.keys()].join(' ') } };
    },
    async delete(ctx, live) {
      await ctx.ec2.send(new DeleteSecurityGroupCommand({ GroupId: live.id }));
    },
  };
}
