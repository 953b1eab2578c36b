// One meeting, every rater: staff set the meeting up once on their own screen, hand the tablet to the young
// person and then to a parent, each for the ORS and after the conversation for the SRS, without a new
// set-up; after every form the rater hands the tablet back and staff's PIN comes before anything of
// staff's, the same way after a mastery rating.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withPage, snap, staffPin } from './harness.mjs';
import { addCitizen, answerAllByKeyboard } from './flows.mjs';

const ORIENTATIONS = [
  { name: 'portrait', viewport: { width: 800, height: 1280 } },
  { name: 'landscape', viewport: { width: 1280, height: 800 } },
];
const HAND_BACK = 'Giv tabletten tilbage til medarbejderen';
const TAKE_BACK = 'Personale: tag tabletten tilbage';
const STAFF_VIEW = 'Til medarbejderen';
const YOUNG = 'Borgeren selv';
const PARENT = 'En forælder eller pårørende';

/// The rater on screen answers the form named `heading` and hands the tablet back; staff's PIN is asked
/// for before staff's view, which then shows with the staff menu.
async function rateAndHandBack(page, { heading, rater, shot }) {
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  // Citizen mode: the header's staff menu is gone, and no set-up came in between.
  assert.equal(await page.getByRole('navigation').count(), 0, `${shot}: the staff menu shows`);
  assert.equal(await page.getByRole('heading', { level: 1, name: /^Nyt skema/ }).count(), 0);
  assert.match(await page.locator('.meeting-heading').textContent(), rater);
  await snap(page, `${shot}-form`);
  await answerAllByKeyboard(page);
  await page.getByRole('button', { name: 'Færdig' }).click();
  await page.getByRole('button', { name: HAND_BACK }).click();
  await page.getByRole('heading', { level: 1, name: TAKE_BACK }).waitFor();
  assert.equal(await page.getByRole('heading', { level: 1, name: STAFF_VIEW }).count(), 0, 'staff view before the PIN');
  assert.equal(await page.getByRole('navigation').count(), 0, 'staff menu before the PIN');
  await snap(page, `${shot}-pin`);
  await staffPin(page);
  await page.getByRole('heading', { level: 1, name: STAFF_VIEW }).waitFor();
  await page.getByRole('navigation').waitFor();
  await snap(page, `${shot}-staff`);
}

for (const { name, viewport } of ORIENTATIONS) {
  test(`one meeting, two raters (${name}): set up once, the tablet handed to each in turn, staff's PIN after every form`, async (t) => {
    await withPage(t, '/', async (page) => {
      await addCitizen(page, 16);
      await page.getByRole('link', { name: YOUNG }).click();
      await page.getByRole('heading', { level: 1, name: /^Nyt skema/ }).waitFor();
      // The set-up is staff's screen: their menu is there; staff name who rates after the young person.
      await page.getByRole('navigation').waitFor();
      await page.getByLabel(PARENT).check();
      await snap(page, `raters-${name}-0-setup`);
      await page.getByRole('button', { name: 'Start ORS-skemaet' }).click();

      await rateAndHandBack(page, { heading: /^Outcome Rating Scale/, rater: / · Borgeren selv$/, shot: `raters-${name}-1-young-ors` });
      await page.getByRole('button', { name: 'Giv tabletten til en forælder eller pårørende (ORS)' }).click();
      await rateAndHandBack(page, { heading: /^Outcome Rating Scale/, rater: / · En forælder eller pårørende · om MJ$/, shot: `raters-${name}-2-parent-ors` });
      await page.getByRole('button', { name: 'Efter samtalen: giv tabletten til borgeren selv (SRS)' }).click();
      await rateAndHandBack(page, { heading: /^Session Rating Scale/, rater: / · Borgeren selv$/, shot: `raters-${name}-3-young-srs` });
      await page.getByRole('button', { name: 'Efter samtalen: giv tabletten til en forælder eller pårørende (SRS)' }).click();
      await rateAndHandBack(page, { heading: /^Session Rating Scale/, rater: / · En forælder eller pårørende · om MJ$/, shot: `raters-${name}-4-parent-srs` });

      // Everyone has given both forms: nothing more to hand over.
      assert.equal(await page.getByRole('button', { name: /[Gg]iv tabletten til/ }).count(), 0);
      await page.getByRole('button', { name: 'Afslut' }).click();
      const rows = page.locator('table.history tbody tr');
      await rows.nth(3).waitFor();
      const history = (await rows.allInnerTexts()).map((row) => row.split('\t').slice(0, 5));
      assert.deepEqual(
        history.map(([meeting, , form, rater]) => `${meeting} ${form} ${rater}`).sort(),
        [`1 ORS ${YOUNG}`, `1 ORS ${PARENT}`, `1 SRS ${YOUNG}`, `1 SRS ${PARENT}`],
      );
      await snap(page, `raters-${name}-5-history`);
    }, { viewport });
  });
}

test('a reload while the parent holds the tablet comes back to the parent\'s form; staff\'s view only after the PIN', async (t) => {
  await withPage(t, '/', async (page) => {
    await addCitizen(page, 16);
    await page.getByRole('link', { name: YOUNG }).click();
    await page.getByLabel(PARENT).check();
    await page.getByRole('button', { name: 'Start ORS-skemaet' }).click();
    await rateAndHandBack(page, { heading: /^Outcome Rating Scale/, rater: / · Borgeren selv$/, shot: 'raters-reload-young-ors' });
    await page.getByRole('button', { name: /^Giv tabletten til en forælder/ }).click();
    await page.locator('[role=slider]').first().focus();
    await page.keyboard.press('End');
    await page.waitForTimeout(300); // the step's and the answers' writes, as a person's reload would find them
    await page.reload();
    await page.getByRole('heading', { level: 1, name: /^Outcome Rating Scale/ }).waitFor();
    assert.match(await page.locator('.meeting-heading').textContent(), / · En forælder eller pårørende · om MJ$/);
    assert.equal(await page.locator('[role=slider]').first().getAttribute('aria-valuetext'), '10,0 af 10');
    assert.equal(await page.getByRole('navigation').count(), 0);
    // "Back to the form" from the PIN leaves the parent at their summary, never at staff's view.
    await answerAllByKeyboard(page);
    await page.getByRole('button', { name: 'Færdig' }).click();
    await page.getByRole('button', { name: HAND_BACK }).click();
    await page.getByRole('button', { name: 'Tilbage til skemaet' }).click();
    await page.getByRole('button', { name: HAND_BACK }).waitFor();
    assert.equal(await page.getByRole('heading', { level: 1, name: STAFF_VIEW }).count(), 0);
    await page.getByRole('button', { name: HAND_BACK }).click();
    await staffPin(page);
    await page.getByRole('button', { name: 'Efter samtalen: giv tabletten til borgeren selv (SRS)' }).waitFor();
  });
});

test('a mastery rating is handed back the same way: staff\'s PIN before staff\'s screens', async (t) => {
  await withPage(t, '/', async (page) => {
    await addCitizen(page, 16);
    await page.getByRole('link', { name: 'Mestringsskema og plan' }).click();
    await page.getByRole('region', { name: 'Mit liv lige nu' }).getByRole('link', { name: /^Borgeren selv/ }).click();
    for (let n = 1; n <= 9; n++) {
      await page.getByText(`Område ${n} af 9`).waitFor();
      assert.equal(await page.getByRole('navigation').count(), 0);
      await page.getByRole('button', { name: 'Spring over' }).click();
    }
    await page.getByRole('button', { name: 'Gem svarene' }).click();
    await page.getByText('Tak! Dine svar er gemt.').waitFor();
    await page.getByRole('link', { name: HAND_BACK }).click();
    await page.getByRole('heading', { level: 1, name: TAKE_BACK }).waitFor();
    assert.equal(await page.getByRole('navigation').count(), 0);
    await snap(page, 'raters-mastery-pin');
    await staffPin(page);
    await page.getByRole('navigation').waitFor();
    await page.getByRole('heading', { level: 1, name: 'MJ' }).waitFor();
  });
});
