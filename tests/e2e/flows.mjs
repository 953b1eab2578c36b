// Steps that several end-to-end tests take on the way to what they test.
import { chooseFacility } from './harness.mjs';

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

/// Staff's set-up screen: today's date and the form for the age are preselected.
export async function startForm(page) {
  await page.getByRole('heading', { level: 1, name: /^Nyt skema/ }).waitFor();
  await page.getByRole('button', { name: 'Start skemaet' }).click();
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
