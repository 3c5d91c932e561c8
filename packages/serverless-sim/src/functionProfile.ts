// A function as the simulator sees it: who owns it, what runtime it boots, how much memory it
// holds and touches, how long its own initialisation takes and how long it runs. Profiles are
// plain objects for users; `FunctionTable` compiles them into typed arrays for the hot path.
import type { Rng } from '@paperlab/stats';
import { defaultReadOnlyAccessShare } from './parameters.js';

/** Execution-time distribution of one invocation (warm, excluding any start-up). */
export type ExecDistribution =
  | { kind: 'fixed'; ms: number }
  | { kind: 'exponential'; meanMs: number }
  | { kind: 'lognormal'; medianMs: number; p99Ms: number }
  | { kind: 'gamma'; shape: number; scaleMs: number };

export const runtimes = ['python', 'node', 'java', 'go', 'native'] as const;
export type Runtime = (typeof runtimes)[number];

export interface FunctionProfile {
  name: string;
  /** Owner; sandboxes are only ever shared within a tenant. */
  tenant: string;
  runtime: Runtime;
  /** Container image / rootfs size, MiB. */
  imageMb: number;
  /** Memory footprint of an initialised instance (its snapshot size), MiB. */
  memoryMb: number;
  /** Fraction of `memoryMb` an invocation touches, in [0, 1]. */
  touchedFraction: number;
  /** Fraction of the touched pages that are only read, in [0, 1]: decides copy-on-write faults
   * and the private memory of a template restore. */
  readOnlyFraction: number;
  /**
   * Share of the invocation's memory accesses that go to read-only pages, in [0, 1]: decides
   * the in-place reads from a CXL pool. TrEnv reports 24–90 % of accesses (a share of accesses,
   * not of pages). Default `parameters.defaultReadOnlyAccessShare`.
   */
  readOnlyAccessShare?: number;
  /** File-backed memory (libraries, models) held in the page cache, MiB. */
  fileCacheMb: number;
  /** Application initialisation after the runtime boots, ms. */
  initMs: number;
  exec: ExecDistribution;
}

const Z99 = 2.3263478740408408; // scipy.stats.norm.ppf(0.99)

const DIST_FIXED = 0;
const DIST_EXP = 1;
const DIST_LOGNORMAL = 2;
const DIST_GAMMA = 3;

function check(field: string, value: number, lo: number, hi: number): void {
  if (typeof value !== 'number' || !(value >= lo && value <= hi)) {
    throw new RangeError(`${field} must be a number in [${lo}, ${hi}], got ${value}`);
  }
}

/** Validates a profile; throws a RangeError naming the field. */
export function checkFunctionProfile(p: FunctionProfile, where = 'function'): void {
  if (typeof p.name !== 'string' || p.name.length === 0) {
    throw new TypeError(`${where}.name must be a non-empty string`);
  }
  if (!(runtimes as readonly string[]).includes(p.runtime)) {
    throw new RangeError(
      `${where}.runtime must be one of ${runtimes.join(', ')}, got ${p.runtime}`,
    );
  }
  check(`${where}.imageMb`, p.imageMb, 0, 1e6);
  check(`${where}.memoryMb`, p.memoryMb, 0, 1e6);
  check(`${where}.touchedFraction`, p.touchedFraction, 0, 1);
  check(`${where}.readOnlyFraction`, p.readOnlyFraction, 0, 1);
  if (p.readOnlyAccessShare !== undefined) {
    check(`${where}.readOnlyAccessShare`, p.readOnlyAccessShare, 0, 1);
  }
  check(`${where}.fileCacheMb`, p.fileCacheMb, 0, 1e6);
  check(`${where}.initMs`, p.initMs, 0, 1e9);
  const e = p.exec;
  switch (e.kind) {
    case 'fixed':
      check(`${where}.exec.ms`, e.ms, 0, 1e9);
      break;
    case 'exponential':
      check(`${where}.exec.meanMs`, e.meanMs, 1e-9, 1e9);
      break;
    case 'lognormal':
      check(`${where}.exec.medianMs`, e.medianMs, 1e-9, 1e9);
      check(`${where}.exec.p99Ms`, e.p99Ms, e.medianMs, 1e12);
      break;
    case 'gamma':
      check(`${where}.exec.shape`, e.shape, 1e-6, 1e6);
      check(`${where}.exec.scaleMs`, e.scaleMs, 1e-9, 1e9);
      break;
    default:
      throw new RangeError(
        `${where}.exec.kind must be one of fixed, exponential, lognormal, gamma, got ${(e as { kind: string }).kind}`,
      );
  }
}

/** Mean of an execution-time distribution, ms (used by tests and by M/G/∞ checks). */
export function execMeanMs(e: ExecDistribution): number {
  switch (e.kind) {
    case 'fixed':
      return e.ms;
    case 'exponential':
      return e.meanMs;
    case 'lognormal': {
      const sigma = Math.log(e.p99Ms / e.medianMs) / Z99;
      return e.medianMs * Math.exp((sigma * sigma) / 2);
    }
    case 'gamma':
      return e.shape * e.scaleMs;
  }
}

/** Profiles compiled into parallel arrays indexed by function id. */
export class FunctionTable {
  readonly count: number;
  readonly profiles: readonly FunctionProfile[];
  readonly memoryMb: Float64Array;
  readonly fileCacheMb: Float64Array;
  readonly imageMb: Float64Array;
  readonly touchedFraction: Float64Array;
  readonly readOnlyFraction: Float64Array;
  readonly readOnlyAccessShare: Float64Array;
  readonly initMs: Float64Array;
  /** Dense tenant ids (order of first appearance). */
  readonly tenant: Int32Array;
  readonly tenantNames: readonly string[];
  private readonly distKind: Uint8Array;
  private readonly distA: Float64Array;
  private readonly distB: Float64Array;
  private readonly byName = new Map<string, number>();

  constructor(profiles: readonly FunctionProfile[]) {
    if (profiles.length === 0)
      throw new RangeError('functions must hold at least 1 profile, got 0');
    const n = profiles.length;
    this.count = n;
    this.profiles = profiles;
    this.memoryMb = new Float64Array(n);
    this.fileCacheMb = new Float64Array(n);
    this.imageMb = new Float64Array(n);
    this.touchedFraction = new Float64Array(n);
    this.readOnlyFraction = new Float64Array(n);
    this.readOnlyAccessShare = new Float64Array(n);
    this.initMs = new Float64Array(n);
    this.tenant = new Int32Array(n);
    this.distKind = new Uint8Array(n);
    this.distA = new Float64Array(n);
    this.distB = new Float64Array(n);
    const tenants = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const p = profiles[i]!;
      checkFunctionProfile(p, `functions[${i}]`);
      if (this.byName.has(p.name)) {
        throw new RangeError(`functions[${i}].name must be unique, got a second ${p.name}`);
      }
      this.byName.set(p.name, i);
      this.memoryMb[i] = p.memoryMb;
      this.fileCacheMb[i] = p.fileCacheMb;
      this.imageMb[i] = p.imageMb;
      this.touchedFraction[i] = p.touchedFraction;
      this.readOnlyFraction[i] = p.readOnlyFraction;
      this.readOnlyAccessShare[i] = p.readOnlyAccessShare ?? defaultReadOnlyAccessShare;
      this.initMs[i] = p.initMs;
      let t = tenants.get(p.tenant);
      if (t === undefined) {
        t = tenants.size;
        tenants.set(p.tenant, t);
      }
      this.tenant[i] = t;
      const e = p.exec;
      switch (e.kind) {
        case 'fixed':
          this.distKind[i] = DIST_FIXED;
          this.distA[i] = e.ms;
          break;
        case 'exponential':
          this.distKind[i] = DIST_EXP;
          this.distA[i] = 1 / e.meanMs;
          break;
        case 'lognormal':
          this.distKind[i] = DIST_LOGNORMAL;
          this.distA[i] = Math.log(e.medianMs);
          this.distB[i] = Math.log(e.p99Ms / e.medianMs) / Z99;
          break;
        case 'gamma':
          this.distKind[i] = DIST_GAMMA;
          this.distA[i] = e.shape;
          this.distB[i] = e.scaleMs;
          break;
      }
    }
    this.tenantNames = [...tenants.keys()];
  }

  /** Function id by name, or -1. */
  indexOf(name: string): number {
    return this.byName.get(name) ?? -1;
  }

  /** Draws one execution time of function `fn`, ms. */
  sampleExecMs(fn: number, rng: Rng): number {
    switch (this.distKind[fn]) {
      case DIST_FIXED:
        return this.distA[fn]!;
      case DIST_EXP:
        return rng.exponential(this.distA[fn]!);
      case DIST_LOGNORMAL:
        return Math.exp(this.distA[fn]! + this.distB[fn]! * rng.normal());
      default:
        return rng.gamma(this.distA[fn]!, this.distB[fn]!);
    }
  }
}
