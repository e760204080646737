/**
 * `check --vpc`'s lab built by hand (issue 26): one correct lab, or one with a common mistake.
 * The maker itself is test/support/hand-built.ts; this keeps its first name and signature.
 */
import type { EC2Client } from '@aws-sdk/client-ec2';
import { buildHandBuiltLab, type HandBuildOptions, type HandBuiltLab } from '../../support/hand-built.js';

export type { HandBuiltLab, HandBuiltMistake } from '../../support/hand-built.js';

export type HandBuiltOptions = Pick<HandBuildOptions, 'mistake' | 'cidr' | 'sshFrom' | 'name' | 'vpcName' | 'elasticIp'>;

/** Build the lab, step by step as the tutorial's chapters do, with the mistake if one is asked for. */
export function makeHandBuiltLab(ec2: EC2Client, opts: HandBuiltOptions = {}): Promise<HandBuiltLab> {
  return buildHandBuiltLab(ec2, opts);
}
