import net from 'node:net';
import { WEB_URL_ENV } from '../../aws/web-page.js';
import { inEnglish, LabError, type Words } from '../../engine/errors.js';
import { checkFindingJson } from '../../engine/finding.js';
import type { VpcSnapshot } from '../../lab/core/snapshot.js';
import { pathJson } from '../../lab/paths/index.js';
import { failures, type CheckReport, type LiveSeams } from '../../lab/views/vpc-check.js';
import type { CommonFlags } from '../flags.js';
import type { SvgFlags } from '../svg-file.js';
import { currentLang } from '../../ui/messages/index.js';
import { reportPicture } from '../../ui/class-check.js';
import type { Deps } from '../session.js';
import { sshTarget } from '../ssh-files.js';


/** `check --vpc` and its options (issue 26). */
export interface VpcCheckFlags extends CommonFlags, SvgFlags {
  /** An ID or Name tag; true: no value given (list the VPCs to pick from). */
  vpc?: string | true;
  web?: string;
  db?: string;
  from?: string;
  key?: string;
  timeout?: string;
}

/** The endpoint is an emulator (--endpoint-url or AWS_ENDPOINT_URL): its addresses are not servers. */
const emulated = (flags: CommonFlags, env = process.env) => Boolean(flags.endpointUrl ?? env.AWS_ENDPOINT_URL);

/** TCP to a port: open, refused (the packets arrive: the OS answers) or timed out (dropped on the way: AWS's gates). */
function probeTcp(host: string, port: number, timeoutMs: number): Promise<{ ok: boolean; detail: Words }> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean, detail: Words) => {
      socket.destroy();
      resolve({ ok, detail });
    };
    socket.setTimeout(timeoutMs, () => done(false, ['live_sshTimeout']));
    socket.once('connect', () => done(true, ['live_sshOpen']));
    socket.once('error', (err: NodeJS.ErrnoException) => done(false, err.code === 'ECONNREFUSED' ? ['live_sshRefused'] : ['live_sshError', err.code ?? err.message]));
  });
}

/**
 * The live probes' reach for a check from this machine: the page as `up` asks it, TCP 22,
 * and against an emulator only the stand-ins (AWS_LAB_SETUP_WEB_URL, _SSH_TARGET).
 */
export function liveSeams(flags: VpcCheckFlags, deps: Pick<Deps, 'page'>, servers?: LiveSeams['servers']): LiveSeams {
  const standIn = sshTarget(flags);
  return {
    timeoutMs: Number(flags.timeout ?? 10) * 1000,
    page: deps.page,
    tcp: probeTcp,
    emulated: emulated(flags),
    pageStandIn: Boolean(process.env[WEB_URL_ENV]),
    ...(standIn ? { sshStandIn: { host: standIn.host, port: standIn.port } } : {}),
    ...(servers ? { servers } : {}),
  };
}

/** Exit 1 when anything the tutorial needs is not as it should be (warnings do not count). */
export function checkFailure(r: CheckReport): LabError | undefined {
  const n = failures(r);
  return n ? new LabError('CheckFailed', ['err_vpcFailed', n], ['hint_vpcFailed']) : undefined;
}

/** `check --json` of a VPC (issue 26 item 6), in English. */
export function checkJson(r: CheckReport) {
  const { roles } = r;
  return {
    ok: failures(r) === 0,
    command: 'check' as const,
    vpc: r.vpc,
    lab: r.lab ?? null,
    roles: {
      vpc: roles.vpc,
      publicSubnet: roles.publicSubnet ?? null,
      privateSubnet: roles.privateSubnet ?? null,
      internetGateway: roles.internetGateway ?? null,
      web: roles.web ?? null,
      db: roles.db ?? null,
      nat: roles.nat?.id ?? null,
    },
    because: r.because.map((b) => ({ role: b.role, resource: b.resource, reason: inEnglish(b.reason) })),
    findings: r.findings.map(checkFindingJson),
    paths: r.paths.map(pathJson),
    live: r.live.map((l) => ({ probe: inEnglish(l.probe), ok: l.ok, detail: inEnglish(l.detail) })),
  };
}

export type CheckVpcJson = ReturnType<typeof checkJson>;

/**
 * What was checked, drawn (`--svg`): the failing findings marked and numbered in the order
 * the check lists them (chapter by chapter), each blocked path broken at its gate.
 */
export function checkPicture(snapshot: VpcSnapshot, report: CheckReport): string {
  return reportPicture(snapshot, report, currentLang());
}
