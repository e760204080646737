/** FakeAws.world and count(): live resources as Describe shows them, recomputed on every access. */
import type { FakeWorld } from './api.js';
import type { Store } from './store.js';
import type { Views } from './views.js';

export function worldOf(store: Store, views: Views): FakeWorld {
  const worldMap = <R, V>(recs: R[], key: (r: R) => string, view: (r: R) => V) => {
    store.settle();
    return new Map(recs.map((r) => [key(r), view(r)]));
  };
  return {
    get vpcs() {
      return worldMap(store.live(store.vpcs), (v) => v.id, (v) => ({
        ...views.vpc(v),
        EnableDnsSupport: v.dnsSupport,
        EnableDnsHostnames: v.dnsHostnames,
      }));
    },
    get subnets() {
      return worldMap(store.live(store.subnets), (x) => x.id, (x) => views.subnet(x));
    },
    get igws() {
      return worldMap(store.live(store.igws), (x) => x.id, (x) => views.igw(x));
    },
    get routeTables() {
      return worldMap(store.live(store.routeTables), (x) => x.id, (x) => views.rtb(x));
    },
    get securityGroups() {
      return worldMap(store.live(store.securityGroups), (x) => x.id, (x) => views.sg(x));
    },
    get keyPairs() {
      return worldMap(store.live(store.keyPairs), (x) => x.name, (x) => views.key(x));
    },
    get instances() {
      return worldMap(store.liveInstances(), (x) => x.id, (x) => ({ ...views.instance(x), UserData: x.userData }));
    },
    get addresses() {
      return worldMap(store.live(store.addresses), (x) => x.id, (x) => views.address(x));
    },
    get natGateways() {
      return worldMap(store.liveNats(), (x) => x.id, (x) => views.nat(x));
    },
  };
}

/** Every record ever made of a kind, gone ones included (count({ includeGone })). */
export function allRecords(store: Store): Record<keyof FakeWorld, Map<string, unknown>> {
  return {
    vpcs: store.vpcs,
    subnets: store.subnets,
    igws: store.igws,
    routeTables: store.routeTables,
    securityGroups: store.securityGroups,
    keyPairs: store.keyPairs,
    instances: store.instances,
    addresses: store.addresses,
    natGateways: store.natGateways,
  };
}
