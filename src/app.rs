//! The root component, the routes and the page frame.

use mestring_core::device::DeviceMode;
use yew::prelude::*;

use crate::components::header::Header;
use crate::components::notice_bar::NoticeBar;
use crate::components::update_bar::update_bar;
use crate::hooks::use_app::{UseAppHandle, use_app};
use crate::i18n::Key;
use crate::pages::citizen::CitizenPage;
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

/// Skip link, header, notices and the current page. Until the device's mode is chosen, the page is the set-up.
#[component]
fn Frame(props: &FrameProps) -> Html {
    let app = &props.app;
    let i18n = app.i18n();
    let route = use_route();
    let citizen_facing = matches!(route, Route::Meeting { .. } | Route::Rating { .. });
    {
        let app = app.clone();
        use_effect_with(citizen_facing, move |&citizen_facing| {
            if citizen_facing {
                app.dispatch(Action::HandOver);
            }
        });
    }
    let content = match app.state().settings.mode {
        None => html! { <SetupPage app={app.clone()} /> },
        Some(mode) => switch(route, app, mode),
    };
    let on_dismiss = {
        let app = app.clone();
        Callback::from(move |()| app.dispatch(Action::DismissNotice))
    };
    html! {
        <>
            <a class="skip-link" href="#main">{ i18n.t(Key::AppSkipToContent) }</a>
            <Header app={app.clone()} {citizen_facing} />
            <NoticeBar {i18n} notice={app.state().notice.clone()} {on_dismiss} />
            if app.state().update_ready && !citizen_facing {
                { update_bar(i18n) }
            }
            <main id="main" tabindex="-1">{ content }</main>
        </>
    }
}

fn switch(route: Route, app: &UseAppHandle, mode: DeviceMode) -> Html {
    let app = app.clone();
    match route {
        Route::Start => html! { <StartPage {app} {mode} /> },
        Route::Citizen { id } if mode.shows_register() => {
            html! { <CitizenPage {app} id={AttrValue::from(id)} /> }
        }
        Route::Meeting { id, rater } if mode.shows_register() => {
            html! { <MeetingPage {app} id={AttrValue::from(id)} rater={AttrValue::from(rater)} /> }
        }
        Route::Citizens
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
