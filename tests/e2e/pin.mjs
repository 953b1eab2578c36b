// Staff's PIN on a shared device: set at its first start, typed on the lock screen. Shared by the
// end-to-end tests (harness.mjs) and the browser benchmark (bench.mjs), which cannot import the harness
// (it registers node:test hooks).

/// The PIN staff give a shared device at its first start (a facility's or a caseworker's must have one).
export const STAFF_PIN = '482913';

/// Sets a PIN and its recovery code where the PIN is asked for (the first start, the settings), in any
/// language (by structure): the PIN twice, then the recovery code read off the screen and its last group
/// typed back, as staff who wrote it down would. Returns the code as shown (groups and spaces).
export async function setUpPin(page, pin = STAFF_PIN) {
  await page.locator('#pin-new').fill(pin);
  await page.locator('#pin-again').fill(pin);
  await page.locator('#pin-again').press('Enter');
  const code = (await page.locator('.recovery-code').innerText()).trim().split(/\s+/).join(' ');
  await page.locator('#recovery-confirm').fill(code.split(' ').at(-1));
  await page.locator('#recovery-confirm').press('Enter');
  await page.locator('.recovery-card').waitFor({ state: 'detached' });
  return code;
}

/// Types staff's PIN on the lock screen (or the one that ends citizen mode), in any language, and waits
/// until it has gone.
export async function staffPin(page, pin = STAFF_PIN) {
  const field = page.locator('.lock-screen #pin');
  await field.fill(pin);
  await field.press('Enter');
  await page.locator('.lock-screen').waitFor({ state: 'detached' });
}
