// The unit's rules, chosen in the settings, reach the plan page: at a youth unit four dialogue meetings
// bring the notice that the plan must be made at the next; a botilbud has no limit, so neither the count
// nor the notice; a limit of six moves both. In both tablet orientations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withPage, snap } from './harness.mjs';
import { addCitizen } from './flows.mjs';

const NOTICE = '4 af 5 dialogmøder er holdt. Planen skal laves ved næste møde.';

async function openPlan(page) {
  await page.getByRole('link', { name: 'Mestringsskema og plan' }).click();
  await page.getByRole('link', { name: 'Mestringsplanen' }).click();
  await page.getByRole('heading', { level: 1, name: 'Mestringsplan for MJ' }).waitFor();
}

/// A dialogue meeting today with the citizen and staff: the new meeting's defaults.
async function recordDialogueMeeting(page, held) {
  await page.getByRole('link', { name: 'Tilføj mødet' }).click();
  await page.getByRole('heading', { level: 1, name: 'Nyt møde med MJ' }).waitFor();
  await page.getByRole('button', { name: 'Gem mødet' }).click();
  await page.getByRole('heading', { level: 1, name: 'Mestringsplan for MJ' }).waitFor();
  await page.getByText(`Møder, der tæller med før planen: ${held} af højst 5.`).waitFor();
}

async function openSettings(page) {
  await page.getByRole('navigation').getByRole('link', { name: 'Indstillinger' }).click();
  await page.getByRole('heading', { level: 2, name: 'Enhedens regler' }).waitFor();
}

for (const [orientation, viewport] of [['portrait', { width: 800, height: 1280 }], ['landscape', { width: 1280, height: 800 }]]) {
  test(`the unit's kind chosen in the settings changes the plan page's count and notice (${orientation})`, async (t) => {
    await withPage(t, '/', async (page) => {
      await addCitizen(page, 17);
      await openPlan(page);
      const planUrl = page.url();
      for (const held of [1, 2, 3]) {
        await recordDialogueMeeting(page, held);
      }
      assert.equal(await page.getByText(NOTICE).count(), 0, 'no notice before the fourth meeting');
      await recordDialogueMeeting(page, 4);
      await page.getByRole('status').getByText(NOTICE).waitFor();
      await snap(page, `unit-rules-notice-${orientation}`);

      // A botilbud: no limit, so no count and no notice.
      await openSettings(page);
      const youth = page.getByRole('radio', { name: /^Mestringsenhed for unge/ });
      assert.equal(await youth.isChecked(), true, 'a youth unit until chosen otherwise');
      assert.equal(await page.getByLabel('Højst så mange dialogmøder før planen').inputValue(), '5');
      await page.getByText('Reglerne er de sædvanlige for den slags enhed.').waitFor();
      await page.getByRole('radio', { name: /^Botilbud/ }).check();
      assert.equal(await page.getByRole('checkbox', { name: 'Planen skal laves senest ved et bestemt dialogmøde' }).isChecked(), false);
      assert.equal(await page.getByLabel('Højst så mange dialogmøder før planen').count(), 0);
      assert.equal(await page.getByLabel('Følg nye planer op hver').inputValue(), '3');
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true);
      await snap(page, `unit-rules-settings-${orientation}`);
      await page.goto(planUrl);
      await page.getByRole('heading', { level: 1, name: 'Mestringsplan for MJ' }).waitFor();
      await page.getByRole('region', { name: 'Møder' }).locator('ol li').nth(3).waitFor();
      assert.equal(await page.getByText(NOTICE).count(), 0);
      assert.equal(await page.getByText('Møder, der tæller med før planen', { exact: false }).count(), 0);

      // Back to a youth unit, then a limit of six: four of six, no notice yet; the choice outlives a reload.
      await openSettings(page);
      assert.equal(await page.getByRole('radio', { name: /^Botilbud/ }).isChecked(), true, 'the choice is kept');
      await page.getByRole('radio', { name: /^Mestringsenhed for unge/ }).check();
      await page.getByLabel('Højst så mange dialogmøder før planen').selectOption('6');
      await page.getByText('Du har ændret mindst én regel.', { exact: false }).waitFor();
      await page.goto(planUrl);
      await page.getByText('Møder, der tæller med før planen: 4 af højst 6.').waitFor();
      assert.equal(await page.getByText('dialogmøder er holdt', { exact: false }).count(), 0);
    }, { viewport });
  });
}
