/** Security groups (kinds/security-group.ts): made with their rules, a rule revoked and one added by hand put right, deleted. */
import { AuthorizeSecurityGroupIngressCommand, RevokeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import { afterEach, expect, it } from 'vitest';
import { kindCycle, KIND_SETTINGS, type KindRun, type KindWorld } from '../../support/kind-harness.js';

let run: KindRun | undefined;
afterEach(() => run?.fake.restore());

/** The group's inbound rules in the fake, as "proto:from-to:source". */
function rules(w: KindWorld, id: string): string[] {
  const sg = w.fake.world.securityGroups.get(id);
  return (sg?.IpPermissions ?? [])
    .flatMap((p) => [...(p.IpRanges ?? []).map((r) => r.CidrIp), ...(p.UserIdGroupPairs ?? []).map((g) => g.GroupId)].map((s) => `${p.IpProtocol}:${p.FromPort}-${p.ToPort}:${s}`))
    .sort();
}

/** RDP opened to the world by hand, and the group's first rule taken away. */
const tampered = (first: { IpProtocol: string; FromPort: number; ToPort: number; source: (w: KindWorld) => string }, want: (w: KindWorld) => string[]) => ({
  make: async (w: KindWorld, live: { id: string }) => {
    const src = first.source(w);
    const peer = src.startsWith('sg-') ? { UserIdGroupPairs: [{ GroupId: src }] } : { IpRanges: [{ CidrIp: src }] };
    await w.fake.ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: live.id, IpPermissions: [{ IpProtocol: first.IpProtocol, FromPort: first.FromPort, ToPort: first.ToPort, ...peer }] }));
    await w.fake.ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: live.id, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 3389, ToPort: 3389, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
  },
  restored: (w: KindWorld, live: { id: string }) => expect(rules(w, live.id)).toEqual(want(w).sort()),
});

it('webSecurityGroup: SSH from the user and HTTP; SSH revoked and RDP added by hand, converge puts them right', async () => {
  const want = () => [`tcp:22-22:${KIND_SETTINGS.sshCidr}`, 'tcp:80-80:0.0.0.0/0'];
  run = await kindCycle({ key: 'webSecurityGroup', change: tampered({ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, source: () => KIND_SETTINGS.sshCidr }, want) });
  expect(run.changes).toEqual(expect.arrayContaining([['changed_rulesAllowed', 1], ['changed_rulesRemoved', 1]]));
  expect(run.fake.count('securityGroups')).toBe(1); // the VPC's default group only
});

it('dbSecurityGroup: MariaDB, ping and SSH from the web group; MariaDB revoked by hand, converge allows it again', async () => {
  const web = (w: KindWorld) => w.ctx.live.get('webSecurityGroup')!.id;
  const want = (w: KindWorld) => [`tcp:3306-3306:${web(w)}`, `icmp:-1--1:${web(w)}`, `tcp:22-22:${web(w)}`];
  run = await kindCycle({ key: 'dbSecurityGroup', change: tampered({ IpProtocol: 'tcp', FromPort: 3306, ToPort: 3306, source: web }, want) });
});

it('natSecurityGroup (NAT instance): all traffic from the VPC', async () => {
  run = await kindCycle({ key: 'natSecurityGroup', settings: { nat: 'instance' }, unchangeable: 'the same converge as the web and DB groups above' });
});
