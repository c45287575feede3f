// The query API, with the bearer token. A 401 means the token is gone or expired.

export class SignedOut extends Error {
}

export function api(token) {
  async function get(path) {
    const response = await fetch(path, {
      headers: {'Authorization': 'Bearer ' + token(), 'Accept': 'application/json'}, cache: 'no-store',
    });
    if (response.status === 401) throw new SignedOut('401');
    if (!response.ok) {
      let detail = String(response.status);
      try {
        detail = (await response.json()).detail || detail;
      } catch (e) { /* not problem+json */ }
      const error = new Error(detail);
      error.status = response.status;
      throw error;
    }
    return response.json();
  }

  const plan = planId => 'planId=' + encodeURIComponent(planId);
  return {
    summary: planId => get('/api/v1/dashboard/summary?' + plan(planId)),
    units: planId => get('/api/v1/dashboard/units?' + plan(planId)),
    leaders: planId => get('/api/v1/dashboard/leaders?' + plan(planId)),
    measure: id => get('/api/v1/measures/' + encodeURIComponent(id)),
    history: id => get('/api/v1/measures/' + encodeURIComponent(id) + '/history'),
    /** The plan as it stood at the end of a day (YYYY-MM-DD) in the ledger's zone, rebuilt from its events. */
    statusAsOf: (planId, day) => get('/api/v1/plans/' + encodeURIComponent(planId) + '/status?asOf='
                                     + encodeURIComponent(day)),
    /** Every measure of the plan, page by page (a plan holds tens of measures, hundreds at most). */
    async measures(planId) {
      const items = [];
      for (let page = 0; ; page++) {
        const answer = await get(`/api/v1/measures?${plan(planId)}&size=200&page=${page}&sort=section,number`);
        items.push(...answer.items);
        if (page + 1 >= answer.totalPages || page >= 49) return items;
      }
    },
  };
}
