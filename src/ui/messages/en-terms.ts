import type { WaitStatus } from '../../engine/wait.js';
import { localTime } from '../time.js';

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

/** "3m 20s": how long ago, in whole seconds. */
export const ageText = (s: number) => (s < 60 ? `${s}s` : s < 3600 ? `${Math.floor(s / 60)}m ${s % 60}s` : `${Math.floor(s / 3600)}h ${Math.floor(s / 60) % 60}m`);

/** Who holds a lock: "arn:… on host-7 pid 4242". */
export const holderText = (owner: string | undefined, host: string | undefined, pid: number) => [owner, host && `on ${host}`, `pid ${pid}`].filter(Boolean).join(' ');

/** "2026-11-29 23:00 UTC": a time to the minute, with the date (the same in every language). */
export const utcMinute = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

/** A schedule's time with the date, or "never". */
export const scheduleTime = (iso: string | undefined) => (iso ? localTime(iso) : 'never');
