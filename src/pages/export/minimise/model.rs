//! The minimisation card's model: how old forms must be, and where staff are in finding, confirming and
//! deleting them. Which forms may go is the core's rule (`export::deletable`).

use std::rc::Rc;

use mestring_core::fit::ResponseId;
use yew::Reducible;

/// Forms at least this many days old are offered first.
const DEFAULT_DAYS: u32 = 90;

#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    Choosing,
    /// The forms found, waiting for staff to confirm they go.
    Confirming(Rc<Vec<ResponseId>>),
    Deleted(usize),
    Failed,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Minimise {
    /// The age in days as typed.
    pub days: String,
    pub step: Step,
}

#[derive(Clone, Debug, PartialEq)]
pub enum MinimiseAction {
    /// The age in days as typed; what was found for another age is set aside.
    Days {
        text: String,
    },
    Found {
        ids: Rc<Vec<ResponseId>>,
    },
    Deleted {
        count: usize,
    },
    Failed,
    Cancel,
}

impl Default for Minimise {
    fn default() -> Minimise {
        Minimise {
            days: DEFAULT_DAYS.to_string(),
            step: Step::Choosing,
        }
    }
}

impl Minimise {
    /// The age in days, once it is a whole number.
    pub fn days(&self) -> Option<u32> {
        self.days.trim().parse().ok()
    }
}

impl Reducible for Minimise {
    type Action = MinimiseAction;

    fn reduce(self: Rc<Self>, action: MinimiseAction) -> Rc<Self> {
        let next = match action {
            MinimiseAction::Days { text } => Minimise {
                days: text,
                step: Step::Choosing,
            },
            MinimiseAction::Found { ids } => self.at(Step::Confirming(ids)),
            MinimiseAction::Deleted { count } => self.at(Step::Deleted(count)),
            MinimiseAction::Failed => self.at(Step::Failed),
            MinimiseAction::Cancel => self.at(Step::Choosing),
        };
        if next == *self { self } else { Rc::new(next) }
    }
}

impl Minimise {
    fn at(&self, step: Step) -> Minimise {
        Minimise {
            days: self.days.clone(),
            step,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn after(actions: impl IntoIterator<Item = MinimiseAction>) -> Minimise {
        let start = Rc::new(Minimise::default());
        Rc::unwrap_or_clone(
            actions
                .into_iter()
                .fold(start, |card, action| card.reduce(action)),
        )
    }

    fn days(text: &str) -> MinimiseAction {
        MinimiseAction::Days {
            text: text.to_owned(),
        }
    }

    fn found(n_ids: u8) -> MinimiseAction {
        let ids = (0..n_ids)
            .map(|seed| ResponseId::from_random_bytes([seed; 16]))
            .collect();
        MinimiseAction::Found { ids: Rc::new(ids) }
    }

    #[test]
    fn the_age_is_a_whole_number_of_days() {
        assert_eq!(Minimise::default().days(), Some(90));
        assert_eq!(after([days(" 30 ")]).days(), Some(30));
        assert_eq!(after([days("30 dage")]).days(), None);
        assert_eq!(after([days("-1")]).days(), None);
        assert_eq!(after([days("")]).days(), None);
    }

    #[test]
    fn forms_found_wait_for_a_confirmation_that_a_new_age_sets_aside() {
        let confirming = after([found(2)]);
        assert!(matches!(&confirming.step, Step::Confirming(ids) if ids.len() == 2));
        assert_eq!(after([found(2), days("120")]).step, Step::Choosing);
        assert_eq!(
            after([found(2), MinimiseAction::Cancel]).step,
            Step::Choosing
        );
        let deleted = after([found(2), MinimiseAction::Deleted { count: 2 }]);
        assert_eq!(
            (&deleted.step, deleted.days()),
            (&Step::Deleted(2), Some(90))
        );
        assert_eq!(after([found(2), MinimiseAction::Failed]).step, Step::Failed);
    }

    #[test]
    fn cancelling_with_nothing_found_changes_nothing() {
        let card = Rc::new(Minimise::default());
        let same = Rc::clone(&card).reduce(MinimiseAction::Cancel);
        assert!(Rc::ptr_eq(&card, &same));
    }
}
