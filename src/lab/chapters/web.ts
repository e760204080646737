/**
 * Chapter 2 — the web server: a key pair, a security group for SSH (from the user's
 * address) and HTTP, an instance in the public subnet, and a fixed public address.
 */
import { webLaunchUserData } from './apache.js';
import { addressAssociation, elasticIp } from '../kinds/elastic-ip.js';
import { instance } from '../kinds/instance.js';
import { keyPair } from '../kinds/key-pair.js';
import { securityGroup } from '../kinds/security-group.js';
import { ANYWHERE, flowsTo } from '../core/flows.js';

export const WEB_SG_DESCRIPTION = 'aws-lab-setup web server: SSH from the user, HTTP from anywhere';

export const web = [
  keyPair({ key: 'keyPair', chapter: 2 }),
  securityGroup({
    key: 'webSecurityGroup',
    name: 'web',
    chapter: 2,
    vpc: 'vpc',
    description: WEB_SG_DESCRIPTION,
    label: (ctx) => ['res_webSecurityGroup', ctx.settings.sshCidr],
    dependsOn: [],
    // SSH from the user's address, HTTP from anywhere (core/flows.ts).
    rules: (ctx) => flowsTo('web').map((f) => ({ protocol: f.protocol, from: f.port ?? -1, to: f.port ?? -1, cidr: f.from === 'you' ? ctx.settings.sshCidr : ANYWHERE, description: f.description })),
  }),
  instance({
    key: 'webInstance',
    name: 'web',
    chapter: 2,
    subnet: 'publicSubnet',
    securityGroup: 'webSecurityGroup',
    keyPair: 'keyPair',
    publicIp: true,
    // Its first boot installs Apache from the internet: the public route must be there.
    dependsOn: ['publicRoute', 'publicRouteAssociation'],
    userData: webLaunchUserData,
  }),
  elasticIp({ key: 'webElasticIp', name: 'web', chapter: 2, on: 'webInstance' }),
  addressAssociation({ key: 'webAddressAssociation', chapter: 2, address: 'webElasticIp', instance: 'webInstance', dependsOn: ['internetGateway'] }),
];
