import { promises as fs } from 'node:fs';
import ipaddr from 'ipaddr.js';
import { UsageError } from '../../engine/errors.js';
import { validateExpiresIn } from './expiry-time.js';

/** Everything that decides what the lab looks like. Saved in the state file (no secrets). */
export interface LabSettings {
  name: string;
  region: string;
  vpcCidr: string;
  publicSubnetCidr: string;
  privateSubnetCidr: string;
  keyName: string;
  /** Import this OpenSSH public key instead of creating a key pair. */
  publicKeyFile?: string;
  sshCidr: string;
  instanceType: string;
  /** Pinned AMI; otherwise the latest Amazon Linux 2023 from SSM. */
  ami?: string;
  /** The Availability Zone of the subnets (and so of the servers and the NAT); otherwise the first, sorted, that offers the instance type. */
  zone?: string;
  /** How long the lab lives: "90m", "4h", "2d" or "never" (see expiry-time.ts). */
  expiresIn?: string;
  /** When AWS stops it (ISO, UTC); absent for never. Saved, so that a rerun keeps it. */
  expiresAt?: string;
  /** What takes the private subnet to the internet: the tutorial's NAT gateway, or a NAT instance (a tenth of the cost). */
  nat: NatKind;
  /**
   * Tags put on every resource besides the lab's own (whoever runs the lab names them:
   * a class tags its labs with the class); kept, so that a rerun tags alike.
   */
  extraTags?: Record<string, string>;
}

export type NatKind = 'gateway' | 'instance';
/** The NAT instance's type: Graviton where the zone offers it, else the smallest x86 one. */
export const NAT_INSTANCE_TYPE = 't4g.nano';
export const NAT_INSTANCE_FALLBACK_TYPE = 't3.nano';
export const NAT_KINDS: readonly NatKind[] = ['gateway', 'instance'];

export const DEFAULTS = {
  name: 'aws-lab',
  vpcCidr: '10.0.0.0/16',
  instanceType: 't3.micro',
  nat: 'gateway' as NatKind,
  keyName: (lab: string) => `${lab}-key`,
} as const;

export const AL2023_PARAMETER = '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64';
export const AL2023_ARM_PARAMETER = '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64';

/** Graviton types (t4g, m7g, c6gn, …) run arm64 images; all others the x86_64 one. */
export function amiParameter(instanceType: string): string {
  return /^[a-z]+\d+g[a-z]*\./.test(instanceType) ? AL2023_ARM_PARAMETER : AL2023_PARAMETER;
}

// AWS accepts VPC blocks from /16 to /28; the lab needs two subnets of at least /28 in it.
const VPC_MIN_PREFIX = 16;
const VPC_MAX_PREFIX = 27;
const SUBNET_MAX_PREFIX = 28;

export interface Cidr {
  base: number; // network address as an unsigned 32-bit number
  prefix: number;
}

function toNumber(addr: string): number {
  return ipaddr.IPv4.parse(addr).toByteArray().reduce((n, b) => n * 256 + b, 0);
}

function toAddress(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

export function formatCidr(c: Cidr): string {
  return `${toAddress(c.base)}/${c.prefix}`;
}

/** Parse an IPv4 CIDR, insisting that it names a network (no host bits set). */
export function parseCidr(value: string, what: string): Cidr {
  if (!ipaddr.IPv4.isValidCIDR(value) || !ipaddr.IPv4.isValidFourPartDecimal(value.split('/')[0])) {
    throw new UsageError(`${what} "${value}" is not an IPv4 CIDR block`, 'write it like 10.0.0.0/16');
  }
  const [addr, prefix] = ipaddr.IPv4.parseCIDR(value);
  const network = ipaddr.IPv4.networkAddressFromCIDR(value).toString();
  if (network !== addr.toString()) {
    throw new UsageError(`${what} "${value}" has host bits set`, `did you mean ${network}/${prefix}?`);
  }
  return { base: toNumber(network), prefix };
}

function size(c: Cidr): number {
  return 2 ** (32 - c.prefix);
}

export function contains(outer: Cidr, inner: Cidr): boolean {
  return inner.prefix >= outer.prefix && inner.base >= outer.base && inner.base + size(inner) <= outer.base + size(outer);
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.base < b.base + size(b) && b.base < a.base + size(a);
}

/**
 * The tutorial's layout: 10.0.1.0/24 public and 10.0.2.0/24 private in 10.0.0.0/16.
 * Keep that shape for any VPC with room for it; a smaller VPC is split in halves.
 */
export function deriveSubnets(vpcCidr: string): { publicSubnetCidr: string; privateSubnetCidr: string } {
  const vpc = parseCidr(vpcCidr, 'VPC CIDR');
  if (vpc.prefix <= 22) {
    const at = (i: number) => formatCidr({ base: vpc.base + i * 256, prefix: 24 });
    return { publicSubnetCidr: at(1), privateSubnetCidr: at(2) };
  }
  const half = { prefix: vpc.prefix + 1 };
  return {
    publicSubnetCidr: formatCidr({ base: vpc.base, ...half }),
    privateSubnetCidr: formatCidr({ base: vpc.base + size(vpc) / 2, ...half }),
  };
}

export function validateVpcCidr(value: string): void {
  const vpc = parseCidr(value, 'VPC CIDR');
  if (vpc.prefix < VPC_MIN_PREFIX || vpc.prefix > VPC_MAX_PREFIX) {
    throw new UsageError(
      `VPC CIDR "${value}" is a /${vpc.prefix}`,
      `AWS accepts /16 to /28 for a VPC, and the lab needs room for two subnets: use /16 to /27, e.g. 10.0.0.0/16`,
    );
  }
}

/** One subnet on its own: a block of the VPC, no smaller than AWS allows. */
export function validateSubnet(vpcCidr: string, value: string, what: string): void {
  const vpc = parseCidr(vpcCidr, 'VPC CIDR');
  const c = parseCidr(value, what);
  if (c.prefix > SUBNET_MAX_PREFIX) {
    throw new UsageError(`${what} "${value}" is smaller than a /28`, 'AWS subnets are /16 to /28; the lab uses /24');
  }
  if (!contains(vpc, c)) {
    throw new UsageError(`${what} "${value}" is not inside the VPC ${vpcCidr}`, `pick a block inside ${vpcCidr}, e.g. ${deriveSubnets(vpcCidr).publicSubnetCidr}`);
  }
}

export function validateSubnets(vpcCidr: string, publicCidr: string, privateCidr: string): void {
  validateSubnet(vpcCidr, publicCidr, 'public subnet CIDR');
  validateSubnet(vpcCidr, privateCidr, 'private subnet CIDR');
  if (overlaps(parseCidr(publicCidr, 'public subnet CIDR'), parseCidr(privateCidr, 'private subnet CIDR'))) {
    throw new UsageError(`public subnet ${publicCidr} and private subnet ${privateCidr} overlap`, 'give them separate blocks, e.g. 10.0.1.0/24 and 10.0.2.0/24');
  }
}

/** The whole internet, IPv4 and IPv6: an SSH rule from one of these lets anyone try to log in. */
export const WORLD_CIDRS = ['0.0.0.0/0', '::/0'] as const;

export function opensToWorld(cidr: string): boolean {
  return (WORLD_CIDRS as readonly string[]).includes(cidr.trim());
}

export function validateSshCidr(value: string): void {
  // The lab's VPC and servers have no IPv6 addresses: an IPv6 rule would let nobody in.
  if (value.includes(':')) {
    throw new UsageError(
      `SSH source CIDR "${value}" is IPv6, and the lab's VPC and servers have IPv4 addresses only`,
      `use an IPv4 block: your own address as x.x.x.x/32 (or ${WORLD_CIDRS[0]}, all of the internet)`,
    );
  }
  parseCidr(value, 'SSH source CIDR');
}

const NAME = /^[a-z0-9][a-z0-9-]{0,30}$/;
export function validateLabName(value: string): void {
  if (!NAME.test(value)) {
    throw new UsageError(`lab name "${value}" is not accepted`, 'use 1 to 31 lower-case letters, digits and hyphens, starting with a letter or digit');
  }
}

const KEY_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/;
export function validateKeyName(value: string): void {
  if (!KEY_NAME.test(value)) {
    throw new UsageError(`key name "${value}" is not accepted`, 'use up to 255 letters, digits, ".", "_" and "-", starting with a letter or digit');
  }
}

const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;
export function validateRegion(value: string): void {
  if (!REGION.test(value)) {
    throw new UsageError(`region "${value}" is not a region name`, 'use a code like ap-northeast-1 or us-east-1');
  }
}

/** An Availability Zone's name: its region's and a letter (ap-northeast-1a); Local Zones have a part more (us-west-2-lax-1a). */
const ZONE = /^([a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2})(-[a-z]+-\d+)?[a-z]$/;
export function validateZone(value: string, region?: string): void {
  const m = ZONE.exec(value);
  if (!m) throw new UsageError(['err_zoneName', value], ['hint_zoneName']);
  if (region && m[1] !== region) throw new UsageError(['err_zoneRegion', value, region], ['hint_zoneRegion', region]);
}

const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;
export function validateInstanceType(value: string): void {
  if (!INSTANCE_TYPE.test(value)) {
    throw new UsageError(`instance type "${value}" is not an instance type name`, 'use a name like t3.micro');
  }
}

const AMI = /^ami-[0-9a-f]{8,17}$/;
export function validateAmi(value: string): void {
  if (!AMI.test(value)) {
    throw new UsageError(`AMI "${value}" is not an AMI ID`, 'use an ID like ami-0123456789abcdef0, or leave --ami out for the latest Amazon Linux 2023');
  }
}

export function validateNat(value: string): asserts value is NatKind {
  if (!NAT_KINDS.includes(value as NatKind)) {
    throw new UsageError(`NAT kind "${value}" is not accepted`, 'use --nat gateway (the tutorial\'s NAT gateway) or --nat instance (a t4g.nano NAT instance, a tenth of the cost)');
  }
}

const OPENSSH_KEY = /^(ssh-(rsa|ed25519)|ecdsa-sha2-nistp(256|384|521)) [A-Za-z0-9+/=]+/;

/** The key to import: a readable file holding an OpenSSH public key (not the private half). */
export async function validatePublicKeyFile(file: string): Promise<void> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    throw new UsageError(`public key file "${file}" cannot be read`, 'give the path of an OpenSSH public key, e.g. ~/.ssh/id_ed25519.pub');
  }
  if (!OPENSSH_KEY.test(text.trim())) {
    throw new UsageError(`"${file}" is not an OpenSSH public key`, 'give a .pub file starting with ssh-ed25519, ssh-rsa or ecdsa-sha2-…');
  }
}

/** Every syntactic check, before any AWS call. */
export function validateSettings(s: LabSettings): void {
  validateLabName(s.name);
  validateRegion(s.region);
  validateVpcCidr(s.vpcCidr);
  validateSubnets(s.vpcCidr, s.publicSubnetCidr, s.privateSubnetCidr);
  validateKeyName(s.keyName);
  validateSshCidr(s.sshCidr);
  validateInstanceType(s.instanceType);
  if (s.ami) validateAmi(s.ami);
  if (s.zone) validateZone(s.zone, s.region);
  if (s.expiresIn !== undefined) validateExpiresIn(s.expiresIn);
  validateNat(s.nat);
}
