/**
 * Chapter 2 — the web server: running in the public subnet, with a public address (an
 * Elastic IP, preferably), a key pair, SSH in from somewhere (not, preferably, from the
 * whole internet), HTTP in from anywhere, and a public DNS name.
 */
import { elasticIpOf, fromAnywhere, isRunning } from './facts.js';
import { fail, notJudged, pass } from './rule.js';
import { allowed, groupOf, notToWorld, onServer, ports, serverRule } from './servers.js';

const publicAddress = onServer('web.public-address', 2, 'error', 'web', (i) => {
  const id = i.InstanceId!;
  if (!isRunning(i)) return notJudged(id, ['rule_blockedBy', 'web.instance']);
  return i.PublicIpAddress ? pass(id, ['rule_publicAddress', id, i.PublicIpAddress]) : fail(id, ['rule_noPublicAddress', id], ['fix_elasticIp', id]);
});

const elasticIp = onServer('web.elastic-ip', 2, 'warning', 'web', (i, s) => {
  const id = i.InstanceId!;
  const eip = elasticIpOf(s, i);
  return eip ? pass(id, ['rule_elasticIp', id, eip]) : fail(id, ['rule_noElasticIp', id], ['fix_elasticIp', id]);
});

const keyPair = onServer('web.key-pair', 2, 'error', 'web', (i, s) => {
  const id = i.InstanceId!;
  if (!i.KeyName) return fail(id, ['rule_noKeyPair', id], ['fix_launch', 'web', i.SubnetId]);
  // The key pair the server was launched with, still there (deleting it locks SSH out of new servers).
  return s.keyPairs.some((k) => k.KeyName === i.KeyName) ? pass(id, ['rule_keyPair', id, i.KeyName]) : fail(id, ['rule_keyPairGone', id, i.KeyName], ['fix_launch', 'web', i.SubnetId]);
});

const sshOpen = onServer('web.ssh-open', 2, 'error', 'web', (i, s) => {
  const id = i.InstanceId!;
  return allowed(s, i, 'web-ssh').length ? pass(id, ['rule_flowOpen', 'web', id, ...ports('web-ssh')]) : fail(id, ['rule_flowClosed', 'web', id, ...ports('web-ssh')], ['fix_inbound', groupOf(i), ...ports('web-ssh'), 'myIp', undefined]);
});

const httpOpen = onServer('web.http-open', 2, 'error', 'web', (i, s) => {
  const id = i.InstanceId!;
  return fromAnywhere(allowed(s, i, 'web-http'))
    ? pass(id, ['rule_flowOpenToAll', id, ...ports('web-http')])
    : fail(id, ['rule_flowNotOpenToAll', id, ...ports('web-http')], ['fix_inbound', groupOf(i), ...ports('web-http'), 'anywhere', undefined]);
});

/** A public DNS name: AWS gives one to a public address only while the VPC's DNS hostnames are on. */
const dnsName = onServer('web.dns-name', 2, 'error', 'web', (i, s) => {
  const id = i.InstanceId!;
  if (!isRunning(i)) return notJudged(id, ['rule_blockedBy', 'web.instance']);
  if (!i.PublicIpAddress) return notJudged(id, ['rule_blockedBy', 'web.public-address']);
  if (s.dnsHostnames === false || s.dnsSupport === false) return notJudged(id, ['rule_blockedBy', 'network.dns-hostnames']);
  return i.PublicDnsName ? pass(id, ['rule_dnsName', id, i.PublicDnsName]) : fail(id, ['rule_noDnsName', id], ['fix_dns', s.vpc.VpcId]);
});

export const WEB_RULES = [
  serverRule('web', 2, 'publicSubnet'),
  publicAddress,
  elasticIp,
  keyPair,
  sshOpen,
  notToWorld('web.ssh-world', 2, 'web', 'web-ssh', 'myIp'),
  httpOpen,
  dnsName,
];
