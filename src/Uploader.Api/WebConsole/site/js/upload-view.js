// The upload page: picker and drop zone in, one row per file out, redrawn at most four times a second.
import { url } from './api.js';
import { clear, formatBytes, formatDuration, h } from './dom.js';
import { onLanguageChange, t } from './i18n.js';

const $ = (id) => document.getElementById(id);

function readEntries(reader) {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

/** A dropped folder, walked: every file with its path from the dropped folder's name down. */
async function filesUnder(entry) {
  if (entry.isFile) {
    const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
    return [{ file, relativePath: entry.fullPath.replace(/^\//, '') }];
  }
  const reader = entry.createReader();
  const found = [];
  for (let batch = await readEntries(reader); batch.length; batch = await readEntries(reader)) {
    for (const child of batch) found.push(...await filesUnder(child));
  }
  return found;
}

export class UploadView {
  constructor(engine) {
    this.engine = engine;
    this.scheduled = false;
    const limits = engine.limits;
    this.describeLimits = () => {
      $('limits').textContent = t('upload.limits', {
        chunk: formatBytes(limits.max_chunk_size),
        parallel: engine.parallel,
        file: formatBytes(limits.max_file_size),
      });
    };
    $('pick-files').addEventListener('change', (event) => this.picked(event.target));
    $('pick-folder').addEventListener('change', (event) => this.pickedFolder(event.target));
    const zone = $('drop-zone');
    zone.addEventListener('dragover', (event) => { event.preventDefault(); zone.classList.add('over'); });
    zone.addEventListener('dragleave', () => zone.classList.remove('over'));
    zone.addEventListener('drop', (event) => this.dropped(event));
    $('pause-all').addEventListener('click', () => engine.pauseAll());
    $('resume-all').addEventListener('click', () => engine.resumeAll());
    $('clear-done').addEventListener('click', () => {
      engine.uploads = engine.uploads.filter((u) => !['completed', 'cancelled'].includes(u.state));
      this.render();
    });
    engine.addEventListener('change', () => this.schedule());
    onLanguageChange(() => this.render());
    setInterval(() => { if (engine.uploads.some((u) => u.active)) this.schedule(); }, 1000);
    this.render();
  }

  picked(input) {
    const entries = [...input.files].map((file) => ({ file, relativePath: file.name }));
    input.value = '';
    return this.engine.add(entries).catch((error) => this.failed(error));
  }

  pickedFolder(input) {
    const entries = [...input.files].map((file) => ({ file, relativePath: file.webkitRelativePath || file.name }));
    input.value = '';
    if (!entries.length) return undefined;
    return this.engine.add(entries, entries[0].relativePath.split('/')[0]).catch((error) => this.failed(error));
  }

  async dropped(event) {
    event.preventDefault();
    $('drop-zone').classList.remove('over');
    const entries = [...event.dataTransfer.items].map((item) => item.webkitGetAsEntry?.()).filter(Boolean);
    try {
      // Without file system entries (a drop made by a script, an older browser) the files come flat.
      if (!entries.length) return await this.engine.add([...event.dataTransfer.files].map((file) => ({ file, relativePath: file.name })));
      const files = [];
      for (const entry of entries) {
        if (entry.isDirectory) await this.engine.add(await filesUnder(entry), entry.name);
        else files.push(...await filesUnder(entry));
      }
      if (files.length) await this.engine.add(files);
    } catch (error) {
      this.failed(error);
    }
    return undefined;
  }

  failed(error) {
    $('limits').textContent = `${error.code ? `${error.code}: ` : ''}${error.message}`;
  }

  schedule() {
    if (this.scheduled) return;
    this.scheduled = true;
    setTimeout(() => { this.scheduled = false; this.render(); }, 250);
  }

  render() {
    this.describeLimits();
    this.renderPending();
    const totals = this.engine.totals;
    $('overall-progress').value = totals.size ? totals.uploaded / totals.size : 0;
    $('overall-text').textContent = totals.size
      ? `${formatBytes(totals.uploaded)} / ${formatBytes(totals.size)} · ${formatBytes(totals.speed)}/s · ${formatDuration(totals.eta)}`
      : t('upload.empty');
    clear($('upload-list')).append(...this.engine.uploads.map((u) => this.row(u)));
  }

  renderPending() {
    const pending = this.engine.pending;
    const box = clear($('pending'));
    if (!pending.length) return;
    box.append(h('div', { class: 'card' },
      h('strong', {}, t('upload.pending')),
      h('p', { class: 'hint' }, t('upload.pendingHint')),
      h('ul', { class: 'uploads', id: 'pending-list' }, pending.map((r) => h('li', { dataset: { fileId: r.fileId } },
        h('span', { class: 'name' }, r.relativePath),
        h('span', { class: 'figures' }, formatBytes(r.size)),
        h('span', {}, h('button', { type: 'button', onclick: () => this.engine.forgetPending(r.fileId) }, t('upload.forget'))))))));
  }

  row(upload) {
    const actions = [];
    if (['queued', 'preparing', 'uploading'].includes(upload.state)) actions.push(h('button', { type: 'button', class: 'pause', onclick: () => upload.pause() }, t('upload.pause')));
    if (upload.state === 'paused') actions.push(h('button', { type: 'button', class: 'resume', onclick: () => upload.resume() }, t('upload.resume')));
    if (upload.state === 'failed') actions.push(h('button', { type: 'button', class: 'resume', onclick: () => upload.resume() }, t('upload.retry')));
    if (!['completed', 'cancelled', 'merging'].includes(upload.state)) actions.push(h('button', { type: 'button', class: 'cancel', onclick: () => upload.cancel() }, t('upload.cancel')));
    if (upload.state === 'completed') actions.push(h('a', { class: 'button download', href: url(`files/${encodeURIComponent(upload.fileId)}`) }, t('upload.download')));
    const speed = upload.meter.rate();
    const remaining = upload.size - upload.uploadedBytes;
    const figures = upload.state === 'completed'
      ? `${formatBytes(upload.size)} · md5 ${upload.md5}`
      : `${formatBytes(upload.uploadedBytes)} / ${formatBytes(upload.size)}${upload.state === 'uploading' ? ` · ${formatBytes(speed)}/s · ${formatDuration(speed > 0 ? remaining / speed : Infinity)}` : ''}`;
    return h('li', { dataset: { fileId: upload.fileId, state: upload.state } },
      h('span', { class: 'name', title: upload.relativePath }, h('span', { class: `state state-${upload.state}` }, t(`state.${upload.state}`)), ' ', upload.relativePath),
      h('span', {}, h('progress', { max: 1, value: upload.size ? upload.uploadedBytes / upload.size : (upload.state === 'completed' ? 1 : 0) }), ' ', h('span', { class: 'figures' }, figures)),
      h('span', {}, actions),
      upload.error ? h('span', { class: 'error' }, `${upload.error.code ?? ''} ${upload.error.message}`) : null,
      upload.retrying && upload.active ? h('span', { class: 'error retrying' }, t('upload.retrying', { code: upload.retrying.code })) : null);
  }
}
