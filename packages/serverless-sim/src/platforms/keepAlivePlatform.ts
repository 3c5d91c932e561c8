// The baselines that differ only in their miss path: each keeps a finished sandbox warm for a
// fixed time (the Lambda/Azure policy) and, on a miss, starts from scratch (faasd-style), from a
// CRIU image, or from a Firecracker snapshot (REAP+, FaaSnap+). A TTL of 0 is "cold every time".
import { parseWith } from '../configError.js';
import { MAX_MS, num } from '../configFields.js';
import type { FunctionTable } from '../functionProfile.js';
import { warmStartMs } from '../parameters.js';
import type { Platform, PlatformContext, Retention, StartPlan } from '../platform.js';

/**
 * A start path: fills a plan for a miss of `fn`. `cachedMb` is the page cache the node holds
 * for `fn` now (a CRIU image already there is not read from disk again).
 */
export type MissPlanner = (
  fns: FunctionTable,
  fn: number,
  plan: StartPlan,
  cachedMb: number,
) => void;

const keepAliveMsField = num(0, MAX_MS);

export class KeepAlivePlatform implements Platform {
  readonly name: string;
  readonly keepAliveMs: number;
  private readonly planner: MissPlanner;
  private ctx: PlatformContext | undefined;

  constructor(name: string, planner: MissPlanner, keepAliveMs: number) {
    if (!(keepAliveMs >= 0)) {
      throw new RangeError(`platformOptions.keepAliveMs must be a number >= 0, got ${keepAliveMs}`);
    }
    // The config's range too: a string ('5' >= 0 holds) would be concatenated onto the clock.
    parseWith(keepAliveMsField, keepAliveMs, 'platformOptions.keepAliveMs');
    this.name = name;
    this.planner = planner;
    this.keepAliveMs = keepAliveMs;
  }

  init(ctx: PlatformContext): void {
    this.ctx = ctx;
  }

  warmStartMs(): number {
    return warmStartMs;
  }

  plan(fn: number, node: number, _now: number, plan: StartPlan): void {
    const ctx = this.ctx!;
    this.planner(ctx.functions, fn, plan, ctx.pageCacheHeldMb(node, fn));
  }

  onIdle(_fn: number, _node: number, _now: number, out: Retention): void {
    out.keepAliveMs = this.keepAliveMs;
  }
}
