/**
 * The roll-up's charts (Apache ECharts, SVG, only the parts used): totals against yearly targets with the rate, the
 * ranking of the units directly below for one indicator, and this period against the same period last year.
 */
// The ES module build: the CommonJS one (lib/) reaches the browser as an object, not a component.
import ReactEChartsCore from 'echarts-for-react/esm/core';
import * as echarts from 'echarts/core';
import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { formatNumber, formatPercent } from '../../app/format';

echarts.use([BarChart, PieChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

const BLUE = '#0b4ea2';
const GREY = '#b0bec5';
const numberAxis = { type: 'value', min: 0, axisLabel: { formatter: (v: number) => formatNumber(v) } };
const tooltip = { trigger: 'axis', valueFormatter: (v: unknown) => formatNumber(Number(v)) };

function Chart({
  option,
  height,
  testId,
  label,
}: {
  option: object;
  height: number;
  testId: string;
  label: string;
}) {
  return (
    <div data-testid={testId} role="img" aria-label={label}>
      <ReactEChartsCore
        echarts={echarts}
        option={option}
        opts={{ renderer: 'svg' }}
        style={{ height, width: '100%' }}
        notMerge
      />
    </div>
  );
}

/** Horizontal bars: one per item, long names on the left axis (a phone has no room for slanted labels below). */
export function BarsChart({
  items,
  label,
  series,
  testId,
}: {
  items: { name: string; values: (number | null)[]; rate?: number | null }[];
  label: string;
  series: string[];
  testId: string;
}) {
  const option = {
    animation: false,
    legend: series.length > 1 ? { top: 0 } : undefined,
    grid: { left: 8, right: 48, top: series.length > 1 ? 28 : 8, bottom: 8, containLabel: true },
    tooltip,
    yAxis: {
      type: 'category',
      inverse: true,
      data: items.map((i) => i.name),
      axisLabel: { width: 140, overflow: 'truncate' },
    },
    xAxis: numberAxis,
    series: series.map((name, n) => ({
      name,
      type: 'bar',
      data: items.map((i) => i.values[n] ?? 0),
      color: n === 0 ? BLUE : GREY,
      label:
        n === 0 && items.some((i) => i.rate !== undefined)
          ? {
              show: true,
              position: 'right',
              formatter: (p: { dataIndex: number }) => {
                const rate = items[p.dataIndex]?.rate;
                return rate === null || rate === undefined ? '' : formatPercent(rate);
              },
            }
          : undefined,
    })),
  };
  return (
    <Chart
      option={option}
      height={Math.max(160, items.length * (series.length > 1 ? 44 : 30) + 40)}
      testId={testId}
      label={label}
    />
  );
}

/** Submitted on time, late, missing: a donut. */
export function CompletenessDonut({
  parts,
  label,
}: {
  parts: { name: string; value: number; color: string }[];
  label: string;
}) {
  const option = {
    animation: false,
    tooltip: { trigger: 'item', valueFormatter: (v: unknown) => formatNumber(Number(v)) },
    legend: { bottom: 0 },
    series: [
      {
        type: 'pie',
        radius: ['45%', '70%'],
        center: ['50%', '42%'],
        label: { show: false },
        data: parts.map((p) => ({ name: p.name, value: p.value, itemStyle: { color: p.color } })),
      },
    ],
  };
  return <Chart option={option} height={220} testId="completeness-chart" label={label} />;
}

export default BarsChart;
