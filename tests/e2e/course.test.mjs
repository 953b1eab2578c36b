// The expected course of the people who started like a citizen, in the caseworker's files of a whole
// facility (population.mjs: 150 citizens, 67 meetings each): above, on or below it in the overview with the
// number of people behind it, drawn on a citizen's trajectory with that number at every point and in the
// numbers' table, said in words, printed with a legend that needs no colour, and fitting the screen at
// 1280 × 800, 800 × 1280 and 200 % zoom.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { withPage, snap, SCREENSHOTS, chooseCaseworker } from './harness.mjs';
import { CITIZENS, MEETINGS, populationFile } from './population.mjs';

const SIZES = [
  { name: 'landscape', width: 1280, height: 800 },
  { name: 'portrait', width: 800, height: 1280 },
  // The CSS pixels of a 10-inch tablet on its side zoomed to 200 %.
  { name: 'zoom-200', width: 640, height: 400 },
];

/// Whatever reaches past the window's right edge, or a scrolling box that hides part of its content.
function beyondTheWindow() {
  const width = document.documentElement.clientWidth;
  const found = [];
  if (document.documentElement.scrollWidth > width) found.push(`the page scrolls sideways to ${document.documentElement.scrollWidth}px`);
  for (const el of document.querySelectorAll('main *')) {
    if (el.closest('svg') && !el.matches('svg')) continue;
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.right > width + 1) found.push(`${el.tagName.toLowerCase()}.${el.className} ends at ${Math.round(box.right)}px`);
    if (el.matches('.table-scroll') && el.scrollWidth > el.clientWidth + 1) found.push(`a table scrolls ${el.scrollWidth - el.clientWidth}px sideways`);
  }
  return found;
}

/// The trajectory legend's samples, as printed: the first line or area of each, its dash pattern and width.
const legendPatterns = (page) => page.locator('figure.trajectory-figure ul.legend li').evaluateAll((items) => items.map((li) => {
  const mark = li.querySelector('svg.swatch polyline, svg.swatch rect');
  const style = getComputedStyle(mark);
  return `${mark.tagName} ${style.strokeDasharray} ${style.strokeWidth}`;
}));

const COURSE_CELL = /^(Over|På|Under) \((\d+) borgere\)$/;

test('the expected course of those who started alike: in the overview, on the trajectory with its n, in words and on paper', async (t) => {
  await withPage(t, '/', async (page) => {
    await chooseCaseworker(page);
    await page.getByRole('navigation').getByRole('link', { name: 'Indlæs filer' }).click();
    await page.getByLabel('Eksportfiler').setInputFiles([populationFile()]);
    await page.getByRole('button', { name: 'Indlæs filerne' }).click();
    await page.getByRole('link', { name: 'Se oversigten' }).click({ timeout: 120_000 });
    await page.waitForFunction((n) => document.querySelectorAll('table.overview tbody tr').length === n, CITIZENS, { timeout: 60_000 });

    // A status per citizen, with the number of people the course rests on at their latest meeting. The
    // counts are the core's for the same facility (progress/course/tests.rs): 35 above, 77 on, 35 below,
    // and the 3 adolescents who started just below the cut-off have too few like them.
    const heading = page.getByRole('columnheader', { name: 'Forhold til forventet forløb' });
    assert.equal(await heading.count(), 1);
    const column = await page.locator('table.overview thead th').evaluateAll((ths) => ths.findIndex((th) => th.innerText === 'Forhold til forventet forløb'));
    const cells = await page.locator('table.overview tbody tr').evaluateAll(
      (trs, column) => trs.map((tr) => tr.querySelectorAll('th, td')[column].innerText.trim()),
      column,
    );
    const counts = {};
    for (const cell of cells) {
      const match = cell.match(COURSE_CELL);
      if (match) assert.ok(Number(match[2]) >= 5, `no course point rests on fewer than 5: ${cell}`);
      const key = match ? match[1] : cell;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    assert.deepEqual(counts, { Over: 35, På: 77, Under: 35, 'For få at sammenligne med': 3 });
    await page.getByLabel('Vis', { exact: true }).selectOption({ label: 'Under det forventede forløb' });
    await page.waitForFunction(() => document.querySelectorAll('table.overview tbody tr').length === 35);
    await page.getByLabel('Vis', { exact: true }).selectOption({ label: 'Alle borgere' });

    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.screenshot({ path: join(SCREENSHOTS, `course-overview-${size.name}.png`) });
      assert.deepEqual(await page.evaluate(beyondTheWindow), [], `the overview at ${size.name}`);
    }
    await page.setViewportSize(SIZES[0]);

    // B000's trajectory: the course drawn as far as they have come, a square per meeting telling its n.
    const row = page.locator('table.overview tbody tr', { has: page.getByRole('link', { name: 'B000', exact: true }) });
    const status = (await row.locator('td').nth(column - 1).innerText()).trim();
    const [, position, people] = status.match(COURSE_CELL);
    await page.getByRole('link', { name: 'B000', exact: true }).click();
    const chart = page.locator('svg.trajectory');
    await chart.waitFor();
    const squares = chart.locator('g.course rect.course-point');
    assert.equal(await squares.count(), MEETINGS, 'every meeting rests on more than 5 people who started alike');
    const titles = await squares.locator('title').allTextContents();
    for (const title of titles) {
      assert.match(title, /^Forventet ved møde \d+: \d+,\d \(den midterste halvdel fra \d+,\d til \d+,\d\)\. \d+ har svaret\.$/);
    }
    assert.equal(await chart.locator('polygon.course-band').count(), 1);
    // In words, with the intake band named, agreeing with the overview.
    const said = await page.locator('.course-status').innerText();
    const word = { Over: 'over', På: 'på', Under: 'under' }[position];
    assert.match(said, new RegExp(`^Ved møde ${MEETINGS} ligger borgeren ${word} det forventede forløb: .* de ${people}, der startede (langt under|lidt under|på eller over) grænsen for alderen på ORS\\.$`));
    assert.ok((await chart.locator('desc').textContent()).includes(said), 'the chart\'s description says it too');
    assert.equal(await page.locator('ul.legend li', { hasText: 'Forventet forløb for dem, der startede' }).count(), 1);
    // The numbers' table: the expected course beside each of the citizen's own ORS totals, with its n.
    await page.getByText('Tallene bag grafen').click();
    const expected = await page.locator('table.history tbody tr').evaluateAll((trs) => trs
      .filter((tr) => tr.innerText.includes('ORS') && tr.innerText.includes('Borgeren selv'))
      .map((tr) => tr.lastElementChild.innerText));
    assert.equal(expected.length, MEETINGS);
    for (const cell of expected) assert.match(cell, /^\d+,\d \(\d+,\d–\d+,\d\), \d+ borgere$/);
    await page.locator('figure.trajectory-figure').screenshot({ path: join(SCREENSHOTS, 'course-trajectory.png') });

    for (const size of SIZES) {
      await page.setViewportSize(size);
      assert.deepEqual(await page.evaluate(beyondTheWindow), [], `the citizen at ${size.name}`);
      await page.locator('figure.trajectory-figure').screenshot({ path: join(SCREENSHOTS, `course-trajectory-${size.name}.png`) });
    }
    await page.setViewportSize(SIZES[1]);

    // On paper: the sentence and the numbers, and a legend whose every sample differs without colour.
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.course-status').isVisible(), true);
    assert.equal(await page.getByRole('columnheader', { name: 'Forventet forløb' }).isVisible(), true);
    const patterns = await legendPatterns(page);
    assert.equal(new Set(patterns).size, patterns.length, `alike in the legend: ${patterns.join(' | ')}`);
    await snap(page, 'course-citizen-print');
  }, { viewport: SIZES[0] });
});
