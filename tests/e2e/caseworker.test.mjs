import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withPage, snap, chooseCaseworker } from './harness.mjs';
import { ROOT } from './serve.mjs';
import { addCitizen, meeting } from './flows.mjs';

const PASSPHRASE = 'solsikke ved søen';

/// On a facility tablet: one meeting with MJ, exported as a sealed file saved at `path`.
async function exportFromTablet(t, path) {
  await withPage(t, '/', async (page) => {
    await addCitizen(page);
    await meeting(page);
    await page.getByRole('navigation').getByRole('link', { name: 'Eksport' }).click();
    await page.getByLabel('Adgangskode til filen').fill(PASSPHRASE);
    await page.getByLabel('Skriv adgangskoden igen').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Lav eksportfilen' }).click();
    const downloaded = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Gem filen' }).click();
    await (await downloaded).saveAs(path);
  });
}

test('the caseworker imports a tablet\'s sealed file, once, refuses what is no export, and sees the citizen', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mestring-caseworker-'));
  const exported = join(dir, 'mestring-export.sealed.json');
  const junk = join(dir, 'notes.json');
  writeFileSync(junk, '{"hello": "world"}');
  await exportFromTablet(t, exported);

  await withPage(t, '/', async (page) => {
    await chooseCaseworker(page);
    await page.getByRole('navigation').getByRole('link', { name: 'Indlæs filer' }).click();
    await page.getByRole('heading', { level: 1, name: 'Indlæs eksportfiler' }).waitFor();
    const files = page.getByLabel('Eksportfiler');
    const start = page.getByRole('button', { name: 'Indlæs filerne' });
    assert.equal(await start.isDisabled(), true, 'no files chosen');

    await files.setInputFiles([exported, junk]);
    await start.click();
    await page.getByText('Filen er beskyttet med en adgangskode. Skriv adgangskoden, og indlæs igen.').waitFor();
    await page.getByText('Det er ikke en eksportfil fra Mestring.').waitFor();
    await snap(page, 'caseworker-1-refused');

    await page.getByLabel('Adgangskode', { exact: true }).fill(PASSPHRASE);
    await files.setInputFiles([exported]);
    await start.click();
    await page.getByText('3 nye, 0 opdaterede, 0 havde du i forvejen.').waitFor();
    await snap(page, 'caseworker-2-imported');

    // The same file again changes nothing.
    await start.click();
    await page.getByText('0 nye, 0 opdaterede, 3 havde du i forvejen.').waitFor();

    await page.getByRole('link', { name: 'Se oversigten' }).click();
    await page.getByRole('heading', { level: 1, name: 'Oversigt over borgerne' }).waitFor();
    const row = page.locator('table.overview tbody tr');
    await row.first().waitFor();
    assert.equal(await row.count(), 1);
    const cells = await row.first().locator('th, td').allInnerTexts();
    assert.equal(cells[0], 'MJ');
    assert.equal(cells[1], 'Ungeenheden');
    assert.match(cells[2], /^40,0 \(ORS \d\d\.\d\d\.\d{4}, borgeren selv\)$/);
    assert.equal(cells[3], 'For tidligt at sige');
    assert.equal(cells[4], 'For få at sammenligne med', 'one citizen is no expected course');
    assert.equal(cells[6], '1');
    assert.equal(cells[7], '', 'no plan, no follow-up');
    await page.getByText('Borgere: 1.', { exact: false }).waitFor();
    await snap(page, 'caseworker-3-overview');

    // MJ's session scale raised no alert: showing only citizens with an alert leaves none.
    await page.getByLabel('Vis').selectOption({ label: 'Med advarsel' });
    assert.equal(await row.count(), 0);
    await page.getByLabel('Vis').selectOption({ label: 'Alle borgere' });
    assert.equal(await row.count(), 1);
    await page.getByLabel('Sortér efter').selectOption({ label: 'Forværring først' });
    assert.equal(await row.count(), 1);
  });
});

test('the overview shows when each plan is to be followed up', async (t) => {
  await withPage(t, '/', async (page) => {
    await chooseCaseworker(page);
    await page.getByRole('navigation').getByRole('link', { name: 'Indlæs filer' }).click();
    // Tablet A's second week: MJ's plan, agreed on 3 November and followed up on 27 November 2026.
    await page.getByLabel('Eksportfiler').setInputFiles([join(ROOT, 'docs/examples/tablet-a-week-2.json')]);
    await page.getByRole('button', { name: 'Indlæs filerne' }).click();
    await page.getByRole('link', { name: 'Se oversigten' }).click();
    const rows = page.locator('table.overview tbody tr');
    await rows.first().waitFor();
    const mj = rows.filter({ has: page.locator('th', { hasText: /^MJ$/ }) });
    assert.equal((await mj.locator('td').allInnerTexts())[6], '27.02.2027');
    await page.getByLabel('Sortér efter').selectOption({ label: 'Opfølgning først' });
    assert.equal(await rows.first().locator('th').innerText(), 'MJ');
  });
});

test('the overview picks out who needs attention, each reason with its count', async (t) => {
  // On 1 June 2027 MJ's follow-up (due 27 February) is overdue, and nobody has had a meeting since November.
  const beforeLoad = (page) => page.clock.setFixedTime(new Date('2027-06-01T10:00:00+02:00'));
  await withPage(t, '/', async (page) => {
    await chooseCaseworker(page);
    await page.getByRole('navigation').getByRole('link', { name: 'Indlæs filer' }).click();
    await page.getByLabel('Eksportfiler').setInputFiles(
      ['tablet-a-week-2.json', 'tablet-b.json'].map((name) => join(ROOT, 'docs/examples', name)),
    );
    await page.getByRole('button', { name: 'Indlæs filerne' }).click();
    await page.getByRole('link', { name: 'Se oversigten' }).click();
    const rows = page.locator('table.overview tbody tr');
    await rows.first().waitFor();
    assert.equal(await rows.count(), 3);
    const reasons = page.getByRole('group', { name: 'Kræver opmærksomhed' });
    assert.deepEqual(await reasons.getByRole('button').allInnerTexts(), [
      '5 møder uden plan (0)',
      'Forsinket opfølgning (1)',
      'Pålidelig forværring (0)',
      'Advarsel ved seneste møde (0)',
      'Intet møde i 6 uger (3)',
      'Revisionsdato overskredet (0)',
    ]);
    const overdue = reasons.getByRole('button', { name: 'Forsinket opfølgning (1)' });
    await overdue.click();
    assert.equal(await overdue.getAttribute('aria-pressed'), 'true');
    assert.equal(await rows.count(), 1);
    assert.equal(await rows.first().locator('th').innerText(), 'MJ');
    await snap(page, 'caseworker-5-attention');
    await overdue.click();
    assert.equal(await overdue.getAttribute('aria-pressed'), 'false');
    assert.equal(await rows.count(), 3);
  }, { beforeLoad });
});

test('the caseworker saves what was imported as the same spreadsheets and FHIR bundle the command-line tool writes', async (t) => {
  // A staff FFB rating, the citizen's own rating, a plan with two goals and a follow-up.
  const example = join(ROOT, 'docs/examples/course.json');
  const dir = mkdtempSync(join(tmpdir(), 'mestring-sheets-'));
  const cli = (...args) => execFileSync('cargo', ['run', '--quiet', '--locked', '-p', 'mestring-cli', '--', ...args], { cwd: ROOT });
  cli('csv', '-o', dir, example);
  cli('fhir', '-o', join(dir, 'bundle.json'), example);

  await withPage(t, '/', async (page) => {
    await chooseCaseworker(page);
    await page.getByRole('navigation').getByRole('link', { name: 'Indlæs filer' }).click();
    await page.getByLabel('Eksportfiler').setInputFiles([example]);
    await page.getByRole('button', { name: 'Indlæs filerne' }).click();
    await page.getByRole('link', { name: 'Se oversigten' }).click();
    await page.getByRole('heading', { level: 2, name: 'Regneark' }).waitFor();
    await snap(page, 'caseworker-4-sheets');

    const sheets = [
      ['Skemaer (ORS, SRS m.fl.)', 'forms.csv'],
      ['Mestringsvurderinger', 'mastery-ratings.csv'],
      ['Mål i planerne', 'goals.csv'],
      ['Opfølgninger', 'follow-ups.csv'],
      ['Møder', 'meetings.csv'],
    ];
    for (const [label, name] of sheets) {
      const downloaded = page.waitForEvent('download');
      await page.getByRole('button', { name: label, exact: true }).click();
      const download = await downloaded;
      assert.equal(download.suggestedFilename(), name);
      const saved = readFileSync(await download.path());
      assert.ok(saved.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])), `${name} starts with a byte-order mark`);
      assert.ok(saved.equals(readFileSync(join(dir, name))), `${name} is what the command-line tool writes`);
      await page.getByText(`Regnearket er gemt som ${name} i din mappe med overførsler.`).waitFor();
    }
    const downloaded = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Gem FHIR-filen' }).click();
    const bundle = await downloaded;
    assert.equal(bundle.suggestedFilename(), 'mestring-fhir.json');
    assert.ok(readFileSync(await bundle.path()).equals(readFileSync(join(dir, 'bundle.json'))), 'the bundle is what the command-line tool writes');
    const kinds = JSON.parse(readFileSync(join(dir, 'bundle.json'), 'utf8')).entry.map((entry) => entry.resource.resourceType);
    assert.ok(['Condition', 'Goal', 'CarePlan', 'Encounter'].every((kind) => kinds.includes(kind)), kinds.join(' '));

    // Not empty: the example's course gives rows in each kind it holds.
    const lines = (name) => readFileSync(join(dir, name), 'utf8').trimEnd().split('\r\n').length - 1;
    assert.ok(lines('mastery-ratings.csv') > 0 && lines('goals.csv') === 2 && lines('follow-ups.csv') > 0);
  });
});

test('a Norwegian plan past its revision date is picked out in the overview', async (t) => {
  // On 1 October 2026 SN's individual plan (revision date 1 September) is past its revision.
  const beforeLoad = (page) => page.clock.setFixedTime(new Date('2026-10-01T10:00:00+02:00'));
  await withPage(t, '/', async (page) => {
    await chooseCaseworker(page);
    await page.getByRole('button', { name: 'Norsk bokmål' }).click();
    await page.getByRole('navigation').getByRole('link', { name: 'Les inn filer' }).click();
    await page.getByLabel('Eksportfiler').setInputFiles(join(ROOT, 'docs/examples/norwegian-plan.json'));
    await page.getByRole('button', { name: 'Les inn filene' }).click();
    await page.getByRole('link', { name: 'Se oversikten' }).click();
    const rows = page.locator('table.overview tbody tr');
    await rows.first().waitFor();
    const revision = page.locator('button[data-attention="revision_overdue"]');
    assert.equal(await revision.innerText(), 'Revisjonsdato passert (1)');
    await revision.click();
    assert.equal(await rows.count(), 1);
    assert.equal(await rows.first().locator('th').innerText(), 'SN');
    await snap(page, 'caseworker-revision-overdue');
  }, { beforeLoad });
});
