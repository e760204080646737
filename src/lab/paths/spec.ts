import type { Words } from '../../engine/errors.js';
import { flow, flowsTo, type FlowId, type Peer } from '../core/flows.js';

/** The tutorial's paths (issue 26), stable ids. */
export type PathId = 'internet-web-http' | 'you-web-ssh' | 'web-db-icmp' | 'web-db-ssh' | 'web-db-mysql' | 'db-internet' | 'internet-db';

/** Where a packet is stopped, in the order it meets them. */
export type Gate = 'instance' | 'public-address' | 'internet-gateway' | 'route-table' | 'network-acl' | 'security-group' | 'nat' | 'source-dest-check';

export interface Blocked {
  gate: Gate;
  /** The ID of the resource that blocks (rtb-…, acl-…, sg-…, nat-…, i-…, igw-…). */
  resource?: string;
  /** Reachability Analyzer's explanation code: NO_ROUTE_TO_DESTINATION, ENI_SG_RULES_MISMATCH, SUBNET_ACL_RESTRICTION, … */
  code: string;
  /** Which way the blocked packet went (a stateless gate blocks replies too). */
  direction: 'request' | 'reply';
}

export interface PathVerdict {
  path: PathId;
  /** As the tutorial wants it (open for six, closed for internet-db); null: cannot be judged (a role missing). */
  ok: boolean | null;
  /** Traffic gets through; null when not judged. */
  open: boolean | null;
  /** The first gate that blocks; null when open (or not judged). */
  blockedAt: Blocked | null;
  /** Why, by message key (ui says it). */
  reason: Words;
  /** What to do in the console, by message key; undefined when ok. */
  fix?: Words;
  /** The AWS CLI command that fixes it, when one does (IDs filled in). */
  cli?: string;
}

export interface PathOptions {
  /** "you" for you-web-ssh: this machine's public address as a CIDR (default: anywhere, 0.0.0.0/0). */
  from?: string;
}

/** One path of the tutorial: who sends to whom, what, and whether the tutorial wants it open. */
export interface PathSpec {
  id: PathId;
  from: Peer;
  to: Peer;
  protocol: 'tcp' | 'icmp';
  /** TCP ports (each must get through for an open path; any that gets through opens a closed one); none for ICMP (echo). */
  ports: readonly number[];
  wanted: 'open' | 'closed';
  /** The tutorial's flow (core/flows.ts) it is, when it is one. */
  flow?: FlowId;
}

/** A path that is one of the tutorial's flows: its ends, protocol and port are the flow's. */
function ofFlow(id: PathId, flowId: FlowId): PathSpec {
  const f = flow(flowId);
  return { id, from: f.from, to: f.to, protocol: f.protocol, ports: f.port === undefined ? [] : [f.port], wanted: 'open', flow: flowId };
}

/** What `dnf install` needs from the DB server: the repositories over HTTP and HTTPS. */
const DNF_PORTS = [80, 443];

/** The TCP ports the tutorial opens on the DB server (to the web server only): none may be reachable from the internet. */
const DB_PORTS = flowsTo('db').flatMap((f) => (f.protocol === 'tcp' && f.port !== undefined ? [f.port] : []));

/** The tutorial's paths, in the order `check` shows them. */
export const PATHS: readonly PathSpec[] = [
  ofFlow('internet-web-http', 'web-http'),
  ofFlow('you-web-ssh', 'web-ssh'),
  ofFlow('web-db-icmp', 'db-icmp'),
  ofFlow('web-db-ssh', 'db-ssh'),
  ofFlow('web-db-mysql', 'db-mysql'),
  { id: 'db-internet', from: 'db', to: 'internet', protocol: 'tcp', ports: DNF_PORTS, wanted: 'open' },
  { id: 'internet-db', from: 'internet', to: 'db', protocol: 'tcp', ports: DB_PORTS, wanted: 'closed' },
];
