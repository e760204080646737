/**
 * Issue 24, item 1: one descriptor per EC2 kind (src/aws/ec2-kinds.ts). This walks the table
 * against the SDK, the fake EC2, the lab's resources and what the lab really sends, so a kind
 * added to the lab without its descriptor (or with a wrong one) fails here.
 */
import * as EC2 from '@aws-sdk/client-ec2';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EC2_KIND_LIST, EC2_KINDS, type Ec2Kind, type Ec2KindName } from '../../src/aws/ec2-kinds.js';
import { errorCode } from '../../src/aws/errors.js';
import { NOT_FOUND_PREFIX, notFoundCodes } from '../../src/aws/not-found.js';
import { canDryRun } from '../../src/aws/permissions.js';
import { VirtualClock } from '../../src/engine/clock.js';
import { LAB } from '../../src/lab/chapters/lab.js';
import { tagResource } from '../../src/lab/core/tags.js';
import { EC2_KIND_OF, lookAt } from '../../src/lab/views/console.js';
import { labPolicy } from '../../src/lab/views/policy.js';
import { createHarness, type Harness } from '../support/drive.js';
import { createFakeAws } from '../support/fake-ec2.js';
import { NOT_FOUND } from '../support/not-found.js';

const SDK = EC2 as unknown as Record<string, unknown>;
const command = (action: string) => SDK[`${action}Command`] as (new (input: object) => object) | undefined;
const send = (fake: ReturnType<typeof createFakeAws>, cmd: object) => (fake.ec2.send as (c: object) => Promise<unknown>)(cmd);

/** Creates that make no kind with an ID of its own: tags, a route (keyed by table and destination), an address's association (seen only in its address). */
const NOT_A_KIND = new Set(['CreateTags', 'CreateRoute', 'AssociateAddress']);
const CREATES = /^(Create|Run|Allocate|Import|Associate)/;

/** The EC2 actions a lab resource calls ("CreateVpc"). */
const ec2Actions = (actions: readonly string[]) => actions.filter((a) => a.startsWith('ec2:')).map((a) => a.slice(4));

/** The kinds the fake EC2 has no Describe call for yet: none of them is a lab's. */
// Every kind is in the fake now (network interfaces and ACLs: fake-ec2/vpc-extras.ts, issue 27).
const FAKE_CANNOT_DESCRIBE: Ec2KindName[] = [];

/** An ID no resource of the kind has. */
const unknownId = (k: Ec2Kind) => (k.namedBy ? 'no-such-key' : `${k.prefix}0123456789abcdef0`);

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('each descriptor, against the SDK', () => {
  it.each(EC2_KIND_LIST)('%s: its Describe, delete, create and probe actions are EC2 commands', (_name, k) => {
    if (k.describe) {
      expect(SDK[k.describe.command.name], k.describe.command.name).toBe(k.describe.command);
      expect(k.describe.command.name).toMatch(/^Describe\w+Command$/);
      // The command carries what it is given: the descriptor's ID parameter reaches AWS.
      expect((new k.describe.command({ [k.describe.ids]: ['x'] } as never) as { input: object }).input).toEqual({ [k.describe.ids]: ['x'] });
    }
    for (const action of [k.delete.action, ...k.creates, ...k.probes]) expect(command(action), action).toBeTypeOf('function');
    expect(k.delete.action).toMatch(/^(Delete|Terminate|Release|Disassociate)/);
  });

  it('every NotFound code leads back to its kind\'s prefix (the consistency retries find the fresh ID by it)', () => {
    for (const [name, k] of EC2_KIND_LIST) {
      for (const code of notFoundCodes(name)) expect(NOT_FOUND_PREFIX.get(code), code).toBe(k.namedBy ? '' : k.prefix);
    }
    // No two kinds share a code or a prefix.
    expect(NOT_FOUND_PREFIX.size).toBe(EC2_KIND_LIST.reduce((n, [name]) => n + notFoundCodes(name).length, 0));
    expect(new Set(EC2_KIND_LIST.map(([, k]) => k.prefix)).size).toBe(EC2_KIND_LIST.length);
  });

  it('its dry-run probes are ones permissions.ts can send, and every probe of a lab action belongs to one kind', () => {
    for (const [name, k] of EC2_KIND_LIST) for (const p of k.probes) expect(canDryRun(`ec2:${p}`), `${name}: ${p}`).toBe(true);
    const owners = (action: string) => EC2_KIND_LIST.filter(([, k]) => (k.probes as readonly string[]).includes(action)).map(([n]) => n);
    const probed = [...new Set(LAB.flatMap((r) => ec2Actions(r.actions)))].filter((a) => canDryRun(`ec2:${a}`) && a !== 'CreateTags');
    for (const a of probed) expect(owners(a), a).toHaveLength(1);
  });
});

describe('each descriptor, against the fake EC2', () => {
  it.each(EC2_KIND_LIST)('%s: an unknown ID is answered with its NotFound code', async (name, k) => {
    const fake = createFakeAws({ clock: new VirtualClock() });
    try {
      const id = unknownId(k);
      const answers: string[] = [];
      if (k.describe) {
        const input = k.namedBy ? { [`${k.namedBy}s`]: [id] } : { [k.describe.ids]: [id] };
        answers.push(errorCode(await send(fake, new k.describe.command(input as never)).catch((e) => e)));
      }
      const ids = k.delete.id.endsWith('s') ? [id] : id;
      answers.push(errorCode(await send(fake, new (command(k.delete.action)!)({ [k.delete.id]: ids })).catch((e) => e)));
      if (FAKE_CANNOT_DESCRIBE.includes(name)) {
        // Not in the fake yet: it says so, rather than answering something else.
        expect(answers.every((a) => a === 'UnsupportedOperation'), answers.join()).toBe(true);
        return;
      }
      for (const a of answers) expect(notFoundCodes(name), `${name} answered ${a}`).toContain(a);
    } finally {
      fake.restore();
    }
  });

  it('the fake\'s and the proxy\'s NotFound answers carry the descriptors\' codes', () => {
    const codes = new Set(EC2_KIND_LIST.map(([, k]) => k.notFound));
    for (const [code] of Object.values(NOT_FOUND)) expect(codes).toContain(code);
    expect(new Set(Object.values(NOT_FOUND).map(([c]) => c)).size).toBe(EC2_KIND_LIST.length);
  });
});

describe('the lab\'s resources and their descriptors', () => {
  const creators = LAB.filter((r) => ec2Actions(r.actions).some((a) => CREATES.test(a) && !NOT_A_KIND.has(a)));

  it('every kind a lab resource creates has a descriptor, and the resource\'s kind maps to it', () => {
    expect(creators.length).toBeGreaterThan(10);
    for (const r of creators) {
      const made = ec2Actions(r.actions).filter((a) => CREATES.test(a) && !NOT_A_KIND.has(a));
      const kind = EC2_KIND_OF[r.kind];
      expect(kind, `${r.key} (${r.kind}) has no EC2 kind`).toBeDefined();
      const creates: readonly string[] = EC2_KINDS[kind].creates;
      for (const a of made) expect(creates, `${r.key}: ${a}`).toContain(a);
      // Its page in the console is the descriptor's.
      const look = lookAt(r.kind, { id: `${EC2_KINDS[kind].prefix}1`, attrs: { name: 'k' } }, 'eu-west-1');
      expect(look?.cli).toMatch(/^aws ec2 describe-/);
      expect(look?.url).toContain('https://eu-west-1.console.aws.amazon.com/');
    }
  });

  it('the printed policy lets the lab make and remove every kind it creates', () => {
    // Tag-scoped (issue 25): a create or a delete may be in any of the statements that allow EC2's changes.
    const build = labPolicy().Statement.filter((s) => s.Effect === 'Allow' && s.Sid !== 'LookUp').flatMap((s) => [s.Action].flat());
    for (const r of creators) {
      const k: Ec2Kind = EC2_KINDS[EC2_KIND_OF[r.kind]];
      const made = ec2Actions(r.actions).filter((a) => (k.creates as readonly string[]).includes(a));
      for (const a of made) expect(build, `${r.key}: ${a}`).toContain(`ec2:${a}`);
      expect(build, `${r.key}: ${k.delete.action}`).toContain(`ec2:${k.delete.action}`);
    }
  });
});

describe('what a whole lab sends, against the descriptors', () => {
  it('each create tags its resource with its kind\'s tag type, and the expiry\'s policy names the kinds\' IAM resource types', async () => {
    h = createHarness();
    await h.up();
    const kindOfCreate = new Map(EC2_KIND_LIST.flatMap(([name, k]) => k.creates.map((a) => [a, name] as const)));
    const tagged = h.fake.calls.filter((c) => kindOfCreate.has(c.name) && c.input.TagSpecifications);
    expect(new Set(tagged.map((c) => c.name))).toEqual(new Set(['CreateVpc', 'CreateSubnet', 'CreateInternetGateway', 'CreateRouteTable', 'CreateSecurityGroup', 'CreateKeyPair', 'RunInstances', 'AllocateAddress', 'CreateNatGateway']));
    for (const c of tagged) {
      const kind = kindOfCreate.get(c.name)!;
      const k: Ec2Kind = EC2_KINDS[kind];
      expect(c.input.TagSpecifications[0].ResourceType, c.name).toBe(k.tagResource);
      expect(tagResource(kind)).toBe(k.tagResource);
    }
    const role = [...h.fake.expiry.roles.values()][0];
    const policy = JSON.stringify(JSON.parse(role.policies.get('expiry')!));
    const instances = [...h.fake.world.instances.keys()];
    const [nat] = [...h.fake.world.natGateways.keys()];
    for (const id of instances) expect(policy).toContain(`:${EC2_KINDS.instance.iamResource}/${id}`);
    expect(policy).toContain(`:${EC2_KINDS.natGateway.iamResource}/${nat}`);
  });
});

describe('lab/kinds knows no chapter and no lab key (kinds/README): the chapters pass them', () => {
  const dir = path.resolve(import.meta.dirname, '../../src/lab/kinds');
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));

  it.each(files)('%s', (file) => {
    // Not lab keys: a kind naming its own EC2 kind and Name tag (tagSpec('vpc', …, 'vpc', …)), AWS's address domain.
    const text = readFileSync(path.join(dir, file), 'utf8').replace(/tagSpec\([^)]*\)|tagResource\('\w+'\)|Domain: 'vpc'/g, '');
    const literals = [...text.matchAll(/'([A-Za-z]+)'/g)].map((m) => m[1]);
    const keys = LAB.map((r) => r.key);
    expect(literals.filter((l) => keys.includes(l)), 'lab keys named').toEqual([]);
    expect(text.match(/chapter:\s*\d/g), 'chapter numbers').toBeNull();
  });
});
