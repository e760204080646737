import type http from 'node:http';
import { ec2Bucket, type BucketSpec } from '../../../src/aws/ec2-buckets.js';

/**
 * EC2's token buckets, enforced in front of moto (which meters nothing): per account and
 * region, each EC2 call takes a token from its action's own bucket (src/aws/ec2-buckets.ts,
 * the table the CLI's rate limiter reads), and a call that finds its bucket empty is
 * answered 503 RequestLimitExceeded, unserved, as AWS answers it; other actions' buckets
 * are untouched.
 *
 * The account is the one moto maps the caller's access key to (keys minted by AssumeRole
 * belong to the role's account), asked once per key with GetCallerIdentity.
 */
export interface Buckets {
  /** Calls refused for an empty bucket, by "account/region action". */
  refused: Map<string, number>;
  /** Calls let through, by "account/region". */
  served: Map<string, number>;
  /** Whether this call may go on (false: answer RequestLimitExceeded). */
  admit(req: http.IncomingMessage, action: string): Promise<boolean>;
}

/** One of EC2's buckets as AWS keeps it: a call finding no whole token is refused. `now`: AWS's time (ms). */
export class Bucket {
  private tokens: number;
  private at: number;
  constructor(
    private readonly spec: BucketSpec,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = spec.size;
    this.at = now();
  }
  take(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.spec.size, this.tokens + ((now - this.at) / 1000) * this.spec.refill);
    this.at = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

const credentialOf = (req: http.IncomingMessage) => /Credential=([^/]+)\/\d+\/([^/]+)\/([^/]+)\//.exec(String(req.headers.authorization ?? ''));

export function enforceBuckets(target: string): Buckets {
  const accounts = new Map<string, Promise<string>>();
  const buckets = new Map<string, Bucket>();
  const refused = new Map<string, number>();
  const served = new Map<string, number>();
  const accountOf = (key: string, region: string) => {
    let p = accounts.get(key);
    if (!p) {
      // moto checks no signature: the key alone names the caller.
      p = fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `AWS4-HMAC-SHA256 Credential=${key}/20260101/${region}/sts/aws4_request, SignedHeaders=host, Signature=0` },
        body: 'Action=GetCallerIdentity&Version=2011-06-15',
      })
        .then((r) => r.text())
        .then((xml) => /<Account>(\d+)<\/Account>/.exec(xml)?.[1] ?? key);
      accounts.set(key, p);
    }
    return p;
  };
  return {
    refused,
    served,
    async admit(req, action) {
      const cred = credentialOf(req);
      if (!cred || cred[3] !== 'ec2') return true;
      const [, key, region] = cred;
      const where = `${await accountOf(key, region)}/${region}`;
      const spec = ec2Bucket(action);
      const id = `${where} ${spec.name}`;
      let bucket = buckets.get(id);
      if (!bucket) buckets.set(id, (bucket = new Bucket(spec)));
      if (bucket.take()) {
        served.set(where, (served.get(where) ?? 0) + 1);
        return true;
      }
      refused.set(id, (refused.get(id) ?? 0) + 1);
      return false;
    },
  };
}
