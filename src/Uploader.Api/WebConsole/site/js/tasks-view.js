// The admin table: GET tasks with status, search and paging done by the server; a folder row opens onto its files;
// one detail panel with the chunk map. Refreshed every 5 s while shown.
import { ApiError, call, url } from './api.js';
import { clear, formatBytes, formatTime, h } from './dom.js';
import { onLanguageChange, t } from './i18n.js';

const $ = (id) => document.getElementById(id);
const pageSize = 20;
const statuses = ['', 'uploading', 'paused', 'merging', 'completed', 'failed'];
const task = (id) => `tasks/${encodeURIComponent(id)}`;

export class TasksView {
  constructor() {
    this.page = 1;
    this.selected = new Set();
    this.open = new Map();
    this.timer = null;
    const status = $('task-status');
    this.fillStatuses = () => {
      const value = status.value;
      clear(status).append(...statuses.map((s) => new Option(s ? t(`state.${s}`) : t('tasks.all'), s)));
      status.value = value;
    };
    this.fillStatuses();
    status.addEventListener('change', () => this.reload());
    let typing;
    $('task-search').addEventListener('input', () => { clearTimeout(typing); typing = setTimeout(() => this.reload(), 300); });
    $('task-refresh').addEventListener('click', () => this.load());
    $('page-prev').addEventListener('click', () => { this.page -= 1; this.load(); });
    $('page-next').addEventListener('click', () => { this.page += 1; this.load(); });
    $('select-all').addEventListener('change', (event) => {
      document.querySelectorAll('#task-table tbody input.select:not(:disabled)').forEach((box) => {
        box.checked = event.target.checked;
        this.toggle(box.value, box.checked);
      });
    });
    $('batch-pause').addEventListener('click', () => this.batch('pause'));
    $('batch-resume').addEventListener('click', () => this.batch('resume'));
    $('batch-delete').addEventListener('click', () => this.batch('delete'));
    $('task-cleanup').addEventListener('click', () => this.act(async () => {
      const r = await call('POST', 'tasks/cleanup');
      return t('tasks.cleaned', { count: r.cleaned, bytes: formatBytes(r.freed_bytes) });
    }));
    $('task-resume-failed').addEventListener('click', () => this.act(async () => {
      const r = await call('POST', 'tasks/resume_all_failed');
      return t('tasks.resumed', { count: r.resumed });
    }));
    onLanguageChange(() => { this.fillStatuses(); this.render(); });
    this.updateBatch();
  }

  active(shown) {
    clearInterval(this.timer);
    this.timer = null;
    if (!shown) return;
    this.load();
    this.timer = setInterval(() => this.load(), 5000);
  }

  reload() {
    this.page = 1;
    this.load();
  }

  async load() {
    try {
      this.list = await call('GET', 'tasks', {
        query: { status: $('task-status').value, search: $('task-search').value.trim(), page: this.page, page_size: pageSize },
      });
      for (const id of this.open.keys()) this.open.set(id, (await call('GET', `folder_tasks/${encodeURIComponent(id)}/sub_tasks`)).sub_tasks);
      this.render();
      if (this.detailId) await this.detail(this.detailId);
    } catch (error) {
      this.message(error);
    }
  }

  message(textOrError) {
    const box = $('task-message');
    box.classList.toggle('ok', typeof textOrError === 'string');
    box.textContent = typeof textOrError === 'string' ? textOrError : `${textOrError.code ?? ''} ${textOrError.message}`;
  }

  async act(action) {
    try {
      const text = await action();
      this.message(text ?? '');
    } catch (error) {
      this.message(error);
    }
    await this.load();
  }

  toggle(id, on) {
    if (on) this.selected.add(id);
    else this.selected.delete(id);
    this.updateBatch();
  }

  updateBatch() {
    $('batch-count').textContent = t('tasks.selected', { count: this.selected.size });
    for (const id of ['batch-pause', 'batch-resume', 'batch-delete']) $(id).disabled = this.selected.size === 0;
  }

  batch(action) {
    const ids = [...this.selected];
    if (action === 'delete' && !window.confirm(t('tasks.confirmDelete', { name: ids.join(', ') }))) return undefined;
    return this.act(async () => {
      const r = await call('POST', 'tasks/batch', { json: { action, file_ids: ids, delete_file: $('delete-file').checked } });
      this.selected.clear();
      this.updateBatch();
      const refused = r.results.filter((x) => !x.ok);
      return refused.length ? refused.map((x) => `${x.file_id}: ${x.code}`).join('; ') : '';
    });
  }

  remove(row) {
    if (!window.confirm(t('tasks.confirmDelete', { name: row.filename || row.folder_name || row.file_id }))) return undefined;
    return this.act(async () => {
      await call('DELETE', task(row.file_id), { query: { delete_file: $('delete-file').checked ? 'true' : undefined } });
      if (this.detailId === row.file_id) this.closeDetail();
    });
  }

  render() {
    if (!this.list) return;
    const rows = [];
    for (const row of this.list.tasks) {
      rows.push(this.row(row, false));
      if (this.open.has(row.file_id)) rows.push(...this.open.get(row.file_id).map((child) => this.row(child, true)));
    }
    clear($('task-table').querySelector('tbody')).append(...(rows.length ? rows : [h('tr', {}, h('td', { colspan: 8 }, t('tasks.none')))]));
    const pages = Math.max(1, Math.ceil(this.list.total / pageSize));
    $('page-text').textContent = t('tasks.page', { page: this.page, pages, total: this.list.total });
    $('page-prev').disabled = this.page <= 1;
    $('page-next').disabled = this.page >= pages;
  }

  row(row, child) {
    const folder = row.task_type === 'folder';
    const name = folder ? row.folder_name ?? row.filename : row.relative_path || row.filename;
    const actions = [h('button', { type: 'button', class: 'detail', onclick: () => this.detail(row.file_id) }, t('tasks.detail'))];
    if (['uploading'].includes(row.status)) actions.push(h('button', { type: 'button', class: 'pause', onclick: () => this.act(() => call('POST', `${task(row.file_id)}/pause`)) }, t('upload.pause')));
    if (['paused', 'failed'].includes(row.status)) actions.push(h('button', { type: 'button', class: 'resume', onclick: () => this.act(() => call('POST', `${task(row.file_id)}/resume`)) }, t('upload.resume')));
    if (row.status !== 'merging') actions.push(h('button', { type: 'button', class: 'delete', onclick: () => this.remove(row) }, t('tasks.delete')));
    if (!folder && row.status === 'completed') actions.push(h('a', { class: 'button download', href: url(`files/${encodeURIComponent(row.file_id)}`) }, t('upload.download')));
    const toggle = folder
      ? h('button', { type: 'button', class: 'toggle', 'aria-expanded': String(this.open.has(row.file_id)), onclick: () => this.expand(row.file_id) }, this.open.has(row.file_id) ? '▾' : '▸')
      : null;
    return h('tr', { class: child ? 'child' : '', dataset: { fileId: row.file_id, status: row.status } },
      h('td', {}, h('input', { type: 'checkbox', class: 'select', value: row.file_id, disabled: folder, checked: this.selected.has(row.file_id), onchange: (e) => this.toggle(row.file_id, e.target.checked) })),
      h('td', { class: 'name' }, toggle, name),
      h('td', {}, t(folder ? 'state.folder' : 'state.file')),
      h('td', {}, h('span', { class: `state state-${row.status}` }, t(`state.${row.status}`))),
      h('td', {}, h('progress', { max: 100, value: row.completion_rate ?? 0 }), ` ${row.completion_rate ?? 0}%`),
      h('td', { class: 'figures' }, formatBytes(row.file_size)),
      h('td', { class: 'figures' }, formatTime(row.updated_at)),
      h('td', { class: 'actions' }, actions));
  }

  async expand(folderId) {
    if (this.open.has(folderId)) this.open.delete(folderId);
    else this.open.set(folderId, (await call('GET', `folder_tasks/${encodeURIComponent(folderId)}/sub_tasks`)).sub_tasks);
    this.render();
  }

  closeDetail() {
    this.detailId = null;
    $('task-detail').hidden = true;
  }

  async detail(id) {
    let d;
    try {
      d = await call('GET', task(id));
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) this.closeDetail();
      else this.message(error);
      return;
    }
    this.detailId = id;
    const panel = clear($('task-detail'));
    panel.hidden = false;
    const fields = d.task_type === 'folder'
      ? [['folder_name', d.folder_name], ['status', t(`state.${d.status}`)], ['total_files', d.total_files], ['completed_files', d.completed_files], ['failed_files', d.failed_files], ['file_size', formatBytes(d.file_size)], ['uploaded_size', formatBytes(d.uploaded_size)], ['created_at', formatTime(d.created_at)], ['updated_at', formatTime(d.updated_at)]]
      : [['filename', d.filename], ['relative_path', d.relative_path], ['status', t(`state.${d.status}`)], ['file_size', formatBytes(d.file_size)], ['completion_rate', `${d.completion_rate}%`], ['md5', d.md5 ?? '–'], ['file_path', d.file_path ?? '–'], ['parent_task_id', d.parent_task_id ?? '–'], ['retry_count', d.retry_count], ['created_at', formatTime(d.created_at)], ['updated_at', formatTime(d.updated_at)]];
    panel.append(...[
      h('div', { class: 'row' }, h('h3', {}, t('detail.title', { id: d.task_id ?? d.file_id })), h('span', { class: 'spacer' }), h('button', { type: 'button', id: 'detail-close', onclick: () => this.closeDetail() }, t('detail.close'))),
      h('dl', { class: 'fields' }, fields.flatMap(([k, v]) => [h('dt', {}, k), h('dd', { dataset: { field: k } }, v)])),
      d.last_error ? h('p', { class: 'message', id: 'detail-last-error' }, `${t('detail.lastError')}: ${d.last_error}`) : null,
    ].filter(Boolean));
    if (d.task_type === 'folder') {
      panel.append(h('h4', {}, t('detail.files')), h('ul', { class: 'uploads' }, d.sub_tasks.map((s) => h('li', { dataset: { fileId: s.file_id } },
        h('span', { class: 'name' }, s.relative_path), h('span', {}, h('span', { class: `state state-${s.status}` }, t(`state.${s.status}`))), h('span', { class: 'figures' }, `${s.completion_rate}%`)))));
      return;
    }
    const byIndex = new Map((d.chunks ?? []).map((c) => [c.index, c]));
    const cells = Array.from({ length: d.total_chunks }, (_, i) => {
      const chunk = byIndex.get(i);
      const state = !chunk ? 'missing' : chunk.status === 'corrupt' ? 'corrupt' : 'stored';
      return h('span', { class: `chunk ${state}`, title: `${i}: ${t(`detail.${state}`)}${chunk ? ` ${formatBytes(chunk.size)} ${chunk.md5}` : ''}`, dataset: { index: i, state } });
    });
    panel.append(...[
      h('h4', {}, t('detail.chunks'), ' ', h('span', { class: 'legend hint' },
        h('span', { class: 'chunk stored' }), t('detail.stored'), h('span', { class: 'chunk missing' }), t('detail.missing'), h('span', { class: 'chunk corrupt' }), t('detail.corrupt'))),
      h('div', { class: 'chunk-map', id: 'chunk-map' }, cells),
      d.status === 'completed' ? h('a', { class: 'button download', href: url(`files/${encodeURIComponent(d.file_id)}`) }, t('upload.download')) : null,
    ].filter(Boolean));
  }
}
