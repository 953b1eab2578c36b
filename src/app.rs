//! The root component, the routes and the page frame.

use gloo::timers::callback::Timeout;
use mestring_core::device::DeviceMode;
use yew::prelude::*;

use crate::browser;
use crate::components::header::Header;
use crate::components::notice_bar::NoticeBar;
use crate::components::update_bar::update_bar;
use crate::hooks::use_app::{UseAppHandle, use_app};
use crate::hooks::use_auto_lock::use_auto_lock;
use crate::hooks::use_taking_back::use_taking_back;
use crate::i18n::Key;
use crate::kiosk;
use crate::lock::{self, LockStatus};
use crate::pages::meeting::MeetingPage;
use crate::pages::not_found::NotFoundPage;
use crate::pages::setup::SetupPage;
use crate::pages::start::StartPage;
use crate::router::{BrowserRouter, Route, use_route};
use crate::state::Action;
use crate::tools::ToolsPage;

#[component]
pub fn App() -> Html {
    let app = use_app();
    // A first screen in Danish that turns Norwegian a moment later would be read out twice.
    if app.state().texts_pending {
        return Html::default();
    }
    html! {
        <BrowserRouter>
            <Frame {app} />
        </BrowserRouter>
    }
}

#[derive(Properties, PartialEq)]
struct FrameProps {
    app: UseAppHandle,
}

/// Skip link, header, notices and the current page. Until a device mode is chosen, the page is the set-up;
/// while the device is locked, the PIN screen; while a citizen holds it, their form alone.
#[component]
fn Frame(props: &FrameProps) -> Html {
    let app = &props.app;
    let i18n = app.i18n();
    let route = use_route();
    let lock = app.state().lock;
    let citizen_facing = matches!(route, Route::Meeting { .. } | Route::Rating { .. });
    use_auto_lock(app);
    {
        let app = app.clone();
        use_effect_with(citizen_facing, move |&citizen_facing| {
            if citizen_facing {
                app.dispatch(Action::HandOver);
            }
        });
    }
    {
        // A page that replaced the link or button someone used leaves the focus nowhere (the top of
        // the page for the next Tab): it goes to the new page's content instead. Later, so both Yew
        // apps have drawn the new page; a focus a page set itself (the rating's heading) stays.
        let first = use_mut_ref(|| true);
        use_effect_with(route.clone(), move |_| {
            if !std::mem::replace(&mut *first.borrow_mut(), false) {
                Timeout::new(0, focus_main_if_lost).forget();
            }
        });
    }
    let held = use_state(|| kiosk::route().is_some());
    {
        // A device with a PIN holds a citizen to the form they were handed.
        let held = held.clone();
        use_effect_with((route.clone(), lock), move |(route, lock)| {
            if *lock == Some(LockStatus::Open) && kiosk::holds(route) && kiosk::route().is_none() {
                kiosk::enter(route);
                held.set(true);
            }
        });
    }
    let taking_back = use_taking_back();
    {
        // Citizen mode ended (staff's PIN typed) or never had a PIN to guard it.
        let held = held.clone();
        use_effect_with((*taking_back, lock), move |(_, lock)| {
            if *lock == Some(LockStatus::NoPin) {
                kiosk::leave();
            }
            held.set(kiosk::route().is_some());
        });
    }
    // The PIN screens are staff's, in the tools app. Locking takes the page away; asking for the PIN to
    // end citizen mode only hides it, so "back to the form" finds it as the citizen left it. (The tools
    // app does the same for its own pages, such as the rating.)
    let content = if lock == Some(LockStatus::Locked) {
        html! { <ToolsPage i18n={app.i18n()} /> }
    } else {
        match app.state().settings.mode {
            None => html! { <SetupPage app={app.clone()} /> },
            // Its PIN (the tools app's screen) before anything about a person can be entered.
            Some(_) if lock::asks_for_pin(&app.state().settings, lock) => {
                html! { <ToolsPage i18n={app.i18n()} /> }
            }
            Some(mode) => switch(route.clone(), app, mode),
        }
    };
    let pin_screen_here =
        *taking_back && lock == Some(LockStatus::Open) && !matches!(route, Route::Rating { .. });
    let on_dismiss = {
        let app = app.clone();
        Callback::from(move |()| app.dispatch(Action::DismissNotice))
    };
    let staff_away = citizen_facing || lock == Some(LockStatus::Locked) || *held;
    html! {
        <>
            <a class="skip-link" href="#main">{ i18n.t(Key::AppSkipToContent) }</a>
            <Header
                app={app.clone()}
                citizen_facing={staff_away}
                on_take_back={(*held && !*taking_back && lock == Some(LockStatus::Open)).then_some(Callback::from(|()| kiosk::ask_take_back()))}
            />
            <NoticeBar {i18n} notice={app.state().notice.clone()} {on_dismiss} />
            if app.state().update_ready && !staff_away {
                { update_bar(i18n) }
            }
            <main id="main" tabindex="-1">
                if pin_screen_here {
                    <ToolsPage i18n={app.i18n()} />
                }
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

fn switch(route: Route, app: &UseAppHandle, mode: DeviceMode) -> Html {
    let app = app.clone();
    match route {
        Route::Start => html! { <StartPage {app} {mode} /> },
        Route::Meeting { id, rater } if mode.shows_register() => {
            html! { <MeetingPage {app} id={AttrValue::from(id)} rater={AttrValue::from(rater)} /> }
        }
        Route::Citizens
        | Route::Citizen { .. }
        | Route::CitizenEdit { .. }
        | Route::Progress { .. }
        | Route::Mastery { .. }
        | Route::Rating { .. }
        | Route::Plan { .. }
        | Route::PlanEdit { .. }
        | Route::FollowUp { .. }
            if mode.shows_register() =>
        {
            html! { <ToolsPage i18n={app.i18n()} /> }
        }
        Route::Export if mode.shows_register() => html! { <ToolsPage i18n={app.i18n()} /> },
        Route::Import | Route::Overview | Route::OverviewCitizen { .. } if mode.imports() => {
            html! { <ToolsPage i18n={app.i18n()} /> }
        }
        Route::Settings => html! { <ToolsPage i18n={app.i18n()} /> },
        Route::Export
        | Route::Import
        | Route::Overview
        | Route::OverviewCitizen { .. }
        | Route::Progress { .. }
        | Route::Mastery { .. }
        | Route::Rating { .. }
        | Route::Plan { .. }
        | Route::PlanEdit { .. }
        | Route::FollowUp { .. }
        | Route::Citizens
        | Route::Citizen { .. }
        | Route::CitizenEdit { .. }
        | Route::Meeting { .. }
        | Route::NotFound => {
            html! { <NotFoundPage {app} /> }
        }
    }
}
