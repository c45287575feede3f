// Sign-in: a token from the link's fragment (#token=…, never a query string) or pasted into the
// form, or, where an identity provider is configured, OIDC authorization code with PKCE (S256).
// The token lives in sessionStorage only: it goes with the tab.

const TOKEN = 'ledger.token';
const PENDING = 'ledger.oidc';

export function token() {
  return sessionStorage.getItem(TOKEN);
}

export function setToken(value) {
  sessionStorage.setItem(TOKEN, value.trim());
}

export function signOut() {
  sessionStorage.removeItem(TOKEN);
  sessionStorage.removeItem(PENDING);
}

/** The token's claims (for the role and the name shown); the server checks the signature. */
export function claims() {
  const value = token();
  if (!value) return null;
  try {
    const part = value.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = new TextDecoder().decode(Uint8Array.from(atob(part), c => c.charCodeAt(0)));
    return JSON.parse(json);
  } catch (e) {
    return null;
  }
}

export function expired() {
  const exp = claims()?.exp;
  return typeof exp === 'number' && exp * 1000 <= Date.now();
}

/**
 * Takes a token from the link's fragment into sessionStorage and leaves, in place of the address
 * (history.replaceState: nothing with the token stays in the history), the view the link names:
 * #token=<JWT>&view=units opens the lead units table, #token=<JWT>&view=measures?unit=… a filtered
 * list (view URL-encoded). Returns whether it took a token.
 */
export function takeTokenFromFragment() {
  const hash = location.hash;
  if (!hash.startsWith('#token=')) return false;
  const params = new URLSearchParams(hash.slice(1));
  const value = params.get('token') || '';
  const view = (params.get('view') || '').replace(/^#?\/?/, '');
  history.replaceState(null, '', location.pathname + location.search + (view ? '#/' + view : ''));
  if (value) setToken(value);
  return Boolean(value);
}

function base64url(bytes) {
  return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function random(bytes = 32) {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

async function discovery(issuer) {
  const response = await fetch(issuer.replace(/\/$/, '') + '/.well-known/openid-configuration', {cache: 'no-store'});
  if (!response.ok) throw new Error('discovery answered ' + response.status);
  const document = await response.json();
  if (document.issuer && document.issuer.replace(/\/$/, '') !== issuer.replace(/\/$/, '')) {
    throw new Error('the discovery document names another issuer: ' + document.issuer);
  }
  return document;
}

function redirectUri() {
  return location.origin + '/';
}

/** Sends the browser to the identity provider (authorization code + PKCE S256). */
export async function beginOidc(config) {
  const provider = await discovery(config.issuer);
  const verifier = random(48);
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const state = random(24);
  const nonce = random(24);
  // the plan and the view asked for come back after the provider (its redirect URI is the bare page)
  const back = location.search + location.hash;
  sessionStorage.setItem(PENDING, JSON.stringify({state, nonce, verifier, issuer: config.issuer, back}));
  const url = new URL(provider.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code', client_id: config.clientId, redirect_uri: redirectUri(), scope: config.scope || 'openid',
    state, nonce, code_challenge: challenge, code_challenge_method: 'S256',
  }).toString();
  location.assign(url.toString());
}

/**
 * On the way back from the identity provider (?code=…&state=…): checks state, exchanges the code
 * at the token endpoint with the verifier, keeps the access token. Returns true when it signed in;
 * throws when the answer is not ours or the exchange fails. Removes the parameters either way.
 */
export async function completeOidc(config) {
  const params = new URLSearchParams(location.search);
  if (!params.has('code') && !params.has('error')) return false;
  const pending = JSON.parse(sessionStorage.getItem(PENDING) || 'null');
  sessionStorage.removeItem(PENDING);
  history.replaceState(null, '', location.pathname + (pending?.back || location.hash));
  if (params.has('error')) throw new Error(params.get('error_description') || params.get('error'));
  if (!pending || !params.get('state') || params.get('state') !== pending.state) {
    throw new Error('state does not match the sign-in this page started');
  }
  if (!config.issuer || pending.issuer !== config.issuer) throw new Error('the identity provider has changed');
  const provider = await discovery(config.issuer);
  const response = await fetch(provider.token_endpoint, {
    method: 'POST',
    headers: {'Content-Type': 'application/x-www-form-urlencoded', 'Accept': 'application/json'},
    body: new URLSearchParams({
      grant_type: 'authorization_code', code: params.get('code'), redirect_uri: redirectUri(),
      client_id: config.clientId, code_verifier: pending.verifier,
    }),
    cache: 'no-store',
  });
  if (!response.ok) throw new Error('the token endpoint answered ' + response.status);
  const answer = await response.json();
  if (!answer.access_token) throw new Error('no access token in the answer');
  setToken(answer.access_token);
  return true;
}
