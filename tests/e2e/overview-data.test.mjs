// The caseworker's overview with a facility's realistic data: 150 citizens and 20,100 responses
// (population.mjs), imported as one file, read back row by row and kept as a screenshot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { withPage, snap, SCREENSHOTS } from './harness.mjs';
import { CITIZENS, populationFile } from './population.mjs';

/// "40,0 (ORS 03.11.2026)" → 40.
const score = (text) => Number(text.split(' ')[0].replace(',', '.'));

test('the overview shows a facility of 150 citizens and sorts by the lowest latest score', async (t) => {
  const file = populationFile();
  await withPage(t, '/', async (page) => {
    await page.getByRole('button', { name: /Sagsbehandler/ }).click();
    await page.getByRole('navigation').getByRole('link', { name: 'Indlæs filer' }).click();
    await page.getByLabel('Eksportfiler').setInputFiles([file]);
    await page.getByRole('button', { name: 'Indlæs filerne' }).click();
    await page.getByText(/\d+ nye, 0 opdaterede, 0 havde du i forvejen\./).waitFor({ timeout: 120_000 });

    await page.getByRole('link', { name: 'Se oversigten' }).click();
    await page.getByRole('heading', { level: 1, name: 'Oversigt over borgerne' }).waitFor();
    const rows = page.locator('table.overview tbody tr');
    await page.waitForFunction((n) => document.querySelectorAll('table.overview tbody tr').length === n, CITIZENS, {
      timeout: 60_000,
    });
    assert.equal(await rows.count(), CITIZENS);
    await page.getByText(`Borgere: ${CITIZENS}.`, { exact: false }).waitFor();

    await page.getByLabel('Sortér efter').selectOption({ label: 'Laveste seneste score først' });
    // Column 2 (after the citizen's th and the unit) is the latest score.
    const latest = (await rows.evaluateAll((trs) => trs.map((tr) => tr.querySelectorAll('th, td')[2].innerText)))
      .filter((text) => text.trim() !== '')
      .map(score);
    assert.equal(latest.length, CITIZENS, 'every generated citizen has a latest score');
    assert.ok(latest.every(Number.isFinite), `scores parse: ${latest.slice(0, 5)}`);
    assert.equal(latest[0], Math.min(...latest), 'the lowest latest score comes first');
    assert.deepEqual(latest, [...latest].sort((a, b) => a - b), 'ascending throughout');
    await snap(page, 'overview-150-citizens');
    // What the caseworker sees first, at the screen's size.
    await page.screenshot({ path: join(SCREENSHOTS, 'overview-150-citizens-screen.png') });
  });
});
