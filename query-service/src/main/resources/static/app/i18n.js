// zh-CN by default; English as a switch, kept in localStorage.

const KEY = 'ledger.lang';

const zh = {
  'app.title': '督查督办台账',
  'tab.overview': '总览', 'tab.units': '责任单位', 'tab.leaders': '责任领导', 'tab.measures': '措施清单',
  'lang.switch': 'English', 'wall.on': '大屏模式', 'wall.off': '退出大屏', 'signout': '退出登录',
  'conn.connected': '实时连接', 'conn.connecting': '正在连接…', 'conn.reconnecting': '连接中断，正在重连…',
  'conn.signedout': '未登录', 'conn.refused': '无实时更新',
  'plan.missing': id => `方案“${id}”不存在。`,
  'plan.missingHint': '台账中没有这个方案编号。请核对链接中的 plan 参数（例如 ?plan=gd-2016），或向督查室索取正确的链接。',
  'plan.empty': id => `方案“${id}”下还没有措施。`,
  'plan.emptyHint': '尚未导入或交办任何措施；交办后这里会自动显示。',
  'plan.default': id => `打开默认方案 ${id}`,
  'signin.title': '登录', 'signin.oidc': '通过统一身份认证登录', 'signin.paste': '或粘贴访问令牌（JWT）',
  'signin.submit': '登录', 'signin.token': '访问令牌', 'signin.expired': '登录已失效，请重新登录。',
  'signin.failed': '登录失败：', 'signin.forbidden': '该令牌的角色无权查看台账，请换一个令牌登录。', 'signin.hint': '运行 ./ledger start 后打开它打印的链接即可登录。',
  'kpi.total': '措施总数', 'kpi.verified': '已销号', 'kpi.overdue': '逾期未销号', 'kpi.escalated': '督办中',
  'kpi.mean': '平均进度', 'kpi.share': '销号率',
  'chart.status': '按状态', 'chart.urgency': '按紧急程度', 'chart.section': '按部分',
  'deadlines.title': '临近期限', 'deadlines.none': '没有未销号的措施。',
  'col.unit': '责任单位', 'col.leader': '责任领导', 'col.measures': '措施', 'col.verified': '已销号',
  'col.overdue': '逾期', 'col.escalated': '督办中', 'col.mean': '平均进度', 'col.urgency': '紧急程度',
  'col.number': '序号', 'col.title': '措施', 'col.status': '状态', 'col.progress': '进度', 'col.due': '完成时限',
  'col.level': '督办级别', 'col.next': '下一节点',
  'col.reminders': '提醒次数', 'col.urgings': '催办次数', 'col.escalations': '督办次数',
  'detail.chain': '提醒 / 催办 / 督办', 'chain': (r, u, e) => `${r} 次 / ${u} 次 / ${e} 次`,
  'lead': n => `提前 ${n} 天`, 'expected': d => `应于 ${d} 前报送`,
  'missed': (n, of) => `报送 ${n} 次 / 应报 ${of} 次`,
  'filter.search': '搜索措施、单位、领导…', 'filter.unit': '全部责任单位', 'filter.leader': '全部责任领导',
  'filter.status': '全部状态', 'filter.urgency': '全部紧急程度', 'filter.clear': '清除筛选',
  'list.count': (n, all) => `共 ${n} 项` + (n !== all ? `（全部 ${all} 项）` : ''), 'list.empty': '没有符合条件的措施。',
  'detail.back': '← 返回清单', 'detail.fields': '基本信息', 'detail.milestones': '实施方案节点',
  'detail.noMilestones': '尚未提交实施方案节点。', 'detail.timeline': '办理记录',
  'detail.timelineAuditor': '办理记录（审计）', 'detail.noTimeline': '办理记录仅供督查室和审计角色查看。',
  'detail.section': '所属部分', 'detail.assignedOn': '交办日期', 'detail.recurrence': '报送周期',
  'detail.lastChanged': '最近变更', 'detail.met': '已完成', 'detail.open': '未完成',
  'detail.unknown': '找不到该措施。', 'detail.none': '无',
  'loading': '正在加载…', 'error.load': '加载失败：', 'days.overdue': n => `逾期 ${n} 天`, 'days.left': n => `剩 ${n} 天`,
  'days.today': '今天到期', 'level': n => n > 0 ? `${n} 级` : '—', 'updated': '已更新',
  'actor.system': '系统',
  'asof.label': '查看日期', 'asof.live': '回到实时',
  'asof.banner': day => `正在查看 ${day} 日终的台账（依据当日及以前的办理记录重建），实时更新已暂停。`,
  'asof.none': day => `${day} 时该方案尚未登记。`,
};

const en = {
  'app.title': 'Supervision ledger',
  'tab.overview': 'Overview', 'tab.units': 'Lead units', 'tab.leaders': 'Leaders', 'tab.measures': 'Measures',
  'lang.switch': '中文', 'wall.on': 'Wall mode', 'wall.off': 'Leave wall mode', 'signout': 'Sign out',
  'conn.connected': 'Live', 'conn.connecting': 'Connecting…', 'conn.reconnecting': 'Connection lost, reconnecting…',
  'conn.signedout': 'Signed out', 'conn.refused': 'No live updates',
  'plan.missing': id => `There is no plan "${id}".`,
  'plan.missingHint': 'The ledger holds no plan with this id. Check the plan parameter of the link (for example ?plan=gd-2016), or ask the supervision office for the right link.',
  'plan.empty': id => `The plan "${id}" has no measures yet.`,
  'plan.emptyHint': 'No measure has been imported or assigned yet; they show here as soon as they are.',
  'plan.default': id => `Open the default plan, ${id}`,
  'signin.title': 'Sign in', 'signin.oidc': 'Sign in with the identity provider', 'signin.paste': 'or paste an access token (JWT)',
  'signin.submit': 'Sign in', 'signin.token': 'Access token', 'signin.expired': 'Your sign-in has expired; please sign in again.',
  'signin.failed': 'Sign-in failed: ', 'signin.forbidden': "This token's role may not read the ledger; sign in with another.", 'signin.hint': 'After ./ledger start, open the link it prints.',
  'kpi.total': 'Measures', 'kpi.verified': 'Verified', 'kpi.overdue': 'Overdue', 'kpi.escalated': 'Escalated',
  'kpi.mean': 'Mean progress', 'kpi.share': 'verified',
  'chart.status': 'By status', 'chart.urgency': 'By urgency', 'chart.section': 'By section',
  'deadlines.title': 'Next deadlines', 'deadlines.none': 'No open measures.',
  'col.unit': 'Lead unit', 'col.leader': 'Leader', 'col.measures': 'Measures', 'col.verified': 'Verified',
  'col.overdue': 'Overdue', 'col.escalated': 'Escalated', 'col.mean': 'Mean progress', 'col.urgency': 'Urgency',
  'col.number': 'No.', 'col.title': 'Measure', 'col.status': 'Status', 'col.progress': 'Progress', 'col.due': 'Due',
  'col.level': 'Escalation', 'col.next': 'Next milestone',
  'col.reminders': 'Reminded', 'col.urgings': 'Urged', 'col.escalations': 'Escalations',
  'detail.chain': 'Reminded / urged / escalated', 'chain': (r, u, e) => `${r} / ${u} / ${e} times`,
  'lead': n => `${n} days before`, 'expected': d => `expected by ${d}`,
  'missed': (n, of) => `${n} of ${of} reports`,
  'filter.search': 'Search measures, units, leaders…', 'filter.unit': 'All lead units', 'filter.leader': 'All leaders',
  'filter.status': 'All statuses', 'filter.urgency': 'All urgencies', 'filter.clear': 'Clear filters',
  'list.count': (n, all) => `${n} measures` + (n !== all ? ` (of ${all})` : ''), 'list.empty': 'No measure matches.',
  'detail.back': '← Back to the list', 'detail.fields': 'Details', 'detail.milestones': 'Milestones of the plan',
  'detail.noMilestones': 'No implementation plan milestones yet.', 'detail.timeline': 'Timeline',
  'detail.timelineAuditor': 'Timeline (audit)', 'detail.noTimeline': 'Only the supervision office and the auditors may read the timeline.',
  'detail.section': 'Section', 'detail.assignedOn': 'Assigned on', 'detail.recurrence': 'Reporting',
  'detail.lastChanged': 'Last changed', 'detail.met': 'met', 'detail.open': 'open',
  'detail.unknown': 'No such measure.', 'detail.none': 'none',
  'loading': 'Loading…', 'error.load': 'Could not load: ', 'days.overdue': n => `${n} days overdue`,
  'days.left': n => `${n} days left`, 'days.today': 'due today', 'level': n => n > 0 ? `level ${n}` : '—',
  'updated': 'updated', 'actor.system': 'system',
  'asof.label': 'As of', 'asof.live': 'Back to live',
  'asof.banner': day => `Showing the ledger as it stood at the end of ${day} (rebuilt from the records up to that day); live updates are paused.`,
  'asof.none': day => `The plan was not on the ledger on ${day}.`,
};

const words = {
  zh: {
    status: {ASSIGNED: '已交办', PLAN_SUBMITTED: '已报方案', IN_PROGRESS: '推进中', VERIFIED: '已销号'},
    // the colour's name and what it means, so that urgency never rests on colour alone
    urgency: {RED: '红 · 逾期', YELLOW: '黄 · 滞后', BLUE: '蓝 · 临期', NONE: '正常'},
    urgencyShort: {RED: '逾期', YELLOW: '滞后', BLUE: '临期', NONE: '正常'},
    recurrence: {MONTHLY: '每月', QUARTERLY: '每季度', SEMIANNUAL: '每半年', ANNUAL: '每年', TIMES_PER_YEAR: '每年不少于N次'},
    obligation: {DUE_DATE: '完成时限', MILESTONE: '方案节点', PERIODIC_REPORT: '定期报送',
                 REPORT_AFTER_REJECTION: '核验未通过后重新报送'},
    role: {SUPERVISOR: '督查室', UNIT: '责任单位', AUDITOR: '审计', READER: '查阅', ADMIN: '管理员', SYSTEM: '系统'},
    event: {
      MeasureAssigned: '交办', ImplementationPlanSubmitted: '报送实施方案', ProgressReported: '报送进展',
      MeasureVerified: '核验销号', VerificationRejected: '核验未通过', MeasureEscalated: '督办升级',
      EscalationResolved: '督办解除', DueDateExtended: '延长时限', MilestoneMissed: '节点逾期',
      MeasureReminded: '提醒', MeasureUrged: '催办', ReportPeriodMissed: '未按期报送',
    },
    reason: {OVERDUE: '逾期', MISSED_REPORT: '未按期报送', FAILED_VERIFICATION: '核验未通过', MANUAL: '人工督办'},
  },
  en: {
    status: {ASSIGNED: 'Assigned', PLAN_SUBMITTED: 'Plan submitted', IN_PROGRESS: 'In progress', VERIFIED: 'Verified'},
    urgency: {RED: 'Red · overdue', YELLOW: 'Yellow · behind', BLUE: 'Blue · due soon', NONE: 'On track'},
    urgencyShort: {RED: 'Overdue', YELLOW: 'Behind', BLUE: 'Due soon', NONE: 'On track'},
    recurrence: {MONTHLY: 'monthly', QUARTERLY: 'quarterly', SEMIANNUAL: 'every half year', ANNUAL: 'yearly',
                 TIMES_PER_YEAR: 'at least N times a year'},
    obligation: {DUE_DATE: 'due date', MILESTONE: 'milestone', PERIODIC_REPORT: 'periodic report',
                 REPORT_AFTER_REJECTION: 'new report after a rejection'},
    role: {SUPERVISOR: 'supervision office', UNIT: 'lead unit', AUDITOR: 'auditor', READER: 'reader', ADMIN: 'admin',
           SYSTEM: 'system'},
    event: {
      MeasureAssigned: 'Assigned', ImplementationPlanSubmitted: 'Plan submitted', ProgressReported: 'Progress reported',
      MeasureVerified: 'Verified', VerificationRejected: 'Verification rejected', MeasureEscalated: 'Escalated',
      EscalationResolved: 'Escalation resolved', DueDateExtended: 'Due date extended', MilestoneMissed: 'Milestone missed',
      MeasureReminded: 'Reminded', MeasureUrged: 'Urged', ReportPeriodMissed: 'Report period missed',
    },
    reason: {OVERDUE: 'overdue', MISSED_REPORT: 'missed report', FAILED_VERIFICATION: 'failed verification',
             MANUAL: 'by hand'},
  },
};

let lang = localStorage.getItem(KEY) === 'en' ? 'en' : 'zh';

export function language() {
  return lang;
}

export function setLanguage(next) {
  lang = next === 'en' ? 'en' : 'zh';
  localStorage.setItem(KEY, lang);
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
}

/** The text of a key; a function entry is called with the arguments. */
export function t(key, ...args) {
  const entry = (lang === 'zh' ? zh : en)[key] ?? zh[key] ?? key;
  return typeof entry === 'function' ? entry(...args) : entry;
}

/** A word of a kind (status, urgency, event, …), the raw value when unknown. */
export function word(kind, value) {
  return words[lang][kind]?.[value] ?? value ?? '';
}

export const STATUSES = ['ASSIGNED', 'PLAN_SUBMITTED', 'IN_PROGRESS', 'VERIFIED'];
export const URGENCIES = ['RED', 'YELLOW', 'BLUE', 'NONE'];

/**
 * One format for every reader, whatever the language: dates 2026-12-08, times 2026-12-08 05:12:49,
 * both as the ledger's zone reads them.
 */
export function dateTime(instant, zone) {
  if (!instant) return '';
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', {
    timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
    second: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date(instant)).map(part => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}
