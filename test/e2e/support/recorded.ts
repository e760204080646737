/**
 * What the test proxy keeps of each request for the IAM evaluator (test/e2e/support/iam-requests.ts):
 * the call as IAM names it, the region it was signed for, its parameters, and how it was
 * answered. Kept apart from the proxy's fault injection: the proxy calls `record` once a
 * request, and nothing here changes what it answers.
 */
import type http from 'node:http';
import type { Held } from './held.js';

export interface RecordedRequest {
  /** "ec2:CreateVpc", "iam:GetRole", "scheduler:CreateSchedule". */
  iamAction: string;
  /** The region of the signature's credential scope ("us-east-1"). */
  region: string;
  /**
   * The request's parameters, flat: the query protocol's form fields as sent
   * ("TagSpecification.1.ResourceType"), a JSON body's top-level fields, and for
   * Scheduler's REST calls the name in the path (`Name`) and `groupName` from the query.
   */
  params: Record<string, unknown>;
  /** The access key it was signed with (a class's member-account calls are signed with the assumed role's). */
  accessKey?: string;
  /** The HTTP status it was answered with; undefined while unanswered or when the connection was cut. */
  status?: number;
  /** What moto held of the resources it names as it arrived (proxy option `holdTags`: ./held.ts). */
  held?: Held;
}

const accessKeyOf = (req: http.IncomingMessage) => /Credential=([^/]+)\//.exec(String(req.headers.authorization ?? ''))?.[1] ?? '';
const scopeRegion = (req: http.IncomingMessage) => /Credential=[^/]+\/\d+\/([^/]+)\//.exec(String(req.headers.authorization ?? ''))?.[1] ?? 'us-east-1';

/** A JSON body's fields, or none (an empty or non-JSON body). */
function jsonFields(body: string): Record<string, unknown> {
  try {
    const v = JSON.parse(body);
    return v && typeof v === 'object' && !Array.isArray(v) ? v : {};
  } catch {
    return {};
  }
}

/** The parameters of a request, whichever protocol it speaks. */
export function paramsOf(req: http.IncomingMessage, body: string): Record<string, unknown> {
  const type = String(req.headers['content-type'] ?? '');
  if (type.includes('x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(body));
  const url = new URL(req.url ?? '/', 'http://proxy');
  // Scheduler's REST paths: /schedule-groups/NAME, /schedules/NAME, /tags/ARN.
  const [, , name] = url.pathname.split('/');
  const fromPath = name ? { Name: decodeURIComponent(name) } : {};
  return { ...fromPath, ...Object.fromEntries(url.searchParams), ...jsonFields(body) };
}

/** Keep one request (in the order they came) and note its status when it is answered. */
export function record(into: RecordedRequest[], req: http.IncomingMessage, res: http.ServerResponse, body: string, iamAction: string): void {
  const entry: RecordedRequest = { iamAction, region: scopeRegion(req), accessKey: accessKeyOf(req), params: paramsOf(req, body) };
  into.push(entry);
  res.on('finish', () => (entry.status = res.statusCode));
}
