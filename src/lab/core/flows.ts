/**
 * The traffic the tutorial's lab lets in, one table: who may reach which server, by which
 * protocol and port. The chapters' security groups are made from it (chapters/web.ts,
 * chapters/database.ts), the tutorial's rules judge a found lab by it (lab/rules), and the
 * lab's picture draws its arrows from it.
 */

/** "Anywhere" in IPv4: the default route's destination and an open rule's source. */
export const ANYWHERE = '0.0.0.0/0';

/** Who sends: the whole internet, the person doing the lab (their address), a server of the lab. */
export type Peer = 'internet' | 'you' | 'web' | 'db';

export interface Flow {
  from: Peer;
  to: Peer;
  protocol: 'tcp' | 'icmp';
  /** The TCP port; ICMP has none (the lab opens all of it: ping). */
  port?: number;
  /** The security group rule's description as AWS keeps it (ASCII: AWS accepts only that there). */
  description: string;
}

export const FLOWS: readonly Flow[] = [
  { from: 'you', to: 'web', protocol: 'tcp', port: 22, description: 'SSH from the lab user' },
  { from: 'internet', to: 'web', protocol: 'tcp', port: 80, description: 'HTTP from anywhere' },
  { from: 'web', to: 'db', protocol: 'tcp', port: 3306, description: 'MariaDB from the web server' },
  { from: 'web', to: 'db', protocol: 'icmp', description: 'ping from the web server' },
  { from: 'web', to: 'db', protocol: 'tcp', port: 22, description: 'SSH from the web server' },
];

/** The flows into one server, in the table's order. */
export const flowsTo = (to: Peer): Flow[] => FLOWS.filter((f) => f.to === to);

/** The flow into `to` by this protocol and port (the table has one of each). */
export function flow(to: Peer, protocol: Flow['protocol'], port?: number): Flow {
  const f = FLOWS.find((x) => x.to === to && x.protocol === protocol && (protocol === 'icmp' || x.port === port));
  if (!f) throw new Error(`internal: no tutorial flow to ${to} by ${protocol} ${port ?? ''}`);
  return f;
}
