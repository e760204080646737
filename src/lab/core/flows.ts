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

export type FlowId = 'web-ssh' | 'web-http' | 'db-mysql' | 'db-icmp' | 'db-ssh';

export interface Flow {
  /** Stable, for the rules and the picture to name one. */
  id: FlowId;
  from: Peer;
  to: Peer;
  protocol: 'tcp' | 'icmp';
  /** The TCP port; ICMP has none (the lab opens all of it: ping). */
  port?: number;
  /** The security group rule's description as AWS keeps it (ASCII: AWS accepts only that there). */
  description: string;
}

export const FLOWS: readonly Flow[] = [
  { id: 'web-ssh', from: 'you', to: 'web', protocol: 'tcp', port: 22, description: 'SSH from the lab user' },
  { id: 'web-http', from: 'internet', to: 'web', protocol: 'tcp', port: 80, description: 'HTTP from anywhere' },
  { id: 'db-mysql', from: 'web', to: 'db', protocol: 'tcp', port: 3306, description: 'MariaDB from the web server' },
  { id: 'db-icmp', from: 'web', to: 'db', protocol: 'icmp', description: 'ping from the web server' },
  { id: 'db-ssh', from: 'web', to: 'db', protocol: 'tcp', port: 22, description: 'SSH from the web server' },
];

/** The flows into one server, in the table's order. */
export const flowsTo = (to: Peer): Flow[] => FLOWS.filter((f) => f.to === to);

/** One flow by its id. */
export function flow(id: FlowId): Flow {
  const f = FLOWS.find((x) => x.id === id);
  if (!f) throw new Error(`internal: no tutorial flow ${id}`);
  return f;
}
