mod result;
mod setup;

use chrono::NaiveDate;
use mestring_core::citizen::CitizenId;
use mestring_core::fit::definition::Scale;
use mestring_core::fit::{Age, Rater, Response, ResponseId, Tenths, next_form};
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
use setup::{MeetingSetup, Setup};

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

/// Where the rater is in the meeting.
#[derive(Clone, Debug, PartialEq)]
enum Phase {
    Answering,
    /// The form is stored; the rater sees a calm summary.
    Thanks(Response),
    /// Handed back: staff see the cut-off, the change and the alerts.
    Staff(Response),
}

/// A meeting for one rater: the outcome scale, then after the conversation the session scale.
/// Which scale and which version (by the rated person's age) comes from the core; every mark is kept as a draft.
#[component]
pub fn MeetingPage(props: &MeetingPageProps) -> Html {
    let app = &props.app;
    let i18n = app.i18n();
    let responses = use_state(|| None::<Result<Vec<Response>, StoreErrorKind>>);
    let answers = use_state(Vec::<Option<Tenths>>::new);
    let phase = use_state(|| Phase::Answering);
    let setup = use_state(|| None::<Setup>);
    let offered = use_state(|| None::<FormDraft>);
    let attempted = use_state(|| false);
    // In easy-read one question is on screen at a time: which.
    let shown_item = use_state(|| 0usize);
    let save = use_save();
    let navigator = use_navigator();
    let draft_key = format!("meeting/{}/{}", props.id, props.rater);
    {
        let (app, responses, offered, key) = (
            app.clone(),
            responses.clone(),
            offered.clone(),
            draft_key.clone(),
        );
        use_effect_with(
            (props.id.clone(), app.has_store()),
            move |(id, has_store)| {
                if let (Some(citizen), true) = (CitizenId::parse(id), *has_store) {
                    spawn_local(async move {
                        responses.set(Some(app.responses_of(citizen).await));
                        offered.set(app.draft::<FormDraft>(&key).await);
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
    let Some(rater) = Rater::from_code(&props.rater) else {
        return message(Key::NotFoundTitle);
    };
    let Some(registry) = instruments::registry() else {
        return message(Key::MeetingNoInstruments);
    };
    let stored = match &*responses {
        None => return message(Key::AppLoading),
        Some(Err(kind)) => {
            return html! { <section class="page"><p class="notice notice-error">{ i18n.store_error(*kind) }</p></section> };
        }
        Some(Ok(stored)) => stored.clone(),
    };
    let citizen_route = Route::Citizen {
        id: citizen.id.to_string(),
    };

    match &*phase {
        Phase::Thanks(response) | Phase::Staff(response) => {
            let Ok(definition) = registry.get(response.instrument.as_str(), Some(response.version))
            else {
                return message(Key::MeetingNoInstruments);
            };
            let staff = matches!(&*phase, Phase::Staff(_));
            let on_hand_back = {
                let (phase, response) = (phase.clone(), response.clone());
                Callback::from(move |_: MouseEvent| phase.set(Phase::Staff(response.clone())))
            };
            let on_next = {
                let (phase, shown_item) = (phase.clone(), shown_item.clone());
                Callback::from(move |_: MouseEvent| {
                    shown_item.set(0);
                    phase.set(Phase::Answering);
                })
            };
            let on_finish = Callback::from(move |_: MouseEvent| {
                navigator.emit(citizen_route.clone());
            });
            let result = StoredForm {
                i18n,
                citizen: &citizen,
                definition,
                response,
                stored: &stored,
            };
            if staff {
                result.staff_view(on_next, on_finish)
            } else {
                result.thanks_view(on_hand_back)
            }
        }
        Phase::Answering => {
            let Some(Setup { date, form_age }) = *setup else {
                let fits = |draft: &FormDraft| {
                    let next = next_form(&stored, rater, draft.date);
                    next.meeting == draft.meeting
                        && registry
                            .for_age(next.kind, draft.form_age)
                            .is_some_and(|definition| {
                                definition.id().as_str() == draft.instrument
                                    && definition.version().get() == draft.version
                                    && definition.items().len() == draft.answers.len()
                            })
                };
                if let Some(draft) = offered.as_ref().filter(|draft| fits(draft)) {
                    let on_resume = {
                        let (answers, offered, setup, draft) = (
                            answers.clone(),
                            offered.clone(),
                            setup.clone(),
                            draft.clone(),
                        );
                        Callback::from(move |_: MouseEvent| {
                            answers.set(
                                draft
                                    .answers
                                    .iter()
                                    .map(|answer| answer.map(Tenths::new))
                                    .collect(),
                            );
                            setup.set(Some(Setup {
                                date: draft.date,
                                form_age: draft.form_age,
                            }));
                            offered.set(None);
                        })
                    };
                    let on_discard = {
                        let (app, offered, key) = (app.clone(), offered.clone(), draft_key.clone());
                        Callback::from(move |_: MouseEvent| {
                            app.discard_draft(key.clone());
                            offered.set(None);
                        })
                    };
                    return html! {
                        <section class="page">
                            <DraftOffer {i18n} text={Key::MeetingDraftFound} {on_resume} {on_discard} />
                        </section>
                    };
                }
                let on_start = {
                    let setup = setup.clone();
                    Callback::from(move |chosen: Setup| setup.set(Some(chosen)))
                };
                return html! {
                    <MeetingSetup {i18n} birth_year={citizen.fields.birth_year} {rater} {stored} {on_start} />
                };
            };
            let next = next_form(&stored, rater, date);
            let Some(definition) = registry.for_age(next.kind, form_age) else {
                return html! {
                    <section class="page"><p>{ i18n.f(Key::MeetingAgeOutside, &[("age", &form_age)]) }</p></section>
                };
            };
            let n_items = definition.items().len();

            let current: Vec<Option<Tenths>> = if answers.len() == n_items {
                (*answers).clone()
            } else {
                vec![None; n_items]
            };
            let on_answer = |item_idx: usize| {
                let (app, answers, current, key) = (
                    app.clone(),
                    answers.clone(),
                    current.clone(),
                    draft_key.clone(),
                );
                let draft_of = {
                    let (meeting, instrument, version) = (
                        next.meeting,
                        definition.id().as_str().to_owned(),
                        definition.version().get(),
                    );
                    move |answers: &[Option<Tenths>]| FormDraft {
                        date,
                        form_age,
                        meeting,
                        instrument: instrument.clone(),
                        version,
                        answers: answers
                            .iter()
                            .map(|answer| answer.map(Tenths::get))
                            .collect(),
                    }
                };
                Callback::from(move |value: Tenths| {
                    let mut next_answers = current.clone();
                    next_answers[item_idx] = Some(value);
                    app.save_draft(key.clone(), &draft_of(&next_answers));
                    answers.set(next_answers);
                })
            };
            let missing: Vec<&str> = definition
                .items()
                .iter()
                .zip(&current)
                .filter(|(_, answer)| answer.is_none())
                .map(|(item, _)| item.label().get(i18n.lang))
                .collect();
            let on_done = {
                let (app, save, answers, attempted, phase, responses) = (
                    app.clone(),
                    save.clone(),
                    answers.clone(),
                    attempted.clone(),
                    phase.clone(),
                    responses.clone(),
                );
                let (current, stored, key, citizen_id) = (
                    current.clone(),
                    stored.clone(),
                    draft_key.clone(),
                    citizen.id,
                );
                let (instrument, version, kind) = (
                    definition.id().clone(),
                    definition.version(),
                    definition.kind(),
                );
                Callback::from(move |_: MouseEvent| {
                    let Some(complete) = current.iter().copied().collect::<Option<Vec<Tenths>>>()
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
                        meeting: next.meeting,
                        date,
                        instrument: instrument.clone(),
                        version,
                        kind,
                        rater,
                        answers: complete,
                        meta,
                    };
                    let (app, stored_response) = (app.clone(), response.clone());
                    let (answers, attempted, phase, responses, mut stored) = (
                        answers.clone(),
                        attempted.clone(),
                        phase.clone(),
                        responses.clone(),
                        stored.clone(),
                    );
                    let key = key.clone();
                    save.run(
                        async move { app.add_response(stored_response, key).await },
                        move || {
                            stored.push(response.clone());
                            responses.set(Some(Ok(stored)));
                            answers.set(Vec::new());
                            attempted.set(false);
                            phase.set(Phase::Thanks(response));
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
                                value={current[item_idx]}
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
                                value={current[item_idx]}
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
                        { i18n.f(Key::MeetingHeading, &[("meeting", &next.meeting), ("date", &i18n.date(date))]) }
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
