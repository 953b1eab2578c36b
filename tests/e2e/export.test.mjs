import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './serve.mjs';
import { withPage, snap, staffPin } from './harness.mjs';
import { addCitizen, meeting, planAndFfbRating } from './flows.mjs';

/// MJ, with one meeting: the ORS and the SRS, each line at 10.
async function citizenWithAMeeting(page) {
  await addCitizen(page);
  await meeting(page);
  await page.locator('table.history tbody tr').nth(1).waitFor();
}

const PASSPHRASE = 'solsikke ved søen';

/// The caseworker's command-line tool run on the files, as the caseworker would: its standard output.
function cli(...args) {
  return execFileSync('cargo', ['run', '--quiet', '--locked', '-p', 'mestring-cli', '--', ...args], {
    cwd: ROOT,
    env: { ...process.env, MESTRING_PASSPHRASE: PASSPHRASE },
  }).toString();
}

/// The caseworker's command-line tool reading the file, as the caseworker would.
function importedByCli(path) {
  return JSON.parse(cli('import', path));
}

/// Makes the export (sealed with `PASSPHRASE`) of everything on the tablet and saves it; its path.
async function exported(page) {
  await page.getByRole('navigation').getByRole('link', { name: 'Eksport' }).click();
  await page.getByLabel('Alt på tabletten').check();
  await page.getByLabel('Adgangskode til filen').fill(PASSPHRASE);
  await page.getByLabel('Skriv adgangskoden igen').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Lav eksportfilen' }).click();
  await page.getByRole('heading', { level: 2, name: /^Filen mestring-.* er klar/ }).waitFor();
  const downloaded = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Gem filen' }).click();
  return (await downloaded).path();
}

test('staff export a sealed file that the caseworker tool opens, and only new forms go in the next one', async (t) => {
  await withPage(t, '/', async (page) => {
    await citizenWithAMeeting(page);
    await page.getByRole('navigation').getByRole('link', { name: 'Eksport' }).click();
    await page.getByRole('heading', { level: 1, name: 'Eksport til sagsbehandleren' }).waitFor();
    assert.equal(await page.getByLabel('Nyt siden sidste eksport').isChecked(), true);
    assert.equal(await page.getByLabel('Beskyt filen med en adgangskode').isChecked(), true);
    const make = page.getByRole('button', { name: 'Lav eksportfilen' });
    assert.equal(await make.isDisabled(), true, 'no passphrase yet');
    await page.getByLabel('Adgangskode til filen').fill('kort');
    await page.getByText('Adgangskoden skal have mindst 10 tegn.').waitFor();
    await page.getByLabel('Adgangskode til filen').fill(PASSPHRASE);
    await page.getByLabel('Skriv adgangskoden igen').fill('solsikke ved søer');
    await page.getByText('De to adgangskoder er ikke ens.', { exact: false }).waitFor();
    assert.equal(await make.isDisabled(), true, 'passphrases differ');
    await snap(page, 'export-1-choice');
    await page.getByLabel('Skriv adgangskoden igen').fill(PASSPHRASE);

    await make.click();
    await page.getByRole('heading', { level: 2, name: /^Filen mestring-.* er klar/ }).waitFor();
    await page.getByText('Borgere i filen: 1. Skemaer i filen: 2.').waitFor();
    await page.getByText('Filen er beskyttet med adgangskoden.').waitFor();
    await snap(page, 'export-2-ready');
    const downloaded = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Gem filen' }).click();
    const file = await downloaded;
    assert.match(file.suggestedFilename(), /^mestring-\d{4}-\d\d-\d\d-[0-9a-f]{8}\.sealed\.json$/);
    assert.match(readFileSync(await file.path(), 'utf8'), /^\{"format":"mestring-export-sealed"/);
    await page.getByText('2 skemaer, 0 mestringsvurderinger, 0 planer og 0 møder er nu markeret som eksporteret.', { exact: false }).waitFor();
    await snap(page, 'export-3-done');

    const report = importedByCli(await file.path());
    assert.equal(report.citizens, 1);
    assert.equal(report.responses, 2);
    assert.deepEqual(report.files[0].rejected, []);

    // Everything is marked: nothing new to export.
    await page.getByRole('button', { name: 'Lav eksportfilen' }).click();
    await page.getByText('Der er ingen skemaer at eksportere med dette valg.').waitFor();

    // By keyboard: everything on the tablet goes in again, whatever was exported.
    await page.getByLabel('Alt på tabletten').focus();
    await page.keyboard.press('Space');
    assert.equal(await page.getByLabel('Alt på tabletten').isChecked(), true);
    // Past the seal and the passphrase fields (filled in above) to the button.
    for (let i = 0; i < 6 && !(await make.evaluate((el) => el === document.activeElement)); i++) {
      await page.keyboard.press('Tab');
    }
    await page.keyboard.press('Enter');
    await page.getByText('Borgere i filen: 1. Skemaer i filen: 2.').waitFor();

    // Data minimisation: a first meeting's forms are the baseline and carry the numbering on, so they stay.
    await page.getByLabel('Slet skemaer, der er mindst så mange dage gamle').fill('0');
    await page.getByRole('button', { name: 'Find skemaerne' }).click();
    await page.getByText('Der er ingen eksporterede skemaer at slette', { exact: false }).waitFor();
    await page.getByRole('navigation').getByRole('link', { name: 'Borgere' }).click();
    await page.getByRole('link', { name: /^MJ/ }).click();
    await page.locator('table.history tbody tr').nth(1).waitFor();
  });
});

/// The day `days` before today, as the date field takes it.
function daysAgo(days) {
  const date = new Date();
  date.setDate(date.getDate() - days);
  return date.toISOString().slice(0, 10);
}

/// The set-up screen of MJ's next meeting: what number it says the meeting gets.
async function nextMeetingNumber(page) {
  await page.getByRole('link', { name: 'Borgeren selv' }).click();
  const number = page.getByText(/^Det bliver møde \d+: /);
  await number.waitFor();
  return (await number.innerText()).match(/\d+/)[0];
}

test('deleting exported forms keeps the first meeting as the baseline and the meeting numbers', async (t) => {
  await withPage(t, '/', async (page) => {
    await addCitizen(page);
    // Three meetings, all older than the 90 days offered: the first ORS at 0, the next two at 40.
    await meeting(page, { date: daysAgo(200), ors: 'Home' });
    await meeting(page, { date: daysAgo(150) });
    await meeting(page, { date: daysAgo(100) });
    assert.equal(await nextMeetingNumber(page), '4');
    // The meeting's set-up is staff's screen: they leave it without the PIN.
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: 'MJ' }).waitFor();
    assert.equal(await page.locator('.lock-screen').count(), 0);

    await page.getByRole('navigation').getByRole('link', { name: 'Eksport' }).click();
    await page.getByLabel('Beskyt filen med en adgangskode').uncheck();
    await page.getByLabel('Alt på tabletten').check();
    await page.getByRole('button', { name: 'Lav eksportfilen' }).click();
    await page.getByText('Borgere i filen: 1. Skemaer i filen: 6.').waitFor();
    const downloaded = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Gem filen' }).click();
    await downloaded;
    await page.getByText('6 skemaer, 0 mestringsvurderinger, 0 planer og 0 møder er nu markeret som eksporteret.', { exact: false }).waitFor();

    // Only the middle meeting's two forms go; the screen says what stays and why.
    await page.getByRole('button', { name: 'Find skemaerne' }).click();
    await page.getByText(/^\d+ skemaer bliver slettet fra tabletten\./).waitFor();
    assert.equal(await page.getByText(/^\d+ skemaer bliver slettet/).innerText(), '2 skemaer bliver slettet fra tabletten. Det kan ikke fortrydes.');
    await page.getByText('Det første og det seneste skema i hver borgers forløb bliver altid på tabletten', { exact: false }).waitFor();
    await snap(page, 'export-5-delete-confirm');
    await page.getByRole('button', { name: 'Ja, slet 2 skemaer' }).click();
    await page.getByText('2 skemaer er slettet fra tabletten.').waitFor();

    // The next meeting is still number 4, and its change is still measured from the first meeting's 0.
    await page.getByRole('navigation').getByRole('link', { name: 'Borgere' }).click();
    await page.getByRole('link', { name: /^MJ/ }).click();
    await page.locator('table.history').waitFor();
    assert.equal(await nextMeetingNumber(page), '4');
    await page.getByRole('button', { name: 'Start ORS-skemaet' }).click();
    const sliders = page.locator('[role=slider]');
    await sliders.first().waitFor();
    for (const slider of await sliders.all()) {
      await slider.focus();
      await page.keyboard.press('End');
    }
    await page.getByRole('button', { name: 'Færdig' }).click();
    await page.getByRole('button', { name: 'Giv tabletten tilbage til medarbejderen' }).click();
    await staffPin(page);
    await page.getByRole('heading', { level: 1, name: 'Til medarbejderen' }).waitFor();
    assert.match(await page.locator('.staff-lines').innerText(), /Ændring siden første møde: \+40(,0)? point \(0(,0)? → 40(,0)?, 3 målinger\)/);
  });
});

test('one citizen or a period: the choice is checked before a file is made', async (t) => {
  await withPage(t, '/', async (page) => {
    await citizenWithAMeeting(page);
    await page.getByRole('navigation').getByRole('link', { name: 'Eksport' }).click();
    await page.getByLabel('Beskyt filen med en adgangskode').uncheck();
    await page.getByText('Uden adgangskode kan alle', { exact: false }).waitFor();

    await page.getByLabel('Én borger').check();
    const make = page.getByRole('button', { name: 'Lav eksportfilen' });
    assert.equal(await make.isDisabled(), true, 'no citizen chosen yet');
    await page.getByLabel('Borger', { exact: true }).selectOption({ label: 'MJ · Ungeenheden' });
    await make.click();
    await page.getByText('Borgere i filen: 1. Skemaer i filen: 2.').waitFor();

    await page.getByLabel('Skemaer fra en periode').check();
    await page.getByLabel('Fra og med').fill('2026-12-31');
    await page.getByLabel('Til og med').fill('2026-01-01');
    await page.getByText('Den første må ikke ligge efter den anden.', { exact: false }).waitFor();
    assert.equal(await make.isDisabled(), true, 'dates the wrong way round');
    await snap(page, 'export-4-period-invalid');
    await page.getByLabel('Fra og med').fill('2000-01-01');
    await page.getByLabel('Til og med').fill('2099-12-31');
    await make.click();
    await page.getByText('Borgere i filen: 1. Skemaer i filen: 2.').waitFor();

    // These screens are a second Yew app on the page (src/tools.rs): clicks in it are its own, and
    // the language switch in the app's header reaches it.
    assert.equal(await page.locator('html').getAttribute('lang'), 'da');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Export for the caseworker' }).waitFor();
  });
});

test('a mastery rating goes in the export, the caseworker tool takes it in, and it is marked exported', async (t) => {
  await withPage(t, '/', async (page) => {
    await addCitizen(page);
    // MJ rates the default mastery schema, skipping nothing.
    await page.getByRole('link', { name: 'Mestringsskema og plan' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mestring for MJ' }).waitFor();
    await page
      .getByRole('region', { name: 'Mit liv lige nu' })
      .getByRole('link', { name: /^Borgeren selv/ })
      .click();
    for (let n = 1; n <= 9; n++) {
      await page.getByText(`Område ${n} af 9`).waitFor();
      await page.getByRole('radio', { name: new RegExp(`^${n}:`) }).click();
      await page.getByRole('button', { name: 'Næste' }).click();
    }
    await page.getByRole('button', { name: 'Gem svarene' }).click();
    await page.getByText('Tak! Dine svar er gemt.').waitFor();
    await page.getByRole('link', { name: 'Giv tabletten tilbage til medarbejderen' }).click();
    // Staff's PIN ends citizen mode, on the citizen's page.
    await staffPin(page);
    await page.getByRole('link', { name: 'Mestringsskema og plan' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mestring for MJ' }).waitFor();

    await page.getByRole('navigation').getByRole('link', { name: 'Eksport' }).click();
    await page.getByRole('heading', { level: 1, name: 'Eksport til sagsbehandleren' }).waitFor();
    await page.getByLabel('Beskyt filen med en adgangskode').uncheck();
    const make = page.getByRole('button', { name: 'Lav eksportfilen' });
    await make.click();
    await page.getByText('Borgere i filen: 1. Skemaer i filen: 0. Mestringsvurderinger: 1. Planer: 0. Møder: 0.').waitFor();
    const downloaded = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Gem filen' }).click();
    const file = await downloaded;
    const text = readFileSync(await file.path(), 'utf8');
    const written = JSON.parse(text);
    assert.equal(written.format_version, 3);
    assert.equal(written.payload.assessments.length, 1);
    assert.equal(written.payload.assessments[0].rater, 'self');
    assert.deepEqual(
      written.payload.assessments[0].entries.map((entry) => entry.rating),
      [1, 2, 3, 4, 5, 6, 7, 8, 9],
    );
    await page.getByText('0 skemaer, 1 mestringsvurdering, 0 planer og 0 møder er nu markeret som eksporteret.', { exact: false }).waitFor();

    const report = importedByCli(await file.path());
    assert.equal(report.citizens, 1);
    assert.equal(report.assessments, 1);
    assert.equal(report.plans, 0);
    assert.deepEqual(report.files[0].rejected, []);

    // The rating and its citizen are marked: nothing new to export.
    await make.click();
    await page.getByText('Der er ingen skemaer at eksportere med dette valg.').waitFor();
  });
});

test('a staff FFB rating and a plan with two goals reach the caseworker as valid FHIR and as a row per rated domain and per goal', async (t) => {
  await withPage(t, '/', async (page) => {
    await addCitizen(page);
    await planAndFfbRating(page);
    const file = await exported(page);

    const report = importedByCli(file);
    assert.deepEqual([report.citizens, report.assessments, report.plans], [1, 1, 1]);
    assert.deepEqual(report.files[0].rejected, []);

    // The CSV files, one per kind of record, for Danish Excel.
    const dir = mkdtempSync(join(tmpdir(), 'mestring-e2e-csv-'));
    cli('csv', '-o', dir, file);
    const rows = (name) => {
      const text = readFileSync(join(dir, name), 'utf8');
      assert.ok(text.startsWith('\ufeffcitizen;'), `${name} starts with a BOM and its header`);
      return text.trimEnd().split('\r\n').slice(1).map((line) => line.split(';'));
    };
    const ratings = rows('mastery-ratings.csv');
    assert.deepEqual(
      ratings.map((row) => [row[12], row[13], row[15]]),
      [
        ['Købe ind', '1', 'Let nedsat funktionsevne'],
        ['Lave mad', '3', 'Svært nedsat funktionsevne'],
        ['Færdes med transportmidler', '', 'Ikke vurderet'],
      ],
    );
    const goals = rows('goals.csv');
    assert.deepEqual(goals.map((row) => [row[4], row[5], row[7], row[9]]), [
      ['1', 'Lave aftensmad selv', 'Lave mad|Købe ind', 'Udvikle funktionsevne'],
      ['2', 'Tage bussen alene', 'Færdes med transportmidler', 'Udvikle funktionsevne'],
    ]);
    assert.equal(rows('forms.csv').length, 0);

    // The FHIR bundle: Conditions, Goals addressing them, the CarePlan, checked by a third party's R4 models.
    const bundlePath = join(dir, 'bundle.json');
    cli('fhir', '-o', bundlePath, file);
    const bundle = JSON.parse(readFileSync(bundlePath, 'utf8'));
    const kinds = bundle.entry.map((entry) => entry.resource.resourceType);
    assert.equal(kinds.filter((kind) => kind === 'Condition').length, 3);
    assert.equal(kinds.filter((kind) => kind === 'Goal').length, 2);
    assert.equal(kinds.filter((kind) => kind === 'CarePlan').length, 1);
    const validated = execFileSync(join(ROOT, 'scripts/.venv/bin/python'), [join(ROOT, 'scripts/fhir-validate.py'), bundlePath]);
    assert.match(validated.toString(), /valid FHIR R4 Bundle: 1 CarePlan, 3 Condition, 2 Goal/);
  });
});
