//! A meeting for one rater: the outcome scale, then after the conversation the session scale.
//! The page is a view over [`model::Meeting`]: it renders the screen the model is at and dispatches
//! what is done on it; storage (the forms, the kept step, set-up and answers) is read and written here.
//!
//! Staff set the meeting up (their screen) and hand the tablet over: citizen mode starts
//! ([`Session::hand_over`]). After each form the rater hands it back and staff's PIN is asked for, the
//! same way after every form, before staff's view; from there staff hand it to the next rater of the
//! same meeting (that rater's page, which opens on their next form) or finish.

mod answering;
mod model;
mod result;
mod setup;
mod step;

use chrono::NaiveDate;
use mestring_core::citizen::{Citizen, CitizenId};
use mestring_core::fit::{Kind, Rater, ResponseId};
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::browser;
use crate::components::draft_offer::DraftOffer;
use crate::hooks::use_draft::use_kept_draft;
use crate::hooks::use_records::use_records;
use crate::hooks::use_save::{UseSaveHandle, use_save};
use crate::hooks::use_session::{Session, use_session};
use crate::i18n::{I18n, Key};
use crate::instruments;
use crate::lock::{self, LockStatus};
use crate::pages::lock::{PinPurpose, PinScreen};
use crate::pages::lookup_citizen;
use crate::records::Records;
use crate::router::{Route, use_navigator};
use answering::AnsweringView;
use model::{Meeting, MeetingAction, Screen};
use result::StoredForm;
use setup::MeetingSetup;
use step::{set_up_key, short_name};

#[derive(Properties, PartialEq)]
pub struct MeetingPageProps {
    pub id: AttrValue,
    /// Who answers: `self`, `parent` or `staff`.
    pub rater: AttrValue,
}

#[component]
pub fn MeetingPage(props: &MeetingPageProps) -> Html {
    let i18n = use_session().i18n();
    let Some(rater) = Rater::from_code(&props.rater) else {
        return message(i18n, Key::NotFoundTitle);
    };
    if instruments::registry().is_none() {
        return message(i18n, Key::MeetingNoInstruments);
    }
    // Another citizen or rater is another meeting, with a model of its own.
    html! {
        <RaterMeeting key={format!("{}/{}", props.id, rater.code())} id={props.id.clone()} {rater} />
    }
}

#[derive(Properties, PartialEq)]
struct RaterMeetingProps {
    id: AttrValue,
    rater: Rater,
}

/// The step (which screen, which form) and the answers are kept whenever they change, so a reload or a
/// lock resumes at the same screen with the same form and its marks.
#[component]
fn RaterMeeting(props: &RaterMeetingProps) -> Html {
    let rater = props.rater;
    let session = use_session();
    let records = use_records();
    let i18n = session.i18n();
    let meeting = use_reducer(|| Meeting::new(rater));
    let save = use_save();
    let navigator = use_navigator();
    let answers_key = format!("meeting/{}/{}", props.id, rater.code());
    let step_key = step::key(&props.id, rater);
    // Staff's PIN asked for on this page: the rater handed the tablet back after a form.
    let asking_pin = use_state(|| false);
    use_kept_draft(
        &set_up_key(&props.id, rater),
        meeting.kept_set_up(),
        on_found(&meeting, |set_up, today| MeetingAction::FoundSetUp {
            set_up,
            today,
        }),
    );
    {
        let meeting = meeting.dispatcher();
        use_effect_with(session.state().held, move |&held| {
            meeting.dispatch(MeetingAction::Held {
                held,
                today: today(),
            });
        });
    }
    let kept_step = use_kept_draft(
        &step_key,
        meeting.kept_step(),
        on_found(&meeting, |step, today| MeetingAction::FoundStep {
            step,
            today,
        }),
    );
    use_kept_draft(
        &answers_key,
        meeting.form_draft(),
        on_found(&meeting, |draft, today| MeetingAction::FoundDraft {
            draft,
            today,
        }),
    );
    {
        let (records, meeting, id) = (records.clone(), meeting.dispatcher(), props.id.clone());
        use_effect_with(records.has_store(), move |open| {
            if let (true, Some(citizen)) = (*open, CitizenId::parse(&id)) {
                spawn_local(async move {
                    let forms = records.responses_of(citizen).await;
                    meeting.dispatch(MeetingAction::ReadForms {
                        forms,
                        today: today(),
                    });
                });
            }
        });
    }

    let citizen = match lookup_citizen(&session, &props.id) {
        Ok((_, citizen)) => citizen,
        Err(page) => return page,
    };
    // A citizen in easy-read (switched on by staff, part of their record) answering themself reads every
    // text in its easy-read version, one question on screen at a time, with pictures.
    // Someone else answering about the citizen (a parent, staff) reads the form's "me" as the citizen.
    let easy_read = rater == Rater::Oneself && citizen.easy_read;
    let citizen_i18n = i18n.for_rater(rater, easy_read);
    let act = |action: fn(NaiveDate) -> MeetingAction| {
        meeting
            .dispatcher()
            .to_callback()
            .reform(move |_: MouseEvent| action(today()))
    };
    let route = Route::Meeting {
        id: props.id.to_string(),
        rater: rater.code().to_owned(),
    };
    // Staff hand the tablet over for what `action` starts on this page.
    let handing_over = |action: Callback<MouseEvent>| {
        let (session, route) = (session.clone(), route.clone());
        Callback::from(move |click: MouseEvent| {
            action.emit(click);
            hand_over(&session, &route);
        })
    };
    if *asking_pin {
        let on_done = {
            let (session, meeting, asking_pin) =
                (session.clone(), meeting.dispatcher(), asking_pin.clone());
            Callback::from(move |()| {
                meeting.dispatch(MeetingAction::HandBack { today: today() });
                session.taken_back();
                asking_pin.set(false);
                browser::scroll_to_top();
                // The PIN's field goes with its screen: the focus goes to staff's view.
                browser::focus("main");
            })
        };
        let on_cancel = {
            let asking_pin = asking_pin.clone();
            Callback::from(move |()| asking_pin.set(false))
        };
        return html! { <PinScreen purpose={PinPurpose::TakeBack} {on_done} {on_cancel} /> };
    }
    match meeting.screen() {
        Screen::Loading => message(i18n, Key::AppLoading),
        Screen::Failed(kind) => {
            html! { <section class="page"><p class="notice notice-error">{ i18n.store_error(kind) }</p></section> }
        }
        Screen::NoInstruments => message(i18n, Key::MeetingNoInstruments),
        Screen::Setup => {
            let on_start = {
                let (session, meeting, route) =
                    (session.clone(), meeting.dispatcher(), route.clone());
                Callback::from(move |set_up| {
                    meeting.dispatch(MeetingAction::Start {
                        set_up,
                        today: today(),
                    });
                    hand_over(&session, &route);
                })
            };
            html! {
                <MeetingSetup {i18n} birth={citizen.fields.birth()} {rater} stored={meeting.stored().to_vec()} {on_start} />
            }
        }
        // Answers left without a step (on an earlier day, or by an older version) are offered, naming
        // their form, which is still the one that comes next.
        Screen::Offer { planned } => {
            let text = i18n.f(
                Key::MeetingDraftFound,
                &[
                    ("form", &short_name(planned.definition)),
                    ("meeting", &planned.meeting),
                ],
            );
            let on_resume = handing_over(act(|today| MeetingAction::ResumeOffered { today }));
            let on_discard = meeting
                .dispatcher()
                .to_callback()
                .reform(|_: MouseEvent| MeetingAction::SetAsideOffered);
            html! {
                <section class="page">
                    <DraftOffer {i18n} {text} {on_resume} {on_discard} />
                </section>
            }
        }
        Screen::Thanks {
            response,
            definition,
        } => {
            // On a device with a PIN staff's PIN comes first; without one staff have the tablet back at once.
            let on_hand_back = {
                let (session, meeting, asking_pin) =
                    (session.clone(), meeting.dispatcher(), asking_pin.clone());
                Callback::from(move |_: MouseEvent| {
                    if session.state().held && lock::status() == LockStatus::Open {
                        asking_pin.set(true);
                    } else {
                        meeting.dispatch(MeetingAction::HandBack { today: today() });
                        session.taken_back();
                    }
                })
            };
            StoredForm {
                i18n: citizen_i18n,
                citizen: &citizen,
                definition,
                response,
                stored: meeting.stored(),
            }
            .thanks_view(on_hand_back)
        }
        Screen::Staff {
            response,
            definition,
            next,
        } => {
            // The next rater is handed the tablet on their own page, which opens on their next form; this
            // rater's step goes, so theirs opens on their next form when they are handed it again.
            let next = next.map(|(next_rater, planned)| {
                let to = Route::Meeting {
                    id: props.id.to_string(),
                    rater: next_rater.code().to_owned(),
                };
                let (session, meeting, kept_step, navigator, same) = (
                    session.clone(),
                    meeting.dispatcher(),
                    kept_step.clone(),
                    navigator.clone(),
                    next_rater == rater,
                );
                let on_next = Callback::from(move |_: MouseEvent| {
                    if !same {
                        meeting.dispatch(MeetingAction::Finish);
                        kept_step.keep_now(None);
                    }
                    hand_over(&session, &to);
                    if !same {
                        navigator.emit(to.clone());
                    }
                });
                let text = i18n.f(
                    match planned.definition.kind() {
                        Kind::Outcome => Key::MeetingHandOver,
                        Kind::Session => Key::MeetingNextSession,
                    },
                    &[
                        ("rater", &i18n.rater_in_text(next_rater)),
                        ("form", &short_name(planned.definition)),
                    ],
                );
                (text, on_next)
            });
            // The meeting is over for this rater: nothing to come back to.
            let on_finish = {
                let (meeting, citizen_route) = (
                    meeting.dispatcher(),
                    Route::Citizen {
                        id: citizen.id.to_string(),
                    },
                );
                Callback::from(move |_: MouseEvent| {
                    meeting.dispatch(MeetingAction::Finish);
                    // The page may change before it is drawn again, which is what would let the step go.
                    kept_step.keep_now(None);
                    navigator.emit(citizen_route.clone());
                })
            };
            StoredForm {
                i18n,
                citizen: &citizen,
                definition,
                response,
                stored: meeting.stored(),
            }
            .staff_view(next, on_finish)
        }
        Screen::Answering(answering) => {
            let on_done = on_done(&session, &records, &meeting, &save, &citizen, answers_key);
            AnsweringView {
                i18n: citizen_i18n,
                rater,
                label: citizen.fields.label.as_str(),
                easy_read,
                answering,
                meeting: &meeting,
                save: &save,
                on_done,
            }
            .view()
        }
    }
}

/// Staff hand the tablet to the rater of the meeting at `route`: citizen mode starts, and the form starts
/// at the top of the page (staff may have scrolled down their screen to the button). Staff rating
/// themselves keep it: nothing to guard, no PIN to come back.
fn hand_over(session: &Session, route: &Route) {
    browser::scroll_to_top();
    let staff = matches!(route, Route::Meeting { rater, .. } if rater == Rater::Staff.code());
    if !staff {
        session.hand_over(route);
    }
}

/// "Done": the form stored if every item is answered (its draft deleted in the same transaction), else
/// the items unanswered named; a failed store leaves the form as it is.
fn on_done(
    session: &Session,
    records: &Records,
    meeting: &UseReducerHandle<Meeting>,
    save: &UseSaveHandle,
    citizen: &Citizen,
    answers_key: String,
) -> Callback<MouseEvent> {
    let (session, records, meeting, save, citizen_id) = (
        session.clone(),
        records.clone(),
        meeting.clone(),
        save.clone(),
        citizen.id,
    );
    Callback::from(move |_: MouseEvent| {
        if !meeting.is_complete() {
            return meeting.dispatch(MeetingAction::ShowMissing);
        }
        let ids = browser::random_bytes().and_then(|bytes| {
            Ok((
                ResponseId::from_random_bytes(bytes),
                records.new_record_meta()?,
            ))
        });
        let (id, meta) = match ids {
            Ok(ids) => ids,
            Err(err) => return session.report_store_error(&err),
        };
        let Some(response) = meeting.response(citizen_id, id, meta) else {
            return;
        };
        let (records, meeting, key, stored) = (
            records.clone(),
            meeting.dispatcher(),
            answers_key.clone(),
            response.clone(),
        );
        save.run(
            async move { records.add_response(stored, key).await },
            move || {
                meeting.dispatch(MeetingAction::Stored {
                    response,
                    today: today(),
                })
            },
        );
    })
}

/// What a read found, dispatched with the day it was found on.
fn on_found<T: 'static>(
    meeting: &UseReducerHandle<Meeting>,
    action: fn(T, NaiveDate) -> MeetingAction,
) -> Callback<T> {
    meeting
        .dispatcher()
        .to_callback()
        .reform(move |found| action(found, today()))
}

fn message(i18n: I18n, key: Key) -> Html {
    html! { <section class="page"><p>{ i18n.t(key) }</p></section> }
}

fn today() -> NaiveDate {
    browser::now().date_naive()
}
