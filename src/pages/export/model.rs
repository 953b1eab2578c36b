//! The export page's model: what staff choose to export and how it is sealed, the file the worker wrote
//! for that choice, and how handing it over went. The file itself is a type parameter, so the rules run
//! natively without a browser's file.

use std::rc::Rc;

use chrono::{DateTime, FixedOffset, NaiveDate};
use mestring_core::citizen::CitizenId;
use mestring_core::export::{Selection, sealed};
use mestring_core::iso;
use mestring_core::store::ExportedIds;
use yew::Reducible;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    New,
    Citizen,
    Dates,
    Everything,
}

impl Choice {
    pub const ALL: [Choice; 4] = [
        Choice::New,
        Choice::Citizen,
        Choice::Dates,
        Choice::Everything,
    ];
}

/// What staff have entered so far; a selection once it is complete.
#[derive(Clone, Debug, PartialEq)]
pub struct Form {
    pub choice: Choice,
    pub citizen: Option<CitizenId>,
    pub from: String,
    pub to: String,
    /// Seal the file with a passphrase: on unless staff turn it off, as the file holds health data.
    pub seal: bool,
    pub passphrase: String,
    pub repeat: String,
}

/// What is wrong with the passphrase, the first staff meet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PassphraseProblem {
    Short,
    Differs,
}

impl Form {
    /// Everything new since the last export, sealed, with both dates `today` should staff choose dates.
    pub fn new(today: NaiveDate) -> Form {
        Form {
            choice: Choice::New,
            citizen: None,
            from: today.to_string(),
            to: today.to_string(),
            seal: true,
            passphrase: String::new(),
            repeat: String::new(),
        }
    }

    pub fn selection(&self) -> Option<Selection> {
        Some(match self.choice {
            Choice::New => Selection::NotYetExported,
            Choice::Everything => Selection::Everything,
            Choice::Citizen => Selection::Citizen {
                citizen_id: self.citizen?.uuid(),
            },
            Choice::Dates => {
                let (from, to) = self.dates()?;
                Selection::Dates { from, to }
            }
        })
    }

    /// What is wrong with the passphrase, in the order staff meet it; nothing when the file is not sealed.
    pub fn passphrase_problem(&self) -> Option<PassphraseProblem> {
        if !self.seal {
            return None;
        }
        if self.passphrase.chars().count() < sealed::MIN_PASSPHRASE_CHARS {
            return Some(PassphraseProblem::Short);
        }
        (self.repeat != self.passphrase).then_some(PassphraseProblem::Differs)
    }

    /// The passphrase to seal with: `Some(None)` for no seal, `None` while it is not right yet.
    pub fn seal_with(&self) -> Option<Option<String>> {
        match (self.seal, self.passphrase_problem()) {
            (false, _) => Some(None),
            (true, None) => Some(Some(self.passphrase.clone())),
            (true, Some(_)) => None,
        }
    }

    /// The first and last day chosen, if both are days and in that order.
    pub fn dates(&self) -> Option<(NaiveDate, NaiveDate)> {
        let (from, to) = (iso::parse_date(&self.from)?, iso::parse_date(&self.to)?);
        (from <= to).then_some((from, to))
    }
}

/// A written file waiting to be handed over, with the records to mark once it is.
pub struct Prepared<F> {
    pub file: F,
    pub name: String,
    pub sealed: bool,
    pub ids: ExportedIds,
    /// Personal numbers masked in the unreadable records the file carries, which staff are told of.
    pub masked: usize,
    /// When the worker was asked, before it read the records: the mark they get, so a record changed
    /// while the file was on its way is newer than its mark and goes in the next export.
    pub read_at: DateTime<FixedOffset>,
}

impl<F> Prepared<F> {
    fn is_empty(&self) -> bool {
        let ExportedIds {
            citizens,
            responses,
            assessments,
            plans,
            meetings,
        } = &self.ids;
        citizens.is_empty()
            && responses.is_empty()
            && assessments.is_empty()
            && plans.is_empty()
            && meetings.is_empty()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The choice selects no records: no file is offered.
    Nothing,
    HandedOver {
        shared: bool,
        /// Forms, mastery ratings, plans and meetings marked exported.
        counts: [usize; 4],
    },
    NotShared,
    NotMarked,
    NotWritten,
}

/// The export page: the form, the file written for it and how the last step went.
pub struct Export<F> {
    pub form: Form,
    /// The form as it was when the worker was asked to write a file, while it writes.
    writing: Option<Form>,
    pub prepared: Option<Rc<Prepared<F>>>,
    pub outcome: Option<Outcome>,
}

pub enum ExportAction<F> {
    Choose {
        choice: Choice,
    },
    /// The citizen picked, by id as the select gives it; none for the empty choice.
    Citizen {
        id: String,
    },
    From {
        text: String,
    },
    To {
        text: String,
    },
    ToggleSeal,
    Passphrase {
        text: String,
    },
    Repeat {
        text: String,
    },
    /// The worker is asked to write the file the form selects.
    Writing,
    /// The worker wrote `file`.
    Written {
        file: Rc<Prepared<F>>,
    },
    /// The worker could not write the file.
    WriteFailed,
    /// `file` left the app (shared, or saved) and its records were marked exported.
    HandedOver {
        file: Rc<Prepared<F>>,
        shared: bool,
    },
    /// `file` left the app but its records could not be marked.
    NotMarked {
        file: Rc<Prepared<F>>,
    },
    /// Staff closed the share sheet without sharing.
    NotShared,
    /// The file could not be saved or shared.
    HandOverFailed,
}

impl<F> Export<F> {
    pub fn new(today: NaiveDate) -> Export<F> {
        Export {
            form: Form::new(today),
            writing: None,
            prepared: None,
            outcome: None,
        }
    }

    pub fn is_writing(&self) -> bool {
        self.writing.is_some()
    }

    /// What to ask the worker for: the selection and the passphrase to seal with, once the form is
    /// complete and no file is being written.
    pub fn request(&self) -> Option<(Selection, Option<String>)> {
        self.form
            .selection()
            .zip(self.form.seal_with())
            .filter(|_| !self.is_writing())
    }
}

impl<F> Reducible for Export<F> {
    type Action = ExportAction<F>;

    fn reduce(self: Rc<Self>, action: ExportAction<F>) -> Rc<Self> {
        let mut form = self.form.clone();
        match action {
            ExportAction::Choose { choice } => form.choice = choice,
            ExportAction::Citizen { id } => form.citizen = CitizenId::parse(&id),
            ExportAction::From { text } => form.from = text,
            ExportAction::To { text } => form.to = text,
            ExportAction::ToggleSeal => form.seal = !form.seal,
            ExportAction::Passphrase { text } => form.passphrase = text,
            ExportAction::Repeat { text } => form.repeat = text,
            ExportAction::Writing => {
                if self.request().is_none() {
                    return self;
                }
                return self.with(|export| {
                    export.writing = Some(form);
                    export.outcome = None;
                });
            }
            ExportAction::Written { file } => {
                // A file made for another choice must not be handed over for this one.
                let for_this_form = self.writing.as_ref() == Some(&self.form);
                return self.with(|export| {
                    export.writing = None;
                    if !for_this_form {
                        return;
                    }
                    if file.is_empty() {
                        export.outcome = Some(Outcome::Nothing);
                    } else {
                        export.prepared = Some(file);
                    }
                });
            }
            ExportAction::WriteFailed => {
                return self.with(|export| {
                    export.writing = None;
                    export.outcome = Some(Outcome::NotWritten);
                });
            }
            ExportAction::HandedOver { file, shared } => {
                let ExportedIds {
                    responses,
                    assessments,
                    plans,
                    meetings,
                    ..
                } = &file.ids;
                let counts = [
                    responses.len(),
                    assessments.len(),
                    plans.len(),
                    meetings.len(),
                ];
                return self.handed_over(&file, Outcome::HandedOver { shared, counts });
            }
            ExportAction::NotMarked { file } => {
                return self.handed_over(&file, Outcome::NotMarked);
            }
            ExportAction::NotShared => {
                return self.with(|export| export.outcome = Some(Outcome::NotShared));
            }
            ExportAction::HandOverFailed => {
                return self.with(|export| export.outcome = Some(Outcome::NotWritten));
            }
        }
        if form == self.form {
            return self;
        }
        // A file made for the form as it was must not be handed over for the form as it is.
        self.with(|export| {
            export.form = form;
            export.prepared = None;
            export.outcome = None;
        })
    }
}

impl<F> Export<F> {
    /// A copy changed by `change`; the file, which is never changed, is shared.
    fn with(&self, change: impl FnOnce(&mut Export<F>)) -> Rc<Export<F>> {
        let mut next = Export {
            form: self.form.clone(),
            writing: self.writing.clone(),
            prepared: self.prepared.clone(),
            outcome: self.outcome,
        };
        change(&mut next);
        Rc::new(next)
    }

    /// After `file` has left the app: it is not offered again, as its records are marked or the file is
    /// with the caseworker.
    fn handed_over(&self, file: &Rc<Prepared<F>>, outcome: Outcome) -> Rc<Export<F>> {
        self.with(|export| {
            if export
                .prepared
                .as_ref()
                .is_some_and(|prepared| Rc::ptr_eq(prepared, file))
            {
                export.prepared = None;
            }
            export.outcome = Some(outcome);
        })
    }
}

#[cfg(test)]
mod tests {
    use mestring_core::fit::ResponseId;
    use mestring_core::testing::at;

    use super::*;

    type Page = Rc<Export<()>>;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn start() -> Page {
        Rc::new(Export::new(date("2026-11-23")))
    }

    fn after(page: Page, actions: impl IntoIterator<Item = ExportAction<()>>) -> Page {
        actions
            .into_iter()
            .fold(page, |page, action| page.reduce(action))
    }

    fn text(text: &str) -> String {
        text.to_owned()
    }

    /// Unsealed, so the file can be asked for at once.
    fn unsealed() -> Page {
        after(start(), [ExportAction::ToggleSeal])
    }

    /// A written file holding `n_responses` forms.
    fn file(n_responses: u8) -> Rc<Prepared<()>> {
        Rc::new(Prepared {
            file: (),
            name: text("mestring-eksport.json"),
            sealed: false,
            ids: ExportedIds {
                responses: (0..n_responses)
                    .map(|seed| ResponseId::from_random_bytes([seed; 16]))
                    .collect(),
                ..ExportedIds::default()
            },
            masked: 0,
            read_at: at(12),
        })
    }

    #[test]
    fn the_form_selects_once_it_is_complete() {
        let page = start();
        assert_eq!(page.form.selection(), Some(Selection::NotYetExported));
        let page = after(
            page,
            [ExportAction::Choose {
                choice: Choice::Citizen,
            }],
        );
        assert_eq!(page.form.selection(), None);
        let citizen = CitizenId::from_random_bytes([7; 16]);
        let page = after(
            page,
            [ExportAction::Citizen {
                id: citizen.to_string(),
            }],
        );
        assert_eq!(
            page.form.selection(),
            Some(Selection::Citizen {
                citizen_id: citizen.uuid()
            })
        );
        let page = after(
            page,
            [
                ExportAction::Choose {
                    choice: Choice::Dates,
                },
                ExportAction::From {
                    text: text("2026-11-30"),
                },
            ],
        );
        assert_eq!(page.form.dates(), None, "from after to");
        let page = after(
            page,
            [ExportAction::To {
                text: text("2026-12-31"),
            }],
        );
        assert_eq!(
            page.form.selection(),
            Some(Selection::Dates {
                from: date("2026-11-30"),
                to: date("2026-12-31")
            })
        );
    }

    #[test]
    fn a_sealed_file_waits_for_a_long_passphrase_typed_twice() {
        let long = "a".repeat(sealed::MIN_PASSPHRASE_CHARS);
        let page = start();
        assert_eq!(
            page.form.passphrase_problem(),
            Some(PassphraseProblem::Short)
        );
        assert!(page.request().is_none());
        let page = after(page, [ExportAction::Passphrase { text: long.clone() }]);
        assert_eq!(
            page.form.passphrase_problem(),
            Some(PassphraseProblem::Differs)
        );
        let page = after(page, [ExportAction::Repeat { text: long.clone() }]);
        assert_eq!(page.form.passphrase_problem(), None);
        assert_eq!(
            page.request(),
            Some((Selection::NotYetExported, Some(long)))
        );
        let page = after(page, [ExportAction::ToggleSeal]);
        assert_eq!(page.request(), Some((Selection::NotYetExported, None)));
    }

    #[test]
    fn one_file_is_written_at_a_time() {
        let page = after(unsealed(), [ExportAction::Writing]);
        assert!(page.is_writing());
        assert!(page.request().is_none());
        let again = Rc::clone(&page).reduce(ExportAction::Writing);
        assert!(Rc::ptr_eq(&page, &again));
        let page = after(page, [ExportAction::Written { file: file(2) }]);
        assert!(!page.is_writing());
        assert_eq!(
            page.prepared.as_ref().map(|file| file.ids.responses.len()),
            Some(2)
        );
    }

    #[test]
    fn a_file_is_not_offered_for_a_choice_made_after_it_was_asked_for() {
        let page = after(
            unsealed(),
            [
                ExportAction::Writing,
                ExportAction::Choose {
                    choice: Choice::Everything,
                },
                ExportAction::Written { file: file(2) },
            ],
        );
        assert!(page.prepared.is_none());
        assert!(!page.is_writing());
        let page = after(
            page,
            [
                ExportAction::Writing,
                ExportAction::Written { file: file(1) },
            ],
        );
        assert!(page.prepared.is_some());
        let page = after(
            page,
            [ExportAction::Choose {
                choice: Choice::New,
            }],
        );
        assert!(
            page.prepared.is_none(),
            "a change of choice sets the file aside"
        );
    }

    #[test]
    fn a_choice_with_no_records_says_so_instead_of_a_file() {
        let page = after(
            unsealed(),
            [
                ExportAction::Writing,
                ExportAction::Written { file: file(0) },
            ],
        );
        assert!(page.prepared.is_none());
        assert_eq!(page.outcome, Some(Outcome::Nothing));
        let page = after(page, [ExportAction::Writing]);
        assert_eq!(page.outcome, None, "asking again clears the last outcome");
        let page = after(page, [ExportAction::WriteFailed]);
        assert_eq!(
            (page.is_writing(), page.outcome),
            (false, Some(Outcome::NotWritten))
        );
    }

    #[test]
    fn a_handed_over_file_is_not_offered_again() {
        let written = file(3);
        let page = after(
            unsealed(),
            [
                ExportAction::Writing,
                ExportAction::Written {
                    file: Rc::clone(&written),
                },
            ],
        );
        let not_shared = after(Rc::clone(&page), [ExportAction::NotShared]);
        assert!(
            not_shared.prepared.is_some(),
            "a file not shared can be saved instead"
        );
        assert_eq!(not_shared.outcome, Some(Outcome::NotShared));
        let failed = after(Rc::clone(&page), [ExportAction::HandOverFailed]);
        assert!(failed.prepared.is_some());
        assert_eq!(failed.outcome, Some(Outcome::NotWritten));
        let handed = after(
            Rc::clone(&page),
            [ExportAction::HandedOver {
                file: Rc::clone(&written),
                shared: true,
            }],
        );
        assert!(handed.prepared.is_none());
        assert_eq!(
            handed.outcome,
            Some(Outcome::HandedOver {
                shared: true,
                counts: [3, 0, 0, 0]
            })
        );
        let not_marked = after(page, [ExportAction::NotMarked { file: written }]);
        assert!(not_marked.prepared.is_none());
        assert_eq!(not_marked.outcome, Some(Outcome::NotMarked));
    }

    #[test]
    fn typing_what_is_already_there_changes_nothing() {
        let page = after(
            unsealed(),
            [
                ExportAction::Writing,
                ExportAction::Written { file: file(1) },
            ],
        );
        let same = Rc::clone(&page).reduce(ExportAction::Choose {
            choice: Choice::New,
        });
        assert!(Rc::ptr_eq(&page, &same));
        assert!(same.prepared.is_some());
    }
}
