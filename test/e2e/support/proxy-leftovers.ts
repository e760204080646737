import type http from 'node:http';

/**
 * What `leftovers` reads, as AWS answers it where moto does not:
 * - DescribeRegions: AWS lists the account's enabled regions of its own partition; moto lists
 *   every region it knows, GovCloud and China included, and the opt-in ones not opted into.
 * - A region the caller may not read (an SCP that denies it, a region turned off): every EC2
 *   call signed for it answers UnauthorizedOperation (`refuseRegions`).
 * - The Price List Query API (pricing:GetProducts), which moto does not have: answered from
 *   the products a test gives (`priceList`), filtered by the request's TERM_MATCH filters as
 *   AWS filters them; without them it goes on to moto, which fails it (HTTP 500).
 */
declare module './proxy.js' {
  interface Faults {
    /** EC2 calls signed for these regions answer 403 UnauthorizedOperation. */
    refuseRegions?: string[];
    /** GetProducts' products, each with its attributes (regionCode, productFamily, usagetype, instanceType…) and on-demand price. */
    priceList?: PriceListProduct[];
  }
}

export interface PriceListProduct {
  attributes: Record<string, string>;
  unit: string;
  usd: string;
}

/** The region and service of a request's SigV4 credential scope. */
function scopeOf(req: http.IncomingMessage): { region?: string; service?: string } {
  const m = /Credential=[^/]+\/\d+\/([^/]+)\/([^/]+)\//.exec(String(req.headers.authorization ?? ''));
  return { region: m?.[1], service: m?.[2] };
}

const xml = (res: http.ServerResponse, status: number, body: string) => void res.writeHead(status, { 'content-type': 'text/xml' }).end(body);

/** A product as the Price List API writes it: a JSON string with its product and on-demand terms. */
export function productJson(p: PriceListProduct): string {
  return JSON.stringify({
    product: { productFamily: p.attributes.productFamily, attributes: p.attributes },
    terms: { OnDemand: { 'OFFER.JRTCKXETXF': { priceDimensions: { 'OFFER.JRTCKXETXF.6YS6EN2CT7': { unit: p.unit, pricePerUnit: { USD: p.usd } } } } } },
  });
}

/** AWS's DescribeRegions from moto's: the commercial partition's regions that need no opt-in or were opted into. */
function enabledOnly(answer: string): string {
  return answer.replace(/<item>((?:(?!<item>)[\s\S])*?)<\/item>/g, (item, inner: string) => {
    const name = /<regionName>([^<]*)<\/regionName>/.exec(inner)?.[1] ?? '';
    return /^(us-gov-|cn-)/.test(name) || /<optInStatus>not-opted-in<\/optInStatus>/.test(inner) ? '' : item;
  });
}

type State = { target: string; proxy: { faults: { refuseRegions?: string[]; priceList?: PriceListProduct[] } } };
type Call = { req: http.IncomingMessage; res: http.ServerResponse; action: string; iamAction: string; text: string };

/** A proxy stage (proxy.ts, beside IAM's): a refused region, DescribeRegions as AWS lists them, GetProducts from the test's products. */
export async function playLeftovers(s: State, c: Call): Promise<boolean> {
  const { region, service } = scopeOf(c.req);
  if (service === 'ec2' && region && s.proxy.faults.refuseRegions?.includes(region)) {
    xml(c.res, 403, `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>You are not authorized to perform this operation. User is not authorized to perform: ${c.iamAction} in ${region}</Message></Error></Errors><RequestID>proxy-region</RequestID></Response>`);
    return true;
  }
  if (c.action === 'DescribeRegions') {
    const upstream = await fetch(`${s.target}${c.req.url}`, { method: 'POST', headers: Object.fromEntries(Object.entries(c.req.headers).filter(([k]) => k !== 'host' && k !== 'content-length')) as Record<string, string>, body: c.text });
    xml(c.res, upstream.status, enabledOnly(await upstream.text()));
    return true;
  }
  if (c.iamAction === 'pricing:GetProducts' && s.proxy.faults.priceList) {
    const input = JSON.parse(c.text) as { Filters?: { Field: string; Value: string }[] };
    const match = s.proxy.faults.priceList.filter((p) => (input.Filters ?? []).every((f) => p.attributes[f.Field] === f.Value));
    c.res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify({ FormatVersion: 'aws_v1', PriceList: match.map(productJson) }));
    return true;
  }
  return false;
}
