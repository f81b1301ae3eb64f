// Health, disk and counts from /health and /system, refreshed every 5 s while shown.
import { ApiError, call } from './api.js';
import { clear, formatBytes, formatDuration, h } from './dom.js';
import { onLanguageChange, t } from './i18n.js';

const statuses = ['uploading', 'paused', 'merging', 'completed', 'failed'];

function disk(label, volume) {
  return h('div', {},
    h('div', {}, label, ' ', h('span', { class: 'figures' }, volume.path ?? '')),
    h('progress', { max: 100, value: volume.usage_percent }),
    ' ',
    h('span', { class: 'figures' }, t('system.free', { free: formatBytes(volume.free_bytes), total: formatBytes(volume.total_bytes), percent: volume.usage_percent })));
}

export class SystemView {
  constructor() {
    this.timer = null;
    onLanguageChange(() => this.last && this.render(...this.last));
  }

  active(shown) {
    clearInterval(this.timer);
    this.timer = null;
    if (!shown) return;
    this.load();
    this.timer = setInterval(() => this.load(), 5000);
  }

  async load() {
    let health;
    try {
      health = await call('GET', 'health');
    } catch (error) {
      if (!(error instanceof ApiError) || !error.problem?.checks) throw error;
      health = error.problem;
    }
    this.last = [health, await call('GET', 'system')];
    this.render(...this.last);
  }

  render(health, system) {
    const checks = Object.entries(health.checks ?? {});
    clear(document.getElementById('system')).append(
      h('div', { class: 'card', id: 'system-health' },
        h('h3', {}, t('system.health'), ': ', h('span', { class: `health-${health.status}` }, health.status)),
        h('dl', { class: 'fields' }, checks.flatMap(([name, check]) => [
          h('dt', {}, name),
          h('dd', {}, h('span', { class: `health-${check.status}` }, check.status), ' ', check.description ?? ''),
        ]))),
      h('div', { class: 'card', id: 'system-disk' },
        h('h3', {}, t('system.disk')),
        disk('upload_dir', system.disk.upload),
        disk('merged_dir', system.disk.merged)),
      h('div', { class: 'card', id: 'system-tasks' },
        h('h3', {}, t('system.tasks')),
        h('dl', { class: 'fields' }, statuses.flatMap((s) => [h('dt', {}, t(`state.${s}`)), h('dd', { dataset: { status: s } }, system.tasks.by_status[s] ?? 0)]))),
      h('div', { class: 'card', id: 'system-runtime' },
        h('h3', {}, t('system.runtime')),
        h('dl', { class: 'fields' },
          h('dt', {}, t('system.version')), h('dd', {}, system.runtime.version),
          h('dt', {}, t('system.uptime')), h('dd', {}, formatDuration(system.runtime.uptime_seconds)),
          h('dt', {}, t('system.memory')), h('dd', {}, formatBytes(system.runtime.working_set_bytes)))));
  }
}
