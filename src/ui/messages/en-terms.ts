import type { WaitStatus } from '../../engine/wait.js';

/**
 * English names the catalog's sentences share (en.ts, en-commands.ts): a term, never a
 * fragment of a sentence.
 */

/** What a route goes to (or what takes a resource's place), by the resource's key. */
export const RESOURCE_NAME: Record<string, string> = { internetGateway: 'internet gateway', natGateway: 'NAT gateway', natInstance: 'NAT instance' };

/** A server of the lab by its name in the kinds (instance.ts: web, db, NAT). */
export const SERVER_NAME: Record<string, string> = { web: 'web server', db: 'DB server', NAT: 'NAT instance' };

/** Where a wait stands, after what it waits for: " (pending)", " (no answer: Throttling)". */
export const waitStill = (s: WaitStatus) => (s.noAnswer ? ` (no answer: ${s.noAnswer})` : s.state ? ` (${s.state})` : '');

/** "2026-11-29 23:00 UTC": a schedule's time with the date. */
export const scheduleTime = (iso: string | undefined) => (iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : 'never');
