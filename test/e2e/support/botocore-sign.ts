/**
 * SigV4 by another implementation: python3's botocore (installed with moto, which the e2e
 * tests need anyway). Its absence fails the test: a signature check that quietly skipped
 * would prove nothing.
 */
import { spawnSync } from 'node:child_process';

export interface ToSign {
  method: string;
  url: string;
  /** The headers to sign, as sent (Authorization left out). */
  headers: Record<string, string>;
  body: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  region: string;
  service: string;
  /** X-Amz-Date, YYYYMMDDTHHMMSSZ: botocore signs at this time, not its own clock's. */
  amzDate: string;
}

// botocore's SigV4Auth.add_auth, whole, at the request's X-Amz-Date (its clock patched), over
// the body's own hash.
const SCRIPT = `
import base64, datetime, hashlib, json, sys
import botocore.auth
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
r = json.load(sys.stdin)
at = datetime.datetime.strptime(r['amzDate'], '%Y%m%dT%H%M%SZ')
botocore.auth.get_current_datetime = lambda *a, **k: at
body = base64.b64decode(r['body'])
# botocore takes a given X-Amz-Content-SHA256 as the body's hash: it must be the body's own.
given = {k.lower(): v for k, v in r['headers'].items()}.get('x-amz-content-sha256')
if given is not None and given != hashlib.sha256(body).hexdigest():
    sys.exit('x-amz-content-sha256 is not the hash of the body sent')
req = AWSRequest(method=r['method'], url=r['url'], data=body, headers=r['headers'])
SigV4Auth(Credentials(r['accessKeyId'], r['secretAccessKey'], r.get('sessionToken')), r['service'], r['region']).add_auth(req)
print(json.dumps({'authorization': req.headers['Authorization'], 'amzDate': req.headers['X-Amz-Date']}))
`;

/** The Authorization header botocore computes for `r`. */
export function botocoreAuthorization(r: ToSign): string {
  const run = spawnSync('python3', ['-c', SCRIPT], { input: JSON.stringify({ ...r, body: Buffer.from(r.body, 'utf8').toString('base64') }), encoding: 'utf8' });
  if (run.error || /ModuleNotFoundError/.test(run.stderr)) throw new Error(`python3 with botocore is needed to check signatures (pip install moto installs it): ${run.error?.message ?? run.stderr}`);
  if (run.status !== 0) throw new Error(`botocore could not sign the request: ${run.stderr}`);
  const out = JSON.parse(run.stdout) as { authorization: string; amzDate: string };
  if (out.amzDate !== r.amzDate) throw new Error(`botocore signed at ${out.amzDate}, not ${r.amzDate}`);
  return out.authorization;
}
