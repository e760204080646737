import { promises as fs } from 'node:fs';
import path from 'node:path';
import ipaddr from 'ipaddr.js';
import { inner, UsageError } from '../../engine/errors.js';
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

/** Which block a CIDR is: its refusals name it (ui/messages words each). */
export type CidrField = 'vpc' | 'publicSubnet' | 'privateSubnet' | 'sshSource';

/** Parse an IPv4 CIDR, insisting that it names a network (no host bits set). */
export function parseCidr(value: string, what: CidrField): Cidr {
  if (!ipaddr.IPv4.isValidCIDR(value) || !ipaddr.IPv4.isValidFourPartDecimal(value.split('/')[0])) {
    throw new UsageError(['err_notCidr', what, value], ['hint_notCidr']);
  }
  const [addr, prefix] = ipaddr.IPv4.parseCIDR(value);
  const network = ipaddr.IPv4.networkAddressFromCIDR(value).toString();
  if (network !== addr.toString()) {
    throw new UsageError(['err_hostBits', what, value], ['hint_hostBits', `${network}/${prefix}`]);
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
  const vpc = parseCidr(vpcCidr, 'vpc');
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
  const vpc = parseCidr(value, 'vpc');
  if (vpc.prefix < VPC_MIN_PREFIX || vpc.prefix > VPC_MAX_PREFIX) {
    throw new UsageError(['err_vpcPrefix', value, vpc.prefix], ['hint_vpcPrefix']);
  }
}

/** One subnet on its own: a block of the VPC, no smaller than AWS allows. */
export function validateSubnet(vpcCidr: string, value: string, what: CidrField): void {
  const vpc = parseCidr(vpcCidr, 'vpc');
  const c = parseCidr(value, what);
  if (c.prefix > SUBNET_MAX_PREFIX) {
    throw new UsageError(['err_subnetTooSmall', what, value], ['hint_subnetTooSmall']);
  }
  if (!contains(vpc, c)) {
    throw new UsageError(['err_subnetOutside', what, value, vpcCidr], ['hint_subnetOutside', vpcCidr, deriveSubnets(vpcCidr).publicSubnetCidr]);
  }
}

export function validateSubnets(vpcCidr: string, publicCidr: string, privateCidr: string): void {
  validateSubnet(vpcCidr, publicCidr, 'publicSubnet');
  validateSubnet(vpcCidr, privateCidr, 'privateSubnet');
  if (overlaps(parseCidr(publicCidr, 'publicSubnet'), parseCidr(privateCidr, 'privateSubnet'))) {
    throw new UsageError(['err_subnetsOverlap', publicCidr, privateCidr], ['hint_subnetsOverlap']);
  }
}

/** The whole internet, IPv4 and IPv6: an SSH rule from one of these lets anyone try to log in. */
const WORLD_CIDRS = ['0.0.0.0/0', '::/0'] as const;

export function opensToWorld(cidr: string): boolean {
  return (WORLD_CIDRS as readonly string[]).includes(cidr.trim());
}

export function validateSshCidr(value: string): void {
  // The lab's VPC and servers have no IPv6 addresses: an IPv6 rule would let nobody in.
  if (value.includes(':')) {
    throw new UsageError(['err_sshIpv6', value], ['hint_sshIpv6', WORLD_CIDRS[0]]);
  }
  parseCidr(value, 'sshSource');
}

const NAME = /^[a-z0-9][a-z0-9-]{0,30}$/;
export function validateLabName(value: string): void {
  if (!NAME.test(value)) {
    throw new UsageError(['err_labName', value], ['hint_labName']);
  }
}

const KEY_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/;
export function validateKeyName(value: string): void {
  if (!KEY_NAME.test(value)) {
    throw new UsageError(['err_keyName', value], ['hint_keyName']);
  }
}

const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;
export function validateRegion(value: string): void {
  if (!REGION.test(value)) {
    throw new UsageError(['err_region', value], ['hint_region']);
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
    throw new UsageError(['err_instanceType', value], ['hint_instanceType']);
  }
}

const AMI = /^ami-[0-9a-f]{8,17}$/;
export function validateAmi(value: string): void {
  if (!AMI.test(value)) {
    throw new UsageError(['err_ami', value], ['hint_ami']);
  }
}

export function validateNat(value: string): asserts value is NatKind {
  if (!NAT_KINDS.includes(value as NatKind)) {
    throw new UsageError(['err_natKind', value], ['hint_natKind']);
  }
}

const OPENSSH_KEY = /^(ssh-(rsa|ed25519)|ecdsa-sha2-nistp(256|384|521)) [A-Za-z0-9+/=]+/;

/** The key to import: a readable file holding an OpenSSH public key (not the private half). */
export async function validatePublicKeyFile(file: string): Promise<void> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    throw new UsageError(['err_publicKeyUnreadable', file], ['hint_publicKeyUnreadable']);
  }
  if (!OPENSSH_KEY.test(text.trim())) {
    throw new UsageError(['err_notPublicKey', file], ['hint_notPublicKey']);
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

/** Control characters (a newline ends an ssh_config line; none belongs in a path). */
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * The public key to import, as a saved value: an absolute path with no control characters.
 * ssh is given it through a config file, never a shell; a command substitution (`$(`, a
 * backquote) is refused all the same, as no key file is named so and it can only be an attack.
 */
export function validatePublicKeyPath(value: string): void {
  if (CONTROL.test(value) || /\$\(|`/.test(value) || !(path.posix.isAbsolute(value) || path.win32.isAbsolute(value))) {
    throw new UsageError(['err_publicKeyPath', value], ['hint_publicKeyPath']);
  }
}

/** Each saved setting's check: the same as its flag's. Fields absent are not checked. */
const SAVED_CHECKS: { [K in keyof LabSettings]?: (value: string, s: Partial<LabSettings>) => void } = {
  name: validateLabName,
  region: validateRegion,
  vpcCidr: validateVpcCidr,
  publicSubnetCidr: (v, s) => validateSubnet(s.vpcCidr ?? v, v, 'publicSubnet'),
  privateSubnetCidr: (v, s) => validateSubnet(s.vpcCidr ?? v, v, 'privateSubnet'),
  keyName: validateKeyName,
  publicKeyFile: validatePublicKeyPath,
  // A lab found without settings saves none; a saved one is a CIDR like the flag's.
  sshCidr: (v) => v === '' || validateSshCidr(v),
  instanceType: validateInstanceType,
  ami: validateAmi,
  zone: (v, s) => validateZone(v, s.region),
  expiresIn: validateExpiresIn,
  expiresAt: (v) => {
    if (Number.isNaN(Date.parse(v))) throw new UsageError(['err_savedNotTime', v], ['hint_savedBroken']);
  },
  nat: validateNat,
};

/** Stop on a saved value: the file (or S3 object) and field, and what is wrong with it. */
function savedFault(where: string, field: string, err: unknown): never {
  if (!(err instanceof UsageError)) throw err;
  throw new UsageError(['err_savedSetting', where, field, inner(err.words.message)], err.words.hint ?? ['hint_savedBroken']);
}

/**
 * A saved state is input like a flag: anyone who can write the state folder or bucket
 * writes it. Every saved setting gets its flag's check (exit 2 naming `where` and the
 * field) before anything uses it; `where` is the state's file or S3 object.
 */
export function validateSavedState(saved: { region?: unknown; settings?: unknown }, where: string): void {
  if (saved.region !== undefined) {
    try {
      if (typeof saved.region !== 'string') throw new UsageError(['err_savedNotText'], ['hint_savedBroken']);
      validateRegion(saved.region);
    } catch (err) {
      savedFault(where, 'region', err);
    }
  }
  const s = (saved.settings ?? {}) as Record<string, unknown>;
  if (typeof s !== 'object' || Array.isArray(s)) savedFault(where, 'settings', new UsageError(['err_savedNotText'], ['hint_savedBroken']));
  for (const [field, value] of Object.entries(s)) {
    try {
      if (field === 'extraTags') validateExtraTags(value);
      else {
        const check = SAVED_CHECKS[field as keyof LabSettings];
        if (typeof value !== 'string') throw new UsageError(['err_savedNotText'], ['hint_savedBroken']);
        check?.(value, s as Partial<LabSettings>);
      }
    } catch (err) {
      savedFault(where, `settings.${field}`, err);
    }
  }
}

/** Tags are names and values of text (AWS's limits: 128 and 256 characters). */
function validateExtraTags(value: unknown): void {
  const ok =
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.entries(value).every(([k, v]) => k.length > 0 && k.length <= 128 && typeof v === 'string' && v.length <= 256 && !CONTROL.test(k + v));
  if (!ok) throw new UsageError(['err_savedTags'], ['hint_savedBroken']);
}
