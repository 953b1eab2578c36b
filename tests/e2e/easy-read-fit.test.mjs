// Easy-read for the FIT forms, and easy-read as part of the citizen: a citizen in easy-read answers the ORS
// one question at a time in easy words, each question with its picture, faces at the line's ends and
// read-aloud, in both orientations; the choice travels with the citizen through an export into a fresh device.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './serve.mjs';
import { withPage, snap, withAxe, axeViolations, chooseCaseworker } from './harness.mjs';
import { addCitizen, startForm, voicesStub, meeting } from './flows.mjs';

async function switchEasyReadOn(page) {
  await page.getByRole('link', { name: 'Mestringsskema og plan' }).click();
  await page.getByRole('button', { name: 'Let at læse' }).click();
  await page.locator('button.toggle[aria-pressed="true"]').waitFor();
}

const QUESTIONS = [
  ['Mig selv', 'Meget dårligt', 'Rigtig godt'],
  ['Familie og nære venner', 'Meget dårligt', 'Rigtig godt'],
  ['Arbejde, skole og venner', 'Meget dårligt', 'Rigtig godt'],
  ['Hele mit liv', 'Meget dårligt', 'Rigtig godt'],
];

for (const viewport of [{ width: 800, height: 1280 }, { width: 1280, height: 800 }]) {
  const size = `${viewport.width}x${viewport.height}`;
  test(`an easy-read ORS at ${size}: easy words, a picture per question, faces, read-aloud, axe clean`, async (t) => {
    await withPage(t, '/', async (page) => {
      await addCitizen(page, 30);
      await switchEasyReadOn(page);
      await page.getByRole('link', { name: 'Tilbage' }).last().click();
      await page.getByRole('link', { name: 'Borgeren selv' }).click();
      await startForm(page);

      await page.getByRole('heading', { level: 1, name: 'Hvordan har du det?' }).waitFor();
      await page.getByText('Tænk på den sidste uge. Tryk på linjen. Til venstre er dårligt. Til højre er godt.').waitFor();
      for (const [n, [label, low, high]] of QUESTIONS.entries()) {
        await page.getByText(`Spørgsmål ${n + 1} af 4`).waitFor();
        const picture = page.getByRole('img', { name: `Billede: ${label}` });
        await picture.waitFor();
        assert.ok(await picture.isVisible(), `${label}: its picture is on screen`);
        assert.equal(await page.locator('.vas-anchors svg.face').count(), 2, 'a face at each end of the line');
        // The instructions and the question each have their own button.
        assert.equal(await page.getByRole('button', { name: /^Læs op: / }).count(), 2);
        await page.getByRole('button', { name: `Læs op: ${label}` }).click();
        const spoken = await page.evaluate(() => window.spoken.at(-1).text);
        assert.equal(spoken, `${label}. Til venstre: ${low}. Til højre: ${high}.`);
        if (n === 0) {
          await page.getByRole('button', { name: 'Læs op: Hvordan har du det?' }).click();
          assert.equal(await page.evaluate(() => window.spoken.at(-1).text),
            'Tænk på den sidste uge. Tryk på linjen. Til venstre er dårligt. Til højre er godt.');
          assert.deepEqual(await axeViolations(page), [], `question 1 at ${size}`);
          await snap(page, `easy-read-ors-${size}`);
        }
        await page.locator('[role=slider]').focus();
        await page.keyboard.press('End');
        if (n < 3) await page.getByRole('button', { name: 'Næste' }).click();
      }
      await page.getByRole('button', { name: 'Færdig' }).click();
      await page.getByRole('heading', { level: 1, name: 'Tak for dine svar.' }).waitFor();
      await page.getByText('Det går okay eller godt for dig.').waitFor();
      await page.getByRole('button', { name: 'Giv tabletten til medarbejderen' }).waitFor();
      assert.deepEqual(await axeViolations(page), [], `thanks at ${size}`);
      await snap(page, `easy-read-ors-thanks-${size}`);
    }, { viewport, beforeLoad: async (page) => { await withAxe(page); await page.addInitScript(voicesStub, true); } });
  });
}

test('easy-read is part of the citizen: it survives an export and an import on a fresh device', async (t) => {
  const passphrase = 'solsikke ved søen';
  // Kept apart from the first browser, whose downloads go with it.
  const exported = join(mkdtempSync(join(tmpdir(), 'mestring-easy-read-')), 'export.sealed.json');
  await withPage(t, '/', async (page) => {
    await addCitizen(page);
    await meeting(page);
    await page.locator('table.history tbody tr').nth(1).waitFor();
    await switchEasyReadOn(page);
    await page.getByRole('navigation').getByRole('link', { name: 'Eksport' }).click();
    await page.getByLabel('Adgangskode til filen').fill(passphrase);
    await page.getByLabel('Skriv adgangskoden igen').fill(passphrase);
    await page.getByRole('button', { name: 'Lav eksportfilen' }).click();
    await page.getByRole('heading', { level: 2, name: /^Filen mestring-.* er klar/ }).waitFor();
    const downloaded = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Gem filen' }).click();
    await (await downloaded).saveAs(exported);
  });
  await withPage(t, '/', async (page) => {
    await chooseCaseworker(page);
    await page.getByRole('navigation').getByRole('link', { name: 'Indlæs filer' }).click();
    await page.getByLabel('Eksportfiler').setInputFiles([exported]);
    await page.getByLabel('Adgangskode', { exact: true }).fill(passphrase);
    await page.getByRole('button', { name: 'Indlæs filerne' }).click();
    await page.getByText('3 nye, 0 opdaterede, 0 havde du i forvejen.').waitFor();
  });
  // The caseworker's device keeps what it took in sealed; the caseworker's tool merges the same file as the
  // device does (the core's archive), and MJ comes out in easy-read.
  const merged = join(mkdtempSync(join(tmpdir(), 'mestring-easy-read-')), 'merged.json');
  execFileSync('cargo', ['run', '--quiet', '--locked', '-p', 'mestring-cli', '--', 'merge', exported, '-o', merged], {
    cwd: ROOT,
    env: { ...process.env, MESTRING_PASSPHRASE: passphrase },
  });
  const citizens = JSON.parse(readFileSync(merged, 'utf8')).payload.citizens;
  assert.deepEqual(citizens.map((citizen) => [citizen.label, citizen.schema_version, citizen.easy_read]), [['MJ', 3, true]]);
});
