// Apache ECharts (vendored, served by query-service: /vendor/echarts/echarts.min.js), canvas renderer.
// Tooltips are plain text: ECharts' default tooltip markup carries inline styles, which the page's
// Content-Security-Policy refuses.
import {t, word, STATUSES, URGENCIES} from './i18n.js';

const COLORS = {RED: '#d7263d', YELLOW: '#e0a800', BLUE: '#1f6fd1', NONE: '#8a94a6'};
const STATUS_COLORS = {ASSIGNED: '#8a94a6', PLAN_SUBMITTED: '#5b8def', IN_PROGRESS: '#f0a030', VERIFIED: '#2e9e5b'};

function font() {
  return parseFloat(getComputedStyle(document.body).fontSize) || 14;
}

/** The page's colours (light, or the wall screen's dark ones), from its CSS variables. */
function ink() {
  const style = getComputedStyle(document.body);
  const get = name => style.getPropertyValue(name).trim();
  return {text: get('--ink') || '#1d2330', muted: get('--muted') || '#5d6678', line: get('--line') || '#dde1e8'};
}

/** Axes in the page's colours. */
function axis(extra) {
  const c = ink();
  return {axisLabel: {color: c.muted}, axisLine: {lineStyle: {color: c.line}}, splitLine: {lineStyle: {color: c.line}},
          ...extra, ...(extra.axisLabel ? {axisLabel: {color: c.muted, ...extra.axisLabel}} : {})};
}

export class Chart {
  constructor(element) {
    this.chart = window.echarts.init(element, null, {renderer: 'canvas'});
    this.resize = () => this.chart.resize();
    window.addEventListener('resize', this.resize);
  }

  set(option) {
    const c = ink();
    this.chart.setOption({animation: false,
      textStyle: {fontFamily: getComputedStyle(document.body).fontFamily, color: c.text}, ...option,
      legend: option.legend ? {...option.legend, textStyle: {color: c.muted, ...option.legend.textStyle}} : undefined},
    {notMerge: true});
  }

  dispose() {
    window.removeEventListener('resize', this.resize);
    this.chart.dispose();
  }
}

const tooltip = () => ({trigger: 'item', renderMode: 'richText'});

/**
 * Measures by status: a ring, and beside it a legend that carries the counts. The counts sit in the
 * legend rather than on the ring, so that no label can fall on the legend or on another label,
 * whatever the screen and the type size.
 */
export function statusOption(row) {
  const size = font();
  const counts = Object.fromEntries(STATUSES.map(s => [word('status', s), row.byStatus[s] || 0]));
  return {
    tooltip: tooltip(),
    legend: {orient: 'vertical', left: '58%', top: 'middle', itemGap: size * 0.6, itemWidth: size, itemHeight: size * 0.7,
             textStyle: {fontSize: size * 0.9, color: ink().text}, formatter: name => `${name}  ${counts[name]}`},
    series: [{
      type: 'pie', radius: ['45%', '78%'], center: ['29%', '50%'], label: {show: false}, labelLine: {show: false},
      data: STATUSES.map(s => ({name: word('status', s), value: row.byStatus[s] || 0,
                                itemStyle: {color: STATUS_COLORS[s]}})),
    }],
  };
}

export function urgencyOption(row) {
  const size = font();
  return {
    tooltip: tooltip(),
    grid: {left: size * 6.5, right: size * 3, top: size * 0.5, bottom: size * 0.5},
    xAxis: axis({type: 'value', minInterval: 1, axisLabel: {fontSize: size * 0.8}}),
    yAxis: axis({type: 'category', inverse: true, axisLabel: {fontSize: size * 0.9},
                 data: URGENCIES.map(u => word('urgency', u))}),
    series: [{
      type: 'bar', barMaxWidth: size * 2,
      label: {show: true, position: 'right', fontSize: size, fontWeight: 'bold', color: ink().text, textBorderWidth: 0},
      data: URGENCIES.map(u => ({value: row.byUrgency[u] || 0, itemStyle: {color: COLORS[u]}})),
    }],
  };
}

export function sectionOption(sections) {
  const size = font();
  return {
    tooltip: {trigger: 'axis', renderMode: 'richText', axisPointer: {type: 'shadow'}},
    legend: {bottom: 0, textStyle: {fontSize: size * 0.8}, itemWidth: size, itemHeight: size * 0.7},
    // room for the section titles, cut to what fits (containLabel measures them before the cut)
    grid: {left: size * 12.5, right: size, top: size * 0.5, bottom: size * 2.6},
    xAxis: axis({type: 'value', minInterval: 1, axisLabel: {fontSize: size * 0.8}}),
    yAxis: axis({type: 'category', inverse: true,
                 axisLabel: {fontSize: size * 0.8, width: size * 11.5, overflow: 'truncate'},
                 data: sections.map(s => s.name)}),
    series: URGENCIES.map(u => ({
      type: 'bar', stack: 'urgency', name: word('urgency', u), itemStyle: {color: COLORS[u]},
      label: {show: true, fontSize: size * 0.75, color: '#fff', textBorderWidth: 0,
              formatter: p => (p.value ? p.value : '')},
      data: sections.map(s => s.byUrgency[u] || 0),
    })),
  };
}

export {COLORS, t};
