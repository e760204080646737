import {
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  PutRolePermissionsBoundaryCommand,
  PutRolePolicyCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { isAccessDenied, isAlreadyExists, isNotFound, unlessNotFound } from '../../aws/errors.js';
import { LabError, type Words } from '../../engine/errors.js';
import { drifted } from '../../engine/finding.js';
import type { Live, Resource } from '../../engine/resource.js';
import { knowable, type Account, type LabContext } from '../core/context.js';
import { isLab, labTags } from '../core/tags.js';
import { label, type Labelled } from '../core/label.js';

/** A policy document: what IAM stores as JSON (and hands back URL-encoded). */
export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: Record<string, unknown>[];
}

/** The same document, whatever the key order or encoding IAM answers with. */
export function samePolicy(stored: string | undefined, wanted: PolicyDocument): boolean {
  if (!stored) return false;
  try {
    return canonical(JSON.parse(decodeURIComponent(stored))) === canonical(wanted);
  } catch {
    return false;
  }
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** The account and partition a role's ARN names: arn:aws:iam::123456789012:role/… */
export function accountOf(arn: string | undefined): Account | undefined {
  const parts = arn?.split(':');
  return parts && parts.length >= 6 ? { partition: parts[1], id: parts[4] } : undefined;
}

export interface RoleSpec {
  key: Labelled<[name: string]>;
  chapter: number;
  /** The AWS service that may take the role on: scheduler.amazonaws.com. */
  service: string;
  /** IAM names are per account, not per region: the region is part of the name. */
  name: (ctx: LabContext) => string;
  /** May a refusal to look be taken as "not there"? (A lab without expiry needs no IAM rights.) */
  optional?: (ctx: LabContext) => boolean;
  /** What of the service's may take the role on (aws:SourceArn): the lab's schedule group. */
  sourceArn: (ctx: LabContext, account: Account) => string;
}

/** Only the service, only on behalf of this account, only for `source` (the confused-deputy guards). */
export function trustPolicy(service: string, account: string, source: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: service },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': account }, ArnLike: { 'aws:SourceArn': source } },
      },
    ],
  };
}

/**
 * The managed policy an administrator creates once (`policy --boundary`): every role the tool
 * makes carries it as its permissions boundary, and the printed policy lets no role be made or
 * given a policy without it — so no role of the tool's can do more than the expiry does.
 */
export const BOUNDARY_POLICY_NAME = 'aws-lab-setup-expiry-boundary';
/** What an administrator runs once per account to make it (typed as it is, in every language). */
const CREATE_BOUNDARY = `aws-lab-setup policy --boundary > boundary.json && aws iam create-policy --policy-name ${BOUNDARY_POLICY_NAME} --policy-document file://boundary.json`;
export const boundaryArn = (a: Account) => `arn:${a.partition}:iam::${a.id}:policy/${BOUNDARY_POLICY_NAME}`;

/** Where the tool's roles live (an ARN of one that exists: role/aws-lab-setup/NAME). */
export const ROLE_PATH = '/aws-lab-setup/';

/**
 * An IAM role a service runs the lab's work as. IAM has no idempotency token: the role is
 * found by its name, and a name taken by something not tagged for the lab stops `up`.
 */
export function iamRole(spec: RoleSpec): Resource<LabContext> {
  const { key } = spec;
  const lookup = async (ctx: LabContext): Promise<Live | undefined> => {
    try {
      const { Role: r } = await ctx.iam.send(new GetRoleCommand({ RoleName: spec.name(ctx) }));
      // A role of that name not tagged for the lab is not the lab's: never adopted, changed
      // or deleted (create then stops with RoleTaken).
      if (!r || !isLab(r.Tags, ctx.settings.name)) return undefined;
      return { id: r.RoleName!, attrs: { arn: r.Arn, trust: r.AssumeRolePolicyDocument, boundary: r.PermissionsBoundary?.PermissionsBoundaryArn } };
    } catch (err) {
      if (isNotFound(err) || (isAccessDenied(err) && spec.optional?.(ctx))) return undefined;
      throw err;
    }
  };
  // Discovery and the step both look: one GetRole a run.
  const find = (ctx: LabContext) => ctx.inventory.remember(`iam-role:${spec.name(ctx)}`, () => lookup(ctx));
  const ownAccount = (live: Live): Account => accountOf(live.attrs.arn) ?? { partition: 'aws', id: '' };
  const wantedTrust = (ctx: LabContext, live: Live) => trustPolicy(spec.service, ownAccount(live).id, spec.sourceArn(ctx, ownAccount(live)));
  const wantedBoundary = (live: Live) => boundaryArn(ownAccount(live));
  /**
   * A role from before issue 25 has no boundary: the printed policy may not give it one (nor
   * change its policy), so converge puts it on only with an administrator's credentials, and
   * otherwise says the one command that does.
   */
  const putBoundary = async (ctx: LabContext, live: Live): Promise<void> => {
    try {
      await ctx.iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: live.id, PermissionsBoundary: wantedBoundary(live) }));
    } catch (err) {
      if (!isAccessDenied(err)) throw err;
      const command = `aws iam put-role-permissions-boundary --role-name ${live.id} --permissions-boundary ${wantedBoundary(live)}`;
      throw new LabError('PermissionDenied', ['err_roleBoundary', live.id], ['hint_roleBoundary', command]);
    }
  };
  return {
    key,
    kind: 'IamRole',
    chapter: spec.chapter,
    dependsOn: [],
    actions: ['iam:GetRole', 'iam:CreateRole', 'iam:TagRole', 'iam:UpdateAssumeRolePolicy', 'iam:PutRolePermissionsBoundary', 'iam:DeleteRole', 'sts:GetCallerIdentity'],
    label: (ctx) => label(key, spec.name(ctx)),
    find,
    async create(ctx) {
      const account = await ctx.account();
      try {
        const { Role: r } = await ctx.iam.send(
          new CreateRoleCommand({
            RoleName: spec.name(ctx),
            Path: ROLE_PATH,
            // AWS's own text (Latin-1 only there), not the label: the lab name and region are ASCII.
            Description: `aws-lab-setup: assumed by ${spec.service} for lab ${ctx.settings.name} in ${ctx.settings.region}`,
            AssumeRolePolicyDocument: JSON.stringify(trustPolicy(spec.service, account.id, spec.sourceArn(ctx, account))),
            PermissionsBoundary: boundaryArn(account),
            Tags: labTags(ctx.settings.name, key, `expiry-${ctx.settings.region}`, ctx.settings.extraTags),
          }),
        );
        return { id: r!.RoleName!, attrs: { arn: r!.Arn, trust: r!.AssumeRolePolicyDocument, boundary: boundaryArn(account) } };
      } catch (err) {
        // IAM names a boundary policy that does not exist as NoSuchEntity: an administrator makes it once.
        if (isNotFound(err)) throw new LabError('PermissionDenied', ['err_noBoundary', boundaryArn(account)], ['hint_noBoundary', CREATE_BOUNDARY]);
        if (!isAlreadyExists(err)) throw err;
        // Made by a call whose answer was lost (the SDK sent it again), or someone else's.
        const found = await lookup(ctx);
        if (found) return found;
        throw new LabError('RoleTaken', ['err_roleTaken', spec.name(ctx)], ['hint_roleTaken'], 2);
      }
    },
    check: (ctx, live) => [
      ...(live.attrs.boundary === wantedBoundary(live) ? [] : [drifted('lab.role-boundary', spec.chapter, live.id, ['drift_roleBoundary', BOUNDARY_POLICY_NAME])]),
      ...(samePolicy(live.attrs.trust, wantedTrust(ctx, live)) ? [] : [drifted('lab.role-trust', spec.chapter, live.id, ['drift_roleTrust', spec.service])]),
    ],
    async converge(ctx, live, step) {
      let now = live;
      // The boundary first: only an administrator's credentials get past it, and they may fix the trust too.
      if (live.attrs.boundary !== wantedBoundary(live)) {
        await putBoundary(ctx, live);
        step.changed(['changed_roleBoundary', BOUNDARY_POLICY_NAME]);
        now = { ...now, attrs: { ...now.attrs, boundary: wantedBoundary(live) } };
      }
      const trust = wantedTrust(ctx, live);
      if (samePolicy(live.attrs.trust, trust)) return now;
      await ctx.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: live.id, PolicyDocument: JSON.stringify(trust) }));
      step.changed(['changed_roleTrust', spec.service]);
      return { ...now, attrs: { ...now.attrs, trust: JSON.stringify(trust) } };
    },
    async delete(ctx, live) {
      await ctx.iam.send(new DeleteRoleCommand({ RoleName: live.id }));
    },
  };
}

export interface RolePolicySpec {
  key: string;
  chapter: number;
  role: string;
  /** The inline policy's name on the role. */
  name: string;
  dependsOn: string[];
  document: (ctx: LabContext, account: Account) => PolicyDocument;
  /** Its label by key and values (Resource.label): ['res_expiryPolicy', natKey]. */
  label: (ctx: LabContext) => Words;
}

/** The one inline policy of a role: what it may do, on which of the lab's resources. */
export function rolePolicy(spec: RolePolicySpec): Resource<LabContext> {
  const { key } = spec;
  const wanted = (ctx: LabContext) => {
    const role = ctx.live.get(spec.role);
    const account = accountOf(role?.attrs.arn);
    if (!role || !account) throw new Error(`internal: ${spec.role} is not known yet`);
    return spec.document(ctx, account);
  };
  const put = async (ctx: LabContext): Promise<Live> => {
    const role = ctx.live.get(spec.role)!;
    const document = JSON.stringify(wanted(ctx));
    await ctx.iam.send(new PutRolePolicyCommand({ RoleName: role.id, PolicyName: spec.name, PolicyDocument: document }));
    return { id: `${role.id}/${spec.name}`, attrs: { role: role.id, document } };
  };
  return {
    key,
    kind: 'IamRolePolicy',
    chapter: spec.chapter,
    dependsOn: [spec.role, ...spec.dependsOn],
    actions: ['iam:GetRolePolicy', 'iam:PutRolePolicy', 'iam:DeleteRolePolicy'],
    label: spec.label,
    async find(ctx) {
      const role = ctx.live.get(spec.role);
      if (!role) return undefined;
      return ctx.inventory.remember(`iam-role-policy:${role.id}/${spec.name}`, async () => {
        const out = await unlessNotFound(ctx.iam.send(new GetRolePolicyCommand({ RoleName: role.id, PolicyName: spec.name })));
        return out && { id: `${role.id}/${spec.name}`, attrs: { role: role.id, document: out.PolicyDocument } };
      });
    },
    // PutRolePolicy replaces the document whole: making it and fixing it are one call.
    create: (ctx) => put(ctx),
    check(ctx, live) {
      // The plan of a lab still to be made (or re-made) has no servers or NAT to name yet.
      const document = knowable(() => wanted(ctx));
      if (!document) return [];
      return samePolicy(live.attrs.document, document) ? [] : [drifted('lab.role-policy', spec.chapter, live.id, ['drift_rolePolicy'])];
    },
    async converge(ctx, live, step) {
      if (samePolicy(live.attrs.document, wanted(ctx))) return live;
      const again = await put(ctx);
      step.changed(['changed_rolePolicy']);
      return again;
    },
    async delete(ctx, live) {
      await ctx.iam.send(new DeleteRolePolicyCommand({ RoleName: live.attrs.role, PolicyName: spec.name }));
    },
  };
}
