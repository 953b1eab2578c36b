// Whole courses as units run them, with the tablet's clock moved from meeting to meeting.
// A Slagelse-style youth course: five dialogue meetings with the young person and a parent rating at each,
// an acute contact between them that does not count, the count towards the plan at the fourth, the plan
// with a training activity after the fifth, and its follow-up three months on; in both orientations.
// A week at a botilbud, in both orientations too: two residents, FIT, a staff rating, an acute contact at
// night, a network meeting without the resident, the handover for the weekend and the export the caseworker
// reads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withPage, snap, chooseCaseworker, chooseFacility } from './harness.mjs';
import { addCitizen, meeting, meetingWithParent } from './flows.mjs';

const DAY = 864e5;
const two = (n) => String(n).padStart(2, '0');
const da = (date) => `${two(date.getDate())}.${two(date.getMonth() + 1)}.${date.getFullYear()}`;

/// The course starts on a Monday morning, well in the past, so that every later day is a real date.
const START = new Date('2026-03-02T10:00:00');
const day = (offset) => new Date(START.getTime() + offset * DAY);
const iso = (date) => `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}`;

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
    await page.getByLabel('Næste møde (valgfrit)').fill(iso(next));
  }
  await page.getByRole('button', { name: 'Gem mødet' }).click();
  await page.getByRole('heading', { level: 1, name: 'Mestringsplan for MJ' }).waitFor();
}

/// The FIT forms of today's meeting, set up once: the young person's ORS and a parent's, after the
/// conversation each one's SRS.
async function fitForms(page, { ors, parentOrs }) {
  await openCitizen(page);
  await meetingWithParent(page, { ors, parentOrs });
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
          // At the fourth, the notice that the plan must be made at the next.
          await page.getByRole('status').getByText('4 af 5 dialogmøder er holdt. Planen skal laves ved næste møde.').waitFor();
          await snap(page, `course-fourth-meeting-${orientation}`);
        }
      }

      // After the fifth dialogue meeting without a plan, the plan page says so.
      await openPlan(page);
      await page.getByText(`Der er holdt 5 dialogmøder uden en plan (det sidste var den ${da(day(56))}).`, { exact: false }).waitFor();
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
      // The plan counts only once a training activity has its start date: the next Tuesday.
      await goal.getByLabel('Startdato').fill(iso(day(57)));
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
      await result.getByText('Mål 1 – Tage bussen alene til skolen: +1 Bedre end forventet').waitFor();
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

/// A resident of the facility, `age` years old, on the register; their page is left open.
async function addResident(page, label, age) {
  await page.getByRole('navigation').getByRole('link', { name: 'Borgere' }).click();
  await page.getByLabel('Initialer eller kode').fill(label);
  await page.getByLabel('Fødselsår').fill(String(new Date().getFullYear() - age));
  await page.getByLabel('Bosted eller enhed').fill('Bostedet, hus 1');
  await page.getByRole('button', { name: 'Tilføj borger' }).click();
  await page.getByRole('link', { name: new RegExp(`^${label}`) }).click();
  await page.getByRole('heading', { level: 1, name: label }).waitFor();
}

/// The open citizen's page, found again through the register.
async function openResident(page, label) {
  await page.getByRole('navigation').getByRole('link', { name: 'Borgere' }).click();
  await page.getByRole('link', { name: new RegExp(`^${label}`) }).click();
  await page.getByRole('heading', { level: 1, name: label }).waitFor();
}

/// From a resident's page: the plan page's "add the meeting", a meeting of `kind` today with `roles`
/// (each pressed once more than the form's default of the citizen and staff), and what was agreed.
async function recordResidentMeeting(page, label, { kind, add = [], remove = [], agreements }) {
  await openResident(page, label);
  await page.getByRole('link', { name: 'Mestringsskema og plan' }).click();
  await page.getByRole('link', { name: 'Mestringsplanen' }).click();
  await page.getByRole('link', { name: 'Tilføj mødet' }).click();
  await page.getByRole('heading', { level: 1, name: `Nyt møde med ${label}` }).waitFor();
  await page.getByRole('radio', { name: kind }).check();
  for (const role of add) await page.getByRole('button', { name: `Én mere: ${role}` }).click();
  for (const role of remove) await page.getByRole('button', { name: `Én færre: ${role}` }).click();
  await page.getByLabel('Aftaler indtil næste møde').fill(agreements);
  await page.getByRole('button', { name: 'Gem mødet' }).click();
  await page.getByRole('heading', { level: 1, name: `Mestringsplan for ${label}` }).waitFor();
}

const PASSPHRASE = 'bostedets uge i marts';

for (const [orientation, viewport] of [['portrait', { width: 800, height: 1280 }], ['landscape', { width: 1280, height: 800 }]]) {
  test(`a week at a botilbud (${orientation}): two residents, FIT and a staff rating, an acute contact at night and a network meeting, then the export the caseworker reads`, async (t) => {
    const monday = new Date('2026-03-02T09:30:00');
    const at = (days, hour = 9.5) => new Date(monday.getTime() + days * DAY + (hour - 9.5) * 3600e3);
    let file;
    await withPage(t, '/', async (page) => {
      await setToday(page, monday);
      await chooseFacility(page);
      // A botilbud: no limit on the meetings before a plan.
      await page.getByRole('navigation').getByRole('link', { name: 'Indstillinger' }).click();
      await page.getByRole('radio', { name: /^Botilbud/ }).check();
      await addResident(page, 'AB', 45);
      // Monday: AB's dialogue meeting with FIT.
      await recordResidentMeeting(page, 'AB', { kind: 'Dialogmøde', agreements: 'AB går med i fælleskøkkenet tirsdag og torsdag.' });
      await openResident(page, 'AB');
      await meeting(page, { ors: 'Home', srs: 'End' });

      // Tuesday: CD joins; staff rate CD's mastery schema in the third person.
      await setToday(page, at(1));
      await addResident(page, 'CD', 31);
      await page.getByRole('link', { name: 'Mestringsskema og plan' }).click();
      await page.getByRole('heading', { level: 1, name: 'Mestring for CD' }).waitFor();
      await page.getByRole('region', { name: 'Mit liv lige nu' }).getByRole('link', { name: /^En medarbejder/ }).click();
      await page.getByText('Område 1 af 9').waitFor();
      await page.getByText('Hvordan klarer personen at vaske sig, klæde sig på, spise og tage sin medicin?').waitFor();
      for (let n = 1; n <= 9; n++) {
        await page.getByText(`Område ${n} af 9`).waitFor();
        await page.getByRole('radio', { name: /^5:/ }).click();
        await page.getByRole('button', { name: 'Næste' }).click();
      }
      await page.getByRole('button', { name: 'Gem svarene' }).click();
      await page.getByText('Tak! Dine svar er gemt.').waitFor();
      await page.getByRole('link', { name: 'Giv tabletten tilbage til medarbejderen' }).click();
      // Staff's answers wait for CD's own, so that neither sways the other.
      await page.getByRole('region', { name: 'Mit liv lige nu' }).getByText('Svarene er skjult', { exact: false }).waitFor();

      // Wednesday night: an acute contact with AB.
      await setToday(page, at(2, 23));
      await recordResidentMeeting(page, 'AB', {
        kind: 'Akut kontakt',
        agreements: 'Nattevagten kigger ind kl. 2. Kontaktpersonen taler med AB i morgen.',
      });

      // Thursday: CD's network meeting with the caseworker and the job centre, CD not there.
      await setToday(page, at(3, 13));
      await recordResidentMeeting(page, 'CD', {
        kind: 'Netværksmøde',
        add: ['Sagsbehandler', 'Anden fagperson'],
        remove: ['Borgeren'],
        agreements: 'Jobcentret finder en praktik. Sagsbehandleren sender bevillingen.',
      });

      // Friday: the handover for the weekend staff.
      await setToday(page, at(4, 14));
      await openResident(page, 'AB');
      let glance = page.getByRole('region', { name: 'Overblik til overlevering' });
      assert.match(await glance.innerText(), /Seneste møde\s+04\.03\.2026 kl\. 23\.00, Akut kontakt: Borgeren, Personale fra tilbuddet/);
      await glance.getByText('Nattevagten kigger ind kl. 2. Kontaktpersonen taler med AB i morgen.').waitFor();
      await glance.getByText(/^ORS, borgeren selv, 02\.03\.2026: 0,0$/).waitFor();
      assert.doesNotMatch(await glance.innerText(), /før planen/, 'a botilbud counts no meetings towards a plan');
      // The acute contact set no next meeting: the next steps say so rather than stand empty.
      assert.match(await glance.innerText(), /Næste skridt\s+Der er ikke aftalt noget næste møde eller nogen opfølgning endnu\./);
      await snap(page, `botilbud-handover-ab-${orientation}`);
      await openResident(page, 'CD');
      glance = page.getByRole('region', { name: 'Overblik til overlevering' });
      assert.match(await glance.innerText(), /Seneste møde\s+05\.03\.2026 kl\. 13\.00, Netværksmøde \(ansvarsgruppe\): Personale fra tilbuddet, Sagsbehandler, Anden fagperson/);
      // Staff's rating is CD's latest score so far.
      await glance.getByText('Mit liv lige nu: runde 1, en medarbejder, senest 03.03.2026').waitFor();
      await snap(page, `botilbud-handover-cd-${orientation}`);

      // The week's export, sealed.
      await page.getByRole('navigation').getByRole('link', { name: 'Eksport' }).click();
      await page.getByLabel('Adgangskode til filen').fill(PASSPHRASE);
      await page.getByLabel('Skriv adgangskoden igen').fill(PASSPHRASE);
      await page.getByRole('button', { name: 'Lav eksportfilen' }).click();
      await page.getByText('Borgere i filen: 2.', { exact: false }).waitFor();
      const downloaded = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Gem filen' }).click();
      file = join(mkdtempSync(join(tmpdir(), 'mestring-botilbud-')), 'week.sealed.json');
      await (await downloaded).saveAs(file);
    }, { viewport });

    // The caseworker reads the week the following Monday.
    await withPage(t, '/', async (page) => {
      await chooseCaseworker(page);
      await page.getByRole('navigation').getByRole('link', { name: 'Indlæs filer' }).click();
      await page.getByLabel('Adgangskode', { exact: true }).fill(PASSPHRASE);
      await page.getByLabel('Eksportfiler').setInputFiles([file]);
      await page.getByRole('button', { name: 'Indlæs filerne' }).click();
      await page.getByRole('link', { name: 'Se oversigten' }).click();
      const rows = page.locator('table.overview tbody tr');
      await rows.nth(1).waitFor();
      const cells = async (label) => rows.filter({ has: page.locator('th', { hasText: new RegExp(`^${label}$`) }) }).locator('th, td').allInnerTexts();
      // Meetings held, every kind counted: AB's dialogue meeting and acute contact, CD's network meeting.
      assert.equal((await cells('AB'))[6], '2');
      assert.equal((await cells('CD'))[6], '1');
      await rows.filter({ has: page.locator('th', { hasText: /^CD$/ }) }).locator('th a').click();
      const glance = page.getByRole('region', { name: 'Overblik til overlevering' });
      await glance.getByText('Jobcentret finder en praktik. Sagsbehandleren sender bevillingen.').waitFor();
      await glance.getByText('Mit liv lige nu: runde 1, en medarbejder, senest 03.03.2026').waitFor();
      await snap(page, `botilbud-caseworker-cd-${orientation}`);
    }, { viewport, beforeLoad: (page) => page.clock.setFixedTime(new Date('2026-03-09T09:00:00')) });
  });
}
