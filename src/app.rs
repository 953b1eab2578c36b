//! The root component, the route table and the page frame.

use gloo::timers::callback::Timeout;
use mestring_core::device::DeviceMode;
use yew::prelude::*;
use yew_router::BrowserRouter;

use crate::browser;
use crate::components::header::Header;
use crate::components::notice_bar::NoticeBar;
use crate::components::update_bar::update_bar;
use crate::hooks::use_auto_lock::use_auto_lock;
use crate::hooks::use_records::use_new_records;
use crate::hooks::use_session::{Session, use_new_session, use_session};
use crate::i18n::Key;
use crate::kiosk;
use crate::lock::{self, LockStatus};
use crate::pages::citizen::CitizenPage;
use crate::pages::citizen_edit::CitizenEditPage;
use crate::pages::citizens::CitizensPage;
use crate::pages::export::ExportPage;
use crate::pages::import::ImportPage;
use crate::pages::lock::{PinPurpose, PinScreen};
use crate::pages::mastery::MasteryPage;
use crate::pages::mastery::rating::RatingPage;
use crate::pages::meeting::MeetingPage;
use crate::pages::not_found::NotFoundPage;
use crate::pages::overview::OverviewPage;
use crate::pages::overview::citizen::ImportedCitizenPage;
use crate::pages::plan::PlanPage;
use crate::pages::plan::editor::PlanEditPage;
use crate::pages::plan::follow_up::FollowUpPage;
use crate::pages::progress::ProgressPage;
use crate::pages::record_meeting::RecordMeetingPage;
use crate::pages::settings::{FirstPinPage, SettingsPage};
use crate::pages::setup::SetupPage;
use crate::pages::start::StartPage;
use crate::records::Records;
use crate::router::{Route, use_kiosk_guard, use_navigator, use_route};
use crate::state::Action;

#[component]
pub fn App() -> Html {
    let session = use_new_session();
    let records = use_new_records(&session);
    html! {
        <ContextProvider<Session> context={session}>
            <ContextProvider<Records> context={records}>
                <BrowserRouter>
                    <Frame />
                </BrowserRouter>
            </ContextProvider<Records>>
        </ContextProvider<Session>>
    }
}

/// Skip link, header, notices and the current page. Until a device mode is chosen, the page is the set-up;
/// while the device is locked, the PIN screen; while a citizen holds it, their form alone.
#[component]
fn Frame() -> Html {
    let session = use_session();
    let i18n = session.i18n();
    let route = use_route();
    let navigate = use_navigator();
    let lock = session.state().lock;
    let mode = session.state().settings.mode;
    let taking_back = session.state().taking_back;
    let held = session.state().held;
    // A rating by a citizen or a parent is theirs from its first screen; a meeting is once staff hand it over.
    let citizen_facing = held || kiosk::holds(&route);
    use_auto_lock();
    use_kiosk_guard({
        let session = session.clone();
        Callback::from(move |()| session.dispatch(Action::TakingBack(true)))
    });
    {
        // A page that replaced the link or button someone used leaves the focus nowhere (the top of
        // the page for the next Tab): it goes to the new page's content instead. Later, once the new
        // page has drawn; a focus a page set itself (the rating's heading) stays.
        let first = use_mut_ref(|| true);
        use_effect_with(route.clone(), move |_| {
            if !std::mem::replace(&mut *first.borrow_mut(), false) {
                Timeout::new(0, focus_main_if_lost).forget();
            }
        });
    }
    {
        // A device with a PIN holds a citizen to the rating they were handed.
        let session = session.clone();
        use_effect_with((route.clone(), lock), move |(route, lock)| {
            if *lock == Some(LockStatus::Open) && kiosk::holds(route) && kiosk::route().is_none() {
                session.hand_over(route);
            }
        });
    }
    {
        // Without a PIN there is nothing to guard the way out: leaving the form ends citizen mode.
        let session = session.clone();
        let on_form = matches!(route, Route::Meeting { .. } | Route::Rating { .. });
        use_effect_with((lock, on_form), move |(lock, on_form)| {
            if *lock == Some(LockStatus::NoPin) && !on_form {
                session.taken_back();
            }
        });
    }
    let pin_screen_here = taking_back && lock == Some(LockStatus::Open);
    // Locking takes the page away; asking for the PIN to end citizen mode only hides it, so "back to the
    // form" finds it as the citizen left it.
    let content = if lock == Some(LockStatus::Locked) {
        html! { <PinScreen purpose={PinPurpose::Unlock} on_done={Callback::noop()} /> }
    } else {
        match mode {
            None => html! { <SetupPage /> },
            // Its PIN before anything about a person can be entered.
            Some(_) if lock::asks_for_pin(&session.state().settings, lock) => {
                html! { <FirstPinPage /> }
            }
            Some(mode) => page(route.clone(), mode),
        }
    };
    let take_back_screen = pin_screen_here.then(|| {
        let on_done = {
            let (session, route) = (session.clone(), route.clone());
            Callback::from(move |()| {
                session.taken_back();
                session.dispatch(Action::TakingBack(false));
                navigate.emit(kiosk::staff_route_after(&route, mode));
            })
        };
        let on_cancel = {
            let session = session.clone();
            Callback::from(move |()| session.dispatch(Action::TakingBack(false)))
        };
        html! { <PinScreen purpose={PinPurpose::TakeBack} {on_done} {on_cancel} /> }
    });
    let on_dismiss = {
        let session = session.clone();
        Callback::from(move |()| session.dispatch(Action::DismissNotice))
    };
    let on_take_back = (held && !taking_back && lock == Some(LockStatus::Open)).then(|| {
        let session = session.clone();
        Callback::from(move |()| session.dispatch(Action::TakingBack(true)))
    });
    let staff_away = citizen_facing || lock == Some(LockStatus::Locked);
    html! {
        <>
            <a class="skip-link" href="#main">{ i18n.t(Key::AppSkipToContent) }</a>
            <Header citizen_facing={staff_away} {on_take_back} />
            <NoticeBar {i18n} notice={session.state().notice.clone()} {on_dismiss} />
            if session.state().update_ready && !staff_away {
                { update_bar(i18n) }
            }
            <main id="main" tabindex="-1">
                { take_back_screen }
                <div class="page-host" hidden={pin_screen_here}>{ content }</div>
            </main>
        </>
    }
}

fn focus_main_if_lost() {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return;
    };
    let lost = document
        .active_element()
        .is_none_or(|active| Some(&active) == document.body().as_deref());
    if lost {
        browser::focus("main");
    }
}

/// The route table: the page for `route`, where the device's mode has it; elsewhere, not found.
fn page(route: Route, mode: DeviceMode) -> Html {
    let register = mode.shows_register();
    let imports = mode.imports();
    match route {
        Route::Start => html! { <StartPage {mode} /> },
        Route::Meeting { id, rater } if register => {
            html! { <MeetingPage id={AttrValue::from(id)} rater={AttrValue::from(rater)} /> }
        }
        Route::Citizens if register => html! { <CitizensPage /> },
        Route::Citizen { id } if register => {
            html! { <CitizenPage id={AttrValue::from(id)} /> }
        }
        Route::CitizenEdit { id } if register => {
            html! { <CitizenEditPage id={AttrValue::from(id)} /> }
        }
        Route::Progress { id } if register => {
            html! { <ProgressPage id={AttrValue::from(id)} /> }
        }
        Route::Mastery { id } if register => {
            html! { <MasteryPage id={AttrValue::from(id)} /> }
        }
        Route::Rating { id, schema, rater } if register => html! {
            <RatingPage id={AttrValue::from(id)} schema={AttrValue::from(schema)} rater={AttrValue::from(rater)} />
        },
        Route::Plan { id } if register => html! { <PlanPage id={AttrValue::from(id)} /> },
        Route::PlanEdit { id } if register => {
            html! { <PlanEditPage id={AttrValue::from(id)} /> }
        }
        Route::RecordMeeting { id } if register => {
            html! { <RecordMeetingPage id={AttrValue::from(id)} /> }
        }
        Route::FollowUp { id } if register => {
            html! { <FollowUpPage id={AttrValue::from(id)} /> }
        }
        Route::Export if register => html! { <ExportPage /> },
        Route::Import if imports => html! { <ImportPage /> },
        Route::Overview if imports => html! { <OverviewPage /> },
        Route::OverviewCitizen { id } if imports => {
            html! { <ImportedCitizenPage id={AttrValue::from(id)} /> }
        }
        Route::Settings => html! { <SettingsPage /> },
        _ => html! { <NotFoundPage /> },
    }
}
