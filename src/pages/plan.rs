//! The mestringsplan as the citizen and staff read it together: the dialogue meetings that lead to it,
//! each goal in the citizen's own words with what it looks like when it goes better or worse than
//! expected, the training, when it is followed up, and the meetings with what was agreed at each. A
//! Norwegian plan shows its *individuell plan* part too, with a notice once its revision date has passed.

pub mod due;
pub mod editor;
pub mod follow_up;
mod individual_plan;

use chrono::NaiveDate;
use mestring_core::citizen::{Citizen, CitizenId};
use mestring_core::ffb;
use mestring_core::mastery::{
    FollowUp, Goal, Plan, PlanId, Schema, SchemaId, counted_held, missing_plan_since,
};
use mestring_core::meeting::{Meeting, MeetingKind, Role, with_plan_meetings};
use mestring_core::store::{StoreErrorKind, plan_of};
use mestring_core::unit::MeetingLimit;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::browser;
use crate::components::route_link::RouteLink;
use crate::hooks::use_records::use_records;
use crate::hooks::use_session::{Session, use_session};
use crate::i18n::{I18n, Key};
use crate::pages::lookup_citizen;
use crate::records::Records;
use crate::router::Route;
use crate::schemas;

/// The schema whose domains a new plan's goals work on.
const PLAN_SCHEMA: &str = "mastery";

/// The staff schema in FFB's terms, whose sub-themes a goal addresses and staff rate.
pub(crate) const FFB_SCHEMA: &str = "ffb_function";

/// The latest edition of [`FFB_SCHEMA`]; `None` only if the bundled schemas do not read back.
pub(crate) fn ffb_schema() -> Option<&'static Schema> {
    schemas::registry()?
        .get(&SchemaId::new(FFB_SCHEMA), None)
        .ok()
}

/// The citizen's plan: `None` while loading, `Some(Ok(None))` when there is none yet.
pub(crate) type LoadedPlan = Option<Result<Option<Plan>, StoreErrorKind>>;

/// Loads the plan of the citizen whose id is `id` once the database is open; `reload` reads it again.
#[hook]
pub(crate) fn use_plan(id: &AttrValue) -> (LoadedPlan, Callback<()>) {
    let records = use_records();
    let plan = use_state(|| None::<Result<Option<Plan>, StoreErrorKind>>);
    let generation = use_state(|| 0u32);
    {
        let plan = plan.clone();
        use_effect_with(
            (id.clone(), records.has_store(), *generation),
            move |(id, open, _)| {
                let citizen = mestring_core::citizen::CitizenId::parse(id);
                if let (true, Some(citizen)) = (*open, citizen) {
                    spawn_local(async move {
                        let plans = records.all_plans().await;
                        plan.set(Some(plans.map(|plans| plan_of(&plans, citizen).cloned())));
                    });
                }
            },
        );
    }
    let reload = Callback::from(move |()| generation.set(*generation + 1));
    ((*plan).clone(), reload)
}

/// The citizen's stored meeting records and the day of each of their forms, read once the database is
/// open: `None` while loading (or when the read failed, which is reported).
#[hook]
pub(crate) fn use_meeting_days(
    citizen: Option<CitizenId>,
) -> Option<(Vec<Meeting>, Vec<NaiveDate>)> {
    let records = use_records();
    let days = use_state(|| None);
    {
        let days = days.clone();
        use_effect_with((citizen, records.has_store()), move |(citizen, open)| {
            if let (true, Some(citizen)) = (*open, *citizen) {
                spawn_local(async move {
                    if let Ok(read) = records.meeting_days(citizen).await {
                        days.set(Some(read));
                    }
                });
            }
        });
    }
    (*days).clone()
}

/// The page around a loaded plan: the citizen, the schema and the plan, or the page to show instead.
fn with_plan(
    session: &Session,
    id: &str,
    loaded: &LoadedPlan,
) -> Result<(Citizen, &'static Schema, Option<Plan>), Html> {
    let i18n = session.i18n();
    let (_, citizen) = lookup_citizen(session, id)?;
    let page = |content: Html| html! { <section class="page">{ content }</section> };
    let schema = schemas::registry()
        .and_then(|registry| registry.get(&SchemaId::new(PLAN_SCHEMA), None).ok())
        .ok_or_else(|| page(html! { <p>{ i18n.t(Key::MasteryNoSchemas) }</p> }))?;
    match loaded {
        None => Err(page(html! { <p>{ i18n.t(Key::AppLoading) }</p> })),
        Some(Err(kind)) => Err(page(
            html! { <p class="notice notice-error" role="alert">{ i18n.store_error(*kind) }</p> },
        )),
        Some(Ok(plan)) => Ok((citizen, schema, plan.clone())),
    }
}

/// The stored plan, or a new empty one for the citizen: the record every change starts from.
fn plan_or_new(
    session: &Session,
    records: &Records,
    citizen: &Citizen,
    plan: Option<Plan>,
) -> Option<Plan> {
    if let Some(plan) = plan {
        return Some(plan);
    }
    let ids = browser::random_bytes()
        .and_then(|bytes| records.new_record_meta().map(|meta| (bytes, meta)));
    match ids {
        Ok((bytes, meta)) => Some(Plan::new(
            PlanId::from_random_bytes(bytes),
            citizen.id,
            SchemaId::new(PLAN_SCHEMA),
            session.rules().follow_up,
            meta,
        )),
        Err(err) => {
            session.report_store_error(&err);
            None
        }
    }
}

/// `plan` changed by `edit`, one revision later; a plan never stored stays at revision 1.
fn revised(plan: &Plan, stored: bool, edit: impl FnOnce(&mut Plan)) -> Plan {
    let mut next = plan.clone();
    edit(&mut next);
    if stored {
        next.meta = plan.meta.next(browser::now());
    }
    next
}

#[derive(Properties, PartialEq)]
pub struct PlanPageProps {
    pub id: AttrValue,
}

#[component]
pub fn PlanPage(props: &PlanPageProps) -> Html {
    let session = use_session();
    let i18n = session.i18n();
    let (loaded, _) = use_plan(&props.id);
    let days = use_meeting_days(CitizenId::parse(&props.id));
    let (citizen, schema, plan) = match with_plan(&session, &props.id, &loaded) {
        Ok(found) => found,
        Err(page) => return page,
    };
    let today = browser::now().date_naive();
    let id = citizen.id.to_string();
    let (stored, form_dates) = days.unwrap_or_default();
    let rules = session.rules();
    let missing = missing_plan_since(plan.as_ref(), &stored, &form_dates, today, &rules);
    let overdue = plan
        .as_ref()
        .filter(|plan| plan.overdue(today))
        .and_then(Plan::next_follow_up);
    let meetings = with_plan_meetings(&stored, plan.as_ref());
    let made = plan.as_ref().is_some_and(Plan::is_made);
    // While no plan is made, how far the course is towards the unit's limit of meetings held without one.
    let counted = rules
        .meetings_before_plan
        .filter(|_| !made)
        .map(|limit| (counted_held(&meetings, &form_dates, today).len(), limit));
    let warnings = html! {
        <>
            if let Some(fifth) = missing {
                <p class="notice notice-error" role="alert">
                    { i18n.f(Key::PlanMissing, &[("date", &i18n.date(fifth)), ("max", &counted.map_or(0, |(_, limit)| limit.get()))]) }
                </p>
            }
            if let Some((held, limit)) = counted.filter(|(held, limit)| limit.plan_due_at_next(*held)) {
                <p class="notice notice-update plan-due-next" role="status">
                    { i18n.f(Key::PlanDueAtNext, &[("n", &held), ("max", &limit.get())]) }
                </p>
            }
            if plan.as_ref().is_some_and(|plan| plan.agreed_on.is_some() && !made) && counted.is_some() {
                <p class="notice notice-update">{ i18n.t(Key::PlanNotMade) }</p>
            }
            if let Some(due) = overdue {
                <p class="notice notice-error" role="alert">
                    { i18n.f(Key::PlanOverdue, &[("date", &i18n.date(due))]) }
                </p>
            }
            if let Some(ip) = plan.as_ref().and_then(|plan| plan.individual_plan.as_ref()) {
                { individual_plan::revision_notice(i18n, ip, today) }
            }
        </>
    };
    let agreed = plan.as_ref().filter(|plan| !plan.goals.is_empty());
    html! {
        <section class="page">
            <h1>{ i18n.with_typed(Key::PlanTitle, "label", citizen.fields.label.as_str()) }</h1>
            { warnings }
            if let Some(plan) = agreed {
                { plan_view(i18n, schema, plan) }
                <RouteLink to={Route::FollowUp { id: id.clone() }} class="button primary">{ i18n.t(Key::PlanFollowUp) }</RouteLink>
                <RouteLink to={Route::PlanEdit { id: id.clone() }} class="button">{ i18n.t(Key::PlanEdit) }</RouteLink>
            } else {
                <p class="lead">{ i18n.t(Key::PlanNone) }</p>
                <RouteLink to={Route::PlanEdit { id: id.clone() }} class="button primary">{ i18n.t(Key::PlanCreate) }</RouteLink>
            }
            if let Some(ip) = plan.as_ref().and_then(|plan| plan.individual_plan.as_ref()) {
                { individual_plan::ip_card(i18n, ip) }
            }
            { agreements_card(i18n, &meetings) }
            { meetings_card(i18n, &id, &meetings, counted) }
            <RouteLink to={Route::Mastery { id }} class="button">{ i18n.t(Key::PlanToMastery) }</RouteLink>
        </section>
    }
}

/// The plan in plain words, a card per goal.
pub(crate) fn plan_view(i18n: I18n, schema: &Schema, plan: &Plan) -> Html {
    let latest = plan.latest_follow_up();
    html! {
        <>
            for goal in &plan.goals {
                { goal_card(i18n, schema, goal, latest) }
            }
            if let Some(due) = plan.next_follow_up() {
                <p class="big-text">{ i18n.f(Key::PlanNextFollowUp, &[("date", &i18n.date(due))]) }</p>
            }
            if !plan.follow_ups.is_empty() {
                { follow_up_table(i18n, plan) }
            }
        </>
    }
}

/// The levels from the best outcome down, so "better" is always up.
const LEVELS_TOP_DOWN: [i8; 5] = [2, 1, 0, -1, -2];

pub(crate) fn level_key(level: i8) -> Key {
    match level {
        2 => Key::PlanLevelPlus2,
        1 => Key::PlanLevelPlus1,
        0 => Key::PlanLevel0,
        -1 => Key::PlanLevelMinus1,
        _ => Key::PlanLevelMinus2,
    }
}

/// The goal in FFB's terms in one line: its goal type, the sub-themes it addresses and its function level
/// now and aimed for; `None` for a goal set before goals had them.
fn ffb_summary(i18n: I18n, goal: &Goal) -> Option<String> {
    let goal_type = ffb::goal_type(goal.goal_type.as_ref()?.as_str())?;
    let sub_themes: Vec<String> = goal
        .sub_themes
        .iter()
        .filter_map(|id| ffb::condition(id.as_str()))
        .map(|sub_theme| i18n.ffb_term(sub_theme.term()))
        .collect();
    let level = |level| ffb::function_level(level).map(|level| i18n.ffb_term(level.term()));
    Some(i18n.f(
        Key::PlanFfbSummary,
        &[
            ("goal_type", &i18n.ffb_term(goal_type)),
            ("sub_themes", &sub_themes.join(", ")),
            ("start", &level(goal.level_at_start)?),
            ("aimed", &level(goal.level_aimed_for)?),
        ],
    ))
}

/// The goal's baseline and weight, where recorded.
fn gas_summary(i18n: I18n, goal: &Goal) -> Option<String> {
    let baseline = goal.baseline.map(|level| i18n.signed(level.into()));
    match (baseline, goal.weight) {
        (baseline, Some(weight)) => Some(i18n.f(
            Key::PlanGasSummary,
            &[
                ("baseline", &baseline.unwrap_or_else(|| "–".to_owned())),
                ("weight", &weight.value()),
                ("importance", &weight.importance),
                ("difficulty", &weight.difficulty),
            ],
        )),
        (Some(baseline), None) => {
            Some(i18n.f(Key::PlanBaselineSummary, &[("baseline", &baseline)]))
        }
        (None, None) => None,
    }
}

fn goal_card(i18n: I18n, schema: &Schema, goal: &Goal, latest: Option<&FollowUp>) -> Html {
    let domains: Vec<&str> = goal
        .domains
        .iter()
        .filter_map(|domain| schema.domain(domain))
        .map(|domain| domain.title().get(i18n.lang))
        .collect();
    let reached = latest.and_then(|follow_up| follow_up.level_of(goal.number));
    let title_id = format!("goal-{}", goal.number);
    html! {
        <section class="card goal" aria-labelledby={title_id.clone()}>
            <h2 id={title_id}>
                { i18n.f(Key::PlanGoalNumber, &[("n", &goal.number)]) }{ " " }<bdi>{ goal.own_words.clone() }</bdi>
            </h2>
            if let Some(ended) = goal.ended {
                <p class="badge goal-ended">{ i18n.f(Key::PlanGoalEnded, &[("date", &i18n.date(ended))]) }</p>
            }
            <p>{ i18n.f(Key::PlanDomains, &[("domains", &domains.join(", "))]) }</p>
            if let Some(summary) = ffb_summary(i18n, goal) {
                <p class="ffb-summary">{ summary }</p>
            }
            if !goal.sub_goals.is_empty() {
                <h3>{ i18n.t(Key::PlanSubGoals) }</h3>
                <ul>
                    for sub_goal in &goal.sub_goals {
                        <li><bdi>{ sub_goal.clone() }</bdi></li>
                    }
                </ul>
            }
            if !goal.activities.is_empty() {
                <h3>{ i18n.t(Key::PlanActivities) }</h3>
                <ul>
                    for activity in &goal.activities {
                        <li>
                            <bdi>{ activity.what.clone() }</bdi>
                            // Each detail only when filled in: "support: , how often: " says nothing.
                            if !activity.support.trim().is_empty() {
                                { i18n.with_typed(Key::PlanActivityLineSupport, "support", &activity.support) }
                            }
                            if !activity.how_often.trim().is_empty() {
                                { i18n.with_typed(Key::PlanActivityLineOften, "often", &activity.how_often) }
                            }
                            if let Some(start) = activity.start {
                                { i18n.f(Key::PlanActivityLineStart, &[("date", &i18n.date(start))]) }
                            }
                        </li>
                    }
                </ul>
            }
            <h3>{ i18n.t(Key::PlanLevels) }</h3>
            if let Some(summary) = gas_summary(i18n, goal) {
                <p>{ summary }</p>
            }
            <ol class="gas-levels">
                for level in LEVELS_TOP_DOWN {
                    <li class={classes!((level == 0).then_some("expected"), (reached == Some(level)).then_some("reached"))}>
                        <span class="gas-level">{ i18n.t(level_key(level)) }</span>
                        <bdi>{ goal.level_text(level).to_owned() }</bdi>
                        if reached == Some(level) {
                            <span class="badge">{ i18n.t(Key::PlanReached) }</span>
                        }
                    </li>
                }
            </ol>
        </section>
    }
}

fn follow_up_table(i18n: I18n, plan: &Plan) -> Html {
    html! {
        <section>
            <h2>{ i18n.t(Key::PlanFollowUps) }</h2>
            <div class="table-scroll">
                <table class="history">
                    <thead>
                        <tr>
                            <th scope="col">{ i18n.t(Key::CitizenColDate) }</th>
                            for goal in &plan.goals {
                                <th scope="col">{ i18n.f(Key::PlanGoalColumn, &[("n", &goal.number)]) }</th>
                            }
                            <th scope="col">{ i18n.t(Key::PlanTScore) }</th>
                        </tr>
                    </thead>
                    <tbody>
                        for follow_up in plan.follow_ups.iter().rev() {
                            <tr>
                                <td>{ i18n.date(follow_up.date) }</td>
                                for goal in &plan.goals {
                                    <td>{ follow_up.level_of(goal.number).map(|level| i18n.signed(level.into())).unwrap_or_default() }</td>
                                }
                                <td>{ plan.t_score(follow_up).map(|score| i18n.tenths(score.tenths().into())).unwrap_or_default() }</td>
                            </tr>
                        }
                    </tbody>
                </table>
            </div>
            <p class="explain">{ i18n.t(Key::FollowUpScoreMeaning) }</p>
        </section>
    }
}

/// The citizen's meetings of every kind, how many count towards the plan while there is none, and the
/// way to record the next one.
fn meetings_card(
    i18n: I18n,
    id: &str,
    meetings: &[Meeting],
    counted: Option<(usize, MeetingLimit)>,
) -> Html {
    html! {
        <section class="card" aria-labelledby="meetings-title">
            <h2 id="meetings-title">{ i18n.t(Key::PlanAllMeetings) }</h2>
            if let Some((counted, limit)) = counted {
                <p class="meetings-counted">
                    { i18n.f(Key::PlanCounted, &[("n", &counted), ("max", &limit.get())]) }
                </p>
            }
            if meetings.is_empty() {
                <p>{ i18n.t(Key::PlanNoMeetingsYet) }</p>
            } else {
                <ol class="meeting-list">
                    for meeting in meetings {
                        <li>{ record_line(i18n, meeting) }</li>
                    }
                </ol>
            }
            <RouteLink to={Route::RecordMeeting { id: id.to_owned() }} class="button primary">
                { i18n.t(Key::PlanAddMeeting) }
            </RouteLink>
        </section>
    }
}

/// A meeting of any kind in one line: when, what kind, who took part, who took the minutes.
pub(crate) fn record_line(i18n: I18n, meeting: &Meeting) -> String {
    let when = match meeting.time {
        Some(time) => i18n.f(
            Key::PlanMeetingAt,
            &[
                ("date", &i18n.date(meeting.date)),
                ("time", &i18n.time(time)),
            ],
        ),
        None => i18n.date(meeting.date),
    };
    let mut line = format!(
        "{when}, {}: {}",
        i18n.meeting_kind(meeting.kind),
        who(i18n, &meeting.participants)
    );
    if let Some(role) = meeting.minutes_by {
        line.push_str(&i18n.f(Key::PlanMinutesBy, &[("role", &i18n.role(role))]));
    }
    line
}

/// The participants by role, each role once with how many when more than one: "Borgeren, Forælder eller
/// pårørende (2)".
fn who(i18n: I18n, participants: &[Role]) -> String {
    let mut roles: Vec<Role> = Vec::new();
    for role in participants {
        if !roles.contains(role) {
            roles.push(*role);
        }
    }
    let named: Vec<String> = roles
        .into_iter()
        .map(|role| {
            let count = participants.iter().filter(|taken| **taken == role).count();
            match count {
                1 => i18n.role(role).to_owned(),
                _ => i18n.f(
                    Key::PlanRoleCount,
                    &[("role", &i18n.role(role)), ("n", &count)],
                ),
            }
        })
        .collect();
    named.join(", ")
}

/// What was agreed at the latest meeting with agreements, and before it, newest first: one entry per
/// meeting, so nothing agreed is ever overwritten.
fn agreements_card(i18n: I18n, meetings: &[Meeting]) -> Html {
    let mut agreed: Vec<&Meeting> = meetings
        .iter()
        .filter(|meeting| !meeting.agreements.trim().is_empty())
        .collect();
    agreed.reverse();
    let Some((latest, earlier)) = agreed.split_first() else {
        return Html::default();
    };
    let next = meetings.iter().rev().find_map(|meeting| meeting.next_date);
    html! {
        <section class="card" aria-labelledby="agreements-title">
            <h2 id="agreements-title">{ i18n.t(Key::PlanAgreements) }</h2>
            <p class="field-hint">{ i18n.f(Key::PlanAgreedAt, &[("date", &i18n.date(latest.date)), ("kind", &i18n.meeting_kind(latest.kind))]) }</p>
            <p class="plan-text"><bdi>{ latest.agreements.clone() }</bdi></p>
            if let Some(next) = next {
                <p class="big-text">{ i18n.f(Key::PlanNextMeeting, &[("date", &i18n.date(next))]) }</p>
            }
            if !earlier.is_empty() {
                <details class="earlier-agreements">
                    <summary>{ i18n.t(Key::PlanEarlierAgreements) }</summary>
                    <ul>
                        for meeting in earlier {
                            <li>
                                { i18n.f(Key::PlanAgreedAt, &[("date", &i18n.date(meeting.date)), ("kind", &i18n.meeting_kind(meeting.kind))]) }
                                { ": " }<bdi>{ meeting.agreements.clone() }</bdi>
                            </li>
                        }
                    </ul>
                </details>
            }
        </section>
    }
}

/// The dialogue meetings held, oldest first; the meetings of other kinds are not dialogue meetings.
pub(crate) fn meeting_log(i18n: I18n, meetings: &[Meeting]) -> Html {
    let dialogue: Vec<&Meeting> = meetings
        .iter()
        .filter(|meeting| meeting.kind == MeetingKind::Dialogue)
        .collect();
    if dialogue.is_empty() {
        return html! { <p>{ i18n.t(Key::PlanNoMeetings) }</p> };
    }
    html! {
        <ol>
            for meeting in dialogue {
                <li>{ meeting_line(i18n, meeting) }</li>
            }
        </ol>
    }
}

fn meeting_line(i18n: I18n, meeting: &Meeting) -> String {
    format!(
        "{}: {}",
        i18n.date(meeting.date),
        who(i18n, &meeting.participants)
    )
}
