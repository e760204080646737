/**
 * The tutorial's rules over a lab the tool built on the fake EC2: its snapshot
 * (snapshotOfLab: the inventory, the VPC's DNS attributes, its network ACLs) and roles
 * (rolesOfLab) pass every structural rule, and `check --json` carries them as findings
 * beside its results, `status --json` as its findings; a mistake made by hand shows as the
 * rule it breaks. And the kinds'
 * own findings use the tutorial's ids or the lab's (lab.…).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DescribeRouteTablesCommand, DisassociateRouteTableCommand, RevokeSecurityGroupIngressCommand, DescribeSecurityGroupsCommand } from '@aws-sdk/client-ec2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkCommand } from '../../src/cli/commands/check.js';
import { statusCommand } from '../../src/cli/commands/status.js';
import type { Topology } from '../../src/lab/views/topology.js';
import { renderDiagram } from '../../src/ui/diagram.js';
import { RULES } from '../../src/lab/rules/index.js';
import { createHarness, type Harness } from '../support/drive.js';
import { fakeSsh } from '../support/fake-ssh.js';

interface StatusJson {
  findings: CheckJson['findings'];
  topology: Topology | null;
}

interface CheckJson {
  ok: boolean;
  results: { name: string; ok: boolean; detail: string }[];
  findings: { rule: string; chapter: number; ok: boolean | null; severity: string; resource?: string; reason: string; fix: { console: string | null; cli: string | null } | null }[];
  paths: { path: string; ok: boolean | null }[];
}

describe('the rules over a lab built on the fake', () => {
  let h: Harness;
  let dir: string;
  const sshBefore = process.env.AWS_LAB_SETUP_SSH;

  beforeEach(() => {
    h = createHarness();
    dir = mkdtempSync(path.join(os.tmpdir(), 'aws-lab-rules-'));
    process.env.AWS_LAB_SETUP_SSH = fakeSsh(dir).bin;
  });
  afterEach(async () => {
    if (sshBefore === undefined) delete process.env.AWS_LAB_SETUP_SSH;
    else process.env.AWS_LAB_SETUP_SSH = sshBefore;
    rmSync(dir, { recursive: true, force: true });
    await h.close();
  });

  /** `check --json` of the lab: the last JSON document written. */
  async function check(): Promise<CheckJson> {
    const before = h.stdout().length;
    process.exitCode = undefined;
    await checkCommand({ stateDir: h.stateDir, json: true, webUrl: 'http://web.example/' }, h.reporter, h.deps);
    process.exitCode = undefined;
    return JSON.parse(h.stdout().slice(before).trim()) as CheckJson;
  }

  /** `status` of the lab: its --json document, or its text. */
  async function status(json: true): Promise<StatusJson>;
  async function status(json: false): Promise<string>;
  async function status(json: boolean): Promise<StatusJson | string> {
    const before = h.stdout().length;
    await statusCommand({ stateDir: h.stateDir, json }, h.reporter, h.deps);
    const out = h.stdout().slice(before);
    return json ? (JSON.parse(out.trim()) as StatusJson) : out;
  }

  it('passes every rule, structural and live, and check --json keeps its results beside the findings', async () => {
    await h.up();
    const doc = await check();
    expect(doc.ok).toBe(true);
    expect(doc.results.map((r) => r.ok)).toEqual([true, true, true]);
    expect(doc.results[0]).toMatchObject({ name: 'HTTP GET http://web.example/', detail: 'answered 200' });
    expect(doc.findings.filter((f) => f.ok !== true)).toEqual([]);
    // The same paths as a VPC built by hand (issue 26 item 5): all as the tutorial wants them.
    expect(doc.paths.filter((p) => p.ok !== true)).toEqual([]);
    // Every rule judged, the live ones by the probes.
    expect(new Set(doc.findings.map((f) => f.rule))).toEqual(new Set(RULES.map((r) => r.id)));
    expect(doc.findings.find((f) => f.rule === 'network.public-route')).toMatchObject({ chapter: 1, ok: true, severity: 'error', reason: expect.stringMatching(/^subnet subnet-\S+ sends 0\.0\.0\.0\/0 to igw-/) });
    expect(doc.findings.find((f) => f.rule === 'apache.page')).toMatchObject({ ok: true, reason: 'HTTP GET http://web.example/: answered 200' });
  });

  it("a public route table taken off its subnet fails network.public-route, with the console's fix, and fails the check", async () => {
    await h.up();
    const tables = (await h.fake.ec2.send(new DescribeRouteTablesCommand({}))).RouteTables!;
    const assoc = tables.flatMap((t) => t.Associations ?? []).find((a) => !a.Main && tables.some((t) => t.Routes?.some((r) => r.GatewayId?.startsWith('igw-')) && t.RouteTableId === a.RouteTableId));
    await h.fake.ec2.send(new DisassociateRouteTableCommand({ AssociationId: assoc!.RouteTableAssociationId }));
    const doc = await check();
    expect(doc.ok).toBe(false);
    expect(doc.findings.filter((f) => f.ok === false).map((f) => f.rule)).toEqual(['network.public-route']);
    expect(doc.findings.find((f) => f.rule === 'network.public-route')!.fix!.console).toMatch(/^VPC console > Route tables > .* > Subnet associations > Edit subnet associations/);
    expect(doc.findings.find((f) => f.rule === 'network.public-route')!.fix!.cli).toMatch(/^aws ec2 associate-route-table --route-table-id rtb-\S+ --subnet-id subnet-/);
    expect(doc.paths.filter((p) => p.ok === false).map((p) => p.path)).toEqual(['internet-web-http', 'you-web-ssh', 'db-internet']);
  });

  /** A lab with ICMP taken out of the DB group by hand (the console's "Edit inbound rules"). */
  async function withoutDbIcmp(): Promise<void> {
    await h.up();
    const groups = (await h.fake.ec2.send(new DescribeSecurityGroupsCommand({}))).SecurityGroups!;
    const db = groups.find((g) => g.IpPermissions?.some((p) => p.IpProtocol === 'icmp'))!;
    await h.fake.ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: db.GroupId, IpPermissions: db.IpPermissions!.filter((p) => p.IpProtocol === 'icmp') }));
  }

  it('ICMP taken out of the DB group fails db.icmp-from-web only', async () => {
    await withoutDbIcmp();
    const doc = await check();
    expect(doc.findings.filter((f) => f.ok === false).map((f) => f.rule)).toEqual(['db.icmp-from-web']);
    expect(doc.ok).toBe(false);
  });

  it('ICMP taken out of the DB group: --json fails db.icmp-from-web, the text says it in one line, and the picture loses its ICMP label', async () => {
    await withoutDbIcmp();
    const doc = await status(true);
    expect(doc.findings.filter((f) => f.ok === false).map((f) => f.rule)).toEqual(['db.icmp-from-web']);
    expect(doc.findings.find((f) => f.rule === 'db.icmp-from-web')).toMatchObject({ chapter: 4, severity: 'error', reason: expect.any(String), resource: expect.stringMatching(/^sg-|^i-/) });
    expect(renderDiagram(doc.topology!)).not.toContain('ICMP');
    const said = (await status(false)).split('\n').filter((l) => l.includes('db.icmp-from-web'));
    expect(said).toHaveLength(1);
  });
});

describe("the kinds' findings", () => {
  it("use the tutorial's ids where they are the same fact, else the lab's own (lab.…)", () => {
    const dir = new URL('../../src/lab/kinds/', import.meta.url);
    const ids = readdirSync(dir).flatMap((f) => [...readFileSync(new URL(f, dir), 'utf8').matchAll(/(?:drifted|conflicting)\(\s*'([^']+)'/g)].map((m) => m[1]));
    expect(ids.length).toBeGreaterThan(8);
    const tutorial = new Set(RULES.map((r) => r.id));
    expect(ids.filter((id) => !id.startsWith('lab.') && !tutorial.has(id))).toEqual([]);
    expect(ids).toEqual(expect.arrayContaining(['network.dns-hostnames', 'network.internet-gateway', 'db.nat', 'lab.vpc-cidr', 'lab.instance-type']));
  });
});
