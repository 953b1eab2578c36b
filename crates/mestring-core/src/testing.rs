//! Builders for tests of the core and of the crates that use it (feature `testing`).
//! They panic on invalid input, as a test should.

use chrono::{DateTime, FixedOffset};

use crate::citizen::{Citizen, CitizenDraft, CitizenId, RegisterContext, validate};
use crate::ffb::{FunctionLevel, TermId};
use crate::fit::{
    Age, Context, Definition, Kind, Rater, Registry, Response, ResponseId, Score, Tenths, score,
};
use crate::mastery::{
    Activity, Assessment, AssessmentId, Consent, DomainId, Entry, FollowUp, Goal, IndividualPlan,
    Interval, Measure, Member, Plan, PlanId, Rating, SchemaId,
};
use crate::meeting::{Meeting, MeetingId, MeetingKind, Role};
use crate::record::{DeviceId, RecordMeta};

/// The device every test record comes from.
pub const DEVICE: DeviceId = DeviceId::from_uuid_const([0x5e; 16]);

/// A fixed moment on the test day, in Danish winter time.
pub fn at(hour: u32) -> DateTime<FixedOffset> {
    let text = format!("2026-11-23T{hour:02}:00:00+01:00");
    DateTime::parse_from_rfc3339(&text).unwrap_or_else(|err| panic!("{text}: {err}"))
}

/// A valid citizen born 1990, registered at 09:00, with an id derived from `seed`.
pub fn citizen(seed: u8, label: &str, unit: &str) -> Citizen {
    let draft = CitizenDraft {
        label,
        birth_year: "1990",
        birth_month: "",
        unit,
    };
    let context = RegisterContext {
        current_year: 2026,
        current_month: 12,
        citizens: &[],
        editing: None,
    };
    let fields = validate(&draft, &context).unwrap_or_else(|issues| panic!("{label}: {issues:?}"));
    Citizen::new(
        CitizenId::from_random_bytes([seed; 16]),
        fields,
        RecordMeta::new(DEVICE, at(9)),
    )
}

/// The latest bundled version of instrument `id`, `items` (in tenths, `None` for blank) scored on it,
/// and the context of a person of `age` whose previous total (in tenths) was `previous`.
pub fn scored(
    id: &str,
    items: &[Option<u16>],
    age: u8,
    previous: Option<u16>,
) -> (Definition, Score, Context) {
    let registry = Registry::bundled().unwrap_or_else(|err| panic!("{err}"));
    let definition = registry
        .get(id, None)
        .unwrap_or_else(|err| panic!("{err}"))
        .clone();
    let answers: Vec<Option<Tenths>> = items.iter().map(|t| t.map(Tenths::new)).collect();
    let score = score(&definition, &answers).unwrap_or_else(|err| panic!("{err}"));
    let context = Context {
        age: Age::years(age),
        previous_total: previous.map(Tenths::new),
    };
    (definition, score, context)
}

/// A completed ORS by the citizen at `meeting`, on day `day` of November 2026, with id bytes `seed`.
pub fn response(citizen: &Citizen, meeting: u32, seed: u8) -> Response {
    let registry = Registry::bundled().unwrap_or_else(|err| panic!("{err}"));
    let ors = registry
        .get("ors", None)
        .unwrap_or_else(|err| panic!("{err}"));
    let date = chrono::NaiveDate::from_ymd_opt(2026, 11, meeting)
        .unwrap_or_else(|| panic!("no day {meeting} in November"));
    Response {
        id: ResponseId::from_random_bytes([seed; 16]),
        citizen_id: citizen.id,
        meeting,
        date,
        instrument: ors.id().clone(),
        version: ors.version(),
        kind: Kind::Outcome,
        rater: Rater::Oneself,
        answers: [50, 62, 70, 45].map(Tenths::new).to_vec(),
        meta: RecordMeta::new(DEVICE, at(9 + meeting)),
    }
}

/// Like [`response`], on the latest bundled instrument `id`, by `rater`, with `answers` in tenths.
pub fn form(
    citizen: &Citizen,
    id: &str,
    rater: Rater,
    meeting: u32,
    seed: u8,
    answers: &[u16],
) -> Response {
    let registry = Registry::bundled().unwrap_or_else(|err| panic!("{err}"));
    let definition = registry.get(id, None).unwrap_or_else(|err| panic!("{err}"));
    Response {
        instrument: definition.id().clone(),
        version: definition.version(),
        kind: definition.kind(),
        rater,
        answers: answers.iter().copied().map(Tenths::new).collect(),
        ..response(citizen, meeting, seed)
    }
}

/// An assessment of `citizen` on the bundled `mastery` schema v1, with `(domain, rating)` entries, in `round`;
/// its id follows from the citizen, the rater, the round and the date, so each call's is its own.
pub fn assessment(
    citizen: CitizenId,
    rater: Rater,
    round: u32,
    date: chrono::NaiveDate,
    ratings: &[(&str, Option<u8>)],
) -> Assessment {
    let mut seed = citizen.uuid().into_bytes();
    seed[0] = match rater {
        Rater::Oneself => 1,
        Rater::Parent => 2,
        Rater::Staff => 3,
    };
    seed[1] = round as u8;
    seed[2..6].copy_from_slice(&chrono::Datelike::num_days_from_ce(&date).to_le_bytes());
    Assessment {
        id: AssessmentId::from_random_bytes(seed),
        round,
        schema: SchemaId::new("mastery"),
        version: crate::fit::definition::Version::new(1),
        citizen_id: citizen,
        date,
        rater,
        entries: ratings
            .iter()
            .map(|(domain, rating)| Entry {
                domain: DomainId::new(domain),
                rating: rating.map(Rating::new),
                comment: None,
            })
            .collect(),
        meta: RecordMeta::new(DEVICE, at(10)),
    }
}

/// Goal 1 of the test plans: getting around by bus, with a sub-goal, a training activity and five levels; in
/// FFB's terms developing *Færdes med transportmidler* from level 3 to 1, from baseline −1, without a weight.
pub fn bus_goal() -> Goal {
    Goal {
        number: 1,
        own_words: "Tage bussen alene".to_owned(),
        domains: vec![DomainId::new("getting_around")],
        sub_themes: vec![TermId::new("faerdes_med_transportmidler")],
        goal_type: Some(TermId::new("udvikle_funktionsevne")),
        level_at_start: Some(FunctionLevel::new(3)),
        level_aimed_for: Some(FunctionLevel::new(1)),
        baseline: Some(-1),
        weight: None,
        sub_goals: vec!["Kende køreplanen".to_owned()],
        activities: vec![Activity {
            what: "Køre med bussen til byen".to_owned(),
            support: "Kontaktperson".to_owned(),
            how_often: "Hver tirsdag".to_owned(),
            start: None,
        }],
        levels: [
            "Bliver hjemme",
            "Med følge",
            "Alene med aftale",
            "Alene",
            "Alene, også nye ruter",
        ]
        .map(str::to_owned),
        ended: None,
    }
}

/// A plan for `citizen` on the bundled `mastery` schema, as shape 5 keeps it (its meetings are meeting
/// records, [`meetings`]): one goal (getting around by bus) agreed two weeks after `first_meeting`, its
/// training starting a week later and, if `followed_up`, a follow-up three months on where the goal reached
/// level +1. Its id follows from the citizen.
pub fn plan(citizen: CitizenId, first_meeting: chrono::NaiveDate, followed_up: bool) -> Plan {
    let mut seed = citizen.uuid().into_bytes();
    seed[0] = 0x9a;
    let mut plan = Plan::new(
        PlanId::from_random_bytes(seed),
        citizen,
        SchemaId::new("mastery"),
        Interval::default(),
        RecordMeta::new(DEVICE, at(11)),
    );
    let agreed = first_meeting + chrono::Days::new(14);
    let mut goal = bus_goal();
    goal.activities[0].start = Some(agreed + chrono::Days::new(7));
    plan.add_goal(goal);
    plan.agreed_on = Some(agreed);
    if followed_up {
        plan.follow_ups.push(FollowUp {
            date: first_meeting + chrono::Days::new(14 + 91),
            attained: vec![(1, 1)],
        });
    }
    plan
}

/// A complete Norwegian individual plan part running from `from` for a year, to be revised `revision_after`
/// days after `from`: a coordinator by service, two measures each with its responsible service, consent
/// given on `from`, and an ansvarsgruppe of four roles.
pub fn individual_plan(from: chrono::NaiveDate, revision_after: u64) -> IndividualPlan {
    let measure = |what: &str, responsible: &str| Measure {
        what: what.to_owned(),
        responsible: responsible.to_owned(),
    };
    let member = |role, description: &str| Member {
        role,
        description: description.to_owned(),
    };
    IndividualPlan {
        coordinator: "Koordinator i kommunens helse- og omsorgstjeneste".to_owned(),
        period_from: Some(from),
        period_to: Some(from + chrono::Days::new(364)),
        revision_due: Some(from + chrono::Days::new(revision_after)),
        measures: vec![
            measure(
                "Støttekontakt to ettermiddager i uka",
                "Kommunens psykiske helsetjeneste",
            ),
            measure("Arbeidstrening med jobbspesialist", "NAV"),
        ],
        consent: Some(Consent {
            given: true,
            date: Some(from),
        }),
        members: vec![
            member(Role::Citizen, ""),
            member(Role::Relative, "mor"),
            member(Role::Coordinator, ""),
            member(Role::OtherProfessional, "kontaktlærer"),
        ],
    }
}

/// One meeting of every kind with `citizen`, from `first` on, as a Slagelse-style course has them: a
/// dialogue meeting with the young person and a parent, an acute contact four days later in the evening,
/// a network meeting, and a follow-up without a recorded time. Ids follow from the citizen.
pub fn meetings(citizen: CitizenId, first: chrono::NaiveDate) -> Vec<Meeting> {
    let time = |hour, minute| chrono::NaiveTime::from_hms_opt(hour, minute, 0);
    let day = |days| first + chrono::Days::new(days);
    let meeting = |seed: u8, kind, days| {
        let mut id = citizen.uuid().into_bytes();
        id[0] = 0x3e;
        id[1] = seed;
        Meeting::new(
            MeetingId::from_random_bytes(id),
            citizen,
            kind,
            day(days),
            RecordMeta::new(DEVICE, at(10 + u32::from(seed))),
        )
    };
    vec![
        Meeting {
            time: time(10, 0),
            participants: vec![Role::Citizen, Role::Relative, Role::Staff],
            minutes_by: Some(Role::Staff),
            agreements: "Tager bussen til byen to gange. Mor ringer til skolen.".to_owned(),
            next_date: Some(day(14)),
            ..meeting(1, MeetingKind::Dialogue, 0)
        },
        Meeting {
            time: time(21, 15),
            participants: vec![Role::Citizen, Role::Staff],
            note: "Ringede om aftenen".to_owned(),
            ..meeting(2, MeetingKind::Acute, 4)
        },
        Meeting {
            time: time(13, 30),
            participants: vec![Role::Coordinator, Role::Staff, Role::OtherProfessional],
            minutes_by: Some(Role::Coordinator),
            agreements: "Skolen sender skemaet til koordinator.".to_owned(),
            ..meeting(3, MeetingKind::Network, 9)
        },
        Meeting {
            participants: vec![Role::Citizen, Role::Staff, Role::Caseworker],
            minutes_by: Some(Role::Caseworker),
            agreements: "Fortsætter med bussen.".to_owned(),
            next_date: Some(day(14 + 91 + 91)),
            ..meeting(4, MeetingKind::FollowUp, 14 + 91)
        },
    ]
}

mod population;

pub use population::{Population, population};

/// Sets the checksum of an export file (as a JSON value) to fit its payload again, as a careless tool
/// might after changing a record: what is then refused is refused for the record, not the checksum.
pub fn resign(file: &mut serde_json::Value) {
    let value = crate::export::payload_checksum(&file["payload"]);
    file["checksum"]["value"] = serde_json::Value::String(value);
}

/// `file` sealed with `passphrase` as `export::sealed::seal` does, but with the fewest iterations a
/// reader accepts: a test build takes seconds for the writer's count.
pub fn seal_cheaply(file: &str, passphrase: &str, salt: [u8; 16]) -> String {
    use crate::export::sealed;
    sealed::seal_with(file, passphrase, salt, [9; 12], sealed::MIN_ITERATIONS)
        .unwrap_or_else(|err| panic!("{err}"))
}
