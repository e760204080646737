import ipaddr from 'ipaddr.js';

/** Where to ask for the caller's public address; tests point it at a loopback server. */
export const IP_URL_ENV = 'AWS_LAB_SETUP_IP_URL';
const DEFAULT_URL = 'https://checkip.amazonaws.com';

/**
 * The caller's public IPv4 address as a /32, for the SSH rule; undefined when it cannot be
 * told within the timeout (offline, behind a proxy): the caller then asks or refuses.
 */
export async function detectPublicCidr(timeoutMs = 2_500): Promise<string | undefined> {
  const url = process.env[IP_URL_ENV] || DEFAULT_URL;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return undefined;
    const text = (await res.text()).trim();
    return ipaddr.IPv4.isValidFourPartDecimal(text) ? `${text}/32` : undefined;
  } catch {
    return undefined;
  }
}
