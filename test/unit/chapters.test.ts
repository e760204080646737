/**
 * Issue #11: building the lab chapter by chapter — `up --until`, the pause hook behind
 * `up --step`, what `plan` and `status` say about chapters not built yet.
 */
import { awsErrors } from '../../src/aws/errors.js';
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/engine/clock.js';
import { up, withDependencies } from '../../src/engine/graph.js';
import type { EngineContext, Resource } from '../../src/engine/resource.js';
import { StateStore } from '../../src/engine/state.js';
import { everyBoot } from '../../src/lab/kinds/user-data.js';
import { explainedKeys, explainLab } from '../../src/lab/views/explain.js';
import { renderExplain } from '../../src/ui/explain.js';
import { LAB, labThrough } from '../../src/lab/chapters/lab.js';
import { parseChapter, TUTORIAL_CHAPTERS } from '../../src/lab/core/chapters.js';
import { UsageError } from '../../src/engine/errors.js';
import type { Prompter } from '../../src/cli/wizard.js';
import { callsNamed, counts, createHarness, expectFullLab, FULL_LAB_COUNTS, labErrorOf, type Harness } from '../support/drive.js';
import { load } from '../../src/ui/messages/index.js';
import { ambiguousIn } from '../support/ambiguous.js';
import { englishWords } from '../support/english.js';

// explain says Japanese once that catalog is loaded (as runAction does).
await load('ja');

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('parseChapter', () => {
  it('takes a number or a name', () => {
    expect(['1', 'network', '2', 'web', '3', 'apache', '4', 'db', ' WEB '].map(parseChapter)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 2]);
  });
  it.each(['0', '5', 'nat', '', '2.5'])('refuses %j, naming it and listing what is accepted', (bad) => {
    let err: unknown;
    try {
      parseChapter(bad);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).message).toContain(`"${bad}"`);
    expect((err as UsageError).hint).toBe('use --until with one of: 1 or network, 2 or web, 3 or apache, 4 or db');
    expect((err as UsageError).exitCode).toBe(2);
  });
});

describe('labThrough', () => {
  const keys = (n: number) => labThrough(n).map((r) => r.key);
  it('takes chapters up to N with what they depend on, and nothing of later chapters', () => {
    expect(keys(1)).toEqual(LAB.filter((r) => r.chapter === 1).map((r) => r.key));
    expect(keys(2)).not.toContain('webApache');
    expect(keys(2)).toContain('webInstance');
    expect(keys(3)).toContain('webApache');
    expect(keys(3).some((k) => LAB.find((r) => r.key === k)!.chapter === 4)).toBe(false);
    expect(keys(4)).toHaveLength(LAB.length);
  });
  it('no resource depends on one of a later chapter (the pauses of --step rely on it)', () => {
    const chapter = new Map(LAB.map((r) => [r.key, r.chapter]));
    for (const r of LAB) for (const d of r.dependsOn) expect(chapter.get(d)!, `${r.key} -> ${d}`).toBeLessThanOrEqual(r.chapter);
  });
});

describe('engine: withDependencies and the chapter pause', () => {
  type Ctx = EngineContext;
  const made: string[] = [];
  const res = (key: string, chapter: number, dependsOn: string[] = []): Resource<Ctx> => ({
    key,
    kind: 'X',
    chapter,
    dependsOn,
    actions: [],
    label: () => ['res_vpc', key],
    find: async () => undefined,
    create: async () => {
      made.push(key);
      return { id: `id-${key}`, attrs: {} };
    },
    delete: async () => {},
  });
  const graph = [res('a', 1), res('b', 1, ['a']), res('c', 2, ['a']), res('d', 3, ['c']), res('e', 3, ['b'])];
  const ctx = (): Ctx => {
    const stop = new AbortController();
    return {
      state: StateStore.inMemory('t'),
      clock: new VirtualClock(),
      signal: stop.signal,
      events: { started() {}, progress() {}, finished() {}, failed() {} },
      errors: awsErrors,
      live: new Map(),
      refresh() {},
    };
  };

  it('closes a subset over its dependencies, keeping the given order', () => {
    expect(withDependencies(graph, ['d']).map((r) => r.key)).toEqual(['a', 'c', 'd']);
    expect(withDependencies(graph, ['e', 'c']).map((r) => r.key)).toEqual(['a', 'b', 'c', 'e']);
    expect(() => withDependencies(graph, ['zz'])).toThrow(/unknown resource zz/);
  });

  it('pauses after each chapter once all of it is done, and stops where the hook says', async () => {
    made.length = 0;
    const pauses: { chapter: number; steps: string[]; madeSoFar: string[] }[] = [];
    const c = ctx();
    const result = await up(graph, c, new AbortController(), {
      pause: async (chapter, steps) => {
        pauses.push({ chapter, steps: steps.map((s) => s.key).sort(), madeSoFar: [...made] });
        return chapter < 2;
      },
    });
    expect(pauses).toEqual([
      { chapter: 1, steps: ['a', 'b'], madeSoFar: ['a', 'b'] },
      { chapter: 2, steps: ['c'], madeSoFar: ['a', 'b', 'c'] },
    ]);
    expect(result.stoppedAfter).toBe(2);
    expect(made).toEqual(['a', 'b', 'c']);
    // A later run goes on from there: the earlier chapters are found, only chapter 3 is made.
    made.length = 0;
    const again = await up(graph, c, new AbortController(), { pause: async () => true });
    expect(again.stoppedAfter).toBeUndefined();
    expect(made.sort()).toEqual(['a', 'b', 'c', 'd', 'e']); // find() of this toy finds nothing
  });

  it('no pause after the last chapter', async () => {
    const seen: number[] = [];
    await up(graph, ctx(), new AbortController(), { pause: async (ch) => (seen.push(ch), true) });
    expect(seen).toEqual([1, 2]);
  });

  it('refuses a run with a dependency it does not know (a typo in dependsOn)', async () => {
    await expect(up([res('a', 1, ['nope'])], ctx(), new AbortController())).rejects.toThrow(/a depends on unknown resource nope/);
  });

  it('refuses a graph where a resource depends on a later chapter', async () => {
    await expect(up([res('a', 2), res('b', 1, ['a'])], ctx(), new AbortController(), { pause: async () => true })).rejects.toThrow(/later chapter/);
  });
});

describe('up --until', () => {
  it('builds chapters 1 and 2 only: a web server without Apache, no NAT, no DB; a later `up` goes on', async () => {
    h = createHarness();
    await h.up({ until: 'web' });
    const c = counts(h.fake);
    expect(c).toEqual({ ...FULL_LAB_COUNTS, instances: 1, natGateways: 0, addresses: 1, routeTables: 2, securityGroups: 2 });
    const [web] = [...h.fake.world.instances.values()];
    expect(web.UserData).toBeUndefined();
    expect(h.stderr()).toMatch(/later\s+Apache on the web server/);
    expect(h.stderr()).toMatch(/later\s+NAT gateway/);
    expect(h.stderr()).toMatch(/1 x t3\.micro instance/); // the cost of what will exist
    expect(h.stderr()).not.toMatch(/NAT gateway\s+\$/);
    expect(h.stdout()).toMatch(/The lab is up to chapter 2 \(Web server\)/);
    expect(callsNamed(h.fake, 'StopInstances')).toHaveLength(0);

    // Then the whole lab: Apache is added to the same web server (stop, user-data, start).
    await h.up();
    const lab = expectFullLab(h.fake);
    expect(lab.web.InstanceId).toBe(web.InstanceId);
    const userData = Buffer.from(lab.web.UserData!, 'base64').toString('utf8');
    expect(userData).toContain('cloud_final_modules:\n- [scripts-user, always]');
    expect(userData).toContain('dnf install -y httpd');
    const modify = callsNamed(h.fake, 'ModifyInstanceAttribute');
    expect(modify).toHaveLength(1);
    expect(modify[0].error).toBeUndefined(); // it was stopped: the fake, like AWS, refuses otherwise
    expect(callsNamed(h.fake, 'StartInstances').map((c) => c.error)).toEqual([undefined]);
    expect(h.stdout()).toMatch(/The lab is up\./);
  });

  it('the full lab in one go launches Apache with the web server: no stop/start', async () => {
    h = createHarness();
    await h.up();
    expectFullLab(h.fake);
    expect(callsNamed(h.fake, 'StopInstances')).toHaveLength(0);
  });

  it('--until network makes no instance and looks up no AMI', async () => {
    h = createHarness();
    await h.up({ until: '1' });
    expect(counts(h.fake)).toMatchObject({ vpcs: 1, subnets: 2, igws: 1, instances: 0, keyPairs: 0 });
    expect(h.attempts.count('RunInstances')).toBe(0);
  });

  it('a bad --until stops before anything is made', async () => {
    h = createHarness();
    const err = await labErrorOf(h.up({ until: 'nat' }));
    expect(err.exitCode).toBe(2);
    expect(err.message).toContain('"nat"');
    expect(h.fake.calls).toHaveLength(0);
  });

  it('--step without a terminal is refused (exit 2), as is --step with --yes', async () => {
    h = createHarness();
    const err = await labErrorOf(h.up({ step: true, yes: false }));
    expect(err.exitCode).toBe(2);
    expect(err.message).toMatch(/--step needs a terminal/);
    const both = await labErrorOf(h.up({ step: true }));
    expect(both.message).toMatch(/--yes/);
    expect(h.fake.calls).toHaveLength(0);
  });
});

describe('everyBoot', () => {
  it('wraps a script so cloud-init runs it at the next boot too (AWS\'s recipe)', () => {
    const text = everyBoot('#!/bin/bash\necho hi\n');
    expect(text).toMatch(/^Content-Type: multipart\/mixed; boundary="\/\/"/);
    expect(text).toContain('#cloud-config\ncloud_final_modules:\n- [scripts-user, always]');
    expect(text).toContain('Content-Type: text/x-shellscript');
    expect(text).toMatch(/#!\/bin\/bash\necho hi\n--\/\/--\n$/);
  });
});

describe('explain', () => {
  const settings = {
    name: 'ex',
    region: 'ap-northeast-1',
    vpcCidr: '10.5.0.0/16',
    publicSubnetCidr: '10.5.1.0/24',
    privateSubnetCidr: '10.5.2.0/24',
    keyName: 'ex-key',
    sshCidr: '203.0.113.5/32',
    instanceType: 't4g.micro',
    nat: 'gateway' as const,
  };

  it('has commands for every resource of the lab (a new resource needs its commands)', () => {
    // The article's chapters: the expiry (Scheduler, IAM) is the tool's own.
    expect(explainedKeys().sort()).toEqual(LAB.filter((r) => r.chapter <= TUTORIAL_CHAPTERS).map((r) => r.key).sort());
  });

  it('walks the chapters in the order up builds them, with this lab\'s settings', () => {
    const script = explainLab(settings, 4);
    expect(script.sections.map((s) => s.chapter)).toEqual([1, 2, 3, 4]);
    expect(script.head).toContain("VPC_CIDR='10.5.0.0/16'");
    expect(script.head).toContain("export AWS_DEFAULT_REGION='ap-northeast-1'");
    // The arm64 image for a Graviton type, looked up by the script itself.
    expect(renderExplain(script, 'en', 'ex', 4)).toMatch(/^AMI_ID=\$\(aws ssm get-parameter --name \/aws\/service\/ami-amazon-linux-latest\/al2023-ami-kernel-default-arm64 .*\)   # the latest Amazon Linux 2023$/m);
    const all = script.sections.flatMap((s) => s.lines).join('\n');
    const at = (re: RegExp) => all.search(re);
    expect(at(/create-vpc/)).toBeLessThan(at(/create-subnet/));
    expect(at(/wait instance-running --instance-ids "\$WEB_INSTANCE_ID"/)).toBeLessThan(at(/associate-address/));
    expect(at(/wait nat-gateway-available/)).toBeLessThan(at(/--nat-gateway-id "\$NAT_GATEWAY_ID"/));
    expect(all).toContain('# aws-lab-setup: web server of lab "ex" (chapter 3: Apache)');
  });

  it('with --nat instance: the NAT instance (source/destination check off) and the route to its interface, no NAT gateway', () => {
    const all = explainLab({ ...settings, nat: 'instance' }, 4).sections.flatMap((s) => s.lines).join('\n');
    expect(all).not.toContain('create-nat-gateway');
    expect(all).toContain('--no-source-dest-check');
    expect(all).toContain('--network-interface-id "$NAT_INTERFACE_ID"');
    expect(all).toContain("--group-name \"$LAB-nat\"");
    expect(all.indexOf('NAT_INTERFACE_ID=')).toBeLessThan(all.indexOf('--network-interface-id'));
  });

  it('--until web: no Apache in the web server\'s user-data, nothing of chapters 3 and 4', () => {
    const script = explainLab(settings, 2);
    expect(script.sections.map((s) => s.chapter)).toEqual([1, 2]);
    const all = script.sections.flatMap((s) => s.lines).join('\n');
    expect(all).not.toContain('--user-data');
    expect(all).toContain('run-instances');
  });

  it('a comment per chapter, in English or Japanese', () => {
    const en = renderExplain(explainLab(settings, 4), 'en', 'ex', 4);
    const ja = renderExplain(explainLab(settings, 4), 'ja', 'ex', 4);
    for (const n of [1, 2, 3, 4]) expect(en).toMatch(new RegExp(`^# Chapter ${n} — `, 'm'));
    for (const n of [1, 2, 3, 4]) expect(ja).toMatch(new RegExp(`^# 第 ${n} 章 \\(`, 'm'));
    expect(en).toMatch(/^#!\/usr\/bin\/env bash\n/);
    // The script's own comments and echoes too; the commands stay as they are.
    expect(en).toContain('# DNS hostnames are off in a new VPC');
    expect(ja).toContain('# 新しい VPC では DNS ホスト名が無効です。');
    expect(ja).toMatch(/^echo "Web サーバー: \$\(aws ec2 describe-addresses /m);
    expect(ja).toContain('aws ec2 modify-vpc-attribute --vpc-id "$VPC_ID" --enable-dns-hostnames Value=true');
    expect(en).toContain('set -euo pipefail');
  });

  it('in Japanese, the learner reads Japanese outside the user data, and a Japanese line before each user-data script says why it is English', () => {
    for (const nat of ['gateway', 'instance'] as const) {
      const ja = renderExplain(explainLab({ ...settings, nat }, 4), 'ja', 'ex', 4);
      const lines = ja.split('\n');
      // The heredocs are the server's bytes: what is outside them is the learner's.
      let inUserData = false;
      const outside: string[] = [];
      const before: string[] = [];
      lines.forEach((line, i) => {
        if (/<<'USERDATA'$/.test(line)) {
          inUserData = true;
          before.push(lines[i - 1]);
        } else if (line === 'USERDATA') inUserData = false;
        else if (!inUserData) outside.push(line);
      });
      expect(before).toHaveLength(nat === 'instance' ? 3 : 2);
      for (const line of before) expect(line).toMatch(/^# .+のユーザーデータです。.*コメントは英語のままです。$/);
      const comments = outside.filter((l) => /^\s*#/.test(l) && !l.startsWith('#!') && !/^# aws /.test(l));
      expect(comments.flatMap((l) => englishWords(l.replace(/#\s*/, ''), ['ex']).map((w) => `${w} in: ${l}`))).toEqual([]);
      expect(ambiguousIn(outside)).toEqual([]);
    }
  });
});

describe('up --step (driven through the command, on the fake EC2)', () => {
  it('pauses after chapters 1, 2 and 3; each chapter is built as if it were the last (Apache added in chapter 3)', async () => {
    h = createHarness();
    const asked: string[] = [];
    const prompter: Prompter = {
      input: async (o) => o.default ?? '',
      select: async (o) => {
        asked.push(o.message);
        return (o.message === 'Go on with the next chapter?' ? 'continue' : o.default ?? o.choices[0].value) as never;
      },
      confirm: async (o) => {
        asked.push(o.message);
        return true;
      },
    };
    h.deps.interactive = true;
    h.deps.prompter = async () => prompter;
    await h.up({ yes: false, step: true, name: 'aws-lab' });
    expect(asked.filter((m) => m === 'Go on with the next chapter?')).toHaveLength(3);
    expect(asked).toContain('Create the lab now?');
    const err = h.stderr();
    for (const n of [1, 2, 3]) expect(err).toMatch(new RegExp(`Chapter ${n} — .*: done\\. What it made, and how to see it:`));
    expect(err).not.toMatch(/Chapter 4 — .*: done/); // no pause after the last
    expect(err).toMatch(/aws ec2 describe-instances --instance-ids i-\w+ --region us-east-1/);
    // The web server of chapter 2 came without Apache; chapter 3 added it (stopped, set, started).
    expect(callsNamed(h.fake, 'RunInstances')[0].input.UserData).toBeUndefined();
    expect(callsNamed(h.fake, 'ModifyInstanceAttribute').map((c) => c.error)).toEqual([undefined]);
    expectFullLab(h.fake);
  });

  it('stopping at a pause leaves a lab that up finishes', async () => {
    h = createHarness();
    const prompter: Prompter = {
      input: async (o) => o.default ?? '',
      select: async (o) => (o.message === 'Go on with the next chapter?' ? 'stop' : o.default ?? o.choices[0].value) as never,
      confirm: async () => true,
    };
    h.deps.interactive = true;
    h.deps.prompter = async () => prompter;
    await h.up({ yes: false, step: true, name: 'aws-lab' });
    expect(counts(h.fake)).toMatchObject({ vpcs: 1, instances: 0, keyPairs: 0 });
    expect(h.stdout()).toMatch(/The lab is up to chapter 1 \(Network\)/);
    h.deps.interactive = false;
    await h.up();
    expectFullLab(h.fake);
  });
});
