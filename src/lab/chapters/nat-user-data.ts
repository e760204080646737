/**
 * Chapter 4, the cheap way out: the NAT instance's first boot turns it into a router for
 * the VPC. IP forwarding on, reverse-path filtering off (it silently drops forwarded
 * replies), and an nftables table that masquerades the VPC's traffic out of the primary
 * interface; sysctl.d and nftables.service bring both back after a reboot.
 * Amazon Linux 2023: no iptables by default, the interface is ens5 (read from the default
 * route, not assumed), and a dnf lock race at first boot is retried.
 */

/** Where the rules live: loaded now, and at every boot through nftables.service's file. */
export const NAT_RULES_FILE = '/etc/nftables/aws-lab-nat.nft';
export const NAT_SYSCTL_FILE = '/etc/sysctl.d/90-aws-lab-nat.conf';

export function natUserData(lab: string, vpcCidr: string): string {
  return `#!/bin/bash
# aws-lab-setup: NAT instance of lab "${lab}" (chapter 4: the private subnet's way out)
# Running it again changes nothing: each step writes whole files or checks first.
set -u
# Prefix for every file written: empty on the instance; the unit test sets a scratch dir.
root="\${NAT_ROOT:-}"
vpc_cidr='${vpcCidr}'

if ! command -v nft >/dev/null; then
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    dnf install -y nftables && break
    echo "dnf failed (attempt $attempt), retrying"
    sleep 6
  done
fi

# The primary interface: the one the default route leaves by (ens5 on Nitro, not eth0).
iface=''
for attempt in $(seq 1 30); do
  iface=$(ip route show default | awk '{ for (i = 1; i < NF; i++) if ($i == "dev") { print $(i + 1); exit } }')
  [ -n "$iface" ] && break
  sleep 2
done

mkdir -p "$root/etc/sysctl.d" "$root/etc/nftables" "$root/etc/sysconfig"
cat > "$root${NAT_SYSCTL_FILE}" <<CONF
net.ipv4.ip_forward = 1
net.ipv4.conf.all.rp_filter = 0
net.ipv4.conf.default.rp_filter = 0
net.ipv4.conf.$iface.rp_filter = 0
CONF
sysctl -q -p "$root${NAT_SYSCTL_FILE}"

cat > "$root${NAT_RULES_FILE}" <<RULES
# aws-lab-setup: NAT for $vpc_cidr out of $iface (replaces itself when loaded again)
table ip aws_lab_nat
delete table ip aws_lab_nat
table ip aws_lab_nat {
  chain forward {
    type filter hook forward priority filter; policy drop;
    ct state established,related accept
    ip saddr $vpc_cidr accept
  }
  chain postrouting {
    type nat hook postrouting priority srcnat; policy accept;
    oifname "$iface" ip saddr $vpc_cidr ip daddr != $vpc_cidr masquerade
  }
}
RULES
# An iptables FORWARD chain (iptables-services rejects forwarding by default) would
# still drop what the table above accepts: empty it where there is one.
if command -v iptables >/dev/null; then iptables -F FORWARD; fi
nft -f "$root${NAT_RULES_FILE}"

# At boot, nftables.service loads /etc/sysconfig/nftables.conf: include the rules once.
line='include "${NAT_RULES_FILE}"'
touch "$root/etc/sysconfig/nftables.conf"
grep -qxF "$line" "$root/etc/sysconfig/nftables.conf" || echo "$line" >> "$root/etc/sysconfig/nftables.conf"
systemctl enable nftables
`;
}
