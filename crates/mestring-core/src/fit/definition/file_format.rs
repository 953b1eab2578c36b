//! An instrument file as written, before any rule is checked.
//! Kept apart from the validated types so the format can change without touching scoring.
//! `deny_unknown_fields` everywhere: a misspelt field is a syntax error, not a silently missing norm.

use serde::Deserialize;

use crate::data_file::RawTexts;
use crate::fit::definition::{AgeGroup, Kind, Meeting};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDefinition {
    pub(super) id: String,
    pub(super) version: u16,
    pub(super) kind: Kind,
    pub(super) title: RawTexts,
    pub(super) instructions: RawTexts,
    pub(super) audience: RawAudience,
    pub(super) licence: String,
    #[serde(default)]
    pub(super) note: Option<String>,
    pub(super) scale: RawScale,
    pub(super) items: Vec<RawItem>,
    #[serde(default)]
    pub(super) norms: RawNorms,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAudience {
    pub(super) min_age: u8,
    pub(super) max_age: Option<u8>,
    pub(super) meeting: Meeting,
}

#[derive(Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub(super) enum RawScale {
    Line {
        length_cm: f64,
        min: f64,
        max: f64,
        step: f64,
    },
    Faces {
        faces: Vec<RawFace>,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFace {
    pub(super) value: f64,
    pub(super) label: RawTexts,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawItem {
    pub(super) id: String,
    pub(super) label: RawTexts,
    pub(super) anchors: RawAnchors,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAnchors {
    pub(super) low: RawTexts,
    pub(super) high: RawTexts,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawNorms {
    #[serde(default)]
    pub(super) cutoffs: Vec<RawAgeNorm>,
    #[serde(default)]
    pub(super) reliable_change: Vec<RawAgeNorm>,
    #[serde(default)]
    pub(super) alerts: Option<RawAlerts>,
    #[serde(default)]
    pub(super) talking_points: Option<RawTalkingPoints>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAgeNorm {
    pub(super) group: AgeGroup,
    pub(super) ages: RawAges,
    pub(super) value: f64,
    pub(super) source: String,
    pub(super) verified: bool,
    #[serde(default)]
    pub(super) note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAges {
    pub(super) min: u8,
    pub(super) max: Option<u8>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAlerts {
    pub(super) total_below: Option<RawNorm>,
    pub(super) drop_from_previous: Option<RawNorm>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTalkingPoints {
    pub(super) item_below: Option<RawNorm>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawNorm {
    pub(super) value: f64,
    pub(super) source: String,
    pub(super) verified: bool,
    #[serde(default)]
    pub(super) note: Option<String>,
}
