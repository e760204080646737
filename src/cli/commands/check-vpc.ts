import { promises as fs } from 'node:fs';
import ipaddr from 'ipaddr.js';
import { readOnly } from '../../aws/retry.js';
import { UsageError } from '../../engine/errors.js';
import { StateStore } from '../../engine/state.js';
import type { LabContext } from '../../lab/core/context.js';
import { resolveVpc, vpcsToCheck, type VpcChoice } from '../../lab/rules/vpc.js';
import { createContext, knownSettings } from '../../lab/session.js';
import { renderVpcCheck } from '../../ui/check.js';
import { msg } from '../../ui/messages/index.js';
import { checkSvgTarget, writeSvg } from '../svg-file.js';
import type { Reporter } from '../../ui/reporter.js';
import { selectTheme } from '../wizard.js';
import { probeServers } from './check-ssh.js';
import { validateCommonFlags, warnEndpointInClear, type Deps } from '../session.js';
import type { Clients } from '../../lab/core/context.js';
import { checkFailure, checkJson, checkPicture, liveSeams, type CheckVpcJson, type VpcCheckFlags } from './check-report.js';
import { checkVpc } from '../../lab/views/vpc-check.js';

/** --from: an IPv4 address or CIDR (an address alone is a /32). */
export function validateFrom(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const cidr = value.includes('/') ? value : `${value}/32`;
  if (!ipaddr.IPv4.isValidCIDR(cidr) || !ipaddr.IPv4.isValidFourPartDecimal(cidr.split('/')[0])) throw new UsageError(['err_fromCidr', value], ['hint_fromCidr']);
  return cidr;
}

/** --key: a file this user can read (the key pair's private key), checked before any call. */
async function validateKey(file: string | undefined): Promise<void> {
  if (file === undefined) return;
  await fs.access(file).catch(() => {
    throw new UsageError(['err_keyFile', file], ['hint_keyFile']);
  });
}

const choiceLine = (v: VpcChoice) => msg().vpccheck_pickLine(v.id, v.name, v.cidr, v.isDefault);

/** `check --vpc --json` with no value: the VPCs to pick from. */
interface VpcListJson {
  ok: false;
  command: 'check';
  vpcs: { vpc: string; name: string | null; cidr: string | null; isDefault: boolean }[];
}

/**
 * `--vpc` with no value: a select in a terminal; else the list, and exit 2 asking for one
 * (with --json, the list as JSON and exit 2: undefined).
 */
async function pickVpc(choices: VpcChoice[], flags: VpcCheckFlags, reporter: Reporter, deps: Deps): Promise<string | undefined> {
  if (choices.length === 0) throw new UsageError(['err_vpcNone'], ['hint_vpcNone']);
  if (flags.json) {
    reporter.json<VpcListJson>({ ok: false, command: 'check', vpcs: choices.map((v) => ({ vpc: v.id, name: v.name ?? null, cidr: v.cidr ?? null, isDefault: v.isDefault })) });
    process.exitCode = 2;
    return undefined;
  }
  if (!deps.interactive || !deps.prompter) throw new UsageError(['err_vpcPick', choices.map(choiceLine)], ['hint_vpcPick']);
  const prompter = await deps.prompter();
  return prompter.select({ message: msg().vpccheck_pickAsk, choices: choices.map((v) => ({ name: choiceLine(v), value: v.id })), ...(selectTheme() ? { theme: selectTheme() } : {}) } as never);
}

/** A context that may only read, looking at everything in one VPC (no lock, no state file: nothing is the tool's). */
function vpcContext(clients: Clients & { region: string }, vpcId: string, reporter: Reporter, deps: Deps): LabContext {
  const settings = knownSettings(vpcId, clients.region, undefined);
  return createContext({ clients, settings, stateDir: '', state: StateStore.inMemory(vpcId), clock: deps.clock, events: reporter, signal: new AbortController().signal, verifyOnly: true, scope: { by: 'vpc', vpcId } });
}

/**
 * `check --vpc <vpc-id | Name tag>`: a read-only check of a VPC the tool did not build
 * (issue 26) — which resource plays which part and why, the tutorial's requirements chapter
 * by chapter with each failing one's fix (console and AWS CLI), the paths and the gate that
 * blocks each, and what can be probed live from here. Exit 0 when every error-level finding
 * and every path is as it should be, 1 when one is not, 2 for bad input.
 */
export async function checkVpcCommand(flags: VpcCheckFlags, reporter: Reporter, deps: Deps): Promise<void> {
  await checkSvgTarget(flags);
  const from = validateFrom(flags.from);
  await validateKey(flags.key);
  validateCommonFlags(flags);
  warnEndpointInClear(flags, reporter);
  const clients = await deps.clients({ region: flags.region, profile: flags.profile, endpointUrl: flags.endpointUrl });
  const ec2 = readOnly(clients.ec2, 'ec2');
  const vpcId = flags.vpc === true ? await pickVpc(await vpcsToCheck(ec2), flags, reporter, deps) : await resolveVpc(ec2, String(flags.vpc));
  if (!vpcId) return;
  const ctx = vpcContext(clients, vpcId, reporter, deps);
  const key = flags.key;
  const { snapshot, report } = await checkVpc(ctx, vpcId, {
    from: from ?? deps.detectIp(),
    overrides: { web: flags.web, db: flags.db },
    seams: (s, roles) => liveSeams(flags, deps, key ? (timeoutMs) => probeServers(ctx, s, roles, key, flags, reporter, timeoutMs) : undefined),
  });
  if (await writeSvg(flags, checkPicture(snapshot, report), reporter)) {
    if (checkFailure(report)) process.exitCode = 1;
    return;
  }
  if (flags.json) {
    reporter.json<CheckVpcJson>(checkJson(report));
    if (checkFailure(report)) process.exitCode = 1;
    return;
  }
  reporter.result(renderVpcCheck(reporter.c, report));
  const failure = checkFailure(report);
  if (failure) throw failure;
}
