import { vpcTeardownStatements } from '../../src/lab/views/policy.js';
import { TEARDOWN_READS } from '../../src/lab/views/teardown-run.js';

/** `policy --vpc`'s statements for a VPC with one of everything (the preflight test reads their actions too). */
export const TEARDOWN_SAMPLE = vpcTeardownStatements(
  { region: 'us-east-1', account: '123456789012', partition: 'aws', vpcId: 'vpc-1', instances: ['i-1'], volumes: ['vol-1'], addresses: ['eipalloc-1'], internetGateways: ['igw-1'], keyPairs: ['my-key'] },
  TEARDOWN_READS,
);
