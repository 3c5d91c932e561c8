// Renders an Observable Plot chart into the page. Plot builds a DOM node from data; React owns
// only the container, so the chart is rebuilt whenever the options change.
import * as Plot from '@observablehq/plot';
import { type ReactNode, useEffect, useRef } from 'react';

export interface PlotFigureProps {
  options: Plot.PlotOptions;
  /** Names the chart for tests and screen readers. */
  label: string;
}

export default function PlotFigure({ options, label }: PlotFigureProps): ReactNode {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const chart = Plot.plot({ width: el.clientWidth || 640, ...options });
    el.replaceChildren(chart);
    return () => chart.remove();
  }, [options]);
  return <figure ref={ref} aria-label={label} data-chart={label} className="margin--none" />;
}
