/**
 * A class of learners as `class check` sees them (ui/class-check.ts LearnerCheck), from real
 * checks over the fake EC2: labs built by hand with plain SDK calls (fake-ec2/hand-built.ts),
 * each read as `check --vpc` reads it (lab/rules snapshotOfVpc, rolesOfVpc, evaluate,
 * withCli; lab/paths analyzePaths), drawn by ui/svg pictureSvg with its mistakes marked.
 * One correct lab, one with the mistakes learners make, one that could not be checked.
 * For test/unit/class-report.test.ts and test/e2e/class-report-browser.test.ts.
 */
import {
  DescribeInstancesCommand,
  DescribeRouteTablesCommand,
  DisassociateRouteTableCommand,
  RevokeSecurityGroupIngressCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { VirtualClock } from '../../src/engine/clock.js';
import type { StepEvents } from '../../src/engine/resource.js';
import { StateStore } from '../../src/engine/state.js';
import { analyzePaths } from '../../src/lab/paths/index.js';
import { withCli } from '../../src/lab/rules/cli.js';
import { evaluate, type Probe } from '../../src/lab/rules/index.js';
import { rolesOfVpc } from '../../src/lab/rules/roles.js';
import { snapshotOfVpc } from '../../src/lab/rules/vpc.js';
import { topologyOf } from '../../src/lab/views/topology.js';
import { createContext, knownSettings } from '../../src/lab/session.js';
import type { CheckView } from '../../src/ui/check.js';
import type { LearnerCheck } from '../../src/ui/class-check.js';
import type { Lang } from '../../src/ui/messages/index.js';
import { pictureSvg } from '../../src/ui/svg/index.js';
import { createFakeAws, type FakeAws } from './fake-ec2.js';
import { buildByHand } from './fake-ec2/hand-built.js';

const quiet: StepEvents = { started() {}, progress() {}, finished() {}, failed() {} };
/** "My IP" of the check. */
export const FROM = '203.0.113.7/32'; // the hand-built maker's "My IP"

/** The mistakes: the public route table made but not associated, HTTP never allowed in (as the DB server's MySQL rule stays). */
async function mistakes(ec2: EC2Client, vpc: string): Promise<void> {
  const tables = (await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc] }] }))).RouteTables!;
  const pub = tables.find((t) => t.Routes?.some((r) => r.GatewayId?.startsWith('igw-')))!;
  await ec2.send(new DisassociateRouteTableCommand({ AssociationId: pub.Associations!.find((a) => a.SubnetId)!.RouteTableAssociationId! }));
  const instances = (await ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc] }] }))).Reservations!.flatMap((r) => r.Instances!);
  const web = instances.find((i) => i.PublicIpAddress)!.SecurityGroups![0].GroupId!;
  await ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: web, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
}

/** One learner's check of a VPC, as `check --vpc` reads it. */
async function checkOf(fake: FakeAws, clock: VirtualClock, vpc: string, lang: Lang, pageAnswers: boolean): Promise<Pick<LearnerCheck, 'check' | 'picture'>> {
  const clients = { ec2: fake.ec2, ec2Once: fake.ec2, ssm: fake.ssm, scheduler: fake.scheduler, iam: fake.iam, sts: fake.sts, serviceQuotas: fake.serviceQuotas };
  const settings = knownSettings(vpc, 'us-east-1', undefined);
  const ctx = createContext({ clients, settings, stateDir: '', state: StateStore.inMemory(vpc), clock, events: quiet, signal: new AbortController().signal, verifyOnly: true, scope: { by: 'vpc', vpcId: vpc } });
  const snapshot = await snapshotOfVpc(ctx, vpc);
  const { roles, because } = rolesOfVpc(snapshot);
  const paths = analyzePaths(snapshot, roles, { from: FROM });
  // The page as a stand-in answers it (the fake's addresses are not servers); the rest not judged, as without --key.
  const page: Probe | undefined = pageAnswers ? { name: ['live_http', 'http://203.0.113.10/'], ok: true, detail: ['pageAnswered', 200] } : undefined;
  const findings = withCli(evaluate(snapshot, roles, { page }), { snapshot, roles, from: FROM });
  const live: CheckView['live'] = [
    page ? { probe: page.name, ok: true, detail: page.detail } : { probe: ['live_http', '-'], ok: null, detail: ['live_emulated', 'AWS_LAB_SETUP_WEB_URL'] },
    { probe: ['live_mariadb'], ok: null, detail: ['live_noKey'] },
  ];
  const check: CheckView = { vpc, region: snapshot.region, because, findings, paths, live };
  const sorted = [...findings].sort((a, b) => a.chapter - b.chapter);
  return { check, picture: pictureSvg(topologyOf(snapshot, roles), { lang, findings: sorted, paths }) };
}

/**
 * Three learners of class week1: alice built it right, bob with mistakes (his VPC is named
 * `<script>…`, his own Name tag), carol could not be checked (her role could not be assumed).
 */
export async function classOfThree(lang: Lang): Promise<LearnerCheck[]> {
  const clock = new VirtualClock();
  const fake = createFakeAws({ clock, timings: { instancePendingMs: 15_000, natPendingMs: 60_000, latencyMs: 0 } });
  try {
    const good = await buildByHand(fake.ec2, clock, '10.30');
    // His private subnet in another Availability Zone: the picture's arrows to and from the DB server come from above.
    const bad = await buildByHand(fake.ec2, clock, '10.40', 'us-east-1b');
    await mistakes(fake.ec2, bad);
    const alice = await checkOf(fake, clock, good, lang, true);
    const bob = await checkOf(fake, clock, bad, lang, false);
    bob.check!.vpcName = BOB_VPC_NAME;
    return [
      { learner: 'alice', lab: 'week1-alice', where: '111122223333 / us-east-1', handBuilt: true, ...alice },
      { learner: 'bob', lab: 'week1-bob', where: '444455556666 / us-east-1', handBuilt: true, ...bob },
      { learner: 'carol', lab: 'week1-carol', where: '777788889999 / us-east-1', handBuilt: false, error: ['err_assumeRole', 'arn:aws:iam::777788889999:role/OrganizationAccountAccessRole', 'AccessDenied'] },
    ];
  } finally {
    fake.restore();
  }
}

/** A learner's own Name tag that must never run as markup. */
export const BOB_VPC_NAME = '<script>document.title="pwned"</script>';
