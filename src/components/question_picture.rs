//! The picture of each FIT question a citizen in easy-read answers: the project's own drawings, in the
//! style of the life domains' pictograms (`assets/pictograms`), drawn inline so nothing is fetched.
//! The adult and the child versions of a form ask about the same things, so they share a drawing:
//! a test below fails when a question a citizen answers on a line has none.

use mestring_core::fit::Kind;
use yew::prelude::*;

use crate::i18n::{I18n, Key};

/// What a question asks about, as its drawing shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Subject {
    /// The person themself: one figure.
    Oneself,
    /// Family and those close: two adults and a child.
    Family,
    /// Work, school and friends: a bag and a book.
    WorkAndSchool,
    /// Life as a whole: a sun.
    Whole,
    /// Being heard and listened to: an ear.
    Heard,
    /// What was talked about: two speech bubbles.
    TalkedAbout,
    /// How the meeting worked: a sheet and a pencil.
    HowWeWorked,
    /// The meeting as a whole: a star.
    Overall,
}

impl Subject {
    /// The drawing of a question, by its form's kind and its item id in the instrument files (ORS, SRS,
    /// CORS, CSRS): "overall" is life as a whole on an outcome form and the meeting on a session form.
    pub fn of_item(kind: Kind, item_id: &str) -> Option<Subject> {
        Some(match (kind, item_id) {
            (_, "individually" | "me") => Subject::Oneself,
            (_, "interpersonally" | "family") => Subject::Family,
            (_, "socially" | "school") => Subject::WorkAndSchool,
            (Kind::Outcome, "overall" | "everything") => Subject::Whole,
            (_, "relationship" | "listening") => Subject::Heard,
            (_, "goals" | "important") => Subject::TalkedAbout,
            (_, "approach" | "what_we_did") => Subject::HowWeWorked,
            (Kind::Session, "overall") => Subject::Overall,
            _ => return None,
        })
    }
}

/// The drawing of `subject`, named for a screen reader by the question's `label`.
pub fn question_picture(i18n: I18n, subject: Subject, label: &str) -> Html {
    let name = i18n.f(Key::EasyReadPicture, &[("label", &label)]);
    html! {
        <svg class="question-picture" viewBox="0 0 64 64" width="96" height="96" role="img" aria-label={name}
            fill="none" stroke="#16202a" stroke-width="3.5" stroke-linecap="round" stroke-linejoin="round">
            { drawing(subject) }
        </svg>
    }
}

fn drawing(subject: Subject) -> Html {
    match subject {
        Subject::Oneself => html! { <>
            <circle cx="32" cy="18" r="9" fill="#ffd75e" />
            <path d="M16 56c0-12 7-20 16-20s16 8 16 20z" fill="#dbe8f6" />
        </> },
        Subject::Family => html! { <>
            <circle cx="18" cy="17" r="7" fill="#ffd75e" />
            <path d="M6 54c0-12 5-20 12-20s12 8 12 20z" fill="#dbe8f6" />
            <circle cx="46" cy="17" r="7" fill="#ffd75e" />
            <path d="M34 54c0-12 5-20 12-20s12 8 12 20z" fill="#dbe8f6" />
            <circle cx="32" cy="36" r="5" fill="#ffd75e" />
            <path d="M24 58c0-8 3-13 8-13s8 5 8 13z" fill="#0b5cad" />
        </> },
        Subject::WorkAndSchool => html! { <>
            <path d="M6 26h30v26H6z" fill="#dbe8f6" />
            <path d="M14 26v-6h14v6" />
            <path d="M6 36h30" />
            <path d="M40 14l16 4-6 36-16-4z" fill="#0b5cad" />
            <path d="M42 22l9 2" stroke="#ffffff" />
        </> },
        Subject::Whole => html! { <>
            <circle cx="32" cy="32" r="12" fill="#ffd75e" />
            <path d="M32 6v8M32 50v8M6 32h8M50 32h8M14 14l6 6M44 44l6 6M14 50l6-6M44 20l6-6" />
        </> },
        Subject::Heard => html! { <>
            <path d="M22 40c-4-6-6-11-6-16a16 16 0 0 1 32 0c0 8-6 11-9 15s-2 13-10 13c-4 0-6-2-7-5" fill="#dbe8f6" />
            <path d="M26 26a6 6 0 0 1 12 0c0 4-4 5-5 8" />
            <path d="M52 20c3 4 3 10 0 14" stroke="#0b5cad" />
        </> },
        Subject::TalkedAbout => html! { <>
            <path d="M6 10h30v18H18l-8 7v-7H6z" fill="#dbe8f6" />
            <path d="M28 32h30v18h-4v7l-8-7H28z" fill="#ffd75e" />
            <path d="M13 19h16M35 41h16" />
        </> },
        Subject::HowWeWorked => html! { <>
            <path d="M10 8h30v48H10z" fill="#dbe8f6" />
            <path d="M17 20h16M17 30h16M17 40h10" />
            <path d="M50 14l6 6-20 26-8 2 2-8z" fill="#0b5cad" />
        </> },
        Subject::Overall => html! {
            <path d="M32 6l7 16 17 1-13 11 4 17-15-9-15 9 4-17L8 23l17-1z" fill="#ffd75e" />
        },
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    /// Every question a citizen answers on a line in an individual meeting (ORS, SRS, CORS, CSRS) has its
    /// picture for easy-read; the forms with faces are pictures already.
    #[test]
    fn every_question_on_a_line_has_a_picture() {
        use mestring_core::fit::definition::{Meeting, Scale};
        let instruments = mestring_core::fit::Registry::bundled().unwrap();
        let mut pictured = Vec::new();
        for definition in instruments.all() {
            if definition.audience().meeting() != Meeting::Individual
                || !matches!(definition.scale(), Scale::Line)
            {
                continue;
            }
            for item in definition.items() {
                let subject = Subject::of_item(definition.kind(), item.id().as_str());
                assert!(
                    subject.is_some(),
                    "{} {} has no picture",
                    definition.id(),
                    item.id()
                );
                pictured.push(subject);
            }
        }
        assert_eq!(
            pictured.len(),
            16,
            "ORS, SRS, CORS and CSRS, four questions each"
        );
        // The four questions of a form each have their own picture.
        for form in pictured.chunks(4) {
            let distinct: BTreeSet<String> =
                form.iter().map(|subject| format!("{subject:?}")).collect();
            assert_eq!(distinct.len(), 4, "{form:?}");
        }
    }
}
