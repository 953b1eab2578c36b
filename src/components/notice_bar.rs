use yew::prelude::*;

use crate::i18n::{I18n, Key};
use crate::state::{CitizenChange, Notice};

#[derive(Properties, PartialEq)]
pub struct NoticeBarProps {
    pub i18n: I18n,
    pub notice: Option<Notice>,
    pub on_dismiss: Callback<()>,
}

/// The message about the last thing that happened, announced by screen readers.
/// The live region stays in the page so that a new message in it is read out.
#[component]
pub fn NoticeBar(props: &NoticeBarProps) -> Html {
    let i18n = props.i18n;
    let message = props.notice.as_ref().map(|notice| {
        let class = if notice.is_error() {
            "notice notice-error"
        } else {
            "notice"
        };
        html! {
            <div {class}>
                <p>{ text(i18n, notice) }</p>
                <button type="button" onclick={props.on_dismiss.reform(|_| ())}>
                    { i18n.t(Key::NoticeDismiss) }
                </button>
            </div>
        }
    });
    html! {
        <div class="notice-region" role="status" aria-live="polite">{ message }</div>
    }
}

fn text(i18n: I18n, notice: &Notice) -> Html {
    match notice {
        Notice::CitizenStored { label, change } => {
            let key = match change {
                CitizenChange::Added => Key::CitizensAdded,
                CitizenChange::Edited => Key::CitizensSaved,
                CitizenChange::Archived => Key::CitizensArchivedDone,
                CitizenChange::Restored => Key::CitizensRestoredDone,
            };
            i18n.with_typed(key, "label", label)
        }
        Notice::SettingsNotSaved => html! { i18n.t(Key::StoreSettingsFailed) },
        Notice::SettingsUnreadable => html! { i18n.t(Key::StoreSettingsUnreadable) },
        Notice::StoreFailed { kind } => html! { i18n.store_error(*kind) },
        Notice::EraseCancelled { requested_on } => {
            html! { i18n.f(Key::NoticeEraseCancelled, &[("date", &i18n.date(*requested_on))]) }
        }
        Notice::NoRecoveryCode => html! { i18n.t(Key::NoticeNoRecoveryCode) },
    }
}
