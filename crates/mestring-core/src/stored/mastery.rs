//! The stored shapes of mastery assessments and plans, version 1, read the same way as citizens and forms.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use super::{DecodeError, Migration, StoredMeta, at_least_one, migrate, named, read_meta};
use crate::citizen::CitizenId;
use crate::fit::Rater;
use crate::fit::definition::Version;
use crate::iso;
use crate::mastery::{
    Assessment, AssessmentId, DialogueMeeting, DomainId, Entry, FollowUp, Goal, IndividualPlan,
    Interval, Plan, PlanId, Rating, Registry, SchemaId, profile,
};
use crate::record;

/// The version of the assessment record this code writes.
pub const ASSESSMENT_SCHEMA_VERSION: u32 = 1;
const ASSESSMENT_MIGRATIONS: [Migration; ASSESSMENT_SCHEMA_VERSION as usize - 1] = [];

/// A completed assessment as stored. `citizen_id` and `date` are indexed by the browser store.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredAssessment {
    pub schema_version: u32,
    #[serde(deserialize_with = "record::uuid")]
    pub id: Uuid,
    #[serde(deserialize_with = "record::uuid")]
    pub citizen_id: Uuid,
    pub round: u32,
    #[serde(deserialize_with = "iso::date")]
    pub date: NaiveDate,
    /// The mastery schema's id and edition (named so as not to clash with `schema_version`).
    pub mastery_schema: String,
    pub mastery_schema_version: u16,
    pub rater: Rater,
    pub entries: Vec<StoredEntry>,
    #[serde(flatten)]
    pub meta: StoredMeta,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredEntry {
    pub domain: String,
    pub rating: Option<u8>,
    #[serde(default)]
    pub comment: Option<String>,
}

impl From<&Assessment> for StoredAssessment {
    fn from(assessment: &Assessment) -> StoredAssessment {
        StoredAssessment {
            schema_version: ASSESSMENT_SCHEMA_VERSION,
            id: assessment.id.uuid(),
            citizen_id: assessment.citizen_id.uuid(),
            round: assessment.round,
            date: assessment.date,
            mastery_schema: assessment.schema.as_str().to_owned(),
            mastery_schema_version: assessment.version.get(),
            rater: assessment.rater,
            entries: assessment
                .entries
                .iter()
                .map(|entry| StoredEntry {
                    domain: entry.domain.as_str().to_owned(),
                    rating: entry.rating.map(Rating::get),
                    comment: entry.comment.clone(),
                })
                .collect(),
            meta: StoredMeta::from(&assessment.meta),
        }
    }
}

/// Reads a raw stored assessment, checking it against the schema edition it was rated on.
pub fn decode_assessment(raw: &Value, registry: &Registry) -> Result<Assessment, DecodeError> {
    let value = migrate(raw, ASSESSMENT_SCHEMA_VERSION, &ASSESSMENT_MIGRATIONS)?;
    let meta = read_meta(&value)?;
    let stored: StoredAssessment = named(&value)?;
    at_least_one("round", stored.round)?;
    let assessment = Assessment {
        id: AssessmentId::from_uuid(stored.id),
        round: stored.round,
        schema: SchemaId::new(&stored.mastery_schema),
        version: Version::new(stored.mastery_schema_version),
        citizen_id: CitizenId::from_uuid(stored.citizen_id),
        date: stored.date,
        rater: stored.rater,
        entries: stored
            .entries
            .into_iter()
            .map(|entry| Entry {
                domain: DomainId::new(&entry.domain),
                rating: entry.rating.map(Rating::new),
                comment: entry.comment,
            })
            .collect(),
        meta,
    };
    let schema = registry
        .get(&assessment.schema, Some(assessment.version))
        .map_err(|err| DecodeError::Invalid(err.to_string()))?;
    profile(schema, &assessment).map_err(|err| DecodeError::Invalid(err.to_string()))?;
    Ok(assessment)
}

/// The version of the plan record this code writes. 2 added `last_goal_number` and each goal's `ended`;
/// 3 each goal's FFB terms (`sub_themes`, `goal_type`, `level_at_start`, `level_aimed_for`) and its GAS
/// `baseline` and `weight`; 4 took out the plan's own `meetings` and `agreements`, which are meeting records
/// now (read from an older record by [`older_meetings`]); 5 each activity's `start` and the Norwegian
/// `individual_plan` part.
pub const PLAN_SCHEMA_VERSION: u32 = 5;
const PLAN_MIGRATIONS: [Migration; PLAN_SCHEMA_VERSION as usize - 1] =
    [plan_v1_to_v2, plan_v2_to_v3, plan_v3_to_v4, plan_v4_to_v5];

/// Version 4 activities had no start date: none is set, so a plan agreed before it counts as made only once
/// staff give one of its activities a start ([`crate::mastery::Plan::is_made`]). Nor had it an individual
/// plan part: such a plan is not an IP.
fn plan_v4_to_v5(mut value: Value) -> Result<Value, String> {
    let Some(goals) = value.get_mut("goals").and_then(Value::as_array_mut) else {
        return Err("goals: not a list".to_owned());
    };
    for goal in goals {
        let Some(activities) = goal.get_mut("activities").and_then(Value::as_array_mut) else {
            return Err("goals: an entry's activities are not a list".to_owned());
        };
        for activity in activities {
            let Some(activity) = activity.as_object_mut() else {
                return Err("activities: an entry is not an object".to_owned());
            };
            activity.insert("start".to_owned(), Value::Null);
        }
    }
    if let Some(plan) = value.as_object_mut() {
        plan.insert("individual_plan".to_owned(), Value::Null);
    }
    Ok(value)
}

/// Version 3 and older kept the dialogue meetings and one text of agreements in the plan. They are read
/// before the migration ([`older_meetings`]) and become meeting records; the plan of version 4 keeps neither.
fn plan_v3_to_v4(mut value: Value) -> Result<Value, String> {
    let Some(plan) = value.as_object_mut() else {
        return Err("not an object".to_owned());
    };
    for field in ["meetings", "agreements"] {
        if plan.remove(field).is_none() {
            return Err(format!("{field}: missing in a version 3 record"));
        }
    }
    Ok(value)
}

/// What a plan of version 3 or older kept of its meetings: its dialogue meetings and its agreements.
#[derive(Deserialize)]
struct OlderMeetings {
    meetings: Vec<DialogueMeeting>,
    agreements: String,
}

/// The dialogue meetings and agreements a raw plan of version 3 or older kept; none for a later one.
fn older_meetings(raw: &Value) -> Result<(Vec<DialogueMeeting>, String), DecodeError> {
    let version = raw.get("schema_version").and_then(Value::as_u64);
    if version.is_some_and(|version| (1..4).contains(&version)) {
        let older: OlderMeetings = named(raw)?;
        return Ok((older.meetings, older.agreements));
    }
    Ok((Vec::new(), String::new()))
}

/// Version 1 had no goal counter and no ended goals: its goals are all worked on, and the numbers given out
/// are those its goals and follow-ups name (a goal removed without a trace left none to count).
fn plan_v1_to_v2(mut value: Value) -> Result<Value, String> {
    let number = |value: &Value| value.as_u64().unwrap_or(0);
    let goal_numbers = value["goals"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|goal| number(&goal["number"]));
    let scored_numbers = value["follow_ups"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|follow_up| follow_up["attained"].as_array().into_iter().flatten())
        .map(|pair| number(&pair[0]));
    let last = goal_numbers.chain(scored_numbers).max().unwrap_or(0);
    let Some(goals) = value.get_mut("goals").and_then(Value::as_array_mut) else {
        return Err("goals: not a list".to_owned());
    };
    for goal in goals {
        let Some(goal) = goal.as_object_mut() else {
            return Err("goals: an entry is not an object".to_owned());
        };
        goal.insert("ended".to_owned(), Value::Null);
    }
    let Some(plan) = value.as_object_mut() else {
        return Err("not an object".to_owned());
    };
    plan.insert("last_goal_number".to_owned(), Value::from(last));
    Ok(value)
}

/// Version 2 goals were set before FFB terms, baselines and weights: none of them had any. The editor asks
/// for the FFB terms when such a goal is changed; until then it is read, followed up and scored (weight 1) as before.
fn plan_v2_to_v3(mut value: Value) -> Result<Value, String> {
    let Some(goals) = value.get_mut("goals").and_then(Value::as_array_mut) else {
        return Err("goals: not a list".to_owned());
    };
    for goal in goals {
        let Some(goal) = goal.as_object_mut() else {
            return Err("goals: an entry is not an object".to_owned());
        };
        goal.insert("sub_themes".to_owned(), Value::Array(Vec::new()));
        for field in [
            "goal_type",
            "level_at_start",
            "level_aimed_for",
            "baseline",
            "weight",
        ] {
            goal.insert(field.to_owned(), Value::Null);
        }
    }
    Ok(value)
}

/// A citizen's plan as stored. `date` (the day it was agreed, or the first meeting's) is indexed with the citizen.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredPlan {
    pub schema_version: u32,
    #[serde(deserialize_with = "record::uuid")]
    pub id: Uuid,
    #[serde(deserialize_with = "record::uuid")]
    pub citizen_id: Uuid,
    /// The mastery schema the goals' domains belong to.
    pub mastery_schema: String,
    #[serde(default, deserialize_with = "iso::optional_date")]
    pub date: Option<NaiveDate>,
    #[serde(default, deserialize_with = "iso::optional_date")]
    pub agreed_on: Option<NaiveDate>,
    pub goals: Vec<Goal>,
    pub follow_up_months: u8,
    pub follow_ups: Vec<FollowUp>,
    /// The highest goal number given out, removed goals included.
    pub last_goal_number: u32,
    /// The Norwegian individual plan part; `null` for a plan that is not one.
    #[serde(default)]
    pub individual_plan: Option<IndividualPlan>,
    #[serde(flatten)]
    pub meta: StoredMeta,
}

impl From<&Plan> for StoredPlan {
    fn from(plan: &Plan) -> StoredPlan {
        let first_meeting = plan.meetings.iter().map(|meeting| meeting.date).min();
        StoredPlan {
            schema_version: PLAN_SCHEMA_VERSION,
            id: plan.id.uuid(),
            citizen_id: plan.citizen_id.uuid(),
            mastery_schema: plan.schema.as_str().to_owned(),
            date: plan.agreed_on.or(first_meeting),
            agreed_on: plan.agreed_on,
            goals: plan.goals.clone(),
            follow_up_months: plan.interval.get(),
            follow_ups: plan.follow_ups.clone(),
            last_goal_number: plan.last_goal_number,
            individual_plan: plan.individual_plan.clone(),
            meta: StoredMeta::from(&plan.meta),
        }
    }
}

/// Reads a raw stored plan, checking its goals against the mastery schema they name.
pub fn decode_plan(raw: &Value, registry: &Registry) -> Result<Plan, DecodeError> {
    let value = migrate(raw, PLAN_SCHEMA_VERSION, &PLAN_MIGRATIONS)?;
    let (meetings, agreements) = older_meetings(raw)?;
    let meta = read_meta(&value)?;
    let stored: StoredPlan = named(&value)?;
    for (idx, goal) in stored.goals.iter().enumerate() {
        at_least_one(&format!("goals[{idx}].number"), goal.number)?;
    }
    let interval = Interval::months(stored.follow_up_months)
        .ok_or_else(|| DecodeError::Invalid("follow-up every 0 months".to_owned()))?;
    let plan = Plan {
        id: PlanId::from_uuid(stored.id),
        citizen_id: CitizenId::from_uuid(stored.citizen_id),
        schema: SchemaId::new(&stored.mastery_schema),
        meetings,
        agreed_on: stored.agreed_on,
        goals: stored.goals,
        agreements,
        interval,
        follow_ups: stored.follow_ups,
        last_goal_number: stored.last_goal_number,
        individual_plan: stored.individual_plan,
        meta,
    };
    let schema = registry
        .get(&plan.schema, None)
        .map_err(|err| DecodeError::Invalid(err.to_string()))?;
    let issues = plan.issues(schema);
    if !issues.is_empty() {
        let issues: Vec<String> = issues.iter().map(ToString::to_string).collect();
        return Err(DecodeError::Invalid(issues.join("; ")));
    }
    Ok(plan)
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use expect_test::expect;
    use serde_json::json;

    use super::*;
    use crate::citizen::CitizenId;
    use crate::mastery::plan;
    use crate::record::RecordMeta;
    use crate::testing::{DEVICE, assessment, at};

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
    }

    fn citizen() -> CitizenId {
        CitizenId::from_random_bytes([1; 16])
    }

    #[test]
    fn a_stored_assessment_round_trips_and_keeps_its_shape() {
        let registry = Registry::bundled().unwrap();
        let mut rated = assessment(
            citizen(),
            Rater::Staff,
            2,
            day(4),
            &[("home", Some(7)), ("talking", None)],
        );
        rated.entries[0].comment = Some("Vasker selv op".to_owned());
        let raw = serde_json::to_value(StoredAssessment::from(&rated)).unwrap();
        assert_eq!(decode_assessment(&raw, &registry), Ok(rated));
        expect![[r#"{"citizen_id":"01010101-0101-4101-8101-010101010101","created_at":"2026-11-23T10:00:00+01:00","date":"2026-03-04","device_id":"5e5e5e5e-5e5e-5e5e-5e5e-5e5e5e5e5e5e","entries":[{"comment":"Vasker selv op","domain":"home","rating":7},{"comment":null,"domain":"talking","rating":null}],"exported_at":null,"id":"03025f49-0b00-4101-8101-010101010101","mastery_schema":"mastery","mastery_schema_version":1,"rater":"staff","revision":1,"round":2,"schema_version":1,"updated_at":"2026-11-23T10:00:00+01:00"}"#]]
        .assert_eq(&raw.to_string());
    }

    #[test]
    fn an_assessment_off_its_ladder_or_schema_is_invalid() {
        let registry = Registry::bundled().unwrap();
        let rated = assessment(citizen(), Rater::Oneself, 1, day(4), &[("home", Some(7))]);
        let raw = serde_json::to_value(StoredAssessment::from(&rated)).unwrap();
        let mut off_ladder = raw.clone();
        off_ladder["entries"][0]["rating"] = json!(11);
        let mut unknown = raw.clone();
        unknown["mastery_schema_version"] = json!(9);
        let mut malformed = raw;
        malformed["round"] = json!("first");
        for (broken, reason) in [
            (off_ladder, "invalid record: entries[0]: 11 is outside 1–10"),
            (unknown, "invalid record: "),
            (malformed, "malformed record: "),
        ] {
            let err = decode_assessment(&broken, &registry).unwrap_err();
            assert!(err.is_corrupt());
            assert!(err.to_string().starts_with(reason), "{err}");
        }
    }

    fn agreed_plan() -> Plan {
        let mut plan = Plan::new(
            PlanId::from_random_bytes([9; 16]),
            citizen(),
            SchemaId::new("mastery"),
            plan::Interval::default(),
            RecordMeta::new(DEVICE, at(11)),
        );
        plan.add_goal(crate::testing::bus_goal());
        plan.agreed_on = Some(day(16));
        plan.follow_ups.push(FollowUp {
            date: NaiveDate::from_ymd_opt(2026, 6, 16).unwrap(),
            attained: vec![(1, 1)],
        });
        plan
    }

    #[test]
    fn a_stored_plan_round_trips() {
        let registry = Registry::bundled().unwrap();
        let plan = agreed_plan();
        let raw = serde_json::to_value(StoredPlan::from(&plan)).unwrap();
        assert_eq!(raw["date"], json!("2026-03-16"));
        assert_eq!(raw["goals"][0]["levels"][4], json!("Alene, også nye ruter"));
        assert_eq!(decode_plan(&raw, &registry), Ok(plan));
    }

    #[test]
    fn a_norwegian_plan_keeps_its_individual_plan_part() {
        let registry = Registry::bundled().unwrap();
        let mut plan = agreed_plan();
        plan.individual_plan = Some(crate::testing::individual_plan(day(16), 182));
        let raw = serde_json::to_value(StoredPlan::from(&plan)).unwrap();
        assert_eq!(raw["schema_version"], json!(5));
        expect![[r#"{"consent":{"date":"2026-03-16","given":true},"coordinator":"Koordinator i kommunens helse- og omsorgstjeneste","measures":[{"responsible":"Kommunens psykiske helsetjeneste","what":"Støttekontakt to ettermiddager i uka"},{"responsible":"NAV","what":"Arbeidstrening med jobbspesialist"}],"members":[{"description":"","role":"citizen"},{"description":"mor","role":"relative"},{"description":"","role":"coordinator"},{"description":"kontaktlærer","role":"other_professional"}],"period_from":"2026-03-16","period_to":"2027-03-15","revision_due":"2026-09-14"}"#]]
        .assert_eq(&raw["individual_plan"].to_string());
        assert_eq!(decode_plan(&raw, &registry), Ok(plan));
    }

    #[test]
    fn a_version_4_plan_reads_as_no_individual_plan() {
        let registry = Registry::bundled().unwrap();
        let plan = agreed_plan();
        let mut raw = serde_json::to_value(StoredPlan::from(&plan)).unwrap();
        raw["schema_version"] = json!(4);
        raw.as_object_mut().unwrap().remove("individual_plan");
        assert_eq!(decode_plan(&raw, &registry), Ok(plan));
    }

    #[test]
    fn a_stored_individual_plan_ending_before_it_starts_is_invalid() {
        let registry = Registry::bundled().unwrap();
        let mut plan = agreed_plan();
        plan.individual_plan = Some(crate::testing::individual_plan(day(16), 182));
        let mut raw = serde_json::to_value(StoredPlan::from(&plan)).unwrap();
        raw["individual_plan"]["period_to"] = json!("2026-03-01");
        let err = decode_plan(&raw, &registry).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid record: the individual plan's period ends before it starts"
        );
    }

    #[test]
    fn every_released_plan_version_has_a_migration() {
        assert_eq!(PLAN_MIGRATIONS.len() as u32, PLAN_SCHEMA_VERSION - 1);
    }

    #[test]
    fn a_version_1_plan_counts_its_goal_numbers_and_has_no_ended_goal() {
        let registry = Registry::bundled().unwrap();
        let fixture: Value =
            serde_json::from_str(include_str!("../../../../tests/fixtures/db-v2.json")).unwrap();
        let plans: Vec<Plan> = fixture["stores"]["plans"]
            .as_array()
            .unwrap()
            .iter()
            .map(|raw| decode_plan(raw, &registry).unwrap())
            .collect();
        let read: Vec<String> = plans
            .iter()
            .map(|plan| {
                let goals: Vec<(u32, Option<NaiveDate>)> = plan
                    .goals
                    .iter()
                    .map(|goal| (goal.number, goal.ended))
                    .collect();
                format!("last {}, goals {goals:?}", plan.last_goal_number)
            })
            .collect();
        assert_eq!(
            read,
            ["last 3, goals [(1, None), (3, None)]", "last 0, goals []"]
        );
        assert_eq!(plans[0].next_goal_number(), 4);
        // The dialogue meetings and agreements it kept itself are read, to become meeting records.
        assert_eq!(plans[0].meetings.len(), 2);
        assert_eq!(plans[0].agreements, "Vi ses igen om tre måneder");
        // Written back, each is at the current version, and reads back the same, less what shape 4 no
        // longer keeps in the plan.
        for plan in &plans {
            let raw = serde_json::to_value(StoredPlan::from(plan)).unwrap();
            assert_eq!(raw["schema_version"], json!(PLAN_SCHEMA_VERSION));
            assert_eq!(raw.get("meetings"), None);
            assert_eq!(raw.get("agreements"), None);
            let in_shape_4 = Plan {
                meetings: Vec::new(),
                agreements: String::new(),
                ..plan.clone()
            };
            assert_eq!(decode_plan(&raw, &registry), Ok(in_shape_4));
        }
    }

    /// An export the release before FFB terms wrote (`tests/fixtures/export-v2-before-ffb.json`): plans at
    /// record version 2, assessments on the first editions of both schemas (`ffb_function` v1 rated themes).
    const BEFORE_FFB: &str = include_str!("../../../../tests/fixtures/export-v2-before-ffb.json");

    #[test]
    fn a_version_2_plan_reads_with_no_ffb_terms_and_its_scores_unchanged() {
        let registry = Registry::bundled().unwrap();
        let file: Value = serde_json::from_str(BEFORE_FFB).unwrap();
        let raw = &file["payload"]["plans"][0];
        assert_eq!(raw["schema_version"], json!(2));
        let plan = decode_plan(raw, &registry).unwrap();
        let goal = &plan.goals[0];
        assert_eq!(
            (
                &goal.sub_themes,
                &goal.goal_type,
                goal.level_at_start,
                goal.level_aimed_for
            ),
            (&Vec::new(), &None, None, None)
        );
        assert_eq!((goal.baseline, goal.weight), (None, None));
        // Without weights every goal counts 1, as before: level +1 alone is T = 60.
        assert_eq!(
            plan.t_score(&plan.follow_ups[0]).unwrap().to_string(),
            "60.0"
        );
        // Written back, it is at the current version and reads back the same; and it can be followed up
        // again without being changed, while a change to its goal asks for the FFB terms.
        let again = serde_json::to_value(StoredPlan::from(&plan)).unwrap();
        assert_eq!(again["schema_version"], json!(PLAN_SCHEMA_VERSION));
        let plan = Plan {
            meetings: Vec::new(),
            agreements: String::new(),
            ..plan
        };
        assert_eq!(decode_plan(&again, &registry).as_ref(), Ok(&plan));
        let schema = registry.get(&plan.schema, None).unwrap();
        let mut followed_up = plan.clone();
        followed_up.follow_ups.push(FollowUp {
            date: NaiveDate::from_ymd_opt(2027, 5, 2).unwrap(),
            attained: vec![(1, 2)],
        });
        assert_eq!(followed_up.change_issues(Some(&plan), schema), []);
        let mut reworded = plan.clone();
        reworded.goals[0].own_words = "Tage bussen alene til byen".to_owned();
        assert_eq!(
            reworded.change_issues(Some(&plan), schema).len(),
            2,
            "no sub-theme, no goal type"
        );
    }

    #[test]
    fn assessments_on_the_first_editions_read_on_them() {
        let registry = Registry::bundled().unwrap();
        let file: Value = serde_json::from_str(BEFORE_FFB).unwrap();
        let read: Vec<String> = file["payload"]["assessments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|raw| {
                let assessment = decode_assessment(raw, &registry).unwrap();
                let schema = registry
                    .get(&assessment.schema, Some(assessment.version))
                    .unwrap();
                let rated: Vec<String> = profile(schema, &assessment)
                    .unwrap()
                    .domains
                    .iter()
                    .filter_map(|score| {
                        Some(format!("{} {}", score.domain.id(), score.rating?.get()))
                    })
                    .collect();
                format!(
                    "{} v{} {}: {}",
                    assessment.schema,
                    assessment.version,
                    assessment.rater.code(),
                    rated.join(", ")
                )
            })
            .collect();
        expect![[r#"
            mastery v1 self: home 6, getting_around 3
            mastery v1 staff: home 7, getting_around 2
            mastery v1 self: home 9
            ffb_function v1 staff: self_care 1, home 3, mental_health 2"#]]
        .assert_eq(&read.join("\n"));
    }

    #[test]
    fn a_plan_with_a_broken_goal_is_invalid() {
        let registry = Registry::bundled().unwrap();
        let mut raw = serde_json::to_value(StoredPlan::from(&agreed_plan())).unwrap();
        raw["goals"][0]["levels"][0] = json!("");
        raw["follow_up_months"] = json!(3);
        let err = decode_plan(&raw, &registry).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid record: goal 1: level -2 is not described"
        );
        raw["follow_up_months"] = json!(0);
        assert!(decode_plan(&raw, &registry).is_err());
    }
}
