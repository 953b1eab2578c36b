import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { withPage, snap } from './harness.mjs';
import { walkScreens } from './flows.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
// Screens kept as screenshots for each size; the checks run on every screen.
const SHOWN = new Set([
  'citizens, listed', 'meeting set-up', 'outcome scale, answered', 'staff view', 'young-child faces',
  'rating a domain', 'mastery, round shown', 'plan', 'overview', 'a citizen from the files',
]);
const SIZES = [
  { name: '10in-landscape', viewport: { width: 1280, height: 800 } },
  { name: '7in-portrait', viewport: { width: 600, height: 960 } },
  // A 10-inch tablet with text and page zoomed to 200 %: half as many CSS pixels.
  { name: 'zoom-200', viewport: { width: 640, height: 400 } },
];

/// Every control smaller than 44 × 44 CSS pixels; a radio button or checkbox counts with its label,
/// which takes the touch too.
function smallTargets() {
  const small = [];
  for (const el of document.querySelectorAll('button, a[href], input, select, textarea, [role=slider], [role=radio]')) {
    const own = el.getBoundingClientRect();
    if (own.width === 0 && own.height === 0) continue;
    const label = el.closest('label');
    const box = label && ['radio', 'checkbox'].includes(el.type) ? label.getBoundingClientRect() : own;
    if (box.width < 44 || box.height < 44) {
      const name = (el.getAttribute('aria-label') || el.textContent || el.id || el.type || '').trim().slice(0, 30);
      small.push(`${el.tagName.toLowerCase()} "${name}" ${Math.round(box.width)}×${Math.round(box.height)}`);
    }
  }
  return small;
}

for (const size of SIZES) {
  test(`every screen fits and has large targets: ${size.name}`, async (t) => {
    await withPage(t, '/', async (page) => {
      const found = [];
      await walkScreens(page, 'Dansk', async (screen) => {
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        if (overflow > 0) found.push(`${screen}: scrolls sideways by ${overflow}px`);
        found.push(...(await page.evaluate(smallTargets)).map((target) => `${screen}: ${target}`));
        if (SHOWN.has(screen)) await snap(page, `${size.name}-${screen.replace(/[^\w]+/g, '-')}`);
      });
      assert.deepEqual(found, []);
    }, { viewport: size.viewport, hasTouch: true });
  });
}

test('high contrast (prefers-contrast: more) reaches 7:1 on every screen', async (t) => {
  await withPage(t, '/', async (page) => {
    await page.emulateMedia({ contrast: 'more' });
    const found = [];
    await walkScreens(page, 'Dansk', async (screen) => {
      const violations = await page.evaluate(async () => {
        const result = await window.axe.run(document, { runOnly: ['color-contrast-enhanced'] });
        return result.violations.flatMap((v) => v.nodes.map((n) => `${n.target.join(' ')}: ${n.any[0]?.message ?? v.id}`));
      });
      found.push(...violations.map((violation) => `${screen}: ${violation}`));
      if (['outcome scale, answered', 'staff view', 'rating a domain', 'a citizen from the files'].includes(screen)) {
        await snap(page, `high-contrast-${screen.replace(/[^\w]+/g, '-')}`);
      }
    });
    assert.deepEqual(found, []);
  }, { beforeLoad: (page) => page.addInitScript({ path: AXE }) });
});
