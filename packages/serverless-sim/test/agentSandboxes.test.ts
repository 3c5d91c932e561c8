import { describe, expect, it } from 'vitest';
import { defaultAgentPlatformCosts } from '../src/agents/agentPlatform.js';
import type { AgentProfile, AgentStepModel } from '../src/agents/agentWorkload.js';
import { simulateAgents } from '../src/agents/simulateAgents.js';
import { agentBrowser } from '../src/parameters.js';
import { e2bPlatform } from '../src/platforms/e2b.js';
import { trenvXPlatform } from '../src/platforms/trenvX.js';

const browserAgent: AgentProfile = {
  name: 'browser-use',
  weight: 1,
  vmMemoryMb: 4096,
  anonTouchedMb: 400,
  fileMb: 200,
  writtenShare: 0.25,
  usesBrowser: true,
};

// Steps far longer than the arrival window: every session is still alive at the horizon, so the
// peak memory there is exactly "all sessions at once" and can be checked by hand.
const longSteps: AgentStepModel = {
  llm: { medianMs: 600_000, p99Ms: 900_000 },
  codeRun: { medianMs: 600_000, p99Ms: 900_000 },
  browserNav: { medianMs: 600_000, p99Ms: 900_000 },
  minToolSteps: 1,
  maxToolSteps: 1,
};

function allAtOnce(platform: ReturnType<typeof trenvXPlatform>, nodes = 1) {
  return simulateAgents({
    platform,
    arrivals: { kind: 'poisson', ratePerSec: 20 },
    durationMs: 2_000,
    seed: 7,
    nodes,
    nodeMemoryMb: 1e9,
    profiles: [browserAgent],
    steps: longSteps,
  });
}

describe('agent sandboxes: memory mechanisms', () => {
  it('with browser sharing, memory grows by one context per agent, not a browser per agent', () => {
    const r = allAtOnce(trenvXPlatform());
    const n = r.sessions;
    expect(n).toBeGreaterThan(20);
    // By hand: per agent its written pages (CoW) + one context; once per node: the shared
    // browser and the host's copy of the file pages (no guest copy: page-cache bypass).
    const perAgent = 0.25 * 400 + agentBrowser.contextMb;
    const perNode = agentBrowser.sharedBaseMb + 200;
    expect(r.memory.localPeakMb).toBeCloseTo(n * perAgent + perNode, 6);
    const noSharing = allAtOnce(trenvXPlatform({ browserSharing: false }));
    expect(noSharing.sessions).toBe(n); // same sessions: common random numbers
    // Without sharing, each agent carries a whole (written) browser instead of a context.
    expect(noSharing.memory.localPeakMb).toBeCloseTo(
      n * (0.25 * 400 + agentBrowser.memoryMb) + 200,
      6,
    );
  });

  it('page-cache bypass removes the guest copy of file pages, per agent', () => {
    const on = allAtOnce(trenvXPlatform());
    const off = allAtOnce(trenvXPlatform({ pageCacheBypass: false }));
    expect(off.memory.localPeakMb - on.memory.localPeakMb).toBeCloseTo(on.sessions * 200, 6);
  });

  it('the template is counted once in the pool, however many nodes and sessions map it', () => {
    const one = allAtOnce(trenvXPlatform(), 1);
    const four = allAtOnce(trenvXPlatform(), 4);
    expect(one.memory.poolPeakMb).toBe(400);
    expect(four.memory.poolPeakMb).toBe(400);
    expect(one.counts.poolPlacements).toBe(1);
    // E2B has no pool: each VM holds its whole touched image privately (userfaultfd copies).
    const e2b = allAtOnce(e2bPlatform());
    expect(e2b.memory.poolPeakMb).toBe(0);
    expect(e2b.memory.localPeakMb).toBeCloseTo(
      e2b.sessions * (400 + agentBrowser.memoryMb + 200) + 200,
      6,
    );
  });

  it('a too-small pool falls back to snapshot resume', () => {
    const r = allAtOnce(trenvXPlatform({ costs: { poolCapacityMb: 100 } }));
    expect(r.counts.poolRejections).toBe(r.sessions);
    expect(r.memory.poolPeakMb).toBe(0);
  });
});

describe('agent sandboxes: start-up', () => {
  const codeAgent: AgentProfile = { ...browserAgent, name: 'code', usesBrowser: false };
  const run = (platform: ReturnType<typeof e2bPlatform>, ratePerSec: number) =>
    simulateAgents({
      platform,
      arrivals: { kind: 'poisson', ratePerSec },
      durationMs: 120_000,
      seed: 3,
      profiles: [codeAgent],
    });

  it('a TrEnv-X sandbox starts in under 40 ms at light load (paper/README: < 40 ms)', () => {
    const r = run(trenvXPlatform(), 0.5);
    expect(r.startupMs.p50).toBeLessThan(40);
    expect(r.counts.repurposed).toBeGreaterThan(0);
  });

  it('repurposed sandboxes avoid the serialised creation that E2B queues on in a burst', () => {
    const c = defaultAgentPlatformCosts();
    // 50 sessions/s: E2B creates a VM per session (serial part c.createSerialMs each);
    // TrEnv-X mostly repurposes. Its start-up median must stay below E2B's resume alone.
    const e = run(e2bPlatform(), 50);
    const t = run(trenvXPlatform(), 50);
    expect(e.counts.created).toBe(e.sessions);
    expect(t.counts.repurposed).toBeGreaterThan(t.sessions / 2);
    expect(e.startupMs.p50).toBeGreaterThanOrEqual(c.resumeHotMs + c.createSerialMs);
    expect(t.startupMs.p50).toBeLessThan(c.resumeHotMs);
  });

  it('rejects bad input naming the field', () => {
    expect(() => run(trenvXPlatform(), -1)).toThrow(/arrivals.ratePerSec must be/);
    expect(() =>
      simulateAgents({
        platform: e2bPlatform(),
        arrivals: { kind: 'poisson', ratePerSec: 1 },
        durationMs: 1000,
        seed: 1,
        nodeMemoryMb: 100,
        profiles: [codeAgent],
      }),
    ).toThrow(/nodeMemoryMb must hold at least one session/);
    expect(() => run(trenvXPlatform({ costs: { contextMb: -1 } }), 1)).toThrow(
      /platform.costs.contextMb must be a finite number >= 0, got -1/,
    );
  });
});

describe('agent sandboxes: accounting', () => {
  it("gives back every session's memory: what is left is per-node state only", () => {
    const nodes = 3;
    const r = simulateAgents({
      platform: trenvXPlatform(),
      arrivals: {
        kind: 'bursty',
        ratePerSec: 1,
        burstFactor: 3,
        burstEverySec: 60,
        burstLengthSec: 10,
      },
      durationMs: 180_000,
      seed: 11,
      nodes,
      profiles: [browserAgent],
    });
    const c = defaultAgentPlatformCosts();
    // Every node saw the profile and launched its browser; parked sandboxes = those created,
    // capped per node (the cap is far above what this load creates).
    expect(r.counts.created).toBeLessThan(nodes * c.maxPooledPerNode);
    const expected =
      nodes * (200 + agentBrowser.sharedBaseMb) + r.counts.created * c.pooledSandboxMb;
    expect(r.memory.localEndMb).toBeCloseTo(expected, 6);
    const e = simulateAgents({
      platform: e2bPlatform(),
      arrivals: { kind: 'poisson', ratePerSec: 3 },
      durationMs: 60_000,
      seed: 11,
      nodes,
      profiles: [browserAgent],
    });
    expect(e.memory.localEndMb).toBeCloseTo(nodes * 200, 6);
  });
});

describe('agent sandboxes: browsers and resume', () => {
  const run = (platform: ReturnType<typeof e2bPlatform>, nodes = 1) =>
    simulateAgents({
      platform,
      arrivals: { kind: 'poisson', ratePerSec: 0.2 },
      durationMs: 600_000,
      seed: 5,
      nodes,
      profiles: [browserAgent],
    });

  it('E2B with a cold browser pays the launch in every session; snapshot resume does not', () => {
    const c = defaultAgentPlatformCosts();
    const cold = run(e2bPlatform({ browserStart: 'cold' }));
    const snap = run(e2bPlatform());
    expect(cold.counts.browserLaunches).toBe(cold.sessions);
    expect(snap.counts.browserLaunches).toBe(0);
    // Light load: no memory waits, so the start-up is creation + resume (+ launch).
    expect(cold.counts.memoryWaits).toBe(0);
    expect(cold.startupMs.min).toBeCloseTo(c.createSerialMs + c.resumeHotMs + c.browserLaunchMs, 6);
    expect(snap.startupMs.min).toBeCloseTo(c.createSerialMs + c.resumeHotMs, 6);
    // The first resume on the node finds its snapshot cold.
    expect(snap.startupMs.max).toBeCloseTo(c.createSerialMs + c.resumeColdMs, 6);
  });

  it('TrEnv-X launches one shared browser per node and a context per session', () => {
    const r = run(trenvXPlatform(), 3);
    expect(r.counts.browserLaunches).toBe(3);
    expect(r.counts.browserContexts).toBe(r.sessions);
  });
});
