// A citizen's page on paper: the caseworker's report from the files and the tablet's pages, printed by
// Chromium to an A4 PDF as the browser's print does (background graphics off), then read page by page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { withPage, chooseCaseworker, SCREENSHOTS } from './harness.mjs';
import { ROOT } from './serve.mjs';
import { addCitizen, meeting } from './flows.mjs';

function todayDa() {
  const today = new Date();
  const two = (n) => String(n).padStart(2, '0');
  return `${two(today.getDate())}.${two(today.getMonth() + 1)}.${today.getFullYear()}`;
}

/// The text of each page of a PDF, in reading order.
async function pageTexts(pdf) {
  const doc = await getDocument({ data: new Uint8Array(pdf) }).promise;
  const texts = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    texts.push(content.items.map((item) => item.str).join(' ').replace(/\s+/g, ' '));
  }
  await doc.destroy();
  return texts;
}

/// Counts calls to `window.print` instead of opening the dialogue, which a headless browser cannot.
const countPrints = (page) => page.addInitScript(() => {
  window.printed = 0;
  window.print = () => { window.printed += 1; };
});

/// Prints the page as it is to an A4 PDF (portrait, the browser's default margins and no background
/// graphics, as a person printing it gets), keeps it beside the screenshots as `name.pdf`, and checks each
/// page: the citizen's label and today's date in its head, "Side n af m" at its foot, and more than that
/// on it (no empty page). Returns the pages' texts.
async function printed(page, label, name) {
  // One print button, and it prints.
  const button = page.getByRole('button', { name: 'Udskriv' });
  assert.equal(await button.count(), 1);
  await button.click();
  assert.equal(await page.evaluate(() => window.printed), 1);

  const pdf = await page.pdf({ format: 'A4', printBackground: false });
  writeFileSync(join(SCREENSHOTS, `${name}.pdf`), pdf);
  const texts = await pageTexts(pdf);
  const head = `${label} · udskrevet ${todayDa()}`;
  texts.forEach((text, idx) => {
    const foot = `Side ${idx + 1} af ${texts.length}`;
    assert.ok(text.includes(head), `page ${idx + 1} has no "${head}": ${text.slice(0, 120)}`);
    assert.ok(text.includes(foot), `page ${idx + 1} has no "${foot}": ${text.slice(-120)}`);
    const body = text.replace(head, '').replace(foot, '').trim();
    assert.ok(body.length > 40, `page ${idx + 1} is all but empty: "${body}"`);
  });
  return texts;
}

/// The dash pattern of each legend sample's line, legend by legend, as printed.
async function legendPatterns(page) {
  return page.locator('ul.legend').evaluateAll((legends) =>
    legends.map((legend) =>
      [...legend.querySelectorAll('li')].map((li) => {
        const line = li.querySelector('svg.swatch polyline, svg.swatch rect');
        const style = getComputedStyle(line);
        return `${line.tagName} ${style.strokeDasharray} ${style.strokeWidth}`;
      })));
}

test('the caseworker prints a citizen from the files: four pages, each naming the citizen, the day and its number', async (t) => {
  await withPage(t, '/', async (page) => {
    await chooseCaseworker(page);
    await page.getByRole('navigation').getByRole('link', { name: 'Indlæs filer' }).click();
    await page.getByLabel('Eksportfiler').setInputFiles([join(ROOT, 'docs/examples/tablet-a-week-2.json')]);
    await page.getByRole('button', { name: 'Indlæs filerne' }).click();
    await page.getByRole('link', { name: 'Se oversigten' }).click();
    await page.locator('table.overview tbody th a', { hasText: 'MJ' }).click();
    await page.locator('svg.trajectory').waitFor();
    await page.locator('svg.mastery-star').waitFor();

    // On the screen the numbers behind the chart are closed; on paper they are printed.
    const numbers = page.locator('details', { hasText: 'Tallene bag grafen' }).locator('table.history');
    assert.equal(await numbers.isVisible(), false);
    await page.emulateMedia({ media: 'print' });
    assert.equal(await numbers.isVisible(), true, 'the numbers\' table is printed open');
    assert.equal(await page.getByRole('link', { name: 'Tilbage til oversigten' }).isVisible(), false);

    // Every line in a legend has a pattern of its own, since the colours may not reach the paper; the
    // samples are SVG, which prints without background graphics.
    for (const patterns of await legendPatterns(page)) {
      assert.equal(new Set(patterns).size, patterns.length, `alike in a legend: ${patterns.join(' | ')}`);
    }
    await page.emulateMedia({ media: null });

    const texts = await printed(page, 'MJ', 'print-caseworker-citizen');
    // The handover at a glance first (the T-score with what it means and each goal's level beside it), then
    // the FIT trajectory with its numbers (each form's lines too), the mastery profile and the plan: four
    // pages, none empty.
    assert.equal(texts.length, 4, texts.map((text) => text.slice(0, 80)).join('\n'));
    assert.match(texts[0], /Overblik til overlevering Seneste møde 16\.11\.2026, Opfølgning: .* Seneste scorer ORS, borgeren selv, 14\.11\.2026: 31,3 \(\+1,6 siden forrige\)/);
    assert.match(texts[0], /Seneste opfølgning, 27\.11\.2026 T-score: 60,0 50 betyder, .* Mål 1 – Tage bussen alene: \+1 Bedre end forventet/);
    assert.match(texts.join(' '), /Tallene bag grafen Møde Dato Skema Udfyldt af Samlet Linjerne 14 14\.11\.2026 ORS/);
    // The file's dialogue meeting record (acute contacts and network meetings are not dialogue meetings).
    assert.match(texts.join(' '), /Dialogmøder 1\. 03\.08\.2026: Borgeren, Forælder eller pårørende, Personale fra tilbuddet/);
  }, { viewport: { width: 800, height: 1280 }, beforeLoad: countPrints });
});

test('staff print a citizen\'s page and trajectory from the tablet', async (t) => {
  await withPage(t, '/', async (page) => {
    await addCitizen(page, 17);
    const twoWeeksAgo = new Date(Date.now() - 14 * 864e5).toISOString().slice(0, 10);
    await meeting(page, { date: twoWeeksAgo, ors: 'Home', srs: 'End' });
    await meeting(page, { ors: 'End', srs: 'Home' });

    // The citizen's page: what was answered, not the buttons that start a meeting.
    let texts = await printed(page, 'MJ', 'print-tablet-citizen');
    assert.equal(texts.length, 1);
    assert.doesNotMatch(texts[0], /Start et møde/);
    assert.match(texts[0], /Udfyldte skemaer/);

    await page.getByRole('link', { name: 'Se udviklingen' }).click();
    await page.locator('svg.trajectory').waitFor();
    await page.emulateMedia({ media: 'print' });
    for (const patterns of await legendPatterns(page)) {
      assert.equal(new Set(patterns).size, patterns.length, `alike in a legend: ${patterns.join(' | ')}`);
    }
    await page.emulateMedia({ media: null });
    await page.evaluate(() => { window.printed = 0; });
    texts = await printed(page, 'MJ', 'print-tablet-progress');
    // The chart and its legend on the first page, the numbers of two meetings (each form line by line)
    // running on to the second.
    assert.equal(texts.length, 2, texts.map((text) => text.slice(0, 80)).join('\n'));
    assert.match(texts[0], /Tallene bag grafen/);
  }, { beforeLoad: countPrints });
});
