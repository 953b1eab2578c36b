// Registers the service worker and passes updates to the app through two window events:
// `mestring-update-ready` when a new version is installed and waiting (also marked on <html> as
// data-update-ready, in case the app starts listening later), and `mestring-update-accept` from the app
// when the user chooses to update; the page then reloads once the new version has taken over.
if ('serviceWorker' in navigator) {
  let accepted = false;
  const announce = () => {
    document.documentElement.dataset.updateReady = '';
    dispatchEvent(new Event('mestring-update-ready'));
  };
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (accepted) location.reload();
  });
  navigator.serviceWorker.register('/sw.js').then((registration) => {
    // A browser that keeps service workers out (a policy, a test) may resolve with nothing.
    if (!registration) return;
    // Without a controller this is the first install, not an update.
    if (registration.waiting && navigator.serviceWorker.controller) announce();
    registration.addEventListener('updatefound', () => {
      const worker = registration.installing;
      worker?.addEventListener('statechange', () => {
        if (worker.state === 'installed' && navigator.serviceWorker.controller) announce();
      });
    });
    addEventListener('mestring-update-accept', () => {
      accepted = true;
      registration.waiting?.postMessage('skip-waiting');
    });
  }, (err) => console.error('no offline copy: the service worker was not registered', err));
}
