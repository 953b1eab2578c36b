// The PIN lock: a PIN at a shared device's first start, records encrypted at rest, wrong PINs backed
// off, locking when idle or hidden, citizen mode, which holds a citizen to the form they were handed, and
// a forgotten PIN, which the recovery code opens and which nobody at the tablet can turn into an erase.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { withPage, chooseFacility, snap, withAxe, axeViolations, STAFF_PIN, takeBack, staffPin } from './harness.mjs';
import { addCitizen, answerAllByKeyboard, meeting, rawStorage, startForm } from './flows.mjs';

const PIN = STAFF_PIN;
/// A facility's tablet as staff leave it after its first start: its PIN set; nothing typed for them here.
const facility = (page) => chooseFacility(page, { unlockAfterLoads: false });
// Long and unusual, so finding them in the raw storage cannot be chance.
const LABEL = 'Zebrafinke-Quokka';
const OTHER = 'Hvalros-Narhval';
const UNIT = 'Solsikkehuset Nord';

async function addCitizenNamed(page, label) {
  await page.getByRole('navigation').getByRole('link', { name: 'Borgere' }).click();
  await page.getByLabel('Initialer eller kode').fill(label);
  await page.getByLabel('Fødselsår').fill('1990');
  await page.getByLabel('Bosted eller enhed').fill(UNIT);
  await page.getByRole('button', { name: 'Tilføj borger' }).click();
  await page.locator('a.citizen-row', { hasText: label }).waitFor();
}

async function openSettings(page) {
  await page.getByRole('navigation').getByRole('link', { name: 'Indstillinger' }).click();
  await page.getByRole('heading', { level: 1, name: 'Indstillinger' }).waitFor();
}

async function unlock(page, pin = PIN) {
  await page.getByLabel('Pinkode', { exact: true }).fill(pin);
  await page.getByRole('button', { name: 'Lås op', exact: true }).click();
}

async function lockScreen(page) {
  await page.getByRole('heading', { level: 1, name: 'Tabletten er låst' }).waitFor();
}

test('a facility tablet asks for a PIN and its recovery code at first start, before anyone can be entered', async (t) => {
  await withPage(t, '/', async (page) => {
    await page.getByRole('button', { name: /Botilbud eller enhed/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Beskyt data med en pinkode' }).waitFor();
    await page.getByText('Derfor skal den have en pinkode, før der kan skrives noget om nogen', { exact: false }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Ikke nu' }).count(), 0, 'a facility cannot decline');
    // The register is not reachable: the menu leads back to the PIN.
    await page.getByRole('navigation').getByRole('link', { name: 'Borgere' }).click();
    await page.getByRole('heading', { level: 1, name: 'Beskyt data med en pinkode' }).waitFor();
    assert.equal(await page.locator('#citizen-label').count(), 0);
    assert.deepEqual(await axeViolations(page), [], 'the first start\'s PIN');

    // Digits only for a PIN of numbers; a passcode may have letters.
    await page.getByLabel('Ny pinkode (mindst 6 tegn)').fill('48291a');
    await page.getByLabel('Skriv den nye pinkode igen').fill('48291a');
    await page.getByRole('button', { name: 'Sæt pinkode' }).click();
    await page.getByText('En pinkode med tal må kun have cifre.', { exact: false }).waitFor();
    await page.getByLabel('Adgangskode med bogstaver og tal', { exact: false }).check();
    await page.getByLabel('Ny pinkode (mindst 8 tegn)').fill('hest-1234');
    await page.getByLabel('Skriv den nye pinkode igen').fill('hest-1234');
    await page.getByRole('button', { name: 'Sæt pinkode' }).click();

    // The recovery code, shown once: 5 groups of 5, confirmed by its last group.
    const code = (await page.locator('.recovery-code').innerText()).trim().split(/\s+/).join(' ');
    assert.match(code, /^([2-9A-HJ-NP-Z]{5} ){4}[2-9A-HJ-NP-Z]{5}$/);
    assert.deepEqual(await axeViolations(page), [], 'the recovery code');
    await snap(page, 'lock-first-start-recovery-code');
    const groups = code.split(' ');
    await page.getByLabel('Skriv den sidste gruppe (5 tegn)', { exact: false }).fill(groups[0]);
    await page.getByRole('button', { name: 'Jeg har skrevet koden ned' }).click();
    await page.getByText('Det er ikke den sidste gruppe.', { exact: false }).waitFor();
    let raw = await rawStorage(page);
    assert.ok(!raw.stores.meta.some((value) => value?.kdf), 'nothing stored before the code is confirmed');
    await page.getByLabel('Skriv den sidste gruppe (5 tegn)', { exact: false }).fill(groups[4].toLowerCase());
    await page.getByRole('button', { name: 'Jeg har skrevet koden ned' }).click();
    // The register asked for during the PIN step opens once it is set.
    await page.getByRole('heading', { level: 1, name: 'Borgere' }).waitFor();

    raw = await rawStorage(page);
    const lock = raw.stores.meta.find((value) => value?.kdf);
    assert.equal(lock.schema_version, 2);
    assert.ok(lock.recovery?.wrapped_key, 'the data key is wrapped by the recovery code too');
    assert.ok(!raw.text.includes(groups.join('')), 'the code itself is not stored');
    await addCitizenNamed(page, LABEL);
    raw = await rawStorage(page);
    assert.ok(!raw.text.includes(LABEL), 'the first citizen is stored encrypted');

    // The passcode opens the tablet with the whole keyboard.
    await page.reload();
    await lockScreen(page);
    // The field asks for the whole keyboard from its first frame: the kind is remembered from when the
    // passcode was set, not waited for from the database.
    assert.equal(await page.locator('#pin').getAttribute('inputmode'), 'text');
    await unlock(page, 'hest-1234');
    await page.locator('a.citizen-row', { hasText: LABEL }).waitFor();
  }, { beforeLoad: withAxe });
});

test('a personal device is offered a PIN and may say "not now"', async (t) => {
  await withPage(t, '/', async (page) => {
    await page.getByRole('button', { name: /Min egen enhed/ }).click();
    await page.getByText('Vil du beskytte dine svar med en pinkode?', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Ikke nu' }).click();
    await page.getByText('Der er ingen skemaer at svare på endnu.').waitFor();
    await page.reload();
    await page.getByText('Der er ingen skemaer at svare på endnu.').waitFor();
  });
});

test('with a PIN, a saved form is stored encrypted: no label, answer or unit in the raw storage', async (t) => {
  await withPage(t, '/', async (page) => {
    await facility(page);
    await addCitizenNamed(page, LABEL);
    let raw = await rawStorage(page);
    assert.ok((await page.locator('body').innerText()).includes(LABEL), 'on screen, where staff read it');
    await page.getByRole('navigation').getByRole('link', { name: 'Borgere' }).click();
    await page.locator('a.citizen-row', { hasText: LABEL }).click();
    await page.getByRole('link', { name: 'Borgeren selv' }).click();
    await startForm(page);
    await answerAllByKeyboard(page);
    await page.getByRole('button', { name: 'Færdig' }).click();
    await page.getByText('Din samlede score er 40,0 ud af 40,0.').waitFor();

    raw = await rawStorage(page);
    assert.equal(raw.stores.citizens.length, 1);
    assert.equal(raw.stores.responses.length, 1);
    for (const word of [LABEL, UNIT, 'individually', 'ors', '"items"', '"label"']) {
      assert.ok(!raw.text.includes(word), `"${word}" is readable in the stored data`);
    }
    const clear = new Set(['citizen_id', 'date', 'revision', 'exported_at', 'sealed']);
    for (const name of ['citizens', 'responses', 'drafts']) {
      for (const value of raw.stores[name]) {
        for (const field of Object.keys(value)) assert.ok(clear.has(field), `${name} keeps "${field}" in the clear`);
      }
    }
    const lock = raw.stores.meta.find((value) => value?.kdf);
    assert.equal(lock.kdf, 'pbkdf2-hmac-sha256');
    assert.equal(lock.iterations, 600000);

    // The encrypted records read back after a reload and the PIN; the tablet is still the citizen's
    // until staff take it back.
    await page.reload();
    await lockScreen(page);
    assert.ok(!(await page.locator('body').innerText()).includes(LABEL));
    const started = Date.now();
    await unlock(page);
    await page.getByRole('button', { name: 'Personale' }).waitFor();
    console.log(`unlock, PIN typed to the form on screen: ${Date.now() - started} ms`);
    await page.getByRole('button', { name: 'Personale' }).click();
    await unlock(page);
    await page.getByRole('heading', { level: 1, name: LABEL }).waitFor();
    const rows = page.locator('table.history tbody tr');
    await rows.first().waitFor();
    assert.match((await rows.allInnerTexts())[0], /\tORS\tBorgeren selv\t40,0\t/);
  });
});

test('wrong PINs are refused and, after three, make the next try wait; a reload does not reset the wait', async (t) => {
  await withPage(t, '/', async (page) => {
    await facility(page);
    await openSettings(page);
    await page.getByRole('navigation').getByRole('button', { name: 'Lås' }).click();
    await lockScreen(page);
    await unlock(page, '000000');
    await page.getByText('Forkert pinkode. Prøv igen.').waitFor();
    await unlock(page, '111111');
    await page.getByText('Forkert pinkode. Prøv igen.').waitFor();
    await unlock(page, '222222');
    await page.getByText(/Forkert pinkode for mange gange\. Prøv igen om (30|29|28) sekunder\./).waitFor();
    assert.ok(await page.getByRole('button', { name: 'Lås op', exact: true }).isDisabled());
    assert.deepEqual(await axeViolations(page), [], 'the lock screen with its wait');
    await snap(page, 'lock-wrong-pin-wait');
    await page.reload();
    await page.getByText(/Prøv igen om \d+ sekunder\./).waitFor();
    // The right PIN during the wait is not tried: the device's clock is moved past it instead.
    await page.clock.install();
    await page.clock.fastForward('00:35');
    await page.getByRole('button', { name: 'Lås op', exact: true }).waitFor({ state: 'visible' });
    await page.waitForFunction(() => !document.querySelector('.lock-screen button[type=submit]').disabled);
    await unlock(page);
    await page.getByRole('heading', { level: 1, name: 'Indstillinger' }).waitFor();
  }, { beforeLoad: withAxe });
});

test('an open device locks after the idle time, and at once when the app leaves the screen', async (t) => {
  await withPage(t, '/', async (page) => {
    await facility(page);
    await openSettings(page);
    await page.getByLabel('Lås automatisk efter').selectOption('2');
    await page.reload();
    await lockScreen(page);
    await unlock(page);
    await page.getByRole('heading', { level: 1, name: 'Indstillinger' }).waitFor();
    await addCitizenNamed(page, LABEL);

    await page.clock.install();
    // A key press restarts the idle time on the installed clock.
    await page.keyboard.press('Shift');
    await page.clock.runFor('01:50');
    assert.equal(await page.locator('a.citizen-row', { hasText: LABEL }).count(), 1, 'not locked before the time');
    await page.clock.runFor('00:15');
    await lockScreen(page);
    assert.ok(!(await page.locator('body').innerText()).includes(LABEL), 'nothing of the citizen on the lock screen');

    await unlock(page);
    await page.locator('a.citizen-row', { hasText: LABEL }).waitFor();
    await page.evaluate(() => {
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await lockScreen(page);
  });
});

/// The page hidden (the screen turned off, another app) and shown again.
async function hideAndShow(page) {
  for (const hidden of [true, false]) {
    await page.evaluate((hidden) => {
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
      document.dispatchEvent(new Event('visibilitychange'));
    }, hidden);
  }
}

test('a lock during a meeting comes back to the same step after the PIN: staff\'s view after the ORS, then the SRS', async (t) => {
  await withPage(t, '/', async (page) => {
    await facility(page);
    await addCitizenNamed(page, LABEL);
    await page.getByRole('navigation').getByRole('link', { name: 'Borgere' }).click();
    await page.locator('a.citizen-row', { hasText: LABEL }).click();
    await page.getByRole('link', { name: 'Borgeren selv' }).click();
    await page.locator('main button.primary.big').click();
    await answerAllByKeyboard(page);
    await page.getByRole('button', { name: 'Færdig' }).click();
    await page.getByRole('button', { name: 'Giv tabletten tilbage til medarbejderen' }).click();
    await staffPin(page);
    const next = page.getByRole('button', { name: /^Efter samtalen: giv tabletten/ });
    await next.waitFor();

    // The screen turns off during the conversation: locked, and after the PIN, staff's view again.
    await hideAndShow(page);
    await lockScreen(page);
    await unlock(page);
    await next.waitFor();
    assert.equal(await next.innerText(), 'Efter samtalen: giv tabletten til borgeren selv (SRS)');
    assert.equal(await page.getByRole('heading', { level: 1, name: /^Nyt skema/ }).count(), 0);
    await next.click();
    const srs = page.getByRole('heading', { level: 1, name: 'Session Rating Scale (SRS)' });
    await srs.waitFor();

    // Left on the SRS past the idle time (5 minutes by default): after the PIN, the SRS again.
    await page.clock.install();
    await page.keyboard.press('Shift');
    await page.clock.runFor('05:10');
    await lockScreen(page);
    await unlock(page);
    await srs.waitFor();
    await answerAllByKeyboard(page);
    await page.getByRole('button', { name: 'Færdig' }).click();
    await page.getByRole('button', { name: 'Giv tabletten tilbage til medarbejderen' }).click();
    await staffPin(page);
    await page.getByRole('button', { name: 'Afslut' }).click();
    await page.getByRole('heading', { level: 1, name: LABEL }).waitFor();
    const rows = page.locator('table.history tbody tr');
    await rows.nth(1).waitFor();
    const history = await rows.allInnerTexts();
    assert.match(history[0], /^1\t.*\tSRS\tBorgeren selv\t40,0\t/);
    assert.match(history[1], /^1\t.*\tORS\tBorgeren selv\t40,0\t/);
  });
});

test('citizen mode: a handed-over form is the only screen, whatever the address, the back button or the keyboard', async (t) => {
  await withPage(t, '/', async (page) => {
    await facility(page);
    await addCitizenNamed(page, OTHER);
    await addCitizenNamed(page, LABEL);
    await page.getByRole('navigation').getByRole('link', { name: 'Borgere' }).click();
    await page.locator('a.citizen-row', { hasText: LABEL }).click();
    await page.getByRole('link', { name: 'Borgeren selv' }).click();
    await startForm(page);
    const form = page.url();
    const onlyTheForm = async () => {
      await page.locator('[role=slider]').first().waitFor();
      assert.equal(page.url(), form);
      const text = await page.locator('body').innerText();
      assert.ok(!text.includes(OTHER), 'another citizen is visible');
      assert.equal(await page.getByRole('navigation').count(), 0, 'the menu is reachable');
    };
    await onlyTheForm();

    // The back button: staff's PIN is asked for; "back to the form" returns to it.
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: 'Personale: tag tabletten tilbage' }).waitFor();
    assert.equal(page.url(), form);
    assert.deepEqual(await axeViolations(page), [], 'the PIN screen for taking the tablet back');
    await page.getByRole('button', { name: 'Tilbage til skemaet' }).click();
    await onlyTheForm();

    // The keyboard: every Tab stop is the skip link, the language, the staff button or the form.
    const stops = [];
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press('Tab');
      stops.push(await page.evaluate(() => {
        const el = document.activeElement;
        return `${el.tagName} ${el.getAttribute('href') ?? ''} ${el.textContent.trim().slice(0, 30)}`;
      }));
    }
    for (const stop of stops) {
      if (stop.startsWith('A ')) assert.match(stop, /^A #main /, `a link leads away: ${stop}`);
    }

    // A typed address reloads the app: locked, and once staff open it, the same form is back.
    await page.goto(new URL('/citizens', form).href);
    await lockScreen(page);
    assert.ok(!(await page.locator('body').innerText()).includes(OTHER));
    await unlock(page);
    await onlyTheForm();
    await snap(page, 'lock-citizen-mode-form');

    // Staff take it back with the PIN and land on the citizen's page.
    await page.getByRole('button', { name: 'Personale' }).click();
    await page.getByLabel('Pinkode', { exact: true }).fill('999999');
    await page.getByRole('button', { name: 'Lås op', exact: true }).click();
    await page.getByText('Forkert pinkode. Prøv igen.').waitFor();
    await unlock(page);
    await page.getByRole('heading', { level: 1, name: LABEL }).waitFor();
    await page.getByRole('navigation').getByRole('link', { name: 'Borgere' }).click();
    await page.locator('a.citizen-row', { hasText: OTHER }).waitFor();
  }, { beforeLoad: withAxe });
});

/// Asks for an erase at the lock screen as anyone holding the tablet could, and checks that it only
/// waits: the time it becomes possible is shown, and there is nothing to erase with now.
async function askForErase(page) {
  await page.getByText('Glemt pinkoden?').click();
  assert.equal(await page.getByLabel('Skriv SLET for at bekræfte').count(), 0, 'no word erases at once');
  assert.equal(await page.getByRole('button', { name: 'Slet alt på tabletten' }).count(), 0);
  await page.getByRole('button', { name: 'Bed om at slette tabletten om 72 timer' }).click();
  const pending = page.locator('.erase-pending');
  await pending.waitFor();
  const text = await pending.innerText();
  assert.match(text, /Det kan tidligst ske \d\d\.\d\d\.\d{4} kl\. \d\d\.\d\d\./);
  const [, day, month, year, hour, minute] = text.match(/tidligst ske (\d\d)\.(\d\d)\.(\d{4}) kl\. (\d\d)\.(\d\d)/);
  const erasable = new Date(+year, +month - 1, +day, +hour, +minute);
  const hours = (erasable - Date.now()) / 3_600_000;
  assert.ok(hours > 71.9 && hours <= 72, `erasable in ${hours} hours`);
  assert.equal(await page.getByRole('button', { name: 'Slet alt på tabletten' }).count(), 0, 'nothing to erase with before the wait');
}

test('from the lock screen, an erase erases nothing: it waits 72 hours, and unlocking with the PIN cancels it', async (t) => {
  await withPage(t, '/', async (page) => {
    await facility(page);
    await addCitizenNamed(page, LABEL);
    await page.getByRole('navigation').getByRole('button', { name: 'Lås' }).click();
    await lockScreen(page);
    await askForErase(page);
    await snap(page, 'lock-erase-asked');
    // Still everything there, and still asked for after a reload: the lock screen says so.
    let raw = await rawStorage(page);
    assert.equal(raw.stores.citizens.length, 1);
    assert.ok(raw.stores.meta.some((value) => value?.kdf), 'the lock is still there');
    assert.ok(raw.stores.meta.some((value) => value?.requested_at), 'the request is stored');
    await page.reload();
    await lockScreen(page);
    await page.locator('.erase-pending').waitFor();

    await unlock(page);
    await page.getByText('Du har låst op med pinkoden, så sletningen er annulleret.', { exact: false }).waitFor();
    await page.getByRole('navigation').getByRole('link', { name: 'Borgere' }).click();
    await page.locator('a.citizen-row', { hasText: LABEL }).waitFor();
    raw = await rawStorage(page);
    assert.ok(!raw.stores.meta.some((value) => value?.requested_at), 'the request is gone');
    await page.getByRole('navigation').getByRole('button', { name: 'Lås' }).click();
    await lockScreen(page);
    assert.equal(await page.locator('.erase-pending').count(), 0);
  });
});

test('from citizen mode, a reload lands on the lock screen, and an erase asked for there erases nothing', async (t) => {
  await withPage(t, '/', async (page) => {
    await facility(page);
    await addCitizenNamed(page, LABEL);
    await page.locator('a.citizen-row', { hasText: LABEL }).click();
    await page.getByRole('link', { name: 'Borgeren selv' }).click();
    await startForm(page);
    await page.locator('[role=slider]').first().waitFor();
    // The citizen reloads: the tablet locks.
    await page.reload();
    await lockScreen(page);
    await askForErase(page);
    const raw = await rawStorage(page);
    assert.equal(raw.stores.citizens.length, 1, 'the citizen is still stored');
    // A day later nothing has changed; the request still waits.
    await page.clock.install();
    await page.clock.fastForward(24 * 3_600_000);
    await page.reload();
    await lockScreen(page);
    await page.locator('.erase-pending').waitFor();
    await page.getByText('Glemt pinkoden?').click();
    assert.equal(await page.getByRole('button', { name: 'Slet alt på tabletten' }).count(), 0);
    // Staff unlock: the form is the citizen's again, and the erase is off.
    await unlock(page);
    await startForm(page);
    await page.locator('[role=slider]').first().waitFor();
    await takeBack(page);
    await page.getByRole('heading', { level: 1, name: LABEL }).waitFor();
    assert.ok(!(await rawStorage(page)).stores.meta.some((value) => value?.requested_at));
  });
});

test('with nobody unlocking for 72 hours, the erase can go ahead and the tablet starts afresh', async (t) => {
  await withPage(t, '/', async (page) => {
    await facility(page);
    await addCitizenNamed(page, LABEL);
    await page.getByRole('navigation').getByRole('button', { name: 'Lås' }).click();
    await lockScreen(page);
    await askForErase(page);
    await page.clock.install();
    await page.clock.fastForward(72 * 3_600_000 + 60_000);
    await page.reload();
    await lockScreen(page);
    await page.getByText('Glemt pinkoden?').click();
    const erase = page.getByRole('button', { name: 'Slet alt på tabletten' });
    assert.ok(await erase.isDisabled(), 'not before the word is typed');
    await page.getByLabel('Skriv SLET for at bekræfte').fill('slet');
    await snap(page, 'lock-erase-device');
    await erase.click();
    await page.getByRole('button', { name: /Botilbud eller enhed/ }).waitFor();
    const raw = await rawStorage(page);
    assert.equal(raw.stores.citizens.length, 0);
    assert.ok(!raw.stores.meta.some((value) => value?.kdf), 'the lock is gone');
    assert.ok(!raw.text.includes(LABEL));
  });
});

test('a forgotten PIN: the recovery code opens the tablet with a new PIN, and nothing is lost', async (t) => {
  await withPage(t, '/', async (page) => {
    const code = await facility(page);
    await addCitizenNamed(page, LABEL);
    await page.getByRole('navigation').getByRole('button', { name: 'Lås' }).click();
    await lockScreen(page);
    await page.getByText('Glemt pinkoden?').click();
    // A typing mistake is caught before anything is tried.
    const mistyped = code.slice(0, -1) + (code.endsWith('2') ? '3' : '2');
    await page.getByLabel('Gendannelseskode').fill(mistyped);
    await page.locator('#recover-pin-new').fill('135790');
    await page.locator('#recover-pin-again').fill('135790');
    await page.getByRole('button', { name: 'Lås op med koden, og sæt den nye pinkode' }).click();
    await page.getByText('Et af tegnene er skrevet forkert.', { exact: false }).waitFor();
    await page.getByLabel('Gendannelseskode').fill(code.toLowerCase().replaceAll(' ', '-'));
    await page.getByRole('button', { name: 'Lås op med koden, og sæt den nye pinkode' }).click();
    await page.getByRole('navigation').getByRole('link', { name: 'Borgere' }).click();
    await page.locator('a.citizen-row', { hasText: LABEL }).waitFor();
    await page.reload();
    await lockScreen(page);
    await unlock(page, PIN);
    await page.getByText('Forkert pinkode. Prøv igen.').waitFor();
    await unlock(page, '135790');
    await page.locator('a.citizen-row', { hasText: LABEL }).waitFor();
  });
});

/// A share sheet that hides the page while it is open, as a tablet's does, and shares.
function shareSheetStub() {
  navigator.canShare = () => true;
  navigator.share = async () => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    document.dispatchEvent(new Event('visibilitychange'));
    await new Promise((shown) => setTimeout(shown, 300));
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => false });
    document.dispatchEvent(new Event('visibilitychange'));
  };
}

test('with a PIN, the export worker opens the sealed records, and sharing the file does not lock the tablet under the share sheet', async (t) => {
  await withPage(t, '/', async (page) => {
    await addCitizen(page);
    await meeting(page);
    await page.getByRole('navigation').getByRole('link', { name: 'Eksport' }).click();
    await page.getByLabel('Beskyt filen med en adgangskode').uncheck();
    await page.getByRole('button', { name: 'Lav eksportfilen' }).click();
    await page.getByText('Borgere i filen: 1. Skemaer i filen: 2.').waitFor();
    const downloaded = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Gem filen' }).click();
    const file = JSON.parse(readFileSync(await (await downloaded).path(), 'utf8'));
    assert.deepEqual(file.payload.citizens.map((citizen) => citizen.label), ['MJ']);
    assert.deepEqual(file.payload.responses.map((response) => response.instrument).sort(), ['ors', 'srs']);
    assert.deepEqual(file.payload.quarantine, []);
    // Marked exported in the sealed records' clear field, and read back so.
    await page.getByText('2 skemaer, 0 mestringsvurderinger, 0 planer og 0 møder er nu markeret som eksporteret.', { exact: false }).waitFor();

    // Everything again, shared: the share sheet hides the page, which would otherwise lock it.
    await page.getByLabel('Alt på tabletten').check();
    await page.getByRole('button', { name: 'Lav eksportfilen' }).click();
    await page.getByRole('button', { name: 'Del filen' }).click();
    await page.getByText('Filen er delt.', { exact: false }).waitFor();
    assert.equal(await page.getByRole('heading', { level: 1, name: 'Tabletten er låst' }).count(), 0);
  }, { beforeLoad: (page) => page.addInitScript(shareSheetStub) });
});
