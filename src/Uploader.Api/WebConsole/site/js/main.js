// Boot: the session decides between the login form and the console; the hash picks the view.
import { ApiError, call } from './api.js';
import { languages, language, onLanguageChange, setLanguage, t, translatePage } from './i18n.js';
import { UploadEngine } from './upload-engine.js';
import { UploadView } from './upload-view.js';
import { TasksView } from './tasks-view.js';
import { SystemView } from './system-view.js';

const $ = (id) => document.getElementById(id);
const views = ['login', 'upload', 'tasks', 'system'];
let engine;
let uploadView;
let tasksView;
let systemView;

function show(view) {
  for (const name of views) $(`view-${name}`).hidden = name !== view;
  document.querySelectorAll('#nav a').forEach((a) => a.classList.toggle('current', a.dataset.view === view));
  tasksView?.active(view === 'tasks');
  systemView?.active(view === 'system');
}

function route() {
  const view = location.hash.slice(1);
  show(['upload', 'tasks', 'system'].includes(view) ? view : 'upload');
}

function showLogin(message = '') {
  $('nav').hidden = true;
  $('logout').hidden = true;
  $('login-message').textContent = message;
  show('login');
  $('login-key').focus();
}

async function showConsole(authEnabled) {
  $('nav').hidden = false;
  $('logout').hidden = !authEnabled;
  if (!engine) {
    engine = new UploadEngine(await call('GET', 'limits'));
    engine.addEventListener('unauthorized', () => showLogin());
    uploadView = new UploadView(engine);
    tasksView = new TasksView();
    systemView = new SystemView();
  } else {
    engine.pump();
  }
  await engine.loadPending();
  route();
}

async function login(event) {
  event.preventDefault();
  const key = $('login-key');
  try {
    await call('POST', 'auth/login', { json: { secret_key: key.value } });
    key.value = '';
    await showConsole(true);
  } catch (error) {
    key.value = '';
    if (!(error instanceof ApiError)) throw error;
    if (error.status === 401) $('login-message').textContent = t('login.wrong');
    else if (error.status === 429) $('login-message').textContent = t('login.locked', { seconds: error.retryAfterSeconds ?? '?' });
    else $('login-message').textContent = t('login.failed', { message: error.message });
  }
}

async function logout() {
  await engine?.pauseAll();
  await call('POST', 'auth/logout');
  showLogin();
}

async function boot() {
  const picker = $('language');
  for (const [code, name] of Object.entries(languages)) picker.append(new Option(name, code));
  picker.value = language();
  picker.addEventListener('change', () => setLanguage(picker.value));
  onLanguageChange(() => { picker.value = language(); });
  translatePage();
  $('login-form').addEventListener('submit', login);
  $('logout').addEventListener('click', logout);
  window.addEventListener('hashchange', () => { if ($('view-login').hidden) route(); });
  try {
    const check = await call('GET', 'auth/check');
    await showConsole(check.auth_enabled);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) showLogin();
    else showLogin(t('login.failed', { message: error.message }));
  }
}

boot();
