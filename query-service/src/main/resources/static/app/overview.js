// The plan overview: counts, urgency, status and sections, the next deadlines.
import {h, replace} from './dom.js';
import {t, word, URGENCIES} from './i18n.js';
import {Chart, statusOption, urgencyOption, sectionOption} from './charts.js';
import {nextDeadlines, today} from './model.js';
import {urgencyBadge, statusBadge, dueText, percent} from './widgets.js';

export function overview(container, {model, config, rendered}) {
  const kpis = h('div.kpis', {id: 'kpis'});
  const strip = h('div.urgency-strip', {id: 'urgency-strip'});
  const statusBox = h('div.chart', {id: 'chart-status'});
  const urgencyBox = h('div.chart', {id: 'chart-urgency'});
  const sectionBox = h('div.chart.tall', {id: 'chart-section'});
  const deadlines = h('div.deadlines', {id: 'deadlines'});
  replace(container, h('section.overview',
    h('div.row', kpis, strip),
    h('div.panels',
      h('div.panel', h('h2', t('chart.status')), statusBox),
      h('div.panel', h('h2', t('chart.urgency')), urgencyBox),
      h('div.panel.wide', h('h2', t('chart.section')), sectionBox),
      h('div.panel.wide', h('h2', t('deadlines.title')), deadlines))));
  const charts = [new Chart(statusBox), new Chart(urgencyBox), new Chart(sectionBox)];

  function kpi(id, label, value, note, tone) {
    return h('div.kpi' + (tone ? '.' + tone : ''), {id},
      h('div.label', label), h('div.value', value), note ? h('div.note', note) : null);
  }

  function update() {
    const summary = model.summary;
    if (!summary) {   // a past day before the plan was registered: nothing to draw
      rendered();
      return;
    }
    const totals = summary.totals;
    const verified = totals.byStatus.VERIFIED || 0;
    replace(kpis,
      kpi('kpi-total', t('kpi.total'), totals.total),
      kpi('kpi-verified', t('kpi.verified'), verified, `${t('kpi.share')} ${percent(verified, totals.total)}%`, 'good'),
      kpi('kpi-overdue', t('kpi.overdue'), totals.overdue, null, totals.overdue ? 'bad' : null),
      kpi('kpi-escalated', t('kpi.escalated'), totals.escalated, null, totals.escalated ? 'warn' : null),
      kpi('kpi-mean', t('kpi.mean'), `${Math.round(totals.meanCompletion * 10) / 10}%`));
    replace(strip, URGENCIES.map(u => urgencyBadge(u, totals.byUrgency[u] || 0, true)));
    charts[0].set(statusOption(totals));
    charts[1].set(urgencyOption(totals));
    charts[2].set(sectionOption(summary.bySection));
    const day = model.day || today(config.zone);
    const next = nextDeadlines(model.list(), 8, day);
    replace(deadlines, next.length === 0 ? h('p.empty', t('deadlines.none')) : h('ol.deadline-list', next.map(d =>
      h('li', h('a', {href: '#/measure/' + encodeURIComponent(d.row.measureId)},
        h('span.no', d.row.number + '.'), h('span.title', d.row.title)),
        h('span.meta', urgencyBadge(d.row.urgency), statusBadge(d.row.status),
          h('span.due', dueText(d.date, day, false)), h('span.units', d.row.leadUnits.join('、')))))));
    rendered();
  }

  update();
  return {update, dispose: () => charts.forEach(c => c.dispose())};
}
