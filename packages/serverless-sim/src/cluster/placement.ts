// Placement: which node an arriving invocation goes to. Nodes are identical, so both policies
// score load as running + queued invocations; ties go to the lowest node index, which keeps runs
// deterministic.

export const placementPolicies = ['least-loaded', 'locality'] as const;
export type PlacementPolicy = (typeof placementPolicies)[number];

/** The node with the fewest running + queued invocations. */
export function leastLoaded(nodes: number, busy: Int32Array, queued: Int32Array): number {
  let best = 0;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < nodes; i++) {
    const score = -(busy[i]! + queued[i]!);
    if (score > bestScore) {
      bestScore = score;
      best = i;
    }
  }
  return best;
}

/**
 * Locality: a node with an idle sandbox of the function and a free core first, then a node the
 * platform says holds state for it (e.g. a cached snapshot, a parked sandbox), then the least
 * loaded. `idle` is indexed by node × functions + fn.
 */
export function locality(
  nodes: number,
  cores: number,
  busy: Int32Array,
  queued: Int32Array,
  idle: Int32Array,
  nFn: number,
  fn: number,
  affinity: ((fn: number, node: number) => number) | undefined,
): number {
  let best = 0;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < nodes; i++) {
    let score = -(busy[i]! + queued[i]!);
    if (idle[i * nFn + fn]! > 0 && busy[i]! < cores) score += 4 * cores;
    else if (affinity !== undefined && affinity(fn, i) > 0) score += 2 * cores;
    if (score > bestScore) {
      bestScore = score;
      best = i;
    }
  }
  return best;
}
