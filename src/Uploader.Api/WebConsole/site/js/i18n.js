// English and Chinese; the browser's language picks one, the header's switch changes it (kept in localStorage:
// only the language, never a key). Static text carries data-i18n="key"; what the views build calls t().
const messages = {
  en: {
    'app.title': 'Uploader',
    'nav.upload': 'Upload',
    'nav.tasks': 'Tasks',
    'nav.system': 'System',
    'nav.logout': 'Log out',
    'login.title': 'Log in',
    'login.key': 'API key',
    'login.submit': 'Log in',
    'login.hint': 'The key is in data/secret.key on the server. It is sent once; the page keeps only a session cookie.',
    'login.wrong': 'Wrong key.',
    'login.locked': 'Too many wrong keys from this address: try again in {seconds} s.',
    'login.failed': 'Login failed: {message}',
    'upload.drop': 'Drop files or folders here',
    'upload.pickFiles': 'Choose files…',
    'upload.pickFolder': 'Choose a folder…',
    'upload.overall': 'Overall',
    'upload.pauseAll': 'Pause all',
    'upload.resumeAll': 'Resume all',
    'upload.clearDone': 'Clear finished',
    'upload.pause': 'Pause',
    'upload.resume': 'Resume',
    'upload.cancel': 'Cancel',
    'upload.retry': 'Retry',
    'upload.download': 'Download',
    'upload.pending': 'Interrupted uploads',
    'upload.pendingHint': 'Pick the same file or folder again to continue: only the chunks the server lacks are sent.',
    'upload.forget': 'Forget',
    'upload.retrying': 'Retrying ({code})…',
    'upload.limits': 'Chunks of up to {chunk}, {parallel} in parallel; files up to {file}.',
    'upload.empty': 'Nothing uploaded yet.',
    'state.queued': 'queued',
    'state.preparing': 'checking',
    'state.uploading': 'uploading',
    'state.paused': 'paused',
    'state.merging': 'merging',
    'state.completed': 'completed',
    'state.failed': 'failed',
    'state.cancelled': 'cancelled',
    'state.folder': 'folder',
    'state.file': 'file',
    'tasks.status': 'Status',
    'tasks.all': 'All',
    'tasks.search': 'Search by name',
    'tasks.refresh': 'Refresh',
    'tasks.name': 'Name',
    'tasks.type': 'Type',
    'tasks.progress': 'Progress',
    'tasks.size': 'Size',
    'tasks.updated': 'Updated',
    'tasks.actions': 'Actions',
    'tasks.detail': 'Detail',
    'tasks.delete': 'Delete',
    'tasks.deleteFile': 'Delete the merged file too',
    'tasks.confirmDelete': 'Delete task {name}?',
    'tasks.selected': '{count} selected',
    'tasks.batchPause': 'Pause selected',
    'tasks.batchResume': 'Resume selected',
    'tasks.batchDelete': 'Delete selected',
    'tasks.cleanup': 'Clean up expired',
    'tasks.resumeFailed': 'Resume all failed',
    'tasks.cleaned': 'Cleaned {count} tasks, freed {bytes}.',
    'tasks.resumed': 'Resumed {count} tasks.',
    'tasks.page': 'Page {page} of {pages} ({total} tasks)',
    'tasks.prev': 'Previous',
    'tasks.next': 'Next',
    'tasks.none': 'No tasks.',
    'detail.title': 'Task {id}',
    'detail.close': 'Close',
    'detail.chunks': 'Chunks',
    'detail.stored': 'stored',
    'detail.missing': 'missing',
    'detail.corrupt': 'corrupt',
    'detail.lastError': 'Last error',
    'detail.path': 'File',
    'detail.files': 'Files',
    'system.health': 'Health',
    'system.checks': 'Checks',
    'system.disk': 'Disk',
    'system.tasks': 'Tasks by status',
    'system.runtime': 'Server',
    'system.version': 'Version',
    'system.uptime': 'Uptime',
    'system.memory': 'Memory',
    'system.free': '{free} free of {total} ({percent}% used)',
    'error.generic': '{message}',
  },
  zh: {
    'app.title': '上传服务',
    'nav.upload': '上传',
    'nav.tasks': '任务',
    'nav.system': '系统',
    'nav.logout': '退出登录',
    'login.title': '登录',
    'login.key': 'API 密钥',
    'login.submit': '登录',
    'login.hint': '密钥在服务器的 data/secret.key 中。它只发送一次，页面只保留会话 Cookie。',
    'login.wrong': '密钥错误。',
    'login.locked': '此地址输错密钥次数过多：请 {seconds} 秒后再试。',
    'login.failed': '登录失败：{message}',
    'upload.drop': '将文件或文件夹拖到这里',
    'upload.pickFiles': '选择文件…',
    'upload.pickFolder': '选择文件夹…',
    'upload.overall': '总进度',
    'upload.pauseAll': '全部暂停',
    'upload.resumeAll': '全部继续',
    'upload.clearDone': '清除已完成',
    'upload.pause': '暂停',
    'upload.resume': '继续',
    'upload.cancel': '取消',
    'upload.retry': '重试',
    'upload.download': '下载',
    'upload.pending': '未完成的上传',
    'upload.pendingHint': '重新选择同一个文件或文件夹即可继续：只发送服务器缺少的分片。',
    'upload.forget': '忘记',
    'upload.retrying': '正在重试（{code}）…',
    'upload.limits': '分片最大 {chunk}，并行 {parallel} 个；文件最大 {file}。',
    'upload.empty': '还没有上传。',
    'state.queued': '排队中',
    'state.preparing': '检查中',
    'state.uploading': '上传中',
    'state.paused': '已暂停',
    'state.merging': '合并中',
    'state.completed': '已完成',
    'state.failed': '失败',
    'state.cancelled': '已取消',
    'state.folder': '文件夹',
    'state.file': '文件',
    'tasks.status': '状态',
    'tasks.all': '全部',
    'tasks.search': '按名称搜索',
    'tasks.refresh': '刷新',
    'tasks.name': '名称',
    'tasks.type': '类型',
    'tasks.progress': '进度',
    'tasks.size': '大小',
    'tasks.updated': '更新时间',
    'tasks.actions': '操作',
    'tasks.detail': '详情',
    'tasks.delete': '删除',
    'tasks.deleteFile': '同时删除合并后的文件',
    'tasks.confirmDelete': '删除任务 {name}？',
    'tasks.selected': '已选 {count} 个',
    'tasks.batchPause': '暂停所选',
    'tasks.batchResume': '继续所选',
    'tasks.batchDelete': '删除所选',
    'tasks.cleanup': '清理过期任务',
    'tasks.resumeFailed': '继续全部失败任务',
    'tasks.cleaned': '已清理 {count} 个任务，释放 {bytes}。',
    'tasks.resumed': '已继续 {count} 个任务。',
    'tasks.page': '第 {page} / {pages} 页（共 {total} 个任务）',
    'tasks.prev': '上一页',
    'tasks.next': '下一页',
    'tasks.none': '没有任务。',
    'detail.title': '任务 {id}',
    'detail.close': '关闭',
    'detail.chunks': '分片',
    'detail.stored': '已存储',
    'detail.missing': '缺失',
    'detail.corrupt': '损坏',
    'detail.lastError': '最近错误',
    'detail.path': '文件',
    'detail.files': '文件',
    'system.health': '健康状态',
    'system.checks': '检查项',
    'system.disk': '磁盘',
    'system.tasks': '各状态任务数',
    'system.runtime': '服务器',
    'system.version': '版本',
    'system.uptime': '运行时间',
    'system.memory': '内存',
    'system.free': '可用 {free}，共 {total}（已用 {percent}%）',
    'error.generic': '{message}',
  },
};

export const languages = { en: 'English', zh: '中文' };
const storageKey = 'uploader.language';

function initialLanguage() {
  const saved = localStorage.getItem(storageKey);
  if (saved && messages[saved]) return saved;
  return (navigator.languages || [navigator.language]).some((l) => l?.toLowerCase().startsWith('zh')) ? 'zh' : 'en';
}

let current = initialLanguage();
const listeners = new Set();

export const language = () => current;

export function t(key, params = {}) {
  const text = messages[current][key] ?? messages.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (params[name] ?? `{${name}}`));
}

export function translatePage(root = document) {
  document.documentElement.lang = current === 'zh' ? 'zh-CN' : 'en';
  root.querySelectorAll('[data-i18n]').forEach((node) => { node.textContent = t(node.dataset.i18n); });
  root.querySelectorAll('[data-i18n-placeholder]').forEach((node) => { node.placeholder = t(node.dataset.i18nPlaceholder); });
  document.title = t('app.title');
}

export function setLanguage(next) {
  if (!messages[next]) return;
  current = next;
  localStorage.setItem(storageKey, next);
  translatePage();
  listeners.forEach((listener) => listener());
}

export const onLanguageChange = (listener) => listeners.add(listener);
