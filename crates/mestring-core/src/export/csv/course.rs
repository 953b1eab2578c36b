//! The mastery course as CSV: a row per domain rated, per goal, per goal followed up, per meeting.
//!
//! FFB's terms go in as KL's code beside the Danish display, so the municipality's systems and a person both read
//! them. A comment on a rating is only flagged: the caseworker's file says a comment exists, the tablet keeps it.
//! The citizens come in the order of their labels, as the forms do; within a citizen, assessments by date, round
//! and rater, plans by id, meetings by date and start. The columns of a sheet never change meaning; new ones are
//! added at the end (the meetings' first columns are those of the plans' dialogue meetings, before meeting records).
//!
//! The meetings are the meeting records and the dialogue meetings plans still keep themselves, each once
//! ([`crate::meeting::with_plan_meetings`]): a citizen's are gathered whole before their rows are written, so
//! the streamed sheet holds one citizen's meetings at a time.

use std::collections::BTreeMap;
use std::io;

use chrono::NaiveDate;

use super::{
    Separator, Sheet, defused, points, push_row, ranked, write_merged_csv, write_responses_csv,
};
use crate::citizen::{Citizen, CitizenId};
use crate::export::RatingKey;
use crate::export::archive::Archive;
use crate::export::index::{self, CitizenCache, Inputs, List, Merged, OutputError};
use crate::ffb::{self, FunctionLevel, Rank, Term, TermId};
use crate::fit::Registry;
use crate::mastery::{self, Assessment, AssessmentId, LadderKind, Plan};
use crate::meeting::{Gathered, Meeting, Role};
use crate::sort;

const RATING_COLUMNS: [&str; 19] = [
    "citizen",
    "birth_year",
    "unit",
    "date",
    "round",
    "rater",
    "schema",
    "schema_version",
    "domain",
    "ffb_theme_code",
    "ffb_theme",
    "ffb_sub_theme_code",
    "ffb_sub_theme",
    "value",
    "function_level_code",
    "function_level",
    "commented",
    "assessment_id",
    "citizen_id",
];

const GOAL_COLUMNS: [&str; 36] = [
    "citizen",
    "birth_year",
    "unit",
    "agreed_on",
    "goal",
    "own_words",
    "ffb_sub_theme_codes",
    "ffb_sub_themes",
    "goal_type_code",
    "goal_type",
    "start_level",
    "start_level_code",
    "start_level_name",
    "target_level",
    "target_level_code",
    "target_level_name",
    "gas_minus_2",
    "gas_minus_1",
    "gas_0",
    "gas_plus_1",
    "gas_plus_2",
    "baseline",
    "importance",
    "difficulty",
    "weight",
    "ended",
    "plan_id",
    "citizen_id",
    "ip_coordinator",
    "ip_period_from",
    "ip_period_to",
    "ip_revision_due",
    "ip_consent",
    "ip_consent_date",
    "ip_measures",
    "ip_members",
];

const FOLLOW_UP_COLUMNS: [&str; 11] = [
    "citizen",
    "birth_year",
    "unit",
    "date",
    "goal",
    "level",
    "level_text",
    "t_score",
    "baseline_t_score",
    "plan_id",
    "citizen_id",
];

const MEETING_COLUMNS: [&str; 26] = [
    "citizen",
    "birth_year",
    "unit",
    "date",
    "kind",
    "number",
    "with_citizen",
    "with_parent",
    "with_caseworker",
    "with_provider",
    "plan_id",
    "citizen_id",
    "time",
    "n_citizen",
    "n_relative",
    "n_staff",
    "n_caseworker",
    "n_coordinator",
    "n_network_member",
    "n_other_professional",
    "minutes_by",
    "agreements",
    "next_date",
    "note",
    "counts_towards_plan",
    "meeting_id",
];

fn columns(sheet: Sheet) -> &'static [&'static str] {
    match sheet {
        Sheet::Forms => &super::COLUMNS,
        Sheet::Ratings => &RATING_COLUMNS,
        Sheet::Goals => &GOAL_COLUMNS,
        Sheet::FollowUps => &FOLLOW_UP_COLUMNS,
        Sheet::Meetings => &MEETING_COLUMNS,
    }
}

/// The sheet of a merged index (the latest version of each record): the rows are ordered by the entries beside
/// their citizens' ([`index::by_citizen`], by the citizen's label), then each record is read back from `inputs`
/// when its rows are written, so no more than one record and its citizen are held.
pub fn write_merged_sheet(
    sheet: Sheet,
    merged: &Merged,
    inputs: &mut impl Inputs,
    registry: &Registry,
    schemas: &mastery::Registry,
    separator: Separator,
    out: &mut (impl io::Write + ?Sized),
) -> Result<(), OutputError> {
    if sheet == Sheet::Forms {
        return write_merged_csv(merged, inputs, registry, separator, out);
    }
    let mut rows = Rows::start(sheet, schemas, separator, out)?;
    let mut citizens = CitizenCache::default();
    if sheet == Sheet::Ratings {
        // Where an assessment's rows go, as `rating_order` puts them.
        let key_width = index::LABEL + 25;
        let entries = index::by_citizen(
            merged,
            &[List::Assessments],
            inputs,
            key_width,
            |entry, citizen, bytes| {
                let Some(key) = entry.rating_key() else {
                    return false;
                };
                index::label(citizen, bytes);
                bytes
                    .i32(index::days(key.date))
                    .u32(key.round)
                    .u8(index::rater_order(key.rater))
                    .bytes(key.id.uuid().as_bytes());
                true
            },
        )?;
        for row in entries {
            let row = row?;
            let assessment = row.entry.assessment(inputs, schemas)?;
            rows.rating(citizens.get(&row.citizen, inputs)?, &assessment, out)?;
        }
        return Ok(());
    }
    if sheet == Sheet::Meetings {
        // A citizen's plans and meeting records together, by the citizen's label and then their id (two
        // citizens may share a label); within them any order, as their meetings are gathered whole.
        let key_width = index::LABEL + 16 + 1 + 16;
        let entries = index::by_citizen(
            merged,
            &[List::Plans, List::Meetings],
            inputs,
            key_width,
            |entry, citizen, bytes| {
                index::label(citizen, bytes);
                bytes
                    .bytes(citizen.id.uuid().as_bytes())
                    .u8(u8::from(entry.list() == List::Meetings))
                    .bytes(entry.id().as_bytes());
                true
            },
        )?;
        // One citizen's meetings at a time: their rows are written when the next citizen's entries begin.
        let mut gathering: Option<(Citizen, Gathered)> = None;
        for row in entries {
            let row = row?;
            if gathering
                .as_ref()
                .is_none_or(|(of, _)| of.id != row.entry.citizen_id())
            {
                if let Some((of, gathered)) = gathering.take() {
                    rows.meetings(&of, gathered, out)?;
                }
                let citizen = citizens.get(&row.citizen, inputs)?.clone();
                gathering = Some((citizen, Gathered::default()));
            }
            if let Some((_, gathered)) = gathering.as_mut() {
                match row.entry.list() {
                    List::Meetings => gathered.stored(row.entry.meeting(inputs)?),
                    _ => gathered.plan(&row.entry.plan(inputs, schemas)?),
                }
            }
        }
        if let Some((of, gathered)) = gathering {
            rows.meetings(&of, gathered, out)?;
        }
        return Ok(());
    }
    // By the citizen's label, then the plan's id.
    let key_width = index::LABEL + 16;
    let entries = index::by_citizen(
        merged,
        &[List::Plans],
        inputs,
        key_width,
        |entry, citizen, bytes| {
            index::label(citizen, bytes);
            bytes.bytes(entry.id().as_bytes());
            true
        },
    )?;
    for row in entries {
        let row = row?;
        let plan = row.entry.plan(inputs, schemas)?;
        rows.plan(sheet, citizens.get(&row.citizen, inputs)?, &plan, out)?;
    }
    Ok(())
}

/// The sheet of an archive, as [`write_merged_sheet`] writes it of the same files' index.
pub fn write_archive_sheet(
    sheet: Sheet,
    archive: &Archive,
    registry: &Registry,
    schemas: &mastery::Registry,
    separator: Separator,
    out: &mut (impl io::Write + ?Sized),
) -> io::Result<()> {
    if sheet == Sheet::Forms {
        return write_responses_csv(archive, registry, separator, out);
    }
    let ranked = ranked(archive.citizens());
    let mut rows = Rows::start(sheet, schemas, separator, out)?;
    if sheet == Sheet::Ratings {
        let mut assessments: Vec<(u32, &Assessment)> = archive
            .assessments()
            .filter_map(|assessment| Some((ranked.get(&assessment.citizen_id)?.0, assessment)))
            .collect();
        sort::by_key(&mut assessments, |(rank, assessment)| {
            rating_order(*rank, &RatingKey::from(*assessment))
        });
        for (_, assessment) in assessments {
            if let Some((_, citizen)) = ranked.get(&assessment.citizen_id) {
                rows.rating(citizen, assessment, out)?;
            }
        }
        return Ok(());
    }
    if sheet == Sheet::Meetings {
        // By the citizen's label, then their id (two citizens may share a label).
        let mut gathered: BTreeMap<(u32, CitizenId), Gathered> = BTreeMap::new();
        let key = |citizen_id: CitizenId| Some((ranked.get(&citizen_id)?.0, citizen_id));
        for plan in archive.plans() {
            if let Some(key) = key(plan.citizen_id) {
                gathered.entry(key).or_default().plan(plan);
            }
        }
        for meeting in archive.meetings() {
            if let Some(key) = key(meeting.citizen_id) {
                gathered.entry(key).or_default().stored(meeting.clone());
            }
        }
        for ((_, citizen_id), meetings) in gathered {
            if let Some((_, citizen)) = ranked.get(&citizen_id) {
                rows.meetings(citizen, meetings, out)?;
            }
        }
        return Ok(());
    }
    let mut plans: Vec<(u32, &Plan)> = archive
        .plans()
        .filter_map(|plan| Some((ranked.get(&plan.citizen_id)?.0, plan)))
        .collect();
    sort::by_key(&mut plans, |(rank, plan)| (*rank, plan.id.uuid()));
    for (_, plan) in plans {
        if let Some((_, citizen)) = ranked.get(&plan.citizen_id) {
            rows.plan(sheet, citizen, plan, out)?;
        }
    }
    Ok(())
}

/// Where an assessment's rows go: by its citizen's label (or their rank among the labels), then date, round,
/// rater and id.
fn rating_order(rank: u32, key: &RatingKey) -> (u32, NaiveDate, u32, &'static str, AssessmentId) {
    (rank, key.date, key.round, key.rater.code(), key.id)
}

/// A course sheet written a record at a time.
struct Rows<'s> {
    schemas: &'s mastery::Registry,
    separator: Separator,
    row: String,
}

impl<'s> Rows<'s> {
    /// Writes the byte-order mark and the header.
    fn start(
        sheet: Sheet,
        schemas: &'s mastery::Registry,
        separator: Separator,
        out: &mut (impl io::Write + ?Sized),
    ) -> io::Result<Rows<'s>> {
        let mut row = String::from('\u{feff}');
        push_row(
            &mut row,
            separator,
            columns(sheet).iter().map(|name| (*name).to_owned()),
        );
        out.write_all(row.as_bytes())?;
        Ok(Rows {
            schemas,
            separator,
            row,
        })
    }

    fn write(
        &mut self,
        fields: impl IntoIterator<Item = String>,
        out: &mut (impl io::Write + ?Sized),
    ) -> io::Result<()> {
        self.row.clear();
        push_row(&mut self.row, self.separator, fields);
        out.write_all(self.row.as_bytes())
    }

    /// A row per domain the assessment went through, in the schema's order; a domain left "ikke vurderet"
    /// has no value (and FFB's "Ikke vurderet" on a function-level ladder).
    fn rating(
        &mut self,
        citizen: &Citizen,
        assessment: &Assessment,
        out: &mut (impl io::Write + ?Sized),
    ) -> io::Result<()> {
        let schema = self
            .schemas
            .get(&assessment.schema, Some(assessment.version))
            .ok();
        let mut entries: Vec<(usize, &mastery::Entry)> = assessment
            .entries
            .iter()
            .map(|entry| {
                let place = schema
                    .and_then(|schema| {
                        schema
                            .domains()
                            .iter()
                            .position(|domain| *domain.id() == entry.domain)
                    })
                    .unwrap_or(usize::MAX);
                (place, entry)
            })
            .collect();
        sort::by_key(&mut entries, |(place, _)| *place);
        for (_, entry) in entries {
            let domain = schema.and_then(|schema| schema.domain(&entry.domain));
            let (themes, sub_themes) = domain.map(domain_terms).unwrap_or_default();
            let levelled =
                schema.is_some_and(|schema| schema.ladder().kind() == LadderKind::FunctionLevel);
            let level = levelled
                .then(|| {
                    ffb::function_level(entry.rating.map(|rating| FunctionLevel::new(rating.get())))
                })
                .flatten()
                .map(ffb::Level::term);
            let (level_code, level_name) = codes_and_names(level);
            let commented = entry
                .comment
                .as_deref()
                .is_some_and(|comment| !comment.trim().is_empty());
            let (theme_codes, theme_names) = codes_and_names(themes);
            let (sub_codes, sub_names) = codes_and_names(sub_themes);
            let fields = person(citizen).into_iter().chain([
                assessment.date.to_string(),
                assessment.round.to_string(),
                assessment.rater.code().to_owned(),
                assessment.schema.to_string(),
                assessment.version.to_string(),
                entry.domain.to_string(),
                theme_codes,
                theme_names,
                sub_codes,
                sub_names,
                entry
                    .rating
                    .map(|rating| rating.get().to_string())
                    .unwrap_or_default(),
                level_code,
                level_name,
                commented.to_string(),
                assessment.id.to_string(),
                citizen.id.to_string(),
            ]);
            self.write(fields, out)?;
        }
        Ok(())
    }

    fn plan(
        &mut self,
        sheet: Sheet,
        citizen: &Citizen,
        plan: &Plan,
        out: &mut (impl io::Write + ?Sized),
    ) -> io::Result<()> {
        match sheet {
            Sheet::Goals => self.goals(citizen, plan, out),
            Sheet::FollowUps => self.follow_ups(citizen, plan, out),
            Sheet::Forms | Sheet::Ratings | Sheet::Meetings => Ok(()),
        }
    }

    /// A row per goal, ended ones too, in the plan's order.
    fn goals(
        &mut self,
        citizen: &Citizen,
        plan: &Plan,
        out: &mut (impl io::Write + ?Sized),
    ) -> io::Result<()> {
        for goal in &plan.goals {
            let sub_themes = goal
                .sub_themes
                .iter()
                .filter_map(|id| ffb::condition(id.as_str()))
                .map(ffb::Condition::term);
            let (sub_codes, sub_names) = codes_and_names(sub_themes);
            let goal_type = goal.goal_type.as_ref().and_then(goal_type);
            let (type_code, type_name) = codes_and_names(goal_type);
            let optional = |value: Option<String>| value.unwrap_or_default();
            let fields = person(citizen)
                .into_iter()
                .chain([
                    optional(plan.agreed_on.map(|date| date.to_string())),
                    goal.number.to_string(),
                    defused(&goal.own_words),
                    sub_codes,
                    sub_names,
                    type_code,
                    type_name,
                ])
                .chain(level_fields(goal.level_at_start))
                .chain(level_fields(goal.level_aimed_for))
                .chain(goal.levels.iter().map(|text| defused(text)))
                .chain([
                    optional(goal.baseline.map(|level| level.to_string())),
                    optional(goal.weight.map(|weight| weight.importance.to_string())),
                    optional(goal.weight.map(|weight| weight.difficulty.to_string())),
                    optional(goal.weight.map(|weight| weight.value().to_string())),
                    optional(goal.ended.map(|date| date.to_string())),
                    plan.id.to_string(),
                    citizen.id.to_string(),
                ])
                .chain(individual_plan_fields(plan));
            self.write(fields, out)?;
        }
        Ok(())
    }

    /// A row per goal scored at each follow-up, in the plan's order; the follow-up's T-score on each of its rows.
    fn follow_ups(
        &mut self,
        citizen: &Citizen,
        plan: &Plan,
        out: &mut (impl io::Write + ?Sized),
    ) -> io::Result<()> {
        for follow_up in &plan.follow_ups {
            let t_score = |score: Option<Result<mastery::TScore, _>>| {
                score
                    .and_then(Result::ok)
                    .map(|score| points(i64::from(score.tenths()), self.separator))
                    .unwrap_or_default()
            };
            let score = t_score(Some(plan.t_score(follow_up)));
            let baseline = t_score(plan.baseline_t_score(follow_up));
            for (number, level) in &follow_up.attained {
                let text = plan
                    .goals
                    .iter()
                    .find(|goal| goal.number == *number)
                    .map(|goal| defused(goal.level_text(*level)))
                    .unwrap_or_default();
                let fields = person(citizen).into_iter().chain([
                    follow_up.date.to_string(),
                    number.to_string(),
                    level.to_string(),
                    text,
                    score.clone(),
                    baseline.clone(),
                    plan.id.to_string(),
                    citizen.id.to_string(),
                ]);
                self.write(fields, out)?;
            }
        }
        Ok(())
    }

    /// A row per meeting of the citizen, numbered in date order; `plan_id` only for a meeting known from a
    /// plan's own list.
    fn meetings(
        &mut self,
        citizen: &Citizen,
        gathered: Gathered,
        out: &mut (impl io::Write + ?Sized),
    ) -> io::Result<()> {
        for (number, (meeting, plan)) in (1..).zip(gathered.meetings()) {
            let fields = person(citizen)
                .into_iter()
                .chain([meeting.date.to_string(), meeting.kind.code().to_owned()])
                .chain([number.to_string()])
                .chain(
                    [Role::Citizen, Role::Relative, Role::Caseworker, Role::Staff]
                        .map(|role| meeting.participants.contains(&role).to_string()),
                )
                .chain([
                    plan.map(|plan| plan.to_string()).unwrap_or_default(),
                    citizen.id.to_string(),
                    meeting
                        .time
                        .map(crate::iso::format_time)
                        .unwrap_or_default(),
                ])
                .chain(Role::ALL.map(|role| count_of(&meeting, role)))
                .chain([
                    meeting
                        .minutes_by
                        .map(|role| role.code().to_owned())
                        .unwrap_or_default(),
                    defused(&meeting.agreements),
                    meeting
                        .next_date
                        .map(|date| date.to_string())
                        .unwrap_or_default(),
                    defused(&meeting.note),
                    meeting.kind.counts_towards_plan().to_string(),
                    meeting.id.to_string(),
                ]);
            self.write(fields, out)?;
        }
        Ok(())
    }
}

/// The plan's Norwegian individual plan part, on each of its goals' rows (empty for a plan without one): the
/// measures as `what: responsible` and the ansvarsgruppe as role codes with any description in brackets,
/// each list joined by ` | `.
fn individual_plan_fields(plan: &Plan) -> [String; 8] {
    let Some(ip) = &plan.individual_plan else {
        return Default::default();
    };
    let date = |date: Option<NaiveDate>| date.map(|date| date.to_string()).unwrap_or_default();
    let measures: Vec<String> = ip
        .measures()
        .map(|measure| format!("{}: {}", measure.what, measure.responsible))
        .collect();
    let members: Vec<String> = ip
        .members
        .iter()
        .map(|member| match member.description.as_str() {
            "" => member.role.code().to_owned(),
            description => format!("{} ({description})", member.role.code()),
        })
        .collect();
    let consent = ip
        .consent
        .map(|consent| if consent.given { "yes" } else { "no" });
    [
        defused(&ip.coordinator),
        date(ip.period_from),
        date(ip.period_to),
        date(ip.revision_due),
        consent.unwrap_or_default().to_owned(),
        date(ip.consent.and_then(|consent| consent.date)),
        defused(&measures.join(" | ")),
        defused(&members.join(" | ")),
    ]
}

/// How many took part in `role`.
fn count_of(meeting: &Meeting, role: Role) -> String {
    let count = meeting
        .participants
        .iter()
        .filter(|taking_part| **taking_part == role)
        .count();
    count.to_string()
}

/// The columns every sheet starts with: the citizen's label, birth year and unit, as the forms have them.
fn person(citizen: &Citizen) -> [String; 3] {
    [
        defused(citizen.fields.label.as_str()),
        citizen.fields.birth_year.get().to_string(),
        defused(citizen.fields.unit.as_str()),
    ]
}

/// The FFB themes and sub-themes a domain names: a sub-theme counts its theme too.
fn domain_terms(domain: &mastery::Domain) -> (Vec<&'static Term>, Vec<&'static Term>) {
    let mut themes = Vec::new();
    let mut sub_themes = Vec::new();
    for condition in domain.conditions() {
        if condition.rank() == Rank::SubTheme {
            sub_themes.push(condition.term());
        }
        if let Some(theme) = condition.theme()
            && !themes.contains(&theme.term())
        {
            themes.push(theme.term());
        }
    }
    (themes, sub_themes)
}

fn goal_type(id: &TermId) -> Option<&'static Term> {
    ffb::goal_type(id.as_str())
}

/// A function level as three columns: 0–4 (empty for "ikke vurderet"), KL's code and display.
fn level_fields(level: Option<FunctionLevel>) -> [String; 3] {
    let term = ffb::function_level(level).map(ffb::Level::term);
    let (code, name) = codes_and_names(term);
    let number = level
        .map(|level| level.get().to_string())
        .unwrap_or_default();
    [number, code, name]
}

/// The terms' codes and displays, each list joined by `|` (most hold one).
fn codes_and_names<'t>(terms: impl IntoIterator<Item = &'t Term>) -> (String, String) {
    let (codes, names): (Vec<&str>, Vec<&str>) = terms
        .into_iter()
        .map(|term| (term.code(), term.display()))
        .unzip();
    (codes.join("|"), names.join("|"))
}
