import type { PathId, PathVerdict } from '../../lab/paths/index.js';
import type { Point } from './geometry.js';

/** What the picture draws of a path's verdict: whether it gets through and, when not, the gate that stops it. */
export type PictureVerdict = Pick<PathVerdict, 'path' | 'ok' | 'open' | 'blockedAt' | 'reason'>;

/**
 * An arrow: one per flow the topology has (a security-group rule that lets the internet
 * in to the web server, or the web server in to the DB server; the DB server's way out,
 * hop by hop through the NAT and the gateway), and one per tutorial path a verdict says
 * is blocked but the topology has no flow for (drawn dashed: the rule is missing).
 */
export interface Arrow {
  /** data-flow: the tutorial's flow id, or the rule's own description (protocol, ports, source). */
  key: string;
  /** The tutorial path it carries (lab/paths), when it is one of them. */
  path?: PathId;
  /** The boxes it joins, in order (IDs; 'internet' for the internet). */
  hops: string[];
  /** Which arrows it lies beside: those in from the internet, the one out to it, those across the VPC. */
  lane: 'in' | 'out' | 'across';
  label: string;
  /** The security group whose rule it is. */
  group?: string;
  /** How it is drawn: as found; a route whose target is gone; a path with no rule at all; open where it should be closed. */
  style: 'found' | 'blackhole' | 'missing' | 'wrong';
  /** Its pieces, box to box, once placed. */
  segments: { from: string; to: string; points: Point[] }[];
  /** Where it is broken: the gate that blocks the path. */
  gate?: { at: Point; gate: string; resource?: string };
  verdict?: PictureVerdict;
  marks: number[];
  rules: string[];
}
