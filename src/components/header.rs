use mestring_core::device::DeviceMode;
use yew::prelude::*;

use crate::components::language_switch::LanguageSwitch;
use crate::components::route_link::RouteLink;
use crate::hooks::use_session::use_session;
use crate::i18n::Key;
use crate::lock::LockStatus;
use crate::router::Route;

#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    /// A citizen holds the tablet, or it is locked: no menu; the language switch stays.
    pub citizen_facing: bool,
    /// A citizen is held to their form: staff take the tablet back with the PIN, from here.
    #[prop_or_default]
    pub on_take_back: Option<Callback<()>>,
}

/// The app's name, the menu for the device's mode and the language switch.
#[component]
pub fn Header(props: &HeaderProps) -> Html {
    let session = use_session();
    let i18n = session.i18n();
    let settings = &session.state().settings;
    let on_change = session.on_lang();
    let lock_now = {
        let session = session.clone();
        Callback::from(move |_| session.lock())
    };
    let nav = settings.mode.filter(|_| !props.citizen_facing).map(|mode| {
        html! {
            <nav aria-label={i18n.t(Key::AppNavLabel)}>
                <RouteLink to={Route::Start}>{ i18n.t(Key::NavStart) }</RouteLink>
                if DeviceMode::shows_register(mode) {
                    <RouteLink to={Route::Citizens}>{ i18n.t(Key::NavCitizens) }</RouteLink>
                    <RouteLink to={Route::Export}>{ i18n.t(Key::NavExport) }</RouteLink>
                }
                if DeviceMode::imports(mode) {
                    <RouteLink to={Route::Import}>{ i18n.t(Key::NavImport) }</RouteLink>
                    <RouteLink to={Route::Overview}>{ i18n.t(Key::NavOverview) }</RouteLink>
                }
                <RouteLink to={Route::Settings}>{ i18n.t(Key::NavSettings) }</RouteLink>
                if session.state().lock == Some(LockStatus::Open) {
                    <button type="button" class="nav-button" onclick={lock_now}>{ i18n.t(Key::NavLock) }</button>
                }
            </nav>
        }
    });
    let take_back = props.on_take_back.clone().map(|on_take_back| {
        html! {
            <button type="button" class="nav-button" onclick={move |_| on_take_back.emit(())}>
                { i18n.t(Key::NavStaff) }
            </button>
        }
    });
    html! {
        <header class="app-header">
            <span class="app-name">{ i18n.t(Key::AppName) }</span>
            { nav }
            { take_back }
            <LanguageSwitch {i18n} {on_change} />
        </header>
    }
}
