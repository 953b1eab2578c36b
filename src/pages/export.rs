//! Staff hand results to the caseworker: choose what goes in, make the file, then save or share it.
//! Records are marked exported only once the file has left the app, so "new since the last export"
//! never skips a form that stayed behind.

mod minimise;
mod model;

use std::rc::Rc;

use mestring_core::citizen::{Citizen, CitizenId};
use mestring_core::export::Selection;
use mestring_core::fit::ResponseId;
use mestring_core::mastery::{AssessmentId, PlanId};
use mestring_core::meeting::MeetingId;
use mestring_core::store::ExportedIds;
use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use self::model::{Choice, Export, ExportAction, Outcome, PassphraseProblem, Prepared};
use crate::browser::{self, OutgoingFile};
use crate::components::text_field::TextField;
use crate::hooks::use_records::use_records;
use crate::hooks::use_session::use_session;
use crate::i18n::{Counted, I18n, Key};
use crate::state::Loaded;
use crate::worker::{self, Exported, WriteExport};

/// The page's model over the file a browser makes.
type ExportPageModel = Export<OutgoingFile>;

#[component]
pub fn ExportPage() -> Html {
    let session = use_session();
    let records = use_records();
    let i18n = session.i18n();
    let page = use_reducer(|| ExportPageModel::new(browser::now().date_naive()));
    let citizens = match &session.state().citizens {
        Loaded::Ready(citizens) => citizens.clone(),
        Loaded::Loading => return html! { <p class="page">{ i18n.t(Key::AppLoading) }</p> },
        Loaded::Failed(kind) => {
            return html! { <p class="page notice notice-error" role="alert">{ i18n.store_error(*kind) }</p> };
        }
    };
    let form = &page.form;
    let on_prepare = page.request().map(|(selection, passphrase)| {
        let page = page.dispatcher();
        Callback::from(move |_: MouseEvent| {
            let (selection, passphrase, page) =
                (selection.clone(), passphrase.clone(), page.clone());
            page.dispatch(ExportAction::Writing);
            spawn_local(async move {
                page.dispatch(match prepare(selection, passphrase).await {
                    Some(file) => ExportAction::Written {
                        file: Rc::new(file),
                    },
                    None => ExportAction::WriteFailed,
                });
            });
        })
    });
    let hand_over = |file: &Rc<Prepared<OutgoingFile>>, share: bool| {
        let (records, page, file) = (records.clone(), page.dispatcher(), Rc::clone(file));
        Callback::from(move |_: MouseEvent| {
            let (records, page, file) = (records.clone(), page.clone(), Rc::clone(&file));
            spawn_local(async move {
                let handed = if share {
                    file.file.share().await
                } else {
                    file.file.save().map(|()| true)
                };
                page.dispatch(match handed {
                    Ok(true) => match records.mark_exported(&file.ids, file.read_at).await {
                        Ok(()) => ExportAction::HandedOver {
                            file,
                            shared: share,
                        },
                        Err(_) => ExportAction::NotMarked { file },
                    },
                    Ok(false) => ExportAction::NotShared,
                    Err(detail) => {
                        browser::log_error(&detail);
                        ExportAction::HandOverFailed
                    }
                });
            });
        })
    };

    html! {
        <section class="page">
            <h1>{ i18n.t(Key::ExportTitle) }</h1>
            <p class="lead">{ i18n.t(Key::ExportLead) }</p>
            <fieldset class="choice-group">
                <legend>{ i18n.t(Key::ExportChoose) }</legend>
                for choice in Choice::ALL {
                    <label class="radio-choice">
                        <input
                            type="radio"
                            name="export-choice"
                            checked={form.choice == choice}
                            onchange={make_callback(&page, move |_: Event| ExportAction::Choose { choice })}
                        />
                        { i18n.t(choice_label(choice)) }
                    </label>
                }
            </fieldset>
            if form.choice == Choice::Citizen {
                { citizen_select(i18n, &citizens, form.citizen, make_callback(&page, |id| ExportAction::Citizen { id })) }
            }
            if form.choice == Choice::Dates {
                <TextField
                    id="export-from"
                    kind="date"
                    label={i18n.t(Key::ExportFrom)}
                    value={form.from.clone()}
                    on_input={make_callback(&page, |text| ExportAction::From { text })}
                />
                <TextField
                    id="export-to"
                    kind="date"
                    label={i18n.t(Key::ExportTo)}
                    value={form.to.clone()}
                    problems={form.dates().map_or_else(|| vec![i18n.t(Key::ExportDatesInvalid).to_owned()], |_| Vec::new())}
                    on_input={make_callback(&page, |text| ExportAction::To { text })}
                />
            }
            { seal_fields(i18n, &page) }
            <button type="button" class="primary big" disabled={on_prepare.is_none()} onclick={on_prepare}>
                { i18n.t(if page.is_writing() { Key::ExportPreparing } else { Key::ExportPrepare }) }
            </button>
            // Announces the file and the outcome; a live region must be there before its content changes.
            <div aria-live="polite">
            if let Some(file) = &page.prepared {
                <section class="card" aria-labelledby="export-ready">
                    <h2 id="export-ready">{ i18n.f(Key::ExportReady, &[("name", &file.name), ("size", &size_text(i18n, file.file.size()))]) }</h2>
                    <p>{ i18n.f(Key::ExportCounts, &[("citizens", &file.ids.citizens.len()), ("responses", &file.ids.responses.len()), ("assessments", &file.ids.assessments.len()), ("plans", &file.ids.plans.len()), ("meetings", &file.ids.meetings.len())]) }</p>
                    if file.sealed {
                        <p>{ i18n.t(Key::ExportSealedNote) }</p>
                    }
                    if file.masked > 0 {
                        <p class="notice notice-update">{ i18n.f(Key::ExportMasked, &[("count", &i18n.number(file.masked as i64))]) }</p>
                    }
                    <p>{ i18n.t(Key::ExportAdvice) }</p>
                    <button type="button" class="primary big" onclick={hand_over(file, false)}>{ i18n.t(Key::ExportSave) }</button>
                    if file.file.can_share() {
                        <button type="button" class="big" onclick={hand_over(file, true)}>{ i18n.t(Key::ExportShare) }</button>
                    }
                </section>
            }
            if let Some(outcome) = page.outcome {
                { outcome_notice(i18n, outcome) }
            }
            </div>
            <minimise::DeleteExported />
        </section>
    }
}

/// A callback that turns its value into an action on the page.
fn make_callback<E: 'static>(
    page: &UseReducerHandle<ExportPageModel>,
    action: impl Fn(E) -> ExportAction<OutgoingFile> + 'static,
) -> Callback<E> {
    page.dispatcher().to_callback().reform(action)
}

fn choice_label(choice: Choice) -> Key {
    match choice {
        Choice::New => Key::ExportNew,
        Choice::Citizen => Key::ExportCitizen,
        Choice::Dates => Key::ExportDates,
        Choice::Everything => Key::ExportEverything,
    }
}

/// The choice to seal the file, and the passphrase twice.
fn seal_fields(i18n: I18n, page: &UseReducerHandle<ExportPageModel>) -> Html {
    let form = &page.form;
    let problem = form.passphrase_problem();
    let problems = |shown: PassphraseProblem, key: Key| {
        (problem == Some(shown))
            .then(|| i18n.t(key).to_owned())
            .into_iter()
            .collect::<Vec<_>>()
    };
    html! {
        <>
            <label class="radio-choice">
                <input
                    type="checkbox"
                    checked={form.seal}
                    onchange={make_callback(page, |_: Event| ExportAction::ToggleSeal)}
                />
                { i18n.t(Key::ExportSeal) }
            </label>
            if form.seal {
                <TextField
                    id="export-passphrase"
                    kind="password"
                    label={i18n.t(Key::ExportPassphrase)}
                    hint={i18n.t(Key::ExportPassphraseHint)}
                    value={form.passphrase.clone()}
                    problems={problems(PassphraseProblem::Short, Key::ExportPassphraseShort)}
                    on_input={make_callback(page, |text| ExportAction::Passphrase { text })}
                />
                <TextField
                    id="export-passphrase-repeat"
                    kind="password"
                    label={i18n.t(Key::ExportPassphraseRepeat)}
                    value={form.repeat.clone()}
                    problems={problems(PassphraseProblem::Differs, Key::ExportPassphraseDiffers)}
                    on_input={make_callback(page, |text| ExportAction::Repeat { text })}
                />
            } else {
                <p class="notice notice-error">{ i18n.t(Key::ExportUnsealedWarning) }</p>
            }
        </>
    }
}

/// Has the worker write the export of `selection` from what is stored now; `None` (with the reason
/// logged or reported) when it cannot be written.
async fn prepare(
    selection: Selection,
    passphrase: Option<String>,
) -> Option<Prepared<OutgoingFile>> {
    let export_id = uuid::Builder::from_random_bytes(browser::random_bytes().ok()?).into_uuid();
    let sealed = passphrase.is_some();
    let read_at = browser::now();
    let request = WriteExport {
        selection,
        export_id: export_id.to_string(),
        passphrase,
    };
    let failed = |detail: &str| {
        browser::log_error(detail);
        None
    };
    match worker::ask(&request).await {
        Ok(Exported {
            name,
            text,
            citizens,
            responses,
            assessments,
            plans,
            meetings,
            masked,
        }) => match OutgoingFile::json(&name, &text) {
            Ok(file) => Some(Prepared {
                file,
                name,
                sealed,
                masked,
                ids: ExportedIds {
                    citizens: citizens
                        .iter()
                        .filter_map(|id| CitizenId::parse(id))
                        .collect(),
                    responses: responses
                        .iter()
                        .filter_map(|id| ResponseId::parse(id))
                        .collect(),
                    assessments: assessments
                        .iter()
                        .filter_map(|id| AssessmentId::parse(id))
                        .collect(),
                    plans: plans.iter().filter_map(|id| PlanId::parse(id)).collect(),
                    meetings: meetings
                        .iter()
                        .filter_map(|id| MeetingId::parse(id))
                        .collect(),
                },
                read_at,
            }),
            Err(detail) => failed(&detail),
        },
        Err(err) => failed(&err.to_string()),
    }
}

fn citizen_select(
    i18n: I18n,
    citizens: &[Citizen],
    chosen: Option<CitizenId>,
    on_choose: Callback<String>,
) -> Html {
    let onchange =
        on_choose.reform(|event: Event| event.target_unchecked_into::<HtmlSelectElement>().value());
    html! {
        <div class="field">
            <label for="export-citizen">{ i18n.t(Key::ExportWhichCitizen) }</label>
            <select id="export-citizen" {onchange}>
                <option value="" selected={chosen.is_none()}>{ i18n.t(Key::ExportPickCitizen) }</option>
                for citizen in citizens {
                    <option value={citizen.id.to_string()} selected={chosen == Some(citizen.id)}>
                        { format!("{} · {}", citizen.fields.label.as_str(), citizen.fields.unit.as_str()) }
                    </option>
                }
            </select>
        </div>
    }
}

/// The file's size in kB or MB (1000-based, as the figures a file manager shows).
fn size_text(i18n: I18n, bytes: f64) -> String {
    let (tenths, unit) = if bytes >= 1e6 {
        (bytes / 1e5, "MB")
    } else {
        (bytes / 1e2, "kB")
    };
    // A no-break space: the number and its unit stay on one line.
    format!(
        "{}\u{a0}{unit}",
        i18n.tenths(tenths.round().max(1.0) as i64)
    )
}

fn outcome_notice(i18n: I18n, outcome: Outcome) -> Html {
    let (class, text) = match outcome {
        Outcome::HandedOver { shared, counts } => (
            "notice",
            i18n.f(
                if shared {
                    Key::ExportShared
                } else {
                    Key::ExportSaved
                },
                &[
                    ("responses", &i18n.count(Counted::Forms, counts[0])),
                    ("assessments", &i18n.count(Counted::Assessments, counts[1])),
                    ("plans", &i18n.count(Counted::Plans, counts[2])),
                    ("meetings", &i18n.count(Counted::Meetings, counts[3])),
                ],
            ),
        ),
        Outcome::Nothing => (
            "notice notice-update",
            i18n.t(Key::ExportNothing).to_owned(),
        ),
        Outcome::NotShared => (
            "notice notice-update",
            i18n.t(Key::ExportNotShared).to_owned(),
        ),
        Outcome::NotMarked => (
            "notice notice-error",
            i18n.t(Key::ExportNotMarked).to_owned(),
        ),
        Outcome::NotWritten => (
            "notice notice-error",
            i18n.t(Key::ExportNotWritten).to_owned(),
        ),
    };
    html! { <p {class}>{ text }</p> }
}
