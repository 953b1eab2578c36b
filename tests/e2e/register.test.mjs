import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withPage, chooseFacility, baseUrl, staffPin } from './harness.mjs';

async function openRegister(page) {
  await chooseFacility(page);
  await page.getByRole('navigation').getByRole('link', { name: 'Borgere' }).click();
  await page.getByRole('heading', { level: 1, name: 'Borgere' }).waitFor();
}

async function fill(page, { label, year, unit }) {
  await page.getByLabel('Initialer eller kode').fill(label);
  await page.getByLabel('Fødselsår').fill(year);
  await page.getByLabel('Bosted eller enhed').fill(unit);
}

/// Writes random blocks (the browser compresses what it stores) into a database of its own until even
/// a few bytes no longer fit, halving the block size at each refusal. Returns the last refusal's name.
async function fillStorage() {
  const db = await new Promise((resolve, reject) => {
    const req = indexedDB.open('filler', 1);
    req.onupgradeneeded = () => req.result.createObjectStore('blocks');
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  let size = 65_536;
  let refusal = null;
  for (let key = 0; size >= 16 && key < 10_000; key++) {
    refusal = await new Promise((resolve) => {
      const tx = db.transaction('blocks', 'readwrite');
      const block = new Uint8Array(size);
      crypto.getRandomValues(block);
      tx.objectStore('blocks').put(block, key);
      tx.oncomplete = () => resolve(null);
      tx.onabort = () => resolve(tx.error?.name ?? 'AbortError');
    });
    if (refusal) size /= 2;
  }
  db.close();
  return refusal;
}

function rows(page) {
  return page.locator('.citizen-list li');
}

test('a citizen added through the form appears in the list', async (t) => {
  await withPage(t, '/', async (page) => {
    await openRegister(page);
    await page.getByText('Der er ingen borgere endnu.', { exact: false }).waitFor();

    await fill(page, { label: 'MJ', year: '2008', unit: 'Ungeenheden' });
    await page.getByRole('button', { name: 'Tilføj borger' }).click();

    await page.getByRole('status').getByText('MJ er tilføjet.').waitFor();
    assert.deepEqual(await rows(page).allInnerTexts(), ['MJ\nFødt 2008 · Ungeenheden']);
    // The form is fresh for the next citizen, with the unit kept.
    assert.equal(await page.getByLabel('Initialer eller kode').inputValue(), '');
    assert.equal(await page.getByLabel('Bosted eller enhed').inputValue(), 'Ungeenheden');
  });
});

test('a CPR number is refused with a clear message and nothing is stored', async (t) => {
  await withPage(t, '/', async (page) => {
    await openRegister(page);
    await fill(page, { label: '010190-1234', year: '1990', unit: 'Hus 2' });
    await page.getByRole('button', { name: 'Tilføj borger' }).click();

    await page.getByText('Det ligner et CPR-nummer.', { exact: false }).waitFor();
    const label = page.getByLabel('Initialer eller kode');
    assert.equal(await label.getAttribute('aria-invalid'), 'true');
    assert.equal(await label.inputValue(), '010190-1234', 'the typed text is kept');
    assert.equal(await rows(page).count(), 0);
  });
});

test('every problem is shown at once and clears when fixed', async (t) => {
  await withPage(t, '/', async (page) => {
    await openRegister(page);
    await fill(page, { label: '', year: '19', unit: '' });
    await page.getByRole('button', { name: 'Tilføj borger' }).click();
    await page.getByRole('alert').getByText('Noget skal rettes', { exact: false }).waitFor();
    assert.equal(await page.locator('.field-problems li').count(), 3);

    await page.getByLabel('Initialer eller kode').fill('AB');
    assert.equal(await page.locator('.field-problems li').count(), 2);
  });
});

test('a citizen is renamed and archived, and archived ones can be shown again', async (t) => {
  await withPage(t, '/', async (page) => {
    await openRegister(page);
    await fill(page, { label: 'AB', year: '1980', unit: 'Hus 1' });
    await page.getByRole('button', { name: 'Tilføj borger' }).click();
    await page.getByRole('status').getByText('AB er tilføjet.').waitFor();

    // The citizen's page starts meetings; its details are edited one step further.
    await page.getByRole('link', { name: /^AB/ }).click();
    await page.getByRole('link', { name: 'Ret oplysninger' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ret AB' }).waitFor();
    await page.getByLabel('Initialer eller kode').fill('AC');
    await page.getByRole('button', { name: 'Gem ændringer' }).click();
    await page.getByRole('status').getByText('Ændringerne for AC er gemt.').waitFor();
    await page.getByRole('heading', { level: 1, name: 'AC' }).waitFor();
    await page.getByRole('navigation').getByRole('link', { name: 'Borgere' }).click();
    assert.deepEqual(await rows(page).allInnerTexts(), ['AC\nFødt 1980 · Hus 1']);

    await page.getByRole('link', { name: /^AC/ }).click();
    await page.getByRole('link', { name: 'Ret oplysninger' }).click();
    await page.getByRole('button', { name: 'Arkiver borgeren' }).click();
    await page.getByRole('status').getByText('AC er arkiveret.', { exact: false }).waitFor();
    await page.getByRole('navigation').getByRole('link', { name: 'Borgere' }).click();
    assert.equal(await rows(page).count(), 0);

    await page.getByLabel('Vis også arkiverede').check();
    assert.deepEqual(await rows(page).allInnerTexts(), ['AC\nFødt 1980 · Hus 1\nArkiveret']);
  });
});

test('the register survives a reload and a closed tab', async (t) => {
  await withPage(t, '/', async (page) => {
    await openRegister(page);
    await fill(page, { label: 'KL', year: '2001', unit: 'Hus 3' });
    await page.getByRole('button', { name: 'Tilføj borger' }).click();
    await page.getByRole('status').getByText('KL er tilføjet.').waitFor();

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Borgere' }).waitFor();
    await rows(page).first().waitFor();
    assert.deepEqual(await rows(page).allInnerTexts(), ['KL\nFødt 2001 · Hus 3']);

    const second = await page.context().newPage();
    await page.close();
    await second.goto(baseUrl + '/citizens');
    await staffPin(second);
    await second.locator('.citizen-list li').first().waitFor();
    assert.deepEqual(await second.locator('.citizen-list li').allInnerTexts(), ['KL\nFødt 2001 · Hus 3']);
  });
});

test('settings show how the device stores data', async (t) => {
  await withPage(t, '/', async (page) => {
    await chooseFacility(page);
    await page.getByRole('navigation').getByRole('link', { name: 'Indstillinger' }).click();
    await page.getByRole('heading', { level: 2, name: 'Data på enheden' }).waitFor();
    // Thousands grouped with a dot, the number and its unit held together by a no-break space.
    await page.getByText(/^Brugt: [\d.]+,\d\u00a0MB af [\d.]+,\d\u00a0MB \(\d+\u00a0%\)\.$/).waitFor();
    await page.getByText('Alle gemte poster kan læses.').waitFor();
  });
});

test('a reload in the middle of the form offers to resume exactly where it stopped', async (t) => {
  await withPage(t, '/', async (page) => {
    await openRegister(page);
    await fill(page, { label: 'ØB', year: '1994', unit: 'Hus 4' });
    // Each keystroke is saved as it happens; no button is pressed before the reload.
    await page.waitForTimeout(200);
    await page.reload();

    await page.getByText('Du var i gang med at tilføje en borger.', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Fortsæt, hvor jeg slap' }).click();
    assert.equal(await page.getByLabel('Initialer eller kode').inputValue(), 'ØB');
    assert.equal(await page.getByLabel('Fødselsår').inputValue(), '1994');
    assert.equal(await page.getByLabel('Bosted eller enhed').inputValue(), 'Hus 4');

    await page.getByRole('button', { name: 'Tilføj borger' }).click();
    await page.getByRole('status').getByText('ØB er tilføjet.').waitFor();
    await page.reload();
    await rows(page).first().waitFor();
    assert.deepEqual(await rows(page).allInnerTexts(), ['ØB\nFødt 1994 · Hus 4']);
    assert.equal(await page.getByText('Du var i gang med', { exact: false }).count(), 0, 'the draft is gone once stored');
  });
});

test('a write refused for lack of space is reported, keeps the typed text and loses nothing stored', async (t) => {
  await withPage(t, '/', async (page) => {
    await openRegister(page);
    await fill(page, { label: 'AA', year: '1990', unit: 'Hus 1' });
    await page.getByRole('button', { name: 'Tilføj borger' }).click();
    await page.getByRole('status').getByText('AA er tilføjet.').waitFor();

    // Fill the small quota with another database, as a full tablet would be.
    assert.equal(await page.evaluate(fillStorage), 'QuotaExceededError');
    await fill(page, { label: 'BB', year: '1991', unit: 'Hus 1' });
    await page.getByRole('button', { name: 'Tilføj borger' }).click();
    // The DevTools quota override does not show in `navigator.storage.estimate()`, so the app cannot tell
    // this abort from any other: it says the write was interrupted. On a really full device it says so.
    await page.getByText('Det blev ikke gemt, fordi noget afbrød det. Prøv igen.').waitFor();
    await page.getByText('Det, du skrev, er ikke gemt, men står stadig i formularen.').waitFor();
    assert.equal(await page.getByLabel('Initialer eller kode').inputValue(), 'BB');
    assert.deepEqual(await rows(page).allInnerTexts(), ['AA\nFødt 1990 · Hus 1']);

    // Once space is freed, the same press stores it, and the earlier citizen is still there.
    await page.evaluate(() => new Promise((resolve) => {
      indexedDB.deleteDatabase('filler').onsuccess = resolve;
    }));
    await page.getByRole('button', { name: 'Tilføj borger' }).click();
    await page.getByRole('status').getByText('BB er tilføjet.').waitFor();
    await page.reload();
    await rows(page).nth(1).waitFor();
    assert.deepEqual(await rows(page).allInnerTexts(), ['AA\nFødt 1990 · Hus 1', 'BB\nFødt 1991 · Hus 1']);
  }, {
    onDisk: true,
    // Chromium takes a quota override only before the origin first stores anything. The service worker's
    // copy of the app (about 1.8 MB) counts against the same quota, so the quota leaves room beside it.
    beforeLoad: async (page) => {
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Storage.overrideQuotaForOrigin', { origin: baseUrl, quotaSize: 8_000_000 });
    },
  });
});
