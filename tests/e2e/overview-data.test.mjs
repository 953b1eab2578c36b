// The caseworker's overview with a facility's realistic data: 150 citizens and 20,100 responses
// (population.mjs), imported as one file, read back row by row and kept as a screenshot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { withPage, snap, SCREENSHOTS, chooseCaseworker } from './harness.mjs';
import { CITIZENS, FOLLOW_UPS, MEETINGS, ROUNDS, populationFile } from './population.mjs';

/// "40,0 (ORS 03.11.2026)" → 40.
/// A caseworker's device that has taken in the generated facility's export.
async function importPopulation(page) {
  await chooseCaseworker(page);
  await page.getByRole('navigation').getByRole('link', { name: 'Indlæs filer' }).click();
  await page.getByLabel('Eksportfiler').setInputFiles([populationFile()]);
  await page.getByRole('button', { name: 'Indlæs filerne' }).click();
}

const score = (text) => Number(text.split(' ')[0].replace(',', '.'));

test('the overview shows a facility of 150 citizens and sorts by the lowest latest score', async (t) => {
  await withPage(t, '/', async (page) => {
    await importPopulation(page);
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

const attr = (locator, name) => locator.evaluate((el, name) => Number(el.getAttribute(name)), name);

test('a row of the overview opens that citizen: trajectory, mastery profile and plan from the files', async (t) => {
  await withPage(t, '/', async (page) => {
    await importPopulation(page);
    await page.getByRole('link', { name: 'Se oversigten' }).click({ timeout: 120_000 });
    // B003's plan stopped being followed up half a year before the data ends: it is overdue.
    const b003 = page.locator('table.overview tbody tr', { has: page.getByRole('link', { name: 'B003', exact: true }) });
    await b003.getByText('forsinket').waitFor({ timeout: 60_000 });
    await page.getByRole('link', { name: 'B000', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'B000' }).waitFor();
    assert.match(page.url(), /\/overview\/[0-9a-f-]{36}$/);

    // The trajectory: a point per meeting for the ORS and the SRS, the facility's typical course at every
    // meeting (150 citizens each), the first total inside the reliable-change band.
    const chart = page.locator('svg.trajectory');
    await chart.waitFor();
    const own = chart.locator('g.series-self circle');
    assert.equal(await own.count(), MEETINGS);
    assert.equal(await chart.locator('g.series-session circle').count(), MEETINGS);
    assert.equal(await chart.locator('g.typical circle').count(), MEETINGS);
    assert.equal(await chart.locator('polygon.typical-band').count(), 1);
    const band = chart.locator('rect.reliable-band');
    const [top, height, first] = [await attr(band, 'y'), await attr(band, 'height'), await attr(own.nth(0), 'cy')];
    assert.ok(height > 0 && top <= first && first <= top + height, `first total ${first} in the band ${top}+${height}`);
    // The numbers open on request.
    await page.getByText('Tallene bag grafen').click();
    const ors = await page.locator('table.history tbody tr').evaluateAll(
      (trs) => trs.filter((tr) => tr.innerText.includes('ORS')).length,
    );
    assert.equal(ors, MEETINGS, 'the numbers list every ORS the chart draws');
    await page.locator('figure.trajectory-figure').screenshot({ path: join(SCREENSHOTS, 'overview-citizen-trajectory.png') });

    // The mastery profile: the latest round as a star with the round before and staff's, a small chart per
    // domain with a point per round, and every round revealed (the citizen and staff both rated).
    const star = page.locator('svg.mastery-star');
    await star.waitFor();
    assert.equal(await star.locator('g.star-series').count(), 3);
    const small = page.locator('svg.small-chart');
    assert.equal(await small.count(), 9);
    assert.equal(await small.nth(0).locator('g.star-series.staff circle').count(), ROUNDS);
    // The newest round shows; the ten before it open on request.
    assert.equal(await page.locator('section.mastery-round').count(), ROUNDS);
    assert.equal(await page.locator('details.earlier-rounds section.mastery-round').count(), ROUNDS - 1);
    assert.equal(await page.getByText(`Tidligere runder (${ROUNDS - 1})`).isVisible(), true);
    assert.equal(await page.locator('section.mastery-round .notice').count(), 0, 'no round is hidden');
    await page.locator('figure.mastery-figure').screenshot({ path: join(SCREENSHOTS, 'overview-citizen-profile.png') });

    // The plan: its goal, the follow-ups newest first with a T-score each.
    const plan = page.locator('section[aria-labelledby="plan-title"]');
    const followUps = plan.locator('table.history tbody tr');
    assert.equal(await followUps.count(), FOLLOW_UPS);
    const tScores = await followUps.evaluateAll((trs) => trs.map((tr) => tr.lastElementChild.innerText));
    assert.ok(tScores.every((text) => /^\d+,\d$/.test(text)), `T-scores: ${tScores}`);
    await plan.screenshot({ path: join(SCREENSHOTS, 'overview-citizen-plan.png') });
    await snap(page, 'overview-citizen');

    // Filed on paper: no buttons in print.
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.getByRole('link', { name: 'Tilbage til oversigten' }).isVisible(), false);
    await page.emulateMedia({ media: 'screen' });

    // An id no file holds says so and leads back.
    await page.goto(`${page.url().replace(/[^/]+$/, '')}00000000-0000-4000-8000-000000000000`);
    await page.getByText('Borgeren findes ikke i de filer, du har indlæst.', { exact: false }).waitFor();
    await page.getByRole('link', { name: 'Tilbage til oversigten' }).click();
    await page.getByRole('heading', { level: 1, name: 'Oversigt over borgerne' }).waitFor();
  });
});
