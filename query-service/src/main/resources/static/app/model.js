// What the page shows, and how a change from the stream is applied to it.

export class Model {
  constructor(planId) {
    this.planId = planId;
    this.summary = null;
    this.units = [];
    this.leaders = [];
    this.measures = new Map();
    this.day = null;        // a past day the page shows (the date picker), null when live
    this.missing = false;   // the plan is not on the ledger (the API answered 404)
    this.listeners = new Set();
  }

  onChange(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  changed(what) {
    for (const listener of this.listeners) listener(what);
  }

  /**
   * A measure row, from the REST views or the stream: kept unless a newer version is held. Returns
   * whether it changed what is shown (the same version can still move, its urgency with the day).
   */
  upsert(row) {
    if (!row || row.planId !== this.planId) return false;
    const held = this.measures.get(row.measureId);
    if (held && (held.version > row.version || same(held, row))) return false;
    this.measures.set(row.measureId, row);
    return true;
  }

  /** The REST views, read again: returns whether anything differs from what is held. */
  replaceViews(summary, units, leaders, rows) {
    let changed = !same(this.summary, summary) || !same(this.units, units) || !same(this.leaders, leaders);
    this.summary = summary;
    this.units = units;
    this.leaders = leaders;
    for (const row of rows) changed = this.upsert(row) || changed;
    return changed;
  }

  /** The plan as it stood on a past day: every row, the counts and the tables replaced. */
  showAsOf(status) {
    this.day = status.day;
    this.summary = status.summary;
    this.units = status.units;
    this.leaders = status.leaders;
    this.measures = new Map(status.measures.map(row => [row.measureId, row]));
  }

  /** Back to the live views: emptied, to be read again. */
  showLive() {
    this.day = null;
    this.measures = new Map();
  }

  /** Rows in plan order. */
  list() {
    return [...this.measures.values()].sort((a, b) => a.section - b.section || a.number - b.number);
  }
}

function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Today's date (YYYY-MM-DD) in the ledger's zone, which decides what is overdue. */
export function today(zone) {
  return new Intl.DateTimeFormat('en-CA', {timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit'})
    .format(new Date());
}

export function daysBetween(from, to) {
  return Math.round((Date.parse(to + 'T00:00:00Z') - Date.parse(from + 'T00:00:00Z')) / 86400000);
}

/**
 * Open measures by their next date (the next milestone of the plan or the due date): those still
 * ahead first, soonest first, then those already past, longest overdue first.
 */
export function nextDeadlines(rows, limit, day) {
  return rows.filter(r => r.status !== 'VERIFIED')
    .map(r => ({row: r, date: [r.nextMilestoneDue, r.dueDate].filter(Boolean).sort()[0]}))
    .filter(d => d.date)
    .sort((a, b) => (a.date < day) - (b.date < day) || a.date.localeCompare(b.date) || a.row.number - b.row.number)
    .slice(0, limit);
}
