//! Staff hand results to the caseworker: choose what goes in, make the file, then save or share it.
//! Records are marked exported only once the file has left the app, so "new since the last export"
//! never skips a form that stayed behind.

mod minimise;

use std::rc::Rc;

use chrono::{DateTime, FixedOffset, NaiveDate};
use mestring_core::citizen::{Citizen, CitizenId};
use mestring_core::export::{Selection, sealed};
use mestring_core::fit::ResponseId;
use mestring_core::iso;
use mestring_core::mastery::{AssessmentId, PlanId};
use mestring_core::store::ExportedIds;
use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::browser::{self, JsonFile};
use crate::components::text_field::TextField;
use crate::hooks::use_app::UseAppHandle;
use crate::i18n::{I18n, Key};
use crate::state::Loaded;
use crate::worker::{self, Exported, WriteExport};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Choice {
    New,
    Citizen,
    Dates,
    Everything,
}

impl Choice {
    const ALL: [Choice; 4] = [
        Choice::New,
        Choice::Citizen,
        Choice::Dates,
        Choice::Everything,
    ];

    fn label(self) -> Key {
        match self {
            Choice::New => Key::ExportNew,
            Choice::Citizen => Key::ExportCitizen,
            Choice::Dates => Key::ExportDates,
            Choice::Everything => Key::ExportEverything,
        }
    }
}

/// What staff have entered so far; a selection once it is complete.
#[derive(Clone, PartialEq)]
struct Form {
    choice: Choice,
    citizen: Option<CitizenId>,
    from: String,
    to: String,
    /// Seal the file with a passphrase: on unless staff turn it off, as the file holds health data.
    seal: bool,
    passphrase: String,
    repeat: String,
}

impl Form {
    fn selection(&self) -> Option<Selection> {
        Some(match self.choice {
            Choice::New => Selection::NotYetExported,
            Choice::Everything => Selection::Everything,
            Choice::Citizen => Selection::Citizen {
                citizen_id: self.citizen?.uuid(),
            },
            Choice::Dates => {
                let (from, to) = self.dates()?;
                Selection::Dates { from, to }
            }
        })
    }

    /// What is wrong with the passphrase, in the order staff meet it.
    fn passphrase_problems(&self) -> (Option<Key>, Option<Key>) {
        if !self.seal {
            return (None, None);
        }
        let short = self.passphrase.chars().count() < sealed::MIN_PASSPHRASE_CHARS;
        let differs = self.repeat != self.passphrase;
        (
            short.then_some(Key::ExportPassphraseShort),
            (!short && differs).then_some(Key::ExportPassphraseDiffers),
        )
    }

    /// The passphrase to seal with: `Some(None)` for no seal, `None` while it is not right yet.
    fn seal_with(&self) -> Option<Option<String>> {
        match (self.seal, self.passphrase_problems()) {
            (false, _) => Some(None),
            (true, (None, None)) => Some(Some(self.passphrase.clone())),
            (true, _) => None,
        }
    }

    fn dates(&self) -> Option<(NaiveDate, NaiveDate)> {
        let (from, to) = (iso::parse_date(&self.from)?, iso::parse_date(&self.to)?);
        (from <= to).then_some((from, to))
    }
}

/// A written file waiting to be handed over, with the records to mark once it is.
struct Prepared {
    file: JsonFile,
    name: String,
    sealed: bool,
    ids: ExportedIds,
    /// Personal numbers masked in the unreadable records the file carries, which staff are told of.
    masked: usize,
    /// When the worker was asked, before it read the records: the mark they get, so a record changed
    /// while the file was on its way is newer than its mark and goes in the next export.
    read_at: DateTime<FixedOffset>,
}

impl Prepared {
    fn is_empty(&self) -> bool {
        let ExportedIds {
            citizens,
            responses,
            assessments,
            plans,
        } = &self.ids;
        citizens.is_empty() && responses.is_empty() && assessments.is_empty() && plans.is_empty()
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// The choice selects no records: no file is offered.
    Nothing,
    HandedOver {
        shared: bool,
        /// Forms, mastery ratings and plans marked exported.
        counts: [usize; 3],
    },
    NotShared,
    NotMarked,
    NotWritten,
}

#[derive(Properties, PartialEq)]
pub struct ExportPageProps {
    pub app: UseAppHandle,
}

#[component]
pub fn ExportPage(props: &ExportPageProps) -> Html {
    let app = &props.app;
    let i18n = app.i18n();
    let today = browser::now().date_naive().to_string();
    let form = use_state(|| Form {
        choice: Choice::New,
        citizen: None,
        from: today.clone(),
        to: today.clone(),
        seal: true,
        passphrase: String::new(),
        repeat: String::new(),
    });
    let prepared = use_state(|| None::<Rc<Prepared>>);
    let outcome = use_state(|| None::<Outcome>);
    let busy = use_state(|| false);
    {
        // A file made for another choice must not be handed over for this one.
        let (prepared, outcome) = (prepared.clone(), outcome.clone());
        use_effect_with((*form).clone(), move |_| {
            prepared.set(None);
            outcome.set(None);
        });
    }
    let citizens = match &app.state().citizens {
        Loaded::Ready(citizens) => citizens.clone(),
        Loaded::Loading => return html! { <p class="page">{ i18n.t(Key::AppLoading) }</p> },
        Loaded::Failed(kind) => {
            return html! { <p class="page notice notice-error" role="alert">{ i18n.store_error(*kind) }</p> };
        }
    };

    let ready = form.selection().zip(form.seal_with()).filter(|_| !*busy);
    let on_prepare = ready.map(|(selection, passphrase)| {
        let (prepared, outcome, busy) = (prepared.clone(), outcome.clone(), busy.clone());
        Callback::from(move |_: MouseEvent| {
            let (selection, passphrase) = (selection.clone(), passphrase.clone());
            let (prepared, outcome, busy) = (prepared.clone(), outcome.clone(), busy.clone());
            busy.set(true);
            outcome.set(None);
            spawn_local(async move {
                match prepare(selection, passphrase).await {
                    Some(file) if file.is_empty() => outcome.set(Some(Outcome::Nothing)),
                    Some(file) => prepared.set(Some(Rc::new(file))),
                    None => outcome.set(Some(Outcome::NotWritten)),
                }
                busy.set(false);
            });
        })
    });
    let hand_over = |share: bool| {
        let (app, prepared, outcome) = (app.clone(), prepared.clone(), outcome.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(file) = (*prepared).clone() else {
                return;
            };
            let (app, prepared, outcome) = (app.clone(), prepared.clone(), outcome.clone());
            spawn_local(async move {
                let handed = if share {
                    file.file.share().await
                } else {
                    file.file.save().map(|()| true)
                };
                let result = match handed {
                    Ok(true) => match app.mark_exported(&file.ids, file.read_at).await {
                        Ok(()) => Outcome::HandedOver {
                            shared: share,
                            counts: [
                                file.ids.responses.len(),
                                file.ids.assessments.len(),
                                file.ids.plans.len(),
                            ],
                        },
                        Err(_) => Outcome::NotMarked,
                    },
                    Ok(false) => Outcome::NotShared,
                    Err(detail) => {
                        browser::log_error(&detail);
                        Outcome::NotWritten
                    }
                };
                if matches!(result, Outcome::HandedOver { .. } | Outcome::NotMarked) {
                    prepared.set(None);
                }
                outcome.set(Some(result));
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
                            onchange={edit(&form, |form, choice| form.choice = choice).reform(move |_: Event| choice)}
                        />
                        { i18n.t(choice.label()) }
                    </label>
                }
            </fieldset>
            if form.choice == Choice::Citizen {
                { citizen_select(i18n, &citizens, form.citizen, edit(&form, |form, id| form.citizen = CitizenId::parse(&id))) }
            }
            if form.choice == Choice::Dates {
                <TextField
                    id="export-from"
                    kind="date"
                    label={i18n.t(Key::ExportFrom)}
                    value={form.from.clone()}
                    on_input={edit(&form, |form, text| form.from = text)}
                />
                <TextField
                    id="export-to"
                    kind="date"
                    label={i18n.t(Key::ExportTo)}
                    value={form.to.clone()}
                    problems={form.dates().map_or_else(|| vec![i18n.t(Key::ExportDatesInvalid).to_owned()], |_| Vec::new())}
                    on_input={edit(&form, |form, text| form.to = text)}
                />
            }
            { seal_fields(i18n, &form) }
            <button type="button" class="primary big" disabled={on_prepare.is_none()} onclick={on_prepare}>
                { i18n.t(if *busy { Key::ExportPreparing } else { Key::ExportPrepare }) }
            </button>
            // Announces the file and the outcome; a live region must be there before its content changes.
            <div aria-live="polite">
            if let Some(file) = &*prepared {
                <section class="card" aria-labelledby="export-ready">
                    <h2 id="export-ready">{ i18n.f(Key::ExportReady, &[("name", &file.name), ("size", &size_text(i18n, file.file.size()))]) }</h2>
                    <p>{ i18n.f(Key::ExportCounts, &[("citizens", &file.ids.citizens.len()), ("responses", &file.ids.responses.len()), ("assessments", &file.ids.assessments.len()), ("plans", &file.ids.plans.len())]) }</p>
                    if file.sealed {
                        <p>{ i18n.t(Key::ExportSealedNote) }</p>
                    }
                    if file.masked > 0 {
                        <p class="notice notice-update">{ i18n.f(Key::ExportMasked, &[("count", &file.masked)]) }</p>
                    }
                    <p>{ i18n.t(Key::ExportAdvice) }</p>
                    <button type="button" class="primary big" onclick={hand_over(false)}>{ i18n.t(Key::ExportSave) }</button>
                    if file.file.can_share() {
                        <button type="button" class="big" onclick={hand_over(true)}>{ i18n.t(Key::ExportShare) }</button>
                    }
                </section>
            }
            if let Some(outcome) = *outcome {
                { outcome_notice(i18n, outcome) }
            }
            </div>
            <minimise::DeleteExported app={app.clone()} />
        </section>
    }
}

/// The choice to seal the file, and the passphrase twice.
fn seal_fields(i18n: I18n, form: &UseStateHandle<Form>) -> Html {
    let (short, differs) = form.passphrase_problems();
    let problems = |problem: Option<Key>| {
        problem
            .map(|key| i18n.t(key).to_owned())
            .into_iter()
            .collect::<Vec<_>>()
    };
    html! {
        <>
            <label class="radio-choice">
                <input
                    type="checkbox"
                    checked={form.seal}
                    onchange={edit(form, |form, ()| form.seal = !form.seal).reform(|_: Event| ())}
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
                    problems={problems(short)}
                    on_input={edit(form, |form, text| form.passphrase = text)}
                />
                <TextField
                    id="export-passphrase-repeat"
                    kind="password"
                    label={i18n.t(Key::ExportPassphraseRepeat)}
                    value={form.repeat.clone()}
                    problems={problems(differs)}
                    on_input={edit(form, |form, text| form.repeat = text)}
                />
            } else {
                <p class="notice notice-error">{ i18n.t(Key::ExportUnsealedWarning) }</p>
            }
        </>
    }
}

/// A callback that applies `change` to the form.
fn edit<T: 'static>(form: &UseStateHandle<Form>, change: fn(&mut Form, T)) -> Callback<T> {
    let form = form.clone();
    Callback::from(move |value| {
        let mut next = (*form).clone();
        change(&mut next, value);
        form.set(next);
    })
}

/// Has the worker write the export of `selection` from what is stored now; `None` (with the reason
/// logged or reported) when it cannot be written.
async fn prepare(selection: Selection, passphrase: Option<String>) -> Option<Prepared> {
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
            masked,
        }) => match JsonFile::new(&name, &text) {
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
    format!("{} {unit}", i18n.tenths(tenths.round().max(1.0) as i64))
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
                    ("responses", &counts[0]),
                    ("assessments", &counts[1]),
                    ("plans", &counts[2]),
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
