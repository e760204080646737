import { labOutputs } from '../../src/lab/views/outputs.js';

/** Learner ann's hand-out of class week1 (lab week1-ann: web i-0web at 203.0.113.10, DB i-0db at 10.0.2.50), and her lab's outputs. */
export function annHandout() {
  const live = new Map([
    ['webInstance', { id: 'i-0web', attrs: { publicIp: '203.0.113.10' } }],
    ['dbInstance', { id: 'i-0db', attrs: { privateIp: '10.0.2.50' } }],
  ]);
  const outputs = labOutputs(live as never, 'week1-ann-key.pem');
  const handout = { learner: 'ann', lab: 'week1-ann', klass: 'week1', keyFile: 'week1-ann-key.pem', keyMade: false, region: 'us-east-1', sshWeb: outputs.sshWeb, sshDb: outputs.sshDb };
  return { handout, outputs };
}
