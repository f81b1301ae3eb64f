// The console's one way to the server: same-origin fetches under the page's base (/go-uploader/), the session cookie
// sent by the browser. The key itself is never stored by the page: it goes once to auth/login.
const base = new URL('.', document.baseURI);

export class ApiError extends Error {
  constructor(status, problem, retryAfterSeconds) {
    super(problem?.detail || problem?.message || problem?.error || `HTTP ${status}`);
    this.status = status;
    this.code = problem?.code || (status === 0 ? 'network_error' : `http_${status}`);
    this.problem = problem;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Worth sending again later: the network, the upload queue (429), or the server (5xx, a restart). */
  get transient() {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

export function url(path, query) {
  const target = new URL(path, base);
  for (const [name, value] of Object.entries(query || {})) {
    if (value !== undefined && value !== null && value !== '') target.searchParams.set(name, String(value));
  }
  return target;
}

async function problemOf(response) {
  try {
    return await response.json();
  } catch {
    return null;
  }
}

function retryAfterOf(headers) {
  const seconds = Number(headers.get('Retry-After'));
  return Number.isFinite(seconds) && seconds > 0 ? seconds : undefined;
}

/** One request; a JSON answer or an ApiError (status 0 for the network). */
export async function call(method, path, { query, json, signal } = {}) {
  let response;
  try {
    response = await fetch(url(path, query), {
      method,
      signal,
      credentials: 'same-origin',
      headers: json === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: json === undefined ? undefined : JSON.stringify(json),
    });
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError(0, { detail: error.message });
  }
  if (!response.ok) throw new ApiError(response.status, await problemOf(response), retryAfterOf(response.headers));
  return response.status === 204 ? null : response.json();
}

/** Sends a FormData with upload progress (fetch has none); resolves with the JSON answer. */
export function send(path, form, { onProgress, signal } = {}) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url(path));
    xhr.responseType = 'json';
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (event) => onProgress?.(event.loaded);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve(xhr.response);
      else reject(new ApiError(xhr.status, xhr.response, retryAfterOf({ get: (n) => xhr.getResponseHeader(n) })));
    };
    xhr.onerror = () => reject(new ApiError(0, { detail: 'network error' }));
    xhr.ontimeout = xhr.onerror;
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    if (signal?.aborted) {
      xhr.abort();
      return;
    }
    xhr.send(form);
  });
}

const sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new DOMException('aborted', 'AbortError'));
    }, { once: true });
  });

/**
 * Runs attempt() again on transient failures with exponential backoff (0.5 s doubling, at most 30 s, jittered, or
 * the server's Retry-After): about 6 minutes in all before it gives up, long enough for a server restart.
 */
export async function withRetries(attempt, { signal, onRetry, attempts = 16 } = {}) {
  for (let tried = 1; ; tried += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof ApiError) || !error.transient || tried >= attempts) throw error;
      const backoff = Math.min(30_000, 500 * 2 ** (tried - 1)) * (0.5 + Math.random() / 2);
      const wait = error.retryAfterSeconds ? error.retryAfterSeconds * 1000 : backoff;
      onRetry?.(error, tried, wait);
      await sleep(wait, signal);
    }
  }
}
