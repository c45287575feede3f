// One measure: its fields, its plan's milestones and, for the supervision office and the auditors
// (the roles that may read a measure's history), its timeline: who, when, what, with the actor's unit.
import {h, replace} from './dom.js';
import {t, word, dateTime} from './i18n.js';
import {today} from './model.js';
import {urgencyBadge, statusBadge, progressBar, dueText} from './widgets.js';

const HISTORY_ROLES = ['SUPERVISOR', 'AUDITOR'];

export function detail(container, {model, api, config, role, measureId, onError, rendered}) {
  const head = h('div.detail-head');
  const fields = h('dl.fields', {id: 'measure-fields'});
  const milestones = h('div', {id: 'milestones'});
  const timeline = h('div', {id: 'timeline'});
  const auditor = role === 'AUDITOR';
  let mayReadHistory = HISTORY_ROLES.includes(role);
  replace(container, h('section.detail',
    h('a.back', {href: '#/measures'}, t('detail.back')), head,
    h('div.panels',
      h('div.panel', h('h2', t('detail.fields')), fields),
      h('div.panel', h('h2', t('detail.milestones')), milestones),
      h('div.panel.wide', h('h2', auditor ? t('detail.timelineAuditor') : t('detail.timeline')), timeline))));
  let historyVersion = -1;   // the version whose timeline is asked for
  let shownVersion = -1;     // the version whose timeline is shown

  function field(label, ...value) {
    return [h('dt', label), h('dd', ...value)];
  }

  function render(row) {
    delete container.dataset.rendered;   // until the timeline too is written
    if (!row) {
      replace(head, h('p.empty', t('detail.unknown')));
      rendered();
      return;
    }
    const day = model.day || today(config.zone);
    replace(head, h('h2.measure-title', {id: 'measure-title'}, h('span.no', row.number + '.'), row.title),
      h('div.meta', urgencyBadge(row.urgency), statusBadge(row.status), progressBar(row.percentComplete)));
    replace(fields,
      field(t('detail.section'), `${row.section} ${row.sectionTitle || ''}`),
      field(t('col.unit'), row.leadUnits.join('、')),
      field(t('col.leader'), row.leaders.join('、')),
      field(t('col.status'), statusBadge(row.status)),
      field(t('col.urgency'), urgencyBadge(row.urgency)),
      field(t('col.progress'), `${row.percentComplete}%`),
      field(t('col.due'), dueText(row.dueDate, day, row.status === 'VERIFIED')),
      field(t('col.level'), t('level', row.escalationLevel)),
      field(t('detail.chain'), t('chain', row.reminders ?? 0, row.urgings ?? 0, row.escalations ?? 0)),
      field(t('detail.assignedOn'), row.assignedOn || ''),
      field(t('detail.recurrence'), row.recurrence ? word('recurrence', row.recurrence) : t('detail.none')),
      field(t('detail.lastChanged'), dateTime(row.lastChangedAt, config.zone)));
    replace(milestones, row.milestones.length === 0 ? h('p.empty', t('detail.noMilestones')) :
      h('ol.milestones', row.milestones.map(m => {
        const met = row.milestonesMet.includes(m.title);
        return h('li' + (met ? '.met' : ''), h('span.state', met ? '✔ ' + t('detail.met') : '○ ' + t('detail.open')),
          h('span.title', m.title), h('span.due', met ? m.dueDate : dueText(m.dueDate, day, false)));
      })));
    if (!mayReadHistory) {
      replace(timeline, h('p.empty', t('detail.noTimeline')));
      rendered();
    } else if (row.version !== historyVersion) {
      historyVersion = row.version;
      const asked = row.version;
      api.history(row.measureId).then(history => {
        if (asked !== historyVersion) return;   // a newer version is being asked for
        shownVersion = asked;
        renderTimeline(history);
        rendered();
      }).catch(e => {
        if (e.status !== 403) return onError(e);
        mayReadHistory = false;   // this token's role may read the ledger, not the history
        replace(timeline, h('p.empty', t('detail.noTimeline')));
        rendered();
      });
    } else if (shownVersion === historyVersion) {
      rendered();
    }
  }

  function what(entry) {
    const p = entry.payload || {};
    switch (entry.type) {
      case 'ProgressReported': return [`${p.percentComplete}%`, p.milestone, p.summary].filter(Boolean).join(' · ');
      case 'ImplementationPlanSubmitted': return [p.summary, ...(p.milestones || []).map(m => `${m.title}（${m.dueDate}）`)]
        .filter(Boolean).join(' · ');
      case 'MeasureEscalated': return [t('level', p.level), word('reason', p.reason), p.notes].filter(Boolean).join(' · ');
      case 'EscalationResolved': return [t('level', p.resolvedLevel), p.notes].filter(Boolean).join(' · ');
      case 'DueDateExtended': return `${p.previousDueDate} → ${p.newDueDate}` + (p.reason ? ' · ' + p.reason : '');
      case 'MilestoneMissed': return `${p.milestone}（${p.dueDate}）`;
      case 'MeasureReminded': return [word('obligation', p.obligation), p.item, p.dueDate, t('lead', p.leadDays)]
        .filter(Boolean).join(' · ');
      case 'MeasureUrged': return [word('obligation', p.obligation), p.item,
        p.obligation === 'REPORT_AFTER_REJECTION' ? t('expected', p.dueDate) : p.dueDate].filter(Boolean).join(' · ');
      case 'ReportPeriodMissed': return [p.period, p.periodEnd, t('missed', p.reported, p.required)].join(' · ');
      case 'MeasureVerified': return p.notes || '';
      case 'VerificationRejected': return p.reasons || '';
      case 'MeasureAssigned': return [p.dueDate, (p.leadUnits || []).join('、')].filter(Boolean).join(' · ');
      default: return '';
    }
  }

  /** Who: the actor, their role and, for a lead unit, the unit (the ledger itself is just "system"). */
  function actor(who) {
    if (!who) return '';
    if (who.role === 'SYSTEM' || who.id === 'system') return t('actor.system');
    return [who.id, word('role', who.role), who.unit].filter(Boolean).join(' · ');
  }

  function renderTimeline(history) {
    replace(timeline, h('ol.timeline', history.events.slice().reverse().map(entry => h('li', {'data-sequence': entry.sequence},
      h('time', {datetime: entry.occurredAt}, dateTime(entry.occurredAt, config.zone)),
      h('span.event', word('event', entry.type)),
      h('span.actor', {'data-actor': entry.actor?.id}, actor(entry.actor)),
      h('span.what', what(entry))))));
  }

  let asking = false;   // a measure of another plan, or none: asked for by its id

  function update() {
    const row = model.measures.get(measureId);
    if (row || !asking) render(row);
  }

  if (!model.measures.has(measureId)) {
    asking = true;
    replace(head, h('p.loading', t('loading')));
    api.measure(measureId).then(row => { asking = false; model.upsert(row); render(row); })
      .catch(e => { asking = false; return e.status === 404 ? render(null) : onError(e); });
  }
  update();
  return {update, dispose() {}};
}
