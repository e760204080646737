import type { Vpc } from '@aws-sdk/client-ec2';
import { inner, LabError, UsageError } from '../../engine/errors.js';
import { StateStore } from '../../engine/state.js';
import { knownSettings, createContext } from '../../lab/session.js';
import { isLab, tagValue, TAG_LAB } from '../../lab/core/tags.js';
import { planLeftovers, planTeardown, type TeardownItem, type TeardownPlan } from '../../lab/views/teardown.js';
import { findVpc, gatherVpc, record, recordOf, recordStrangers, releasable, runTeardown, TEARDOWN_READS } from '../../lab/views/teardown-run.js';
import { vpcTeardownStatements } from '../../lab/views/policy.js';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { msg, say } from '../../ui/messages/index.js';
import type { Reporter } from '../../ui/reporter.js';
import type { DestroyFlags } from '../flags.js';
import { onInterrupt } from '../run.js';
import { openStateLocation, takeLock, validateCommonFlags, warnEndpointInClear, type Deps } from '../session.js';

export interface DestroyVpcFlags extends DestroyFlags {
  /** --vpc: the VPC's ID or Name tag. */
  vpc?: string;
  /** --key-pair: delete the key pairs of its instances too. */
  keyPair?: boolean;
}

/** `destroy --vpc --json`: what was deleted, what was left alone, what stopped billing. */
export interface DestroyVpcJson {
  ok: true;
  command: 'destroy --vpc';
  natOnly: boolean;
  vpc: string;
  region: string;
  deleted: { kind: string; id: string }[];
  left: { kind: string; id: string; publicIp?: string }[];
  stopped: { hourly: number; monthly: number; unpriced: number };
}

/** One line per item: what it is, its state, what it bills. */
function itemLine(reporter: Reporter, i: TeardownItem): string {
  const m = msg();
  const detail = [i.attrs.cidr, i.attrs.type, i.attrs.publicIp, i.attrs.size && `${i.attrs.size} GB`].filter(Boolean).join(', ');
  const state = i.attrs.state ? reporter.c.dim(` ${m.teardown_state(i.attrs.state)}`) : '';
  const price = i.hourly === 0 ? reporter.c.dim(m.teardown_free) : m.teardown_price(i.hourly === undefined ? undefined : m.perHour(i.hourly));
  return `  - ${m.line_then(`${say(['teardown_item', i.kind, i.id, i.name, detail || undefined])}${state}`, price)}`;
}

/** The plan, as it will be done: every item, what stops billing, what is left alone. */
export function renderTeardown(reporter: Reporter, plan: TeardownPlan, natOnly: boolean): string {
  const m = msg();
  const c = reporter.c;
  const lines = [c.bold(natOnly ? m.teardown_headNat(plan.vpcId, plan.name, plan.region) : m.teardown_head(plan.vpcId, plan.name, plan.cidr, plan.region))];
  // The deletes in the order they are made (children first), the VPC last.
  const order = ['natGateway', 'instance', 'volume', 'address', 'networkInterface', 'internetGateway', 'groupRules', 'securityGroup', 'routeTable', 'networkAcl', 'subnet', 'keyPair', 'vpc'];
  for (const i of [...plan.items].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind))) lines.push(itemLine(reporter, i));
  lines.push(c.bold(m.teardown_stops(m.perHour(plan.hourly), m.perMonth(plan.monthly))));
  if (plan.unpriced) lines.push(c.yellow(m.teardown_unpriced(plan.unpriced)));
  if (plan.leftAlone.length) {
    lines.push(m.teardown_leftHead);
    for (const l of plan.leftAlone) {
      lines.push(`  - ${l.kind === 'keyPair' ? m.teardown_leftKeyPair(l.name, l.id) : c.yellow(m.teardown_leftIdle(l.id, l.publicIp, l.hourly === undefined ? undefined : m.perHour(l.hourly)))}`);
    }
  }
  return lines.join('\n');
}

const VPC_ID = /^vpc-[0-9a-f]+$/;

/** The VPC's ID: given, or the one VPC of the region whose Name tag it is. */
async function vpcIdOf(what: string, ec2: Parameters<typeof findVpc>[0], region: string): Promise<string> {
  if (VPC_ID.test(what)) return what;
  const vpcs = await findVpc(ec2, what);
  if (vpcs.length > 1) throw new UsageError(['err_vpcAmbiguous', what, vpcs.map((v) => v.VpcId!)], ['hint_vpcAmbiguous']);
  if (!vpcs.length) throw new UsageError(['err_vpcNotFound', what, region], ['hint_vpcNotFound']);
  return vpcs[0].VpcId!;
}

/** Not the default VPC, not a lab of the tool's (its own destroy knows what is the lab's). */
function refuseNotHandBuilt(vpc: Vpc): void {
  if (vpc.IsDefault) throw new UsageError(['err_teardownDefault', vpc.VpcId!], ['hint_teardownDefault']);
  const lab = tagValue(vpc.Tags, TAG_LAB);
  if (lab && isLab(vpc.Tags, lab)) throw new UsageError(['err_teardownIsLab', vpc.VpcId!, lab], ['hint_teardownIsLab', lab]);
}

/** Asked at a terminal, naming the VPC; --yes for scripts; without a terminal and --yes: exit 2. */
async function confirm(flags: DestroyVpcFlags, deps: Deps, reporter: Reporter, plan: TeardownPlan): Promise<boolean> {
  if (flags.yes) return true;
  const prompter = deps.interactive && deps.prompter ? await deps.prompter() : undefined;
  if (!prompter) {
    const command = `aws-lab-setup destroy --vpc ${plan.vpcId}${flags.natOnly ? ' --nat-only' : ''} --yes`;
    throw new UsageError(['err_noTerminal'], ['hint_noTerminalTeardown', command]);
  }
  reporter.stopSpinner();
  return prompter.confirm({ message: msg().teardown_confirm(plan.vpcId, plan.name), default: false });
}

/** `alsoDelete`: the IDs --also-delete named (destroy.ts reads the flag): idle addresses of the region to release too. */
export async function destroyVpcCommand(flags: DestroyVpcFlags, reporter: Reporter, deps: Deps, alsoDelete: ReadonlySet<string> = new Set()): Promise<void> {
  validateCommonFlags(flags);
  warnEndpointInClear(flags, reporter);
  const clients = await deps.clients({ region: flags.region, profile: flags.profile, endpointUrl: flags.endpointUrl });
  const location = await openStateLocation(flags, reporter, clients.sts);
  const what = flags.vpc!.trim();
  const vpcId = await vpcIdOf(what, { ec2: clients.ec2 }, clients.region);
  const stop = new AbortController();
  const settings = knownSettings(vpcId, clients.region, undefined);
  const context = (state: StateStore) => createContext({ clients, settings, stateDir: location.localDir, state, clock: deps.clock, events: reporter, signal: stop.signal, scope: { by: 'vpc', vpcId } });

  // The record lives under the VPC's ID, wherever the state lives; one run at a time. The
  // look (reads only) is made while the lock is taken.
  const command = flags.natOnly ? 'destroy --vpc --nat-only' : 'destroy --vpc';
  const [locked, looked] = await Promise.allSettled([takeLock(command, { name: vpcId, location }, clients, reporter, flags), gatherVpc(context(StateStore.inMemory(vpcId)), vpcId)]);
  if (locked.status === 'rejected') throw locked.reason;
  const lock = locked.value;
  const offInterrupt = onInterrupt(stop, reporter);
  try {
    if (looked.status === 'rejected') throw looked.reason;
    if (looked.value) refuseNotHandBuilt(looked.value.vpc);
    const state = await StateStore.open(location, vpcId, { guard: () => lock.check() });
    const ctx = context(state);
    const before = recordOf(state, vpcId);
    if (before && !flags.json) reporter.info(msg().teardown_finishing(vpcId));
    const recorded = new Set(before?.items.map((i) => i.id));
    const natOnly = Boolean(flags.natOnly || before?.natOnly);
    // A killed run's record: its addresses are the VPC's still, whatever holds them now.
    const facts = before && looked.value ? await gatherVpc(ctx, vpcId, recorded) : looked.value;
    // A record is a file anyone may edit (or another VPC's copied): each of its IDs still there must be the VPC's.
    const strangers = before ? await recordStrangers(ctx, before, facts) : [];
    if (strangers.length) {
      const found = strangers.map((x) => inner(['teardown_stranger', x.kind, x.id, x.where]));
      throw new LabError('TeardownRefused', ['err_teardownStrangers', vpcId, found], ['hint_teardownStrangers', vpcId, location.where], 1);
    }
    let plan: TeardownPlan;
    if (facts) plan = planTeardown(facts, { natOnly, keyPair: flags.keyPair, alsoDelete, recorded });
    else if (before) plan = planLeftovers(clients.region, vpcId, await releasable(ctx, before));
    else throw new UsageError(['err_vpcNotFound', what, clients.region], ['hint_vpcNotFound']);

    if (plan.foreign.length) {
      const found = plan.foreign.map((f) => inner(['teardown_foreign', f.kind, f.id, f.what]));
      throw new LabError('TeardownRefused', ['err_teardownForeign', vpcId, found], ['hint_teardownForeign'], 1);
    }
    if (!flags.json) reporter.info(renderTeardown(reporter, plan, natOnly));
    if (plan.items.length === 0) {
      await state.discard();
      if (flags.json) return json(reporter, plan, natOnly, []);
      return reporter.result(msg().teardown_nothing(vpcId));
    }
    if (!(await confirm(flags, deps, reporter, plan))) return reporter.info(msg().nothingDeleted);

    await record(state, plan, natOnly);
    const deleted = await runTeardown(ctx, stop, plan);
    await state.discard();
    if (flags.json) return json(reporter, plan, natOnly, deleted.map((s) => plan.items.find((i) => i.key === s.key)!));
    reporter.result(natOnly ? msg().teardown_natDone(deleted.length, vpcId) : msg().teardown_done(deleted.length, vpcId));
    if (natOnly && facts) reporter.info(msg().teardown_natBack(privateRouteTables(facts.routeTables, plan)));
  } finally {
    offInterrupt();
    await lock.release();
  }
}

/** The route tables whose 0.0.0.0/0 went to what --nat-only deleted: left as blackholes. */
function privateRouteTables(tables: NonNullable<Awaited<ReturnType<typeof gatherVpc>>>['routeTables'], plan: TeardownPlan): string[] {
  const gone = new Set(plan.items.map((i) => i.id));
  return tables.filter((t) => (t.Routes ?? []).some((r) => r.DestinationCidrBlock === '0.0.0.0/0' && (gone.has(r.NatGatewayId ?? '') || gone.has(r.InstanceId ?? '')))).map((t) => t.RouteTableId!);
}

function json(reporter: Reporter, plan: TeardownPlan, natOnly: boolean, deleted: TeardownItem[]): void {
  reporter.json<DestroyVpcJson>({
    ok: true,
    command: 'destroy --vpc',
    natOnly,
    vpc: plan.vpcId,
    region: plan.region,
    deleted: deleted.map((i) => ({ kind: i.kind, id: i.id })),
    left: plan.leftAlone.map((l) => ({ kind: l.kind, id: l.id, ...(l.publicIp ? { publicIp: l.publicIp } : {}) })),
    stopped: { hourly: plan.hourly, monthly: plan.monthly, unpriced: plan.unpriced },
  });
}

/**
 * `policy --vpc`: what tearing down that VPC needs, for the lab's policy — looked up with
 * reads only (the ARNs IAM cannot condition on the VPC are those found there now).
 */
export async function vpcPolicy(flags: DestroyVpcFlags, deps: Deps) {
  validateCommonFlags(flags);
  const clients = await deps.clients({ region: flags.region, profile: flags.profile, endpointUrl: flags.endpointUrl });
  const what = flags.vpc!.trim();
  const vpcId = await vpcIdOf(what, { ec2: clients.ec2 }, clients.region);
  const events = { started: () => undefined, progress: () => undefined, finished: () => undefined, failed: () => undefined };
  const ctx = createContext({ clients, settings: knownSettings(vpcId, clients.region, undefined), stateDir: '.', state: StateStore.inMemory(vpcId), clock: deps.clock, events, signal: new AbortController().signal, scope: { by: 'vpc', vpcId }, verifyOnly: true });
  const [facts, me] = await Promise.all([gatherVpc(ctx, vpcId), ctx.sts.send(new GetCallerIdentityCommand({}))]);
  if (!facts) throw new UsageError(['err_vpcNotFound', what, clients.region], ['hint_vpcNotFound']);
  refuseNotHandBuilt(facts.vpc);
  const ids = (kind: string) => planTeardown(facts, { keyPair: true }).items.filter((i) => i.kind === kind).map((i) => (kind === 'keyPair' ? i.attrs.keyName! : i.id));
  return vpcTeardownStatements(
    {
      region: clients.region,
      account: me.Account!,
      partition: me.Arn?.split(':')[1] ?? 'aws',
      vpcId,
      instances: ids('instance'),
      volumes: facts.volumes.map((v) => v.VolumeId!),
      addresses: ids('address'),
      internetGateways: ids('internetGateway'),
      keyPairs: ids('keyPair'),
    },
    TEARDOWN_READS,
  );
}
