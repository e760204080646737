/**
 * Whatever goes wrong reaches the person as one line of reason and one next step; the
 * engine's retries hinge on isTransient and its idempotent deletes on isNotFound.
 */
import { EC2ServiceException } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { errorCode, isNotFound, isTransient, translate } from '../../src/aws/errors.js';
import { LabError, UsageError } from '../../src/engine/errors.js';

/** An EC2 error as the SDK throws it: name = AWS code, $fault, $metadata. */
function ec2Error(code: string, message: string, opts: { status?: number; requestId?: string; fault?: 'client' | 'server' } = {}) {
  return new EC2ServiceException({
    name: code,
    $fault: opts.fault ?? ((opts.status ?? 400) >= 500 ? 'server' : 'client'),
    $metadata: { httpStatusCode: opts.status ?? 400, requestId: opts.requestId },
    message,
  });
}

/** A credential-chain error as @smithy/core throws it (no $metadata). */
function providerError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, tryNextLink: false });
}

function expectOneLine(e: LabError): void {
  expect(e).toBeInstanceOf(LabError);
  expect(e.message.trim()).not.toBe('');
  expect(e.message).not.toContain('\n');
  expect(e.hint?.trim() ?? '').not.toBe('');
  expect(e.hint).not.toContain('\n');
  expect(e.exitCode).toBe(1);
}

describe('translate', () => {
  const cases: { what: string; err: unknown; message: RegExp; hint: RegExp }[] = [
    {
      what: 'no credentials (CredentialsProviderError)',
      err: providerError('CredentialsProviderError', 'Could not load credentials from any providers'),
      message: /no AWS credentials/i,
      hint: /aws configure|--profile/,
    },
    {
      what: 'an expired session token (ExpiredToken)',
      err: ec2Error('ExpiredToken', 'The security token included in the request is expired'),
      message: /session has expired/,
      hint: /aws sso login/,
    },
    {
      what: 'an expired SSO token (TokenProviderError, as @aws-sdk/token-providers words it)',
      err: providerError('TokenProviderError', 'Token is expired. To refresh this SSO session run \'aws sso login\' with the corresponding profile.'),
      message: /session has expired/,
      hint: /aws sso login/,
    },
    {
      what: 'a missing permission (UnauthorizedOperation)',
      err: ec2Error('UnauthorizedOperation', 'You are not authorized to perform this operation. User: arn:aws:iam::123456789012:user/lab is not authorized to perform: ec2:CreateVpc\nEncoded authorization failure message: abc'),
      message: /may not do this: .*ec2:CreateVpc/,
      hint: /EC2 full access|--profile/,
    },
    {
      what: 'the VPC quota (VpcLimitExceeded)',
      err: ec2Error('VpcLimitExceeded', 'The maximum number of VPCs has been reached.'),
      message: /VPC limit/,
      hint: /delete an unused VPC|--region|quota/,
    },
    {
      what: 'the Elastic IP quota (AddressLimitExceeded)',
      err: ec2Error('AddressLimitExceeded', 'The maximum number of addresses has been reached.'),
      message: /Elastic IP limit/,
      hint: /release unused Elastic IPs/,
    },
    {
      what: 'no capacity (InsufficientInstanceCapacity)',
      err: ec2Error('InsufficientInstanceCapacity', 'We currently do not have sufficient t3.micro capacity in the Availability Zone you requested (us-east-1e).', { status: 500 }),
      message: /no spare capacity/,
      hint: /wait|--instance-type/,
    },
    {
      what: 'an instance type not offered (Unsupported)',
      err: ec2Error('Unsupported', 'Your requested instance type (t2.micro) is not supported in your requested Availability Zone (us-east-1e).'),
      message: /instance type is not offered.*t2\.micro/,
      hint: /--instance-type/,
    },
    {
      what: 'an instance type that does not fit (InvalidParameterValue naming the instance type)',
      err: ec2Error('InvalidParameterValue', "The architecture 'arm64' of the specified instance type does not match the architecture 'x86_64' of the specified AMI. Specify an instance type and an AMI that have matching architectures, and try again."),
      message: /instance type is not offered/,
      hint: /--instance-type/,
    },
    {
      what: 'throttling that outlasted the retries (RequestLimitExceeded)',
      err: ec2Error('RequestLimitExceeded', 'Request limit exceeded.', { status: 503 }),
      message: /RequestLimitExceeded/,
      hint: /run the same command again/,
    },
    {
      what: 'an AWS code it does not know',
      err: ec2Error('InvalidGroup.Duplicate', "The security group 'web' already exists for VPC 'vpc-0abc'\nsecond line"),
      message: /^AWS said InvalidGroup\.Duplicate: The security group 'web' already exists for VPC 'vpc-0abc'$/,
      hint: /--debug/,
    },
    {
      what: 'a programming error',
      err: new TypeError("Cannot read properties of undefined (reading 'VpcId')\n    at somewhere"),
      message: /^unexpected error: Cannot read properties of undefined \(reading 'VpcId'\)$/,
      hint: /--debug.*report/,
    },
    {
      what: 'something thrown that is no Error',
      err: 'just a string',
      message: /just a string/,
      hint: /--debug/,
    },
  ];

  for (const c of cases) {
    it(`${c.what}: one line of reason and a next step`, () => {
      const e = translate(c.err);
      expectOneLine(e);
      expect(e.message).toMatch(c.message);
      expect(e.hint).toMatch(c.hint);
      // The original stays reachable for --debug.
      expect(e.cause).toBe(c.err);
    });
  }

  it('keeps the AWS code as the LabError code (for --json)', () => {
    expect(translate(ec2Error('VpcLimitExceeded', 'x')).code).toBe('VpcLimitExceeded');
    expect(translate(ec2Error('Whatever.Odd', 'x')).code).toBe('Whatever.Odd');
    expect(translate(new Error('x')).code).toBe('Unexpected');
  });

  it('tells the known, the AWS-unknown and the programming error apart', () => {
    const known = translate(ec2Error('VpcLimitExceeded', 'The maximum number of VPCs has been reached.')).message;
    const aws = translate(ec2Error('SomethingNew', 'The maximum number of VPCs has been reached.')).message;
    const bug = translate(new Error('The maximum number of VPCs has been reached.')).message;
    expect(new Set([known, aws, bug]).size).toBe(3);
    expect(aws).toMatch(/^AWS said SomethingNew/);
    expect(bug).toMatch(/^unexpected error/);
  });

  it('carries the AWS request ID when there is one', () => {
    const e = translate(ec2Error('VpcLimitExceeded', 'x', { requestId: 'a1b2c3d4-5678-90ab-cdef-111111111111' }));
    expect((e as LabError & { requestId?: string }).requestId).toBe('a1b2c3d4-5678-90ab-cdef-111111111111');
    const unknown = translate(ec2Error('SomethingNew', 'x', { requestId: 'req-2' }));
    expect((unknown as LabError & { requestId?: string }).requestId).toBe('req-2');
    const none = translate(ec2Error('SomethingNew', 'x'));
    expect((none as LabError & { requestId?: string }).requestId).toBeUndefined();
    expect((translate(new Error('x')) as LabError & { requestId?: string }).requestId).toBeUndefined();
  });

  it('passes a LabError through untouched', () => {
    const usage = new UsageError(['err_region', 'mars-1'], ['hint_region']);
    expect(translate(usage)).toBe(usage);
    expect(translate(usage).exitCode).toBe(2);
  });
});

describe('isTransient', () => {
  it('retries a 5xx, a dropped connection and throttling', () => {
    expect(isTransient(ec2Error('ServiceUnavailable', 'busy', { status: 503 }))).toBe(true);
    expect(isTransient(ec2Error('SomeServerProblem', 'busy', { status: 503 }))).toBe(true);
    expect(isTransient({ name: 'Error', $metadata: { httpStatusCode: 503 } })).toBe(true);
    expect(isTransient(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', errno: -104, syscall: 'read' }))).toBe(true);
    expect(isTransient(Object.assign(new Error('connect ETIMEDOUT'), { code: 'ETIMEDOUT' }))).toBe(true);
    expect(isTransient(ec2Error('RequestLimitExceeded', 'Request limit exceeded.', { status: 503 }))).toBe(true);
    expect(isTransient(ec2Error('RequestLimitExceeded', 'Request limit exceeded.', { status: 400 }))).toBe(true);
    expect(isTransient(ec2Error('Throttling', 'Rate exceeded', { status: 400 }))).toBe(true);
  });

  it('does not retry a client error, a NotFound or a programming error', () => {
    expect(isTransient(ec2Error('InvalidParameterValue', 'Value (10.0.0.0/8) for parameter cidrBlock is invalid.', { status: 400 }))).toBe(false);
    expect(isTransient(ec2Error('InvalidVpcID.NotFound', "The vpc ID 'vpc-1' does not exist", { status: 400 }))).toBe(false);
    expect(isTransient(ec2Error('DependencyViolation', 'has dependencies', { status: 400 }))).toBe(false);
    expect(isTransient(new TypeError('x is undefined'))).toBe(false);
    expect(isTransient(undefined)).toBe(false);
  });
});

describe('isNotFound', () => {
  it('recognises the NotFound codes EC2 uses', () => {
    expect(isNotFound(ec2Error('InvalidVpcID.NotFound', "The vpc ID 'vpc-1' does not exist"))).toBe(true);
    expect(isNotFound(ec2Error('NatGatewayNotFound', "The Nat Gateway nat-1 was not found"))).toBe(true);
    expect(isNotFound(ec2Error('InvalidAllocationID.NotFound', 'gone'))).toBe(true);
    expect(isNotFound(ec2Error('InvalidInstanceID.NotFound', 'gone'))).toBe(true);
    expect(isNotFound({ Code: 'InvalidSubnetID.NotFound' })).toBe(true);
  });

  it('is false for other failures', () => {
    expect(isNotFound(ec2Error('DependencyViolation', "The vpc 'vpc-1' has dependencies and cannot be deleted."))).toBe(false);
    expect(isNotFound(ec2Error('InvalidParameterValue', 'not found in the message only'))).toBe(false);
    expect(isNotFound(new Error('not found'))).toBe(false);
    expect(isNotFound(undefined)).toBe(false);
  });

  it('errorCode reads Code, then name, then code', () => {
    expect(errorCode({ Code: 'A', name: 'B', code: 'C' })).toBe('A');
    expect(errorCode(ec2Error('InvalidVpcID.NotFound', 'x'))).toBe('InvalidVpcID.NotFound');
    expect(errorCode({ code: 'ECONNRESET' })).toBe('ECONNRESET');
    expect(errorCode(undefined)).toBe('Unknown');
  });
});
