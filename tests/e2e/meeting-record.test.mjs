// Staff record meetings from the plan page: a dialogue meeting with two parents and an acute contact
// after it. Only the dialogue meeting counts towards the five before a plan; the agreements of each are
// kept, the latest on top; the citizen's page sums it up for a handover. In both tablet orientations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withPage, snap } from './harness.mjs';
import { addCitizen } from './flows.mjs';

const iso = (date) => `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;

async function openPlan(page) {
  await page.getByRole('link', { name: 'Mestringsskema og plan' }).click();
  await page.getByRole('link', { name: 'Mestringsplanen' }).click();
  await page.getByRole('heading', { level: 1, name: 'Mestringsplan for MJ' }).waitFor();
}

async function addMeeting(page) {
  await page.getByRole('link', { name: 'Tilføj mødet' }).click();
  await page.getByRole('heading', { level: 1, name: 'Nyt møde med MJ' }).waitFor();
}

for (const [orientation, viewport] of [['portrait', { width: 800, height: 1280 }], ['landscape', { width: 1280, height: 800 }]]) {
  test(`a dialogue meeting and an acute contact recorded on the tablet (${orientation}): only the dialogue meeting counts`, async (t) => {
    await withPage(t, '/', async (page) => {
      await addCitizen(page, 17);
      await openPlan(page);
      const meetings = page.getByRole('region', { name: 'Møder' });
      await meetings.getByText('Møder, der tæller med før planen: 0 af højst 5.').waitFor();
      await meetings.getByText('Der er ingen møder endnu.').waitFor();

      await addMeeting(page);
      // A dialogue meeting now with the citizen and staff, staff taking the minutes, unless changed.
      assert.equal(await page.getByRole('radio', { name: 'Dialogmøde' }).isChecked(), true);
      assert.equal(await page.getByLabel('Dato', { exact: true }).inputValue(), iso(new Date()));
      assert.match(await page.getByLabel('Klokken').inputValue(), /^\d\d:\d\d$/);
      assert.equal(await page.getByLabel('Borgeren', { exact: true }).inputValue(), '1');
      assert.equal(await page.getByLabel('Personale fra tilbuddet', { exact: true }).inputValue(), '1');

      // No one there and a personal number in the note: each problem beside its field, nothing stored.
      await page.getByRole('button', { name: 'Én færre: Borgeren' }).click();
      await page.getByRole('button', { name: 'Én færre: Personale fra tilbuddet' }).click();
      await page.getByLabel('Kort note (valgfrit)').fill('Mor ringede fra 010190-1234');
      await page.locator('#record-note-problems').getByText('cpr', { exact: false }).waitFor();
      await page.getByRole('button', { name: 'Gem mødet' }).click();
      await page.locator('#record-participants-problems').getByText('Skriv, hvem der var med: mindst én.').waitFor();
      await page.locator('#record-minutes-problems').getByText('Personale fra tilbuddet var ikke med. Vælg en af dem, der var med.').waitFor();
      await page.getByText('Ret det, der er markeret, og gem igen.').waitFor();
      await snap(page, `meeting-record-problems-${orientation}`);

      // Two parents are two relatives; the draft survives a reload.
      await page.getByRole('button', { name: 'Én mere: Borgeren' }).click();
      await page.getByRole('button', { name: 'Én mere: Personale fra tilbuddet' }).click();
      await page.getByRole('button', { name: 'Én mere: Forælder eller pårørende' }).click();
      await page.getByRole('button', { name: 'Én mere: Forælder eller pårørende' }).click();
      await page.getByLabel('Kort note (valgfrit)').fill('Far deltog i telefonen');
      await page.getByLabel('Aftaler indtil næste møde').fill('MJ tager bussen to gange. Mor ringer til skolen.');
      const next = new Date();
      next.setDate(next.getDate() + 14);
      await page.getByLabel('Næste møde (valgfrit)').fill(iso(next));
      await page.waitForTimeout(300);
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Nyt møde med MJ' }).waitFor();
      await page.getByLabel('Aftaler indtil næste møde').waitFor();
      assert.equal(await page.getByLabel('Aftaler indtil næste møde').inputValue(), 'MJ tager bussen to gange. Mor ringer til skolen.');
      assert.equal(await page.getByLabel('Forælder eller pårørende', { exact: true }).inputValue(), '2');
      assert.equal(await page.getByLabel('Næste møde (valgfrit)').inputValue(), iso(next));
      await snap(page, `meeting-record-dialogue-${orientation}`);
      await page.getByRole('button', { name: 'Gem mødet' }).click();

      await page.getByRole('heading', { level: 1, name: 'Mestringsplan for MJ' }).waitFor();
      await meetings.getByText('Møder, der tæller med før planen: 1 af højst 5.').waitFor();
      assert.match(
        await meetings.locator('ol li').innerText(),
        /kl\. \d\d\.\d\d, Dialogmøde: Borgeren, Forælder eller pårørende \(2\), Personale fra tilbuddet, referat: Personale fra tilbuddet$/,
      );

      // An acute contact the same day: recorded, but not one of the five.
      await addMeeting(page);
      // The last draft went with the stored meeting: a new one starts afresh.
      assert.equal(await page.getByLabel('Aftaler indtil næste møde').inputValue(), '');
      await page.getByRole('radio', { name: 'Akut kontakt' }).check();
      await page.getByLabel('Aftaler indtil næste møde').fill('MJ ringer til kontaktpersonen i morgen.');
      await page.getByRole('button', { name: 'Gem mødet' }).click();
      await page.getByRole('heading', { level: 1, name: 'Mestringsplan for MJ' }).waitFor();
      await meetings.locator('ol li').nth(1).waitFor();
      await meetings.getByText('Møder, der tæller med før planen: 1 af højst 5.').waitFor();
      assert.match(await meetings.locator('ol li').nth(1).innerText(), /, Akut kontakt: Borgeren, Personale fra tilbuddet, referat: Personale fra tilbuddet$/);

      // The agreements: the acute contact's on top, the dialogue meeting's kept under the earlier ones.
      const agreements = page.getByRole('region', { name: 'Aftaler indtil næste møde' });
      await agreements.getByText('MJ ringer til kontaktpersonen i morgen.').waitFor();
      await agreements.getByText(`Næste møde: ${next.getDate().toString().padStart(2, '0')}.${String(next.getMonth() + 1).padStart(2, '0')}.${next.getFullYear()}`).waitFor();
      await agreements.getByText('Tidligere aftaler').click();
      await agreements.getByText('MJ tager bussen to gange. Mor ringer til skolen.').waitFor();
      // Nothing on the page scrolls sideways.
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true);
      await snap(page, `meeting-record-plan-${orientation}`);

      // The citizen's page sums it up for whoever takes over: the last meeting (the acute contact, recorded
      // after the dialogue meeting), what was agreed at it, the count towards the plan and the next meeting
      // the dialogue meeting set.
      await page.goto(page.url().replace(/\/plan$/, ''));
      const glance = page.getByRole('region', { name: 'Overblik til overlevering' });
      await glance.waitFor();
      assert.match(
        await glance.innerText(),
        /Seneste møde\s+\d\d\.\d\d\.\d{4} kl\. \d\d\.\d\d, Akut kontakt: Borgeren, Personale fra tilbuddet, referat: Personale fra tilbuddet\s+Aftalt den \d\d\.\d\d\.\d{4}\s+MJ ringer til kontaktpersonen i morgen\./,
      );
      await glance.getByText('Møder, der tæller med før planen: 1 af højst 5.').waitFor();
      await glance.getByText(`Næste møde: ${next.getDate().toString().padStart(2, '0')}.${String(next.getMonth() + 1).padStart(2, '0')}.${next.getFullYear()}`).waitFor();
      await glance.getByText('Der er ingen skemaer endnu.').waitFor();
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true);
      await snap(page, `handover-${orientation}`);
    }, { viewport });
  });
}
