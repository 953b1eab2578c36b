// The ORS's four lines as SurveyJS sliders (0 to 10 in tenths, as the app's): SurveyJS's bare form, the
// baseline that tests/e2e/critical-path.mjs times the app's ORS against.
const line = (name, title) => ({ type: 'slider', name, title, isRequired: true, min: 0, max: 10, step: 0.1 });
const survey = new Survey.Model({
  title: 'Outcome Rating Scale (ORS)',
  elements: [
    line('individually', 'Mig selv'),
    line('interpersonally', 'Familie og mine nærmeste'),
    line('socially', 'Arbejde, skole og venner'),
    line('overall', 'Mit liv som helhed'),
  ],
});
survey.render(document.getElementById('survey'));
