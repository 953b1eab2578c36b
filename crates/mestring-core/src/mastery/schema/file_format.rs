//! A schema file as written, before any rule is checked.
//! Kept apart from the validated types so the format can change without touching scoring.

use serde::Deserialize;

use crate::data_file::RawTexts;
use crate::fit::rated::Rater;
use crate::mastery::schema::{Direction, LadderKind};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSchema {
    pub(super) id: String,
    pub(super) version: u16,
    pub(super) title: RawTexts,
    pub(super) instructions: RawTexts,
    pub(super) rated_by: Vec<Rater>,
    pub(super) licence: String,
    #[serde(default)]
    pub(super) note: Option<String>,
    pub(super) ladder: RawLadder,
    pub(super) domains: Vec<RawDomain>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLadder {
    pub(super) kind: LadderKind,
    pub(super) min: u8,
    pub(super) max: u8,
    pub(super) higher_is: Direction,
    pub(super) unrated: RawTexts,
    pub(super) stages: Vec<RawStage>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawStage {
    pub(super) from: u8,
    pub(super) to: u8,
    /// The FFB function level of a function-level stage (an id of `assets/ffb/ffb.json`), whose display and
    /// gloss are its label.
    #[serde(default)]
    pub(super) ffb: Option<String>,
    #[serde(default)]
    pub(super) label: Option<RawTexts>,
    pub(super) text: RawTexts,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawDomain {
    pub(super) id: String,
    /// The FFB conditions the domain touches (ids of `assets/ffb/ffb.json`); on a function-level ladder, the one
    /// it rates, whose display and gloss are its title.
    pub(super) ffb: Vec<String>,
    #[serde(default)]
    pub(super) title: Option<RawTexts>,
    #[serde(default)]
    pub(super) question: Option<RawTexts>,
}
