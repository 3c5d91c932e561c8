// Comparing two platforms the way the papers report it: ratios, reductions, a Markdown table.
import {
  createRng,
  formatRatio,
  formatReduction,
  quantile,
  renderMarkdownTable,
} from '@paperlab/stats';

const rng = createRng('compare');
const draw = (median: number, p99: number) =>
  Float64Array.from({ length: 50_000 }, () => rng.lognormalFromMedianP99(median, p99));

const baseline = { latency: draw(40, 2400), memoryMb: 512 };
const candidate = { latency: draw(35, 330), memoryMb: 268 };

const p99Base = quantile(baseline.latency, 0.99);
const p99New = quantile(candidate.latency, 0.99);

console.log(
  renderMarkdownTable([
    {
      platform: 'baseline',
      'p50 (ms)': quantile(baseline.latency, 0.5).toFixed(1),
      'p99 (ms)': p99Base.toFixed(0),
      'memory (MB)': baseline.memoryMb,
    },
    {
      platform: 'candidate',
      'p50 (ms)': quantile(candidate.latency, 0.5).toFixed(1),
      'p99 (ms)': p99New.toFixed(0),
      'memory (MB)': candidate.memoryMb,
    },
  ]),
);
console.log(`P99 latency: ${formatRatio(p99Base, p99New)}`);
console.log(`memory: ${formatReduction(baseline.memoryMb, candidate.memoryMb)}`);
