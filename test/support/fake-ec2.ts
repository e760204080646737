/**
 * A stateful fake of the slice of EC2 (and one SSM parameter) the lab CLI uses.
 *
 * Why not just moto? moto accepts many call orders that real AWS refuses: deleting a
 * security group while its instance is still shutting down, releasing an Elastic IP a
 * deleting NAT gateway still holds, associating an EIP with a pending instance, detaching
 * an internet gateway while public addresses are mapped... This fake enforces those rules
 * and models the pending states, so unit tests catch ordering mistakes cheaply.
 * What it enforces, rule by rule and file by file: docs/fake-ec2.md.
 *
 * Design (files under fake-ec2/):
 *  - `Store` (store.ts) holds every record (records.ts) ever created (gone ones are flagged,
 *    not removed) and the clock. Time-based transitions (instance pending -> running, NAT
 *    pending -> available, deleting -> deleted...) are computed lazily from `clock.now()`:
 *    no timers, so a VirtualClock drives the fake for free.
 *  - `Views` (views.ts) turns records into the response shapes the SDK returns (Vpc, Instance...).
 *  - One service class per area, with a method per command. Each method validates like AWS,
 *    throws `awsError(code, ...)` (errors.ts), and only then mutates:
 *      network.ts (VPCs, subnets, internet gateways), route-tables.ts, security-groups.ts,
 *      keys.ts, instances.ts (and instance types, zones, the vCPU quota), addresses.ts
 *      (Elastic IPs), nat.ts, tags.ts; filters.ts and cidr.ts are their shared helpers.
 *  - `createFakeAws` (create.ts) wires the services into aws-sdk-client-mock stubs behind one
 *    serving path: latency, token buckets (buckets.ts), IAM denial, dry runs, injected faults
 *    and throttling (faults.ts), the call log, eventual consistency (consistency.ts). SSM
 *    (ssm.ts), Service Quotas (quotas.ts) and the scheduler/IAM/STS fake (../fake-expiry.ts)
 *    sit beside EC2; world.ts is what `world` and `count()` show.
 *
 * The mocks are class-level (`mockClient(EC2Client)`), so only one fake is active per
 * worker at a time: creating a second one replaces the first. Call `restore()` after each
 * test.
 */
export type { BucketCounts, FailNextOptions, FakeAws, FakeCall, FakeOptions, FakeTimings, FakeWorld } from './fake-ec2/api.js';
export { awsError } from './fake-ec2/errors.js';
export { AL2023_ARM_PARAMETER, AL2023_PARAMETER, ARM_AMI_ID, FAKE_VCPU_LIMIT, FAKE_VCPUS } from './fake-ec2/store.js';
export { createFakeAws } from './fake-ec2/create.js';
