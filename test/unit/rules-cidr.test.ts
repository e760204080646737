import { describe, expect, it } from 'vitest';
import { cidrInside } from '../../src/lab/rules/facts.js';

// cidrInside keeps each CIDR it has read (facts.ts): asked again, it answers as the first time.
describe('cidrInside', () => {
  const cases: [string, string, boolean][] = [
    ['10.0.1.0/24', '10.0.0.0/16', true],
    ['10.0.0.0/16', '10.0.1.0/24', false],
    ['10.0.0.0/16', '10.0.0.0/24', false],
    ['10.1.0.0/24', '10.0.0.0/16', false],
    ['198.51.100.7', '198.51.100.0/24', true],
    ['198.51.100.7', '0.0.0.0/0', true],
    ['203.0.113.9', '198.51.100.7/32', false],
    ['10.0.0.0/33', '10.0.0.0/8', false],
    ['not-a-cidr', '10.0.0.0/8', false],
    ['10.0.0.1', 'pl-12345', false],
    ['::/0', '0.0.0.0/0', false],
  ];
  it.each(cases)('%s inside %s: %s, the first time and again', (inner, outer, inside) => {
    expect(cidrInside(inner, outer)).toBe(inside);
    expect(cidrInside(inner, outer)).toBe(inside);
  });

  it('one block read once answers for every address asked of it', () => {
    expect(['10.0.0.5', '10.0.255.254', '10.1.0.0'].map((a) => cidrInside(a, '10.0.0.0/16'))).toEqual([true, true, false]);
  });
});
