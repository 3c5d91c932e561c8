// Renders an Observable Plot chart into the page. Plot builds a DOM node from data; React owns
// only the container, so the chart is rebuilt whenever the options change.
import * as Plot from '@observablehq/plot';
import { type ReactNode, useEffect, useRef, useState } from 'react';

export interface PlotFigureProps {
  options: Plot.PlotOptions;
  /** Names the chart for tests and screen readers. */
  label: string;
}

/**
 * Makes Plot's output one labelled image for assistive technology. Plot names its mark groups
 * with aria-label ("line", "x-axis tick label", …) on <g> elements that have no role, which
 * ARIA prohibits and which would read as noise; the chart's meaning is in its label and the
 * tables beside it.
 */
function labelChart(node: Element, label: string): void {
  for (const svg of node.querySelectorAll('svg')) {
    for (const g of svg.querySelectorAll('[aria-label], [aria-description]')) {
      g.removeAttribute('aria-label');
      g.removeAttribute('aria-description');
    }
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', label);
  }
}

export default function PlotFigure({ options, label }: PlotFigureProps): ReactNode {
  const ref = useRef<HTMLElement>(null);
  // The chart is drawn at its container's width, and redrawn when that width changes (a
  // phone's layout settles after the first draw; a rotated screen): an SVG drawn wider than its
  // box is scaled down to fit, and its 12 px text with it.
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(Math.floor(el.clientWidth) || 640);
    const observer = new ResizeObserver(() => {
      const w = Math.floor(el.clientWidth);
      setWidth((old) => (w > 0 && w !== old ? w : old));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  useEffect(() => {
    const el = ref.current;
    if (!el || width === 0) return;
    // 12 px text whatever the width: on a phone the chart is narrower, not smaller.
    const chart = Plot.plot({
      width,
      ...options,
      style: { fontSize: '12px', ...(typeof options.style === 'object' ? options.style : {}) },
    });
    labelChart(chart, label);
    el.replaceChildren(chart);
    return () => chart.remove();
  }, [options, label, width]);
  return <figure ref={ref} aria-label={label} data-chart={label} className="margin--none" />;
}
