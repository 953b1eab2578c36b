use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TextFieldProps {
    pub id: AttrValue,
    pub label: AttrValue,
    /// The input's `type`: `text`, or `date` for the browser's date picker.
    #[prop_or(AttrValue::Static("text"))]
    pub kind: AttrValue,
    /// The latest value a `date` input offers.
    #[prop_or_default]
    pub max: Option<AttrValue>,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    pub value: AttrValue,
    /// Problems with the value, already in the user's language.
    #[prop_or_default]
    pub problems: Vec<String>,
    /// The on-screen keyboard to show, e.g. `numeric`.
    #[prop_or_default]
    pub inputmode: Option<AttrValue>,
    /// Earlier values to suggest, e.g. the units already in use.
    #[prop_or_default]
    pub suggestions: Vec<String>,
    pub on_input: Callback<String>,
}

/// A labelled text input whose hint and problems are tied to it for screen readers.
#[component]
pub fn TextField(props: &TextFieldProps) -> Html {
    let id = &props.id;
    let hint_id = format!("{id}-hint");
    let problems_id = format!("{id}-problems");
    let list_id = format!("{id}-suggestions");
    let invalid = !props.problems.is_empty();
    let described_by = [
        props.hint.as_ref().map(|_| hint_id.clone()),
        invalid.then(|| problems_id.clone()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    let oninput = props
        .on_input
        .reform(|event: InputEvent| event.target_unchecked_into::<HtmlInputElement>().value());
    html! {
        <div class={classes!("field", invalid.then_some("field-invalid"))}>
            <label for={id.clone()}>{ props.label.clone() }</label>
            if let Some(hint) = &props.hint {
                <p class="field-hint" id={hint_id}>{ hint.clone() }</p>
            }
            <input
                id={id.clone()}
                type={props.kind.clone()}
                max={props.max.clone()}
                autocomplete="off"
                value={props.value.clone()}
                inputmode={props.inputmode.clone()}
                list={(!props.suggestions.is_empty()).then(|| list_id.clone())}
                aria-invalid={invalid.to_string()}
                aria-describedby={(!described_by.is_empty()).then_some(described_by)}
                {oninput}
            />
            if !props.suggestions.is_empty() {
                <datalist id={list_id}>
                    for suggestion in &props.suggestions {
                        <option value={suggestion.clone()} />
                    }
                </datalist>
            }
            if invalid {
                <ul class="field-problems" id={problems_id}>
                    for problem in &props.problems {
                        <li>{ problem }</li>
                    }
                </ul>
            }
        </div>
    }
}
