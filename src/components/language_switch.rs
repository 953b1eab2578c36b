use mestring_core::lang::Lang;
use yew::prelude::*;

use crate::i18n::{I18n, Key, autonym};

#[derive(Properties, PartialEq)]
pub struct LanguageSwitchProps {
    pub i18n: I18n,
    pub on_change: Callback<Lang>,
}

/// One button per language, each named in its own language so everyone can find theirs.
#[component]
pub fn LanguageSwitch(props: &LanguageSwitchProps) -> Html {
    let current = props.i18n.lang;
    html! {
        <div class="language-switch" role="group" aria-label={props.i18n.t(Key::LanguageSwitchLabel)}>
            for lang in Lang::ALL {
                <button
                    type="button"
                    lang={lang.code()}
                    aria-pressed={(lang == current).to_string()}
                    onclick={props.on_change.reform(move |_| lang)}
                >
                    { autonym(lang) }
                </button>
            }
        </div>
    }
}
