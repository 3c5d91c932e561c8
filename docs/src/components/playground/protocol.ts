// Messages between the pages and simWorker.ts. Everything crossing is structured-cloneable
// plain data: the package's own SimulationResult and ReproReport objects, minus live objects.
import type { ReproReport, SimulationConfig, SimulationResult } from '@paperlab/serverless-sim';

/** One point of a latency CDF: the fraction p of invocations finished within `ms`. */
export interface CdfPoint {
  p: number;
  ms: number;
}

export type WorkerRequest =
  | {
      type: 'simulate';
      /** The shared config; `platform` is set per run from `platforms`. */
      config: SimulationConfig;
      platforms: string[];
    }
  | { type: 'repro' };

export interface PlatformRun {
  platform: string;
  result: SimulationResult;
  /** End-to-end latency CDF, from a recorder fed by onRecord. */
  cdf: CdfPoint[];
  wallMs: number;
}

export type WorkerResponse =
  | { type: 'progress'; fraction: number; label: string }
  | { type: 'platform'; run: PlatformRun }
  | { type: 'done'; invocations: number; wallMs: number }
  | { type: 'repro'; containers: ReproReport; agents: ReproReport; wallMs: number }
  | { type: 'error'; name: string; message: string };
