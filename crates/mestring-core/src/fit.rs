//! Feedback-Informed Treatment (FIT/PCOMS): the ORS and SRS families, scored on the device.
//!
//! The instruments are data ([`Definition`]s, from `assets/instruments/`); one scorer serves them all.
//! The path of a form: a mark becomes [`Tenths`] ([`Tenths::from_mark`]), the answers become a [`Score`] ([`score()`]),
//! the score is read against the norms for the rated person's age ([`interpret`]), and a series of outcome totals
//! becomes [`Change`] ([`change()`]).
//! [`ScoreReport`] and [`ChangeReport`] are the serializable shapes of the results.

pub mod change;
pub mod definition;
pub mod feedback;
pub mod meeting;
pub mod norms;
pub mod rated;
pub mod registry;
pub mod report;
pub mod response;
pub mod score;
pub mod tenths;

pub use crate::data_file::{LookupError, LookupErrorKind, SourceFile};
pub use change::{Change, ChangeError, ChangeErrorKind, Reliable, SessionTotal, change};
pub use definition::{Definition, DefinitionError, ItemId, Kind};
pub use feedback::{Feedback, FeedbackError, ItemAnswer, Reading, feedback};
pub use norms::{
    Context, Interpretation, NormError, NormErrorKind, OutcomeStatus, SessionAlert, SessionStatus,
    TalkingPoint, interpret, outcome_status, session_status,
};
pub use rated::{Age, AgeBasis, Rater, age_on};
pub use registry::{Registry, RegistryError};
pub use report::{ChangeReport, ScoreReport};
pub use response::{NextForm, Response, ResponseId, next_form};
pub use score::{Score, ScoreError, ScoreErrorKind, Total, score};
pub use tenths::{Delta, Tenths, ValueError, ValueErrorKind};
