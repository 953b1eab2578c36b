// Whole courses as units run them, with the tablet's clock moved from meeting to meeting.
// A Slagelse-style youth course: five dialogue meetings with the young person and a parent rating at each,
// an acute contact between them that does not count, the count towards the plan at the fourth, the plan
// with a training activity after the fifth, and its follow-up three months on; in both orientations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withPage, snap } from './harness.mjs';
import { addCitizen, meeting } from './flows.mjs';

const DAY = 864e5;
const two = (n) => String(n).padStart(2, '0');
const da = (date) => `${two(date.getDate())}.${two(date.getMonth() + 1)}.${date.getFullYear()}`;

/// The course starts on a Monday morning, well in the past, so that every later day is a real date.
const START = new Date('2026-03-02T10:00:00');
const day = (offset) => new Date(START.getTime() + offset * DAY);

/// The tablet's clock set to `date`: what the app calls today, for every screen opened from now on.
async function setToday(page, date) {
  await page.clock.setFixedTime(date);
}

async function openCitizen(page) {
  await page.goto(page.url().replace(/\/citizens\/([^/]+).*$/, '/citizens/$1'));
  await page.getByRole('heading', { level: 1, name: 'MJ' }).waitFor();
}

async function openPlan(page) {
  await openCitizen(page);
  await page.getByRole('link', { name: 'Mestringsskema og plan' }).click();
  await page.getByRole('link', { name: 'Mestringsplanen' }).click();
  await page.getByRole('heading', { level: 1, name: 'Mestringsplan for MJ' }).waitFor();
}

/// Staff record today's meeting of `kind` from the plan page, with `relatives` parents there and what was
/// agreed; back on the plan page.
async function recordMeeting(page, { kind = 'Dialogmøde', relatives = 1, agreements, next }) {
  await openPlan(page);
  await page.getByRole('link', { name: 'Tilføj mødet' }).click();
  await page.getByRole('heading', { level: 1, name: 'Nyt møde med MJ' }).waitFor();
  await page.getByRole('radio', { name: kind }).check();
  for (let i = 0; i < relatives; i++) {
    await page.getByRole('button', { name: 'Én mere: Forælder eller pårørende' }).click();
  }
  await page.getByLabel('Aftaler indtil næste møde').fill(agreements);
  if (next) {
    await page.getByLabel('Næste møde (valgfrit)').fill(next.toISOString().slice(0, 10));
  }
  await page.getByRole('button', { name: 'Gem mødet' }).click();
  await page.getByRole('heading', { level: 1, name: 'Mestringsplan for MJ' }).waitFor();
}

/// The FIT forms of today's meeting: the young person's ORS and SRS, then a parent's.
async function fitForms(page, { ors, parentOrs }) {
  await openCitizen(page);
  await meeting(page, { ors, srs: 'End' });
  await meeting(page, { rater: 'En forælder eller pårørende', ors: parentOrs, srs: 'End' });
}

const counted = (page) => page.getByRole('region', { name: 'Møder' }).locator('p.meetings-counted');

for (const [orientation, viewport] of [['portrait', { width: 800, height: 1280 }], ['landscape', { width: 1280, height: 800 }]]) {
  test(`a Slagelse-style course (${orientation}): five dialogue meetings rated by the young person and a parent, an acute contact that does not count, the plan and its follow-up`, async (t) => {
    await withPage(t, '/', async (page) => {
      await addCitizen(page, 17);
      // Fortnightly dialogue meetings; the young person answers low at first (Home: every line at 0),
      // then high (End: every line at 10); the parent the other way round until the third.
      const meetings = [0, 14, 28, 42, 56];
      for (const [idx, offset] of meetings.entries()) {
        const today = day(offset);
        await setToday(page, today);
        await recordMeeting(page, {
          agreements: `Aftale ${idx + 1}: MJ øver bussen, mor ringer til skolen.`,
          next: idx < meetings.length - 1 ? day(meetings[idx + 1]) : null,
        });
        await fitForms(page, { ors: idx < 2 ? 'Home' : 'End', parentOrs: idx < 3 ? 'Home' : 'End' });
        if (idx === 1) {
          // An acute contact four days after the second meeting, in the evening: recorded, not counted.
          await setToday(page, new Date(day(offset + 4).getTime() + 11 * 3600e3));
          await recordMeeting(page, { kind: 'Akut kontakt', relatives: 0, agreements: 'MJ ringer til kontaktpersonen, hvis det bliver svært igen.' });
          await counted(page).getByText('Møder, der tæller med før planen: 2 af højst 5.').waitFor();
        }
        if (idx === 3) {
          await openPlan(page);
          await counted(page).getByText('Møder, der tæller med før planen: 4 af højst 5.').waitFor();
          await snap(page, `course-fourth-meeting-${orientation}`);
        }
      }

      // After the fifth dialogue meeting without a plan, the plan page says so.
      await openPlan(page);
      await page.getByText(`Der er holdt 5 dialogmøder uden en plan (det 5. var den ${da(day(56))}).`, { exact: false }).waitFor();
      await page.getByRole('link', { name: 'Lav planen' }).click();
      await page.getByRole('heading', { level: 1, name: 'Planen for MJ' }).waitFor();
      const goal = page.locator('fieldset.goal-fields').first();
      await goal.getByLabel('Målet med borgerens egne ord').fill('Tage bussen alene til skolen');
      await goal.getByLabel('At komme omkring').check();
      await goal.getByLabel('Tilstand', { exact: true }).selectOption({ label: 'Færdes med transportmidler' });
      await goal.getByLabel('Måltype').selectOption({ label: 'Udvikle funktionsevne' });
      await goal.getByLabel('Hvad træner borgeren?').fill('Køre med bussen sammen med kontaktpersonen');
      await goal.getByLabel('Hvem støtter?').fill('Kontaktperson');
      await goal.getByLabel('Hvor tit?').fill('Hver tirsdag');
      const levels = ['Alene, også nye ruter', 'Alene', 'Alene med aftale', 'Med følge', 'Bliver hjemme'];
      for (const [i, label] of ['+2 Meget bedre end forventet', '+1 Bedre end forventet', '0 Som forventet', '−1 Lidt mindre end forventet', '−2 Meget mindre end forventet'].entries()) {
        await goal.getByLabel(label).fill(levels[i]);
      }
      await page.getByRole('button', { name: 'Gem planen' }).click();
      await page.getByRole('heading', { level: 2, name: 'Mål 1: Tage bussen alene til skolen' }).waitFor();
      const due = new Date(day(56));
      due.setMonth(due.getMonth() + 3);
      await page.getByText(`Næste opfølgning: ${da(due)}`).waitFor();
      assert.equal(await page.getByText('dialogmøder uden en plan', { exact: false }).count(), 0, 'the plan ends the notice');

      // Three months on: the follow-up, with the T-score and the goal's level beside it.
      await setToday(page, due);
      await openPlan(page);
      await page.getByRole('link', { name: 'Følg op på planen' }).click();
      await page.getByRole('heading', { level: 1, name: 'Opfølgning for MJ' }).waitFor();
      await page.getByRole('group', { name: /^Mål 1:/ }).getByLabel(/^\+1 Bedre end forventet/).check();
      await page.getByRole('button', { name: 'Gem opfølgningen' }).click();
      const result = page.getByRole('status');
      await result.getByText('T-score: 60,0', { exact: false }).waitFor();
      await result.getByText('Mål 1: Tage bussen alene til skolen: +1 Bedre end forventet').waitFor();
      await snap(page, `course-follow-up-${orientation}`);

      // The handover on the citizen's page sums up the course.
      await openCitizen(page);
      const glance = page.getByRole('region', { name: 'Overblik til overlevering' });
      await glance.waitFor();
      const text = await glance.innerText();
      assert.match(text, new RegExp(`Seneste møde\\s+${da(day(56)).replace(/\./g, '\\.')} kl\\. \\d\\d\\.\\d\\d, Dialogmøde: Borgeren, Forælder eller pårørende, Personale fra tilbuddet`));
      assert.match(text, /Aftale 5: MJ øver bussen, mor ringer til skolen\./);
      assert.match(text, /ORS, borgeren selv, [\d.]+: 40,0 \(0,0 siden forrige\)/);
      assert.match(text, /ORS, en forælder eller pårørende, [\d.]+: 40,0 \(0,0 siden forrige\)/);
      assert.match(text, /SRS, en forælder eller pårørende, [\d.]+: 40,0/);
      assert.match(text, /T-score: 60,0/);
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true);
      await snap(page, `course-handover-${orientation}`);
    }, { viewport });
  });
}
