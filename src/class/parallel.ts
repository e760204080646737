// Its own small file: --help reads the default, and must not load the class's runner to say it.
import { ec2Bucket } from '../aws/ec2-buckets.js';

/** About how long a NAT gateway takes to come up: the longest wait of a lab's build. */
const NAT_WAIT_S = 60;

/**
 * How many labs of one account and region run at once: as many as EC2's CreateNatGateway
 * bucket lets start their gateways within one gateway's wait (its burst, then its refill).
 * The account's rate limiter paces the calls to every bucket and serves first the calls
 * that lead to long waits (rate-limit.ts), so labs beyond what the buckets serve only
 * queue; fewer (10 once) left the buckets idle while every lab waited on its gateway, and
 * a class of 30 took three rounds of gateway waits instead of one.
 */
const NAT_BUCKET = ec2Bucket('CreateNatGateway');
export const DEFAULT_PARALLEL = NAT_BUCKET.size + NAT_BUCKET.refill * NAT_WAIT_S;
/** The most `--parallel` takes: past the buckets' pace more labs at once only queue in the limiter. */
export const MAX_PARALLEL = 100;

/**
 * How many learners of one account and region `class check` checks at once: all of them
 * (up to MAX_PARALLEL). A check only reads — about a dozen Describe calls a learner, drawn
 * from the account's non-mutating bucket (100 at once, 20 a second) through the account's
 * RateLimiter, which paces them whatever the number at once — then waits on the network
 * for its live probes (the page, TCP 22: up to --timeout each). DEFAULT_PARALLEL is sized by
 * the NAT gateway bucket, which a check never draws on; a smaller number would only make
 * learners of a shared account wait in turn on each other's probes.
 */
export const CHECK_PARALLEL = MAX_PARALLEL;
