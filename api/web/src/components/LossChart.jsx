// The live loss chart (uPlot): one point per step as the workers reported it, checked by the API
// against the step root of each commitment. The element carries the number of points and the last
// step as data attributes, and a text summary for screen readers, so tests and people can read it
// without the pixels.
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { count, loss } from '../lib/format.js';

const HEIGHT = 280;

function options(width) {
  const css = getComputedStyle(document.documentElement);
  const accent = css.getPropertyValue('--accent').trim() || '#3b5bdb';
  const grid = css.getPropertyValue('--grid').trim() || '#e5e7eb';
  const text = css.getPropertyValue('--muted').trim() || '#6b7280';
  const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
  return {
    width,
    height: HEIGHT,
    legend: { show: true, live: true },
    cursor: { drag: { x: true, y: false } },
    scales: { x: { time: false } },
    axes: [
      { ...axis, label: 'step', labelSize: 24 },
      { ...axis, label: 'loss', labelSize: 30, size: 56, values: (u, ticks) => ticks.map((t) => t.toFixed(2)) },
    ],
    series: [
      { label: 'step', value: (u, v) => (v === null || v === undefined ? '—' : count(v)) },
      {
        label: 'loss',
        stroke: accent,
        width: 1.5,
        fill: accent + '14',
        points: { show: false },
        value: (u, v) => loss(v),
      },
    ],
  };
}

/** @param {{steps: number[], losses: number[]}} props */
export function LossChart({ steps, losses }) {
  const host = useRef(null);
  const chart = useRef(null);

  useEffect(() => {
    const element = host.current;
    const width = Math.max(280, element.clientWidth);
    chart.current = new uPlot(options(width), [steps, losses], element);
    const observer = new ResizeObserver(() => {
      const w = Math.max(280, element.clientWidth);
      if (chart.current && Math.abs(chart.current.width - w) > 2) chart.current.setSize({ width: w, height: HEIGHT });
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.current?.destroy();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setData([steps, losses]);
  }, [steps, losses]);

  const last = steps.length ? steps.length - 1 : -1;
  return (
    <figure class="chart" data-testid="loss-chart" data-points={steps.length} data-last-step={last >= 0 ? steps[last] : ''}>
      <div ref={host} class="chart-canvas" aria-hidden="true" />
      <figcaption class="muted small" aria-live="polite" data-testid="loss-summary">
        {steps.length === 0
          ? 'No losses yet: the chart fills in as workers commit segments.'
          : `${count(steps.length)} steps plotted; latest loss ${loss(losses[last])} at step ${count(steps[last])}` +
            ` (first ${loss(losses[0])}).`}
      </figcaption>
    </figure>
  );
}
