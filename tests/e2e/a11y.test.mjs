import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { withPage } from './harness.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
// The language switch names each language in itself, so these work whatever the UI language.
const LANGUAGES = [
  { code: 'da', button: 'Dansk' },
  { code: 'nb', button: 'Norsk bokmål' },
  { code: 'en', button: 'English' },
];

/// Runs axe-core on the page as it is and returns its violations, named after `screen`.
async function audit(page, screen) {
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    });
    return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  return violations.map((violation) => `${screen}: ${violation}`);
}

async function addCitizen(page, label, age) {
  await page.locator('#citizen-label').fill(label);
  await page.locator('#citizen-birth-year').fill(String(new Date().getFullYear() - age));
  await page.locator('#citizen-unit').fill('Hus 1');
  await page.locator('form.citizen-form button[type=submit]').click();
  await page.locator('a.citizen-row', { hasText: label }).waitFor();
}

for (const lang of LANGUAGES) {
  test(`every screen passes axe in ${lang.code}`, async (t) => {
    await withPage(t, '/', async (page) => {
      const found = [];
      const check = async (screen) => found.push(...(await audit(page, screen)));
      const nav = (idx) => page.getByRole('navigation').getByRole('link').nth(idx);
      const primary = () => page.locator('main button.primary.big');

      await page.getByRole('button', { name: lang.button }).click();
      await page.waitForFunction((code) => document.documentElement.lang === code, lang.code);
      await check('first start');
      await page.locator('button.choice').first().click();
      await page.locator('main h1').waitFor();
      await check('start');

      await nav(1).click();
      await page.locator('#citizen-label').waitFor();
      await check('citizens, empty');
      await page.locator('form.citizen-form button[type=submit]').click();
      await page.locator('.field-problems').first().waitFor();
      await check('citizens, problems shown');
      await addCitizen(page, 'MJ', 17);
      await addCitizen(page, 'LB', 4);
      await check('citizens, listed');

      await page.locator('a.citizen-row', { hasText: 'MJ' }).click();
      await page.locator('a.tile').first().waitFor();
      await check('citizen');
      await page.locator('main a[href$="/edit"]').click();
      await page.locator('#citizen-label').waitFor();
      await check('citizen edit');
      await page.goBack();

      await page.locator('a.tile').first().click();
      await page.locator('input[type=radio]').first().waitFor();
      await check('meeting set-up');
      await primary().click();
      await page.locator('[role=slider]').first().waitFor();
      await check('outcome scale, unanswered');
      for (const slider of await page.locator('[role=slider]').all()) {
        await slider.focus();
        await page.keyboard.press('End');
      }
      await check('outcome scale, answered');
      await primary().click();
      await page.locator('main section.result').waitFor();
      await check('result for the citizen');
      await primary().click();
      await page.locator('ul.staff-lines').waitFor();
      await check('staff view');
      await primary().click();
      await page.locator('[role=slider]').first().waitFor();
      await check('session scale');

      await nav(1).click();
      await page.locator('a.citizen-row', { hasText: 'LB' }).click();
      await page.locator('a.tile').first().click();
      await primary().click();
      await page.locator('[role=radiogroup]').waitFor();
      await check('young-child faces');

      await nav(2).click();
      await page.locator('.storage-status p').first().waitFor();
      await check('settings');
      await page.goto(new URL('/nowhere', page.url()).href);
      await page.locator('main h1').waitFor();
      await check('not found');

      assert.deepEqual(found, []);
    }, { beforeLoad: (page) => page.addInitScript({ path: AXE }) });
  });
}
