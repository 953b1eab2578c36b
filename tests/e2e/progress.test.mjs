import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withPage, snap } from './harness.mjs';
import { addCitizen, meeting } from './flows.mjs';

function todayDa() {
  const today = new Date();
  const two = (n) => String(n).padStart(2, '0');
  return `${two(today.getDate())}.${two(today.getMonth() + 1)}.${today.getFullYear()}`;
}

const attr = (locator, name) => locator.evaluate((el, name) => Number(el.getAttribute(name)), name);

test('a citizen\'s trajectory: points per meeting, the cut-off, the reliable-change band and an alert', async (t) => {
  await withPage(t, '/', async (page) => {
    await addCitizen(page, 17);
    const twoWeeksAgo = new Date(Date.now() - 14 * 864e5).toISOString().slice(0, 10);
    await meeting(page, { date: twoWeeksAgo, ors: 'Home', srs: 'End' });
    await page.locator('table.history tbody tr').nth(1).waitFor();
    await meeting(page, {
      ors: 'End',
      srs: 'Home',
      // Staff see which line moved, not only the total: each line now, last time and the change.
      staffView: async (page) => {
        const table = page.locator('table.item-answers');
        await table.waitFor();
        assert.equal(await table.locator('caption').textContent(), 'Linje for linje');
        const rows = await table.locator('tbody tr').evaluateAll((trs) =>
          trs.map((tr) => [...tr.children].map((cell) => cell.textContent)));
        assert.equal(rows.length, 4);
        assert.deepEqual(rows[0], ['Mig selv', '10,0', '0,0', '+10,0']);
      },
    });
    await page.locator('table.history tbody tr').nth(3).waitFor();
    // The history names each line's answer beside the total.
    const latestOrs = page.locator('table.history tbody tr', { hasText: 'ORS' }).first();
    assert.deepEqual(
      await latestOrs.locator('.item-answer').allTextContents(),
      ['10,0 Mig selv', '10,0 Familie og mine nærmeste', '10,0 Arbejde, skole og venner', '10,0 Mit liv som helhed'],
    );

    await page.getByRole('link', { name: 'Se udviklingen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Udviklingen for MJ' }).waitFor();
    const chart = page.getByRole('img', { name: 'Samlet score møde for møde' });
    await chart.waitFor();
    const own = page.locator('svg.trajectory g.series-self circle');
    const session = page.locator('svg.trajectory g.series-session circle');
    assert.equal(await own.count(), 2);
    assert.equal(await session.count(), 2);
    assert.equal(await page.locator('svg.trajectory circle.alert').count(), 1, 'the SRS at 0 raises an alert');
    // From 0,0 to 40,0: the first point at the bottom of the plot, the second at the top.
    const [low, high] = [await attr(own.nth(0), 'cy'), await attr(own.nth(1), 'cy')];
    assert.ok(low > high, `${low} should lie below ${high}`);
    // The adolescent cut-off 28,0 of 40: 70 % of the way up the plot; the band runs from 0,0 to 5,0.
    const cutoff = await attr(page.locator('svg.trajectory line.cutoff'), 'y1');
    assert.ok(Math.abs((low - cutoff) / (low - high) - 0.7) < 0.01, `cut-off at ${cutoff}`);
    const band = page.locator('svg.trajectory rect.reliable-band');
    assert.ok(Math.abs(await attr(band, 'y') + (await attr(band, 'height')) - low) < 0.5, 'the band starts at the first total');
    assert.ok(Math.abs((await attr(band, 'height')) / (low - high) - 0.125) < 0.01, 'the band is 5 points high');
    assert.equal(
      await own.nth(1).locator('title').textContent(),
      `Borgeren selv, møde 2, ${todayDa()}: 40,0`,
    );
    assert.match(await chart.locator('desc').textContent(), /^ORS fra borgeren selv: 2 skemaer, først 0,0, senest 40,0\./);
    // Under the plot, each meeting's number and date, the year under the first.
    const dayMonth = (date) => `${date.getDate()}.${date.getMonth() + 1}.`;
    const first = new Date(twoWeeksAgo);
    const axis = await page.locator('svg.trajectory text.axis').evaluateAll((texts) =>
      texts.filter((text) => text.querySelector('tspan')).map((text) =>
        [...text.childNodes].map((node) => node.textContent)));
    assert.deepEqual(axis[0], ['1', dayMonth(first), String(first.getFullYear())]);
    assert.deepEqual(axis[1].slice(0, 2), ['2', dayMonth(new Date())]);
    await page.getByRole('heading', { level: 2, name: 'Tallene bag grafen' }).waitFor();
    assert.equal(await page.locator('.notice-error').count(), 0, 'no error while the second app opens the store');
    await snap(page, 'progress-trajectory');
  });
});

test('the facility\'s typical course shows once five citizens have answered at a meeting', async (t) => {
  await withPage(t, '/', async (page) => {
    await addCitizen(page, 30);
    await meeting(page, { ors: 'Home' });
    const progress = async () => {
      await page.getByRole('link', { name: 'Se udviklingen' }).click();
      await page.locator('svg.trajectory').waitFor();
    };
    for (const label of ['A1', 'A2', 'A3', 'A4']) {
      await page.getByRole('navigation').getByRole('link', { name: 'Borgere' }).click();
      await page.getByLabel('Initialer eller kode').fill(label);
      await page.getByLabel('Fødselsår').fill('1990');
      await page.getByLabel('Bosted eller enhed').fill('Hus 1');
      await page.getByRole('button', { name: 'Tilføj borger' }).click();
      await page.getByRole('link', { name: new RegExp(`^${label}`) }).click();
      await page.getByRole('heading', { level: 1, name: label }).waitFor();
      await meeting(page, { ors: 'End' });
      if (label === 'A3') {
        // Four totals at meeting 1: too few to show a typical course without showing people's scores.
        await progress();
        await page.locator('figure.trajectory-figure[aria-busy="false"]').waitFor();
        assert.equal(await page.locator('svg.trajectory g.typical').count(), 0);
      }
    }
    await progress();
    // Totals 0, 40, 40, 40 and 40 at meeting 1: the median is 40,0.
    const typical = page.locator('svg.trajectory g.typical circle');
    await typical.waitFor();
    assert.equal(await typical.count(), 1);
    // The middle half of 0, 40, 40, 40, 40: from 20,0 (0 and 40) to 40,0.
    assert.equal(await typical.locator('title').textContent(), 'Typisk ved møde 1: 40,0 (den midterste halvdel fra 20,0 til 40,0)');
    assert.equal(await page.locator('svg.trajectory polygon.typical-band').count(), 1);
    await page.getByText('Stedets typiske forløb (grå prikker og et gråt bånd)', { exact: false }).waitFor();
    await snap(page, 'progress-typical');
  });
});

test('a parent\'s forms have lines of their own, the SRS too, each named in the legend', async (t) => {
  await withPage(t, '/', async (page) => {
    await addCitizen(page, 16);
    await meeting(page, { ors: 'End', srs: 'End' });
    await meeting(page, { ors: 'Home', srs: 'End', rater: 'En forælder eller pårørende' });
    await page.getByRole('link', { name: 'Se udviklingen' }).click();
    await page.locator('svg.trajectory').waitFor();
    for (const [line, count] of [['series-self', 1], ['series-parent', 1], ['session-self', 1], ['session-parent', 1]]) {
      assert.equal(await page.locator(`svg.trajectory g.${line} circle`).count(), count, line);
    }
    const legend = await page.locator('figure.trajectory-figure ul.legend li').allTextContents();
    for (const entry of [
      'Hvordan det går, svaret af borgeren selv',
      'Hvordan det går, svaret af en forælder eller pårørende',
      /^Hvordan samtalen gik, svaret af borgeren selv/,
      /^Hvordan samtalen gik, svaret af en forælder eller pårørende/,
    ]) {
      assert.ok(legend.some((text) => (typeof entry === 'string' ? text === entry : entry.test(text))), `${entry} in ${legend.join(' | ')}`);
    }
    // The parent's lines in the numbers read as the parent read them.
    const parentOrs = page.locator('table.history tbody tr', { hasText: 'ORS' }).filter({ hasText: 'En forælder' });
    assert.equal(await parentOrs.locator('.item-answer').first().textContent(), '0,0 Personen selv');
    // The two session lines differ in pattern, not only in colour.
    const dashes = await page.locator('svg.trajectory g.series-session polyline').evaluateAll((lines) =>
      lines.map((line) => getComputedStyle(line).strokeDasharray));
    assert.equal(new Set(dashes).size, 2, dashes.join(' | '));
    await snap(page, 'progress-parent-lines');
  });
});
