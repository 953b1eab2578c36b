import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { withPage } from './harness.mjs';
import { walkScreens } from './flows.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
// The language switch names each language in itself, so these work whatever the UI language.
// `firstItem`: the ORS's first question, from the instruments' texts in that language.
const LANGUAGES = [
  { code: 'da', button: 'Dansk', firstItem: 'Mig selv' },
  { code: 'nb', button: 'Norsk bokmål', firstItem: 'Meg selv' },
  { code: 'en', button: 'English', firstItem: 'Me, personally' },
];

/// Runs axe-core on the page as it is and returns its violations, named after `screen`.
async function audit(page, screen) {
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    });
    return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  return violations.map((violation) => `${screen}: ${violation}`);
}

for (const lang of LANGUAGES) {
  test(`every screen passes axe in ${lang.code}`, async (t) => {
    await withPage(t, '/', async (page) => {
      const found = [];
      let firstItem = null;
      await walkScreens(page, lang.button, async (screen) => {
        found.push(...(await audit(page, screen)));
        if (screen === 'outcome scale, unanswered') {
          firstItem = await page
            .getByRole('slider')
            .first()
            .evaluate((slider) => document.getElementById(slider.getAttribute('aria-labelledby')).textContent.trim());
        }
      });
      assert.equal(await page.locator('html').getAttribute('lang'), lang.code);
      // The app's first load has the instruments in Danish only; another language brings them whole.
      assert.equal(firstItem, lang.firstItem);
      assert.deepEqual(found, []);
    }, { beforeLoad: (page) => page.addInitScript({ path: AXE }) });
  });
}
