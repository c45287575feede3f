// The measures list: filters (lead unit, leader, status, urgency) and a text search, kept in the
// address (#/measures?unit=…) so that a filtered list can be linked to.
import {h, replace} from './dom.js';
import {t, word, STATUSES, URGENCIES} from './i18n.js';
import {today} from './model.js';
import {sortableTable, urgencyBadge, statusBadge, progressBar, dueText} from './widgets.js';

const FILTERS = ['unit', 'leader', 'status', 'urgency', 'q'];

export function measures(container, {model, config, params, setParams, rendered}) {
  const filters = Object.fromEntries(FILTERS.map(k => [k, params.get(k) || '']));
  let sort = {key: 'number', desc: false};

  const search = h('input.search', {type: 'search', id: 'filter-q', placeholder: t('filter.search'),
    'aria-label': t('filter.search'), value: filters.q});
  const selects = {
    unit: h('select', {id: 'filter-unit', 'aria-label': t('col.unit')}),
    leader: h('select', {id: 'filter-leader', 'aria-label': t('col.leader')}),
    status: h('select', {id: 'filter-status', 'aria-label': t('col.status')}),
    urgency: h('select', {id: 'filter-urgency', 'aria-label': t('col.urgency')}),
  };
  const clearButton = h('button.link', {type: 'button', id: 'filter-clear'}, t('filter.clear'));
  const count = h('span.count', {id: 'measure-count'});
  const holder = h('div.table-holder');
  replace(container, h('section.panel.full',
    h('div.filters', search, selects.unit, selects.leader, selects.status, selects.urgency, clearButton, count),
    holder));

  function options(select, all, values, label) {
    const current = filters[select.id.slice('filter-'.length)];
    const list = ['', ...(current && !values.includes(current) ? [current, ...values] : values)];
    const text = v => v === '' ? all : label ? label(v) : v;
    const held = [...select.options];
    // the same choices are kept as they are: rebuilding them would close a list the user has open
    if (held.length !== list.length || held.some((o, i) => o.value !== list[i] || o.text !== text(list[i]))) {
      replace(select, list.map(v => h('option', {value: v}, text(v))));
    }
    select.value = current;
  }

  function fillOptions() {
    options(selects.unit, t('filter.unit'), model.units.map(r => r.name).sort((a, b) => a.localeCompare(b, 'zh-CN')));
    options(selects.leader, t('filter.leader'), model.leaders.map(r => r.name).sort((a, b) => a.localeCompare(b, 'zh-CN')));
    options(selects.status, t('filter.status'), STATUSES, s => word('status', s));
    options(selects.urgency, t('filter.urgency'), URGENCIES, u => word('urgency', u));
  }

  const changed = () => {
    setParams(Object.fromEntries(FILTERS.filter(k => filters[k]).map(k => [k, filters[k]])));
    renderRows();
  };
  search.addEventListener('input', () => { filters.q = search.value.trim(); changed(); });
  for (const [key, select] of Object.entries(selects)) {
    select.addEventListener('change', () => { filters[key] = select.value; changed(); });
  }
  clearButton.addEventListener('click', () => {
    FILTERS.forEach(k => { filters[k] = ''; });
    search.value = '';
    fillOptions();
    changed();
  });

  function matches(row) {
    if (filters.unit && !row.leadUnits.includes(filters.unit)) return false;
    if (filters.leader && !row.leaders.includes(filters.leader)) return false;
    if (filters.status && row.status !== filters.status) return false;
    if (filters.urgency && row.urgency !== filters.urgency) return false;
    if (filters.q) {
      const text = [row.number, row.title, row.sectionTitle, ...row.leadUnits, ...row.leaders].join(' ').toLowerCase();
      return filters.q.toLowerCase().split(/\s+/).every(word => text.includes(word));
    }
    return true;
  }

  const value = (row, key) => key === 'due' ? row.dueDate : key === 'progress' ? row.percentComplete
    : key === 'level' ? row.escalationLevel : key === 'urgency' ? URGENCIES.indexOf(row.urgency) : row[key];

  function renderRows() {
    const all = model.list();
    const rows = all.filter(matches).sort((a, b) => {
      const x = value(a, sort.key), y = value(b, sort.key);
      const order = typeof x === 'string' ? String(x).localeCompare(String(y), 'zh-CN') : x - y;
      return (sort.desc ? -order : order) || a.number - b.number;
    });
    replace(count, t('list.count', rows.length, all.length));
    count.dataset.shown = rows.length;
    const day = model.day || today(config.zone);
    replace(holder, rows.length === 0 ? h('p.empty', t('list.empty')) : sortableTable({
      className: 'measures', sort, onSort: next => { sort = next; renderRows(); }, rows,
      rowAttrs: row => ({'data-measure': row.measureId, 'data-version': row.version}),
      columns: [
        {key: 'number', label: t('col.number'), sort: true, num: false, cell: row => row.number},
        {key: 'title', label: t('col.title'), cell: row => h('a.title', {href: '#/measure/' + encodeURIComponent(row.measureId)},
          row.title)},
        {key: 'units', label: t('col.unit'), cell: row => row.leadUnits.join('、')},
        {key: 'leaders', label: t('col.leader'), cell: row => row.leaders.join('、')},
        {key: 'status', label: t('col.status'), cell: row => statusBadge(row.status)},
        {key: 'urgency', label: t('col.urgency'), sort: true, num: false, cell: row => urgencyBadge(row.urgency)},
        {key: 'progress', label: t('col.progress'), sort: true, num: true, cell: row => progressBar(row.percentComplete)},
        {key: 'due', label: t('col.due'), sort: true, num: false,
         cell: row => dueText(row.dueDate, day, row.status === 'VERIFIED')},
        {key: 'level', label: t('col.level'), sort: true, num: true, cell: row => t('level', row.escalationLevel)},
      ],
    }));
    rendered();
  }

  function update(what) {
    if (what !== 'measure') fillOptions();
    renderRows();
  }

  fillOptions();
  renderRows();
  return {update, dispose() {}};
}
