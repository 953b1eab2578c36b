//! Screens that the first form does not need (a citizen's page and details, export, settings, a citizen's trajectory, the
//! caseworker's import and overview, mastery schemas and the plan) live in a second Yew app, `src/bin/mestring-tools.rs`, which the browser
//! fetches only when one of them is opened: every page costs 15–20 KB gzip of Wasm, and the first load
//! is what stands between staff handing over the tablet and the citizen answering.
//!
//! The app shows [`ToolsPage`] for these routes: it loads the second app once (`/mestring-tools.js`, a
//! plain script whose exports `scripts/postbuild.mjs` names `globalThis.mestringTools`, and its styles,
//! `assets/tools.css`) and mounts it in its place. Both apps follow the address bar (`router`) and hear each other's changes to settings and
//! records (`browser::announce`), so they never show different languages or stale records.

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::components::notice_bar::NoticeBar;
use crate::hooks::use_app::{UseAppHandle, use_app};
use crate::hooks::use_taking_back::use_taking_back;
use crate::i18n::{I18n, Key};
use crate::kiosk;
use crate::lock::LockStatus;
use crate::on_demand::OnDemand;
use crate::pages::citizen::CitizenPage;
use crate::pages::citizen_edit::CitizenEditPage;
use crate::pages::citizens::CitizensPage;
use crate::pages::export::ExportPage;
use crate::pages::import::ImportPage;
use crate::pages::lock::{PinPurpose, PinScreen};
use crate::pages::mastery::MasteryPage;
use crate::pages::mastery::rating::RatingPage;
use crate::pages::overview::OverviewPage;
use crate::pages::overview::citizen::ImportedCitizenPage;
use crate::pages::plan::PlanPage;
use crate::pages::plan::due::DueList;
use crate::pages::plan::editor::PlanEditPage;
use crate::pages::plan::follow_up::FollowUpPage;
use crate::pages::progress::ProgressPage;
use crate::pages::settings::{FirstPinPage, SettingsPage};
use crate::router::{BrowserRouter, Route, use_navigator, use_route};
use crate::state::{Action, Notice};

static TOOLS: OnDemand = OnDemand {
    script: "/mestring-tools.js",
    wasm: "/mestring-tools_bg.wasm",
    // The name `scripts/postbuild.mjs` gives the script's exports.
    exports: "mestringTools",
    styles: Some("/tools.css"),
};

/// The second app's root: its own state and store, the notices, and the page for the route.
#[component]
pub fn ToolsApp() -> Html {
    let app = use_app();
    html! {
        <BrowserRouter>
            <ToolsFrame {app} />
        </BrowserRouter>
    }
}

#[derive(Properties, PartialEq)]
struct ToolsFrameProps {
    app: UseAppHandle,
}

#[component]
fn ToolsFrame(props: &ToolsFrameProps) -> Html {
    let app = props.app.clone();
    let on_dismiss = {
        let app = app.clone();
        Callback::from(move |()| app.dispatch(Action::DismissNotice))
    };
    let mode = app.state().settings.mode;
    let route = use_route();
    let navigate = use_navigator();
    let taking_back = use_taking_back();
    // On the start screen the tools add only what is due; the app around them shows the notices.
    let embedded = route == Route::Start;
    let page = if app.state().lock == Some(LockStatus::Locked) {
        html! { <PinScreen app={app.clone()} purpose={PinPurpose::Unlock} on_done={Callback::noop()} /> }
    } else {
        let pin_screen = taking_back.then(|| {
            let route = route.clone();
            let on_done = Callback::from(move |()| {
                kiosk::leave();
                kiosk::end_take_back();
                navigate.emit(kiosk::staff_route_after(&route, mode));
            });
            let on_cancel = Callback::from(|()| kiosk::end_take_back());
            html! { <PinScreen app={app.clone()} purpose={PinPurpose::TakeBack} {on_done} {on_cancel} /> }
        });
        // Hidden, not gone, while the PIN is asked for: the citizen may go back to it.
        html! {
            <>
                { pin_screen }
                <div class="page-host" hidden={*taking_back}>{ route_page(&app, route) }</div>
            </>
        }
    };
    // A stored citizen is confirmed by the app around the tools, which hears it announced and keeps it
    // when the tools leave the page (as after editing): shown here too, it would be read out twice. So
    // is what unlocking found, since the PIN screen leaves the page once the device is open.
    let notice = app.state().notice.clone().filter(|notice| {
        !matches!(
            notice,
            Notice::CitizenStored { .. } | Notice::EraseCancelled { .. } | Notice::NoRecoveryCode
        )
    });
    html! {
        <>
            if !embedded {
                <NoticeBar i18n={app.i18n()} {notice} {on_dismiss} />
            }
            { page }
        </>
    }
}

/// The tools' page for `route`, where the device's mode has it.
fn route_page(app: &UseAppHandle, route: Route) -> Html {
    let app = app.clone();
    let mode = app.state().settings.mode;
    if crate::lock::asks_for_pin(&app.state().settings, app.state().lock) {
        return html! { <FirstPinPage {app} /> };
    }
    let register = mode.is_some_and(|mode| mode.shows_register());
    let imports = mode.is_some_and(|mode| mode.imports());
    match route {
        Route::Start if register => html! { <DueList app={app.clone()} /> },
        Route::Export if register => html! { <ExportPage app={app.clone()} /> },
        Route::Citizens if register => html! { <CitizensPage app={app.clone()} /> },
        Route::Citizen { id } if register => {
            html! { <CitizenPage app={app.clone()} id={AttrValue::from(id)} /> }
        }
        Route::Progress { id } if register => {
            html! { <ProgressPage app={app.clone()} id={AttrValue::from(id)} /> }
        }
        Route::CitizenEdit { id } if register => {
            html! { <CitizenEditPage app={app.clone()} id={AttrValue::from(id)} /> }
        }
        Route::Mastery { id } if register => {
            html! { <MasteryPage app={app.clone()} id={AttrValue::from(id)} /> }
        }
        Route::Rating { id, schema, rater } if register => html! {
            <RatingPage app={app.clone()} id={AttrValue::from(id)} schema={AttrValue::from(schema)} rater={AttrValue::from(rater)} />
        },
        Route::Plan { id } if register => {
            html! { <PlanPage app={app.clone()} id={AttrValue::from(id)} /> }
        }
        Route::PlanEdit { id } if register => {
            html! { <PlanEditPage app={app.clone()} id={AttrValue::from(id)} /> }
        }
        Route::FollowUp { id } if register => {
            html! { <FollowUpPage app={app.clone()} id={AttrValue::from(id)} /> }
        }
        Route::Import if imports => html! { <ImportPage app={app.clone()} /> },
        Route::Overview if imports => html! { <OverviewPage app={app.clone()} /> },
        Route::OverviewCitizen { id } if imports => {
            html! { <ImportedCitizenPage app={app.clone()} id={AttrValue::from(id)} /> }
        }
        Route::Settings => html! { <SettingsPage app={app.clone()} /> },
        _ => html! {},
    }
}

#[derive(Properties, PartialEq)]
pub struct ToolsPageProps {
    pub i18n: I18n,
}

/// Where the second app's screens appear in the app: loading, then the second app, or what went wrong.
#[component]
pub fn ToolsPage(props: &ToolsPageProps) -> Html {
    let host = use_node_ref();
    let failed = use_state(|| false);
    {
        let (host, failed) = (host.clone(), failed.clone());
        use_effect_with((), move |_| {
            if let Some(host) = host.cast::<web_sys::Element>() {
                spawn_local(async move {
                    if let Err(err) = mount(&host).await {
                        crate::browser::log_error(&format!("the tools did not load: {err:?}"));
                        failed.set(true);
                    }
                });
            }
            || {
                let _ = TOOLS.call("unmount", &js_sys::Array::new());
            }
        });
    }
    let i18n = props.i18n;
    html! {
        if *failed {
            <p class="page notice notice-error" role="alert">{ i18n.t(Key::ToolsFailed) }</p>
        } else {
            <div ref={host} class="tools-host">
                <p class="page">{ i18n.t(Key::AppLoading) }</p>
            </div>
        }
    }
}

/// Loads the second app if no one has, then mounts it in `host`.
async fn mount(host: &web_sys::Element) -> Result<(), JsValue> {
    TOOLS.loaded().await?;
    // A placeholder left while the app was loading has nothing to show it in.
    if !host.is_connected() {
        return Ok(());
    }
    // The loading text goes; the second app renders into the emptied element.
    host.set_text_content(None);
    TOOLS.call("mount", &js_sys::Array::of1(host)).map(drop)
}
