//! Staff record a meeting with a citizen: what kind, when, who took part (by role, with how many: two
//! parents are two relatives), who takes the minutes, the agreements until next time, the next meeting's
//! date and a short note. Kept as a draft while typed, so a lock or a reload loses nothing; checked by the
//! core's rules for a stored meeting ([`model::MeetingDraft::meeting`]), each problem beside its field;
//! stored with the draft dropped in one write. A citizen needs no plan for it: an acute contact can come
//! before any plan.

mod model;

use mestring_core::meeting::{MeetingId, MeetingKind, Role};
use mestring_core::record::{DeviceId, RecordMeta};
use yew::prelude::*;

use self::model::{DraftIssue, Field, MOST_OF_A_ROLE, MeetingDraft};
use crate::browser;
use crate::browser::typed;
use crate::components::route_link::RouteLink;
use crate::components::text_field::TextField;
use crate::hooks::use_draft::{UseDraftHandle, use_resumed_draft};
use crate::hooks::use_records::use_records;
use crate::hooks::use_save::use_save;
use crate::hooks::use_session::use_session;
use crate::i18n::{I18n, Key};
use crate::pages::lookup_citizen;
use crate::router::{Route, use_navigator};

/// Where a citizen's unfinished meeting record is kept.
fn draft_key(citizen: &str) -> String {
    format!("meeting-record/{citizen}")
}

/// Makes the fields' callbacks: each applies its change to the latest draft.
struct Edit<'a> {
    draft: &'a UseDraftHandle<MeetingDraft>,
    /// The draft as drawn, which the first change applies to when none is kept yet.
    current: &'a MeetingDraft,
}

impl Edit<'_> {
    fn on<E: 'static, V: 'static>(
        &self,
        value: impl Fn(E) -> V + 'static,
        edit: impl Fn(&mut MeetingDraft, &V) + 'static,
    ) -> Callback<E> {
        self.draft.edit(self.current, value, edit)
    }
}

#[derive(Properties, PartialEq)]
pub struct RecordMeetingPageProps {
    pub id: AttrValue,
}

#[component]
pub fn RecordMeetingPage(props: &RecordMeetingPageProps) -> Html {
    let session = use_session();
    let records = use_records();
    let i18n = session.i18n();
    let key = draft_key(&props.id);
    let draft = use_resumed_draft::<MeetingDraft>(&key);
    let attempted = use_state(|| false);
    let save = use_save();
    let navigate = use_navigator();
    let citizen = match lookup_citizen(&session, &props.id) {
        Ok((_, citizen)) => citizen,
        Err(page) => return page,
    };
    let now = browser::now();
    let current = draft
        .get()
        .cloned()
        .unwrap_or_else(|| MeetingDraft::start(now.naive_local()));
    // The issues depend on nothing but what was typed: the id and bookkeeping are placeholders until stored.
    let (_, issues) = current.meeting(
        MeetingId::from_random_bytes([0; 16]),
        citizen.id,
        RecordMeta::new(DeviceId::MERGED, now),
        now.date_naive(),
    );
    let edit = Edit {
        draft: &draft,
        current: &current,
    };
    let problems = |field: Field| -> Vec<String> {
        issues
            .iter()
            .filter(|issue| issue.field() == field)
            // A text's own problems show as it is typed; the rest once saving was tried.
            .filter(|issue| *attempted || matches!(issue.field(), Field::Agreements | Field::Note))
            .map(|issue| draft_issue(i18n, issue))
            .collect()
    };
    let on_store = {
        let (session, records, save, navigate, key) = (
            session.clone(),
            records.clone(),
            save.clone(),
            navigate.clone(),
            key.clone(),
        );
        let (citizen_id, current, attempted) = (citizen.id, current.clone(), attempted.clone());
        let valid = issues.is_empty();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            attempted.set(true);
            if !valid {
                return;
            }
            let ids = browser::random_bytes()
                .and_then(|bytes| records.new_record_meta().map(|meta| (bytes, meta)));
            let (bytes, meta) = match ids {
                Ok(ids) => ids,
                Err(err) => {
                    session.report_store_error(&err);
                    return;
                }
            };
            let (meeting, _) = current.meeting(
                MeetingId::from_random_bytes(bytes),
                citizen_id,
                meta,
                browser::now().date_naive(),
            );
            let (records, navigate, key) = (records.clone(), navigate.clone(), key.clone());
            let id = citizen_id.to_string();
            save.run(
                async move { records.put_meeting(meeting, key).await },
                move || navigate.emit(Route::Plan { id }),
            );
        })
    };
    let id = citizen.id.to_string();
    html! {
        <section class="page">
            <h1>{ i18n.with_typed(Key::RecordTitle, "label", citizen.fields.label.as_str()) }</h1>
            <p class="lead">{ i18n.t(Key::RecordLead) }</p>
            <form onsubmit={on_store} novalidate=true>
                { kind_choice(i18n, &current, &edit) }
                <div class="field-row">
                    <TextField
                        id="record-date"
                        kind="date"
                        label={i18n.t(Key::RecordDate)}
                        value={current.date.clone()}
                        problems={problems(Field::Date)}
                        on_input={edit.on(|text: String| text, |draft, text| draft.date = text.clone())}
                    />
                    <TextField
                        id="record-time"
                        kind="time"
                        label={i18n.t(Key::RecordTime)}
                        value={current.time.clone()}
                        problems={problems(Field::Time)}
                        on_input={edit.on(|text: String| text, |draft, text| draft.time = text.clone())}
                    />
                </div>
                { participants(i18n, &current, &edit, problems(Field::Participants)) }
                { minutes_choice(i18n, &current, &edit, problems(Field::MinutesBy)) }
                { agreements_field(i18n, &current, &edit, problems(Field::Agreements)) }
                <TextField
                    id="record-next"
                    kind="date"
                    label={i18n.t(Key::RecordNextDate)}
                    value={current.next_date.clone()}
                    problems={problems(Field::NextDate)}
                    on_input={edit.on(|text: String| text, |draft, text| draft.next_date = text.clone())}
                />
                <TextField
                    id="record-note"
                    label={i18n.t(Key::RecordNote)}
                    hint={i18n.t(Key::RecordNoteHint)}
                    value={current.note.clone()}
                    problems={problems(Field::Note)}
                    on_input={edit.on(|text: String| text, |draft, text| draft.note = text.clone())}
                />
                if *attempted && !issues.is_empty() {
                    <p class="form-summary" role="alert">{ i18n.t(Key::RecordFix) }</p>
                }
                if save.failed() {
                    <p class="notice notice-error" role="alert">{ i18n.t(Key::PlanNotStored) }</p>
                }
                <div class="button-row">
                    <button type="submit" class="primary" aria-disabled={save.saving().to_string()}>
                        { i18n.t(Key::RecordSave) }
                    </button>
                    <RouteLink to={Route::Plan { id }} class="button">
                        { i18n.t(Key::RecordBack) }
                    </RouteLink>
                </div>
            </form>
        </section>
    }
}

fn kind_choice(i18n: I18n, current: &MeetingDraft, edit: &Edit) -> Html {
    html! {
        <fieldset class="choice-group" aria-describedby="record-kind-hint">
            <legend>{ i18n.t(Key::RecordKind) }</legend>
            <p class="field-hint" id="record-kind-hint">{ i18n.t(Key::RecordKindHint) }</p>
            for kind in MeetingKind::ALL {
                <label class="radio-choice">
                    <input
                        type="radio"
                        name="record-kind"
                        checked={current.kind == kind}
                        onchange={edit.on(move |_: Event| kind, |draft, kind| draft.kind = *kind)}
                    />
                    { i18n.meeting_kind(kind) }
                </label>
            }
        </fieldset>
    }
}

/// A row per role: how many took part in it, typed or stepped with large buttons.
fn participants(i18n: I18n, current: &MeetingDraft, edit: &Edit, problems: Vec<String>) -> Html {
    let invalid = !problems.is_empty();
    html! {
        <fieldset
            class="choice-group role-counts"
            aria-describedby={if invalid { "record-participants-hint record-participants-problems" } else { "record-participants-hint" }}
        >
            <legend>{ i18n.t(Key::RecordParticipants) }</legend>
            <p class="field-hint" id="record-participants-hint">{ i18n.t(Key::RecordParticipantsHint) }</p>
            for role in Role::ALL {
                { role_count(i18n, current, edit, role) }
            }
            if invalid {
                { problem_list("record-participants-problems", problems) }
            }
        </fieldset>
    }
}

fn role_count(i18n: I18n, current: &MeetingDraft, edit: &Edit, role: Role) -> Html {
    let count = current.count(role);
    let input_id = format!("record-role-{}", role.code());
    let name = i18n.role(role);
    let step = |by: i8| {
        edit.on(
            move |_: MouseEvent| by,
            move |draft, by| {
                let next = i16::from(draft.count(role)) + i16::from(*by);
                draft.set_count(role, u8::try_from(next.max(0)).unwrap_or(MOST_OF_A_ROLE));
            },
        )
    };
    let on_typed = edit.on(
        |event: InputEvent| typed(&event),
        move |draft, text| {
            // A field being emptied to type another number counts as none until it is typed.
            let count = text.trim().parse::<u8>().unwrap_or(0);
            draft.set_count(role, count);
        },
    );
    html! {
        <div class={classes!("role-count", (count > 0).then_some("present"))}>
            <label for={input_id.clone()}>{ name }</label>
            <button
                type="button"
                class="step"
                aria-label={i18n.f(Key::RecordFewer, &[("role", &name)])}
                aria-controls={input_id.clone()}
                disabled={count == 0}
                onclick={step(-1)}
            >{ "−" }</button>
            <input
                id={input_id.clone()}
                type="number"
                inputmode="numeric"
                min="0"
                max={MOST_OF_A_ROLE.to_string()}
                value={count.to_string()}
                oninput={on_typed}
            />
            <button
                type="button"
                class="step"
                aria-label={i18n.f(Key::RecordMore, &[("role", &name)])}
                aria-controls={input_id}
                disabled={count >= MOST_OF_A_ROLE}
                onclick={step(1)}
            >{ "+" }</button>
        </div>
    }
}

/// Who takes the minutes: one of the roles present, or the chosen one still shown (with its problem) when
/// no one of that role is there any more.
fn minutes_choice(i18n: I18n, current: &MeetingDraft, edit: &Edit, problems: Vec<String>) -> Html {
    let offered: Vec<Role> = Role::ALL
        .into_iter()
        .filter(|role| current.count(*role) > 0 || current.minutes_by == Some(*role))
        .collect();
    let invalid = !problems.is_empty();
    let on_change = edit.on(
        |event: Event| typed(&event),
        |draft, code| {
            draft.minutes_by = Role::ALL.into_iter().find(|role| role.code() == code);
        },
    );
    html! {
        <div class={classes!("field", invalid.then_some("field-invalid"))}>
            <label for="record-minutes">{ i18n.t(Key::RecordMinutesBy) }</label>
            <select
                id="record-minutes"
                aria-invalid={invalid.to_string()}
                aria-describedby={invalid.then_some("record-minutes-problems")}
                onchange={on_change}
            >
                <option value="" selected={current.minutes_by.is_none()}>{ i18n.t(Key::RecordMinutesByNone) }</option>
                for role in offered {
                    <option value={role.code()} selected={current.minutes_by == Some(role)}>{ i18n.role(role) }</option>
                }
            </select>
            if invalid {
                { problem_list("record-minutes-problems", problems) }
            }
        </div>
    }
}

fn agreements_field(
    i18n: I18n,
    current: &MeetingDraft,
    edit: &Edit,
    problems: Vec<String>,
) -> Html {
    let invalid = !problems.is_empty();
    html! {
        <div class={classes!("field", invalid.then_some("field-invalid"))}>
            <label for="record-agreements">{ i18n.t(Key::PlanAgreements) }</label>
            <p class="field-hint" id="record-agreements-hint">{ i18n.t(Key::PlanAgreementsHint) }</p>
            <textarea
                id="record-agreements"
                rows="4"
                value={current.agreements.clone()}
                aria-invalid={invalid.to_string()}
                aria-describedby={if invalid { "record-agreements-hint record-agreements-problems" } else { "record-agreements-hint" }}
                oninput={edit.on(|event: InputEvent| typed(&event), |draft, text| draft.agreements = text.clone())}
            />
            if invalid {
                { problem_list("record-agreements-problems", problems) }
            }
        </div>
    }
}

fn problem_list(id: &'static str, problems: Vec<String>) -> Html {
    html! {
        <ul class="field-problems" {id} role="alert">
            for problem in problems {
                <li>{ problem }</li>
            }
        </ul>
    }
}

/// What is wrong, in the user's language.
fn draft_issue(i18n: I18n, issue: &DraftIssue) -> String {
    use mestring_core::meeting::MeetingIssue;
    match issue {
        DraftIssue::NoDate => i18n.t(Key::RecordIssueNoDate).to_owned(),
        DraftIssue::TimeUnreadable | DraftIssue::Meeting(MeetingIssue::TimeNotInMinutes) => {
            i18n.t(Key::RecordIssueTime).to_owned()
        }
        DraftIssue::NextDateUnreadable => i18n.t(Key::RecordIssueNextUnreadable).to_owned(),
        DraftIssue::Meeting(MeetingIssue::NoParticipants) => {
            i18n.t(Key::RecordIssueNoParticipants).to_owned()
        }
        DraftIssue::Meeting(MeetingIssue::MinutesByAbsent(role)) => i18n.f(
            Key::RecordIssueMinutesAbsent,
            &[("role", &i18n.role(*role))],
        ),
        DraftIssue::Meeting(MeetingIssue::NextNotAfter) => {
            i18n.t(Key::RecordIssueNextNotAfter).to_owned()
        }
        DraftIssue::Meeting(MeetingIssue::Text { problem, .. }) => i18n.text_problem(problem),
    }
}
