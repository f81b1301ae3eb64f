// Chunked uploads from the browser: one file at a time in queue order, its missing chunks sent parallelUploads at a
// time (the server's per-client share, from /limits), each with the md5 the worker computed, then a background merge
// checked against the file's md5. What the server already holds is never sent again: after a pause, a reload, a
// browser restart or a server restart the upload asks upload_status first.
import { ApiError, call, send, withRetries } from './api.js';
import { hashChunks, md5Of } from './md5.js';
import { forget, remember, remembered, sameFile } from './upload-store.js';

const preferredChunkSize = 8 * 1024 * 1024;
const pollMs = 500;

/** 8 MiB, or less when the server allows less, or more (doubling) when max_chunks would be exceeded. */
export function chunkLayout(size, limits) {
  let chunkSize = Math.min(preferredChunkSize, limits.max_chunk_size);
  while (Math.ceil(size / chunkSize) > limits.max_chunks && chunkSize * 2 <= limits.max_chunk_size) chunkSize *= 2;
  const totalChunks = Math.max(1, Math.ceil(size / chunkSize));
  if (totalChunks > limits.max_chunks) throw new ApiError(413, { code: 'file_too_large', detail: `${size} bytes need more than max_chunks chunks` });
  return { chunkSize, totalChunks };
}

/** Bytes per second over the last five seconds. */
class Meter {
  #samples = [];

  add(bytes) {
    this.#samples.push([performance.now(), bytes]);
  }

  rate() {
    const now = performance.now();
    while (this.#samples.length && now - this.#samples[0][0] > 5000) this.#samples.shift();
    if (!this.#samples.length) return 0;
    const bytes = this.#samples.reduce((sum, [, b]) => sum + b, 0);
    return bytes / Math.max(1, (now - this.#samples[0][0]) / 1000);
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export class FileUpload {
  constructor(engine, { file, relativePath, fileId, folderTaskId, chunkSize, totalChunks, onServer = true }) {
    this.engine = engine;
    // A new single file's task does not exist before its first chunk: no need to ask for its status (a 404).
    this.onServer = onServer;
    this.file = file;
    this.name = file.name;
    this.relativePath = relativePath;
    this.size = file.size;
    this.fileId = fileId;
    this.folderTaskId = folderTaskId;
    this.chunkSize = chunkSize;
    this.totalChunks = totalChunks;
    this.state = 'queued';
    this.stored = new Set();
    this.inflight = new Map();
    this.meter = new Meter();
    this.retrying = null;
  }

  chunkLength(index) {
    return Math.min(this.size, (index + 1) * this.chunkSize) - index * this.chunkSize;
  }

  get uploadedBytes() {
    let bytes = 0;
    for (const index of this.stored) bytes += this.chunkLength(index);
    for (const loaded of this.inflight.values()) bytes += loaded;
    return Math.min(bytes, this.size);
  }

  get active() {
    return ['preparing', 'uploading', 'merging'].includes(this.state);
  }

  record() {
    return {
      fileId: this.fileId,
      folderTaskId: this.folderTaskId ?? null,
      name: this.name,
      relativePath: this.relativePath,
      size: this.size,
      lastModified: this.file.lastModified,
      chunkSize: this.chunkSize,
      totalChunks: this.totalChunks,
      savedAt: new Date().toISOString(),
    };
  }

  set(state, error) {
    this.state = state;
    this.error = error;
    this.engine.changed();
  }

  async run() {
    this.controller = new AbortController();
    const { signal } = this.controller;
    try {
      this.set('preparing');
      await remember(this.record());
      let status = this.onServer ? await this.status(signal) : null;
      this.onServer = true;
      if (status?.status === 'paused') {
        await withRetries(() => call('POST', `tasks/${encodeURIComponent(this.fileId)}/resume`, { signal }), { signal });
        status = await this.status(signal);
      }
      if (status?.status !== 'merging' && status?.status !== 'completed') {
        this.stored = new Set(status?.uploaded_chunks ?? []);
        if (this.stored.size) await this.checkSameFile(signal);
        await this.sendMissing(signal);
        this.set('merging');
        await withRetries(() => call('POST', 'merge_chunks', {
          signal,
          json: {
            file_id: this.fileId,
            filename: this.name,
            relative_path: this.relativePath,
            total_chunks: this.totalChunks,
            expected_md5: this.md5,
            async: true,
          },
        }), { signal, onRetry: (e) => this.noteRetry(e) });
      }
      await this.awaitMerge(signal);
    } catch (error) {
      this.hashing?.cancel();
      if (error.name === 'AbortError') return;
      if (error instanceof ApiError && error.status === 401) {
        this.set('queued');
        this.engine.unauthorized();
        return;
      }
      if (error instanceof ApiError && error.code === 'task_paused') {
        this.set('paused');
        return;
      }
      this.set('failed', error);
    } finally {
      this.inflight.clear();
    }
  }

  status(signal) {
    return withRetries(async () => {
      try {
        return await call('GET', 'upload_status', { query: { file_id: this.fileId }, signal });
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    }, { signal, onRetry: (e) => this.noteRetry(e) });
  }

  /** The re-picked file must be the one whose chunks the server holds: the md5 of one stored chunk is compared. */
  async checkSameFile(signal) {
    const detail = await withRetries(() => call('GET', `tasks/${encodeURIComponent(this.fileId)}`, { signal }), { signal });
    const sample = detail.chunks?.find((c) => c.status === 'uploaded');
    if (!sample) return;
    const start = sample.index * this.chunkSize;
    const md5 = await md5Of(this.file.slice(start, start + sample.size));
    if (md5 !== sample.md5) {
      throw new ApiError(409, { code: 'not_same_file', detail: `chunk ${sample.index} differs from the stored one` });
    }
  }

  async sendMissing(signal) {
    this.set('uploading');
    this.hashing = hashChunks(this.file, this.chunkSize, this.totalChunks);
    const missing = [];
    for (let index = 0; index < this.totalChunks; index += 1) if (!this.stored.has(index)) missing.push(index);
    let next = 0;
    const sender = async () => {
      while (next < missing.length) {
        const index = missing[next];
        next += 1;
        await this.sendChunk(index, await this.hashing.chunkMd5(index), signal);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.engine.parallel, missing.length) }, sender));
    this.md5 = await this.hashing.fileMd5;
  }

  async sendChunk(index, md5, signal) {
    const start = index * this.chunkSize;
    await withRetries(() => {
      const form = new FormData();
      form.append('file_id', this.fileId);
      form.append('chunk_index', String(index));
      form.append('total_chunks', String(this.totalChunks));
      form.append('file_size', String(this.size));
      form.append('chunk_size', String(this.chunkSize));
      form.append('md5', md5);
      form.append('filename', this.name);
      form.append('relative_path', this.relativePath);
      form.append('chunk', this.file.slice(start, start + this.chunkLength(index)), this.name);
      this.inflight.set(index, 0);
      return send('upload_chunk', form, {
        signal,
        onProgress: (loaded) => {
          const before = this.inflight.get(index) ?? 0;
          this.inflight.set(index, Math.min(loaded, this.chunkLength(index)));
          this.meter.add(Math.max(0, this.inflight.get(index) - before));
          this.engine.meter.add(Math.max(0, this.inflight.get(index) - before));
          this.engine.changed();
        },
      });
    }, { signal, onRetry: (e) => { this.inflight.delete(index); this.noteRetry(e); } });
    this.inflight.delete(index);
    this.stored.add(index);
    this.retrying = null;
    this.engine.changed();
  }

  noteRetry(error) {
    this.retrying = error;
    this.engine.changed();
  }

  async awaitMerge(signal) {
    for (;;) {
      const status = await this.status(signal);
      if (status?.status === 'completed') {
        this.md5 = status.md5;
        this.filePath = status.file_path;
        this.stored = new Set(Array.from({ length: this.totalChunks }, (_, i) => i));
        await forget(this.fileId);
        this.set('completed');
        return;
      }
      if (status?.status !== 'merging') {
        throw new ApiError(409, { code: 'merge_failed', detail: status?.last_error || `the merge left the task ${status?.status}` });
      }
      await sleep(pollMs);
    }
  }

  async pause() {
    if (!['queued', 'preparing', 'uploading'].includes(this.state)) return;
    this.controller?.abort();
    this.hashing?.cancel();
    this.set('paused');
    if (this.stored.size || this.inflight.size) {
      await call('POST', `tasks/${encodeURIComponent(this.fileId)}/pause`).catch(() => {});
    }
  }

  resume() {
    if (this.state !== 'paused' && this.state !== 'failed') return;
    this.set('queued');
    this.engine.pump();
  }

  async cancel() {
    this.controller?.abort();
    this.hashing?.cancel();
    this.set('cancelled');
    await forget(this.fileId);
    await call('DELETE', `tasks/${encodeURIComponent(this.fileId)}`).catch(() => {});
  }
}

export class UploadEngine extends EventTarget {
  constructor(limits) {
    super();
    this.limits = limits;
    this.parallel = Math.max(1, limits.parallel_uploads || 3);
    this.uploads = [];
    this.meter = new Meter();
    this.running = null;
    this.pending = [];
  }

  changed() {
    this.dispatchEvent(new Event('change'));
  }

  unauthorized() {
    this.dispatchEvent(new Event('unauthorized'));
  }

  /** Unfinished uploads remembered from an earlier page, not yet picked again. */
  async loadPending() {
    const records = await remembered();
    this.pending = records.filter((r) => !this.uploads.some((u) => u.fileId === r.fileId));
    this.changed();
  }

  async forgetPending(fileId) {
    await forget(fileId);
    this.pending = this.pending.filter((r) => r.fileId !== fileId);
    this.changed();
  }

  takePending(entry) {
    const record = this.pending.find((r) => sameFile(r, entry.file, entry.relativePath));
    if (record) this.pending = this.pending.filter((r) => r !== record);
    return record;
  }

  /** Files picked or dropped: [{file, relativePath}]; a folder's share one folder task. */
  async add(entries, folderName) {
    const fresh = [];
    for (const entry of entries) {
      const record = this.takePending(entry);
      if (record) this.uploads.push(new FileUpload(this, { ...entry, ...record, file: entry.file }));
      else fresh.push({ ...entry, ...chunkLayout(entry.file.size, this.limits) });
    }
    if (folderName && fresh.length) {
      const created = await withRetries(() => call('POST', 'folder_tasks', {
        json: {
          folder_name: folderName,
          files: fresh.map((f) => ({ name: f.file.name, relative_path: f.relativePath, size: f.file.size, total_chunks: f.totalChunks })),
        },
      }));
      fresh.forEach((f, i) => this.uploads.push(new FileUpload(this, { ...f, fileId: created.sub_tasks[i], folderTaskId: created.folder_task_id })));
    } else {
      for (const f of fresh) this.uploads.push(new FileUpload(this, { ...f, fileId: `web-${crypto.randomUUID()}`, onServer: false }));
    }
    this.changed();
    this.pump();
  }

  /** Starts the next queued file when none runs. */
  pump() {
    if (this.running) return;
    const next = this.uploads.find((u) => u.state === 'queued');
    if (!next) return;
    this.running = next.run().finally(() => {
      this.running = null;
      this.pump();
    });
  }

  pauseAll() {
    return Promise.all(this.uploads.map((u) => u.pause()));
  }

  resumeAll() {
    this.uploads.forEach((u) => u.resume());
  }

  get totals() {
    const counted = this.uploads.filter((u) => u.state !== 'cancelled');
    const size = counted.reduce((sum, u) => sum + u.size, 0);
    const uploaded = counted.reduce((sum, u) => sum + u.uploadedBytes, 0);
    const speed = this.meter.rate();
    return { size, uploaded, speed, eta: speed > 0 ? (size - uploaded) / speed : Infinity };
  }
}
