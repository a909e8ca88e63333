/** The members of a unit over the past year: a small line chart (Apache ECharts, SVG, only the parts it uses). */
// The ES module build: the CommonJS one (lib/) reaches the browser as an object, not a component.
import ReactEChartsCore from 'echarts-for-react/esm/core';
import * as echarts from 'echarts/core';
import { LineChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { formatDate, formatNumber } from '../../app/format';

echarts.use([LineChart, GridComponent, TooltipComponent, SVGRenderer]);

export default function TrendChart({
  points,
  label,
}: {
  points: { at: string; members: number }[];
  label: string;
}) {
  const option = {
    animation: false,
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'axis',
      valueFormatter: (value: unknown) => formatNumber(Number(value)),
    },
    xAxis: {
      type: 'category',
      boundaryGap: false,
      data: points.map((p) => formatDate(p.at)),
      axisLabel: { hideOverlap: true },
    },
    // The axis starts at 0: one fitted to the figures drew a change of 1 in 48.600 as a fall to the chart's foot.
    yAxis: {
      type: 'value',
      min: 0,
      minInterval: 1,
      axisLabel: { formatter: (value: number) => formatNumber(value) },
    },
    series: [
      {
        name: label,
        type: 'line',
        data: points.map((p) => p.members),
        symbolSize: 8,
        lineStyle: { width: 3 },
        areaStyle: { opacity: 0.08 },
        color: '#0b4ea2',
      },
    ],
  };
  return (
    <div data-testid="dashboard-trend" aria-label={label} role="img">
      <ReactEChartsCore
        echarts={echarts}
        option={option}
        opts={{ renderer: 'svg' }}
        style={{ height: 220, width: '100%' }}
        notMerge
      />
    </div>
  );
}
