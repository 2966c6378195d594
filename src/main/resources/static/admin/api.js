// The only place that calls fetch. Every call goes to the public JSON API with the session cookie; a problem answer
// (RFC 9457) becomes a thrown Problem whose message is the server's own words.

const BASE = '/api/v1';

export class Problem extends Error {
  constructor(status, body) {
    super(body?.detail || body?.title || `The server answered ${status}`);
    this.status = status;
    this.code = body?.code || 'unknown';
    this.errors = Array.isArray(body?.errors) ? body.errors : [];
  }

  /** The message a person reads: the detail, then each named field. */
  get text() {
    const fields = this.errors.map((e) => where(e) + (e.field ? `${e.field}: ` : '') + e.message);
    return [this.message, ...fields].join('\n');
  }
}

/**
 * Where in a file one of a problem's errors is, as "Row 3: " or, for alike errors on rows one after another that the
 * server counts as one entry (row and lastRow), "Rows 3–502: "; '' for an error that names no row.
 */
export function where(error) {
  const first = error.row;
  if (first === undefined || first === null || first === '') return '';
  const last = error.lastRow;
  return last != null && last !== first ? `Rows ${first}–${last}: ` : `Row ${first}: `;
}

/** A connection that failed before any answer. */
export class Offline extends Problem {
  constructor() {
    super(0, { detail: 'The server could not be reached. Check the connection and try again.', code: 'offline' });
  }
}

/**
 * Calls the API. `body` may be an object (sent as JSON), FormData (multipart), a string with `type`, or a file (any
 * Blob), sent byte for byte as `type`: never decoded here, so the server judges its encoding.
 * Answers {status, data, etag, headers}; throws a Problem for any answer that is not 2xx or 304.
 */
export async function api(path, { method = 'GET', body, type, headers = {}, accept = 'application/json' } = {}) {
  const init = { method, headers: { Accept: accept, ...headers }, credentials: 'same-origin' };
  if (body instanceof FormData) {
    init.body = body;
  } else if (body instanceof Blob) {
    init.body = body;
    init.headers['Content-Type'] = type || body.type || 'application/octet-stream';
  } else if (typeof body === 'string') {
    init.body = body;
    init.headers['Content-Type'] = type || 'text/plain';
  } else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers['Content-Type'] = 'application/json';
  }
  let response;
  try {
    response = await fetch(BASE + path, init);
  } catch {
    throw new Offline();
  }
  const contentType = response.headers.get('Content-Type') || '';
  let data = null;
  if (response.status !== 204 && response.status !== 304) {
    data = contentType.includes('json') ? await response.json().catch(() => null) : await response.text();
  }
  if (!response.ok && response.status !== 304) {
    const problem = new Problem(response.status, data);
    if (response.status === 401 && path !== '/auth/login') {
      window.dispatchEvent(new CustomEvent('bodega:session-ended', { detail: problem }));
    }
    throw problem;
  }
  return { status: response.status, data, etag: response.headers.get('ETag'), headers: response.headers };
}

export const get = (path, options) => api(path, options).then((r) => r.data);
export const post = (path, body, options = {}) => api(path, { ...options, method: 'POST', body }).then((r) => r.data);

/** A query string from the set values of an object. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, value);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
