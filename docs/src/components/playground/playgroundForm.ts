/**
 * The playground's form, apart from its React component so the tests can check it without a
 * DOM: what the reader typed (text, as the fields hold it) becomes a SimulationConfig, checked
 * by the simulator's own validation (`resolveConfig`, whose ConfigError names the field and
 * the allowed range) before anything runs. What the simulator accepts but a browser tab
 * cannot finish in reasonable time is refused here, with the estimate that says why.
 */
import { resolveConfig, type SimulationConfig } from '@paperlab/serverless-sim';

export type WorkloadKind = 'poisson' | 'on-off' | 'diurnal';

/** The fields as typed: numbers are text until parsed, so an empty field is never 0. */
export interface FormText {
  platforms: string[];
  functions: string[];
  kind: WorkloadKind;
  ratePerSec: string;
  minutes: string;
  nodes: string;
  coresPerNode: string;
  seed: string;
}

/** The labels the page shows, used in messages so the reader sees which field is meant. */
export const fieldLabels = {
  ratePerSec: 'rate per function (req/s)',
  minutes: 'simulated minutes',
  nodes: 'nodes',
  coresPerNode: 'cores per node',
  seed: 'seed',
} as const;

/**
 * Limits the browser's own fields carry (min/max/step), taken from the simulator's schema
 * (configSchema.ts: rates ≥ 0, duration > 0, nodes 1–100,000, cores 1–10^9, integer seed), so
 * the field's hints and the validation agree.
 */
export const fieldLimits = {
  ratePerSec: { min: 0, step: 'any' },
  minutes: { min: 0, step: 'any' },
  nodes: { min: 1, max: 100_000, step: 1 },
  coresPerNode: { min: 1, max: 1_000_000_000, step: 1 },
  seed: { step: 1 },
} as const;

/**
 * Invocations across all platforms above which the page refuses to start a run. The
 * simulator runs at roughly 1–3 million invocations a second in a browser worker on the
 * machines this site is tested on, so this is about ten seconds to a minute of work.
 */
export const MAX_TOTAL_INVOCATIONS = 30_000_000;
/** Above this the page warns that the run will take a while (Cancel stops it). */
export const WARN_TOTAL_INVOCATIONS = 5_000_000;

/** The on/off workload's shape, relative to the rate field: ×4 while on, ÷8 while off. */
const onOff = { onFactor: 4, offFactor: 1 / 8, meanOnMs: 20_000, meanOffMs: 60_000 };

export class FormError extends RangeError {
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.name = 'FormError';
    this.field = field;
  }
}

function number(field: keyof typeof fieldLabels, text: string): number {
  const t = text.trim();
  // A number field holding letters reports '' to the page, so "empty" covers both.
  if (t === '') throw new FormError(field, `${fieldLabels[field]}: empty or not a number`);
  const n = Number(t);
  if (!Number.isFinite(n)) {
    throw new FormError(
      field,
      `${fieldLabels[field]}: not a finite number, got ${JSON.stringify(t)}`,
    );
  }
  return n;
}

export interface ParsedForm {
  config: SimulationConfig;
  platforms: string[];
  /** Expected invocations per platform (the workload's mean rate × duration × functions). */
  perPlatform: number;
  total: number;
  warning: string | null;
}

/** Mean arrival rate of one function for the chosen workload shape. */
export function meanRate(kind: WorkloadKind, rate: number): number {
  if (kind !== 'on-off') return rate; // diurnal: a whole number of cycles, mean = the rate
  const on = onOff.meanOnMs / (onOff.meanOnMs + onOff.meanOffMs);
  return rate * (on * onOff.onFactor + (1 - on) * onOff.offFactor);
}

/** Parses and validates the form; throws FormError or the simulator's ConfigError. */
export function parseForm(f: FormText): ParsedForm {
  if (f.platforms.length === 0) throw new FormError('platforms', 'choose at least one platform');
  if (f.functions.length === 0) throw new FormError('functions', 'choose at least one function');
  const ratePerSec = number('ratePerSec', f.ratePerSec);
  const minutes = number('minutes', f.minutes);
  const nodes = number('nodes', f.nodes);
  const coresPerNode = number('coresPerNode', f.coresPerNode);
  const seed = number('seed', f.seed);
  const durationMs = minutes * 60_000;
  const workload: SimulationConfig['workload'] =
    f.kind === 'poisson'
      ? { kind: 'poisson', ratePerSec, durationMs }
      : f.kind === 'on-off'
        ? {
            kind: 'on-off',
            onRatePerSec: ratePerSec * onOff.onFactor,
            offRatePerSec: ratePerSec * onOff.offFactor,
            meanOnMs: onOff.meanOnMs,
            meanOffMs: onOff.meanOffMs,
            durationMs,
          }
        : { kind: 'diurnal', ratePerSec, amplitude: 0.8, periodMs: durationMs, durationMs };
  const config: SimulationConfig = {
    seed,
    cluster: { nodes, coresPerNode },
    functions: f.functions,
    workload,
    // About 120 points on the memory chart whatever the duration.
    sampleIntervalMs: Math.max(1000, Math.round(durationMs / 120)),
  };
  // The simulator's own validation, with its own messages, for every platform that will run.
  for (const platform of f.platforms) resolveConfig({ ...config, platform });
  const perPlatform = f.functions.length * meanRate(f.kind, ratePerSec) * minutes * 60;
  const total = perPlatform * f.platforms.length;
  if (!(perPlatform >= 1)) {
    throw new FormError(
      'ratePerSec',
      `≈ ${formatCount(perPlatform)} invocations: nothing to simulate; raise the rate or the minutes`,
    );
  }
  if (total > MAX_TOTAL_INVOCATIONS) {
    throw new FormError(
      'ratePerSec',
      `≈ ${formatCount(total)} invocations in total is more than this page runs in a browser tab (at most ${formatCount(MAX_TOTAL_INVOCATIONS)}); lower the rate, the minutes or the number of platforms, or run it with the simulator's CLI`,
    );
  }
  const warning =
    total > WARN_TOTAL_INVOCATIONS
      ? `≈ ${formatCount(total)} invocations in total: this may take a minute; Cancel stops it`
      : null;
  return { config, platforms: f.platforms, perPlatform, total, warning };
}

export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return Math.round(n).toLocaleString('en-US');
}
