/**
 * The expiry's IAM role and its policy (kinds/iam-role.ts) on the fake IAM and STS
 * (test/support/fake-expiry.ts): made, put out of shape by hand and put back, deleted.
 */
import { afterEach, expect, it } from 'vitest';
import { kindCycle, type KindRun, type KindWorld } from '../../support/kind-harness.js';

let run: KindRun | undefined;
afterEach(() => run?.fake.restore());

const EXPIRES = { expiresAt: '2030-01-01T00:00:00.000Z' };
const role = (w: KindWorld) => w.fake.expiry.roles.get(w.ctx.live.get('expiryRole')?.id ?? 'aws-lab-setup-aws-lab-us-east-1')!;
const trusted = (w: KindWorld) => JSON.parse(decodeURIComponent(role(w).AssumeRolePolicyDocument)).Statement[0].Principal.Service;

it('expiryRole: trusted by the scheduler; trust changed by hand, converge restores it', async () => {
  run = await kindCycle({
    key: 'expiryRole',
    settings: EXPIRES,
    change: {
      make: (w) => {
        const doc = JSON.parse(decodeURIComponent(role(w).AssumeRolePolicyDocument));
        doc.Statement[0].Principal.Service = 'lambda.amazonaws.com';
        role(w).AssumeRolePolicyDocument = encodeURIComponent(JSON.stringify(doc));
      },
      restored: (w) => expect(trusted(w)).toBe('scheduler.amazonaws.com'),
    },
  });
  expect(run.fake.expiry.roles.size).toBe(0);
});

it('expiryPolicy: stops the servers and deletes the NAT; emptied by hand, converge puts it back', async () => {
  run = await kindCycle({
    key: 'expiryPolicy',
    settings: EXPIRES,
    change: {
      make: (w) => void role(w).policies.set('expiry', JSON.stringify({ Version: '2012-10-17', Statement: [] })),
      restored: (w) => expect(JSON.parse(role(w).policies.get('expiry')!).Statement.map((s: { Action: string }) => s.Action)).toEqual(['ec2:StopInstances', 'ec2:DeleteNatGateway']),
    },
  });
  expect(role(run).policies.size).toBe(0);
});
