import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { translate } from '../../src/aws/errors.js';
import { resolveUpSettings, type WizardIO } from '../../src/cli/wizard.js';

const require = createRequire(import.meta.url);

describe('regressions found by review', () => {
  it('an expired SSO session (a CredentialsProviderError) is reported as expired, not as missing credentials', () => {
    const { CredentialsProviderError } = require('@smithy/core/config');
    const err = new CredentialsProviderError(
      'The SSO session associated with this profile has expired. To refresh this SSO session run aws sso login with the corresponding profile.',
      { tryNextLink: false },
    );
    expect(err.name).toBe('CredentialsProviderError');
    const e = translate(err);
    expect(e.message).toMatch(/expired/);
  });

  it('--public-subnet-cidr is checked against the private subnet actually given, not the derived default', async () => {
    const io: WizardIO = { lang: 'en', say: () => {}, detectIp: async () => '203.0.113.7/32' };
    // 10.0.2.0/25 and 10.0.3.0/24 are disjoint and both inside 10.0.0.0/16.
    const s = await resolveUpSettings({ publicSubnetCidr: '10.0.2.0/25', privateSubnetCidr: '10.0.3.0/24' }, 'aws-lab', {}, io);
  
    expect(s.publicSubnetCidr).toBe('10.0.2.0/25');
  });

  it('the public-subnet prompt does not refuse a block for overlapping a private subnet not chosen yet', async () => {
    let verdict: true | string = true;
    const io: WizardIO = {
      lang: 'en', say: () => {}, detectIp: async () => '203.0.113.7/32',
      prompter: {
        input: async (o) => {
          if (o.message === 'Public subnet CIDR') verdict = await o.validate!('10.0.2.128/25');
          return o.default ?? 'x';
        },
        select: async (o) => (o.default ?? o.choices[0].value) as never,
        confirm: async () => true,
      },
    };
    await resolveUpSettings({}, 'aws-lab', {}, io);
    expect(verdict).toBe(true);
  });
});

import { EC2ServiceException } from '@aws-sdk/client-ec2';
it('free-plan refusal of t2.micro (InvalidParameterCombination) gets the instance-type hint', () => {
  const err = new EC2ServiceException({ name: 'InvalidParameterCombination', $fault: 'client', $metadata: { httpStatusCode: 400 },
    message: "The specified instance type is not eligible for Free Tier. For a list of Free Tier instance types, run 'describe-instance-types' with the filter 'free-tier-eligible=true'." });
  expect(translate(err).hint).toMatch(/--instance-type/);
});
