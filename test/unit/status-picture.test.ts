/**
 * `status` of a lab built on the fake EC2: its picture (topology) and the tutorial's
 * findings come from one snapshot of EC2's own items (lab/rules/lab.ts: snapshotOfLab,
 * rolesOfLab), as a VPC built by hand is read. The default lab, a NAT-instance lab, a lab
 * built --until web, none at all (a drifted lab: rules-lab.test.ts); and the VPC's
 * attributes the rules need are asked beside discovery, not after it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { statusCommand } from '../../src/cli/commands/status.js';
import { RULES, LIVE_RULES } from '../../src/lab/rules/index.js';
import type { Topology } from '../../src/lab/views/topology.js';
import { renderDiagram } from '../../src/ui/diagram.js';
import { width } from '../../src/ui/width.js';
import { createHarness, SSH_CIDR, type Harness } from '../support/drive.js';

interface StatusJson {
  ok: boolean;
  chapters: { chapter: number; done: string }[];
  findings: { rule: string; chapter: number; ok: boolean | null; severity: string; resource?: string; reason: string; fix?: string }[];
  topology: Topology | null;
}

const aligned = (text: string) => new Set(text.split('\n').filter((l) => /^[┌│└+|]/.test(l)).map(width)).size === 1;

describe('status of a lab built on the fake', () => {
  let h: Harness;
  let sent: string[];

  beforeEach(() => {
    sent = [];
    h = createHarness({ onSend: (name) => sent.push(name) });
  });
  afterEach(() => h.close());

  async function status(json = true): Promise<string> {
    const before = h.stdout().length;
    sent.length = 0;
    await statusCommand({ stateDir: h.stateDir, json }, h.reporter, h.deps);
    return h.stdout().slice(before);
  }
  const statusJson = async () => JSON.parse((await status()).trim()) as StatusJson;

  it("the default lab: subnets by role, the servers, the NAT gateway, and the flows found in its groups, named by the tutorial's table", async () => {
    await h.up();
    const { topology: t } = await statusJson();
    expect(t!.subnets.map((s) => [s.role, s.cidr])).toEqual([
      ['public', '10.0.1.0/24'],
      ['private', '10.0.2.0/24'],
    ]);
    expect(t!.vpc).toMatchObject({ id: expect.stringMatching(/^vpc-/), cidr: '10.0.0.0/16' });
    expect(t!.internetGateway).toEqual({ id: expect.stringMatching(/^igw-/), attached: true });
    expect(t!.servers.web).toMatchObject({ elasticIp: true, subnet: t!.subnets[0].id, publicIp: expect.any(String) });
    expect(t!.servers.db).toMatchObject({ elasticIp: false, subnet: t!.subnets[1].id });
    expect(t!.servers.db!.publicIp).toBeUndefined();
    expect(t!.nat).toMatchObject({ kind: 'gateway', subnet: t!.subnets[0].id, publicIp: expect.any(String) });
    const [webGroup] = t!.servers.web!.securityGroups;
    expect(t!.flows.map((f) => (f.kind === 'rule' ? [f.from, f.to, f.protocol, f.ports?.from, 'cidr' in f.source ? f.source.cidr : f.source.group === webGroup, f.tutorial] : [f.kind, f.via.map((v) => v.kind)]))).toEqual([
      ['internet', 'web', 'tcp', 80, '0.0.0.0/0', 'web-http'],
      ['internet', 'web', 'tcp', 22, SSH_CIDR, 'web-ssh'],
      ['web', 'db', 'tcp', 3306, true, 'db-mysql'],
      ['web', 'db', 'tcp', 22, true, 'db-ssh'],
      ['web', 'db', 'icmp', undefined, true, 'db-icmp'],
      ['route', ['nat-gateway', 'internet-gateway']],
    ]);
    const text = renderDiagram(t!, { nat: 'gateway' });
    expect(text).not.toContain('(missing)');
    expect(text).toMatch(/│ +3306 +│/);
    expect(aligned(text)).toBe(true);
  });

  it('a NAT-instance lab: the private route names the instance, the way out goes through it', async () => {
    await h.up({ nat: 'instance' });
    const { topology: t } = await statusJson();
    expect(t!.nat).toMatchObject({ kind: 'instance', id: expect.stringMatching(/^i-/), subnet: t!.subnets[0].id });
    expect(t!.subnets[1].routes.find((r) => r.destination === '0.0.0.0/0')!.target).toEqual({ kind: 'instance', id: t!.nat!.id });
    expect(t!.flows.at(-1)).toMatchObject({ kind: 'route', via: [{ kind: 'instance', id: t!.nat!.id }, { kind: 'internet-gateway' }] });
    expect(renderDiagram(t!)).toMatch(/route 0\.0\.0\.0\/0 -> NAT instance/);
  });

  it("a lab built --until web: the internet's flows, no DB server and no way out; it draws, and its text shows no finding of the chapters not built", async () => {
    await h.up({ until: 'web' });
    const doc = await statusJson();
    const t = doc.topology!;
    expect(t.flows.map((f) => f.kind === 'rule' && f.tutorial)).toEqual(['web-http', 'web-ssh']);
    expect(t.servers.db).toBeUndefined();
    const text = renderDiagram(t, { nat: 'gateway' });
    expect(text).toMatch(/DB server \(missing\)/);
    expect(aligned(text)).toBe(true);
    // --json has every rule's finding (the DB's fail: it is not there yet); the text only the built chapters'.
    expect(doc.findings.filter((f) => f.ok === false).every((f) => f.chapter === 4)).toBe(true);
    expect(doc.findings.some((f) => f.ok === false)).toBe(true);
    const said = await status(false);
    expect(said).not.toMatch(/\b(db|network|web|apache)\.[a-z-]+/);
  });

  it('no lab: no topology, no findings', async () => {
    const doc = await statusJson();
    expect(doc.topology).toBeNull();
    expect(doc.findings).toEqual([]);
  });

  it("a finished lab: every rule but the live ones (status does not probe) judged, all passing; the text shows none", async () => {
    await h.up();
    const doc = await statusJson();
    expect(new Set(doc.findings.map((f) => f.rule))).toEqual(new Set(RULES.filter((r) => !LIVE_RULES.has(r.id)).map((r) => r.id)));
    expect(doc.findings.filter((f) => f.ok !== true)).toEqual([]);
    expect(await status(false)).not.toMatch(/\b(db|network|web|apache)\.[a-z-]+/);
  });

  it("asks the VPC's attributes and ACLs while discovery runs, not after it", async () => {
    await h.up();
    await status();
    const extras = ['DescribeVpcAttribute', 'DescribeNetworkAcls'];
    expect(sent.filter((n) => extras.includes(n))).toHaveLength(3);
    const firstExtra = sent.findIndex((n) => extras.includes(n));
    const lastOther = sent.length - 1 - [...sent].reverse().findIndex((n) => !extras.includes(n));
    expect(firstExtra).toBeLessThan(lastOther);
  });
});
