//! The published numbers a total is read against, each with its provenance.

#[cfg(feature = "compiled")]
use serde::{Deserialize, Serialize};

use crate::fit::definition::{AgeGroup, AgeRange};
use crate::fit::rated::Age;
use crate::fit::tenths::Tenths;

/// A number with its provenance. `verified` is false where the source's figure was not read first-hand.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "compiled", derive(Serialize, Deserialize))]
pub struct Norm {
    pub(super) value: Tenths,
    pub(super) source: String,
    pub(super) verified: bool,
}

impl Norm {
    pub fn value(&self) -> Tenths {
        self.value
    }

    pub fn source(&self) -> &str {
        &self.source
    }

    pub fn verified(&self) -> bool {
        self.verified
    }
}

/// A norm that holds for one age band of the rated person.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "compiled", derive(Serialize, Deserialize))]
pub struct AgeNorm {
    pub(super) group: AgeGroup,
    pub(super) ages: AgeRange,
    pub(super) norm: Norm,
}

impl AgeNorm {
    pub fn group(&self) -> AgeGroup {
        self.group
    }

    pub fn ages(&self) -> AgeRange {
        self.ages
    }

    pub fn norm(&self) -> &Norm {
        &self.norm
    }

    pub fn value(&self) -> Tenths {
        self.norm.value
    }
}

/// The session-scale alert rules; any of them may be absent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "compiled", derive(Serialize, Deserialize))]
pub struct AlertRules {
    pub(super) total_below: Option<Norm>,
    pub(super) drop_from_previous: Option<Norm>,
}

impl AlertRules {
    /// Alert when the total is under this value.
    pub fn total_below(&self) -> Option<&Norm> {
        self.total_below.as_ref()
    }

    /// Alert when the total fell by at least this much since the previous meeting.
    pub fn drop_from_previous(&self) -> Option<&Norm> {
        self.drop_from_previous.as_ref()
    }
}

/// The session-scale rules that suggest a question rather than raise an alert.
///
/// Kept apart from [`AlertRules`] because their source asks staff to check in, not to act: with SRS items
/// near the ceiling an item rule fires at most meetings, and counted as an alert it would teach staff to
/// ignore alerts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "compiled", derive(Serialize, Deserialize))]
pub struct TalkingPointRules {
    pub(super) item_below: Option<Norm>,
}

impl TalkingPointRules {
    /// A talking point when an item is under this value.
    pub fn item_below(&self) -> Option<&Norm> {
        self.item_below.as_ref()
    }
}

/// What a total is read against. Outcome scales have cut-offs and reliable change indices by age;
/// session scales have alert rules and talking-point rules.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "compiled", derive(Serialize, Deserialize))]
pub struct Norms {
    pub(super) cutoffs: Vec<AgeNorm>,
    pub(super) reliable_change: Vec<AgeNorm>,
    pub(super) alerts: AlertRules,
    pub(super) talking_points: TalkingPointRules,
}

impl Norms {
    pub fn cutoffs(&self) -> &[AgeNorm] {
        &self.cutoffs
    }

    pub fn reliable_change(&self) -> &[AgeNorm] {
        &self.reliable_change
    }

    pub fn alerts(&self) -> &AlertRules {
        &self.alerts
    }

    pub fn talking_points(&self) -> &TalkingPointRules {
        &self.talking_points
    }

    /// The clinical cut-off for the rated person's age, if one is defined for it.
    pub fn cutoff_for(&self, age: Age) -> Option<&AgeNorm> {
        self.cutoffs.iter().find(|norm| norm.ages.contains(age))
    }

    /// The reliable change index for the rated person's age, if one is defined for it.
    pub fn reliable_change_for(&self, age: Age) -> Option<&AgeNorm> {
        self.reliable_change
            .iter()
            .find(|norm| norm.ages.contains(age))
    }
}
