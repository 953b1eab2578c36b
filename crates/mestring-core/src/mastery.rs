//! Mastery schemas (mestringsskema) and the mastery plan (mestringsplan), scored on the device.
//!
//! A schema is data ([`Schema`]s, from `assets/schemas/`): life domains with their FFB codes, rated on a ladder
//! by the citizen and separately by staff. An [`Assessment`] is read as a [`Profile`] ([`profile`]), set beside the other
//! rater's ([`gaps`]) and against the same rater's previous one ([`change_since_previous`]).
//! Goals are scored with Goal Attainment Scaling ([`t_score`]), [`plan`] holds the follow-up rules,
//! and [`course`] the plan as a record: dialogue meetings, goals and follow-ups. [`round`] keeps raters blind to each other.

pub mod assessment;
pub mod course;
pub mod gas;
pub mod individual_plan;
pub mod plan;
pub mod registry;
pub mod round;
pub mod schema;

pub use crate::data_file::{LookupError, LookupErrorKind};
pub use assessment::{
    Assessment, AssessmentError, AssessmentErrorKind, AssessmentId, AssessmentIssue, Change,
    ChangeError, ChangeErrorKind, DomainChange, DomainScore, Entry, Gap, GapError, GapErrorKind,
    Profile, Rating, TALKING_POINT_GAP, Trend, change_since_previous, gaps, profile,
};
pub use course::{
    Activity, BASELINE_LEVELS, DialogueMeeting, FollowUp, GasWeight, Goal, Participant, Plan,
    PlanId, PlanIssue, PlanText, goal_issues, goal_texts, individual_plan_issues,
    individual_plan_texts, missing_plan_since, next_goal_number,
};
pub use gas::{GasError, GasErrorKind, GoalAttainment, TScore, t_score};
pub use individual_plan::{
    Consent, IndividualPlan, Measure, Member, Missing, REVISION_NOTICE_DAYS, Revision,
};
pub use plan::{
    Interval, counted_held, follow_up_due, follow_up_overdue, plan_missing_after_meetings,
};
pub use registry::{Registry, RegistryError};
pub use round::{Round, next_round, required_raters, rounds};
pub use schema::{
    Direction, Domain, DomainId, Ladder, LadderKind, Schema, SchemaError, SchemaId, Stage, Texts,
};
