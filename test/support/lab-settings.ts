import type { LabSettings } from '../../src/lab/core/config.js';

/** A default lab's settings (the wizard's answers taken as they come), for the tests that need a whole LabSettings. */
export const LAB_SETTINGS: LabSettings = {
  name: 'aws-lab',
  region: 'us-east-1',
  vpcCidr: '10.0.0.0/16',
  publicSubnetCidr: '10.0.1.0/24',
  privateSubnetCidr: '10.0.2.0/24',
  keyName: 'aws-lab-key',
  sshCidr: '198.51.100.7/32',
  instanceType: 't3.micro',
  nat: 'gateway',
};
