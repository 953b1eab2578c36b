use gloo::events::EventListener;
use mestring_core::lang::Lang;
use web_sys::{SpeechSynthesis, SpeechSynthesisUtterance, SpeechSynthesisVoice};
use yew::prelude::*;

use crate::i18n::{I18n, Key};

#[derive(Properties, PartialEq)]
pub struct ReadAloudProps {
    pub i18n: I18n,
    /// What is read, in the language of `i18n`.
    pub text: AttrValue,
}

/// A button that reads the screen's text aloud with one of the device's own voices. A voice the browser
/// would fetch from a server never speaks: the text could be about someone's health. Without a local
/// voice for the language there is no button.
#[component]
pub fn ReadAloud(props: &ReadAloudProps) -> Html {
    let lang = props.i18n.lang;
    let voice = use_state(|| local_voice(lang));
    {
        // Browsers list their voices a moment after the page loads, and announce it.
        let voice = voice.clone();
        use_effect_with(lang, move |&lang| {
            voice.set(local_voice(lang));
            let listener = synthesis().map(|synthesis| {
                EventListener::new(&synthesis, "voiceschanged", move |_| {
                    voice.set(local_voice(lang))
                })
            });
            move || drop(listener)
        });
    }
    let Some(chosen) = (*voice).clone() else {
        return Html::default();
    };
    let onclick = {
        let text = props.text.clone();
        Callback::from(move |_: MouseEvent| speak(&chosen, &text))
    };
    html! {
        <button type="button" class="read-aloud" {onclick}>
            <span aria-hidden="true">{ "🔊 " }</span>{ props.i18n.t(Key::RatingReadAloud) }
        </button>
    }
}

fn synthesis() -> Option<SpeechSynthesis> {
    web_sys::window()?.speech_synthesis().ok()
}

/// The device's own voice for `lang`, if it has one.
fn local_voice(lang: Lang) -> Option<SpeechSynthesisVoice> {
    // Bokmål voices are tagged nb or no.
    let tags: &[&str] = match lang {
        Lang::Da => &["da"],
        Lang::Nb => &["nb", "no"],
        Lang::En => &["en"],
    };
    synthesis()?
        .get_voices()
        .iter()
        .filter_map(|voice| wasm_bindgen::JsCast::dyn_into::<SpeechSynthesisVoice>(voice).ok())
        .filter(|voice| voice.local_service())
        .find(|voice| {
            let tag = voice.lang().to_ascii_lowercase();
            tags.iter().any(|wanted| tag.starts_with(wanted))
        })
}

fn speak(voice: &SpeechSynthesisVoice, text: &str) {
    let (Some(synthesis), Ok(utterance)) =
        (synthesis(), SpeechSynthesisUtterance::new_with_text(text))
    else {
        return;
    };
    utterance.set_voice(Some(voice));
    utterance.set_lang(&voice.lang());
    // A second tap starts over rather than queueing the same text.
    synthesis.cancel();
    synthesis.speak(&utterance);
}
