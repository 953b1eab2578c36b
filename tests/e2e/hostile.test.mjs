import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withPage, chooseFacility, snap } from './harness.mjs';
import { addCitizen } from './flows.mjs';

// Text a citizen or an import could bring: markup, script, invisible characters, and the longest
// unbroken label the register allows. Direction overrides and control characters are refused (below).
const HOSTILE = [
  { label: '<img src=x onerror="window.pwned=1">', unit: '<script>window.pwned=2</script>' },
  { label: 'AB\u200bCD\u2060', unit: 'Hus 1 <b>fed</b>' },
  { label: 'W'.repeat(40), unit: `${'Ungeenheden'.repeat(7)}`.slice(0, 80) },
];

test('hostile text is shown as text and the layout holds, on a 7-inch tablet held upright', async (t) => {
  await withPage(t, '/', async (page) => {
    await chooseFacility(page);
    await page.getByRole('navigation').getByRole('link', { name: 'Borgere' }).click();
    for (const { label, unit } of HOSTILE) {
      await page.getByLabel('Initialer eller kode').fill(label);
      await page.getByLabel('Fødselsår').fill('1990');
      await page.getByLabel('Bosted eller enhed').fill(unit);
      await page.getByRole('button', { name: 'Tilføj borger' }).click();
      await page.locator('a.citizen-row', { hasText: label.trim() }).first().waitFor();
    }
    const rows = page.locator('a.citizen-row');
    assert.equal(await rows.count(), HOSTILE.length);
    const texts = (await rows.allInnerTexts()).join('\n');
    assert.ok(texts.includes('<img src=x onerror="window.pwned=1">'));
    assert.ok(texts.includes('<script>window.pwned=2</script>'));
    assert.equal(await page.locator('main img, main script, main b').count(), 0);
    assert.equal(await page.evaluate(() => window.pwned), undefined);
    // Each typed text is isolated, so a direction override cannot reorder the text around it.
    assert.equal(await page.locator('a.citizen-row bdi').count(), 2 * HOSTILE.length);
    assert.equal(await page.locator('.notice bdi').count(), 1);

    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
    for (const box of await Promise.all((await rows.all()).map((row) => row.boundingBox()))) {
      assert.ok(box.height < 200, `a row is ${box.height}px high`);
    }
    await snap(page, 'hostile-text-7in-portrait');
    await page.locator('a.citizen-row').first().click();
    await page.locator('main h1').waitFor();
    assert.equal(await page.evaluate(() => window.pwned), undefined);
    await snap(page, 'hostile-text-citizen-page');
  }, { viewport: { width: 600, height: 960 } });
});

const CPR_LABEL = 'Det ligner et CPR-nummer. Brug initialer eller en lokal kode i stedet.';
const CPR_TEXT = 'Det ligner et CPR-nummer. Slet det';

test('a personal number in disguise or a control character is refused beside its field', async (t) => {
  await withPage(t, '/', async (page) => {
    await chooseFacility(page);
    await page.getByRole('navigation').getByRole('link', { name: 'Borgere' }).click();
    const label = page.getByLabel('Initialer eller kode');
    const problems = page.locator('#citizen-label-problems');
    await page.getByLabel('Fødselsår').fill('1990');
    await page.getByLabel('Bosted eller enhed').fill('Hus 1');
    // An en-dash, full-width digits, a non-breaking space and a zero-width space: each still a CPR number.
    for (const disguised of ['010190\u20131234', '\uff10\uff11\uff10\uff11\uff19\uff10\uff11\uff12\uff13\uff14', '01\u200b01\u00a090-1234']) {
      await label.fill(disguised);
      await page.getByRole('button', { name: 'Tilføj borger' }).click();
      await problems.getByText(CPR_LABEL).waitFor();
      assert.equal(await label.getAttribute('aria-invalid'), 'true');
      assert.match(await label.getAttribute('aria-describedby'), /citizen-label-problems/);
    }
    await label.fill('AB\u202eCD');
    await page.getByRole('button', { name: 'Tilføj borger' }).click();
    await problems.getByText('usynligt styretegn (U+202E)', { exact: false }).waitFor();
    await label.fill('AB');
    await page.getByLabel('Bosted eller enhed').fill('Hus 1, 010190 \u2013 1234');
    await page.getByRole('button', { name: 'Tilføj borger' }).click();
    await page.locator('#citizen-unit-problems').getByText('Det ligner et CPR-nummer.', { exact: false }).waitFor();
    assert.equal(await page.locator('a.citizen-row').count(), 0, 'nothing was stored');
    await snap(page, 'refused-personal-number-label');
  });
});

test('a personal number in disguise in a plan text is refused beside its field, and the plan is not stored', async (t) => {
  await withPage(t, '/', async (page) => {
    await addCitizen(page, 17);
    await page.getByRole('link', { name: 'Mestringsskema og plan' }).click();
    await page.getByRole('link', { name: 'Mestringsplanen' }).click();
    await page.getByRole('link', { name: 'Lav planen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Planen for MJ' }).waitFor();
    const goal = page.locator('fieldset.goal-fields').first();
    const words = goal.getByLabel('Målet med borgerens egne ord');
    await words.fill('Ringe til kommunen med 010190\u20131234');
    await page.locator('#goal-1-words-problems').getByText(CPR_TEXT, { exact: false }).waitFor();
    assert.equal(await words.getAttribute('aria-invalid'), 'true');
    assert.equal(await words.getAttribute('aria-describedby'), 'goal-1-words-problems');
    await goal.getByLabel('Praktiske ting derhjemme').check();
    const labels = ['+2 Meget bedre end forventet', '+1 Bedre end forventet', '0 Som forventet', '−1 Lidt mindre end forventet', '−2 Meget mindre end forventet'];
    for (const label of labels) await goal.getByLabel(label).fill('Ringer selv');
    // Full-width digits in a level text, and a terminal escape in a sub-goal.
    await goal.getByLabel('0 Som forventet').fill('Ringer selv: \uff10\uff11\uff10\uff11\uff19\uff10\uff11\uff12\uff13\uff14');
    await page.locator('#goal-1-level0-problems').getByText(CPR_TEXT, { exact: false }).waitFor();
    await goal.getByLabel('Delmål').fill('MJ ringer \u001b[2J');
    await page.getByText('usynligt styretegn (U+001B)', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Gem planen' }).click();
    await page.getByText('Planen mangler noget. Se beskederne ved målene.').waitFor();
    await snap(page, 'refused-personal-number-plan');
    assert.equal(await page.getByRole('heading', { level: 1, name: 'Planen for MJ' }).count(), 1, 'still in the editor');
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: 'Mestringsplan for MJ' }).waitFor();
    await page.getByText('Der er ingen plan endnu', { exact: false }).waitFor();
  });
});
