import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withPage, snap, staffPin, TABLET } from './harness.mjs';
import { addCitizen, voicesStub } from './flows.mjs';

const SCHEMA = 'Mit liv lige nu';

/// Opens the citizen's mastery page from the citizen's page.
async function openMastery(page) {
  await page.getByRole('link', { name: 'Mestringsskema og plan' }).click();
  await page.getByRole('heading', { level: 1, name: 'Mestring for MJ' }).waitFor();
}

/// Records a dialogue meeting now from the plan page, as the form starts it: the citizen and staff.
async function recordMeeting(page) {
  await page.getByRole('link', { name: 'Tilføj mødet' }).click();
  await page.getByRole('heading', { level: 1, name: 'Nyt møde med MJ' }).waitFor();
  await page.getByRole('button', { name: 'Gem mødet' }).click();
  await page.getByRole('heading', { level: 1, name: 'Mestringsplan for MJ' }).waitFor();
}

/// Starts a rating of the default schema by `rater` (its tile's name).
async function startRating(page, rater) {
  const section = page.getByRole('region', { name: SCHEMA });
  await section.getByRole('link', { name: new RegExp(`^${rater}`) }).click();
  await page.getByText('Område 1 af 9').waitFor();
}

/// Chooses `value` on the domain on screen, writes `comment` (if any) on the comment step that follows,
/// and goes on to the next domain.
async function rate(page, n, value, comment) {
  await page.getByText(`Område ${n} af 9`).waitFor();
  await page.getByRole('radio', { name: new RegExp(`^${value}:`) }).click();
  if (comment) await page.getByLabel('Vil du sige mere om det? (frivilligt)').fill(comment);
  await page.getByRole('button', { name: 'Næste' }).click();
}

test('a citizen and a staff member rate separately; the round shows once both have rated, with the gaps', async (t) => {
  await withPage(t, '/', async (page) => {
    await addCitizen(page, 17);
    await openMastery(page);
    await startRating(page, 'Borgeren selv');
    // The best end of the ladder is on top, and every step is a big target.
    const steps = page.locator('.ladder-step');
    assert.equal(await steps.count(), 10);
    assert.equal(await steps.first().textContent(), '10');
    const box = await steps.first().boundingBox();
    assert.ok(box.width >= 48 && box.height >= 48, `a step is ${box.width}×${box.height}`);
    await snap(page, 'mastery-rating-citizen');

    const own = [3, 4, 5, 6, 7, 8, 9, 10, 2];
    // No comment before the choice: it is asked for after it.
    assert.equal(await page.getByLabel('Vil du sige mere om det? (frivilligt)').count(), 0);
    await rate(page, 1, own[0], 'Jeg vil gerne lave mad selv');
    await rate(page, 2, own[1]);
    // A reload in the middle loses nothing: the draft is offered and goes on at the third domain.
    await page.getByText('Område 3 af 9').waitFor();
    await page.waitForTimeout(200); // the draft's write, as in meeting.test.mjs
    await page.reload();
    await page.getByRole('button', { name: 'Fortsæt, hvor jeg slap' }).click();
    await page.getByText('Område 3 af 9').waitFor();
    await page.getByRole('button', { name: 'Tilbage' }).click();
    await page.getByText('Område 2 af 9').waitFor();
    // Back on a rated domain: its answer and comment, and the ladder a tap away.
    await page.getByText('Dit svar: 4 · ', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Vælg et andet tal' }).click();
    assert.equal(await page.getByRole('radio', { name: /^4:/ }).getAttribute('aria-checked'), 'true');
    await page.getByRole('radio', { name: /^4:/ }).click();
    await page.getByRole('button', { name: 'Tilbage' }).click();
    assert.equal(await page.getByLabel('Vil du sige mere om det? (frivilligt)').inputValue(), 'Jeg vil gerne lave mad selv');
    await page.getByRole('button', { name: 'Næste' }).click();
    await page.getByRole('button', { name: 'Næste' }).click();
    for (let n = 3; n <= 8; n++) await rate(page, n, own[n - 1]);
    // The last domain is skipped: "not rated", never a 0.
    await page.getByText('Område 9 af 9').waitFor();
    await page.getByRole('button', { name: 'Spring over' }).click();
    await page.getByRole('heading', { level: 1, name: 'Se dine svar' }).waitFor();
    assert.match(await page.locator('.tile').first().innerText(), /3 · /);
    assert.match(await page.locator('.tile').last().innerText(), /Ikke vurderet/);
    await page.getByRole('button', { name: 'Gem svarene' }).click();
    await page.getByText('Tak! Dine svar er gemt.').waitFor();
    // Handed back: the citizen's answers stay hidden until staff have rated too.
    await page.getByRole('link', { name: 'Giv tabletten tilbage til medarbejderen' }).click();
    // Staff's PIN ends citizen mode on the citizen's page.
    await staffPin(page);
    await openMastery(page);
    await page.getByRole('heading', { level: 1, name: 'Mestring for MJ' }).waitFor();
    const section = page.getByRole('region', { name: SCHEMA });
    await section.getByText('Svarene er skjult', { exact: false }).waitFor();
    assert.equal(await section.locator('table').count(), 0);

    await startRating(page, 'En medarbejder');
    // Staff rate the citizen: the questions and the ladder speak of the person, not as "me".
    await page.getByText('Hvordan klarer personen at vaske sig, klæde sig på, spise og tage sin medicin?').waitFor();
    assert.equal(await page.getByText('Hvordan klarer du', { exact: false }).count(), 0);
    assert.equal(await page.getByRole('radio', { name: /^5: Personen er i gang/ }).count(), 1);
    await snap(page, 'mastery-rating-staff');
    const staff = [8, 4, 5, 6, 7, 8, 9, 10, 5];
    for (let n = 1; n <= 9; n++) await rate(page, n, staff[n - 1]);
    await page.getByRole('button', { name: 'Gem svarene' }).click();
    await page.getByRole('link', { name: 'Giv tabletten tilbage til medarbejderen' }).click();

    const table = page.getByRole('region', { name: SCHEMA }).locator('table');
    await table.waitFor();
    const firstRow = await table.locator('tbody tr').first().innerText();
    // Citizen 3, staff 8: five steps apart, a talking point; the comment goes with the rating.
    assert.match(firstRow, /^At passe på mig selv\t3\s+Jeg vil gerne lave mad selv\s+8\t−5\s*Tal om det$/);
    assert.match(await table.locator('tbody tr').last().innerText(), /Ikke vurderet\t5\t$/);
    assert.equal(await table.locator('.talking-point').count(), 1);
    // Means of the rated domains: (3+4+…+10)/8 = 6.5 and (8+4+…+10+5)/9 = 6.9.
    assert.match(await table.locator('tfoot').innerText(), /Gennemsnit\t6,5\t6,9/);
    // The star: the citizen's eight rated domains and staff's nine, no earlier round yet.
    const star = page.getByRole('img', { name: 'Profilen i den seneste runde' });
    const corners = (series) => star.locator(`g.${series} polygon`).evaluate((el) => el.getAttribute('points').split(' ').length);
    assert.equal(await corners('self'), 8);
    assert.equal(await corners('staff'), 9);
    assert.equal(await star.locator('g.previous').count(), 0);
    // Staff's 10 on "Min krop og mit helbred" (the 8th of 9 axes) lies on the rim: 170 from the centre.
    const [cx, cy] = await star.locator('g.staff circle').nth(7).evaluate((el) => [Number(el.getAttribute('cx')), Number(el.getAttribute('cy'))]);
    assert.ok(Math.abs(Math.hypot(cx - 280, cy - 280) - 170) < 0.5, `${cx},${cy}`);
    await snap(page, 'mastery-round');

    // A second round: the star shows the citizen's first beside it, and each domain gets its small chart.
    for (const rater of ['Borgeren selv', 'En medarbejder']) {
      await startRating(page, rater);
      for (let n = 1; n <= 9; n++) await rate(page, n, 6);
      await page.getByRole('button', { name: 'Gem svarene' }).click();
      await page.getByRole('link', { name: 'Giv tabletten tilbage til medarbejderen' }).click();
      if (rater === 'Borgeren selv') {
        await staffPin(page);
        await openMastery(page);
      }
    }
    await page.getByRole('heading', { level: 3, name: 'Område for område' }).waitFor();
    assert.equal(await star.locator('g.previous polygon').count(), 1);
    assert.equal(await page.locator('svg.small-chart').count(), 9);
    assert.equal(await page.locator('svg.small-chart').first().locator('g.self circle').count(), 2);
    await snap(page, 'mastery-two-rounds');
  });
});

test('a plan with two goals and their levels, followed up with the attained levels and the T-score', async (t) => {
  await withPage(t, '/', async (page) => {
    await addCitizen(page, 17);
    await openMastery(page);
    await page.getByRole('link', { name: 'Mestringsplanen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mestringsplan for MJ' }).waitFor();
    await page.getByText('Der er ingen plan endnu', { exact: false }).waitFor();
    await recordMeeting(page);
    await page.getByRole('region', { name: 'Møder' }).locator('ol li').waitFor();
    assert.match(
      await page.getByRole('region', { name: 'Møder' }).locator('ol li').innerText(),
      /, Dialogmøde: Borgeren, Personale fra tilbuddet, referat: Personale fra tilbuddet$/,
    );

    await page.getByRole('link', { name: 'Lav planen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Planen for MJ' }).waitFor();
    // Saving an empty goal says what is missing, at the goal.
    await page.getByRole('button', { name: 'Gem planen' }).click();
    await page.getByText('Skriv målet med borgerens egne ord.').waitFor();
    assert.equal(await page.locator('.field-problems li').count(), 9, 'words, a domain, five levels, a condition, a goal type');

    const goal = page.locator('fieldset.goal-fields').first();
    await goal.getByLabel('Målet med borgerens egne ord').fill('Lave aftensmad selv');
    await goal.getByLabel('Praktiske ting derhjemme').check();
    // In FFB's terms, as the caseworker records it: the condition, the goal type, the levels now and aimed for.
    await goal.getByLabel('Tilstand', { exact: true }).selectOption({ label: 'Lave mad' });
    await goal.getByLabel('Måltype').selectOption({ label: 'Udvikle funktionsevne' });
    await goal.getByLabel('Funktionsevne nu').selectOption({ label: '3 Svært nedsat funktionsevne' });
    await goal.getByLabel('Funktionsevne målet sigter mod').selectOption({ label: '1 Let nedsat funktionsevne' });
    await goal.getByLabel('Udgangsniveau, når målet sættes').selectOption({ label: '−1 Lidt mindre end forventet' });
    await goal.getByLabel('Delmål').fill('Handle ind efter en liste\nBruge ovnen');
    await goal.getByLabel('Hvad træner borgeren?').fill('Lave mad sammen');
    await goal.getByLabel('Hvem støtter?').fill('Kontaktperson');
    await goal.getByLabel('Hvor tit?').fill('Hver tirsdag');
    const levels = ['Laver mad alene til andre', 'Laver mad alene', 'Laver mad med lidt hjælp', 'Laver mad med meget hjælp', 'Laver ikke mad'];
    const labels = ['+2 Meget bedre end forventet', '+1 Bedre end forventet', '0 Som forventet', '−1 Lidt mindre end forventet', '−2 Meget mindre end forventet'];
    for (const [i, label] of labels.entries()) await goal.getByLabel(label).fill(levels[i]);
    // A reload while typing loses nothing.
    await page.waitForTimeout(200);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Planen for MJ' }).waitFor();
    await page.locator('fieldset.goal-fields').first().getByLabel('+2 Meget bedre end forventet').waitFor();
    assert.equal(await page.locator('fieldset.goal-fields').first().getByLabel('0 Som forventet').inputValue(), 'Laver mad med lidt hjælp');
    assert.equal(await page.locator('fieldset.goal-fields').first().getByLabel('Delmål').inputValue(), 'Handle ind efter en liste\nBruge ovnen');

    await page.getByRole('button', { name: 'Tilføj et mål' }).click();
    const second = page.locator('fieldset.goal-fields').nth(1);
    await second.getByLabel('Målet med borgerens egne ord').fill('Tage bussen alene');
    await second.getByLabel('At komme omkring').check();
    await second.getByLabel('Tilstand', { exact: true }).selectOption({ label: 'Færdes med transportmidler' });
    await second.getByLabel('Måltype').selectOption({ label: 'Fastholde funktionsevne' });
    for (const [i, label] of labels.entries()) await second.getByLabel(label).fill(`Bus ${2 - i}`);
    await page.getByRole('button', { name: 'Gem planen' }).click();

    await page.getByRole('heading', { level: 1, name: 'Mestringsplan for MJ' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Mål 1: Lave aftensmad selv' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Mål 2: Tage bussen alene' }).waitFor();
    const due = new Date();
    due.setMonth(due.getMonth() + 3);
    await page.getByText('Næste opfølgning:', { exact: false }).waitFor();
    assert.equal(
      await page.getByRole('region', { name: /^Mål 1:/ }).locator('p.ffb-summary').innerText(),
      'Udvikle funktionsevne: Lave mad. Funktionsevne Svært nedsat funktionsevne → Let nedsat funktionsevne.',
    );
    await page.getByRole('region', { name: /^Mål 1:/ }).getByText('Udgangsniveau −1.').waitFor();
    await snap(page, 'plan-view');
    // On paper the plan is what is read: no menu, no buttons, no form to add a meeting.
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('main form').isVisible(), false);
    assert.equal(await page.locator('header.app-header').isVisible(), false);
    assert.equal(await page.getByRole('heading', { level: 2, name: 'Mål 1: Lave aftensmad selv' }).isVisible(), true);
    await snap(page, 'plan-print');
    await page.emulateMedia({ media: 'screen' });

    await page.getByRole('link', { name: 'Følg op på planen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Opfølgning for MJ' }).waitFor();
    const saveFollowUp = page.getByRole('button', { name: 'Gem opfølgningen' });
    assert.equal(await saveFollowUp.isDisabled(), true, 'every goal needs a level');
    await page.getByRole('group', { name: /^Mål 1:/ }).getByLabel(/^\+1 Bedre end forventet/).check();
    await page.waitForTimeout(200);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Opfølgning for MJ' }).waitFor();
    const first = page.getByRole('group', { name: /^Mål 1:/ }).getByLabel(/^\+1 Bedre end forventet/);
    await first.waitFor();
    assert.equal(await first.isChecked(), true, 'the chosen level survived the reload');
    await page.getByRole('group', { name: /^Mål 2:/ }).getByLabel(/^0 Som forventet/).check();
    await snap(page, 'plan-follow-up');
    await saveFollowUp.click();
    // Levels +1 and 0: 50 + 10·1/√(0.7·2 + 0.3·4) = 56.2.
    await page.getByText('T-score: 56,2').waitFor();
    await page.getByRole('link', { name: 'Tilbage til planen' }).click();
    const reached = page.getByRole('region', { name: /^Mål 1:/ }).locator('li.reached');
    await reached.waitFor();
    assert.match(await reached.innerText(), /Laver mad alene/);
    assert.match(await page.locator('table.history tbody tr').innerText(), /\+1\t0\t56,2$/);

    // Scored, goal 1's levels and baseline stay as they were scored against; its words may still change.
    await page.getByRole('link', { name: 'Ret planen' }).click();
    const scored = page.locator('fieldset.goal-fields').first();
    await scored.getByText('Målet er fulgt op, så niveauerne, udgangsniveauet og vægten ligger fast.').waitFor();
    assert.notEqual(await scored.getByLabel('0 Som forventet').getAttribute('readonly'), null);
    assert.equal(await scored.getByLabel('Udgangsniveau, når målet sættes').isDisabled(), true);
    assert.equal(await page.getByLabel('Giv målene vægt: vigtighed × sværhed').isDisabled(), true, 'weights are chosen before the first follow-up');
  });
});

const LEVEL_LABELS = ['+2 Meget bedre end forventet', '+1 Bedre end forventet', '0 Som forventet', '−1 Lidt mindre end forventet', '−2 Meget mindre end forventet'];

/// Fills in the goal card `goal` (a locator): its words, one life domain, its FFB condition and goal type,
/// and the five levels.
async function fillGoal(goal, words, domain, condition = 'Lave mad') {
  await goal.getByLabel('Målet med borgerens egne ord').fill(words);
  await goal.getByLabel(domain).check();
  await goal.getByLabel('Tilstand', { exact: true }).selectOption({ label: condition });
  await goal.getByLabel('Måltype').selectOption({ label: 'Udvikle funktionsevne' });
  for (const [i, label] of LEVEL_LABELS.entries()) await goal.getByLabel(label).fill(`${words}: ${2 - i}`);
}

test('a goal a follow-up has scored is ended, not removed, and the plan still reads after a reload', async (t) => {
  await withPage(t, '/', async (page) => {
    await addCitizen(page, 17);
    await openMastery(page);
    await page.getByRole('link', { name: 'Mestringsplanen' }).click();
    await page.getByRole('link', { name: 'Lav planen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Planen for MJ' }).waitFor();
    await fillGoal(page.locator('fieldset.goal-fields').nth(0), 'Lave aftensmad selv', 'Praktiske ting derhjemme');
    await page.getByRole('button', { name: 'Tilføj et mål' }).click();
    await fillGoal(page.locator('fieldset.goal-fields').nth(1), 'Tage bussen alene', 'At komme omkring');
    await page.getByRole('button', { name: 'Gem planen' }).click();
    await page.getByRole('heading', { level: 2, name: 'Mål 2: Tage bussen alene' }).waitFor();

    // Both goals are scored at a follow-up.
    await page.getByRole('link', { name: 'Følg op på planen' }).click();
    await page.getByRole('group', { name: /^Mål 1:/ }).getByLabel(/^\+1 Bedre end forventet/).check();
    await page.getByRole('group', { name: /^Mål 2:/ }).getByLabel(/^0 Som forventet/).check();
    await page.getByRole('button', { name: 'Gem opfølgningen' }).click();
    await page.getByText('T-score: 56,2').waitFor();
    await page.getByRole('link', { name: 'Tilbage til planen' }).click();

    // Removing goal 2 is not offered: the card says why and offers to end it.
    await page.getByRole('link', { name: 'Ret planen' }).click();
    const second = page.locator('fieldset.goal-fields', { hasText: 'Mål 2:' });
    await second.waitFor();
    assert.equal(await second.getByRole('button', { name: 'Fjern målet' }).count(), 0, 'a scored goal cannot be removed');
    const why = 'Målet er fulgt op, så det kan ikke fjernes.';
    await second.getByText(why, { exact: false }).waitFor();
    const end = second.getByRole('button', { name: 'Afslut målet' });
    assert.match(await end.evaluate((button) => document.getElementById(button.getAttribute('aria-describedby')).textContent), new RegExp(why));
    await end.click();
    await second.getByText(/^Afsluttet den /).waitFor();
    // A new goal takes the next number; removed again before it is stored, its number is not given twice.
    await page.getByRole('button', { name: 'Tilføj et mål' }).click();
    const third = page.locator('fieldset.goal-fields', { hasText: 'Mål 3:' });
    await third.getByRole('button', { name: 'Fjern målet' }).click();
    await page.getByRole('button', { name: 'Tilføj et mål' }).click();
    const fourth = page.locator('fieldset.goal-fields', { hasText: 'Mål 4:' });
    await fillGoal(fourth, 'Sove om natten', 'Min krop og mit helbred');
    await snap(page, 'plan-edit-ended-goal');
    await page.getByRole('button', { name: 'Gem planen' }).click();

    // The plan reads, before and after a reload: goal 2 ended with its follow-up, goal 4 new.
    for (const reload of [false, true]) {
      if (reload) await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Mestringsplan for MJ' }).waitFor();
      const ended = page.getByRole('region', { name: /^Mål 2:/ });
      await ended.getByText(/^Afsluttet den /).waitFor();
      await page.getByRole('heading', { level: 2, name: 'Mål 4: Sove om natten' }).waitFor();
      assert.match(await page.locator('table.history tbody tr').innerText(), /\+1\t0\t\t56,2$/);
    }
    // An ended goal is no longer followed up.
    await page.getByRole('link', { name: 'Følg op på planen' }).click();
    await page.getByRole('group', { name: /^Mål 4:/ }).waitFor();
    assert.equal(await page.getByRole('group', { name: /^Mål 2:/ }).count(), 0);
  });
});

test('the start screen lists a citizen whose 5th dialogue meeting passed without a plan', async (t) => {
  await withPage(t, '/', async (page) => {
    await addCitizen(page, 17);
    await openMastery(page);
    await page.getByRole('link', { name: 'Mestringsplanen' }).click();
    const meetings = page.getByRole('region', { name: 'Møder' }).locator('ol li');
    for (let n = 1; n <= 5; n++) {
      await recordMeeting(page);
      await meetings.nth(n - 1).waitFor();
    }
    await page.getByText('Der er holdt 5 dialogmøder uden en plan', { exact: false }).waitFor();
    await page.getByRole('navigation').getByRole('link', { name: 'Start' }).click();
    const due = page.getByRole('region', { name: 'Det skal følges op' });
    await due.getByRole('link', { name: /^MJ/ }).waitFor();
    assert.match(await due.innerText(), /5\. dialogmøde uden en plan/);
    await snap(page, 'start-due');
  });
});

test('a rating by keyboard alone: each new domain and its comment step take the focus, Tab reaches its ladder and "next"', async (t) => {
  await withPage(t, '/', async (page) => {
    await addCitizen(page, 17);
    await openMastery(page);
    await startRating(page, 'En medarbejder');
    for (let n = 1; n <= 9; n++) {
      if (n > 1) {
        await page.getByText(`Område ${n} af 9`).waitFor();
        // The heading of the new domain has the focus; the first step (10, the best) is the next stop.
        assert.equal(await page.evaluate(() => document.activeElement.id), 'screen-title');
        await page.keyboard.press('Tab');
      } else {
        await page.getByRole('radio', { name: /^10:/ }).focus();
      }
      assert.match(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), /^10:/);
      await page.keyboard.press('Enter');
      // The comment step takes the focus at its heading; past "another number", the comment and "back",
      // "next" moves on.
      await page.getByText('Dit svar: 10 · ', { exact: false }).waitFor();
      assert.equal(await page.evaluate(() => document.activeElement.id), 'screen-title');
      for (let tab = 0; tab < (n > 1 ? 4 : 3); tab++) await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()), 'Næste');
      await page.keyboard.press('Enter');
    }
    await page.getByRole('heading', { level: 1, name: 'Se dine svar' }).waitFor();
    assert.equal(await page.locator('main li.tile', { hasText: '10 · ' }).count(), 9);
    await page.getByRole('button', { name: 'Gem svarene' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('Tak! Dine svar er gemt.').waitFor();
  });
});

test('the domain on screen is read aloud with the device\'s own voice, never a server\'s', async (t) => {
  await withPage(t, '/', async (page) => {
    await addCitizen(page, 17);
    await openMastery(page);
    await startRating(page, 'Borgeren selv');
    await page.getByRole('button', { name: 'Læs op' }).click();
    const spoken = await page.evaluate(() => window.spoken);
    assert.equal(spoken.length, 1);
    assert.equal(spoken[0].voice, 'Local');
    assert.match(spoken[0].text, /^At passe på mig selv Hvordan klarer du at vaske dig, klæde dig på, spise og tage din medicin\? Trin 9 til 10: Det er på plads\./);
    assert.match(spoken[0].text, /Trin 1 til 2: Det er svært lige nu\.$/);
  }, { beforeLoad: (page) => page.addInitScript(voicesStub) });
});

test('staff rate the conditions the plan addresses on FFB\'s levels, one theme a screen', async (t) => {
  await withPage(t, '/', async (page) => {
    await addCitizen(page, 17);
    await openMastery(page);
    await page.getByRole('link', { name: 'Mestringsplanen' }).click();
    await page.getByRole('link', { name: 'Lav planen' }).click();
    const first = page.locator('fieldset.goal-fields').nth(0);
    await fillGoal(first, 'Lave aftensmad selv', 'Praktiske ting derhjemme');
    // A second condition the goal addresses, beside the primary one.
    await first.getByText('Flere tilstande (0 valgt)').click();
    await first.getByLabel('Købe ind').check();
    await first.getByText('Flere tilstande (1 valgt)').waitFor();
    await page.getByRole('button', { name: 'Tilføj et mål' }).click();
    await fillGoal(page.locator('fieldset.goal-fields').nth(1), 'Tage bussen alene', 'At komme omkring', 'Færdes med transportmidler');
    await page.getByRole('button', { name: 'Gem planen' }).click();
    await page.getByRole('heading', { level: 2, name: 'Mål 2: Tage bussen alene' }).waitFor();
    assert.match(await page.getByRole('region', { name: /^Mål 1:/ }).locator('p.ffb-summary').innerText(), /: Lave mad, Købe ind\./);

    await page.getByRole('link', { name: 'Mestringsskemaer' }).click();
    const ffb = page.getByRole('region', { name: 'Funktionsevne (FFB)' });
    await ffb.getByRole('link', { name: /^En medarbejder/ }).click();
    // Only the plan's conditions, by theme: Praktiske opgaver, then Mobilitet.
    await page.getByText('Tema 1 af 2').waitFor();
    await page.getByRole('heading', { level: 1, name: 'Praktiske opgaver' }).waitFor();
    assert.deepEqual(await page.locator('main h2').allInnerTexts(), ['Købe ind', 'Lave mad']);
    const cooking = page.getByRole('radiogroup', { name: 'Lave mad' });
    assert.equal(await cooking.getByRole('radio').count(), 6, 'five levels and ikke vurderet');
    assert.equal(await cooking.getByRole('radio', { name: 'Ikke vurderet' }).getAttribute('aria-checked'), 'true');
    await cooking.getByRole('radio', { name: /^3:/ }).click();
    assert.equal(await cooking.getByRole('radio', { name: /^3:/ }).getAttribute('aria-checked'), 'true');
    await page.getByRole('radiogroup', { name: 'Købe ind' }).getByRole('radio', { name: /^1:/ }).click();
    await snap(page, 'mastery-rating-ffb');
    await page.getByRole('button', { name: 'Næste' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mobilitet' }).waitFor();
    await page.getByRole('button', { name: 'Næste' }).click();
    await page.getByRole('heading', { level: 1, name: 'Se dine svar' }).waitFor();
    assert.deepEqual(await page.locator('main li.tile .tile-text').allInnerTexts(), [
      '1 · Let nedsat funktionsevne',
      '3 · Svært nedsat funktionsevne',
      'Ikke vurderet',
    ]);
    await page.getByRole('button', { name: 'Gem svarene' }).click();
    await page.getByText('Tak! Dine svar er gemt.').waitFor();
    await page.getByRole('link', { name: 'Giv tabletten tilbage til medarbejderen' }).click();

    // The round shows the three conditions rated, not FFB's thirty-one.
    const table = page.getByRole('region', { name: 'Funktionsevne (FFB)' }).locator('table');
    await table.waitFor();
    assert.equal(await table.locator('tbody tr').count(), 3);
    assert.match(await table.locator('tbody tr').first().innerText(), /^Købe ind\t1/);
  });
});

/// `days` from today, as a date field takes it (YYYY-MM-DD).
function dayFromToday(days) {
  const date = new Date();
  date.setDate(date.getDate() + days);
  return date.toISOString().slice(0, 10);
}

for (const [orientation, viewport] of [['landscape', TABLET], ['portrait', { width: 800, height: 1280 }]]) {
  test(`a Norwegian individual plan past its revision date says so on the plan page (${orientation})`, async (t) => {
    await withPage(t, '/', async (page) => {
      await addCitizen(page, 17);
      await page.getByRole('button', { name: 'Norsk bokmål' }).click();
      // A unit that works with individual plans, chosen in the settings: the plan gets the IP's fields.
      const citizen = page.url();
      await page.getByRole('navigation').getByRole('link', { name: 'Innstillinger' }).click();
      await page.getByRole('radio', { name: /^Individuell plan/ }).check();
      await page.goto(citizen);
      await page.getByRole('link', { name: 'Mestringsskjema og plan' }).click();
      await page.getByRole('link', { name: 'Mestringsplanen' }).click();
      await page.getByRole('link', { name: 'Lag planen' }).click();
      await page.getByRole('heading', { level: 1, name: 'Planen for MJ' }).waitFor();

      const goal = page.locator('fieldset.goal-fields').first();
      await goal.getByLabel('Målet med brukerens egne ord').fill('Gå på skolen hver dag');
      await goal.locator('fieldset.choice-group input[type="checkbox"]').first().check();
      await goal.getByLabel('Tilstand', { exact: true }).selectOption({ index: 1 });
      await goal.getByLabel('Måltype').selectOption({ index: 1 });
      const labels = ['+2 Mye bedre enn forventet', '+1 Bedre enn forventet', '0 Som forventet', '−1 Litt mindre enn forventet', '−2 Mye mindre enn forventet'];
      for (const [i, label] of labels.entries()) await goal.getByLabel(label).fill(`Skole ${2 - i}`);

      // The IP section is folded until opened.
      const ip = page.locator('details.ip-fields');
      await ip.locator('summary').click();
      await ip.getByLabel('Koordinator (rolle eller tjeneste)').fill('Koordinator i helse- og omsorgstjenesten');
      await ip.getByLabel('Planperiode fra').fill(dayFromToday(-200));
      await ip.getByLabel('Planperiode til').fill(dayFromToday(165));
      await ip.getByLabel('Revisjonsdato').fill(dayFromToday(-10));
      await ip.getByLabel('Tiltak 1', { exact: true }).fill('Støttekontakt to ettermiddager i uka');
      await ip.getByLabel('Ansvarlig for tiltak 1 (tjeneste eller rolle)').fill('Psykisk helsetjeneste');
      await ip.getByLabel('Samtykke', { exact: true }).selectOption({ label: 'Ja, brukeren har samtykket' });
      await ip.getByLabel('Dato for samtykket').fill(dayFromToday(-200));
      await ip.getByRole('button', { name: 'Legg til medlem' }).click();
      await ip.getByLabel('Rolle, medlem 1').selectOption({ label: 'Koordinator' });
      await snap(page, `ip-edit-${orientation}`);
      await page.getByRole('button', { name: 'Lagre planen' }).click();

      await page.getByRole('heading', { level: 1, name: 'Mestringsplan for MJ' }).waitFor();
      const notice = page.locator('[data-notice="revision-overdue"]');
      assert.match(await notice.innerText(), /^Revisjonsdato passert /);
      const card = page.getByRole('region', { name: 'Individuell plan' });
      assert.match(await card.innerText(), /Koordinator: Koordinator i helse- og omsorgstjenesten/);
      assert.match(await card.innerText(), /Støttekontakt to ettermiddager i uka – Ansvarlig: Psykisk helsetjeneste/);
      assert.match(await card.innerText(), /Samtykke gitt /);
      await snap(page, `ip-plan-${orientation}`);
      // The start screen lists it among what is due.
      await page.getByRole('navigation').getByRole('link', { name: 'Start' }).click();
      await page.getByRole('region', { name: 'Dette må følges opp' }).getByText(/revisjonsdato passert$/).waitFor();
    }, { viewport });
  });
}
