// Easy-read, switched on by staff for one citizen and remembered on the device: the citizen's own rating
// then shows each domain's pictogram, short instructions and bigger text; staff's rating stays as it was.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withPage, snap, withAxe, axeViolations, staffPin } from './harness.mjs';
import { addCitizen } from './flows.mjs';

async function openMastery(page) {
  await page.getByRole('link', { name: 'Mestringsskema og plan' }).click();
  await page.getByRole('heading', { level: 1, name: 'Mestring for MJ' }).waitFor();
}

async function startRating(page, rater) {
  await page.getByRole('region', { name: 'Mit liv lige nu' }).getByRole('link', { name: new RegExp(`^${rater}`) }).click();
  await page.getByText('Område 1 af 9').waitFor();
}

const fontSize = (locator) => locator.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));

test('easy-read for one citizen: pictograms, short instructions and bigger text on their own rating, remembered', async (t) => {
  await withPage(t, '/', async (page) => {
    await addCitizen(page, 17);
    await openMastery(page);
    const toggle = page.getByRole('button', { name: 'Let at læse' });
    assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
    await startRating(page, 'Borgeren selv');
    assert.equal(await page.locator('img.pictogram').count(), 0, 'no pictogram without easy-read');
    const usual = await fontSize(page.locator('p.big-text'));
    // Away from the citizen's rating only with staff's PIN.
    await page.goBack();
    await staffPin(page);
    await openMastery(page);

    await page.getByRole('heading', { level: 1, name: 'Mestring for MJ' }).waitFor();
    await toggle.click();
    await page.locator('button.toggle[aria-pressed="true"]').waitFor();
    await page.reload();
    await page.locator('button.toggle[aria-pressed="true"]').waitFor();
    // Remembered in the citizen's record, not in the clear beside the settings.
    const settings = await page.evaluate(() => JSON.parse(localStorage.getItem('mestring.settings')));
    assert.equal(settings.easy_read, undefined, `localStorage keeps who answers in easy-read: ${JSON.stringify(settings)}`);

    await startRating(page, 'Borgeren selv');
    const pictogram = page.locator('img.pictogram');
    await pictogram.waitFor();
    assert.equal(await pictogram.getAttribute('src'), '/pictograms/mastery/self_care.svg');
    assert.equal(await pictogram.getAttribute('alt'), '', 'decorative: the heading says it in words');
    assert.ok(await pictogram.evaluate((img) => img.complete && img.naturalWidth > 0), 'the drawing loaded');
    await page.getByText('Tryk på et tal.').waitFor();
    await page.getByText('Du må gerne springe over.').waitFor();
    const larger = await fontSize(page.locator('p.big-text'));
    assert.ok(larger > usual, `easy-read text ${larger}px is larger than ${usual}px`);
    await snap(page, 'easy-read-rating');
    // axe finds nothing on the easy-read screen in any language; the language switch names each in itself.
    for (const [language, code] of [['Norsk bokmål', 'nb'], ['English', 'en'], ['Dansk', 'da']]) {
      await page.getByRole('button', { name: language }).click();
      await page.waitForFunction((code) => document.documentElement.lang === code, code);
      await page.locator('img.pictogram').waitFor();
      assert.deepEqual(await axeViolations(page), [], language);
    }
    await page.getByText('Tryk på et tal.').waitFor();

    // Every domain skipped: the check shows each domain's pictogram small.
    for (let n = 1; n <= 9; n++) {
      await page.getByText(`Område ${n} af 9`).waitFor();
      await page.getByRole('button', { name: 'Spring over' }).click();
    }
    await page.locator('img.pictogram-small').first().waitFor();
    assert.equal(await page.locator('img.pictogram-small').count(), 9);
    assert.deepEqual(await axeViolations(page), []);
    await snap(page, 'easy-read-check');
  }, { beforeLoad: withAxe });
});

test('staff rating a citizen in easy-read see the usual screen, and easy-read switches off again', async (t) => {
  await withPage(t, '/', async (page) => {
    await addCitizen(page, 17);
    await openMastery(page);
    const toggle = page.getByRole('button', { name: 'Let at læse' });
    await toggle.click();
    await page.locator('button.toggle[aria-pressed="true"]').waitFor();
    await startRating(page, 'En medarbejder');
    assert.equal(await page.locator('img.pictogram').count(), 0, 'easy-read is the citizen\'s, not staff\'s');
    assert.equal(await page.getByText('Tryk på et tal.').count(), 0);
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: 'Mestring for MJ' }).waitFor();
    await toggle.click();
    await page.locator('button.toggle[aria-pressed="false"]').waitFor();
    await startRating(page, 'Borgeren selv');
    assert.equal(await page.locator('img.pictogram').count(), 0, 'off again');
  });
});

test('a citizen in easy-read answers the ORS one question at a time', async (t) => {
  await withPage(t, '/', async (page) => {
    await addCitizen(page, 30);
    await openMastery(page);
    await page.getByRole('button', { name: 'Let at læse' }).click();
    await page.locator('button.toggle[aria-pressed="true"]').waitFor();
    await page.getByRole('link', { name: 'Tilbage' }).last().click();
    await page.getByRole('heading', { level: 1, name: 'MJ' }).waitFor();
    await page.getByRole('link', { name: 'Borgeren selv' }).click();
    await page.getByRole('button', { name: 'Start ORS-skemaet' }).click();
    for (let n = 1; n <= 4; n++) {
      await page.getByText(`Spørgsmål ${n} af 4`).waitFor();
      assert.equal(await page.locator('[role=slider]').count(), 1, 'one question on screen');
      assert.equal(await page.getByRole('button', { name: 'Færdig' }).count(), n === 4 ? 1 : 0);
      assert.equal(await page.getByRole('button', { name: 'Tilbage' }).count(), n === 1 ? 0 : 1);
      await page.locator('[role=slider]').focus();
      await page.keyboard.press('End');
      if (n === 2) await snap(page, 'easy-read-ors');
      if (n < 4) await page.getByRole('button', { name: 'Næste' }).click();
    }
    // Back to an earlier question keeps its answer.
    await page.getByRole('button', { name: 'Tilbage' }).click();
    await page.getByText('Spørgsmål 3 af 4').waitFor();
    assert.equal(await page.locator('[role=slider]').getAttribute('aria-valuenow'), '10.0');
    await page.getByRole('button', { name: 'Næste' }).click();
    await page.getByRole('button', { name: 'Færdig' }).click();
    await page.getByRole('button', { name: 'Giv tabletten til medarbejderen' }).waitFor();
  });
});
