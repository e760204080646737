/** Errors shaped like the SDK's, and the AWS answers every service shares: MissingParameter, NotFound, DependencyViolation. */
import { randomUUID } from 'node:crypto';
import { EC2ServiceException } from '@aws-sdk/client-ec2';
import { SSMServiceException } from '@aws-sdk/client-ssm';
import { ServiceQuotasServiceException } from '@aws-sdk/client-service-quotas';
import { NOT_FOUND, type IdKind } from '../not-found.js';

/**
 * An error shaped like the SDK's deserialized EC2 errors: `name` and `Code` are the AWS
 * error code, `$fault`, `$metadata.httpStatusCode`, `message`.
 */
export function awsError(code: string, message: string, status = 400): Error {
  return decorate(
    new EC2ServiceException({
      name: code,
      $fault: status >= 500 ? 'server' : 'client',
      $metadata: { httpStatusCode: status, requestId: randomUUID(), attempts: 1, totalRetryDelay: 0 },
      message,
    }),
    code,
  );
}

export function quotasError(code: string, message: string, status = 400): Error {
  return decorate(
    new ServiceQuotasServiceException({
      name: code,
      $fault: 'client',
      $metadata: { httpStatusCode: status, requestId: randomUUID(), attempts: 1, totalRetryDelay: 0 },
      message,
    }),
    code,
  );
}


export function ssmError(code: string, message: string, status = 400): Error {
  return decorate(
    new SSMServiceException({
      name: code,
      $fault: status >= 500 ? 'server' : 'client',
      $metadata: { httpStatusCode: status, requestId: randomUUID(), attempts: 1, totalRetryDelay: 0 },
      message,
    }),
    code,
  );
}

function decorate(err: Error, code: string): Error {
  Object.assign(err, { Code: code });
  // The SDK marks throttling errors retryable; callers that look at $retryable should see it.
  if (code === 'RequestLimitExceeded') Object.assign(err, { $retryable: { throttling: true } });
  return err;
}

/** AWS answers a missing required parameter with MissingParameter before anything else. */
export function need<T>(value: T | undefined | null | '', name: string): T {
  if (value === undefined || value === null || value === '') {
    throw awsError('MissingParameter', `The request must contain the parameter ${name}`);
  }
  return value;
}

export type Kind = IdKind;

export function notFound(kind: Kind, id: string): Error {
  const [code, msg] = NOT_FOUND[kind];
  return awsError(code, msg(id));
}

export function dependencyViolation(message: string): Error {
  return awsError('DependencyViolation', message);
}
