// The plan and the caseworker's import done by keyboard alone (the meeting, the rating and the export have
// theirs beside their other tests). After the set-up every step is a key: Tab and Shift+Tab, Enter, Space,
// the arrows and typing. Every control is reached by Tab in the page's order, and every stop on the way
// shows its focus on screen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { withPage, snap, STAFF_PIN } from './harness.mjs';
import { addCitizen } from './flows.mjs';
import { ROOT } from './serve.mjs';

/// What `document.activeElement` is, and whether it shows: on screen, not hidden, with the focus ring
/// (`:focus-visible` draws a 4px outline, assets/style.css) or a box-shadow. Body (where the focus is after
/// a navigation, or when the focused control is replaced or disabled) and `main` (the skip link's target)
/// draw none, on purpose.
function focusState() {
  const el = document.activeElement;
  const describe = (node) => {
    const name = node.getAttribute('aria-label') ?? node.labels?.[0]?.textContent ?? node.textContent ?? '';
    return `<${node.tagName.toLowerCase()}${node.id ? '#' + node.id : ''}${node.type ? ' type=' + node.type : ''}> "${name.trim().replace(/\s+/g, ' ').slice(0, 50)}"`;
  };
  if (!el || el === document.body || el.tagName === 'MAIN') return { what: el ? describe(el) : 'nothing', exempt: true };
  const style = getComputedStyle(el);
  const rect = el.getBoundingClientRect();
  const ring =
    (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0 && style.outlineColor !== 'rgba(0, 0, 0, 0)') ||
    style.boxShadow !== 'none';
  const onScreen =
    rect.width > 0 && rect.height > 0 && rect.bottom > 0 && rect.right > 0 && rect.top < innerHeight && rect.left < innerWidth;
  const shown = style.visibility !== 'hidden' && Number(style.opacity) > 0;
  // The order: each stop comes after the one before in the document (no positive tabindex, no jumps back).
  const before = window.__kbPrevious;
  window.__kbPrevious = el;
  const backwards =
    before && before !== el && before.isConnected && before !== document.body && before.tagName !== 'MAIN'
      ? !(before.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING)
      : false;
  const datePicker = ['date', 'time'].includes(el.type) && !el.matches(':focus-visible');
  const drawn = `outline ${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}, box-shadow ${style.boxShadow}`;
  return { drawn, datePicker, what: describe(el), ring, onScreen, shown, backwards, from: before?.isConnected ? describe(before) : '' };
}

/// Asserts that the focused element shows its focus, on screen.
async function assertFocusShown(page) {
  const state = await page.evaluate(focusState);
  if (state.exempt) return state;
  assert.ok(state.onScreen && state.shown, `the focused ${state.what} is not on screen`);
  if (!state.ring && state.datePicker) {
    assert.ok(await pickerRingShows(page), `no visible focus on the calendar button of ${state.what}`);
    return state;
  }
  assert.ok(state.ring, `no visible focus indicator on ${state.what}: ${state.drawn}`);
  return state;
}

/// A date (or time) field's last Tab stop is Chromium's own picker button, inside the field: the field is focused
/// but not `:focus-visible`, so the app's ring is not drawn, and the button's ring cannot be read from a
/// style. It shows if the field looks different with the focus there than with the focus moved on (Tab)
/// and brought back (Shift+Tab).
async function pickerRingShows(page) {
  const field = await page.evaluateHandle(() => document.activeElement);
  const clip = await field.evaluate((el) => {
    const { x, y, width, height } = el.getBoundingClientRect();
    return { x, y, width, height };
  });
  const focused = await page.screenshot({ clip });
  await page.keyboard.press('Tab');
  const left = await page.screenshot({ clip });
  await page.keyboard.press('Shift+Tab');
  assert.ok(await field.evaluate((el) => el === document.activeElement && !el.matches(':focus-visible')), 'back on the calendar button');
  await page.evaluate((el) => {
    window.__kbPrevious = el;
  }, field);
  return !focused.equals(left);
}

/// Presses Tab (Shift+Tab with `back`) until `locator` has the focus, failing after `max` presses
/// (unreachable, or too far down the order). Every stop on the way must show its focus on screen and,
/// going forward, come after the stop before it in the document.
async function tabTo(page, locator, { max = 60, back = false } = {}) {
  const target = locator.first();
  await target.waitFor();
  await page.evaluate(() => {
    window.__kbPrevious = document.activeElement;
  });
  const stops = [];
  for (let presses = 0; presses <= max; presses++) {
    if (await target.evaluate((el) => el === document.activeElement)) {
      const state = await assertFocusShown(page);
      assert.ok(!state.exempt, `${locator} took the focus but is exempt from showing it`);
      return;
    }
    if (presses === max) break;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const state = await assertFocusShown(page);
    stops.push(state.what);
    if (!back) assert.ok(!state.backwards, `Tab went back from ${state.from} to ${state.what}; the stops: ${stops.join(', ')}`);
  }
  assert.fail(`${locator} not reached by ${max} presses of ${back ? 'Shift+Tab' : 'Tab'}; the stops: ${stops.join(', ')}`);
}

/// Types `date` (a Date) into the focused `<input type=date>`, field by field in the browser's order.
async function typeDate(page, date) {
  const digits = await page.evaluate(
    ([y, m, d]) =>
      new Intl.DateTimeFormat(navigator.language, { year: 'numeric', month: '2-digit', day: '2-digit' })
        .formatToParts(new Date(y, m, d))
        .filter((part) => part.type !== 'literal')
        .map((part) => part.value)
        .join(''),
    [date.getFullYear(), date.getMonth(), date.getDate()],
  );
  await page.keyboard.type(digits);
}

const iso = (date) =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
const danish = (date) =>
  `${String(date.getDate()).padStart(2, '0')}.${String(date.getMonth() + 1).padStart(2, '0')}.${date.getFullYear()}`;

const LABELS = [
  '+2 Meget bedre end forventet',
  '+1 Bedre end forventet',
  '0 Som forventet',
  '−1 Lidt mindre end forventet',
  '−2 Meget mindre end forventet',
];

test('a plan made, followed up and a dialogue meeting added by keyboard alone', async (t) => {
  await withPage(t, '/', async (page) => {
    await addCitizen(page, 17);

    // From the citizen's page to the plan, which does not exist yet.
    await tabTo(page, page.getByRole('link', { name: 'Mestringsskema og plan' }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Mestring for MJ' }).waitFor();
    await tabTo(page, page.getByRole('link', { name: 'Mestringsplanen' }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Mestringsplan for MJ' }).waitFor();
    await page.getByText('Der er ingen plan endnu', { exact: false }).waitFor();
    await tabTo(page, page.getByRole('link', { name: 'Lav planen' }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Planen for MJ' }).waitFor();

    // Goal 1: the citizen's words, a domain (Space on its checkbox), a sub-goal per line, the five levels.
    const first = page.locator('fieldset.goal-fields').nth(0);
    await tabTo(page, first.getByLabel('Målet med borgerens egne ord'));
    await page.keyboard.type('Lave aftensmad selv');
    const home = first.getByLabel('Praktiske ting derhjemme');
    await tabTo(page, home);
    await page.keyboard.press('Space');
    assert.equal(await home.isChecked(), true, 'Space ticks the domain');
    // In FFB's terms: a closed select takes the first letters of its choice.
    const condition = first.getByLabel('Tilstand', { exact: true });
    await tabTo(page, condition);
    await page.keyboard.type('Lave mad');
    assert.equal(await condition.inputValue(), 'lave_mad');
    const goalType = first.getByLabel('Måltype');
    await tabTo(page, goalType);
    await page.keyboard.type('Udvikle');
    assert.equal(await goalType.inputValue(), 'udvikle_funktionsevne');
    await tabTo(page, first.getByLabel('Delmål'));
    await page.keyboard.type('Handle ind efter en liste');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Bruge ovnen');
    await tabTo(page, first.getByLabel('Hvad træner borgeren?'));
    await page.keyboard.type('Lave mad sammen');
    const cooking = ['Laver mad alene til andre', 'Laver mad alene', 'Laver mad med lidt hjælp', 'Laver mad med meget hjælp', 'Laver ikke mad'];
    for (const [i, label] of LABELS.entries()) {
      await tabTo(page, first.getByLabel(label));
      await page.keyboard.type(cooking[i]);
    }

    // Goal 2, added by Enter on its button; its fields follow goal 1's in the order.
    await tabTo(page, page.getByRole('button', { name: 'Tilføj et mål' }));
    await page.keyboard.press('Enter');
    const second = page.locator('fieldset.goal-fields').nth(1);
    await second.waitFor();
    // The new goal's first field takes the focus: typing goes on there.
    await page.waitForFunction(() => document.activeElement?.id === 'goal-2-words');
    await page.keyboard.type('Tage bussen alene');
    await tabTo(page, second.getByLabel('At komme omkring'));
    await page.keyboard.press('Space');
    await tabTo(page, second.getByLabel('Tilstand', { exact: true }));
    await page.keyboard.type('Færdes');
    await tabTo(page, second.getByLabel('Måltype'));
    await page.keyboard.type('Fastholde');
    const bus = ['Alene, også nye ruter', 'Alene', 'Alene med aftale', 'Med følge', 'Bliver hjemme'];
    for (const [i, label] of LABELS.entries()) {
      await tabTo(page, second.getByLabel(label));
      await page.keyboard.type(bus[i]);
    }
    // The interval, a closed select: the down arrow goes from every 3rd month to every 4th.
    const months = page.getByLabel('Følg op hver');
    await tabTo(page, months);
    assert.equal(await months.inputValue(), '3');
    await page.keyboard.press('ArrowDown');
    assert.equal(await months.inputValue(), '4');
    await tabTo(page, page.getByRole('button', { name: 'Gem planen' }));
    await snap(page, 'keyboard-plan-editor');
    await page.keyboard.press('Enter');

    // The stored plan: both goals in the citizen's words, each with its five levels, best first.
    await page.getByRole('heading', { level: 1, name: 'Mestringsplan for MJ' }).waitFor();
    for (const [n, words, texts] of [[1, 'Lave aftensmad selv', cooking], [2, 'Tage bussen alene', bus]]) {
      const card = page.getByRole('region', { name: `Mål ${n}: ${words}` });
      await card.waitFor();
      const shown = await card.locator('ol.gas-levels li').allInnerTexts();
      assert.deepEqual(
        shown.map((text) => text.replace(/\s+/g, ' ').trim()),
        LABELS.map((label, i) => `${label} ${texts[i]}`),
        `goal ${n}'s levels`,
      );
    }
    assert.match(await page.getByRole('region', { name: /^Mål 1:/ }).innerText(), /Handle ind efter en liste\s+Bruge ovnen/);

    // The follow-up: each goal's levels are a radio group. Tab enters it, Space picks the first (+2),
    // the down arrow moves the choice: goal 1 to +1, goal 2 to 0.
    await tabTo(page, page.getByRole('link', { name: 'Følg op på planen' }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Opfølgning for MJ' }).waitFor();
    // The link that was used is gone with its page: the focus goes to the new page's content, so the
    // next Tab starts there and not at the top of the page.
    await page.waitForFunction(() => document.activeElement?.id === 'main');
    const store = page.getByRole('button', { name: 'Gem opfølgningen' });
    assert.equal(await store.isDisabled(), true, 'every goal needs a level');
    for (const [n, downs, level] of [[1, 1, /^\+1 Bedre end forventet/], [2, 2, /^0 Som forventet/]]) {
      const group = page.getByRole('group', { name: new RegExp(`^Mål ${n}:`) });
      await tabTo(page, group.getByRole('radio').first());
      await page.keyboard.press('Space');
      for (let i = 0; i < downs; i++) await page.keyboard.press('ArrowDown');
      await assertFocusShown(page);
      assert.equal(await group.getByLabel(level).isChecked(), true, `goal ${n}'s level`);
      assert.equal(await group.getByLabel(level).evaluate((el) => el === document.activeElement), true);
    }
    await tabTo(page, store);
    await snap(page, 'keyboard-follow-up');
    await page.keyboard.press('Enter');
    // Levels +1 and 0: 50 + 10·1/√(0.7·2 + 0.3·4) = 56.2.
    await page.getByText('T-score: 56,2').waitFor();
    // The button pressed is gone with the form: the focus is on what replaced it, its heading.
    await page.waitForFunction(() => document.activeElement?.id === 'follow-up-stored');

    // Back on the plan: the follow-up's row (today, the levels, the T-score) and goal 1's level reached.
    await tabTo(page, page.getByRole('link', { name: 'Tilbage til planen' }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Mestringsplan for MJ' }).waitFor();
    const row = page.getByRole('table').filter({ hasText: 'T-score' }).locator('tbody tr');
    await row.first().waitFor();
    assert.equal(await row.count(), 1);
    assert.deepEqual(await row.locator('td').allInnerTexts(), [danish(new Date()), '+1', '0', '56,2']);
    assert.match(await page.getByRole('region', { name: /^Mål 1:/ }).locator('li.reached').innerText(), /^\+1 Bedre end forventet\s+Laver mad alene\s/);
    assert.match(await page.getByRole('region', { name: /^Mål 2:/ }).locator('li.reached').innerText(), /^0 Som forventet\s+Alene med aftale\s/);
    // The interval chosen by the arrow: the next follow-up is 4 months after today's (the day kept, or the
    // month's last).
    const now = new Date();
    const due = new Date(now.getFullYear(), now.getMonth() + 4, 1);
    due.setDate(Math.min(now.getDate(), new Date(due.getFullYear(), due.getMonth() + 1, 0).getDate()));
    await page.getByText(`Næste opfølgning: ${danish(due)}`).waitFor();

    // A dialogue meeting two weeks ago with the caseworker too: the meeting opened by Enter, the date
    // typed into its fields, the caseworker added by Space on their "one more", the meeting saved by Enter.
    const held = new Date();
    held.setDate(held.getDate() - 14);
    await tabTo(page, page.getByRole('link', { name: 'Tilføj mødet' }));
    await page.keyboard.press('Enter');
    const date = page.getByLabel('Dato', { exact: true });
    await date.waitFor();
    await tabTo(page, date);
    await typeDate(page, held);
    assert.equal(await date.inputValue(), iso(held), 'the date typed field by field');
    await tabTo(page, page.getByRole('button', { name: 'Én mere: Sagsbehandler' }));
    await page.keyboard.press('Space');
    assert.equal(await page.getByLabel('Sagsbehandler', { exact: true }).inputValue(), '1');
    await tabTo(page, page.getByLabel('Aftaler indtil næste møde'));
    await page.keyboard.type('MJ ringer til tandlægen');
    await tabTo(page, page.getByRole('button', { name: 'Gem mødet' }));
    await page.keyboard.press('Enter');
    const meetings = page.getByRole('region', { name: 'Møder' }).locator('ol li');
    await meetings.first().waitFor();
    assert.equal(await meetings.count(), 1);
    await page.getByRole('region', { name: 'Aftaler indtil næste møde' }).getByText('MJ ringer til tandlægen').waitFor();
    assert.match(await meetings.first().innerText(), new RegExp(`^${danish(held).replaceAll('.', '\\.')} kl\\. \\d\\d\\.\\d\\d, Dialogmøde: Borgeren, Personale fra tilbuddet, Sagsbehandler, referat: Personale fra tilbuddet$`));
    // The plan and its follow-up are still there after the meeting was added.
    await page.getByRole('heading', { level: 2, name: 'Mål 2: Tage bussen alene' }).waitFor();
    await snap(page, 'keyboard-plan');
  });
});

test('the caseworker imports a file, sorts the overview and opens a citizen by keyboard alone', async (t) => {
  await withPage(t, '/', async (page) => {
    // Listening for the file chooser from the start: Playwright intercepts it only once it listens.
    const chooser = page.waitForEvent('filechooser');
    chooser.catch(() => {}); // awaited below; a failure before then is the one to report
    // The first start's question answered by keyboard too: the caseworker's device.
    await tabTo(page, page.getByRole('button', { name: /Sagsbehandler/ }));
    await page.keyboard.press('Enter');
    // Its PIN and recovery code, by keyboard: typed, Enter, the code's last group typed back, Enter.
    await tabTo(page, page.locator('#pin-new'));
    await page.keyboard.type(STAFF_PIN);
    await tabTo(page, page.locator('#pin-again'));
    await page.keyboard.type(STAFF_PIN);
    await page.keyboard.press('Enter');
    const code = (await page.locator('.recovery-code').innerText()).trim();
    await tabTo(page, page.locator('#recovery-confirm'));
    await page.keyboard.type(code.split(/\s+/).at(-1));
    await page.keyboard.press('Enter');
    await page.locator('.recovery-card').waitFor({ state: 'detached' });
    const tile = page.getByRole('main').getByRole('link', { name: 'Indlæs filer' });
    await tabTo(page, tile);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Indlæs eksportfiler' }).waitFor();
    const start = page.getByRole('button', { name: 'Indlæs filerne' });
    assert.equal(await start.isDisabled(), true, 'no files chosen yet');
    // The file input by Tab, opened by Space; the chooser answered with a week of tablet A's records.
    await tabTo(page, page.getByLabel('Eksportfiler', { exact: true }));
    await page.keyboard.press('Space');
    await (await chooser).setFiles([join(ROOT, 'docs/examples/tablet-a-week-2.json')]);
    await tabTo(page, start);
    await page.keyboard.press('Enter');
    await page.getByText('tablet-a-week-2.json').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()), 'Indlæs filerne', 'the focus stays on the button');
    assert.match(await page.locator('ul.import-report').innerText(), /\d+ nye, 0 opdaterede, 0 havde du i forvejen\./);
    await tabTo(page, page.getByRole('link', { name: 'Se oversigten' }));
    await snap(page, 'keyboard-import-report');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Oversigt over borgerne' }).waitFor();

    // Both citizens of the file, by label first; the down arrow on the closed select sorts by the lowest
    // latest score (MJ's ORS 31.3 before AB's 34.3).
    const rows = page.locator('table.overview tbody tr');
    // The rows' citizens, once they are `expected` (the table is drawn again after a choice), else as they are.
    const order = async (expected) => {
      const now = async () => (await rows.locator('th').allInnerTexts()).map((text) => text.trim());
      for (let tries = 0; tries < 50 && JSON.stringify(await now()) !== JSON.stringify(expected); tries++) {
        await page.waitForTimeout(100);
      }
      return now();
    };
    await rows.nth(1).waitFor();
    assert.deepEqual(await order(['AB', 'MJ']), ['AB', 'MJ']);
    const cells = await rows.nth(1).locator('td').allInnerTexts();
    assert.equal(cells[0], 'Hus 2');
    assert.match(cells[1], /^31,3 \(ORS 14\.11\.2026, borgeren selv\)$/);
    assert.equal(cells[6], '27.02.2027', "MJ's next follow-up");
    const sort = page.getByLabel('Sortér efter');
    await tabTo(page, sort);
    await page.keyboard.press('ArrowDown');
    assert.equal(await sort.evaluate((select) => select.selectedOptions[0].textContent), 'Laveste seneste score først');
    assert.deepEqual(await order(['MJ', 'AB']), ['MJ', 'AB']);
    // "Vis" by typing the option's first letters: only the citizens with an alert, none (MJ's session scale
    // had a line at 8,5 but a total of 37,0: a talking point, not an alert); Home goes back to all.
    const show = page.getByLabel('Vis', { exact: true });
    await tabTo(page, show);
    await page.keyboard.type('Med a');
    assert.equal(await show.evaluate((select) => select.selectedOptions[0].textContent), 'Med advarsel');
    assert.deepEqual(await order([]), []);
    await page.keyboard.press('Home');
    assert.equal(await show.evaluate((select) => select.selectedOptions[0].textContent), 'Alle borgere');
    assert.deepEqual(await order(['MJ', 'AB']), ['MJ', 'AB']);
    await snap(page, 'keyboard-overview');

    // MJ's row opens MJ: the trajectory, the star, the plan; the numbers behind the chart open by Enter.
    await tabTo(page, rows.locator('th a', { hasText: 'MJ' }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'MJ' }).waitFor();
    assert.match(page.url(), /\/overview\/01010101-0101-4101-8101-010101010101$/);
    await page.locator('svg.trajectory').waitFor();
    await page.locator('svg.mastery-star').waitFor();
    await page.getByText('Tage bussen alene').first().waitFor();
    const numbers = page.locator('details', { has: page.getByText('Tallene bag grafen') }).first();
    await tabTo(page, numbers.locator('summary'));
    await page.keyboard.press('Enter');
    assert.equal(await numbers.evaluate((el) => el.open), true, 'Enter opens the numbers');
    assert.ok((await numbers.locator('table tbody tr').count()) > 0, 'the numbers are listed');
    await tabTo(page, page.getByRole('link', { name: 'Tilbage til oversigten' }));
    await snap(page, 'keyboard-caseworker-citizen');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Oversigt over borgerne' }).waitFor();
  });
});
