//! The print button of a citizen's page, and what every printed page of it carries in its margins: the
//! citizen's label, the day it was printed and "page n of m".
//!
//! The print stylesheet draws these in the page margins (`@page` margin boxes in `assets/style.css`).
//! A margin box can show no element of the page, only text and the page counters, and it inherits from
//! the document's root; so the texts go to custom properties on the root, written as CSS.

use chrono::NaiveDate;
use yew::prelude::*;

use crate::browser;
use crate::hooks::use_session::use_session;
use crate::i18n::{I18n, Key};

#[derive(Properties, PartialEq)]
pub struct PrintButtonProps {
    /// The citizen's label (initials or a local code), printed on every page.
    pub label: AttrValue,
}

/// One button that prints the page; while it is shown, every printed page names the citizen, the day
/// and its number, whether printed with it or with the browser's own menu.
#[component]
pub fn PrintButton(props: &PrintButtonProps) -> Html {
    let i18n = use_session().i18n();
    use_effect_with((props.label.clone(), i18n), |(label, i18n)| {
        let (label, i18n) = (label.clone(), *i18n);
        let set = move || {
            let today = browser::now().date_naive();
            browser::set_root_property(HEADER, Some(&header_value(i18n, &label, today)));
            browser::set_root_property(PAGES, Some(&pages_value(i18n.t(Key::PrintPages))));
        };
        set();
        // Printed tomorrow from a page opened today, the date is tomorrow's.
        let before_print = browser::on_before_print(set);
        move || {
            drop(before_print);
            browser::set_root_property(HEADER, None);
            browser::set_root_property(PAGES, None);
        }
    });
    html! {
        <button type="button" class="print-button" onclick={|_| browser::print()}>
            { i18n.t(Key::PrintButton) }
        </button>
    }
}

/// The custom properties that `@page` in `assets/style.css` reads.
const HEADER: &str = "--print-header";
const PAGES: &str = "--print-pages";

/// "MJ · udskrevet 07.12.2026" as a CSS string.
fn header_value(i18n: I18n, label: &str, date: NaiveDate) -> String {
    css_string(&i18n.f(
        Key::PrintHeader,
        &[("label", &label), ("date", &i18n.date(date))],
    ))
}

/// "Side {page} af {pages}" as CSS content: the words as strings, the numbers as the page counters.
fn pages_value(template: &str) -> String {
    template
        .split("{pages}")
        .map(|part| {
            part.split("{page}")
                .map(css_string)
                .collect::<Vec<_>>()
                .join(" counter(page) ")
        })
        .collect::<Vec<_>>()
        .join(" counter(pages) ")
}

/// Any text as a CSS string: quotes and backslashes escaped, and a control character (which a label
/// cannot hold, but which must never end the string early) as a space.
fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for ch in text.chars() {
        match ch {
            '"' | '\\' => {
                out.push('\\');
                out.push(ch);
            }
            ch if ch.is_control() => out.push(' '),
            ch => out.push(ch),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use mestring_core::lang::Lang;

    use super::*;

    #[test]
    fn the_page_numbers_are_the_counters_between_the_words() {
        assert_eq!(
            pages_value("Side {page} af {pages}"),
            r#""Side " counter(page) " af " counter(pages) """#
        );
        assert_eq!(
            pages_value("{page}/{pages}"),
            r#""" counter(page) "/" counter(pages) """#
        );
    }

    #[test]
    fn a_typed_label_stays_inside_its_string() {
        assert_eq!(css_string(r#"A"B\C"#), r#""A\"B\\C""#);
        assert_eq!(css_string("A\nB"), r#""A B""#);
    }

    #[test]
    fn the_header_names_the_citizen_and_the_day() {
        let date = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap_or_default();
        assert_eq!(
            header_value(I18n::new(Lang::Da), "MJ", date),
            r#""MJ · udskrevet 07.12.2026""#
        );
        assert_eq!(
            header_value(I18n::new(Lang::En), "MJ", date),
            r#""MJ · printed 2026-12-07""#
        );
    }
}
