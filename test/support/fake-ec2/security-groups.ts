/** Security groups and their rules: atomic rules, duplicates, group references, and what pins a group. */
import type { IpPermission } from '@aws-sdk/client-ec2';
import { parseCidr } from './cidr.js';
import { awsError, dependencyViolation, need } from './errors.js';
import { applyFilters, pickIds } from './filters.js';
import type { SgRec, SgRule } from './records.js';
import { OWNER_ID, type Store } from './store.js';
import { tagsFromSpecs, tagsOut } from './tags.js';
import type { Views } from './views.js';

export class SecurityGroupService {
  constructor(
    private readonly s: Store,
    private readonly v: Views,
  ) {}

  // --- security groups ---

  /** Non-default VPC groups are only addressable by ID; names work only in a default VPC, which this account lacks. */
  private groupById(i: any): SgRec {
    if (i.GroupId === undefined && i.GroupName !== undefined) {
      throw awsError('InvalidGroup.NotFound', `The security group '${i.GroupName}' does not exist in default VPC 'none'`);
    }
    return this.s.sg(i.GroupId);
  }

  createSecurityGroup(i: any) {
    const name = need<string>(i.GroupName, 'GroupName');
    const description = need<string>(i.Description, 'GroupDescription');
    if (i.VpcId === undefined) throw awsError('VPCIdNotSpecified', 'No default VPC for this user');
    const vpc = this.s.vpc(i.VpcId);
    if (name === 'default') throw awsError('InvalidParameterValue', 'Cannot use reserved security group name: default');
    if (this.s.live(this.s.securityGroups).some((g) => g.vpcId === vpc.id && g.name === name)) {
      throw awsError('InvalidGroup.Duplicate', `The security group '${name}' already exists for VPC '${vpc.id}'`);
    }
    const g: SgRec = {
      id: this.s.newId('sg'),
      tags: tagsFromSpecs(i.TagSpecifications, 'security-group'),
      createdAt: this.s.now(),
      vpcId: vpc.id,
      name,
      description,
      isDefault: false,
      ingress: [],
      // New groups allow all outbound traffic until told otherwise.
      egress: [{ ruleId: this.s.newId('sgr'), proto: '-1', cidr: '0.0.0.0/0' }],
    };
    this.s.securityGroups.set(g.id, g);
    return { GroupId: g.id, Tags: tagsOut(g.tags), SecurityGroupArn: this.v.sg(g).SecurityGroupArn };
  }

  /** Split IpPermissions into atomic rules (one peer each), validating like AWS. */
  private atomicRules(i: any): Omit<SgRule, 'ruleId'>[] {
    let perms: IpPermission[] = i.IpPermissions ?? [];
    // The legacy flat form (IpProtocol/FromPort/ToPort/CidrIp) is still accepted by AWS.
    if (!perms.length && (i.CidrIp !== undefined || i.IpProtocol !== undefined)) {
      perms = [{ IpProtocol: i.IpProtocol, FromPort: i.FromPort, ToPort: i.ToPort, IpRanges: i.CidrIp ? [{ CidrIp: i.CidrIp }] : [] }];
    }
    if (!perms.length) throw awsError('MissingParameter', 'The request must contain the parameter ipPermissions');
    const out: Omit<SgRule, 'ruleId'>[] = [];
    for (const p of perms) {
      const raw = String(need(p.IpProtocol, 'IpProtocol')).toLowerCase();
      const proto = ({ '6': 'tcp', '17': 'udp', '1': 'icmp', all: '-1' } as Record<string, string>)[raw] ?? raw;
      let from: number | undefined;
      let to: number | undefined;
      if (proto !== '-1') {
        from = p.FromPort;
        to = p.ToPort;
        if (from === undefined || to === undefined) {
          throw awsError('InvalidParameterValue', `Invalid value for portRange. Must specify both from and to ports with TCP/UDP.`);
        }
        if ((proto === 'tcp' || proto === 'udp') && (from < 0 || to > 65535 || from > to)) {
          throw awsError('InvalidParameterValue', `Invalid value for portRange. Must specify both from and to ports with TCP/UDP.`);
        }
      }
      for (const r of p.IpRanges ?? []) {
        if (!parseCidr(r.CidrIp, false)) throw awsError('InvalidParameterValue', `CIDR block ${r.CidrIp} is malformed`);
        out.push({ proto, from, to, cidr: r.CidrIp, description: r.Description });
      }
      for (const r of p.Ipv6Ranges ?? []) out.push({ proto, from, to, cidr6: r.CidrIpv6, description: r.Description });
      for (const pair of p.UserIdGroupPairs ?? []) {
        const peer = this.s.sg(need(pair.GroupId, 'UserIdGroupPairs.GroupId'));
        out.push({ proto, from, to, groupId: peer.id, description: pair.Description });
      }
    }
    return out;
  }

  private ruleKey(r: Omit<SgRule, 'ruleId'>): string {
    return [r.proto, r.from ?? '', r.to ?? '', r.cidr ?? '', r.cidr6 ?? '', r.groupId ?? ''].join('|');
  }

  private describeRule(r: Omit<SgRule, 'ruleId'>): string {
    const peer = r.cidr ?? r.cidr6 ?? r.groupId;
    const proto = r.proto === '-1' ? 'ALL' : r.proto.toUpperCase();
    return `peer: ${peer}, ${proto}, from port: ${r.from ?? 'None'}, to port: ${r.to ?? 'None'}, ALLOW`;
  }

  private authorize(i: any, egress: boolean) {
    const g = this.groupById(i);
    const list = egress ? g.egress : g.ingress;
    const rules = this.atomicRules(i);
    const seen = new Set(list.map((r) => this.ruleKey(r)));
    for (const r of rules) {
      const key = this.ruleKey(r);
      if (seen.has(key)) {
        throw awsError('InvalidPermission.Duplicate', `the specified rule "${this.describeRule(r)}" already exists`);
      }
      seen.add(key);
    }
    const added = rules.map((r) => ({ ...r, ruleId: this.s.newId('sgr') }));
    list.push(...added);
    return {
      Return: true,
      SecurityGroupRules: added.map((r) => ({
        SecurityGroupRuleId: r.ruleId,
        GroupId: g.id,
        GroupOwnerId: OWNER_ID,
        IsEgress: egress,
        IpProtocol: r.proto,
        FromPort: r.from ?? -1,
        ToPort: r.to ?? -1,
        ...(r.cidr ? { CidrIpv4: r.cidr } : {}),
        ...(r.cidr6 ? { CidrIpv6: r.cidr6 } : {}),
        ...(r.groupId ? { ReferencedGroupInfo: { GroupId: r.groupId, UserId: OWNER_ID } } : {}),
        ...(r.description ? { Description: r.description } : {}),
      })),
    };
  }

  private revoke(i: any, egress: boolean) {
    const g = this.groupById(i);
    const list = egress ? g.egress : g.ingress;
    let remove: SgRule[];
    if (i.SecurityGroupRuleIds?.length) {
      remove = i.SecurityGroupRuleIds.map((id: string) => {
        const r = list.find((x) => x.ruleId === id);
        if (!r) throw awsError('InvalidSecurityGroupRuleId.NotFound', `The security group rule ID '${id}' does not exist`);
        return r;
      });
    } else {
      remove = this.atomicRules(i).map((r) => {
        const found = list.find((x) => this.ruleKey(x) === this.ruleKey(r));
        if (!found) throw awsError('InvalidPermission.NotFound', 'The specified rule does not exist in this security group.');
        return found;
      });
    }
    const gone = new Set(remove);
    const kept = list.filter((r) => !gone.has(r));
    if (egress) g.egress = kept;
    else g.ingress = kept;
    return { Return: true };
  }

  authorizeSecurityGroupIngress(i: any) {
    return this.authorize(i, false);
  }
  authorizeSecurityGroupEgress(i: any) {
    return this.authorize(i, true);
  }
  revokeSecurityGroupIngress(i: any) {
    return this.revoke(i, false);
  }
  revokeSecurityGroupEgress(i: any) {
    return this.revoke(i, true);
  }

  deleteSecurityGroup(i: any) {
    const g = this.groupById(i);
    if (g.isDefault) {
      throw awsError('CannotDelete', `the specified group: "${g.id}" name: "default" cannot be deleted by a user`);
    }
    // Instances hold their groups until fully terminated (shutting-down still counts).
    const usedByInstance = this.s.liveInstances().some((x) => x.sgIds.includes(g.id));
    // Another group's rule naming this one pins it too (a self-reference does not).
    const referenced = this.s
      .live(this.s.securityGroups)
      .some((other) => other.id !== g.id && [...other.ingress, ...other.egress].some((r) => r.groupId === g.id));
    if (usedByInstance || referenced) throw dependencyViolation(`resource ${g.id} has a dependent object`);
    g.goneAt = this.s.now();
    return { Return: true, GroupId: g.id };
  }

  describeSecurityGroups(i: any) {
    if (i.GroupNames?.length) {
      throw awsError('InvalidGroup.NotFound', `The security group '${i.GroupNames[0]}' does not exist in default VPC 'none'`);
    }
    const pool = pickIds(this.s.live(this.s.securityGroups), i.GroupIds, (x) => x.id, 'sg');
    const out = applyFilters(
      pool,
      i.Filters,
      {
        'group-id': (x) => x.id,
        'group-name': (x) => x.name,
        'vpc-id': (x) => x.vpcId,
        description: (x) => x.description,
        'owner-id': () => OWNER_ID,
        'ip-permission.group-id': (x) => x.ingress.map((r) => r.groupId),
        'ip-permission.cidr': (x) => x.ingress.map((r) => r.cidr),
        'ip-permission.protocol': (x) => x.ingress.map((r) => r.proto),
        'ip-permission.from-port': (x) => x.ingress.map((r) => r.from),
        'ip-permission.to-port': (x) => x.ingress.map((r) => r.to),
        'egress.ip-permission.group-id': (x) => x.egress.map((r) => r.groupId),
        'egress.ip-permission.cidr': (x) => x.egress.map((r) => r.cidr),
      },
      (x) => x.tags,
    );
    return { SecurityGroups: out.map((x) => this.v.sg(x)) };
  }
}
