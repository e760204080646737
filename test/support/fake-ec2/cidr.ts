/** IPv4 CIDR arithmetic for the VPC, subnet and route rules. */

export interface Cidr {
  base: number;
  prefix: number;
  text: string;
}

export function parseIp(s: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
}

export function ipToString(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** `aligned`: the address must be the network address (AWS refuses 10.0.0.1/16 for a VPC or subnet). */
export function parseCidr(s: string | undefined, aligned: boolean): Cidr | undefined {
  const m = /^([\d.]+)\/(\d{1,2})$/.exec(s ?? '');
  if (!m) return undefined;
  const base = parseIp(m[1]);
  const prefix = Number(m[2]);
  if (base === undefined || prefix > 32) return undefined;
  if (aligned && ((base & maskOf(prefix)) >>> 0) !== base) return undefined;
  return { base, prefix, text: s! };
}

export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  return inner.prefix >= outer.prefix && ((inner.base & maskOf(outer.prefix)) >>> 0) === outer.base;
}

export function cidrOverlaps(a: Cidr, b: Cidr): boolean {
  return cidrContains(a, b) || cidrContains(b, a);
}

export function cidrSize(c: Cidr): number {
  return 2 ** (32 - c.prefix);
}
