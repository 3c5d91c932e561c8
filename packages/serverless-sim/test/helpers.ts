// Shared test fixtures: a zero-cost platform whose only latency is the one a test sets, so
// queueing-theory results apply without start-up terms.
import type { FunctionProfile } from '../src/functionProfile.js';
import { type Platform, type Retention, StartPath, type StartPlan } from '../src/platform.js';

export function zeroCostPlatform(keepAliveMs: number, coldStartupMs = 0): Platform {
  return {
    name: 'zero-cost',
    init() {},
    warmStartMs: () => 0,
    plan(_fn: number, _node: number, _now: number, plan: StartPlan) {
      plan.path = StartPath.cold;
      plan.startupMs = coldStartupMs;
    },
    onIdle(_fn: number, _node: number, _now: number, out: Retention) {
      out.keepAliveMs = keepAliveMs;
    },
  };
}

export function profile(
  name: string,
  exec: FunctionProfile['exec'],
  memoryMb = 0,
): FunctionProfile {
  return {
    name,
    tenant: 't',
    runtime: 'native',
    imageMb: 0,
    memoryMb,
    touchedFraction: 0.5,
    readOnlyFraction: 0.5,
    fileCacheMb: 0,
    initMs: 0,
    exec,
  };
}
