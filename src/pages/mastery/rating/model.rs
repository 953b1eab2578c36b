//! The rating page's model: one rater's way through a schema's domains to the check and the store.
//!
//! The page renders [`Rating::screen`] for the schema, round and day it is rated in and dispatches
//! [`RatingAction`]s; what must survive a reload is [`Rating::kept`], which the page's draft hook keeps on
//! the device whenever it changes. Which round comes next, and what a comment may hold, are the core's.
//!
//! A schema in the citizen's words shows one domain a screen. A schema rated in FFB's terms shows one
//! FFB theme a screen with its sub-themes, and only the sub-themes the citizen's plan addresses (all of
//! them while it addresses none): the assessment holds an entry for each sub-theme shown.

use std::rc::Rc;

use chrono::NaiveDate;
use mestring_core::citizen::CitizenId;
use mestring_core::ffb::TermId;
use mestring_core::fit::Rater;
use mestring_core::fit::definition::Version;
use mestring_core::free_text;
use mestring_core::mastery::assessment::COMMENT_FIELD;
use mestring_core::mastery::{
    Assessment, AssessmentId, Entry, LadderKind, Rating as DomainRating, Schema,
};
use mestring_core::record::RecordMeta;
use serde::{Deserialize, Serialize};
use yew::Reducible;

/// An unfinished rating, saved after every choice.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RatingDraft {
    #[serde(deserialize_with = "mestring_core::iso::date")]
    date: NaiveDate,
    round: u32,
    version: u16,
    /// Per domain in the schema's order.
    ratings: Vec<Option<u8>>,
    comments: Vec<String>,
    /// The domains shown, by index in the schema's order; empty in a draft kept before only some were.
    #[serde(default)]
    shown: Vec<usize>,
    /// The screen on show: an index of [`RatingDraft::screens`], or their number for the check before
    /// storing.
    step: usize,
    /// The screen on show is a rated domain's comment step rather than its ladder: a step chosen leads
    /// there, and so does coming back to a rated domain, so a comment is written after rating, never before.
    #[serde(default)]
    commenting: bool,
}

impl RatingDraft {
    /// A rating of `schema` in `round`, started on `date`: nothing rated, at the first screen. On a schema
    /// rated in FFB's terms, the domains shown are those of the `relevant` sub-themes (the ones the
    /// citizen's plan addresses), or every one if none of them is the schema's.
    pub fn fresh(schema: &Schema, round: u32, date: NaiveDate, relevant: &[TermId]) -> RatingDraft {
        let n = schema.domains().len();
        let in_plan: Vec<usize> = (0..n)
            .filter(|idx| {
                schema.ladder().kind() == LadderKind::FunctionLevel
                    && schema.domains()[*idx]
                        .ffb()
                        .iter()
                        .any(|id| relevant.contains(id))
            })
            .collect();
        RatingDraft {
            date,
            round,
            version: schema.version().get(),
            ratings: vec![None; n],
            comments: vec![String::new(); n],
            shown: if in_plan.is_empty() {
                (0..n).collect()
            } else {
                in_plan
            },
            step: 0,
            commenting: false,
        }
    }

    /// Whether the draft still fits: same edition and round, one answer per domain.
    fn fits(&self, schema: &Schema, round: u32) -> bool {
        let n = schema.domains().len();
        self.version == schema.version().get()
            && self.round == round
            && self.ratings.len() == n
            && self.comments.len() == n
            && self.shown.iter().all(|idx| *idx < n)
    }

    /// The domains shown, in the schema's order.
    pub fn shown(&self) -> Vec<usize> {
        if self.shown.is_empty() {
            (0..self.ratings.len()).collect()
        } else {
            self.shown.clone()
        }
    }

    /// The screens, each the domains it shows: one domain a screen, or on a schema rated in FFB's
    /// terms one theme a screen.
    pub fn screens(&self, schema: &Schema) -> Vec<Vec<usize>> {
        let shown = self.shown();
        match schema.ladder().kind() {
            LadderKind::Steps => shown.into_iter().map(|idx| vec![idx]).collect(),
            LadderKind::FunctionLevel => schema
                .by_theme()
                .into_iter()
                .map(|(_, domains)| {
                    domains
                        .into_iter()
                        .filter(|idx| shown.contains(idx))
                        .collect::<Vec<usize>>()
                })
                .filter(|domains| !domains.is_empty())
                .collect(),
        }
    }

    /// The screen a domain is on.
    pub fn screen_of(&self, schema: &Schema, domain_idx: usize) -> Option<usize> {
        self.screens(schema)
            .iter()
            .position(|domains| domains.contains(&domain_idx))
    }

    pub fn rating(&self, domain_idx: usize) -> Option<u8> {
        self.ratings.get(domain_idx).copied().flatten()
    }

    pub fn comment(&self, domain_idx: usize) -> &str {
        self.comments.get(domain_idx).map_or("", String::as_str)
    }

    /// Whether every comment passes the core's check (no personal number, no control character): a
    /// comment it refuses is never stored.
    pub fn comments_ok(&self) -> bool {
        self.comments
            .iter()
            .all(|comment| free_text::check(comment, COMMENT_FIELD).is_empty())
    }

    /// The rating as it is stored, given its ids and bookkeeping; `None` while a comment is refused.
    pub fn assessment(
        &self,
        id: AssessmentId,
        citizen_id: CitizenId,
        schema: &Schema,
        rater: Rater,
        meta: RecordMeta,
    ) -> Option<Assessment> {
        if !self.comments_ok() {
            return None;
        }
        Some(Assessment {
            id,
            round: self.round,
            schema: schema.id().clone(),
            version: Version::new(self.version),
            citizen_id,
            date: self.date,
            rater,
            entries: self
                .shown()
                .into_iter()
                .filter_map(|idx| {
                    let comment = self.comments.get(idx)?.trim();
                    Some(Entry {
                        domain: schema.domains().get(idx)?.id().clone(),
                        rating: self.rating(idx).map(DomainRating::new),
                        comment: Some(comment.to_owned()).filter(|text| !text.is_empty()),
                    })
                })
                .collect(),
            meta,
        })
    }

    /// The one domain a rated screen of one domain shows, `None` for any other screen.
    fn rated_alone(&self, schema: &Schema, step: usize) -> Option<usize> {
        match self.screens(schema).get(step).map(Vec::as_slice) {
            Some(&[domain_idx]) if schema.ladder().kind() == LadderKind::Steps => {
                self.rating(domain_idx).map(|_| domain_idx)
            }
            _ => None,
        }
    }

    /// The domain whose comment step is on show, if it is.
    pub fn commenting(&self, schema: &Schema) -> Option<usize> {
        self.rated_alone(schema, self.step)
            .filter(|_| self.commenting)
    }

    /// `step` on show: a rated domain's comment step, or a screen's choices.
    fn arrive(&mut self, schema: &Schema, step: usize) {
        self.step = step;
        self.commenting = self.rated_alone(schema, step).is_some();
    }

    /// `change` applied, if it names a domain or screen of this rating of `schema`.
    fn changed(&self, schema: &Schema, change: Change) -> Option<RatingDraft> {
        let mut next = self.clone();
        match change {
            // A step chosen stays on its domain for a comment; skipped, it moves on.
            Change::Rate { domain_idx, rating } => {
                *next.ratings.get_mut(domain_idx)? = rating;
                let screen = self.screen_of(schema, domain_idx)?;
                next.arrive(schema, screen + usize::from(rating.is_none()));
            }
            Change::Mark { domain_idx, rating } => {
                self.screen_of(schema, domain_idx)?;
                *next.ratings.get_mut(domain_idx)? = rating;
            }
            Change::Comment { domain_idx, text } => *next.comments.get_mut(domain_idx)? = text,
            Change::ChooseAgain => next.commenting = false,
            Change::Show { step } if step <= self.screens(schema).len() => {
                next.arrive(schema, step);
            }
            Change::Show { .. } => return None,
        }
        Some(next)
    }
}

/// A change to the rating under way.
pub enum Change {
    /// A step chosen for a domain, then its comment step; or skipped (`None`), then the next screen.
    Rate {
        domain_idx: usize,
        rating: Option<u8>,
    },
    /// A level chosen for one of the domains on a screen of several (`None`: ikke vurderet), staying there.
    Mark {
        domain_idx: usize,
        rating: Option<u8>,
    },
    Comment {
        domain_idx: usize,
        text: String,
    },
    /// Back from a domain's comment step to its ladder, to choose another step.
    ChooseAgain,
    /// A screen, or the check (the number of screens).
    Show {
        step: usize,
    },
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Rating {
    /// The rating under way: `None` until the first change or a found draft taken up.
    draft: Option<RatingDraft>,
    /// A draft found on the device, offered until taken up or set aside.
    found: Option<RatingDraft>,
    /// Stored: only the thanks are left.
    stored: bool,
}

pub enum RatingAction {
    /// What the device held, if anything.
    Found {
        draft: Option<RatingDraft>,
    },
    /// The found draft taken up.
    Resume,
    /// The found draft set aside: it goes.
    SetAside,
    /// A change, applied to the latest draft or, before the first, to `start` (a fresh rating): two
    /// quick presses never start from the same copy. `schema` is the one rated.
    Change {
        start: RatingDraft,
        schema: &'static Schema,
        change: Change,
    },
    Stored,
}

/// What the page shows.
#[derive(Debug, PartialEq)]
pub enum RatingScreen {
    /// A draft found that fits this round, offered before anything else.
    Offer,
    /// A screen of one or more domains (`step` is its index).
    Domain {
        draft: RatingDraft,
        step: usize,
    },
    /// A rated domain's comment, to write or leave before moving on.
    Comment {
        draft: RatingDraft,
        step: usize,
        domain_idx: usize,
    },
    /// Every answer, to check before storing.
    Check {
        draft: RatingDraft,
    },
    Thanks,
}

impl Rating {
    /// The screen for a rating of `schema` in `round`, a fresh one dated `today` of the `relevant`
    /// sub-themes ([`RatingDraft::fresh`]).
    pub fn screen(
        &self,
        schema: &Schema,
        round: u32,
        today: NaiveDate,
        relevant: &[TermId],
    ) -> RatingScreen {
        if self.stored {
            return RatingScreen::Thanks;
        }
        if self.offered(schema, round).is_some() {
            return RatingScreen::Offer;
        }
        let draft = self.current(schema, round, today, relevant);
        match (draft.step, draft.commenting(schema)) {
            (step, _) if step >= draft.screens(schema).len() => RatingScreen::Check { draft },
            (step, Some(domain_idx)) => RatingScreen::Comment {
                draft,
                step,
                domain_idx,
            },
            (step, None) => RatingScreen::Domain { draft, step },
        }
    }

    /// The rating under way, or a fresh one.
    pub fn current(
        &self,
        schema: &Schema,
        round: u32,
        today: NaiveDate,
        relevant: &[TermId],
    ) -> RatingDraft {
        self.draft
            .clone()
            .unwrap_or_else(|| RatingDraft::fresh(schema, round, today, relevant))
    }

    /// The screen of the rating under way, and whether it is a comment step, once there is one.
    pub fn step(&self) -> Option<(usize, bool)> {
        self.draft
            .as_ref()
            .map(|draft| (draft.step, draft.commenting))
    }

    /// The draft to keep on the device: the rating under way, else the one found (until set aside).
    pub fn kept(&self) -> Option<RatingDraft> {
        self.draft.clone().or_else(|| self.found.clone())
    }

    fn offered(&self, schema: &Schema, round: u32) -> Option<&RatingDraft> {
        if self.draft.is_some() {
            return None;
        }
        self.found
            .as_ref()
            .filter(|found| found.fits(schema, round))
    }
}

impl Reducible for Rating {
    type Action = RatingAction;

    fn reduce(self: Rc<Self>, action: RatingAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            RatingAction::Found { draft } => next.found = draft,
            RatingAction::Resume => match next.found.take() {
                Some(found) if next.draft.is_none() => next.draft = Some(found),
                _ => return self,
            },
            RatingAction::SetAside => next.found = None,
            RatingAction::Change {
                start,
                schema,
                change,
            } => {
                let latest = next.draft.as_ref().unwrap_or(&start);
                let Some(changed) = latest.changed(schema, change) else {
                    return self;
                };
                next.draft = Some(changed);
            }
            RatingAction::Stored => next.stored = true,
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use mestring_core::mastery::{Registry, SchemaId};
    use mestring_core::testing::{DEVICE, at};

    use super::*;

    fn schema() -> &'static Schema {
        let registry = Box::leak(Box::new(Registry::bundled().unwrap()));
        registry.get(&SchemaId::new("mastery"), None).unwrap()
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    /// Applies `changes` in turn as the screens dispatch them: each built from the rating on screen
    /// when it was drawn (`start`), which is the same copy for quick presses.
    fn changed(
        rating: Rating,
        start: &RatingDraft,
        changes: impl IntoIterator<Item = Change>,
    ) -> Rating {
        changed_on(schema(), rating, start, changes)
    }

    /// [`changed`] on another schema.
    fn changed_on(
        schema: &'static Schema,
        rating: Rating,
        start: &RatingDraft,
        changes: impl IntoIterator<Item = Change>,
    ) -> Rating {
        changes.into_iter().fold(rating, |rating, change| {
            act(
                rating,
                RatingAction::Change {
                    start: start.clone(),
                    schema,
                    change,
                },
            )
        })
    }

    fn act(rating: Rating, action: RatingAction) -> Rating {
        (*Rc::new(rating).reduce(action)).clone()
    }

    /// The screen in a line: which, and the ratings so far.
    fn shown(rating: &Rating, round: u32) -> String {
        let line = |draft: &RatingDraft| {
            let ratings: Vec<String> = draft
                .ratings
                .iter()
                .map(|rating| rating.map_or("-".to_owned(), |rating| rating.to_string()))
                .collect();
            ratings.join(" ")
        };
        match rating.screen(schema(), round, day(2), &[]) {
            RatingScreen::Offer => "offer".to_owned(),
            RatingScreen::Domain { draft, step } => format!("domain {step} [{}]", line(&draft)),
            RatingScreen::Comment {
                draft, domain_idx, ..
            } => format!("comment {domain_idx} [{}]", line(&draft)),
            RatingScreen::Check { draft } => format!("check [{}]", line(&draft)),
            RatingScreen::Thanks => "thanks".to_owned(),
        }
    }

    fn rate(domain_idx: usize, rating: Option<u8>) -> Change {
        Change::Rate { domain_idx, rating }
    }

    fn next(step: usize) -> Change {
        Change::Show { step }
    }

    #[test]
    fn each_choice_leads_to_its_comment_then_on_a_domain_and_the_last_to_the_check() {
        let fresh = RatingDraft::fresh(schema(), 1, day(2), &[]);
        let n = schema().domains().len();
        assert_eq!(n, 9);
        let rating = Rating::default();
        assert_eq!(shown(&rating, 1), "domain 0 [- - - - - - - - -]");
        assert_eq!(
            rating.kept(),
            None,
            "nothing is kept before the first choice"
        );
        // A step chosen: the same domain's comment step, then on with "next".
        let rating = changed(rating, &fresh, [rate(0, Some(7))]);
        assert_eq!(shown(&rating, 1), "comment 0 [7 - - - - - - - -]");
        assert!(rating.kept().is_some());
        let rating = changed(rating, &fresh, [next(1)]);
        assert_eq!(shown(&rating, 1), "domain 1 [7 - - - - - - - -]");
        // Skipping moves on at once; "back" to a skipped domain shows its choices.
        let rating = changed(rating, &fresh, [rate(1, None)]);
        assert_eq!(shown(&rating, 1), "domain 2 [7 - - - - - - - -]");
        let rating = changed(rating, &fresh, [next(1)]);
        assert_eq!(shown(&rating, 1), "domain 1 [7 - - - - - - - -]");
        // "Back" to a rated domain shows its comment step, from which its choices are a tap away.
        let rating = changed(rating, &fresh, [next(0)]);
        assert_eq!(shown(&rating, 1), "comment 0 [7 - - - - - - - -]");
        let rating = changed(rating, &fresh, [Change::ChooseAgain]);
        assert_eq!(shown(&rating, 1), "domain 0 [7 - - - - - - - -]");
        let rating = changed(rating, &fresh, [rate(0, Some(6)), next(1)]);
        assert_eq!(shown(&rating, 1), "domain 1 [6 - - - - - - - -]");
        let rating = changed(
            rating,
            &fresh,
            (1..n).flat_map(|domain_idx| [rate(domain_idx, Some(3)), next(domain_idx + 1)]),
        );
        assert_eq!(shown(&rating, 1), "check [6 3 3 3 3 3 3 3 3]");
        // No screen beyond the check, no domain beyond the last.
        let same = changed(
            rating.clone(),
            &fresh,
            [Change::Show { step: n + 1 }, rate(n, Some(1))],
        );
        assert_eq!(same, rating);
    }

    #[test]
    fn a_draft_kept_before_the_comment_step_reads_as_before() {
        let fresh = RatingDraft::fresh(schema(), 1, day(2), &[]);
        let rated = changed(Rating::default(), &fresh, [rate(0, Some(7))]);
        let mut kept = serde_json::to_value(rated.kept().unwrap()).unwrap();
        kept.as_object_mut().unwrap().remove("commenting");
        let draft: RatingDraft = serde_json::from_value(kept).unwrap();
        let found = act(
            Rating::default(),
            RatingAction::Found { draft: Some(draft) },
        );
        let resumed = act(found, RatingAction::Resume);
        assert_eq!(shown(&resumed, 1), "domain 0 [7 - - - - - - - -]");
    }

    #[test]
    fn quick_changes_from_the_same_screen_apply_in_turn() {
        let fresh = RatingDraft::fresh(schema(), 1, day(2), &[]);
        let typed = |text: &str| Change::Comment {
            domain_idx: 0,
            text: text.to_owned(),
        };
        // Two keystrokes dispatched from one drawing of the screen: the second must not undo the first.
        let rating = changed(
            Rating::default(),
            &fresh,
            [rate(0, Some(5)), typed("g"), typed("go")],
        );
        let draft = rating.kept().unwrap();
        assert_eq!(
            (draft.rating(0), draft.comment(0), draft.step),
            (Some(5), "go", 0)
        );
    }

    #[test]
    fn a_found_draft_is_offered_only_for_its_round_and_is_resumed_or_set_aside() {
        let fresh = RatingDraft::fresh(schema(), 2, day(1), &[]);
        let left = changed(Rating::default(), &fresh, [rate(0, Some(4))]).kept();
        let found = act(
            Rating::default(),
            RatingAction::Found {
                draft: left.clone(),
            },
        );
        assert_eq!(shown(&found, 2), "offer");
        // Kept as it was until taken up or set aside.
        assert_eq!(found.kept(), left);
        // Another round has begun since (someone else stored): a fresh rating, the draft left as it is.
        assert_eq!(shown(&found, 3), "domain 0 [- - - - - - - - -]");
        let resumed = act(found.clone(), RatingAction::Resume);
        assert_eq!(shown(&resumed, 2), "comment 0 [4 - - - - - - - -]");
        assert_eq!(resumed.kept(), left, "nothing is written again");
        let set_aside = act(found, RatingAction::SetAside);
        assert_eq!(shown(&set_aside, 2), "domain 0 [- - - - - - - - -]");
        assert_eq!(set_aside.kept(), None, "it goes");
    }

    #[test]
    fn a_comment_the_core_refuses_is_never_stored() {
        let schema = schema();
        let fresh = RatingDraft::fresh(schema, 1, day(2), &[]);
        let comment = |text: &str| Change::Comment {
            domain_idx: 2,
            text: text.to_owned(),
        };
        let assess = |rating: &Rating| {
            rating.kept().unwrap().assessment(
                AssessmentId::from_random_bytes([3; 16]),
                CitizenId::from_random_bytes([1; 16]),
                schema,
                Rater::Oneself,
                RecordMeta::new(DEVICE, at(10)),
            )
        };
        let refused = changed(Rating::default(), &fresh, [comment("ring 010190-1234")]);
        assert!(!refused.kept().unwrap().comments_ok());
        assert_eq!(assess(&refused), None);
        let fixed = changed(refused, &fresh, [comment("  ring mor  ")]);
        let assessment = assess(&fixed).unwrap();
        assert_eq!(assessment.entries[2].comment.as_deref(), Some("ring mor"));
        assert_eq!(
            assessment.entries[0].comment, None,
            "an empty comment is none"
        );
        assert_eq!((assessment.round, assessment.date), (1, day(2)));
    }

    fn ffb_schema() -> &'static Schema {
        let registry = Box::leak(Box::new(Registry::bundled().unwrap()));
        registry.get(&SchemaId::new("ffb_function"), None).unwrap()
    }

    /// Each screen's domains by id, a screen a line.
    fn screens(schema: &Schema, draft: &RatingDraft) -> String {
        let lines: Vec<String> = draft
            .screens(schema)
            .iter()
            .map(|domains| {
                let ids: Vec<&str> = domains
                    .iter()
                    .map(|idx| schema.domains()[*idx].id().as_str())
                    .collect();
                ids.join(" ")
            })
            .collect();
        lines.join("\n")
    }

    #[test]
    fn ffb_sub_themes_are_rated_a_theme_a_screen_those_of_the_plan_only() {
        let schema = ffb_schema();
        let relevant =
            ["koebe_ind", "varetage_oekonomi", "lave_mad", "hukommelse"].map(TermId::new);
        let fresh = RatingDraft::fresh(schema, 1, day(2), &relevant);
        assert_eq!(
            screens(schema, &fresh),
            "koebe_ind lave_mad\nvaretage_oekonomi"
        );
        // A plan that addresses none of them: every sub-theme, six themes.
        let everything = RatingDraft::fresh(schema, 1, day(2), &[TermId::new("hukommelse")]);
        assert_eq!(everything.screens(schema).len(), 6);
        assert_eq!(everything.shown().len(), schema.domains().len());
        // The citizen's own schema always shows every domain, one a screen.
        let own = RatingDraft::fresh(self::schema(), 1, day(2), &relevant);
        assert_eq!(own.screens(self::schema()).len(), 9);
    }

    #[test]
    fn a_level_marked_stays_on_its_screen_and_only_shown_sub_themes_are_stored() {
        let schema = ffb_schema();
        let relevant = ["koebe_ind", "lave_mad", "varetage_oekonomi"].map(TermId::new);
        let fresh = RatingDraft::fresh(schema, 1, day(2), &relevant);
        let idx = |id: &str| {
            schema
                .domains()
                .iter()
                .position(|domain| domain.id().as_str() == id)
                .unwrap()
        };
        let rating = changed_on(
            schema,
            Rating::default(),
            &fresh,
            [
                Change::Mark {
                    domain_idx: idx("koebe_ind"),
                    rating: Some(3),
                },
                Change::Mark {
                    domain_idx: idx("lave_mad"),
                    rating: Some(2),
                },
                // A sub-theme not shown is not marked.
                Change::Mark {
                    domain_idx: idx("vaske_sig"),
                    rating: Some(1),
                },
            ],
        );
        let draft = rating.kept().unwrap();
        assert_eq!(draft.step, 0, "marking stays on the screen");
        assert_eq!(draft.rating(idx("vaske_sig")), None);
        let rating = changed_on(schema, rating, &fresh, [Change::Show { step: 2 }]);
        assert!(matches!(
            rating.screen(schema, 1, day(2), &relevant),
            RatingScreen::Check { .. }
        ));
        let assessment = rating
            .kept()
            .unwrap()
            .assessment(
                AssessmentId::from_random_bytes([3; 16]),
                CitizenId::from_random_bytes([1; 16]),
                schema,
                Rater::Staff,
                RecordMeta::new(DEVICE, at(10)),
            )
            .unwrap();
        let entries: Vec<String> = assessment
            .entries
            .iter()
            .map(|entry| format!("{} {:?}", entry.domain, entry.rating.map(DomainRating::get)))
            .collect();
        assert_eq!(
            entries,
            [
                "koebe_ind Some(3)",
                "lave_mad Some(2)",
                "varetage_oekonomi None"
            ],
            "ikke vurderet is an entry without a level"
        );
        let registry = Registry::bundled().unwrap();
        let stored = mestring_core::stored::StoredAssessment::from(&assessment);
        let raw = serde_json::to_value(stored).unwrap();
        assert_eq!(
            mestring_core::stored::decode_assessment(&raw, &registry),
            Ok(assessment)
        );
    }

    #[test]
    fn once_stored_only_the_thanks_are_left() {
        let fresh = RatingDraft::fresh(schema(), 1, day(2), &[]);
        let rating = changed(Rating::default(), &fresh, [rate(0, Some(5))]);
        let stored = act(rating.clone(), RatingAction::Stored);
        assert_eq!(shown(&stored, 1), "thanks");
        // Storing deleted the draft in the same transaction: nothing more is written.
        assert_eq!(stored.kept(), rating.kept());
    }
}
