// Nothing the citizen needs is below the fold: on a 10-inch tablet on its side (1280 × 800) and held
// upright (800 × 1280), an easy-read rating shows "Tryk på et tal", every number and the way on without
// scrolling; a comment is written after the tap, on its own step, or left out; the ORS shows its question
// and "Næste" or "Færdig" the same way. axe finds nothing on any of these screens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withPage, snap, withAxe, axeViolations, staffPin } from './harness.mjs';
import { addCitizen } from './flows.mjs';

const ORIENTATIONS = [
  { name: 'landscape', viewport: { width: 1280, height: 800 } },
  { name: 'portrait', viewport: { width: 800, height: 1280 } },
];

/// Each of `locators` (every element each matches) that is not wholly inside the window as it is, or a
/// page scrolled away from its top: what a citizen would have to scroll to reach.
async function outOfSight(page, locators) {
  const found = [];
  const scrolled = await page.evaluate(() => document.scrollingElement.scrollTop);
  if (scrolled !== 0) found.push(`the page is scrolled ${scrolled}px down`);
  const { width, height } = page.viewportSize();
  for (const locator of locators) {
    const all = await locator.all();
    if (all.length === 0) found.push(`${locator} is not on the screen`);
    for (const element of all) {
      const box = await element.boundingBox();
      const name = (await element.getAttribute('aria-label')) ?? (await element.innerText()).slice(0, 30);
      if (!box) {
        found.push(`"${name}" is not drawn`);
      } else if (box.x < 0 || box.y < 0 || box.x + box.width > width + 0.5 || box.y + box.height > height + 0.5) {
        found.push(`"${name}" spans ${Math.round(box.y)}..${Math.round(box.y + box.height)} of ${height}px`);
      }
    }
  }
  return found;
}

/// Easy-read switched on for MJ by staff, from the mastery page.
async function easyReadOn(page) {
  await page.getByRole('link', { name: 'Mestringsskema og plan' }).click();
  await page.getByRole('heading', { level: 1, name: 'Mestring for MJ' }).waitFor();
  await page.getByRole('button', { name: 'Let at læse' }).click();
  await page.locator('button.toggle[aria-pressed="true"]').waitFor();
}

for (const { name, viewport } of ORIENTATIONS) {
  test(`an easy-read rating in ${name}: the numbers and the way on in sight, a comment after the tap`, async (t) => {
    await withPage(t, '/', async (page) => {
      await addCitizen(page, 17);
      await easyReadOn(page);
      await page.getByRole('region', { name: 'Mit liv lige nu' }).getByRole('link', { name: /^Borgeren selv/ }).click();
      await page.getByText('Område 1 af 9').waitFor();
      await page.locator('img.pictogram').evaluate((img) => img.decode());
      const steps = page.getByRole('radio');
      assert.equal(await steps.count(), 10);
      assert.deepEqual(await outOfSight(page, [
        page.locator('.easy-read-instructions p').first(),
        steps,
        page.getByRole('button', { name: 'Spring over' }),
      ]), []);
      assert.equal(await page.getByRole('textbox').count(), 0, 'no comment before the rating');
      assert.deepEqual(await axeViolations(page), []);
      await snap(page, `in-sight-rating-${name}`);
      // The same in the other languages, whose words run longer or shorter; by structure, not by text.
      for (const [language, code] of [['Norsk bokmål', 'nb'], ['English', 'en'], ['Dansk', 'da']]) {
        await page.getByRole('button', { name: language }).click();
        await page.waitForFunction((code) => document.documentElement.lang === code, code);
        assert.deepEqual(await outOfSight(page, [
          page.locator('.easy-read-instructions p'),
          steps,
          page.locator('button.ladder-skip'),
        ]), [], language);
      }

      // A tap: the answer, another a tap away, the comment and "Næste", all in sight.
      await steps.filter({ hasText: /^7$/ }).click();
      const comment = page.getByLabel('Vil du sige mere? Skriv her.');
      await comment.waitFor();
      await page.getByText('Dit svar: 7 · ', { exact: false }).waitFor();
      assert.equal(await page.evaluate(() => document.activeElement.id), 'screen-title', 'the screen\'s heading has the focus');
      assert.deepEqual(await outOfSight(page, [
        page.getByRole('button', { name: 'Vælg et andet tal' }),
        comment,
        page.getByRole('button', { name: 'Næste' }),
      ]), []);
      await comment.fill('Jeg klarer det meste selv');
      assert.deepEqual(await axeViolations(page), []);
      await snap(page, `in-sight-comment-${name}`);
      await page.getByRole('button', { name: 'Næste' }).click();

      // The second domain: its comment left out by keyboard alone, Tab from the heading to the first step.
      await page.getByText('Område 2 af 9').waitFor();
      assert.equal(await page.evaluate(() => document.activeElement.id), 'screen-title');
      await page.getByRole('radio', { name: /^10:/ }).focus();
      await page.keyboard.press('Enter');
      await comment.waitFor();
      await page.getByRole('button', { name: 'Næste' }).focus();
      await page.keyboard.press('Enter');
      await page.getByText('Område 3 af 9').waitFor();

      // Back to the first: its answer and its comment are kept; another number keeps the comment.
      await page.getByRole('button', { name: 'Tilbage' }).click();
      await page.getByRole('button', { name: 'Tilbage' }).click();
      await page.getByText('Område 1 af 9').waitFor();
      assert.equal(await comment.inputValue(), 'Jeg klarer det meste selv');
      await page.getByRole('button', { name: 'Vælg et andet tal' }).click();
      assert.equal(await page.getByRole('radio', { name: /^7:/ }).getAttribute('aria-checked'), 'true');
      await page.getByRole('radio', { name: /^8:/ }).click();
      await page.getByText('Dit svar: 8 · ', { exact: false }).waitFor();
      assert.equal(await comment.inputValue(), 'Jeg klarer det meste selv');
    }, { viewport, hasTouch: true, beforeLoad: withAxe });
  });

  test(`the usual rating in ${name}: every number, "skip" and the comment step in sight`, async (t) => {
    await withPage(t, '/', async (page) => {
      await addCitizen(page, 17);
      await page.getByRole('link', { name: 'Mestringsskema og plan' }).click();
      await page.getByRole('region', { name: 'Mit liv lige nu' }).getByRole('link', { name: /^Borgeren selv/ }).click();
      await page.getByText('Område 1 af 9').waitFor();
      assert.equal(await page.locator('.easy-read-instructions').count(), 0);
      const steps = page.getByRole('radio');
      assert.deepEqual(await outOfSight(page, [steps, page.getByRole('button', { name: 'Spring over' })]), []);
      await steps.filter({ hasText: /^3$/ }).click();
      const comment = page.getByLabel('Vil du sige mere om det? (frivilligt)');
      await comment.fill('Det går op og ned');
      assert.deepEqual(await outOfSight(page, [
        page.getByRole('button', { name: 'Vælg et andet tal' }),
        comment,
        page.getByRole('button', { name: 'Næste' }),
      ]), []);
      assert.deepEqual(await axeViolations(page), []);
      await snap(page, `in-sight-usual-comment-${name}`);
    }, { viewport, hasTouch: true, beforeLoad: withAxe });
  });

  test(`the ORS and the SRS in ${name}: every line and "Færdig" in sight`, async (t) => {
    await withPage(t, '/', async (page) => {
      await addCitizen(page, 30);
      await page.getByRole('link', { name: 'Borgeren selv' }).click();
      await page.getByRole('button', { name: 'Start ORS-skemaet' }).click();
      for (const form of ['ors', 'srs']) {
        const sliders = page.locator('[role=slider]');
        await sliders.first().waitFor();
        assert.equal(await sliders.count(), 4);
        const done = page.getByRole('button', { name: 'Færdig' });
        assert.deepEqual(await outOfSight(page, [sliders, done]), [], form);
        assert.deepEqual(await axeViolations(page), [], form);
        for (const slider of await sliders.all()) {
          await slider.focus();
          await page.keyboard.press('End');
        }
        assert.deepEqual(await outOfSight(page, [done]), [], `${form}, answered`);
        await snap(page, `in-sight-${form}-${name}`);
        await done.click();
        await page.getByRole('button', { name: 'Giv tabletten tilbage til medarbejderen' }).click();
        await staffPin(page);
        if (form === 'ors') await page.getByRole('button', { name: 'Efter samtalen: giv tabletten til borgeren selv (SRS)' }).click();
      }
    }, { viewport, hasTouch: true, beforeLoad: withAxe });
  });

  test(`an easy-read ORS in ${name}: each question and "Næste" or "Færdig" in sight`, async (t) => {
    await withPage(t, '/', async (page) => {
      await addCitizen(page, 30);
      await easyReadOn(page);
      await page.getByRole('link', { name: 'Tilbage' }).last().click();
      await page.getByRole('heading', { level: 1, name: 'MJ' }).waitFor();
      await page.getByRole('link', { name: 'Borgeren selv' }).click();
      await page.getByRole('button', { name: 'Start ORS-skemaet' }).click();
      const slider = page.locator('[role=slider]');
      for (let n = 1; n <= 4; n++) {
        await page.getByText(`Spørgsmål ${n} af 4`).waitFor();
        const onward = page.getByRole('button', { name: n === 4 ? 'Færdig' : 'Næste' });
        assert.deepEqual(await outOfSight(page, [slider, onward]), [], `question ${n}`);
        await slider.focus();
        await page.keyboard.press('End');
        if (n === 1) {
          assert.deepEqual(await axeViolations(page), []);
          await snap(page, `in-sight-easy-ors-${name}`);
        }
        await onward.click();
      }
      await page.getByRole('button', { name: 'Giv tabletten til medarbejderen' }).waitFor();
    }, { viewport, hasTouch: true, beforeLoad: withAxe });
  });
}
