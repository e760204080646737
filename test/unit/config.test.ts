/** CIDR parsing, subnet derivation and the input checks of src/lab/config.ts. */
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/engine/errors.js';
import {
  contains,
  deriveSubnets,
  formatCidr,
  overlaps,
  parseCidr,
  validateAmi,
  validateInstanceType,
  validateKeyName,
  validateLabName,
  validateRegion,
  validateSettings,
  validateSshCidr,
  validateSubnets,
  validateVpcCidr,
  type LabSettings,
} from '../../src/lab/core/config.js';
import { LAB_SETTINGS } from '../support/lab-settings.js';

/** The UsageError `fn` throws (fails if it throws nothing, or something else). */
function usageError(fn: () => void): UsageError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return err as UsageError;
  }
  throw new Error('expected a UsageError');
}

describe('parseCidr', () => {
  it('reads a network address and prefix', () => {
    expect(parseCidr('10.0.0.0/16', 'vpc')).toEqual({ base: 10 * 2 ** 24, prefix: 16 });
    expect(parseCidr('192.168.1.0/24', 'vpc')).toEqual({ base: 192 * 2 ** 24 + 168 * 2 ** 16 + 256, prefix: 24 });
    // High addresses stay positive (no 32-bit sign trouble).
    expect(parseCidr('255.255.255.0/24', 'vpc')).toEqual({ base: 2 ** 32 - 256, prefix: 24 });
    expect(parseCidr('0.0.0.0/0', 'vpc')).toEqual({ base: 0, prefix: 0 });
  });

  it('round-trips through formatCidr', () => {
    for (const c of ['10.1.0.0/16', '172.31.240.0/20', '203.0.113.128/25', '255.255.0.0/16', '198.51.100.7/32']) {
      expect(formatCidr(parseCidr(c, 'vpc'))).toBe(c);
    }
  });

  const bad = ['', 'ten.0.0.0/16', '10.0.0.0', '10.0.0.0/33', '10.0.0.0/-1', '256.0.0.0/16', '10.0.0/16', '010.0.0.0/16', '10.0.0.0/16 ', '::1/128'];
  for (const value of bad) {
    it(`rejects ${JSON.stringify(value)}, naming it and what was expected`, () => {
      const err = usageError(() => parseCidr(value, 'vpc'));
      expect(err.message).toContain(`VPC CIDR "${value}"`);
      expect(err.exitCode).toBe(2);
      expect(err.code).toBe('BadInput');
    });
  }

  it('rejects host bits, suggesting the network', () => {
    const err = usageError(() => parseCidr('10.0.1.5/16', 'vpc'));
    expect(err.message).toContain('"10.0.1.5/16"');
    expect(err.message).toMatch(/host bits/);
    expect(err.hint).toContain('10.0.0.0/16');
  });
});

describe('contains and overlaps', () => {
  const c = (s: string) => parseCidr(s, 'vpc');
  it('contains: inner block wholly inside outer', () => {
    expect(contains(c('10.0.0.0/16'), c('10.0.1.0/24'))).toBe(true);
    expect(contains(c('10.0.0.0/16'), c('10.0.0.0/16'))).toBe(true);
    expect(contains(c('10.0.0.0/16'), c('10.1.0.0/24'))).toBe(false);
    expect(contains(c('10.0.0.0/24'), c('10.0.0.0/16'))).toBe(false);
    expect(contains(c('10.0.0.0/16'), c('10.0.255.0/24'))).toBe(true);
    expect(contains(c('10.0.0.0/16'), c('9.255.255.0/24'))).toBe(false);
  });
  it('overlaps: any shared address, either way round', () => {
    expect(overlaps(c('10.0.1.0/24'), c('10.0.1.128/25'))).toBe(true);
    expect(overlaps(c('10.0.1.128/25'), c('10.0.1.0/24'))).toBe(true);
    expect(overlaps(c('10.0.1.0/24'), c('10.0.2.0/24'))).toBe(false);
    expect(overlaps(c('10.0.1.0/25'), c('10.0.1.128/25'))).toBe(false);
  });
});

describe('deriveSubnets', () => {
  it('keeps the tutorial layout (.1.0/24 and .2.0/24) in a /16', () => {
    expect(deriveSubnets('10.0.0.0/16')).toEqual({ publicSubnetCidr: '10.0.1.0/24', privateSubnetCidr: '10.0.2.0/24' });
    expect(deriveSubnets('10.1.0.0/16')).toEqual({ publicSubnetCidr: '10.1.1.0/24', privateSubnetCidr: '10.1.2.0/24' });
    expect(deriveSubnets('255.255.0.0/16')).toEqual({ publicSubnetCidr: '255.255.1.0/24', privateSubnetCidr: '255.255.2.0/24' });
  });

  it('keeps it in a /20, relative to the VPC base', () => {
    expect(deriveSubnets('172.16.16.0/20')).toEqual({ publicSubnetCidr: '172.16.17.0/24', privateSubnetCidr: '172.16.18.0/24' });
  });

  it('keeps it in a /22, the smallest VPC with room for it', () => {
    expect(deriveSubnets('10.0.4.0/22')).toEqual({ publicSubnetCidr: '10.0.5.0/24', privateSubnetCidr: '10.0.6.0/24' });
  });

  it('splits a /23 in halves', () => {
    expect(deriveSubnets('10.0.4.0/23')).toEqual({ publicSubnetCidr: '10.0.4.0/24', privateSubnetCidr: '10.0.5.0/24' });
  });

  it('splits a /24 in halves', () => {
    expect(deriveSubnets('192.168.5.0/24')).toEqual({ publicSubnetCidr: '192.168.5.0/25', privateSubnetCidr: '192.168.5.128/25' });
  });

  it('splits a /27 into two /28s, the smallest AWS subnets', () => {
    expect(deriveSubnets('10.0.0.32/27')).toEqual({ publicSubnetCidr: '10.0.0.32/28', privateSubnetCidr: '10.0.0.48/28' });
  });

  it('always gives two valid, separate subnets inside any accepted VPC', () => {
    for (let prefix = 16; prefix <= 27; prefix++) {
      for (const base of ['10.0.0.0', '172.31.0.0', '192.168.0.0']) {
        const vpc = formatCidr(parseCidr(`${base}/${prefix}`, 'vpc'));
        validateVpcCidr(vpc);
        const { publicSubnetCidr, privateSubnetCidr } = deriveSubnets(vpc);
        expect(() => validateSubnets(vpc, publicSubnetCidr, privateSubnetCidr), `${vpc} -> ${publicSubnetCidr}, ${privateSubnetCidr}`).not.toThrow();
      }
    }
  });

  it('rejects a VPC CIDR that is not one', () => {
    expect(usageError(() => deriveSubnets('10.0.0.0/x')).message).toContain('10.0.0.0/x');
  });
});

describe('validateVpcCidr', () => {
  it('accepts /16 to /27', () => {
    for (const c of ['10.0.0.0/16', '10.0.0.0/20', '10.0.0.0/24', '10.0.0.0/27']) expect(() => validateVpcCidr(c)).not.toThrow();
  });
  for (const c of ['10.0.0.0/8', '10.0.0.0/15', '10.0.0.0/28', '10.0.0.0/32']) {
    it(`rejects ${c}, naming it`, () => {
      const err = usageError(() => validateVpcCidr(c));
      expect(err.message).toContain(`"${c}"`);
      expect(err.hint).toMatch(/\/16 to \/2[78]/);
    });
  }
});

describe('validateSubnets', () => {
  it('accepts the tutorial layout', () => {
    expect(() => validateSubnets('10.0.0.0/16', '10.0.1.0/24', '10.0.2.0/24')).not.toThrow();
  });

  it('rejects a public subnet outside the VPC, naming both', () => {
    const err = usageError(() => validateSubnets('10.0.0.0/16', '10.1.1.0/24', '10.0.2.0/24'));
    expect(err.message).toContain('public subnet CIDR "10.1.1.0/24"');
    expect(err.message).toContain('10.0.0.0/16');
    expect(err.hint).toContain('10.0.1.0/24');
  });

  it('rejects a private subnet outside the VPC', () => {
    const err = usageError(() => validateSubnets('10.0.0.0/16', '10.0.1.0/24', '192.168.2.0/24'));
    expect(err.message).toContain('private subnet CIDR "192.168.2.0/24"');
  });

  it('rejects a subnet bigger than the VPC', () => {
    const err = usageError(() => validateSubnets('10.0.0.0/24', '10.0.0.0/16', '10.0.0.128/25'));
    expect(err.message).toContain('"10.0.0.0/16"');
  });

  it('rejects overlapping subnets, naming both', () => {
    const err = usageError(() => validateSubnets('10.0.0.0/16', '10.0.1.0/24', '10.0.1.128/25'));
    expect(err.message).toContain('10.0.1.0/24');
    expect(err.message).toContain('10.0.1.128/25');
    expect(err.message).toMatch(/overlap/);
  });

  it('rejects the same block twice', () => {
    expect(usageError(() => validateSubnets('10.0.0.0/16', '10.0.1.0/24', '10.0.1.0/24')).message).toMatch(/overlap/);
  });

  it('rejects subnets smaller than /28', () => {
    const err = usageError(() => validateSubnets('10.0.0.0/16', '10.0.1.0/29', '10.0.2.0/24'));
    expect(err.message).toContain('"10.0.1.0/29"');
  });

  it('rejects malformed and host-bit subnets, naming them', () => {
    expect(usageError(() => validateSubnets('10.0.0.0/16', '10.0.1.1/24', '10.0.2.0/24')).message).toContain('"10.0.1.1/24"');
    expect(usageError(() => validateSubnets('10.0.0.0/16', '10.0.1.0/24', 'private')).message).toContain('"private"');
  });
});

describe('the other checks name the bad value', () => {
  const cases: [string, () => void, string][] = [
    ['SSH CIDR without prefix', () => validateSshCidr('203.0.113.5'), '203.0.113.5'],
    ['lab name with upper case', () => validateLabName('MyLab'), 'MyLab'],
    ['lab name starting with a hyphen', () => validateLabName('-lab'), '-lab'],
    ['lab name too long', () => validateLabName('a'.repeat(32)), 'a'.repeat(32)],
    ['key name with a space', () => validateKeyName('my key'), 'my key'],
    ['empty key name', () => validateKeyName(''), '""'],
    ['region', () => validateRegion('tokyo'), 'tokyo'],
    ['region with upper case', () => validateRegion('US-EAST-1'), 'US-EAST-1'],
    ['instance type', () => validateInstanceType('micro'), 'micro'],
    ['AMI', () => validateAmi('ami-xyz'), 'ami-xyz'],
  ];
  for (const [what, fn, value] of cases) {
    it(`rejects a bad ${what}`, () => {
      const err = usageError(fn);
      expect(err.message).toContain(value);
      expect(err.exitCode).toBe(2);
    });
  }

  it('accepts good values', () => {
    expect(() => validateSshCidr('203.0.113.5/32')).not.toThrow();
    expect(() => validateLabName('lab-1')).not.toThrow();
    expect(() => validateLabName('a'.repeat(31))).not.toThrow();
    expect(() => validateKeyName('lab_key.v2-1')).not.toThrow();
    for (const r of ['us-east-1', 'ap-northeast-1', 'us-gov-west-1', 'eu-central-2']) expect(() => validateRegion(r)).not.toThrow();
    for (const t of ['t3.micro', 't4g.small', 'm7i-flex.large']) expect(() => validateInstanceType(t)).not.toThrow();
    expect(() => validateAmi('ami-0123456789abcdef0')).not.toThrow();
  });
});

describe('validateSettings', () => {
  const good: LabSettings = LAB_SETTINGS;
  it('accepts the defaults', () => {
    expect(() => validateSettings(good)).not.toThrow();
  });
  const broken: [keyof LabSettings, string][] = [
    ['name', 'Bad Name'],
    ['region', 'nowhere'],
    ['vpcCidr', '10.0.0.0/12'],
    ['publicSubnetCidr', '10.5.0.0/24'],
    ['privateSubnetCidr', '10.0.1.0/24'],
    ['keyName', 'key/with/slash'],
    ['sshCidr', 'anywhere'],
    ['instanceType', 'big'],
    ['ami', 'ami-!'],
  ];
  for (const [field, value] of broken) {
    it(`rejects a bad ${field}`, () => {
      const err = usageError(() => validateSettings({ ...good, [field]: value }));
      expect(err.message).toContain(value);
    });
  }
});

describe('amiParameter', () => {
  it('picks the arm64 image for Graviton types and x86_64 for the rest', async () => {
    const { amiParameter } = await import('../../src/lab/core/config.js');
    const arm = '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64';
    const x86 = '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64';
    for (const t of ['t4g.micro', 'm7g.large', 'c6gn.xlarge', 'r8g.medium']) expect(amiParameter(t), t).toBe(arm);
    for (const t of ['t3.micro', 't2.micro', 'm5.large', 'g4dn.xlarge', 't3a.small']) expect(amiParameter(t), t).toBe(x86);
  });
});
