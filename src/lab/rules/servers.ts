import type { Instance } from '@aws-sdk/client-ec2';
import type { Words } from '../../engine/errors.js';
import { flow, type FlowId } from '../core/flows.js';
import type { Roles, VpcSnapshot } from '../core/snapshot.js';
import { fromAnywhere, groupIdsOf, groupsOf, instanceOf, isRunning, sourcesAllowed, type Source } from './facts.js';
import { fail, notJudged, pass, rule, type Rule, type Verdict } from './rule.js';

/**
 * What the web and DB rules share: the server playing a role, judged only when it is there
 * (its own rule, web.instance or db.instance, says when it is not), and what its security
 * groups let in by one of the tutorial's flows (core/flows.ts).
 */
export type Server = 'web' | 'db';

/** The server's instance rule, which says what the others need. */
const INSTANCE_RULE: Record<Server, string> = { web: 'web.instance', db: 'db.instance' };

/** A rule on one server: not judged while the server is not found. */
export function onServer(id: string, chapter: number, severity: 'error' | 'warning', server: Server, judge: (i: Instance, s: VpcSnapshot, roles: Roles) => Verdict): Rule {
  return rule(id, chapter, severity, (s, roles) => {
    const i = instanceOf(s, roles[server]);
    return i ? judge(i, s, roles) : notJudged(roles[server], ['rule_blockedBy', INSTANCE_RULE[server]]);
  });
}

/** The server is running, in the subnet of its role. */
export function serverRule(server: Server, chapter: number, subnet: 'publicSubnet' | 'privateSubnet'): Rule {
  return rule(INSTANCE_RULE[server], chapter, 'error', (s, roles) => {
    const i = instanceOf(s, roles[server]);
    const launch: Words = ['fix_launch', server, roles[subnet]];
    if (!i) return fail(undefined, ['rule_noServer', server], launch);
    const id = i.InstanceId!;
    if (!isRunning(i)) return fail(id, ['rule_serverState', server, id, i.State?.Name], ['fix_startServer', id]);
    if (i.SubnetId !== roles[subnet]) return fail(id, ['rule_serverSubnet', server, id, i.SubnetId, roles[subnet]], launch);
    return pass(id, ['rule_serverRunning', server, id, i.SubnetId]);
  });
}

/** What the server's groups let in by this flow. */
export function allowed(s: VpcSnapshot, i: Instance, id: FlowId): Source[] {
  const f = flow(id);
  return sourcesAllowed(groupsOf(s, i), f.protocol, f.port);
}

/** The first security group the server wears: where the console's fix goes. */
export const groupOf = (i: Instance): string | undefined => groupIdsOf(i)[0];

/** The flow's protocol and port, as the sentences take them. */
export const ports = (id: FlowId): [string, number | undefined] => [flow(id).protocol, flow(id).port];

/** A warning rule: the flow into the server is open to the whole internet. */
export function notToWorld(ruleId: string, chapter: number, server: Server, id: FlowId, source: 'myIp' | 'webGroup'): Rule {
  return onServer(ruleId, chapter, 'warning', server, (i, s, roles) => {
    const at = i.InstanceId!;
    return fromAnywhere(allowed(s, i, id))
      ? fail(at, ['rule_openToWorld', server, at, ...ports(id)], ['fix_closeWorld', groupOf(i), ...ports(id), source, groupOf(instanceOf(s, roles.web) ?? i)])
      : pass(at, ['rule_notOpenToWorld', server, at, ...ports(id)]);
  });
}
