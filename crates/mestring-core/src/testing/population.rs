//! A facility's worth of generated records for benchmarks, progress views and their screenshots.

use chrono::{Days, NaiveDate};

use super::{DEVICE, at};
use crate::citizen::{Citizen, CitizenDraft, CitizenId, RegisterContext, validate};
use crate::ffb::{FunctionLevel, TermId};
use crate::fit::{Rater, Registry, Response, ResponseId, Tenths};
use crate::mastery::{
    Activity, Assessment, AssessmentId, DialogueMeeting, DomainId, Entry, FollowUp, Goal, Interval,
    Participant, Plan, PlanId, Rating, SchemaId,
};
use crate::record::RecordMeta;

/// Everything [`population`] generates.
#[derive(Clone, Debug, PartialEq)]
pub struct Population {
    pub citizens: Vec<Citizen>,
    pub responses: Vec<Response>,
    pub assessments: Vec<Assessment>,
    pub plans: Vec<Plan>,
}

/// The first meeting day: two and a half years of meetings end before the test day (2026-11-23).
const START: (i32, u32, u32) = (2024, 4, 1);

/// Mastery rounds and plan follow-ups come every this many days (about three months).
const QUARTER: u64 = 91;

/// The default schema's domains, each with a goal a citizen might set for it, in their words.
const GOALS: [(&str, &str, &str); 9] = [
    ("self_care", "Vaske mit tøj selv", "vaske_toej"),
    ("home", "Holde orden i min lejlighed", "goere_rent"),
    (
        "getting_around",
        "Tage bussen alene",
        "faerdes_med_transportmidler",
    ),
    ("talking", "Sige fra, når noget er svært", "samtale"),
    (
        "relationships",
        "Se min søster hver måned",
        "varetage_relationer_til_netvaerk",
    ),
    (
        "community",
        "Gå til fodbold",
        "deltage_i_sociale_faellesskaber_og_fritidsaktiviteter",
    ),
    (
        "mental_health",
        "Sove bedre om natten",
        "varetage_egen_sundhed",
    ),
    (
        "physical_health",
        "Gå en tur hver dag",
        "gaa_og_bevaege_sig",
    ),
    ("surroundings", "Handle ind selv", "koebe_ind"),
];

/// The same five levels for every generated goal, from −2 to +2.
const LEVELS: [&str; 5] = [
    "Sker ikke",
    "Sker en gang imellem, med hjælp",
    "Sker hver uge, med hjælp",
    "Sker hver uge, alene",
    "Sker flere gange om ugen, alene",
];

/// A linear congruential sequence stands in for randomness, so no crate is needed and a seed gives the
/// same facility every time.
struct Sequence(u32);

impl Sequence {
    /// A number below `below`.
    fn below(&mut self, below: u32) -> u32 {
        self.0 = self.0.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        (self.0 >> 8) % below
    }

    /// A number from `low` to `high`, both included.
    fn between(&mut self, low: i32, high: i32) -> i32 {
        low + self.below((high - low + 1) as u32) as i32
    }
}

/// Ids that follow from the seed and a count, so each record's is its own.
struct Ids {
    seed: u32,
    count: u128,
}

impl Ids {
    fn next(&mut self) -> [u8; 16] {
        self.count += 1;
        ((self.seed as u128) << 64 | self.count).to_le_bytes()
    }
}

/// A facility's records, the same for the same `seed`: `n_citizens` adults, each meeting every 14 days over
/// `days` days from 1 April 2024 (an ORS, then an SRS, by the citizen), their totals drifting up, staying
/// level or falling, with noise; about one session in five raises an alert (19 % of the sessions of
/// `population(7, 150, 730)`; a line under 9 alone is a talking point, not an alert). Every quarter the citizen and staff each rate the default mastery schema, in
/// the direction of the citizen's drift; four in five citizens have a plan agreed two weeks after the first
/// meeting, with one to three goals followed up every quarter, except that one in seven stopped being
/// followed up half a year before the end (so it is overdue).
pub fn population(seed: u32, n_citizens: usize, days: u32) -> Population {
    let mut random = Sequence(seed);
    let mut ids = Ids { seed, count: 0 };
    let start =
        NaiveDate::from_ymd_opt(START.0, START.1, START.2).unwrap_or_else(|| panic!("a date"));
    let end = start + Days::new(days.into());
    let mut population = Population {
        citizens: Vec::with_capacity(n_citizens),
        responses: Vec::new(),
        assessments: Vec::new(),
        plans: Vec::new(),
    };
    for n in 0..n_citizens {
        let birth_year = (1965 + random.below(45)).to_string();
        let draft = CitizenDraft {
            label: &format!("B{n:03}"),
            birth_year: &birth_year,
            birth_month: "",
            unit: ["Hus 1", "Hus 2", "Ungeenheden"][n % 3],
        };
        let context = RegisterContext {
            current_year: 2026,
            current_month: 12,
            citizens: &[],
            editing: None,
        };
        let fields = validate(&draft, &context).unwrap_or_else(|issues| panic!("{issues:?}"));
        let citizen = Citizen::new(
            CitizenId::from_random_bytes(ids.next()),
            fields,
            RecordMeta::new(DEVICE, at(9)),
        );
        // Per citizen: a starting level 8–30 points and a drift of -0.3 to +0.5 points a meeting.
        let level = 80 + random.below(220) as i32;
        let drift = random.between(-3, 5);
        population.responses.extend(fit_forms(
            &mut random,
            &mut ids,
            &citizen,
            start,
            days,
            (level, drift),
        ));
        population.assessments.extend(mastery_rounds(
            &mut random,
            &mut ids,
            &citizen,
            (start, end),
            drift,
        ));
        if n % 5 != 4 {
            let stops_early = n % 7 == 3;
            population.plans.push(plan(
                &mut random,
                &mut ids,
                &citizen,
                (start, end),
                (drift, stops_early),
                1 + n % 3,
            ));
        }
        population.citizens.push(citizen);
    }
    population
}

/// An ORS and an SRS every 14 days.
fn fit_forms(
    random: &mut Sequence,
    ids: &mut Ids,
    citizen: &Citizen,
    start: NaiveDate,
    days: u32,
    (level, drift): (i32, i32),
) -> Vec<Response> {
    let registry = Registry::bundled().unwrap_or_else(|err| panic!("{err}"));
    let [ors, srs] = ["ors", "srs"].map(|id| {
        registry
            .get(id, None)
            .unwrap_or_else(|err| panic!("{err}"))
            .clone()
    });
    let mut responses = Vec::new();
    for meeting in 1..=days / 14 {
        let date = start + Days::new(u64::from(meeting - 1) * 14);
        let ors_answers: Vec<Tenths> = (0..4)
            .map(|_| {
                let value = (level + drift * meeting as i32) / 4 + random.between(-10, 10);
                Tenths::new(value.clamp(0, 100) as u16)
            })
            .collect();
        // Sessions mostly go well (every line 9.0–10.0); about one in ten has a line well below, an alert
        // when it takes the total under 36, and the drop rule finds more.
        let mut srs_answers: Vec<Tenths> = (0..4)
            .map(|_| Tenths::new(90 + random.below(11) as u16))
            .collect();
        if random.below(10) == 0 {
            srs_answers[random.below(4) as usize] = Tenths::new(60 + random.below(30) as u16);
        }
        for (definition, answers) in [(&ors, ors_answers), (&srs, srs_answers)] {
            responses.push(Response {
                id: ResponseId::from_random_bytes(ids.next()),
                citizen_id: citizen.id,
                meeting,
                date,
                instrument: definition.id().clone(),
                version: definition.version(),
                kind: definition.kind(),
                rater: Rater::Oneself,
                answers,
                meta: RecordMeta::new(DEVICE, at(10)),
            });
        }
    }
    responses
}

/// A round of the default mastery schema every quarter, the citizen's and staff's, moving with `drift`;
/// now and then the citizen skips a domain, and staff now and then see it three or more steps apart.
fn mastery_rounds(
    random: &mut Sequence,
    ids: &mut Ids,
    citizen: &Citizen,
    (start, end): (NaiveDate, NaiveDate),
    drift: i32,
) -> Vec<Assessment> {
    let bases: Vec<i32> = GOALS.iter().map(|_| random.between(2, 7)).collect();
    let mut assessments = Vec::new();
    let mut date = start;
    let mut round = 1;
    while date < end {
        let own: Vec<Option<i32>> = bases
            .iter()
            .map(|base| {
                let value = base + drift * (round as i32 - 1) / 4 + random.between(-1, 1);
                (random.below(15) != 0).then_some(value.clamp(1, 10))
            })
            .collect();
        let staff: Vec<Option<i32>> = bases
            .iter()
            .zip(&own)
            .map(|(base, own)| {
                let seen = own.unwrap_or(*base) + random.between(-1, 1);
                let apart = if random.below(8) == 0 { 3 } else { 0 };
                Some((seen + apart).clamp(1, 10))
            })
            .collect();
        for (rater, ratings) in [(Rater::Oneself, own), (Rater::Staff, staff)] {
            assessments.push(Assessment {
                id: AssessmentId::from_random_bytes(ids.next()),
                round,
                schema: SchemaId::new("mastery"),
                version: crate::fit::definition::Version::new(1),
                citizen_id: citizen.id,
                date,
                rater,
                entries: GOALS
                    .iter()
                    .zip(ratings)
                    .map(|((domain, _, _), rating)| Entry {
                        domain: DomainId::new(domain),
                        rating: rating.map(|value| Rating::new(value as u8)),
                        comment: None,
                    })
                    .collect(),
                meta: RecordMeta::new(DEVICE, at(10)),
            });
        }
        date = date + Days::new(QUARTER);
        round += 1;
    }
    assessments
}

/// A plan agreed two weeks after the first meeting with `goals` goals, followed up every quarter until the
/// end (or, if `stops_early`, until half a year before it), each goal's level moving with `drift`.
fn plan(
    random: &mut Sequence,
    ids: &mut Ids,
    citizen: &Citizen,
    (start, end): (NaiveDate, NaiveDate),
    (drift, stops_early): (i32, bool),
    goals: usize,
) -> Plan {
    let mut plan = Plan::new(
        PlanId::from_random_bytes(ids.next()),
        citizen.id,
        SchemaId::new("mastery"),
        Interval::default(),
        RecordMeta::new(DEVICE, at(11)),
    );
    let agreed = start + Days::new(14);
    plan.meetings = [start, agreed]
        .map(|date| DialogueMeeting {
            date,
            participants: vec![
                Participant::Citizen,
                Participant::Caseworker,
                Participant::Provider,
            ],
        })
        .to_vec();
    let first_domain = random.below(GOALS.len() as u32) as usize;
    plan.goals = (0..goals)
        .map(|g| {
            let (domain, own_words, sub_theme) = GOALS[(first_domain + g * 4) % GOALS.len()];
            Goal {
                number: g as u32 + 1,
                own_words: own_words.to_owned(),
                domains: vec![DomainId::new(domain)],
                sub_themes: vec![TermId::new(sub_theme)],
                goal_type: Some(TermId::new("udvikle_funktionsevne")),
                level_at_start: Some(FunctionLevel::new(2)),
                level_aimed_for: Some(FunctionLevel::new(1)),
                baseline: Some(-1),
                weight: None,
                sub_goals: Vec::new(),
                activities: vec![Activity {
                    what: own_words.to_owned(),
                    support: "Kontaktperson".to_owned(),
                    how_often: "Hver uge".to_owned(),
                    start: Some(agreed),
                }],
                levels: LEVELS.map(str::to_owned),
                ended: None,
            }
        })
        .collect();
    plan.last_goal_number = goals as u32;
    plan.agreed_on = Some(agreed);
    plan.agreements = "Vi følger op hver tredje måned".to_owned();
    let last = if stops_early {
        end - Days::new(182)
    } else {
        end
    };
    let mut date = agreed + Days::new(QUARTER);
    let mut quarter = 1;
    while date < last {
        plan.follow_ups.push(FollowUp {
            date,
            attained: plan
                .goals
                .iter()
                .map(|goal| {
                    let level = -1 + drift * quarter / 6 + random.between(-1, 1);
                    (goal.number, level.clamp(-2, 2) as i8)
                })
                .collect(),
        });
        date = date + Days::new(QUARTER);
        quarter += 1;
    }
    plan
}
