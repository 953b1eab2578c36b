import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deploy, withPage, snap, staffPin, takeBack } from './harness.mjs';
import { addCitizen, answerAllByKeyboard, startForm } from './flows.mjs';

/// Waits until the service worker has cached the build and controls the page.
async function untilOfflineReady(page) {
  await page.waitForFunction(async () => {
    await navigator.serviceWorker.ready;
    return navigator.serviceWorker.controller !== null;
  });
}

test('index.html carries a strict Content-Security-Policy and no inline script', async (t) => {
  await withPage(t, '/', async (page) => {
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    const directives = new Map(csp.split(';').map((part) => part.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
    assert.deepEqual(directives.get('default-src'), ["'self'"]);
    assert.deepEqual(directives.get('script-src'), ["'self'", "'wasm-unsafe-eval'"]);
    assert.deepEqual(directives.get('connect-src'), ["'self'"]);
    assert.deepEqual(directives.get('object-src'), ["'none'"]);
    const inline = await page.locator('script:not([src])').count();
    assert.equal(inline, 0);
    const manifest = await page.evaluate(async () => {
      const href = document.querySelector('link[rel=manifest]').href;
      return (await fetch(href)).json();
    });
    assert.equal(manifest.start_url, '/');
    assert.equal(manifest.display, 'standalone');
    assert.deepEqual(manifest.icons.map((icon) => icon.sizes), ['any', '192x192', '512x512']);
  });
});

test('after one visit the app starts and saves a form with the network off', async (t) => {
  await withPage(t, '/', async (page) => {
    await addCitizen(page);
    await untilOfflineReady(page);

    await page.context().setOffline(true);
    const response = await page.reload();
    assert.ok(response.fromServiceWorker(), 'the page came from the service worker');
    await page.getByRole('heading', { level: 1, name: 'MJ' }).waitFor();
    await page.getByRole('link', { name: 'Borgeren selv' }).click();
    await startForm(page);
    await answerAllByKeyboard(page);
    await page.getByRole('button', { name: 'Færdig' }).click();
    await page.getByText('Din samlede score er 40,0 ud af 40,0.').waitFor();
    await snap(page, 'offline-form-saved');

    await page.context().setOffline(false);
    await page.reload();
    // The meeting comes back at the step it was on: the calm result of the stored form.
    await page.getByText('Din samlede score er 40,0 ud af 40,0.').waitFor();
    await takeBack(page);
    await page.goto(new URL('/citizens', page.url()).href);
    await page.getByRole('link', { name: /^MJ/ }).click();
    const rows = page.locator('table.history tbody tr');
    await rows.first().waitFor();
    assert.match((await rows.allInnerTexts())[0], /\tORS\tBorgeren selv\t40,0\t/);
  });
});

test('a new version waits until staff choose to update, and never shows on a form', async (t) => {
  await withPage(t, '/', async (page) => {
    await addCitizen(page);
    await untilOfflineReady(page);
    // A changed sw.js is a new version to the browser.
    const sw = await page.evaluate(async () => (await fetch('/sw.js')).text());
    t.after(deploy('/sw.js', `${sw}\n// the next version\n`));

    await page.getByRole('link', { name: 'Borgeren selv' }).click();
    await startForm(page);
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
    await page.waitForFunction(() => document.documentElement.hasAttribute('data-update-ready'));
    // The citizen's form stays as it is.
    assert.equal(await page.getByRole('button', { name: 'Opdater nu' }).count(), 0);

    await takeBack(page);
    await page.goto(new URL('/', page.url()).href);
    await page.getByText('Der er en ny version af Mestring.', { exact: false }).waitFor();
    await snap(page, 'update-offered');
    await page.evaluate(() => { window.beforeUpdate = true; });
    await page.getByRole('button', { name: 'Opdater nu' }).click();
    await page.waitForFunction(() => window.beforeUpdate === undefined);
    // The new version starts locked, as every load of a tablet with a PIN does.
    await staffPin(page);
    await page.getByRole('heading', { level: 1, name: 'Mestring' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Opdater nu' }).count(), 0);
    const waiting = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).waiting);
    assert.equal(waiting, null);
  });
});
