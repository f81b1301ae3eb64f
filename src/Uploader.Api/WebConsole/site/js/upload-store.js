// What the page remembers of unfinished uploads across a reload or a browser restart (IndexedDB): enough to find the
// task again and to know the re-picked file is the same one. Never the key, never file bytes.
const dbName = 'uploader-console';
const storeName = 'uploads';

function open() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(dbName, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(storeName, { keyPath: 'fileId' });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function run(mode, action) {
  const db = await open();
  try {
    return await new Promise((resolve, reject) => {
      const transaction = db.transaction(storeName, mode);
      const request = action(transaction.objectStore(storeName));
      transaction.oncomplete = () => resolve(request?.result);
      transaction.onerror = () => reject(transaction.error);
    });
  } finally {
    db.close();
  }
}

export const remember = (record) => run('readwrite', (store) => store.put(record));
export const forget = (fileId) => run('readwrite', (store) => store.delete(fileId));
export const remembered = () => run('readonly', (store) => store.getAll());

/** The record a newly picked file continues: same path, size and modification time. */
export function sameFile(record, file, relativePath) {
  return record.relativePath === relativePath && record.size === file.size && record.lastModified === file.lastModified;
}
