import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { it } from 'vitest';
import { readShort } from '../../src/aws/ec2-reads.js';
import { replayHandler, errorXml } from '../support/ec2-answers.js';
const cases: [string, number, string, Record<string,string>?][] = [
  ['502 html', 502, '<html><body>Bad Gateway</body></html>'],
  ['500 empty', 500, ''],
  ['200 truncated', 200, '<?xml version="1.0"?>\n<DescribeVpcsResponse><vpcSet><item>'],
  ['200 empty', 200, ''],
  ['200 not xml', 200, 'hello'],
  ['400 notfound skewed', 400, errorXml('InvalidVpcID.NotFound'), { date: new Date(Date.now() + 600000).toUTCString() }],
  ['503 unavailable', 503, errorXml('Unavailable')],
  ['500 InternalError', 500, errorXml('InternalError')],
];
it('probe', async () => {
  for (const [label, status, xml, headers] of cases) {
    for (const short of [false, true]) {
      const { seen, handler } = replayHandler(() => ({ status, xml, headers }));
      const c = new EC2Client({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, requestHandler: handler as never, maxAttempts: 3 });
      if (short) readShort(c);
      try { const o = await c.send(new DescribeVpcsCommand({})); console.log(label, short, 'OK', seen.length, JSON.stringify(o)); }
      catch (e: any) { console.log(label, short, 'ERR', seen.length, e.constructor.name, e.name, e.Code, JSON.stringify(e.message).slice(0,100), e.$fault, JSON.stringify(e.$metadata), c.config.systemClockOffset); }
    }
  }
});
