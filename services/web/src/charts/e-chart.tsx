import { useEffect, useRef } from 'react';
import type { EChartsCoreOption } from 'echarts/core';

// ECharts is loaded with the first chart, not with the first screen.
const loadEcharts = () => import('./echarts.ts').then((m) => m.echarts);

/**
 * One chart. It is hidden from assistive technologies: the figure around it names it and its
 * "voir les données" table says the same thing in text.
 */
export function EChart({ option, height = 260 }: { option: EChartsCoreOption; height?: number }) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<{ setOption: (o: EChartsCoreOption, notMerge?: boolean) => void; resize: () => void; dispose: () => void } | null>(
    null,
  );

  useEffect(() => {
    let disposed = false;
    let observer: ResizeObserver | undefined;
    void loadEcharts().then((echarts) => {
      if (disposed || !element.current) return;
      chart.current = echarts.init(element.current, null, { renderer: 'svg', locale: 'FR' });
      chart.current.setOption(option, true);
      observer = new ResizeObserver(() => chart.current?.resize());
      observer.observe(element.current);
    });
    return () => {
      disposed = true;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
    // The chart is created once; option changes go through the effect below.
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);

  return <div ref={element} className="chart" style={{ height }} aria-hidden="true" />;
}
