import type http from 'node:http';

/**
 * A proxy stage (./proxy.ts): what `check --vpc` reads, answered as AWS answers it where
 * moto is more lenient (docs/moto-behaviour.md, "What a check reads"):
 * - a route whose NAT gateway is gone (deleted, failed, unknown) is `blackhole` on AWS;
 *   moto keeps it `active`;
 * - an instance has no public DNS name while its VPC's DNS hostnames are off; moto gives
 *   one whatever the attribute says.
 * Reads only: moto is asked (past the proxy, unrecorded) what it holds, and its own answer
 * is rewritten. A request nothing needs rewriting in goes on to moto as it is.
 */

/**
 * Where the stage asks moto: its address, and the caller's credentials (moto maps an
 * assumed role's keys to the role's account: a class's member account is asked about its
 * own resources, as AWS would answer the caller).
 */
interface Upstream {
  url: string;
  authorization: string;
}

const DEFAULT_AUTH = 'AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=0';

/** One EC2 query call to moto itself, unrecorded. */
function ec2(target: Upstream, params: Record<string, string>): Promise<string> {
  return fetch(target.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: target.authorization },
    body: new URLSearchParams({ Version: '2016-11-15', ...params }).toString(),
  }).then((r) => r.text());
}

/** The NAT gateways AWS still routes to: those moto holds that are not deleted or failed. */
async function liveNats(target: Upstream, ids: string[]): Promise<Set<string>> {
  const live = new Set<string>();
  for (const id of ids) {
    const one = await ec2(target, { Action: 'DescribeNatGateways', 'NatGatewayId.1': id });
    const state = /<state>([a-z]+)<\/state>/.exec(one)?.[1];
    if (one.includes(`<natGatewayId>${id}</natGatewayId>`) && state !== 'deleted' && state !== 'failed') live.add(id);
  }
  return live;
}

/** Routes to a NAT gateway that is gone: blackhole. */
async function blackholeRoutes(target: Upstream, xml: string): Promise<string | undefined> {
  const ids = [...new Set([...xml.matchAll(/<natGatewayId>(nat-[0-9a-f]+)<\/natGatewayId>/g)].map((m) => m[1]))];
  if (ids.length === 0) return undefined;
  const live = await liveNats(target, ids);
  if (ids.every((id) => live.has(id))) return undefined;
  return xml.replace(/(<natGatewayId>(nat-[0-9a-f]+)<\/natGatewayId>(?:(?!<\/item>)[^])*?<state>)active(<\/state>)/g, (all, head: string, id: string, tail: string) => (live.has(id) ? all : `${head}blackhole${tail}`));
}

/** Public DNS names of instances in VPCs whose DNS hostnames are off: none (empty, as AWS gives it). */
async function dropDnsNames(target: Upstream, xml: string): Promise<string | undefined> {
  const names = [...xml.matchAll(/<(dnsName|publicDnsName)>[^<]+<\/\1>/g)];
  if (names.length === 0) return undefined;
  // The VPC an element belongs to: the next vpcId after it (its interface's, or its instance's).
  const vpcAfter = (at: number) => /<vpcId>(vpc-[0-9a-f]+)<\/vpcId>/.exec(xml.slice(at))?.[1];
  const vpcs = [...new Set(names.map((m) => vpcAfter(m.index!)).filter((v): v is string => Boolean(v)))];
  const off = new Set<string>();
  for (const vpc of vpcs) {
    const attr = await ec2(target, { Action: 'DescribeVpcAttribute', VpcId: vpc, Attribute: 'enableDnsHostnames' });
    if (/<enableDnsHostnames>\s*<value>false<\/value>/.test(attr)) off.add(vpc);
  }
  if (off.size === 0) return undefined;
  return xml.replace(/<(dnsName|publicDnsName)>[^<]+<\/\1>/g, (all, tag: string, offset: number) => (off.has(vpcAfter(offset) ?? '') ? `<${tag}/>` : all));
}

const REWRITES: Record<string, (target: Upstream, xml: string) => Promise<string | undefined>> = {
  DescribeRouteTables: blackholeRoutes,
  DescribeInstances: dropDnsNames,
};

/** The proxy stage: moto's answer, rewritten where AWS would answer otherwise; else on to moto. */
export async function playCheckReads(s: { target: string }, c: { action: string; req: http.IncomingMessage; text: string; res: http.ServerResponse }): Promise<boolean> {
  const rewrite = REWRITES[c.action];
  if (!rewrite) return false;
  const upstream = await fetch(`${s.target}${c.req.url}`, {
    method: 'POST',
    headers: Object.fromEntries(Object.entries(c.req.headers).filter(([k]) => k !== 'host' && k !== 'content-length')) as Record<string, string>,
    body: c.text,
  });
  const xml = await upstream.text();
  const rewritten = upstream.ok ? await rewrite({ url: s.target, authorization: c.req.headers.authorization ?? DEFAULT_AUTH }, xml) : undefined;
  if (rewritten === undefined) return false;
  c.res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'text/xml' }).end(rewritten);
  return true;
}
