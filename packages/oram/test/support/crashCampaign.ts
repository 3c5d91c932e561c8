// The SQLite-style crash campaign (sqlite.org/testing.html, "Crash testing"): a child process
// doing accesses is killed with SIGKILL at a random instant, then the parent reopens the store
// and checks the crash-consistency contract against its own reference Map:
//   - reopening succeeds;
//   - an address whose last write was acknowledged returns that value;
//   - an address with a write in flight returns the acknowledged value or the one in flight.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRng } from '@paperlab/stats';
import { build } from 'esbuild';
import { CAPACITY, type CrashConfig, decodeValue, openCrashOram } from './crashWorkload.ts';

export interface CampaignResult {
  kills: number;
  /** Kills after which an in-flight write was found applied, and found not applied. */
  inFlightApplied: number;
  inFlightLost: number;
  acknowledged: number;
  violations: string[];
}

const bundles = new Map<string, Promise<string>>();
/** Bundles a child script once per test process, so each spawn costs a plain `node` start. */
export function childBundle(script = 'crashChild.ts'): Promise<string> {
  let bundled = bundles.get(script);
  bundled ??= (async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'oram-crash-child-')), 'child.mjs');
    await build({
      entryPoints: [fileURLToPath(new URL(`./${script}`, import.meta.url))],
      external: ['bufferutil', 'utf-8-validate'],
      // ws is CommonJS and requires Node built-ins; give the ESM bundle a require.
      banner: {
        js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
      },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      conditions: ['@paperlab/source'],
      outfile: out,
      logLevel: 'warning',
    });
    return out;
  })();
  bundles.set(script, bundled);
  return bundled;
}

export const live = new Set<ReturnType<typeof spawn>>();
/** Kills every child still running (afterAll, also when a test failed). */
export function killChildren(): void {
  for (const c of live) c.kill('SIGKILL');
  live.clear();
}

/** Kills the child `delayMs` after it printed `afterLines` lines past `ready`. */
function runChild(
  bundle: string,
  env: object,
  afterLines: number,
  delayMs: number,
): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bundle], {
      env: { ...process.env, CRASH_CONFIG: JSON.stringify(env) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    live.add(child);
    let out = '';
    let err = '';
    let timer: ReturnType<typeof setTimeout> | undefined;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (
        timer === undefined &&
        out.startsWith('ready\n') &&
        out.split('\n').length - 2 >= afterLines
      ) {
        timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.on('exit', (code, signal) => {
      live.delete(child);
      if (timer !== undefined) clearTimeout(timer);
      if (signal !== 'SIGKILL')
        reject(
          new Error(`child exited with ${code}/${signal} before the kill: ${err.slice(0, 2000)}`),
        );
      // The last line may be cut short by the kill: keep whole lines only.
      else resolve(out.split('\n').slice(0, -1));
    });
  });
}

export async function runCrashCampaign(
  base: Omit<CrashConfig, 'dir'>,
  kills: number,
  seed: string,
): Promise<CampaignResult> {
  const bundle = await childBundle();
  const dir = mkdtempSync(join(tmpdir(), 'oram-crash-'));
  const rng = createRng(seed);
  const config: CrashConfig = { ...base, dir };
  const acked = new Map<number, number>();
  const result: CampaignResult = {
    kills: 0,
    inFlightApplied: 0,
    inFlightLost: 0,
    acknowledged: 0,
    violations: [],
  };
  try {
    for (let k = 0; k < kills; k++) {
      // Kill instants spread over recovery (right after opening) and the accesses that follow.
      const early = rng.next() < 0.2;
      const lines = await runChild(
        bundle,
        { ...config, seed: `${seed}/${k}`, start: (k + 1) * 1e6 },
        early ? 0 : rng.int(1, 60),
        early ? rng.int(0, 3) : rng.int(0, 4),
      );
      result.kills++;
      const inFlight = new Map<number, number>();
      for (const line of lines) {
        const [tag, a, v] = line.split(' ');
        if (tag === 'I') inFlight.set(Number(a), Number(v));
        else if (tag === 'A') {
          acked.set(Number(a), Number(v));
          inFlight.delete(Number(a));
          result.acknowledged++;
        }
      }
      let oram: Awaited<ReturnType<typeof openCrashOram>>;
      try {
        oram = await openCrashOram(config);
      } catch (e) {
        result.violations.push(`kill ${k}: reopening failed: ${(e as Error).message}`);
        break;
      }
      let blocks: Uint8Array[];
      try {
        blocks = await Promise.all(Array.from({ length: CAPACITY }, (_, a) => oram.read(a)));
      } catch (e) {
        result.violations.push(
          `kill ${k}: reading after reopening failed: ${(e as Error).message}`,
        );
        break;
      }
      for (let a = 0; a < CAPACITY; a++) {
        let got: number;
        try {
          got = decodeValue(a, blocks[a]!);
        } catch (e) {
          result.violations.push(`kill ${k}: ${(e as Error).message}`);
          continue;
        }
        const want = acked.get(a) ?? 0;
        const flying = inFlight.get(a);
        if (got === want) {
          if (flying !== undefined) result.inFlightLost++;
        } else if (got === flying) {
          result.inFlightApplied++;
          acked.set(a, got);
        } else {
          result.violations.push(
            `kill ${k}: address ${a} holds ${got}, acknowledged ${want}, in flight ${flying ?? 'none'}`,
          );
        }
      }
      await oram.close();
    }
  } finally {
    killChildren();
    rmSync(dir, { recursive: true, force: true });
  }
  return result;
}
