/**
 * A lab built by hand on the fake EC2, as the console makes it (for `destroy --vpc`'s unit
 * tests and its benchmark): a NAT gateway with its Elastic IP, a web server with an Elastic
 * IP, a DB server, web and DB groups naming each other, a custom network ACL on the private
 * subnet. The maker is test/support/hand-built.ts.
 */
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { Clock } from '../../../src/engine/clock.js';
import { buildHandBuiltLab } from '../hand-built.js';

/** The lab's VPC ID. The fake EC2 plays AWS's waits: the web server's address goes on once it runs (and the NAT gateway is available); the DB server's subnet in `privateZone`. */
export async function buildByHand(ec2: EC2Client, clock: Pick<Clock, 'sleep'>, cidrBase = '10.30', privateZone = 'us-east-1a'): Promise<string> {
  const lab = await buildHandBuiltLab(ec2, { cidr: `${cidrBase}.0.0/16`, keyName: `my-key-${cidrBase}`, image: 'ami-0fake2023', crossReferencingGroups: true, customAcl: true, privateZone, waitOn: clock });
  return lab.vpc;
}
