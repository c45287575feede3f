// Apache ECharts (vendored, served by query-service: /vendor/echarts/echarts.min.js), canvas renderer.
// Tooltips are plain text: ECharts' default tooltip markup carries inline styles, which the page's
// Content-Security-Policy refuses.
import {t, word, STATUSES, URGENCIES} from './i18n.js';

const COLORS = {RED: '#d7263d', YELLOW: '#e0a800', BLUE: '#1f6fd1', NONE: '#8a94a6'};
const STATUS_COLORS = {ASSIGNED: '#8a94a6', PLAN_SUBMITTED: '#5b8def', IN_PROGRESS: '#f0a030', VERIFIED: '#2e9e5b'};

function font() {
  return parseFloat(getComputedStyle(document.documentElement).fontSize) || 14;
}

export class Chart {
  constructor(element) {
    this.chart = window.echarts.init(element, null, {renderer: 'canvas'});
    this.resize = () => this.chart.resize();
    window.addEventListener('resize', this.resize);
  }

  set(option) {
    this.chart.setOption({animation: false, textStyle: {fontFamily: getComputedStyle(document.body).fontFamily}, ...option},
      {notMerge: true});
  }

  dispose() {
    window.removeEventListener('resize', this.resize);
    this.chart.dispose();
  }
}

const tooltip = () => ({trigger: 'item', renderMode: 'richText'});

export function statusOption(row) {
  const size = font();
  return {
    tooltip: tooltip(),
    legend: {bottom: 0, textStyle: {fontSize: size * 0.85}, itemWidth: size, itemHeight: size * 0.7},
    series: [{
      type: 'pie', radius: ['42%', '68%'], center: ['50%', '44%'],
      label: {formatter: '{c}', fontSize: size, fontWeight: 'bold'},
      data: STATUSES.map(s => {
        const value = row.byStatus[s] || 0;   // an empty status stays in the legend, without a label
        return {name: word('status', s), value, itemStyle: {color: STATUS_COLORS[s]},
                label: {show: value > 0}, labelLine: {show: value > 0}};
      }),
    }],
  };
}

export function urgencyOption(row) {
  const size = font();
  return {
    tooltip: tooltip(),
    grid: {left: size * 6.5, right: size * 3, top: size * 0.5, bottom: size * 0.5},
    xAxis: {type: 'value', minInterval: 1, axisLabel: {fontSize: size * 0.8}},
    yAxis: {type: 'category', inverse: true, axisLabel: {fontSize: size * 0.9},
            data: URGENCIES.map(u => word('urgency', u))},
    series: [{
      type: 'bar', barMaxWidth: size * 2,
      label: {show: true, position: 'right', fontSize: size, fontWeight: 'bold'},
      data: URGENCIES.map(u => ({value: row.byUrgency[u] || 0, itemStyle: {color: COLORS[u]}})),
    }],
  };
}

export function sectionOption(sections) {
  const size = font();
  return {
    tooltip: {trigger: 'axis', renderMode: 'richText', axisPointer: {type: 'shadow'}},
    legend: {bottom: 0, textStyle: {fontSize: size * 0.8}, itemWidth: size, itemHeight: size * 0.7},
    grid: {left: size * 0.5, right: size, top: size * 0.5, bottom: size * 2.4, containLabel: true},
    xAxis: {type: 'value', minInterval: 1, axisLabel: {fontSize: size * 0.8}},
    yAxis: {type: 'category', inverse: true, axisLabel: {fontSize: size * 0.8, width: size * 11, overflow: 'truncate'},
            data: sections.map(s => s.name)},
    series: URGENCIES.map(u => ({
      type: 'bar', stack: 'urgency', name: word('urgency', u), itemStyle: {color: COLORS[u]},
      label: {show: true, fontSize: size * 0.75, formatter: p => (p.value ? p.value : '')},
      data: sections.map(s => s.byUrgency[u] || 0),
    })),
  };
}

export {COLORS, t};
