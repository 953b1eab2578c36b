// Mestring's service worker: keeps every file of one build in the cache, so the app starts and works
// without any network after a single visit. `scripts/postbuild.mjs` fills in VERSION and FILES.
//
// An update installs beside the running version and waits: the old version keeps serving until the new
// one is cached completely (cache.addAll is all or nothing) and the user chooses to update in the app,
// which never offers it while a form is open.

const VERSION = '__VERSION__';
const FILES = __FILES__;
const CACHE = `mestring-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith('mestring-') && key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  // A single-page app: every navigation is answered with the page, whatever its path.
  const key = event.request.mode === 'navigate' ? '/index.html' : url.pathname;
  event.respondWith(
    caches
      .open(CACHE)
      .then((cache) => cache.match(key))
      .then((cached) => cached ?? fetch(event.request)),
  );
});
