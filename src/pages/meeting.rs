mod result;
mod setup;
mod step;

use chrono::NaiveDate;
use mestring_core::citizen::CitizenId;
use mestring_core::fit::definition::Scale;
use mestring_core::fit::meeting::{MeetingForm, MeetingStep, Step, planned, resume};
use mestring_core::fit::{Age, Definition, Rater, Response, ResponseId, Tenths};
use mestring_core::store::StoreErrorKind;
use serde::{Deserialize, Serialize};
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::browser;
use crate::components::draft_offer::DraftOffer;
use crate::components::face_choice::{FaceChoice, FaceOption};
use crate::components::read_aloud::ReadAloud;
use crate::components::vas_slider::VasSlider;
use crate::hooks::use_app::UseAppHandle;
use crate::hooks::use_save::use_save;
use crate::i18n::Key;
use crate::instruments;
use crate::pages::lookup_citizen;
use crate::router::{Route, use_navigator};
use result::StoredForm;
use setup::MeetingSetup;
use step::{StoredStep, short_name};

#[derive(Properties, PartialEq)]
pub struct MeetingPageProps {
    pub app: UseAppHandle,
    pub id: AttrValue,
    /// Who answers: `self`, `parent` or `staff`.
    pub rater: AttrValue,
}

/// The answers of an unfinished form, saved after every mark, with the set-up they were given under.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct FormDraft {
    #[serde(deserialize_with = "mestring_core::iso::date")]
    date: NaiveDate,
    form_age: Age,
    meeting: u32,
    instrument: String,
    version: u16,
    answers: Vec<Option<u16>>,
}

impl FormDraft {
    /// Whether these are answers to `form` of a meeting on `date`, one per item of `definition`.
    fn belongs_to(&self, form: &MeetingForm, date: NaiveDate, definition: &Definition) -> bool {
        self.meeting == form.meeting
            && self.instrument == form.instrument.as_str()
            && self.version == form.version.get()
            && self.date == date
            && self.answers.len() == definition.items().len()
    }

    fn marks(&self) -> Vec<Option<Tenths>> {
        self.answers
            .iter()
            .map(|answer| answer.map(Tenths::new))
            .collect()
    }
}

/// What the page has read from storage: the forms stored, and where the meeting was left.
#[derive(Clone, Debug, PartialEq)]
struct Found {
    stored: Vec<Response>,
    /// Answers without a step to go with (an earlier day's, or an older version's), to offer.
    offered: Option<FormDraft>,
}

/// A meeting for one rater: the outcome scale, then after the conversation the session scale.
/// The step (which screen, which form) is one piece of state, kept with the drafts whenever it changes,
/// so a reload or a lock resumes at the same screen with the same form; every mark is kept as a draft.
#[component]
pub fn MeetingPage(props: &MeetingPageProps) -> Html {
    let app = &props.app;
    let i18n = app.i18n();
    let found = use_state(|| None::<Result<Found, StoreErrorKind>>);
    let answers = use_state(Vec::<Option<Tenths>>::new);
    let step = use_state(|| None::<MeetingStep>);
    let attempted = use_state(|| false);
    // In easy-read one question is on screen at a time: which.
    let shown_item = use_state(|| 0usize);
    let save = use_save();
    let navigator = use_navigator();
    let draft_key = format!("meeting/{}/{}", props.id, props.rater);
    let rater = Rater::from_code(&props.rater);
    let step_key = rater.map(|rater| step::key(&props.id, rater));
    {
        let (app, found, step, answers, key, step_key) = (
            app.clone(),
            found.clone(),
            step.clone(),
            answers.clone(),
            draft_key.clone(),
            step_key.clone(),
        );
        use_effect_with(
            (props.id.clone(), props.rater.clone(), app.has_store()),
            move |(id, _, has_store)| {
                if let (Some(citizen), Some(rater), Some(step_key), Some(registry), true) = (
                    CitizenId::parse(id),
                    rater,
                    step_key,
                    instruments::registry(),
                    *has_store,
                ) {
                    spawn_local(async move {
                        let stored = match app.responses_of(citizen).await {
                            Ok(stored) => stored,
                            Err(kind) => return found.set(Some(Err(kind))),
                        };
                        let today = browser::now().date_naive();
                        let kept = app
                            .draft::<StoredStep>(&step_key)
                            .await
                            .and_then(|kept| kept.read(registry));
                        let resumed = kept
                            .clone()
                            .and_then(|kept| resume(kept, &stored, rater, today));
                        if resumed != kept {
                            match &resumed {
                                Some(resumed) => app.save_draft(step_key, &StoredStep::of(resumed)),
                                None => app.discard_draft(step_key),
                            }
                        }
                        let mut draft = app.draft::<FormDraft>(&key).await;
                        if let Some(MeetingStep {
                            date,
                            step: Step::Answering(form),
                            ..
                        }) = &resumed
                        {
                            let definition = registry
                                .get(form.instrument.as_str(), Some(form.version))
                                .ok();
                            // The answers given before the reload or the lock, back on the form at once.
                            if let Some(marks) = draft
                                .take()
                                .zip(definition)
                                .filter(|(draft, definition)| {
                                    draft.belongs_to(form, *date, definition)
                                })
                                .map(|(draft, _)| draft.marks())
                            {
                                answers.set(marks);
                            }
                        }
                        step.set(resumed);
                        found.set(Some(Ok(Found {
                            stored,
                            offered: draft,
                        })));
                    });
                }
            },
        );
    }

    let citizen = match lookup_citizen(app, &props.id) {
        Ok((_, citizen)) => citizen,
        Err(page) => return page,
    };
    let message = |key: Key| html! { <section class="page"><p>{ i18n.t(key) }</p></section> };
    let (Some(rater), Some(step_key)) = (rater, step_key) else {
        return message(Key::NotFoundTitle);
    };
    let Some(registry) = instruments::registry() else {
        return message(Key::MeetingNoInstruments);
    };
    let Found { stored, offered } = match &*found {
        None => return message(Key::AppLoading),
        Some(Err(kind)) => {
            return html! { <section class="page"><p class="notice notice-error">{ i18n.store_error(*kind) }</p></section> };
        }
        Some(Ok(found)) => found.clone(),
    };
    let citizen_route = Route::Citizen {
        id: citizen.id.to_string(),
    };
    // Moves the meeting on to `next` and keeps it, so a reload or a lock comes back to the same screen.
    let go = {
        let (app, step, step_key) = (app.clone(), step.clone(), step_key.clone());
        move |next: MeetingStep| {
            app.save_draft(step_key.clone(), &StoredStep::of(&next));
            step.set(Some(next));
        }
    };
    let setup_screen = {
        let (go, shown_item) = (go.clone(), shown_item.clone());
        let on_start = Callback::from(move |started: MeetingStep| {
            shown_item.set(0);
            go(started);
        });
        html! {
            <MeetingSetup {i18n} birth_year={citizen.fields.birth_year} {rater} stored={stored.clone()} {on_start} />
        }
    };

    let Some(current) = (*step).clone() else {
        // Answers left without a step (on an earlier day, or by an older version) are offered, naming
        // their form, if that form is still the one that comes next.
        let resumable = offered.as_ref().and_then(|draft| {
            planned(registry, &stored, rater, draft.date, draft.form_age)
                .filter(|planned| draft.belongs_to(&planned.form(), draft.date, planned.definition))
                .map(|planned| (draft.clone(), planned))
        });
        let Some((draft, planned)) = resumable else {
            return setup_screen;
        };
        let set_aside = {
            let (found, stored) = (found.clone(), stored.clone());
            move || {
                found.set(Some(Ok(Found {
                    stored: stored.clone(),
                    offered: None,
                })))
            }
        };
        let on_resume = {
            let (answers, go, set_aside, draft) = (
                answers.clone(),
                go.clone(),
                set_aside.clone(),
                draft.clone(),
            );
            Callback::from(move |_: MouseEvent| {
                answers.set(draft.marks());
                let today = browser::now().date_naive();
                go(MeetingStep::start(
                    draft.date,
                    draft.form_age,
                    &planned,
                    today,
                ));
                set_aside();
            })
        };
        let on_discard = {
            let (app, key) = (app.clone(), draft_key.clone());
            Callback::from(move |_: MouseEvent| {
                app.discard_draft(key.clone());
                set_aside();
            })
        };
        let text = i18n.f(
            Key::MeetingDraftFound,
            &[
                ("form", &short_name(planned.definition)),
                ("meeting", &planned.meeting),
            ],
        );
        return html! {
            <section class="page">
                <DraftOffer {i18n} {text} {on_resume} {on_discard} />
            </section>
        };
    };

    match &current.step {
        Step::Thanks(id) | Step::Staff(id) => {
            let Some(response) = stored.iter().find(|response| response.id == *id) else {
                return setup_screen;
            };
            let Ok(definition) = registry.get(response.instrument.as_str(), Some(response.version))
            else {
                return message(Key::MeetingNoInstruments);
            };
            let on_hand_back = {
                let (go, current, id) = (go.clone(), current.clone(), *id);
                Callback::from(move |_: MouseEvent| {
                    go(current.to(Step::Staff(id), browser::now().date_naive()))
                })
            };
            let next = current
                .session_after(registry, &stored, rater, response)
                .map(|planned| {
                    let (go, current, shown_item, form) = (
                        go.clone(),
                        current.clone(),
                        shown_item.clone(),
                        planned.form(),
                    );
                    let on_next = Callback::from(move |_: MouseEvent| {
                        shown_item.set(0);
                        go(current.to(Step::Answering(form.clone()), browser::now().date_naive()));
                    });
                    (short_name(planned.definition), on_next)
                });
            // The meeting is over for this rater: nothing to come back to. The screen stays as it is until
            // the page changes (staff's PIN may be asked for first, and "back to the form" finds it).
            let on_finish = {
                let app = app.clone();
                Callback::from(move |_: MouseEvent| {
                    app.discard_draft(step_key.clone());
                    navigator.emit(citizen_route.clone());
                })
            };
            let result = StoredForm {
                i18n,
                citizen: &citizen,
                definition,
                response,
                stored: &stored,
            };
            if matches!(current.step, Step::Staff(_)) {
                result.staff_view(next, on_finish)
            } else {
                result.thanks_view(on_hand_back)
            }
        }
        Step::Answering(form) => {
            let Ok(definition) = registry.get(form.instrument.as_str(), Some(form.version)) else {
                return message(Key::MeetingNoInstruments);
            };
            let date = current.date;
            let n_items = definition.items().len();

            let marks: Vec<Option<Tenths>> = if answers.len() == n_items {
                (*answers).clone()
            } else {
                vec![None; n_items]
            };
            let on_answer = |item_idx: usize| {
                let (app, answers, marks, key) = (
                    app.clone(),
                    answers.clone(),
                    marks.clone(),
                    draft_key.clone(),
                );
                let draft_of = {
                    let (form, form_age) = (form.clone(), current.form_age);
                    move |answers: &[Option<Tenths>]| FormDraft {
                        date,
                        form_age,
                        meeting: form.meeting,
                        instrument: form.instrument.as_str().to_owned(),
                        version: form.version.get(),
                        answers: answers
                            .iter()
                            .map(|answer| answer.map(Tenths::get))
                            .collect(),
                    }
                };
                Callback::from(move |value: Tenths| {
                    let mut next_answers = marks.clone();
                    next_answers[item_idx] = Some(value);
                    app.save_draft(key.clone(), &draft_of(&next_answers));
                    answers.set(next_answers);
                })
            };
            let missing: Vec<&str> = definition
                .items()
                .iter()
                .zip(&marks)
                .filter(|(_, answer)| answer.is_none())
                .map(|(item, _)| item.label().get(i18n.lang))
                .collect();
            let on_done = {
                let (app, save, answers, attempted, found, go) = (
                    app.clone(),
                    save.clone(),
                    answers.clone(),
                    attempted.clone(),
                    found.clone(),
                    go.clone(),
                );
                let (marks, stored, key, citizen_id, current) = (
                    marks.clone(),
                    stored.clone(),
                    draft_key.clone(),
                    citizen.id,
                    current.clone(),
                );
                let (instrument, version, kind, meeting) = (
                    definition.id().clone(),
                    definition.version(),
                    definition.kind(),
                    form.meeting,
                );
                Callback::from(move |_: MouseEvent| {
                    let Some(complete) = marks.iter().copied().collect::<Option<Vec<Tenths>>>()
                    else {
                        attempted.set(true);
                        return;
                    };
                    let ids = browser::random_bytes().and_then(|bytes| {
                        Ok((ResponseId::from_random_bytes(bytes), app.new_record_meta()?))
                    });
                    let (id, meta) = match ids {
                        Ok(ids) => ids,
                        Err(err) => return app.report_store_error(&err),
                    };
                    let response = Response {
                        id,
                        citizen_id,
                        meeting,
                        date,
                        instrument: instrument.clone(),
                        version,
                        kind,
                        rater,
                        answers: complete,
                        meta,
                    };
                    let (app, stored_response) = (app.clone(), response.clone());
                    let (answers, attempted, found, go, current, mut stored) = (
                        answers.clone(),
                        attempted.clone(),
                        found.clone(),
                        go.clone(),
                        current.clone(),
                        stored.clone(),
                    );
                    let key = key.clone();
                    save.run(
                        async move { app.add_response(stored_response, key).await },
                        move || {
                            stored.push(response.clone());
                            found.set(Some(Ok(Found {
                                stored,
                                offered: None,
                            })));
                            answers.set(Vec::new());
                            attempted.set(false);
                            go(current.to(Step::Thanks(response.id), browser::now().date_naive()));
                        },
                    );
                })
            };
            let is_child = definition
                .audience()
                .ages()
                .max()
                .is_some_and(|max| max.get() <= 12);
            let items: Vec<Html> = definition
                .items()
                .iter()
                .enumerate()
                .map(|(item_idx, item)| {
                    let id = AttrValue::from(format!("item-{}", item.id()));
                    let label = AttrValue::from(item.label().get(i18n.lang).to_owned());
                    let spoken = match definition.scale() {
                        Scale::Line => i18n.f(
                            Key::MeetingReadItem,
                            &[
                                ("label", &label),
                                ("low", &item.low().get(i18n.lang)),
                                ("high", &item.high().get(i18n.lang)),
                            ],
                        ),
                        Scale::Faces(faces) => {
                            let options: Vec<&str> = faces
                                .iter()
                                .map(|face| face.label().get(i18n.lang))
                                .collect();
                            format!("{label}. {}.", options.join(", "))
                        }
                    };
                    let read = html! { <ReadAloud {i18n} text={spoken} about={label.clone()} /> };
                    match definition.scale() {
                        Scale::Line => html! {
                            <VasSlider
                                {i18n}
                                {id}
                                {label}
                                low={item.low().get(i18n.lang).to_owned()}
                                high={item.high().get(i18n.lang).to_owned()}
                                value={marks[item_idx]}
                                faces={is_child}
                                on_change={on_answer(item_idx)}
                            >
                                { read }
                            </VasSlider>
                        },
                        Scale::Faces(faces) => html! {
                            <FaceChoice
                                {id}
                                {label}
                                options={faces.iter().map(|face| FaceOption {
                                    value: face.value(),
                                    label: face.label().get(i18n.lang).to_owned().into(),
                                }).collect::<Vec<_>>()}
                                value={marks[item_idx]}
                                on_change={on_answer(item_idx)}
                            >
                                { read }
                            </FaceChoice>
                        },
                    }
                })
                .collect();
            // A citizen in easy-read (switched on by staff in the tools) answers with bigger text and controls,
            // one question on screen at a time.
            let easy_read = rater == Rater::Oneself && app.state().settings.easy_read(citizen.id);
            let shown = (*shown_item).min(n_items.saturating_sub(1));
            let show = |item: usize| {
                let shown_item = shown_item.clone();
                Callback::from(move |_: MouseEvent| shown_item.set(item))
            };
            let last_shown = !easy_read || shown + 1 == n_items;
            let items: Html = if easy_read {
                html! {
                    <>
                        <p class="meeting-heading">{ i18n.f(Key::MeetingItemStep, &[("n", &(shown + 1)), ("total", &n_items)]) }</p>
                        { items.into_iter().nth(shown).unwrap_or_default() }
                        <div class="button-row">
                            if shown > 0 {
                                <button type="button" class="big" onclick={show(shown - 1)}>{ i18n.t(Key::MeetingItemPrevious) }</button>
                            }
                            if !last_shown {
                                <button type="button" class="primary big" onclick={show(shown + 1)}>{ i18n.t(Key::MeetingItemNext) }</button>
                            }
                        </div>
                    </>
                }
            } else {
                items.into_iter().collect()
            };
            html! {
                <section class={classes!("page", "meeting", easy_read.then_some("easy-read"))}>
                    <p class="meeting-heading">
                        { i18n.f(Key::MeetingHeading, &[("meeting", &form.meeting), ("date", &i18n.date(date))]) }
                        { " · " }
                        { i18n.rater(rater) }
                    </p>
                    <h1>{ definition.title().get(i18n.lang) }</h1>
                    <p class="lead">{ definition.instructions().get(i18n.lang) }</p>
                    <ReadAloud {i18n} text={definition.instructions().get(i18n.lang).to_owned()} about={definition.title().get(i18n.lang).to_owned()} />
                    { items }
                    if *attempted && !missing.is_empty() {
                        <p class="form-summary" role="alert">
                            { i18n.f(Key::MeetingMissing, &[("items", &missing.join(", "))]) }
                        </p>
                    }
                    if save.failed() {
                        <p class="form-summary" role="alert">{ i18n.t(Key::MeetingKept) }</p>
                    }
                    if last_shown {
                        <button type="button" class="primary big" disabled={save.saving()} onclick={on_done}>
                            { i18n.t(Key::MeetingDone) }
                        </button>
                    }
                </section>
            }
        }
    }
}
