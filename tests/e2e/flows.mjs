// Steps that several end-to-end tests take on the way to what they test.
import { join } from 'node:path';
import { chooseFacility, staffPin, takeBack, unlockAfterEachLoad } from './harness.mjs';
import { ROOT } from './serve.mjs';

/// A citizen of `age` at the youth unit; at 17 the adolescent cut-off (28) applies.
export async function addCitizen(page, age = 17) {
  await chooseFacility(page);
  await page.getByRole('navigation').getByRole('link', { name: 'Borgere' }).click();
  await page.getByLabel('Initialer eller kode').fill('MJ');
  await page.getByLabel('Fødselsår').fill(String(new Date().getFullYear() - age));
  await page.getByLabel('Bosted eller enhed').fill('Ungeenheden');
  await page.getByRole('button', { name: 'Tilføj borger' }).click();
  await page.getByRole('link', { name: /^MJ/ }).click();
  await page.getByRole('heading', { level: 1, name: 'MJ' }).waitFor();
}

/// The set-up screen's button, which names the form it starts ("Start ORS-skemaet").
export const START_BUTTON = /^Start \w+-skemaet$/;

/// Staff's set-up screen: today's date and the form for the age are preselected.
export async function startForm(page) {
  await page.getByRole('heading', { level: 1, name: /^Nyt skema/ }).waitFor();
  await page.getByRole('button', { name: START_BUTTON }).click();
}

/// Answers every line of the open form by keyboard: `End` puts each mark at 10.
export async function answerAllByKeyboard(page) {
  const sliders = page.locator('[role=slider]');
  await sliders.first().waitFor();
  for (const slider of await sliders.all()) {
    await slider.focus();
    await page.keyboard.press('End');
  }
}

/// A whole meeting with the citizen whose page is open: the set-up (on `date`, YYYY-MM-DD, else today),
/// the ORS and the SRS with every line at one end (`End` for 10, `Home` for 0), back to the citizen's page.
/// A meeting with `rater` (the citizen unless named): the ORS answered with `ors` pressed on every line,
/// then the SRS with `srs`; `staffView(page)`, if given, looks at staff's view of the ORS before the SRS.
export async function meeting(page, { date, ors = 'End', srs = 'End', staffView, rater = 'Borgeren selv' } = {}) {
  await page.getByRole('link', { name: rater }).click();
  await page.getByRole('heading', { level: 1, name: /^Nyt skema/ }).waitFor();
  if (date) await page.locator('#meeting-date').fill(date);
  await page.getByRole('button', { name: START_BUTTON }).click();
  await answerScale(page, ors);
  if (staffView) await staffView(page);
  await page.getByRole('button', { name: /^Efter samtalen: giv tabletten/ }).click();
  await answerScale(page, srs);
  await page.getByRole('button', { name: 'Afslut' }).click();
  await page.locator('table.history').waitFor();
}

/// One meeting with the young person and a parent, set up once: each one's ORS (every line pressed with
/// `ors` and `parentOrs`), then after the conversation each one's SRS (with `srs`), the tablet handed from
/// staff's view to each in turn and back with staff's PIN; back to the citizen's page.
export async function meetingWithParent(page, { ors = 'End', parentOrs = 'End', srs = 'End' } = {}) {
  await page.getByRole('link', { name: 'Borgeren selv' }).click();
  await page.getByRole('heading', { level: 1, name: /^Nyt skema/ }).waitFor();
  await page.getByLabel('En forælder eller pårørende').check();
  await page.getByRole('button', { name: START_BUTTON }).click();
  await answerScale(page, ors);
  await page.getByRole('button', { name: /^Giv tabletten til en forælder eller pårørende/ }).click();
  await answerScale(page, parentOrs);
  await page.getByRole('button', { name: /^Efter samtalen: giv tabletten til borgeren selv/ }).click();
  await answerScale(page, srs);
  await page.getByRole('button', { name: /^Efter samtalen: giv tabletten til en forælder/ }).click();
  await answerScale(page, srs);
  await page.getByRole('button', { name: 'Afslut' }).click();
  await page.locator('table.history').waitFor();
}

async function answerScale(page, key) {
  const sliders = page.locator('[role=slider]');
  await sliders.first().waitFor();
  for (const slider of await sliders.all()) {
    await slider.focus();
    await page.keyboard.press(key);
  }
  await page.getByRole('button', { name: 'Færdig' }).click();
  await page.getByRole('button', { name: 'Giv tabletten tilbage til medarbejderen' }).click();
  await staffPin(page);
}

async function addCitizenByForm(page, label, age) {
  await page.locator('#citizen-label').fill(label);
  await page.locator('#citizen-birth-year').fill(String(new Date().getFullYear() - age));
  await page.locator('#citizen-unit').fill('Hus 1');
  await page.locator('form.citizen-form button[type=submit]').click();
  await page.locator('a.citizen-row', { hasText: label }).waitFor();
}

/// Walks every screen of the app in the language named `language` (as the language switch names it),
/// from the first start to settings and a missing page, calling `visit(screen)` on each.
/// Selectors are structural, so the walk is the same in every language.
export async function walkScreens(page, language, visit) {
  const nav = (idx) => page.getByRole('navigation').getByRole('link').nth(idx);
  const primary = () => page.locator('main button.primary.big');

  await page.getByRole('button', { name: language }).click();
  await page.locator('button[aria-pressed="true"]', { hasText: language }).waitFor();
  await visit('first start');
  await page.locator('button.choice').first().click();
  await page.locator('#pin-new').waitFor();
  await visit('first start, the PIN');
  await page.locator('#pin-new').fill('482913');
  await page.locator('#pin-again').fill('482913');
  await page.locator('#pin-again').press('Enter');
  await page.locator('.recovery-code').waitFor();
  await visit('first start, the recovery code');
  const code = (await page.locator('.recovery-code').innerText()).trim();
  await page.locator('#recovery-confirm').fill(code.split(/\s+/).at(-1));
  await page.locator('#recovery-confirm').press('Enter');
  await page.locator('nav').waitFor();
  unlockAfterEachLoad(page);
  await page.locator('main h1').waitFor();
  await visit('start');

  await nav(1).click();
  await page.locator('#citizen-label').waitFor();
  await visit('citizens, empty');
  await page.locator('form.citizen-form button[type=submit]').click();
  await page.locator('.field-problems').first().waitFor();
  await visit('citizens, problems shown');
  await addCitizenByForm(page, 'MJ', 17);
  await addCitizenByForm(page, 'LB', 4);
  await visit('citizens, listed');

  await page.locator('a.citizen-row', { hasText: 'MJ' }).click();
  await page.locator('a.tile').first().waitFor();
  await visit('citizen');
  await page.locator('main a[href$="/edit"]').click();
  await page.locator('#citizen-label').waitFor();
  await visit('citizen edit');
  await page.goBack();

  await page.locator('a.tile').first().click();
  await page.locator('input[type=radio]').first().waitFor();
  await visit('meeting set-up');
  await primary().click();
  await page.locator('[role=slider]').first().waitFor();
  await visit('outcome scale, unanswered');
  for (const slider of await page.locator('[role=slider]').all()) {
    await slider.focus();
    await page.keyboard.press('End');
  }
  await visit('outcome scale, answered');
  await primary().click();
  await page.locator('main section.result').waitFor();
  await visit('result for the citizen');
  // Handed back: staff's PIN before staff's view.
  await primary().click();
  await staffPin(page);
  await page.locator('ul.staff-lines').waitFor();
  await visit('staff view');
  await primary().click();
  await page.locator('[role=slider]').first().waitFor();
  await visit('session scale');

  // The citizen's screens have no menu; staff take the tablet back with the PIN, then leave by address.
  await takeBack(page);
  await page.goto(new URL('/citizens', page.url()).href);
  await page.locator('a.citizen-row', { hasText: 'LB' }).click();
  await page.locator('a.tile').first().click();
  await primary().click();
  await page.locator('[role=radiogroup]').waitFor();
  await visit('young-child faces');

  // MJ's outcome form is stored: the citizen's page offers the trajectory.
  await takeBack(page);
  await page.goto(new URL('/citizens', page.url()).href);
  await page.locator('a.citizen-row', { hasText: 'MJ' }).click();
  await page.locator('main a[href$="/progress"]').click();
  await page.locator('svg.trajectory').waitFor();
  await visit('progress');

  // Mastery: the citizen rates, then staff, then the round shows; the plan, its editor and a follow-up.
  await page.goto(new URL('/citizens', page.url()).href);
  await page.locator('a.citizen-row', { hasText: 'MJ' }).click();
  await page.locator('main a[href$="/mastery"]').click();
  await page.locator('main section.card a.tile').first().waitFor();
  await visit('mastery');
  for (const rater of [0, 1]) {
    await page.locator('main section.card').first().locator('a.tile').nth(rater).click();
    await page.locator('.ladder-step').first().waitFor();
    if (rater === 0) await visit('rating a domain');
    for (let n = 0; n < 9; n++) {
      await page.locator('.ladder-step').nth(n % 10).click();
      // The comment step after each choice; "next" moves on.
      await page.locator('main textarea').waitFor();
      if (rater === 0 && n === 0) await visit('rating, a comment after the choice');
      await primary().click();
    }
    await page.locator('main ul.choice-list li.tile').first().waitFor();
    if (rater === 0) await visit('rating, check before storing');
    await primary().click();
    await page.locator('main a.button.primary').click();
    // The citizen's rating was theirs alone until staff's PIN, which ends on the citizen's page.
    if (rater === 0) {
      await staffPin(page);
      await page.locator('main a[href$="/mastery"]').click();
    }
    await page.locator('main section.card a.tile').first().waitFor();
  }
  await page.locator('table.mastery-table').waitFor();
  await visit('mastery, round shown');
  await page.locator('main a[href$="/plan"]').click();
  await page.locator('main a[href$="/meetings/new"]').waitFor();
  await visit('plan, none yet');
  await page.locator('main a[href$="/meetings/new"]').click();
  await page.locator('#record-date').waitFor();
  await visit('meeting record');
  await page.locator('main button[type=submit]').click();
  await page.locator('main ol li').first().waitFor();
  await page.locator('main a[href$="/plan/edit"]').click();
  await page.locator('#goal-1-words').waitFor();
  await page.locator('main button[type=submit]').click();
  await page.locator('.field-problems').first().waitFor();
  await visit('plan editor, problems shown');
  await page.locator('#goal-1-words').fill('MJ');
  await page.locator('fieldset.goal-fields input[type=checkbox]').first().check();
  await page.locator('#goal-1-sub-theme').selectOption('lave_mad');
  await page.locator('#goal-1-goal-type').selectOption('udvikle_funktionsevne');
  for (const level of ['2', '1', '0', '-1', '-2']) await page.locator(`#goal-1-level${level}`).fill(level);
  await page.locator('main button[type=submit]').click();
  await page.locator('ol.gas-levels').waitFor();
  await visit('plan');
  await page.locator('main a[href$="/follow-up"]').click();
  await page.locator('main input[type=radio]').nth(2).check();
  await visit('follow-up');
  await page.locator('main button[type=submit]').click();
  await page.locator('main .big-text[role=status]').waitFor();
  await visit('follow-up stored');
  // Staff's rating in FFB's terms: the theme of the plan's condition, its levels.
  await page.locator('main a[href$="/plan"]').click();
  await page.locator('main a[href$="/mastery"]').click();
  await page.locator('main section.card').nth(1).locator('a.tile').first().click();
  await page.locator('.level-choices').first().waitFor();
  await visit('rating in FFB terms');

  await page.goto(new URL('/', page.url()).href);
  await nav(2).click();
  await page.locator('input[name=export-choice]').first().waitFor();
  await visit('export');
  await page.locator('#export-passphrase').fill('korrekt hest batteri');
  await page.locator('#export-passphrase-repeat').fill('korrekt hest batteri');
  await primary().click();
  await page.locator('#export-ready').waitFor();
  await visit('export, file ready');
  await nav(3).click();
  await page.locator('.storage-status p').first().waitFor();
  await visit('settings');

  // The caseworker's device: the mode changed in the settings (the third choice), then its screens.
  await page.locator('main button.choice').nth(2).click();
  await page.locator('main button.choice[aria-pressed="true"]').nth(0).waitFor();
  await nav(1).click();
  await page.locator('#import-files').waitFor();
  await visit('import');
  await nav(2).click();
  await page.locator('main h1').waitFor();
  await page.locator('main a.button').waitFor();
  await visit('overview, nothing imported');
  // A week of a tablet's records (docs/examples): the report, the overview and one citizen from it.
  await nav(1).click();
  await page.locator('#import-files').setInputFiles([join(ROOT, 'docs/examples/tablet-a-week-2.json')]);
  await page.locator('main button.primary').click();
  await page.locator('ul.import-report').waitFor();
  await visit('import, report');
  await page.locator('main ul.import-report ~ a.button').click();
  await page.locator('table.overview tbody th a').first().waitFor();
  await visit('overview');
  await page.locator('table.overview tbody th a', { hasText: 'MJ' }).click();
  await page.locator('svg.trajectory').waitFor();
  await page.locator('svg.mastery-star').waitFor();
  await visit('a citizen from the files');
  await page.goto(new URL('/nowhere', page.url()).href);
  await page.locator('main h1').waitFor();
  await visit('not found');
}

/// A device with a voice the browser would fetch from a server and, if `local`, a voice of its own; what is
/// spoken is kept in `window.spoken`. Give it to `page.addInitScript` (with `local` as its argument).
export function voicesStub(local = true) {
  const voice = (name, lang, localService) =>
    Object.create(SpeechSynthesisVoice.prototype, {
      name: { value: name }, lang: { value: lang }, localService: { value: localService },
    });
  const synthesis = new EventTarget();
  window.spoken = [];
  synthesis.getVoices = () => [voice('Server', 'da-DK', false), ...(local ? [voice('Local', 'da-DK', true)] : [])];
  synthesis.cancel = () => {};
  synthesis.speak = (utterance) => window.spoken.push({ text: utterance.text, voice: utterance.voice.name });
  Object.defineProperty(window, 'speechSynthesis', { value: synthesis });
  window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; } };
}

/// Every value in every object store and everything in localStorage, as text; byte arrays read as
/// Latin-1, so UTF-8 plaintext inside them would show.
export async function rawStorage(page) {
  return page.evaluate(async () => {
    const db = await new Promise((resolve, reject) => {
      const open = indexedDB.open('mestring');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const stores = {};
    for (const name of db.objectStoreNames) {
      stores[name] = await new Promise((resolve, reject) => {
        const request = db.transaction(name).objectStore(name).getAll();
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    }
    db.close();
    const bytes = (value) => (ArrayBuffer.isView(value) ? String.fromCharCode(...new Uint8Array(value.buffer)) : value);
    const text = JSON.stringify(stores, (_key, value) => bytes(value)) + JSON.stringify({ ...localStorage });
    return { stores, text };
  });
}

/// The GAS levels' fields on a goal card, best first.
const GOAL_LEVELS = ['+2 Meget bedre end forventet', '+1 Bedre end forventet', '0 Som forventet', '−1 Lidt mindre end forventet', '−2 Meget mindre end forventet'];

/// From the citizen's page: a plan agreed with two goals in FFB's terms, *Lave mad* (with *Købe ind* beside it) and
/// *Færdes med transportmidler*; then staff rate those conditions on FFB's function levels, *Lave mad* 3 and
/// *Købe ind* 1, *Færdes med transportmidler* left "ikke vurderet".
export async function planAndFfbRating(page) {
  await page.getByRole('link', { name: 'Mestringsskema og plan' }).click();
  await page.getByRole('link', { name: 'Mestringsplanen' }).click();
  await page.getByRole('link', { name: 'Lav planen' }).click();
  const goal = async (card, words, domain, condition) => {
    await card.getByLabel('Målet med borgerens egne ord').fill(words);
    await card.getByLabel(domain).check();
    await card.getByLabel('Tilstand', { exact: true }).selectOption({ label: condition });
    await card.getByLabel('Måltype').selectOption({ label: 'Udvikle funktionsevne' });
    await card.getByLabel('Funktionsevne nu').selectOption({ label: '3 Svært nedsat funktionsevne' });
    await card.getByLabel('Funktionsevne målet sigter mod').selectOption({ label: '1 Let nedsat funktionsevne' });
    for (const [i, label] of GOAL_LEVELS.entries()) await card.getByLabel(label).fill(`${words}: ${2 - i}`);
  };
  const first = page.locator('fieldset.goal-fields').nth(0);
  await goal(first, 'Lave aftensmad selv', 'Praktiske ting derhjemme', 'Lave mad');
  await first.getByText('Flere tilstande (0 valgt)').click();
  await first.getByLabel('Købe ind').check();
  await page.getByRole('button', { name: 'Tilføj et mål' }).click();
  await goal(page.locator('fieldset.goal-fields').nth(1), 'Tage bussen alene', 'At komme omkring', 'Færdes med transportmidler');
  await page.getByRole('button', { name: 'Gem planen' }).click();
  await page.getByRole('heading', { level: 2, name: 'Mål 2: Tage bussen alene' }).waitFor();

  await page.getByRole('link', { name: 'Mestringsskemaer' }).click();
  await page.getByRole('region', { name: 'Funktionsevne (FFB)' }).getByRole('link', { name: /^En medarbejder/ }).click();
  await page.getByRole('heading', { level: 1, name: 'Praktiske opgaver' }).waitFor();
  await page.getByRole('radiogroup', { name: 'Lave mad' }).getByRole('radio', { name: /^3:/ }).click();
  await page.getByRole('radiogroup', { name: 'Købe ind' }).getByRole('radio', { name: /^1:/ }).click();
  await page.getByRole('button', { name: 'Næste' }).click();
  await page.getByRole('heading', { level: 1, name: 'Mobilitet' }).waitFor();
  await page.getByRole('button', { name: 'Næste' }).click();
  await page.getByRole('button', { name: 'Gem svarene' }).click();
  await page.getByText('Tak! Dine svar er gemt.').waitFor();
  await page.getByRole('link', { name: 'Giv tabletten tilbage til medarbejderen' }).click();
  await page.getByRole('region', { name: 'Funktionsevne (FFB)' }).locator('table').waitFor();
}
