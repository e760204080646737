import path from 'node:path';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { SchedulerClient } from '@aws-sdk/client-scheduler';
import type { ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { STSClient } from '@aws-sdk/client-sts';
import type { Sender } from '../../aws/retry.js';
import type { EngineContext, Live } from '../../engine/resource.js';
import { keyFilePath } from '../../engine/store/folder.js';
import type { LabSettings } from './config.js';
import type { Inventory } from './inventory.js';

/** The lab's clients (passed in, so tests swap them). */
export interface Clients {
  ec2: Sender<EC2Client>;
  /** No automatic resend: for the creates that have no idempotency token (see aws/clients.ts). */
  ec2Once: Sender<EC2Client>;
  ssm: Sender<SSMClient>;
  scheduler: Sender<SchedulerClient>;
  iam: Sender<IAMClient>;
  sts: Sender<STSClient>;
  /** The preflight's quotas. */
  serviceQuotas: Sender<ServiceQuotasClient>;
}

/** What every lab resource gets: the clients, settings, look-ups. */
export interface LabContext extends EngineContext, Clients {
  settings: LabSettings;
  inventory: Inventory;
  /** Where the state file (and a created key pair's private key) live. */
  stateDir: string;
  /** Where a created key pair's private key is saved (mode 0600). */
  privateKeyPath: string;
  /** The last chapter this run builds (up --until); later ones are left for a later run. */
  until: number;
  /**
   * The sentence of the web page Apache serves (chapter 3), said by ui in the language of the
   * run that launches the server; absent: English (lab/chapters/apache.ts).
   */
  webPage?: string;
  /** The availability zone for both subnets: one that offers the instance type. */
  zone(): Promise<string>;
  /** The AMI to launch: --ami, or the latest Amazon Linux 2023 (looked up once, when needed). */
  ami(): Promise<string>;
  /** The account and partition of the credentials (sts:GetCallerIdentity, asked once, when needed). */
  account(): Promise<Account>;
  /**
   * Resources the user named as playing the lab's parts, by key ("vpc-0abc plays the VPC",
   * "subnet-0def plays the public subnet"): found by these IDs first, whatever their tags
   * (inventory.ts `choose`). None: the lab finds its own by their tags, as always.
   */
  bindings?: Readonly<Record<string, string>>;
}

export interface Account {
  id: string;
  /** "aws", "aws-cn", "aws-us-gov": the first part of every ARN. */
  partition: string;
}

/** The live record of a parent this step depends on; the engine guarantees it is there. */
export function parent(ctx: LabContext, key: string): Live {
  const live = ctx.live.get(key);
  if (!live) throw new Error(`internal: ${key} is not known yet`);
  return live;
}

/**
 * A value that names the lab's resources, or undefined while one of them is not there yet
 * (parent() throws): the plan of a lab still to be made has no servers or NAT to name.
 */
export function knowable<T>(get: () => T): T | undefined {
  try {
    return get();
  } catch {
    return undefined;
  }
}

/** Discovery found it, and it is not on its way out. */
export function present(found: ReadonlyMap<string, Live | undefined>, key: string): boolean {
  const live = found.get(key);
  return Boolean(live && !live.leaving);
}

/** The ID of the VPC resource `key` once it has been found, for children checking they belong to it. */
export function vpcId(ctx: LabContext, key: string): string | undefined {
  return ctx.live.get(key)?.id;
}

/**
 * The ID of resource `key` as far as it is known: bound by the user, or found. For finding a
 * child by its place when its parent may be found in parallel with it (not a dependency).
 */
export function knownId(ctx: LabContext, key: string): string | undefined {
  return ctx.bindings?.[key] ?? ctx.live.get(key)?.id;
}

/** A created key pair's private key sits next to the lab's state file. */
export function privateKeyPath(stateDir: string, keyName: string): string {
  return path.resolve(keyFilePath(stateDir, keyName));
}
