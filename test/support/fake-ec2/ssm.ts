/** SSM: the two AL2023 image parameters the CLI resolves its AMI from; any other name is ParameterNotFound. */
import { GetParameterCommand, GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { need, ssmError } from './errors.js';
import { AL2023_ARM_PARAMETER, AL2023_PARAMETER, ARM_AMI_ID, type Store } from './store.js';
import type { Serve } from './create.js';

export function mockSsm(store: Store, serve: Serve): AwsClientStub<SSMClient> {
  const ssmMock = mockClient(SSMClient);
  // Anything not implemented below fails loudly rather than resolving to undefined.
  ssmMock.send.callsFake(async (cmd: any) => {
    throw ssmError('UnsupportedOperation', `fake SSM does not implement ${cmd?.constructor?.name ?? 'this command'}`);
  });
  const ssmParameter = (name: string) => {
    if (name !== AL2023_PARAMETER && name !== AL2023_ARM_PARAMETER) return undefined;
    return {
      Name: name,
      Type: 'String',
      Value: name === AL2023_ARM_PARAMETER ? ARM_AMI_ID : store.cfg.amiId,
      Version: 1,
      DataType: 'aws:ec2:image',
      ARN: `arn:aws:ssm:${store.cfg.region}::parameter${name}`,
      LastModifiedDate: new Date(0),
    };
  };
  ssmMock.on(GetParameterCommand).callsFake((input: any) =>
    serve('GetParameter', input, (i) => {
      const p = ssmParameter(need<string>(i.Name, 'Name'));
      if (!p) throw ssmError('ParameterNotFound', `Parameter ${i.Name} not found.`);
      return { Parameter: p };
    }),
  );
  ssmMock.on(GetParametersCommand).callsFake((input: any) =>
    serve('GetParameters', input, (i) => {
      const names: string[] = need(i.Names, 'Names');
      return {
        Parameters: names.map(ssmParameter).filter((p) => p !== undefined),
        InvalidParameters: names.filter((n) => !ssmParameter(n)),
      };
    }),
  );
  return ssmMock;
}
