/**
 * The wizard prices the NAT choices in the region the lab is built in, found as the clients
 * find it: AWS_REGION (or the profile's config) when neither --region nor a saved lab names one.
 */
import { mkdtempSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createClients } from '../../src/aws/clients.js';
import { upCommand } from '../../src/cli/commands/up.js';
import type { Prompter } from '../../src/cli/wizard.js';
import { estimate, NAT_PARTS_COST, PRICES } from '../../src/lab/core/cost.js';
import { en } from '../../src/ui/messages/en.js';
import { createHarness, SSH_CIDR, type Harness } from '../support/drive.js';

/** Stops the run once the NAT question was seen. */
class SeenNat extends Error {}

/** A person taking every default, who stops at the NAT question and keeps its choices. */
function stopAtNat(seen: string[]): Prompter {
  return {
    input: async (o) => o.default ?? '',
    select: async (o) => {
      if (o.choices.some((c) => c.value === 'gateway')) {
        seen.push(...o.choices.map((c) => c.name));
        throw new SeenNat();
      }
      return o.default ?? o.choices[0].value;
    },
    confirm: async (o) => Boolean(o.default),
  } as Prompter;
}

/** The NAT gateway's price line for a region, from the one price table. */
function gatewayPrice(region: string): string {
  const e = estimate(region, '', NAT_PARTS_COST.gateway);
  if (!e.known) throw new Error(`no prices for ${region}`);
  return en.perHourAndMonth(e.hourly, e.monthly);
}

let h: Harness;
let home: string;
beforeEach(() => {
  h = createHarness();
  home = mkdtempSync(path.join(os.tmpdir(), 'wizard-region-'));
  // No profile of this machine's: the region comes from the environment only.
  vi.stubEnv('AWS_CONFIG_FILE', path.join(home, 'none'));
  vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', path.join(home, 'none'));
  vi.stubEnv('AWS_PROFILE', '');
  vi.stubEnv('AWS_DEFAULT_REGION', '');
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await h.close();
  await fs.rm(home, { recursive: true, force: true });
});

describe('the NAT question prices the lab\'s region', () => {
  it('AWS_REGION=us-east-1: us-east-1 prices, not ap-northeast-1\'s', async () => {
    vi.stubEnv('AWS_REGION', 'us-east-1');
    // The tables differ here, or the test could not tell the regions apart.
    expect(PRICES['us-east-1'].natHour).not.toBe(PRICES['ap-northeast-1'].natHour);
    expect(gatewayPrice('us-east-1')).not.toBe(gatewayPrice('ap-northeast-1'));
    const seen: string[] = [];
    const deps = {
      ...h.deps,
      interactive: true,
      prompter: async () => stopAtNat(seen),
      // The fake's clients, in the region the real clients resolve (no call is made).
      clients: async (o: Parameters<typeof h.deps.clients>[0]) => ({ ...(await h.deps.clients(o)), region: (await createClients(o)).region }),
    };
    await expect(upCommand({ stateDir: h.stateDir, sshCidr: SSH_CIDR }, h.reporter, deps)).rejects.toBeInstanceOf(SeenNat);
    const gateway = seen[0];
    expect(gateway).toContain(gatewayPrice('us-east-1'));
    expect(gateway).not.toContain(gatewayPrice('ap-northeast-1'));
  });
});
