//! The mastery course as FHIR R4 resources, shaped after KL's FFB reporting guide (`kl.dk.fhir.ffbreporting`).
//!
//! - A domain rated on FFB's function levels is a `Condition`: the sub-theme's code from FFB's code system with its
//!   display, the function level as `severity` (only for *Aktivitet og deltagelse*, as KL's invariant
//!   `kl-reporting-ffb-condition-1` has it), `recordedDate` the day of the rating.
//! - A domain rated in the citizen's words (steps 1–10) is an `Observation`: no FFB function level, so no
//!   `Condition`; its code is the schema's domain beside the FFB themes it names.
//! - A goal is a `Goal`: category, description and target measures as KL's `InterventionGoal` (the goal type as the
//!   *måltype* target, the level aimed for as the *funktionsevneniveau* target), `addresses` the citizen's latest
//!   `Condition` of each sub-theme rated by then (the primary one of rank 1), or one made from the goal's own start level
//!   where none was rated; the GAS level texts, baseline, weight and start level in Mestring's extensions.
//! - The plan is a `CarePlan` with its goals and their activities (an activity's start date bounds its
//!   `scheduledTiming`); each follow-up an `Observation` of the GAS level per goal and one of the T-score, which
//!   has them as members. A Norwegian *individuell plan* adds its period, its measures as activities with the
//!   responsible service as performer, its coordinator and ansvarsgruppe as a contained `CareTeam` (by role,
//!   never by name), and its revision date and consent in Mestring's extensions: [`individual_plan`].
//! - Each meeting, recorded or logged in a plan ([`crate::meeting::with_plan_meetings`]: one resource a meeting), is an
//!   `Encounter` after the citizen's other course resources, in date order: [`encounter`].
//!
//! The subject is pseudonymous as in the forms: the citizen's Mestring id, never a personal number. Every resource's
//! id follows from the record it is made of, so the same files give the same bundle.

use chrono::NaiveDate;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::citizen::CitizenId;
use crate::ffb::{self, FunctionLevel, Rank, Term};
use crate::fit::Rater;
use crate::lang::Lang;
use crate::mastery::{self, Assessment, Goal, IndividualPlan, LadderKind, Plan};
use crate::meeting::{Gathered, Meeting, MeetingKind, Role};

use super::{CITIZEN_SYSTEM, RATER_SYSTEM};

/// KL's code system of the social care terms outside FFB (`CareSocialCodes`), which the reporting guide's goals use
/// for their category and target measures.
const KL_COMMON: &str = "http://fhir.kl.dk/term/CodeSystem/CareSocialCodes";
/// `FFB indsatsmål`, the category of every goal in KL's reporting.
const GOAL_CATEGORY: &str = "0bb3daef-538d-45dc-b444-abdbcb63f6bc";
/// The target measure `måltype`.
const MEASURE_GOAL_TYPE: &str = "90c48f03-f194-4b2f-ad7d-6cba1069ae48";
/// The target measure `funktionsevneniveau`.
const MEASURE_LEVEL: &str = "66959f77-6e2a-4574-8423-3ff097f8b9fa";
/// KL's extension ranking what a goal addresses: 1 primary, 2 secondary.
const CONDITION_RANK: &str = "http://fhir.kl.dk/core/StructureDefinition/ConditionRank";
const SNOMED: &str = "http://snomed.info/sct";
/// SNOMED CT's "goal" concept, the fixed description coding of KL's goals.
const SNOMED_GOAL: &str = "410518001";
/// Mestring's codes for Goal Attainment Scaling.
pub const GAS_SYSTEM: &str = "urn:mestring:gas";
/// Mestring's extensions of a goal.
pub const EXTENSION_GAS_LEVEL: &str = "urn:mestring:fhir:gas-level";
pub const EXTENSION_GAS_BASELINE: &str = "urn:mestring:fhir:gas-baseline";
pub const EXTENSION_GAS_WEIGHT: &str = "urn:mestring:fhir:gas-weight";
pub const EXTENSION_START_LEVEL: &str = "urn:mestring:fhir:function-level-at-start";
/// Mestring's extensions of an individual plan's `CarePlan`.
pub const EXTENSION_REVISION_DUE: &str = "urn:mestring:fhir:revision-due";
pub const EXTENSION_CONSENT: &str = "urn:mestring:fhir:consent";

/// KL's encounter class for care and social encounters (`v3-ActCode` HH), which every KL encounter profile fixes.
const ACT_CODE: &str = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
/// KL's encounter type *opfølgning*, which its reporting guide's follow-up encounters carry.
const ENCOUNTER_FOLLOW_UP: &str = "9f03dfbb-7a97-45a5-94db-d4c3501714a9";
/// Mestring's codes of a meeting's kind, of a participant's role, and of the participant who took the minutes.
pub const MEETING_KIND_SYSTEM: &str = "urn:mestring:meeting-kind";
pub const MEETING_ROLE_SYSTEM: &str = "urn:mestring:meeting-role";
pub const MEETING_DUTY_SYSTEM: &str = "urn:mestring:meeting-duty";

/// A record of the course, in the order the bundle takes them ([`course_order`]).
#[derive(Clone, Debug, PartialEq)]
pub enum Course {
    Assessment(Assessment),
    Plan(Plan),
    Meeting(Meeting),
}

impl Course {
    pub fn citizen_id(&self) -> CitizenId {
        match self {
            Course::Assessment(assessment) => assessment.citizen_id,
            Course::Plan(plan) => plan.citizen_id,
            Course::Meeting(meeting) => meeting.citizen_id,
        }
    }
}

/// Where a course record goes in the bundle: by citizen, their assessments (by date, round, rater, id) before their
/// plans (by id), so a goal can address the conditions rated before it, then their meetings (by id: the citizen's
/// meetings are gathered and put in date order before they are written).
pub type CourseOrder = (CitizenId, u8, Option<NaiveDate>, u32, &'static str, Uuid);

pub fn assessment_order(key: &crate::export::RatingKey) -> CourseOrder {
    (
        key.citizen_id,
        0,
        Some(key.date),
        key.round,
        key.rater.code(),
        key.id.uuid(),
    )
}

pub fn plan_order(citizen_id: CitizenId, plan_id: Uuid) -> CourseOrder {
    (citizen_id, 1, None, 0, "", plan_id)
}

pub fn meeting_order(citizen_id: CitizenId, meeting_id: Uuid) -> CourseOrder {
    (citizen_id, 2, None, 0, "", meeting_id)
}

pub fn course_order(course: &Course) -> CourseOrder {
    match course {
        Course::Assessment(assessment) => {
            assessment_order(&crate::export::RatingKey::from(assessment))
        }
        Course::Plan(plan) => plan_order(plan.citizen_id, plan.id.uuid()),
        Course::Meeting(meeting) => meeting_order(meeting.citizen_id, meeting.id.uuid()),
    }
}

/// The course's resources, a record at a time; remembers the current citizen's conditions for their goals, and
/// gathers their meetings, which are written once the citizen's records are all read ([`Resources::finish`]).
#[derive(Default)]
pub(super) struct Resources {
    citizen: Option<CitizenId>,
    /// The sub-themes rated with a function level, with the day and the `Condition`'s id.
    rated: Vec<(&'static str, NaiveDate, Uuid)>,
    meetings: Gathered,
}

impl Resources {
    /// The entries (full URL and resource) of `course`, after the previous citizen's encounters when it is the
    /// first record of another citizen.
    pub(super) fn of(
        &mut self,
        course: &Course,
        schemas: &mastery::Registry,
    ) -> Vec<(String, Value)> {
        let citizen_id = course.citizen_id();
        let mut entries = Vec::new();
        if self.citizen != Some(citizen_id) {
            entries = self.finish();
            self.citizen = Some(citizen_id);
            self.rated.clear();
        }
        match course {
            Course::Assessment(assessment) => entries.extend(self.assessment(assessment, schemas)),
            Course::Plan(plan) => {
                self.meetings.plan(plan);
                entries.extend(self.plan(plan));
            }
            Course::Meeting(meeting) => self.meetings.stored(meeting.clone()),
        }
        entries
    }

    /// The current citizen's encounters, in date order.
    pub(super) fn finish(&mut self) -> Vec<(String, Value)> {
        std::mem::take(&mut self.meetings)
            .meetings()
            .into_iter()
            .map(|(meeting, _)| (full_url(meeting.id.uuid()), encounter(&meeting)))
            .collect()
    }

    fn assessment(
        &mut self,
        assessment: &Assessment,
        schemas: &mastery::Registry,
    ) -> Vec<(String, Value)> {
        let Ok(schema) = schemas.get(&assessment.schema, Some(assessment.version)) else {
            return Vec::new();
        };
        let subject = subject(assessment.citizen_id);
        let mut entries = Vec::new();
        for domain in schema.domains() {
            let Some(entry) = assessment
                .entries
                .iter()
                .find(|entry| entry.domain == *domain.id())
            else {
                continue;
            };
            let id = derived(&[
                b"rating",
                assessment.id.uuid().as_bytes(),
                domain.id().as_str().as_bytes(),
            ]);
            if schema.ladder().kind() == LadderKind::FunctionLevel {
                let Some(condition) = domain.conditions().next() else {
                    continue;
                };
                let level = entry.rating.map(|rating| FunctionLevel::new(rating.get()));
                let severity = condition
                    .is_levelled()
                    .then(|| ffb::function_level(level))
                    .flatten();
                if condition.rank() == Rank::SubTheme && condition.is_levelled() {
                    self.rated
                        .push((condition.term().id(), assessment.date, id));
                }
                entries.push((
                    full_url(id),
                    condition_resource(
                        id,
                        condition.term(),
                        severity.map(ffb::Level::term),
                        &subject,
                        Some(assessment.date),
                    ),
                ));
                continue;
            }
            let mut codings = vec![json!({
                "system": format!("urn:mestring:mastery:{}", schema.id()),
                "code": domain.id().as_str(),
                "display": domain.title().get(Lang::Da),
            })];
            codings.extend(
                domain
                    .conditions()
                    .map(|condition| coding(condition.term())),
            );
            let mut observation = json!({
                "resourceType": "Observation",
                "id": id.to_string(),
                "status": "final",
                "code": { "coding": codings },
                "subject": subject,
                "effectiveDateTime": assessment.date.to_string(),
                "performer": [rater(assessment.rater, &subject)],
            });
            match entry.rating {
                Some(rating) => observation["valueInteger"] = json!(rating.get()),
                None => {
                    observation["dataAbsentReason"] = json!({ "coding": [{
                        "system": "http://terminology.hl7.org/CodeSystem/data-absent-reason",
                        "code": "not-performed",
                    }]});
                }
            }
            entries.push((full_url(id), observation));
        }
        entries
    }

    fn plan(&mut self, plan: &Plan) -> Vec<(String, Value)> {
        let subject = subject(plan.citizen_id);
        let plan_url = full_url(plan.id.uuid());
        let started = plan
            .agreed_on
            .or_else(|| plan.meetings.iter().map(|meeting| meeting.date).min());
        let mut entries = Vec::new();
        let mut goal_refs = Vec::new();
        let mut activities = Vec::new();
        for goal in &plan.goals {
            let goal_id = derived(&[
                b"goal",
                plan.id.uuid().as_bytes(),
                &goal.number.to_le_bytes(),
            ]);
            let mut addresses = Vec::new();
            for (idx, sub_theme) in goal.sub_themes.iter().enumerate() {
                let Some(condition) = ffb::levelled_sub_theme(sub_theme.as_str()) else {
                    continue;
                };
                let condition_id = match self.latest_rated(condition.term().id(), plan.agreed_on) {
                    Some(id) => id,
                    None => {
                        // Nothing rated by then: the goal's own start level is what it addresses.
                        let id = derived(&[
                            b"goal-condition",
                            plan.id.uuid().as_bytes(),
                            &goal.number.to_le_bytes(),
                            sub_theme.as_str().as_bytes(),
                        ]);
                        let level = if idx == 0 { goal.level_at_start } else { None };
                        let severity = ffb::function_level(level).map(ffb::Level::term);
                        let resource =
                            condition_resource(id, condition.term(), severity, &subject, started);
                        entries.push((full_url(id), resource));
                        id
                    }
                };
                let rank = if idx == 0 { 1 } else { 2 };
                addresses.push(json!({
                    "extension": [{ "url": CONDITION_RANK, "valuePositiveInt": rank }],
                    "reference": full_url(condition_id),
                }));
            }
            let follow_up_refs: Vec<Value> = plan
                .follow_ups
                .iter()
                .enumerate()
                .filter(|(_, follow_up)| follow_up.level_of(goal.number).is_some())
                .map(|(idx, _)| reference(attainment_id(plan, idx, goal.number)))
                .collect();
            entries.push((
                full_url(goal_id),
                goal_resource(plan, goal, goal_id, &subject, addresses, follow_up_refs),
            ));
            goal_refs.push(reference(goal_id));
            let status = if goal.ended.is_some() {
                "completed"
            } else if plan.agreed_on.is_none() {
                "not-started"
            } else {
                "in-progress"
            };
            for activity in &goal.activities {
                let mut detail = json!({ "status": status, "goal": [reference(goal_id)] });
                if let Some(what) = text(&activity.what) {
                    detail["description"] = json!(what);
                }
                // FHIR allows one `scheduled[x]`: a start date makes it a `Timing` bounded from that day,
                // with how often as its text; without one, how often stays a plain string.
                match (activity.start, text(&activity.how_often)) {
                    (Some(start), how_often) => {
                        let mut timing =
                            json!({ "repeat": { "boundsPeriod": { "start": start.to_string() } } });
                        if let Some(how_often) = how_often {
                            timing["code"] = json!({ "text": how_often });
                        }
                        detail["scheduledTiming"] = timing;
                    }
                    (None, Some(how_often)) => detail["scheduledString"] = json!(how_often),
                    (None, None) => {}
                }
                if let Some(support) = text(&activity.support) {
                    detail["performer"] = json!([{ "display": support }]);
                }
                activities.push(json!({ "detail": detail }));
            }
        }
        let mut care_plan = json!({
            "resourceType": "CarePlan",
            "id": plan.id.to_string(),
            "status": if plan.agreed_on.is_some() { "active" } else { "draft" },
            "intent": "plan",
            "subject": subject,
        });
        if let Some(date) = started {
            care_plan["period"] = json!({ "start": date.to_string() });
        }
        if !goal_refs.is_empty() {
            care_plan["goal"] = json!(goal_refs);
        }
        if !activities.is_empty() {
            care_plan["activity"] = json!(activities);
        }
        if let Some(ip) = &plan.individual_plan {
            individual_plan(&mut care_plan, ip, plan.agreed_on.is_some());
        }
        entries.push((plan_url, care_plan));
        entries.extend(follow_ups(plan, &subject));
        entries
    }

    /// The latest `Condition` of `sub_theme` rated on or before `by` (any, without a day).
    fn latest_rated(&self, sub_theme: &str, by: Option<NaiveDate>) -> Option<Uuid> {
        self.rated
            .iter()
            .filter(|(rated, date, _)| *rated == sub_theme && by.is_none_or(|by| *date <= by))
            .max_by_key(|(_, date, _)| *date)
            .map(|(_, _, id)| *id)
    }
}

fn condition_resource(
    id: Uuid,
    condition: &Term,
    severity: Option<&Term>,
    subject: &Value,
    recorded: Option<NaiveDate>,
) -> Value {
    let mut resource = json!({
        "resourceType": "Condition",
        "id": id.to_string(),
        "clinicalStatus": { "coding": [{
            "system": "http://terminology.hl7.org/CodeSystem/condition-clinical",
            "code": "active",
        }]},
        "verificationStatus": { "coding": [{
            "system": "http://terminology.hl7.org/CodeSystem/condition-ver-status",
            "code": "confirmed",
        }]},
        "code": { "coding": [coding(condition)] },
        "subject": subject,
    });
    if let Some(recorded) = recorded {
        resource["recordedDate"] = json!(recorded.to_string());
    }
    if let Some(severity) = severity {
        resource["severity"] = json!({ "coding": [coding(severity)] });
    }
    resource
}

fn goal_resource(
    plan: &Plan,
    goal: &Goal,
    id: Uuid,
    subject: &Value,
    addresses: Vec<Value>,
    outcomes: Vec<Value>,
) -> Value {
    let lifecycle = if goal.ended.is_some() {
        "completed"
    } else if plan.agreed_on.is_some() {
        "active"
    } else {
        "proposed"
    };
    let mut description = json!({ "coding": [{ "system": SNOMED, "code": SNOMED_GOAL }] });
    if let Some(words) = text(&goal.own_words) {
        description["text"] = json!(words);
    }
    let mut targets = Vec::new();
    if let Some(goal_type) = goal
        .goal_type
        .as_ref()
        .and_then(|id| ffb::goal_type(id.as_str()))
    {
        targets.push(target(MEASURE_GOAL_TYPE, goal_type));
    }
    if let Some(level) = goal
        .level_aimed_for
        .and_then(|level| ffb::function_level(Some(level)))
    {
        targets.push(target(MEASURE_LEVEL, level.term()));
    }
    let mut extensions: Vec<Value> = (-2i8..=2)
        .filter_map(|level| {
            let text = text(goal.level_text(level))?;
            Some(json!({
                "url": EXTENSION_GAS_LEVEL,
                "extension": [
                    { "url": "level", "valueInteger": level },
                    { "url": "text", "valueString": text },
                ],
            }))
        })
        .collect();
    if let Some(baseline) = goal.baseline {
        extensions.push(json!({ "url": EXTENSION_GAS_BASELINE, "valueInteger": baseline }));
    }
    if let Some(weight) = goal.weight {
        extensions.push(json!({
            "url": EXTENSION_GAS_WEIGHT,
            "extension": [
                { "url": "importance", "valueInteger": weight.importance },
                { "url": "difficulty", "valueInteger": weight.difficulty },
            ],
        }));
    }
    if !goal.sub_themes.is_empty()
        && let Some(level) = ffb::function_level(goal.level_at_start)
    {
        extensions.push(json!({
            "url": EXTENSION_START_LEVEL,
            "valueCodeableConcept": { "coding": [coding(level.term())] },
        }));
    }
    let mut resource = json!({
        "resourceType": "Goal",
        "id": id.to_string(),
        "lifecycleStatus": lifecycle,
        "category": [{ "coding": [{
            "system": KL_COMMON,
            "code": GOAL_CATEGORY,
            "display": "FFB indsatsmål",
        }]}],
        "description": description,
        "subject": subject,
    });
    if !extensions.is_empty() {
        resource["extension"] = json!(extensions);
    }
    if !targets.is_empty() {
        resource["target"] = json!(targets);
    }
    if let Some(ended) = goal.ended {
        resource["statusDate"] = json!(ended.to_string());
    }
    if !addresses.is_empty() {
        resource["addresses"] = json!(addresses);
    }
    if !outcomes.is_empty() {
        resource["outcomeReference"] = json!(outcomes);
    }
    resource
}

fn target(measure: &str, detail: &Term) -> Value {
    json!({
        "measure": { "coding": [{ "system": KL_COMMON, "code": measure }] },
        "detailCodeableConcept": { "coding": [coding(detail)] },
    })
}

/// Each follow-up: an `Observation` of the level each goal reached, and one of the T-score with those as members.
fn follow_ups(plan: &Plan, subject: &Value) -> Vec<(String, Value)> {
    let mut entries = Vec::new();
    for (idx, follow_up) in plan.follow_ups.iter().enumerate() {
        let date = follow_up.date.to_string();
        let mut members = Vec::new();
        for (number, level) in &follow_up.attained {
            let id = attainment_id(plan, idx, *number);
            let goal_id = derived(&[b"goal", plan.id.uuid().as_bytes(), &number.to_le_bytes()]);
            entries.push((
                full_url(id),
                json!({
                    "resourceType": "Observation",
                    "id": id.to_string(),
                    "status": "final",
                    "code": { "coding": [{
                        "system": GAS_SYSTEM,
                        "code": "attainment",
                        "display": "Målopfyldelse (GAS-niveau)",
                    }]},
                    "subject": subject,
                    "focus": [reference(goal_id)],
                    "effectiveDateTime": date,
                    "valueInteger": level,
                }),
            ));
            members.push(reference(id));
        }
        let Ok(score) = plan.t_score(follow_up) else {
            continue;
        };
        let id = derived(&[
            b"t-score",
            plan.id.uuid().as_bytes(),
            &(idx as u64).to_le_bytes(),
        ]);
        let mut observation = json!({
            "resourceType": "Observation",
            "id": id.to_string(),
            "status": "final",
            "code": { "coding": [{ "system": GAS_SYSTEM, "code": "t-score", "display": "GAS T-score" }] },
            "subject": subject,
            "focus": [reference(plan.id.uuid())],
            "effectiveDateTime": date,
            "valueQuantity": quantity(score),
            "hasMember": members,
        });
        if let Some(Ok(baseline)) = plan.baseline_t_score(follow_up) {
            observation["component"] = json!([{
                "code": { "coding": [{
                    "system": GAS_SYSTEM,
                    "code": "baseline-t-score",
                    "display": "GAS T-score ved start",
                }]},
                "valueQuantity": quantity(baseline),
            }]);
        }
        entries.push((full_url(id), observation));
    }
    entries
}

/// A meeting as an `Encounter`, shaped after KL's care and social encounters: `status` finished (a record of a
/// meeting held), `class` HH as KL fixes it, `type` the meeting's kind in Mestring's codes (with KL's *opfølgning*
/// beside a follow-up), `period.start` the day, with the start time where recorded (at the offset of the device's
/// clock when the record was written: a meeting's time is local and the record keeps no zone), a `participant` per
/// person typed by role (no one is named; the citizen is the `subject`), the one who took the minutes marked so.
///
/// The agreements and the note stay out: R4's `Encounter` has no element for text, a receiving system would
/// read an extension of Mestring's as nothing, and free text is where a name slips past the check for personal
/// numbers; the caseworker reads them in `meetings.csv`.
fn encounter(meeting: &Meeting) -> Value {
    let mut kinds = vec![json!({
        "system": MEETING_KIND_SYSTEM,
        "code": meeting.kind.code(),
        "display": kind_display(meeting.kind),
    })];
    if meeting.kind == MeetingKind::FollowUp {
        kinds.push(
            json!({ "system": KL_COMMON, "code": ENCOUNTER_FOLLOW_UP, "display": "opfølgning" }),
        );
    }
    let mut minutes_marked = false;
    let participants: Vec<Value> = meeting
        .participants
        .iter()
        .map(|role| {
            let mut types = vec![json!({ "coding": [{
                "system": MEETING_ROLE_SYSTEM,
                "code": role.code(),
                "display": role_display(*role),
            }]})];
            if meeting.minutes_by == Some(*role) && !minutes_marked {
                minutes_marked = true;
                types.push(json!({ "coding": [{
                    "system": MEETING_DUTY_SYSTEM,
                    "code": "minutes",
                    "display": "Tager referat",
                }]}));
            }
            json!({ "type": types })
        })
        .collect();
    let start = match meeting.time {
        Some(time) => meeting
            .date
            .and_time(time)
            .and_local_timezone(*meeting.meta.created_at.offset())
            .single()
            .map(|start| start.to_rfc3339())
            .unwrap_or_else(|| meeting.date.to_string()),
        None => meeting.date.to_string(),
    };
    json!({
        "resourceType": "Encounter",
        "id": meeting.id.to_string(),
        "status": "finished",
        "class": { "system": ACT_CODE, "code": "HH" },
        "type": [{ "coding": kinds }],
        "subject": subject(meeting.citizen_id),
        "participant": participants,
        "period": { "start": start },
    })
}

/// The IP part of a plan added to its `care_plan`: the plan period, the measures as activities (`agreed`: under
/// way, or not started), the coordinator and ansvarsgruppe as a contained `CareTeam`, the revision date and the
/// consent as Mestring's extensions.
fn individual_plan(care_plan: &mut Value, ip: &IndividualPlan, agreed: bool) {
    if let Some(from) = ip.period_from {
        care_plan["period"]["start"] = json!(from.to_string());
    }
    if let Some(to) = ip.period_to {
        care_plan["period"]["end"] = json!(to.to_string());
    }
    let status = if agreed { "in-progress" } else { "not-started" };
    let measures = ip.measures().map(|measure| {
        let mut detail = json!({ "status": status, "description": measure.what.trim() });
        if let Some(responsible) = text(&measure.responsible) {
            detail["performer"] = json!([{ "display": responsible }]);
        }
        json!({ "detail": detail })
    });
    let mut activities = care_plan["activity"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    activities.extend(measures);
    if !activities.is_empty() {
        care_plan["activity"] = json!(activities);
    }
    let role = |role: Role| json!([{ "coding": [{ "system": MEETING_ROLE_SYSTEM, "code": role.code(), "display": role_display(role) }] }]);
    let participant = |of: Role, display: &str| {
        let mut participant = json!({ "role": role(of) });
        if let Some(display) = text(display) {
            participant["member"] = json!({ "display": display });
        }
        participant
    };
    let coordinator = text(&ip.coordinator).map(|text| participant(Role::Coordinator, text));
    let members = ip
        .members
        .iter()
        .map(|member| participant(member.role, &member.description));
    let participants: Vec<Value> = coordinator.into_iter().chain(members).collect();
    if !participants.is_empty() {
        care_plan["contained"] = json!([{
            "resourceType": "CareTeam",
            "id": "ansvarsgruppe",
            "name": "Ansvarsgruppe",
            "participant": participants,
        }]);
        care_plan["careTeam"] = json!([{ "reference": "#ansvarsgruppe" }]);
    }
    let mut extensions = Vec::new();
    if let Some(due) = ip.revision_due {
        extensions.push(json!({ "url": EXTENSION_REVISION_DUE, "valueDate": due.to_string() }));
    }
    if let Some(consent) = ip.consent {
        let mut parts = vec![json!({ "url": "given", "valueBoolean": consent.given })];
        if let Some(date) = consent.date {
            parts.push(json!({ "url": "date", "valueDate": date.to_string() }));
        }
        extensions.push(json!({ "url": EXTENSION_CONSENT, "extension": parts }));
    }
    if !extensions.is_empty() {
        care_plan["extension"] = json!(extensions);
    }
}

fn kind_display(kind: MeetingKind) -> &'static str {
    match kind {
        MeetingKind::Dialogue => "Dialogmøde",
        MeetingKind::FollowUp => "Opfølgning",
        MeetingKind::Acute => "Akut kontakt",
        MeetingKind::Network => "Netværksmøde",
    }
}

fn role_display(role: Role) -> &'static str {
    match role {
        Role::Citizen => "Borger",
        Role::Relative => "Forælder eller anden pårørende",
        Role::Staff => "Medarbejder",
        Role::Caseworker => "Sagsbehandler",
        Role::Coordinator => "Koordinator",
        Role::NetworkMember => "Netværksperson",
        Role::OtherProfessional => "Anden fagperson",
    }
}

fn quantity(score: mastery::TScore) -> Value {
    json!({ "value": f64::from(score.tenths()) / 10.0, "unit": "T-score" })
}

fn attainment_id(plan: &Plan, follow_up_idx: usize, goal: u32) -> Uuid {
    derived(&[
        b"attainment",
        plan.id.uuid().as_bytes(),
        &(follow_up_idx as u64).to_le_bytes(),
        &goal.to_le_bytes(),
    ])
}

fn subject(citizen_id: CitizenId) -> Value {
    json!({
        "type": "Patient",
        "identifier": { "system": CITIZEN_SYSTEM, "value": citizen_id.to_string() },
    })
}

/// Who rated: the citizen (the subject), or a related person's or staff's role.
fn rater(rater: Rater, subject: &Value) -> Value {
    let role = |kind: &str| {
        json!({
            "type": kind,
            "identifier": { "system": RATER_SYSTEM, "value": rater.code() },
        })
    };
    match rater {
        Rater::Oneself => subject.clone(),
        Rater::Parent => role("RelatedPerson"),
        Rater::Staff => role("Practitioner"),
    }
}

fn coding(term: &Term) -> Value {
    json!({ "system": ffb::SYSTEM, "code": term.code(), "display": term.display() })
}

fn reference(id: Uuid) -> Value {
    json!({ "reference": full_url(id) })
}

fn full_url(id: Uuid) -> String {
    format!("urn:uuid:{id}")
}

/// A typed text as FHIR takes it: never empty, never only spaces.
fn text(typed: &str) -> Option<&str> {
    let trimmed = typed.trim();
    (!trimmed.is_empty()).then_some(trimmed)
}

/// An id made from what the resource is of, the same every time: a UUID (version 8) from SHA-256 of the parts.
fn derived(parts: &[&[u8]]) -> Uuid {
    let mut hash = Sha256::new();
    hash.update(b"mestring-fhir");
    for part in parts {
        hash.update((part.len() as u64).to_le_bytes());
        hash.update(part);
    }
    let digest = hash.finalize();
    let mut bytes = [0; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_custom_bytes(bytes).into_uuid()
}
