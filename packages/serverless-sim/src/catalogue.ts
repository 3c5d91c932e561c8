// A small built-in catalogue of typical functions. Every number is an estimate (order of
// magnitude of the FunctionBench / SeBS style benchmarks the snapshot papers evaluate), not a
// measurement: memory footprints sit around the ATC'20 median (~170 MiB) where the workload
// allows, read-only shares inside the paper's 24–90 % range. Override them freely.
import type { FunctionProfile } from './functionProfile.js';

export const catalogue: readonly FunctionProfile[] = [
  {
    // Minimal HTTP handler: the start-up cost floor.
    name: 'hello-python',
    tenant: 'tenant-a',
    runtime: 'python',
    imageMb: 60,
    memoryMb: 30,
    touchedFraction: 0.5,
    readOnlyFraction: 0.8,
    fileCacheMb: 20,
    initMs: 20,
    exec: { kind: 'lognormal', medianMs: 2, p99Ms: 10 },
  },
  {
    name: 'json-serde',
    tenant: 'tenant-a',
    runtime: 'node',
    imageMb: 90,
    memoryMb: 60,
    touchedFraction: 0.4,
    readOnlyFraction: 0.7,
    fileCacheMb: 30,
    initMs: 50,
    exec: { kind: 'lognormal', medianMs: 15, p99Ms: 80 },
  },
  {
    name: 'image-resize',
    tenant: 'tenant-b',
    runtime: 'python',
    imageMb: 180,
    memoryMb: 170,
    touchedFraction: 0.35,
    readOnlyFraction: 0.6,
    fileCacheMb: 70,
    initMs: 400,
    exec: { kind: 'lognormal', medianMs: 120, p99Ms: 600 },
  },
  {
    name: 'pyaes',
    tenant: 'tenant-b',
    runtime: 'python',
    imageMb: 70,
    memoryMb: 40,
    touchedFraction: 0.5,
    readOnlyFraction: 0.5,
    fileCacheMb: 25,
    initMs: 60,
    exec: { kind: 'lognormal', medianMs: 250, p99Ms: 900 },
  },
  {
    name: 'ml-inference',
    tenant: 'tenant-c',
    runtime: 'python',
    imageMb: 900,
    memoryMb: 600,
    touchedFraction: 0.3,
    readOnlyFraction: 0.9,
    fileCacheMb: 400,
    initMs: 2500,
    exec: { kind: 'lognormal', medianMs: 300, p99Ms: 1500 },
  },
  {
    name: 'video-ffmpeg',
    tenant: 'tenant-c',
    runtime: 'native',
    imageMb: 250,
    memoryMb: 300,
    touchedFraction: 0.6,
    readOnlyFraction: 0.3,
    fileCacheMb: 120,
    initMs: 200,
    exec: { kind: 'lognormal', medianMs: 3000, p99Ms: 15000 },
  },
  {
    name: 'java-thumbnail',
    tenant: 'tenant-d',
    runtime: 'java',
    imageMb: 300,
    memoryMb: 256,
    touchedFraction: 0.3,
    readOnlyFraction: 0.7,
    fileCacheMb: 120,
    initMs: 800,
    exec: { kind: 'lognormal', medianMs: 200, p99Ms: 1000 },
  },
  {
    name: 'go-compress',
    tenant: 'tenant-d',
    runtime: 'go',
    imageMb: 40,
    memoryMb: 80,
    touchedFraction: 0.7,
    readOnlyFraction: 0.24,
    fileCacheMb: 10,
    initMs: 10,
    exec: { kind: 'lognormal', medianMs: 400, p99Ms: 2000 },
  },
];

/** A catalogue function by name; throws a RangeError listing the names. */
export function catalogueFunction(name: string): FunctionProfile {
  const f = catalogue.find((p) => p.name === name);
  if (f === undefined) {
    throw new RangeError(
      `function must be one of ${catalogue.map((p) => p.name).join(', ')}, got ${name}`,
    );
  }
  return f;
}
