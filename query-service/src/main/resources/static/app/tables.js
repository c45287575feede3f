// Lead units (责任单位) and responsible leaders (责任领导): sortable, overdue first.
import {h, replace} from './dom.js';
import {t, URGENCIES} from './i18n.js';
import {sortableTable, urgencyBadge, progressBar} from './widgets.js';

const DEFAULT_SORT = {key: 'overdue', desc: true};

export function dashboardTable(kind) {
  return (container, {model, rendered}) => {
    let sort = DEFAULT_SORT;
    const holder = h('div.table-holder');
    const nameLabel = kind === 'units' ? t('col.unit') : t('col.leader');
    replace(container, h('section.panel.full', h('h2', {id: kind + '-title'},
      kind === 'units' ? t('tab.units') : t('tab.leaders'), h('span.count', {id: kind + '-count'})), holder));

    const value = (row, key) => key === 'name' ? row.name : key === 'verified' ? (row.byStatus.VERIFIED || 0)
      : key === 'mean' ? row.meanCompletion : row[key];

    function sorted(rows) {
      return [...rows].sort((a, b) => {
        const x = value(a, sort.key), y = value(b, sort.key);
        const order = typeof x === 'string' ? x.localeCompare(y, 'zh-CN') : x - y;
        // ties: overdue first, then by name
        return (sort.desc ? -order : order) || (b.overdue - a.overdue) || a.name.localeCompare(b.name, 'zh-CN');
      });
    }

    function update() {
      const rows = kind === 'units' ? model.units : model.leaders;
      replace(container.querySelector('#' + kind + '-count'), ` ${rows.length}`);
      const filter = kind === 'units' ? 'unit' : 'leader';
      replace(holder, sortableTable({
        className: 'dashboard', sort, onSort: next => { sort = next; update(); },
        rows: sorted(rows),
        rowAttrs: row => ({class: row.overdue ? 'has-overdue' : undefined, 'data-name': row.name}),
        columns: [
          {key: 'name', label: nameLabel, sort: true, num: false,
           cell: row => h('a', {href: `#/measures?${filter}=${encodeURIComponent(row.name)}`}, row.name)},
          {key: 'total', label: t('col.measures'), sort: true, num: true, cell: row => row.total},
          {key: 'verified', label: t('col.verified'), sort: true, num: true, cell: row => value(row, 'verified')},
          {key: 'overdue', label: t('col.overdue'), sort: true, num: true,
           cell: row => row.overdue ? h('strong.bad', row.overdue) : row.overdue},
          {key: 'escalated', label: t('col.escalated'), sort: true, num: true, cell: row => row.escalated},
          // the office's chain so far: reminders (提醒), urgings (催办), escalations (督办), in all
          {key: 'reminders', label: t('col.reminders'), sort: true, num: true, cell: row => row.reminders ?? 0},
          {key: 'urgings', label: t('col.urgings'), sort: true, num: true, cell: row => row.urgings ?? 0},
          {key: 'escalations', label: t('col.escalations'), sort: true, num: true, cell: row => row.escalations ?? 0},
          {key: 'mean', label: t('col.mean'), sort: true, num: true,
           cell: row => progressBar(Math.round(row.meanCompletion))},
          {key: 'urgency', label: t('col.urgency'), cell: row => h('span.badges',
            URGENCIES.filter(u => u !== 'NONE' && row.byUrgency[u]).map(u => urgencyBadge(u, row.byUrgency[u])))},
        ],
      }));
      rendered();
    }

    update();
    return {update, dispose() {}};
  };
}
