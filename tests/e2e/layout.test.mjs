// What a screen looks like where the walk over every screen (screens.test.mjs) cannot tell: a form that
// fits a tablet in landscape, marks that say "not yet" before they say "missing", steps of one size, a
// header that leaves the screen to the page, and lists in the order people read them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withPage, snap, staffPin } from './harness.mjs';
import { addCitizen, answerAllByKeyboard, startForm } from './flows.mjs';

const LANDSCAPE = { width: 1280, height: 800 };
const PORTRAIT = { width: 800, height: 1280 };

/// The colour a CSS custom property of the palette resolves to, as `getComputedStyle` writes colours.
const paletteColour = (page, name) => page.evaluate((name) => {
  const probe = document.createElement('span');
  probe.style.color = `var(${name})`;
  document.body.append(probe);
  const colour = getComputedStyle(probe).color;
  probe.remove();
  return colour;
}, name);

test('the outcome form fits a tablet in landscape, and its lines say "not answered" in red only once it is started', async (t) => {
  await withPage(t, '/', async (page) => {
    await addCitizen(page, 17);
    await page.getByRole('link', { name: 'Borgeren selv' }).click();
    await startForm(page);
    const values = page.locator('.vas-value');
    await values.first().waitFor();
    const [soft, error] = [await paletteColour(page, '--ink-soft'), await paletteColour(page, '--error')];
    const colours = () => values.evaluateAll((outputs) => outputs.map((output) => getComputedStyle(output).color));
    assert.deepEqual(await colours(), [soft, soft, soft, soft], 'nothing is missing before the first mark');

    // "Done" is in sight without scrolling, under all four lines.
    const done = await page.getByRole('button', { name: 'Færdig' }).boundingBox();
    assert.ok(done.y + done.height <= LANDSCAPE.height, `"Færdig" ends at ${done.y + done.height}px of ${LANDSCAPE.height}`);
    assert.equal(await page.evaluate(() => document.documentElement.scrollHeight), LANDSCAPE.height, 'the page does not scroll');

    const first = page.locator('[role=slider]').first();
    await first.focus();
    await page.keyboard.press('End');
    assert.deepEqual(await colours(), [await paletteColour(page, '--ink'), error, error, error], 'started: the rest is marked');
    await snap(page, 'layout-ors-started-landscape');
    await answerAllByKeyboard(page);
    // The larger numbers of the answered lines take no more room than "Ikke besvaret endnu" did.
    assert.equal(await page.evaluate(() => document.documentElement.scrollHeight), LANDSCAPE.height, 'answered, still no scroll');
    await page.getByRole('button', { name: 'Færdig' }).click();
    await page.getByRole('button', { name: 'Giv tabletten tilbage til medarbejderen' }).click();
    await staffPin(page);
    // The session scale after it fits the same way.
    await page.getByRole('button', { name: /^Efter samtalen/ }).click();
    await page.locator('[role=slider]').first().waitFor();
    const sessionDone = await page.getByRole('button', { name: 'Færdig' }).boundingBox();
    assert.ok(sessionDone.y + sessionDone.height <= LANDSCAPE.height, `the session scale's "Færdig" ends at ${sessionDone.y + sessionDone.height}px`);
  }, { viewport: LANDSCAPE });
});

test('a tablet held upright: the header takes two rows and no word breaks; the ladder\'s steps are one size', async (t) => {
  await withPage(t, '/', async (page) => {
    await addCitizen(page, 17);
    const header = await page.locator('header.app-header').boundingBox();
    assert.ok(header.height <= 140, `the header is ${header.height}px high`);
    // Every menu item on one line: as high as the others.
    const items = await page.locator('header nav > *').evaluateAll((els) => els.map((el) => el.getBoundingClientRect().height));
    assert.equal(new Set(items).size, 1, `menu items of heights ${items}`);
    await snap(page, 'layout-header-portrait');

    await page.getByRole('link', { name: 'Mestringsskema og plan' }).click();
    await page.getByRole('link', { name: /^Borgeren selv/ }).first().click();
    await page.locator('.ladder-step').first().waitFor();
    const widths = await page.locator('.ladder-step').evaluateAll((steps) => steps.map((step) => step.getBoundingClientRect().width));
    assert.equal(widths.length, 10);
    assert.equal(new Set(widths).size, 1, `"10" is as wide as "9": ${widths}`);
  }, { viewport: PORTRAIT });
});

test('the lock times are listed shortest first', async (t) => {
  await withPage(t, '/', async (page) => {
    await addCitizen(page, 17);
    await page.getByRole('navigation').getByRole('link', { name: 'Indstillinger' }).click();
    const options = await page.getByLabel('Lås automatisk efter').locator('option').allInnerTexts();
    assert.deepEqual(options, ['2 minutter uden brug', '5 minutter uden brug', '10 minutter uden brug', '15 minutter uden brug', '30 minutter uden brug']);
    assert.equal(await page.getByLabel('Lås automatisk efter').inputValue(), '5', 'five minutes until staff choose');
  });
});
