import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withPage, chooseFacility, setUpPin, staffPin } from './harness.mjs';

const LANGUAGES = [
  { code: 'da', button: 'Dansk', setup: 'Hvordan skal enheden bruges?', citizens: 'Borgere' },
  { code: 'nb', button: 'Norsk bokmål', setup: 'Hvordan skal enheten brukes?', citizens: 'Brukere' },
  { code: 'en', button: 'English', setup: 'How will this device be used?', citizens: 'Citizens' },
];

test('a first start asks how the device is used, in Danish', async (t) => {
  await withPage(t, '/', async (page) => {
    await page.getByRole('heading', { level: 1, name: 'Hvordan skal enheden bruges?' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'da');
    assert.equal(await page.getByRole('button', { name: /Botilbud eller enhed|Min egen enhed|Sagsbehandler/ }).count(), 3);
  });
});

for (const lang of LANGUAGES) {
  test(`the start screen renders in ${lang.code}`, async (t) => {
    await withPage(t, '/', async (page) => {
      await page.getByRole('button', { name: lang.button }).click();
      await page.getByRole('heading', { level: 1, name: lang.setup }).waitFor();
      assert.equal(await page.locator('html').getAttribute('lang'), lang.code);

      await page.locator('button.choice').first().click();
      await setUpPin(page);
      await page.getByRole('heading', { level: 1, name: 'Mestring' }).waitFor();
      const nav = page.getByRole('navigation');
      await nav.getByRole('link', { name: lang.citizens }).waitFor();
      assert.equal(
        await page.getByRole('button', { name: lang.button }).getAttribute('aria-pressed'),
        'true',
      );
    });
  });
}

test('language and mode are remembered after a reload', async (t) => {
  await withPage(t, '/', async (page) => {
    await page.getByRole('button', { name: 'Norsk bokmål' }).click();
    await page.getByRole('button', { name: /Bolig eller enhet/ }).click();
    await setUpPin(page);
    await page.reload();
    await staffPin(page);
    await page.getByRole('heading', { level: 1, name: 'Mestring' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'nb');
    await page.getByRole('navigation').getByRole('link', { name: 'Brukere' }).waitFor();
  });
});

test('every language ships in the app: choosing one fetches nothing, and a reload shows it from the first screen', async (t) => {
  let fetched = [];
  await withPage(
    t,
    '/',
    async (page) => {
      await chooseFacility(page);
      fetched = [];
      await page.getByRole('button', { name: 'Norsk bokmål' }).click();
      await page.getByRole('navigation').getByRole('link', { name: 'Brukere' }).waitFor();
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('navigation').getByRole('link', { name: 'Citizens' }).waitFor();
      assert.deepEqual(fetched, [], 'nothing fetched for another language');

      await page.reload();
      await page.getByRole('navigation').getByRole('link', { name: 'Citizens' }).waitFor();
      // Every skip link the page ever showed, recorded as it appeared: English only, never Danish first.
      assert.deepEqual([...new Set(await page.evaluate(() => window.skipLinks))], ['Skip to content']);
    },
    {
      serviceWorkers: 'block',
      beforeLoad: async (page) => {
        page.on('request', (request) => fetched.push(request.url()));
        await page.addInitScript(() => {
          window.skipLinks = [];
          new MutationObserver(() => {
            const link = document.querySelector('a.skip-link');
            if (link) window.skipLinks.push(link.textContent);
          }).observe(document, { subtree: true, childList: true, characterData: true });
        });
      },
    },
  );
});

test('a personal device shows no register', async (t) => {
  await withPage(t, '/', async (page) => {
    await page.getByRole('button', { name: /Min egen enhed/ }).click();
    // A personal device is offered a PIN, and may decline it.
    await page.getByRole('button', { name: 'Ikke nu' }).click();
    await page.getByText('Der er ingen skemaer at svare på endnu.').waitFor();
    assert.equal(await page.getByRole('link', { name: 'Borgere' }).count(), 0);
    await page.goto(page.url().replace(/\/$/, '') + '/citizens');
    await page.getByRole('heading', { level: 1, name: 'Siden findes ikke' }).waitFor();
  });
});

test('an unknown address shows a way back', async (t) => {
  await withPage(t, '/', async (page) => {
    await chooseFacility(page);
    await page.goto(new URL('/nowhere', page.url()).href);
    await page.getByRole('heading', { level: 1, name: 'Siden findes ikke' }).waitFor();
    await page.getByRole('link', { name: 'Gå til start' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mestring' }).waitFor();
  });
});
