// Drafts keep unfinished input across a reload, but never a text the core refuses as a personal number.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withPage, chooseFacility, snap } from './harness.mjs';
import { rawStorage } from './flows.mjs';

const CPR = '010190-1234';
const DIGITS = '0101901234';

async function openRegister(page) {
  await page.getByRole('navigation').getByRole('link', { name: 'Borgere' }).click();
  await page.getByLabel('Initialer eller kode').waitFor();
}

/// Neither spelling of the number anywhere in IndexedDB or localStorage.
async function assertNotStored(page, when) {
  const raw = await rawStorage(page);
  for (const spelling of [CPR, DIGITS]) {
    assert.ok(!raw.text.includes(spelling), `${when}: "${spelling}" is in the stored data`);
  }
  return raw;
}

test('a CPR number typed as a label is kept in no draft and offered back by no "continue"', async (t) => {
  await withPage(t, '/', async (page) => {
    await chooseFacility(page);
    await openRegister(page);
    // Key by key, as staff type: every keystroke saves the draft.
    await page.getByLabel('Initialer eller kode').pressSequentially(CPR);
    await page.getByLabel('Fødselsår').fill('1990');
    await page.getByLabel('Bosted eller enhed').fill('Hus 1');
    await page.waitForTimeout(300);
    const raw = await assertNotStored(page, 'typed');
    // The draft is there, sealed (a facility's tablet has a PIN from its first start), so what it holds
    // shows in the offer after a reload: the label blanked, the rest kept.
    assert.ok(raw.stores.drafts.length > 0, 'the draft is kept');

    await page.reload();
    await page.getByText('Du var i gang med at tilføje en borger.', { exact: false }).waitFor();
    assert.ok(!(await page.locator('body').innerText()).includes(CPR));
    await page.getByRole('button', { name: 'Fortsæt, hvor jeg slap' }).click();
    assert.equal(await page.getByLabel('Initialer eller kode').inputValue(), '');
    assert.equal(await page.getByLabel('Fødselsår').inputValue(), '1990');
    await snap(page, 'draft-cpr-label-blank');
    await assertNotStored(page, 'after the reload');
  });
});

test('a draft stored with a CPR number (by an older version) is cleaned when it is read', async (t) => {
  await withPage(t, '/', async (page) => {
    await chooseFacility(page);
    await openRegister(page);
    await page.evaluate(async (label) => {
      const db = await new Promise((resolve, reject) => {
        const open = indexedDB.open('mestring');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      await new Promise((resolve, reject) => {
        const tx = db.transaction('drafts', 'readwrite');
        tx.objectStore('drafts').put(JSON.stringify({ label, birth_year: '1990', unit: 'Hus 1' }), 'citizen/new');
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    }, CPR);
    await page.reload();
    await page.getByText('Du var i gang med at tilføje en borger.', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Fortsæt, hvor jeg slap' }).click();
    assert.equal(await page.getByLabel('Initialer eller kode').inputValue(), '');
    assert.equal(await page.getByLabel('Bosted eller enhed').inputValue(), 'Hus 1');
    await page.waitForTimeout(300);
    await assertNotStored(page, 'read once');
  });
});
