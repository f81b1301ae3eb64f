// The page's side of md5-worker.js: one worker for the page, requests told apart by id.
let worker;
let nextId = 1;
const listeners = new Map();

function ensureWorker() {
  if (worker) return worker;
  worker = new Worker(new URL('./md5-worker.js', import.meta.url));
  worker.onmessage = ({ data }) => listeners.get(data.id)?.(data);
  return worker;
}

/** md5 of one blob (hex). */
export function md5Of(blob) {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    listeners.set(id, (message) => {
      listeners.delete(id);
      if (message.type === 'error') reject(new Error(message.message));
      else resolve(message.md5);
    });
    ensureWorker().postMessage({ type: 'one', id, blob });
  });
}

/**
 * Hashes a file's chunks in order: chunkMd5(index) resolves when that chunk's md5 is known, fileMd5 when the file's
 * is. cancel() stops the worker's pass at the next chunk.
 */
export function hashChunks(file, chunkSize, totalChunks) {
  const id = nextId++;
  const chunks = Array.from({ length: totalChunks }, () => {
    let resolve;
    let reject;
    const promise = new Promise((ok, fail) => { resolve = ok; reject = fail; });
    promise.catch(() => {});
    return { promise, resolve, reject };
  });
  let resolveFile;
  let rejectFile;
  const fileMd5 = new Promise((ok, fail) => { resolveFile = ok; rejectFile = fail; });
  fileMd5.catch(() => {});
  listeners.set(id, (message) => {
    if (message.type === 'chunk') chunks[message.index].resolve(message.md5);
    else if (message.type === 'file') {
      listeners.delete(id);
      resolveFile(message.md5);
    } else if (message.type === 'error') {
      listeners.delete(id);
      const error = new Error(message.message);
      chunks.forEach((c) => c.reject(error));
      rejectFile(error);
    }
  });
  ensureWorker().postMessage({ type: 'file', id, file, chunkSize, totalChunks });
  return {
    chunkMd5: (index) => chunks[index].promise,
    fileMd5,
    cancel() {
      listeners.delete(id);
      worker?.postMessage({ type: 'cancel', id });
      const aborted = new DOMException('aborted', 'AbortError');
      chunks.forEach((c) => c.reject(aborted));
      rejectFile(aborted);
    },
  };
}
