/**
 * Prices from AWS's Price List Query API (`pricing:GetProducts`, endpoint us-east-1): what
 * an instance type, a NAT gateway or a GB of a volume type costs in a region, for any
 * region and type. Nothing here knows the tool's own price table: lab/views/leftovers.ts
 * falls back to it (lab/core/cost.ts) for whatever this cannot read.
 *
 * The API is reached through a `PriceListApi`, injected: tests give a stand-in, the CLI
 * `priceListOf` below (the SDK's Pricing client).
 */
import type { EC2Client } from '@aws-sdk/client-ec2';
import { GetProductsCommand, PricingClient } from '@aws-sdk/client-pricing';

/** The input of GetProducts, as the API names it. */
export interface GetProductsInput {
  ServiceCode: string;
  Filters: { Type: 'TERM_MATCH'; Field: string; Value: string }[];
  FormatVersion: 'aws_v1';
  MaxResults?: number;
  NextToken?: string;
}

/** Its answer: each product with its terms, as a JSON string. */
export interface GetProductsOutput {
  PriceList?: string[];
  NextToken?: string;
}

export interface PriceListApi {
  getProducts(input: GetProductsInput): Promise<GetProductsOutput>;
}

/** A price the look needs: an instance type's hour, a NAT gateway's hour, a GB-month of a volume type. */
export type PriceNeed =
  | { kind: 'instanceHour'; region: string; type: string }
  | { kind: 'natHour'; region: string }
  | { kind: 'volumeGbMonth'; region: string; type: string };

export const needKey = (n: PriceNeed): string => `${n.kind}:${n.region}${'type' in n ? `:${n.type}` : ''}`;

const term = (Field: string, Value: string) => ({ Type: 'TERM_MATCH' as const, Field, Value });

/** The GetProducts query of a need, and which of its products is the one (a NAT gateway's hours, not its GBs). */
export function productQuery(need: PriceNeed): { input: GetProductsInput; pick: (usageType: string, unit: string) => boolean } {
  const region = term('regionCode', need.region);
  const input = (Filters: GetProductsInput['Filters']): GetProductsInput => ({ ServiceCode: 'AmazonEC2', Filters, FormatVersion: 'aws_v1', MaxResults: 100 });
  switch (need.kind) {
    case 'instanceHour':
      // On-demand Linux, shared tenancy, no pre-installed software: what the lab launches.
      return {
        input: input([region, term('instanceType', need.type), term('operatingSystem', 'Linux'), term('tenancy', 'Shared'), term('preInstalledSw', 'NA'), term('capacitystatus', 'Used'), term('licenseModel', 'No License required')]),
        pick: (_u, unit) => /^hrs?$/i.test(unit),
      };
    case 'natHour':
      return { input: input([region, term('productFamily', 'NAT Gateway')]), pick: (u, unit) => /NatGateway-Hours$/.test(u) && /^hrs?$/i.test(unit) };
    case 'volumeGbMonth':
      return { input: input([region, term('productFamily', 'Storage'), term('volumeApiName', need.type)]), pick: (_u, unit) => /^GB-Mo$/i.test(unit) };
  }
}

interface Product {
  product?: { attributes?: Record<string, string> };
  terms?: { OnDemand?: Record<string, { priceDimensions?: Record<string, { unit?: string; pricePerUnit?: { USD?: string } }> }> };
}

/** The on-demand USD price of the picked product in a GetProducts answer, if there is exactly one such price. */
export function priceIn(priceList: readonly string[], pick: (usageType: string, unit: string) => boolean): number | undefined {
  const prices = new Set<number>();
  for (const text of priceList) {
    const p = JSON.parse(text) as Product;
    const usage = p.product?.attributes?.usagetype ?? '';
    for (const offer of Object.values(p.terms?.OnDemand ?? {})) {
      for (const dim of Object.values(offer.priceDimensions ?? {})) {
        const usd = Number(dim.pricePerUnit?.USD);
        // A free tier's $0 dimension, or a price of another unit, is not the hourly price.
        if (pick(usage, dim.unit ?? '') && usd > 0) prices.add(usd);
      }
    }
  }
  return prices.size === 1 ? [...prices][0] : undefined;
}

export interface PricesRead {
  /** USD by needKey, for the needs the API answered with one price. */
  prices: Map<string, number>;
  /** Why the API could not be read at all (no permission, no network, no such endpoint), if so. */
  error?: unknown;
}

/**
 * Ask the API for each need, all at once. The first refusal or failure stops the asking
 * (the same cause would refuse the rest): what was read is kept, the rest is left to the
 * table. A need the API answers with no price, or many, is left to the table too.
 */
export async function readPrices(api: PriceListApi | undefined, needs: readonly PriceNeed[]): Promise<PricesRead> {
  const prices = new Map<string, number>();
  if (!api) return { prices };
  let error: unknown;
  await Promise.all(
    needs.map(async (need) => {
      const { input, pick } = productQuery(need);
      try {
        const list: string[] = [];
        let NextToken: string | undefined;
        do {
          if (error !== undefined) return;
          const out = await api.getProducts({ ...input, NextToken });
          list.push(...(out.PriceList ?? []));
          NextToken = out.NextToken;
        } while (NextToken);
        const usd = priceIn(list, pick);
        if (usd !== undefined) prices.set(needKey(need), usd);
      } catch (err) {
        error ??= err;
      }
    }),
  );
  return { prices, error };
}

const PRICING_REGION = 'us-east-1';

/**
 * GetProducts through the SDK's Pricing client over the EC2 client's credentials and HTTP
 * handler (so proxies and CA bundles apply as for every call); `endpoint` is
 * --endpoint-url when given (an emulator), else AWS's. Two attempts: a price the API
 * cannot give in time is taken from the table instead (lab/views/leftovers.ts).
 */
export function priceListOf(ec2: EC2Client, opts: { endpoint?: string } = {}): PriceListApi {
  const client = new PricingClient({
    region: PRICING_REGION,
    credentials: ec2.config.credentials,
    requestHandler: ec2.config.requestHandler,
    maxAttempts: 2,
    ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
  });
  return { getProducts: async (input) => (await client.send(new GetProductsCommand(input))) as GetProductsOutput };
}
