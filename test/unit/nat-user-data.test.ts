/**
 * The NAT instance's user-data, run by bash with stub commands (sysctl, nft, iptables,
 * systemctl, ip, dnf log their arguments) and its files under a scratch root: it turns
 * forwarding on, masquerades the VPC out of the default route's interface, makes both
 * survive a reboot, and a second run changes nothing.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NAT_RULES_FILE, NAT_SYSCTL_FILE, natUserData } from '../../src/lab/chapters/nat-user-data.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Every file under dir with its content, for before/after comparison. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[path.relative(dir, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

function setUp(opts: { withNft: boolean }) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nat-user-data-'));
  dirs.push(dir);
  const bin = path.join(dir, 'bin');
  const root = path.join(dir, 'root');
  const log = path.join(dir, 'calls.log');
  spawnSync('mkdir', ['-p', bin, root]);
  const stub = (name: string, body = '') => {
    writeFileSync(path.join(bin, name), `#!/bin/bash\necho "${name} $*" >> "${log}"\n${body}\n`);
    chmodSync(path.join(bin, name), 0o755);
  };
  stub('sysctl');
  stub('iptables');
  stub('systemctl');
  stub('ip', '[ "$*" = "route show default" ] && echo "default via 10.0.1.1 dev ens5 proto dhcp src 10.0.1.37 metric 512"');
  // dnf "installs" nft on its second try: a lock held by another dnf at first boot.
  stub('dnf', `n=$(grep -c '^dnf' "${log}"); [ "$n" -ge 2 ] || exit 1; cp "${path.join(bin, 'sysctl')}" "${path.join(bin, 'nft')}"; sed -i 's/sysctl/nft/' "${path.join(bin, 'nft')}"`);
  stub('sleep');
  if (opts.withNft) stub('nft');
  const script = path.join(dir, 'user-data.sh');
  writeFileSync(script, natUserData('lab1', '10.0.0.0/16'));
  // Only the stubs and the basic tools (awk, grep, cat, seq, mkdir, touch) are on the PATH.
  const env = { PATH: `${bin}:/usr/bin:/bin`, NAT_ROOT: root };
  const run = () => {
    writeFileSync(log, '');
    const res = spawnSync('bash', [script], { env, encoding: 'utf8' });
    return { code: res.status, stderr: res.stderr, calls: readFileSync(log, 'utf8').trim().split('\n') };
  };
  return { root, run };
}

describe('NAT instance user-data', () => {
  it('turns forwarding on, masquerades the VPC out of ens5, persists both, and changes nothing when run again', () => {
    const { root, run } = setUp({ withNft: true });
    const first = run();
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toBe('');

    const sysctl = readFileSync(path.join(root, NAT_SYSCTL_FILE), 'utf8');
    expect(sysctl).toMatch(/^net\.ipv4\.ip_forward = 1$/m);
    expect(sysctl).toMatch(/^net\.ipv4\.conf\.all\.rp_filter = 0$/m);
    expect(sysctl).toMatch(/^net\.ipv4\.conf\.ens5\.rp_filter = 0$/m);
    const rules = readFileSync(path.join(root, NAT_RULES_FILE), 'utf8');
    expect(rules).toMatch(/oifname "ens5" ip saddr 10\.0\.0\.0\/16 ip daddr != 10\.0\.0\.0\/16 masquerade/);
    expect(rules).toMatch(/ip saddr 10\.0\.0\.0\/16 accept/);
    expect(rules).toMatch(/ct state established,related accept/);
    // Applied now...
    expect(first.calls).toContain(`sysctl -q -p ${root}${NAT_SYSCTL_FILE}`);
    expect(first.calls).toContain(`nft -f ${root}${NAT_RULES_FILE}`);
    expect(first.calls).toContain('iptables -F FORWARD');
    // ...and at every boot: sysctl.d, and nftables.service including the rules.
    expect(readFileSync(path.join(root, 'etc/sysconfig/nftables.conf'), 'utf8')).toBe(`include "${NAT_RULES_FILE}"\n`);
    expect(first.calls).toContain('systemctl enable nftables');
    expect(first.calls.some((c) => c.startsWith('dnf'))).toBe(false); // nft is there

    const files = snapshot(root);
    const second = run();
    expect(second.code, second.stderr).toBe(0);
    expect(snapshot(root)).toEqual(files);
    expect(second.calls).toEqual(first.calls);
  });

  it('installs nftables when missing, retrying dnf', () => {
    const { root, run } = setUp({ withNft: false });
    const res = run();
    expect(res.code, res.stderr).toBe(0);
    expect(res.calls.filter((c) => c === 'dnf install -y nftables')).toHaveLength(2);
    expect(res.calls).toContain(`nft -f ${root}${NAT_RULES_FILE}`);
  });
});
