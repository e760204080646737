/** Chapter 3 — Apache: the page answers 200. Only the server can tell (a live rule: `check` probes it). */
import { live } from './rule.js';

export const APACHE_RULES = [live('apache.page', 3, (p) => p.page, (r) => r.web, ['fix_apache'])];
