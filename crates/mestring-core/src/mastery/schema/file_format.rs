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
    pub(super) code_system: String,
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
    #[serde(default)]
    pub(super) ffb_code: Option<String>,
    #[serde(default)]
    pub(super) code_verified: Option<bool>,
    pub(super) label: RawTexts,
    pub(super) text: RawTexts,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawDomain {
    pub(super) id: String,
    pub(super) ffb_code: String,
    pub(super) code_verified: bool,
    pub(super) title: RawTexts,
    pub(super) question: RawTexts,
}
