// The plan and the caseworker's import done by keyboard alone (the meeting, the rating and the export have
// theirs beside their other tests): every control reached by Tab in the page's order, with a visible focus.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { withPage, snap } from './harness.mjs';
import { addCitizen } from './flows.mjs';
import { ROOT } from './serve.mjs';

/// Presses Tab until `locator` has the focus (failing after `max` presses: unreachable, or too far down
/// the order), then checks that the focus shows.
async function tabTo(page, locator, max = 80) {
  const target = locator.first();
  await target.waitFor();
  for (let presses = 0; presses < max; presses++) {
    if (await target.evaluate((el) => el === document.activeElement)) {
      const shown = await target.evaluate((el) => {
        const style = getComputedStyle(el);
        return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
      });
      assert.ok(shown, `no visible focus on ${await target.evaluate((el) => el.outerHTML.slice(0, 80))}`);
      return;
    }
    await page.keyboard.press('Tab');
  }
  assert.fail(`not reached by ${max} presses of Tab: ${locator}`);
}

test('a plan made and followed up by keyboard alone', async (t) => {
  await withPage(t, '/', async (page) => {
    await addCitizen(page, 17);
    await page.getByRole('link', { name: 'Mestringsskema og plan' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mestring for MJ' }).waitFor();

    await tabTo(page, page.getByRole('link', { name: 'Mestringsplanen' }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Mestringsplan for MJ' }).waitFor();
    await tabTo(page, page.getByRole('link', { name: 'Lav planen' }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Planen for MJ' }).waitFor();

    const goal = page.locator('fieldset.goal-fields').first();
    await tabTo(page, goal.getByLabel('Målet med borgerens egne ord'));
    await page.keyboard.type('Lave aftensmad selv');
    await tabTo(page, goal.getByLabel('Praktiske ting derhjemme'));
    await page.keyboard.press('Space');
    const levels = {
      '+2 Meget bedre end forventet': 'Laver mad alene til andre',
      '+1 Bedre end forventet': 'Laver mad alene',
      '0 Som forventet': 'Laver mad med lidt hjælp',
      '−1 Lidt mindre end forventet': 'Laver mad med meget hjælp',
      '−2 Meget mindre end forventet': 'Laver ikke mad',
    };
    for (const [label, text] of Object.entries(levels)) {
      await tabTo(page, goal.getByLabel(label));
      await page.keyboard.type(text);
    }
    await tabTo(page, page.getByRole('button', { name: 'Gem planen' }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 2, name: 'Mål 1: Lave aftensmad selv' }).waitFor();

    await tabTo(page, page.getByRole('link', { name: 'Følg op på planen' }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Opfølgning for MJ' }).waitFor();
    // The levels are a radio group, best first: Tab enters it, an arrow moves from +2 to +1.
    const group = page.getByRole('group', { name: /^Mål 1:/ });
    await tabTo(page, group.getByRole('radio').first());
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowDown');
    assert.equal(await group.getByLabel(/^\+1 Bedre end forventet/).isChecked(), true);
    await tabTo(page, page.getByRole('button', { name: 'Gem opfølgningen' }));
    await page.keyboard.press('Enter');
    // One goal at +1: 50 + 10·1/√(0.7 + 0.3) = 60.0.
    await page.getByText('T-score: 60,0').waitFor();
    await snap(page, 'keyboard-follow-up');
  });
});

test('the caseworker imports a file, sorts the overview and opens a citizen by keyboard alone', async (t) => {
  await withPage(t, '/', async (page) => {
    await page.getByRole('button', { name: /Sagsbehandler/ }).click();
    await tabTo(page, page.getByRole('navigation').getByRole('link', { name: 'Indlæs filer' }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Indlæs eksportfiler' }).waitFor();
    await tabTo(page, page.getByLabel('Eksportfiler'));
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Space')]);
    await chooser.setFiles([join(ROOT, 'docs/examples/tablet-a-week-2.json')]);
    await tabTo(page, page.getByRole('button', { name: 'Indlæs filerne' }));
    await page.keyboard.press('Enter');
    await tabTo(page, page.getByRole('link', { name: 'Se oversigten' }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Oversigt over borgerne' }).waitFor();

    const sort = page.getByLabel('Sortér efter');
    await tabTo(page, sort);
    await page.keyboard.press('ArrowDown');
    assert.equal(await sort.evaluate((select) => select.selectedOptions[0].textContent), 'Laveste seneste score først');
    await tabTo(page, page.locator('table.overview tbody th a', { hasText: 'MJ' }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'MJ' }).waitFor();
    await page.locator('svg.trajectory').waitFor();
    await tabTo(page, page.getByRole('link', { name: 'Tilbage til oversigten' }));
    await snap(page, 'keyboard-caseworker-citizen');
  });
});
