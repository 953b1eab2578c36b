use yew::prelude::*;

use yew_router::Routable;

use crate::router::{Route, use_navigator, use_route};

#[derive(Properties, PartialEq)]
pub struct RouteLinkProps {
    pub to: Route,
    #[prop_or_default]
    pub class: Classes,
    #[prop_or_default]
    pub aria_label: Option<AttrValue>,
    pub children: Html,
}

/// A link within the app that tells screen readers when it points at the current page.
#[component]
pub fn RouteLink(props: &RouteLinkProps) -> Html {
    let navigate = use_navigator();
    let current = use_route();
    let onclick = {
        let to = props.to.clone();
        Callback::from(move |event: MouseEvent| {
            // A click with a modifier key is the browser's: a new tab or window.
            if !(event.ctrl_key() || event.meta_key() || event.shift_key() || event.alt_key()) {
                event.prevent_default();
                navigate.emit(to.clone());
            }
        })
    };
    let is_current = current == props.to;
    html! {
        <a
            href={props.to.to_path()}
            class={props.class.clone()}
            aria-label={props.aria_label.clone()}
            aria-current={is_current.then_some("page")}
            {onclick}
        >
            { props.children.clone() }
        </a>
    }
}
