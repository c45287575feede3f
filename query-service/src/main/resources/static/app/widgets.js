// Small pieces shared by the views.
import {h} from './dom.js';
import {t, word, language} from './i18n.js';
import {daysBetween} from './model.js';

/** Urgency as a coloured badge that also says it in words. */
export function urgencyBadge(urgency, count, long) {
  const label = long || count === undefined ? word('urgency', urgency) : word('urgencyShort', urgency);
  return h('span.badge.u-' + (urgency || 'NONE').toLowerCase(), {'data-urgency': urgency},
    count === undefined ? label : `${label} ${count}`);
}

export function statusBadge(status) {
  return h('span.status.s-' + (status || '').toLowerCase().replace('_', '-'), word('status', status));
}

export function progressBar(percent) {
  const fill = h('span.fill');
  fill.style.width = Math.max(0, Math.min(100, percent)) + '%';   // CSSOM, allowed by the policy
  return h('span.progress', {title: percent + '%'}, h('span.track', fill), h('span.pct', percent + '%'));
}

export function dueText(date, today, verified) {
  if (!date) return '';
  if (verified) return date;
  const days = daysBetween(today, date);
  const note = days < 0 ? t('days.overdue', -days) : days === 0 ? t('days.today') : t('days.left', days);
  return language() === 'zh' ? `${date}（${note}）` : `${date} (${note})`;
}

export function percent(part, whole) {
  return whole ? Math.round((part / whole) * 1000) / 10 : 0;
}

/** A table whose columns sort by a click on their header (and Enter/Space on it). */
export function sortableTable({columns, rows, sort, onSort, rowAttrs, className}) {
  const head = h('tr', columns.map(column => {
    const active = sort && sort.key === column.key;
    const th = h('th' + (column.num ? '.num' : ''), {
      scope: 'col', tabindex: column.sort ? '0' : undefined,
      'aria-sort': active ? (sort.desc ? 'descending' : 'ascending') : undefined,
      class: column.sort ? 'sortable' : undefined, 'data-key': column.key,
    }, column.label, active ? (sort.desc ? ' ▼' : ' ▲') : '');
    if (column.sort) {
      const choose = () => onSort({key: column.key, desc: active ? !sort.desc : column.num !== false && !!column.num});
      th.addEventListener('click', choose);
      th.addEventListener('keydown', e => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); choose(); } });
    }
    return th;
  }));
  const body = h('tbody', rows.map(row => h('tr', rowAttrs ? rowAttrs(row) : {},
    columns.map(column => h('td' + (column.num ? '.num' : ''), {'data-col': column.key}, column.cell(row))))));
  return h('table.grid' + (className ? '.' + className : ''), h('thead', head), body);
}
