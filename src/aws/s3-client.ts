// Loaded only for a state in S3 (through clients.ts' s3Client): no other command carries S3's SDK.
import { S3Client } from '@aws-sdk/client-s3';
import { networkAgents } from './network.js';

/**
 * The bucket may be in another region than the lab: S3 redirects, and the SDK follows.
 * An endpoint (moto, a local S3) is addressed by path: BUCKET.127.0.0.1 names no host.
 */
export async function createS3Client(opts: { region?: string; profile?: string; endpointUrl?: string }): Promise<S3Client> {
  const endpoint = opts.endpointUrl ?? process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL;
  const base = {
    // Through the proxy variables and AWS_CA_BUNDLE, as every other AWS call.
    requestHandler: await networkAgents(),
    ...(opts.profile ? { profile: opts.profile } : {}),
    ...(opts.endpointUrl ? { endpoint: opts.endpointUrl } : {}),
    forcePathStyle: Boolean(endpoint),
    followRegionRedirects: true,
    retryMode: 'standard',
    maxAttempts: 4,
  };
  const client = new S3Client({ ...base, ...(opts.region ? { region: opts.region } : {}) });
  if (opts.region) return client;
  const region = await client.config.region().catch(() => undefined);
  return region ? client : new S3Client({ ...base, region: 'us-east-1' });
}
