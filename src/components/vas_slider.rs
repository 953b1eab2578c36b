use mestring_core::fit::Tenths;
use web_sys::HtmlElement;
use yew::prelude::*;

use crate::components::face::face;
use crate::i18n::{I18n, Key};

#[derive(Properties, PartialEq)]
pub struct VasSliderProps {
    pub i18n: I18n,
    pub id: AttrValue,
    pub label: AttrValue,
    pub low: AttrValue,
    pub high: AttrValue,
    /// `None` until answered: the line starts with no mark, so an unanswered item is visibly unanswered.
    pub value: Option<Tenths>,
    /// Draw a sad and a happy face at the ends, for children.
    #[prop_or_default]
    pub faces: bool,
    pub on_change: Callback<Tenths>,
    /// Beside the question, e.g. the button that reads it aloud.
    #[prop_or_default]
    pub children: Html,
}

/// One item on a 10 cm line: tap or drag anywhere on it, or use the keyboard.
///
/// The value comes from where the pointer is on the drawn line itself, not on the padded touch area around it,
/// so a tap at the line's left end is 0.0 and at its right end 10.0. Keyboard: arrows move 0.1,
/// Page Up/Down and Shift+arrows 1.0, Home and End go to the ends; from no mark, a first step starts at 5.0.
#[component]
pub fn VasSlider(props: &VasSliderProps) -> Html {
    let i18n = props.i18n;
    let line = use_node_ref();
    let dragging = use_state(|| false);

    let mark_at = {
        let (line, on_change) = (line.clone(), props.on_change.clone());
        move |client_x: i32| {
            let Some(line) = line.cast::<HtmlElement>() else {
                return;
            };
            let rect = line.get_bounding_client_rect();
            if rect.width() <= 0.0 {
                return;
            }
            let fraction = (f64::from(client_x) - rect.left()) / rect.width();
            if let Ok(value) = Tenths::from_mark(fraction.clamp(0.0, 1.0)) {
                on_change.emit(value);
            }
        }
    };
    let onpointerdown = {
        let (mark_at, dragging) = (mark_at.clone(), dragging.clone());
        Callback::from(move |event: PointerEvent| {
            // Keep receiving moves even when the finger slides off the line.
            if let Some(target) = event.target_dyn_into::<web_sys::Element>() {
                let _ = target.set_pointer_capture(event.pointer_id());
            }
            dragging.set(true);
            mark_at(event.client_x());
        })
    };
    let onpointermove = {
        let (mark_at, dragging) = (mark_at.clone(), dragging.clone());
        Callback::from(move |event: PointerEvent| {
            if *dragging {
                mark_at(event.client_x());
            }
        })
    };
    let onpointerup = {
        let dragging = dragging.clone();
        Callback::from(move |_: PointerEvent| dragging.set(false))
    };
    let onkeydown = {
        let (value, on_change) = (props.value, props.on_change.clone());
        Callback::from(move |event: KeyboardEvent| {
            let big = if event.shift_key() { 10 } else { 1 };
            let current = i32::from(value.map_or(50, Tenths::get));
            let next = match event.key().as_str() {
                "ArrowRight" | "ArrowUp" => current + big,
                "ArrowLeft" | "ArrowDown" => current - big,
                "PageUp" => current + 10,
                "PageDown" => current - 10,
                "Home" => 0,
                "End" => 100,
                _ => return,
            };
            event.prevent_default();
            on_change.emit(Tenths::new(next.clamp(0, 100) as u16));
        })
    };

    let label_id = format!("{}-label", props.id);
    let shown = props.value.map(|value| i18n.tenths(value.get().into()));
    let value_text = match &shown {
        Some(points) => i18n.f(Key::MeetingValueText, &[("value", points)]),
        None => i18n.t(Key::MeetingNotAnswered).to_owned(),
    };
    let marker_left = props.value.map(|value| format!("left: {}%", value.get()));
    html! {
        <div class={classes!("vas", props.value.is_none().then_some("vas-unanswered"))}>
            <div class="item-head">
                <p class="vas-label" id={label_id.clone()}>{ props.label.clone() }</p>
                { props.children.clone() }
            </div>
            <div
                class="vas-track"
                role="slider"
                tabindex="0"
                aria-labelledby={label_id}
                aria-valuemin="0"
                aria-valuemax="10"
                aria-valuenow={props.value.map(|value| value.to_string())}
                aria-valuetext={value_text.clone()}
                {onpointerdown}
                {onpointermove}
                onpointerup={onpointerup.clone()}
                onpointercancel={onpointerup}
                {onkeydown}
            >
                <div class="vas-line" ref={line}>
                    if let Some(style) = marker_left {
                        <div class="vas-marker" {style}></div>
                    }
                </div>
            </div>
            <div class="vas-anchors" aria-hidden="true">
                <span>
                    if props.faces { { face(0) } }
                    { props.low.clone() }
                </span>
                <output class="vas-value">{ shown.unwrap_or_else(|| value_text.clone()) }</output>
                <span>
                    { props.high.clone() }
                    if props.faces { { face(4) } }
                </span>
            </div>
        </div>
    }
}
