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
  { name: '10in-portrait', viewport: { width: 800, height: 1280 } },
  { name: '7in-portrait', viewport: { width: 600, height: 960 } },
  // A 10-inch tablet in landscape with the page zoomed to 200 %: half as many CSS pixels, each drawn twice.
  { name: 'zoom-200', viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 },
];

/// Every element whose content is cut off or scrolls sideways inside it, and every element that reaches
/// past the window's edge: a whole page that fits can still hide a table's last columns in a scrolling
/// box, or a word cut off by a button. Form fields scroll their own text by nature and are left out, as
/// is what is deliberately out of sight (the skip link until it has focus, and what is read but not seen,
/// clipped to nothing, such as the overview's headings row when its rows stand as cards). Where content spills out of
/// a box that does not clip it, only text and boxes in the flow count: a mark placed on purpose across
/// an edge (the end of the answer line) does not.
function overflowingElements() {
  const found = [];
  const name = (el) => {
    const classes = [...el.classList].slice(0, 2).map((c) => `.${c}`).join('');
    const text = (el.getAttribute('aria-label') || el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 30);
    return `${el.tagName.toLowerCase()}${classes} "${text}"`;
  };
  const placed = (el) => ['absolute', 'fixed'].includes(getComputedStyle(el).position);
  // Whether text or a box in the flow ends past the right edge of `el`'s box.
  const spillsInFlow = (el, right) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
      acceptNode: (node) => (node.nodeType === Node.ELEMENT_NODE && placed(node) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
    });
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const range = document.createRange();
      range.selectNodeContents(node);
      const box = node.nodeType === Node.TEXT_NODE ? range.getBoundingClientRect() : node.getBoundingClientRect();
      if (box.width > 0 && box.right > right + 1) return true;
    }
    return false;
  };
  const unseen = (el) => {
    for (let at = el; at; at = at.parentElement) {
      if (getComputedStyle(at).clipPath === 'inset(50%)') return true;
    }
    return false;
  };
  const viewport = document.documentElement.clientWidth;
  const beyond = (el) => {
    const box = el.getBoundingClientRect();
    return (box.width > 0 || box.height > 0) && (box.right > viewport + 1 || box.left < -1);
  };
  for (const el of document.body.querySelectorAll('*')) {
    if (!(el instanceof HTMLElement) || el.closest('svg, .skip-link, input, textarea, select') || unseen(el)) continue;
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden' || style.display === 'inline') continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    // One pixel of rounding either way is not a cut-off.
    if (el.scrollWidth > el.clientWidth + 1 && (style.overflowX !== 'visible' || spillsInFlow(el, box.right))) {
      found.push(`${name(el)} holds ${el.scrollWidth}px in ${el.clientWidth}px (overflow ${style.overflowX})`);
    }
    if (style.overflowY !== 'visible' && el.scrollHeight > el.clientHeight + 1) {
      found.push(`${name(el)} cuts off or scrolls ${el.scrollHeight - el.clientHeight}px of its height`);
    }
    // The outermost box past the edge names the problem; its contents go with it.
    if (beyond(el) && !(el.parentElement && beyond(el.parentElement))) {
      found.push(`${name(el)} spans ${Math.round(box.left)}..${Math.round(box.right)} in a ${viewport}px window`);
    }
  }
  return found;
}

/// Controls closer than 8 CSS pixels to each other: a finger aimed at one lands on the other, and two
/// buttons that touch read as one. A control inside another (a link in a row) does not count.
function touchingControls() {
  const controls = [...document.querySelectorAll('button, a[href], select, [role=slider], .radio-choice, .toggle')]
    .filter((el) => !el.closest('.radio-choice, .toggle, .skip-link') || el.matches('.radio-choice, .toggle'))
    .map((el) => ({ el, box: el.getBoundingClientRect() }))
    .filter(({ box }) => box.width > 0 && box.height > 0);
  const name = (el) => `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') || el.textContent || '').trim().slice(0, 25)}"`;
  const found = [];
  for (const [idx, a] of controls.entries()) {
    for (const b of controls.slice(idx + 1)) {
      if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
      const gapX = Math.max(b.box.left - a.box.right, a.box.left - b.box.right);
      const gapY = Math.max(b.box.top - a.box.bottom, a.box.top - b.box.bottom);
      if (Math.max(gapX, gapY) < 8) found.push(`${name(a.el)} and ${name(b.el)} are ${Math.round(Math.max(gapX, gapY))}px apart`);
    }
  }
  return found;
}

/// Words broken across two lines although they would fit on one ("Indstillinge" / "r"): only a word
/// longer than its whole box may break.
function brokenWords() {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const box = node.parentElement.closest(':not(bdi, span, strong, em, b, a, abbr, code)');
    if (!box || box.closest('svg') || !node.parentElement.checkVisibility()) continue;
    const room = box.clientWidth - parseFloat(getComputedStyle(box).paddingLeft) - parseFloat(getComputedStyle(box).paddingRight);
    // A hyphen is a place to break ("USB-" / "stik"): the parts count as words.
    for (const match of node.data.matchAll(/[^\s-]+-?/g)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const lines = [...range.getClientRects()].filter((rect) => rect.width > 0);
      const width = lines.reduce((sum, rect) => sum + rect.width, 0);
      if (new Set(lines.map((rect) => Math.round(rect.top))).size > 1 && width <= room) {
        found.push(`"${match[0]}" breaks across lines in a ${Math.round(room)}px box`);
      }
    }
  }
  return found;
}

/// Links in the browser's default blue or purple rather than the app's colour.
function defaultColouredLinks() {
  const defaults = ['rgb(0, 0, 238)', 'rgb(85, 26, 139)', 'rgb(0, 0, 255)'];
  return [...document.querySelectorAll('a[href]')]
    .filter((a) => a.checkVisibility() && defaults.includes(getComputedStyle(a).color))
    .map((a) => `link "${a.textContent.trim().slice(0, 30)}" in the browser's default colour`);
}

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
        for (const check of [overflowingElements, touchingControls, brokenWords, defaultColouredLinks]) {
          found.push(...(await page.evaluate(check)).map((problem) => `${screen}: ${problem}`));
        }
        found.push(...(await page.evaluate(smallTargets)).map((target) => `${screen}: ${target}`));
        if (SHOWN.has(screen)) await snap(page, `${size.name}-${screen.replace(/[^\w]+/g, '-')}`);
      });
      assert.deepEqual(found, []);
    }, { viewport: size.viewport, deviceScaleFactor: size.deviceScaleFactor, hasTouch: true });
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
