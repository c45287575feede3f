// The dashboard page: sign-in, the views, the live stream. Reads only the query API and the stream.
import {h, replace} from './dom.js';
import {t, language, setLanguage} from './i18n.js';
import * as auth from './auth.js';
import {api as makeApi, SignedOut} from './api.js';
import {Model, today} from './model.js';
import {openStream} from './sse.js';
import {overview} from './overview.js';
import {dashboardTable} from './tables.js';
import {measures} from './measures.js';
import {detail} from './detail.js';

const WALL = 'ledger.wall';
const view = document.getElementById('view');
const conn = document.getElementById('conn');
const signin = document.getElementById('signin');
const errorBox = document.getElementById('error');
const asOfInput = document.getElementById('asof');
const asOfLive = document.getElementById('asof-live');
const asOfBanner = document.getElementById('asof-banner');

let config = {issuer: null, clientId: 'ledger-dashboard', scope: 'openid', defaultPlanId: 'gd-2016',
              zone: 'Asia/Shanghai'};
let model = null;
let current = null;     // the mounted view
let closeStream = null;
let connection = 'signedout';
let asOf = null;        // the past day shown ({day, position}), null when live
let renders = 0;
const api = makeApi(auth.token);

function setConnection(state) {
  connection = state;
  conn.dataset.state = state;
  replace(conn, h('span.dot', {'aria-hidden': 'true'}), t('conn.' + state.replace('-', '')));
}

function showError(error) {
  if (error instanceof SignedOut) {
    signedOut(t('signin.expired'));
    return;
  }
  if (error?.status === 403) {
    signedOut(t('signin.forbidden'));
    return;
  }
  console.warn(error);
  errorBox.hidden = false;
  replace(errorBox, t('error.load') + (error?.message || error));
}

// ---- routing: #/overview, #/units, #/leaders, #/measures?unit=…, #/measure/<id>; a sign-in link
// #token=…&view=units opens one of them (auth.takeTokenFromFragment)

function route() {
  const hash = location.hash.replace(/^#\/?/, '');
  const [path, query] = hash.split('?');
  const [name, ...rest] = path.split('/');
  return {name: name || 'overview', arg: rest.length ? decodeURIComponent(rest.join('/')) : null,
          params: new URLSearchParams(query || '')};
}

function setParams(params) {
  const query = new URLSearchParams(params).toString();
  history.replaceState(null, '', '#/measures' + (query ? '?' + query : ''));
}

const VIEWS = {overview, units: dashboardTable('units'), leaders: dashboardTable('leaders'), measures, measure: detail};

/**
 * Marks the view as fully written: data-rendered="units:7" on <main> once the DOM of the units view
 * is complete, the number growing at every render. Whoever reads the page (a test, a screen reader
 * script) waits for it rather than for luck; it is removed while a view is being built.
 */
function rendered(name) {
  view.dataset.rendered = `${name}:${++renders}`;
}

/** What stands in for the views when the plan is not there to show: missing (404) or without measures. */
function planNotice(kind) {
  const text = kind === 'missing' ? t('plan.missing', model.planId) : t('plan.empty', model.planId);
  const other = config.defaultPlanId && config.defaultPlanId !== model.planId
    ? h('p', h('a', {id: 'default-plan', href: location.pathname + location.hash}, t('plan.default', config.defaultPlanId)))
    : null;
  replace(view, h('section.panel.notice', {id: 'plan-notice', 'data-plan': kind}, h('h2', text), h('p', t('plan.' + kind + 'Hint')),
    other));
  rendered('plan-' + kind);
  return {update: () => planState() !== kind && mount(), dispose() {}};
}

/** 'missing' (the API answered 404), 'empty' (a plan without a single measure) or 'ok'. */
function planState() {
  if (model.missing) return 'missing';
  return !asOf && model.summary && model.summary.totals.total === 0 && model.measures.size === 0 ? 'empty' : 'ok';
}

function mount() {
  current?.dispose();
  current = null;
  delete view.dataset.rendered;
  if (!model) return;
  const {name, arg, params} = route();
  const make = VIEWS[name] || overview;
  const shown = name === 'measure' ? 'measures' : (VIEWS[name] ? name : 'overview');
  document.querySelectorAll('nav.tabs a').forEach(a => a.classList.toggle('active', a.dataset.view === shown));
  const state = planState();
  if (state !== 'ok') {
    current = planNotice(state);
    return;
  }
  current = make(view, {model, api, config, params, setParams, measureId: arg, role: auth.claims()?.role,
                        onError: showError, rendered: () => rendered(VIEWS[name] ? name : 'overview')});
}

// ---- data: loaded from the REST views on every fresh `ready`, then kept current by the stream

let refreshTimer = null;

async function load() {
  const loading = model;
  let answers;
  try {
    answers = await Promise.all([api.summary(loading.planId), api.units(loading.planId), api.leaders(loading.planId),
                                 api.measures(loading.planId)]);
  } catch (e) {
    if (e.status !== 404 || loading !== model) throw e;
    planMissing();
    return;
  }
  if (asOf || loading !== model) return;   // a past day was picked, or another sign-in began, meanwhile
  const [summary, units, leaders, rows] = answers;
  errorBox.hidden = true;
  // read again when the stream (re)starts: drawn again only where something changed
  if (model.replaceViews(summary, units.rows, leaders.rows, rows)) model.changed('all');
}

/** The plan of the address is not on the ledger (the API answers 404): say so, and stop the stream. */
function planMissing() {
  closeStream?.();
  closeStream = null;
  model.missing = true;
  setConnection('refused');
  mount();
}

/** Unit and leader counts move with measures; the stream carries rows and the summary, so ask again. */
function refreshTables() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(async () => {
    try {
      const [units, leaders] = await Promise.all([api.units(model.planId), api.leaders(model.planId)]);
      if (asOf || !model) return;
      if (model.replaceViews(model.summary, units.rows, leaders.rows, [])) model.changed('tables');
    } catch (e) {
      showError(e);
    }
  }, 100);
}

function onStreamEvent(event) {
  // a past day stays as it was: the stream's changes are read again on going back to live
  if (asOf) return;
  const data = JSON.parse(event.data);
  if (event.type === 'ready') {
    // a fresh stream holds nothing missed: read the views (again) now that changes will follow;
    // a resumed one has already sent every row changed since its Last-Event-ID
    if (!event.resumed) load().catch(showError);
  } else if (event.type === 'measure') {
    if (model.upsert(data)) {
      model.changed('measure');
      refreshTables();
      flash(data.measureId);
    }
  } else if (event.type === 'summary') {
    if (data.planId === model.planId) {
      model.summary = data;
      model.changed('summary');
    }
  }
}

// ---- the date picker: the plan as it stood at the end of a past day, rebuilt from the events

async function showDay(day) {
  if (!model) return;
  if (!day) {
    showLive();
    return;
  }
  try {
    const status = await api.statusAsOf(model.planId, day);
    asOf = {day, position: status.position};
    model.showAsOf(status);
    errorBox.hidden = true;
    asOfLive.hidden = false;
    showBanner();
    model.changed('all');
  } catch (e) {
    if (e.status === 404) {
      asOf = {day, position: null};
      model.showAsOf({day, summary: null, units: [], leaders: [], measures: []});
      asOfLive.hidden = false;
      replace(asOfBanner, t('asof.none', day));
      asOfBanner.hidden = false;
      model.changed('all');
    } else {
      showError(e);
    }
  }
}

function showBanner() {
  if (!asOf) return;
  replace(asOfBanner, asOf.position === null ? t('asof.none', asOf.day) : t('asof.banner', asOf.day));
  asOfBanner.hidden = false;
}

function showLive() {
  asOf = null;
  asOfInput.value = '';
  asOfLive.hidden = true;
  asOfBanner.hidden = true;
  if (!model) return;
  model.showLive();
  load().catch(showError);
}

function flash(measureId) {
  requestAnimationFrame(() => document.querySelectorAll(`[data-measure="${CSS.escape(measureId)}"]`)
    .forEach(row => row.classList.add('flash')));
}

function start() {
  signin.hidden = true;
  document.body.classList.remove('signed-out');
  // another plan than the configured one: /?plan=… (a query parameter is fine for a plan id, never for a token)
  model = new Model(new URLSearchParams(location.search).get('plan') || config.defaultPlanId);
  asOf = null;
  asOfInput.value = '';
  asOfInput.max = today(config.zone);
  asOfLive.hidden = true;
  asOfBanner.hidden = true;
  replace(document.getElementById('plan'), model.planId);
  const who = auth.claims();
  replace(document.getElementById('who'), who ? `${who.sub || ''}${who.role ? ' · ' + who.role : ''}` : '');
  model.onChange(what => current?.update(what));
  delete view.dataset.rendered;
  replace(view, h('p.loading', t('loading')));
  const starting = model;
  load().then(() => model === starting && !model.missing && mount()).catch(showError);
  closeStream = openStream({
    url: '/api/v1/stream?planId=' + encodeURIComponent(model.planId),
    token: auth.token,
    onEvent: onStreamEvent,
    onState: (state, status) => {
      if (state === 'signed-out') signedOut(status === 403 ? t('signin.forbidden') : t('signin.expired'));
      else if (state === 'refused' && status === 404) planMissing();
      else setConnection(state);
    },
  });
}

/** Stops showing the plan: the stream closed, the view gone. */
function stop() {
  closeStream?.();
  closeStream = null;
  current?.dispose();
  current = null;
  model = null;
  asOf = null;
}

function signedOut(message) {
  stop();
  asOfBanner.hidden = true;
  asOfLive.hidden = true;
  auth.signOut();
  setConnection('signedout');
  replace(view);
  document.body.classList.add('signed-out');
  showSignin(message);
}

function showSignin(message) {
  const field = h('textarea', {id: 'token-input', rows: '4', spellcheck: 'false', autocomplete: 'off',
                               'aria-label': t('signin.token'), placeholder: 'eyJ…'});
  const form = h('form.paste', h('label', {for: 'token-input'}, t('signin.paste')), field,
    h('button.primary', {type: 'submit', id: 'token-submit'}, t('signin.submit')));
  form.addEventListener('submit', e => {
    e.preventDefault();
    if (!field.value.trim()) return;
    auth.setToken(field.value);
    start();
  });
  const oidc = config.issuer ? h('button.primary', {type: 'button', id: 'oidc-signin'}, t('signin.oidc')) : null;
  oidc?.addEventListener('click', () => auth.beginOidc(config).catch(e => showSignin(t('signin.failed') + e.message)));
  replace(signin, h('h2', t('signin.title')), message ? h('p.notice', {id: 'signin-message'}, message) : null,
    oidc, form, h('p.hint', t('signin.hint')));
  signin.hidden = false;
}

// ---- chrome: tabs, language, wall mode, sign out

function labels() {
  document.documentElement.lang = language() === 'zh' ? 'zh-CN' : 'en';
  document.title = t('app.title');
  document.querySelectorAll('[data-i18n]').forEach(el => replace(el, t(el.dataset.i18n)));
  replace(document.getElementById('lang'), t('lang.switch'));
  replace(document.getElementById('wall'), document.body.classList.contains('wall') ? t('wall.off') : t('wall.on'));
  setConnection(connection);
  showBanner();
}

document.getElementById('lang').addEventListener('click', () => {
  setLanguage(language() === 'zh' ? 'en' : 'zh');
  labels();
  if (model) mount(); else if (!signin.hidden) showSignin();
});
document.getElementById('wall').addEventListener('click', () => {
  const on = document.body.classList.toggle('wall');
  localStorage.setItem(WALL, on ? '1' : '');
  labels();
  if (model) mount();
});
document.getElementById('signout').addEventListener('click', () => signedOut());
asOfInput.addEventListener('change', () => showDay(asOfInput.value));
asOfLive.addEventListener('click', () => showLive());
window.addEventListener('hashchange', () => {
  if (auth.takeTokenFromFragment()) {
    stop();   // another link followed: its token (and role) from now on
    start();
    return;
  }
  mount();
});

async function boot() {
  document.body.classList.toggle('wall', localStorage.getItem(WALL) === '1' || new URLSearchParams(location.search).has('wall'));
  setLanguage(language());
  labels();
  try {
    const response = await fetch('/ui/config.json', {cache: 'no-store'});
    if (response.ok) config = {...config, ...await response.json()};
  } catch (e) {
    console.warn('no page configuration', e);
  }
  auth.takeTokenFromFragment();   // a link's view stays: it opens once signed in, whichever way
  try {
    await auth.completeOidc(config);
  } catch (e) {
    auth.signOut();
    signedOut(t('signin.failed') + e.message);
    return;
  }
  if (auth.token() && !auth.expired()) start();
  else signedOut(auth.token() ? t('signin.expired') : null);
}

boot();
