// Server-Sent Events over fetch(): EventSource cannot send an Authorization header, and the token
// must never go into a URL. SseParser follows the WHATWG parsing rules (event, id, data over several
// lines, comments, CR/LF/CRLF line ends, chunks cut anywhere); openStream reconnects with backoff
// and sends Last-Event-ID.

export class SseParser {
  constructor() {
    this.pending = '';
    this.lastEventId = '';
    this.resetEvent();
  }

  resetEvent() {
    this.type = '';
    this.data = [];
    this.hasData = false;
  }

  /** Feeds decoded text; returns what it completed: {type, data, id} events and {comment} lines. */
  push(text) {
    const out = [];
    let buffer = this.pending + text;
    let start = 0;
    for (let i = 0; i < buffer.length; i++) {
      const c = buffer[i];
      if (c !== '\n' && c !== '\r') continue;
      if (c === '\r' && i + 1 === buffer.length) break;   // a CR at the end: wait, an LF may follow
      this.line(buffer.slice(start, i), out);
      if (c === '\r' && buffer[i + 1] === '\n') i++;
      start = i + 1;
    }
    this.pending = buffer.slice(start);
    return out;
  }

  line(line, out) {
    if (line === '') {
      if (this.hasData) {
        out.push({type: this.type || 'message', data: this.data.join('\n'), id: this.lastEventId});
      }
      this.resetEvent();
      return;
    }
    if (line[0] === ':') {
      out.push({comment: line.slice(1).trimStart()});
      return;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value[0] === ' ') value = value.slice(1);
    if (field === 'event') this.type = value;
    else if (field === 'data') { this.data.push(value); this.hasData = true; }
    else if (field === 'id' && !value.includes('\0')) this.lastEventId = value;
    // retry and unknown fields: ignored (the client keeps its own backoff)
  }
}

/**
 * Opens the stream and keeps it open. onEvent({type, data, id}) for each event (`ready` also says
 * whether the connection resumed from a Last-Event-ID); onState(state, status) with
 * 'connecting', 'connected', 'reconnecting', 'signed-out' (a 401/403) or 'refused' (any other 4xx,
 * such as 404 for a plan that does not exist): after the last two the stream stops.
 * Returns a function that closes it for good.
 */
export function openStream({url, token, onEvent, onState, quietLimitMs = 45000, maxBackoffMs = 15000}) {
  const controller = {closed: false, abort: null};
  let lastEventId = '';
  let failures = 0;

  const sleep = ms => new Promise(resolve => {
    const timer = setTimeout(resolve, ms);
    controller.wake = () => { clearTimeout(timer); resolve(); };
  });

  async function once() {
    const abort = new AbortController();
    controller.abort = abort;
    let quiet;
    const watch = () => {   // heartbeats come every 15 s: silence for longer means a dead connection
      clearTimeout(quiet);
      quiet = setTimeout(() => abort.abort(), quietLimitMs);
    };
    try {
      const headers = {'Authorization': 'Bearer ' + token(), 'Accept': 'text/event-stream'};
      const resumed = Boolean(lastEventId);
      if (resumed) headers['Last-Event-ID'] = lastEventId;
      watch();
      const response = await fetch(url, {headers, signal: abort.signal, cache: 'no-store'});
      if (response.status === 401 || response.status === 403) {
        onState('signed-out', response.status);
        return false;
      }
      if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) {
        onState('refused', response.status);   // asking again would get the same answer
        return false;
      }
      if (!response.ok || !(response.headers.get('Content-Type') || '').startsWith('text/event-stream')) {
        throw new Error('stream answered ' + response.status);
      }
      const reader = response.body.getReader();
      const decoder = new TextDecoder('utf-8');
      const parser = new SseParser();
      parser.lastEventId = lastEventId;
      for (;;) {
        const {value, done} = await reader.read();
        if (done) break;
        watch();
        for (const item of parser.push(decoder.decode(value, {stream: true}))) {
          if (item.comment !== undefined) continue;
          lastEventId = item.id;
          if (item.type === 'ready') {
            failures = 0;
            item.resumed = resumed;   // resumed: what was missed came before it; otherwise read the views
            onState('connected');
          }
          try {
            onEvent(item);
          } catch (e) {
            console.warn('stream event not applied', item.type, e);
          }
        }
      }
    } catch (e) {
      if (controller.closed) return false;
    } finally {
      clearTimeout(quiet);
    }
    return !controller.closed;
  }

  (async () => {
    onState('connecting');
    while (!controller.closed) {
      if (!(await once())) return;
      if (controller.closed) return;
      onState('reconnecting');
      failures++;
      const backoff = Math.min(maxBackoffMs, 500 * 2 ** Math.min(failures - 1, 5));
      await sleep(backoff / 2 + Math.random() * backoff / 2);
    }
  })();

  return () => {
    controller.closed = true;
    controller.abort?.abort();
    controller.wake?.();
  };
}
