import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withPage, chooseFacility, snap } from './harness.mjs';

// Text a citizen or an import could bring: markup, script, direction overrides, control characters,
// and the longest unbroken label the register allows.
const HOSTILE = [
  { label: '<img src=x onerror="window.pwned=1">', unit: '<script>window.pwned=2</script>' },
  { label: '\u202eAB\u0007CD\u200b', unit: 'Hus 1 \u202e<b>fed</b>' },
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
