//! The meeting page's model: one rater's way through a meeting, from what storage held when the page
//! opened to a stored form, staff's view and the next form.
//!
//! The page renders [`Meeting::screen`] and dispatches [`MeetingAction`]s; the rules (which form comes
//! next, who is handed the tablet next, where a kept step resumes) are the core's `fit::meeting`, which
//! the model applies. What must survive a reload or a lock it shows as [`Meeting::kept_step`],
//! [`Meeting::form_draft`] and [`Meeting::kept_set_up`] (the meeting's set-up, shared by its raters),
//! which the page's draft hook keeps on the device whenever they change. Dates are arguments: the model
//! reads no clock.
//!
//! Whether the rater holds the tablet (citizen mode, from staff's hand-over until staff's PIN) is an
//! input too ([`MeetingAction::Held`]): while they hold it no staff screen shows, and a step at staff's
//! view is where they were handed the tablet again, for their next form of the meeting.

use std::rc::Rc;

use chrono::NaiveDate;
use mestring_core::citizen::CitizenId;
use mestring_core::fit::meeting::{
    MeetingForm, MeetingStep, Planned, SetUp, Step, planned, resume,
};
use mestring_core::fit::{Age, Definition, Rater, Registry, Response, ResponseId, Tenths};
use mestring_core::record::RecordMeta;
use mestring_core::store::StoreErrorKind;
use serde::{Deserialize, Serialize};
use yew::Reducible;

use super::step::{StoredSetUp, StoredStep};
use crate::instruments;

/// The answers of an unfinished form, saved after every mark, with the set-up they were given under.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FormDraft {
    #[serde(deserialize_with = "mestring_core::iso::date")]
    date: NaiveDate,
    form_age: Age,
    meeting: u32,
    instrument: String,
    version: u16,
    answers: Vec<Option<u16>>,
}

impl FormDraft {
    fn of(step: &MeetingStep, form: &MeetingForm, answers: &[Option<Tenths>]) -> FormDraft {
        FormDraft {
            date: step.date,
            form_age: step.form_age,
            meeting: form.meeting,
            instrument: form.instrument.as_str().to_owned(),
            version: form.version.get(),
            answers: answers
                .iter()
                .map(|answer| answer.map(Tenths::get))
                .collect(),
        }
    }

    /// Whether these are answers to `form` of a meeting on `date`, one per item of `definition`.
    fn belongs_to(&self, form: &MeetingForm, date: NaiveDate, definition: &Definition) -> bool {
        self.meeting == form.meeting
            && self.instrument == form.instrument.as_str()
            && self.version == form.version.get()
            && self.date == date
            && self.answers.len() == definition.items().len()
    }

    fn marks(&self) -> Vec<Option<Tenths>> {
        self.answers
            .iter()
            .map(|answer| answer.map(Tenths::new))
            .collect()
    }
}

/// One rater's meeting.
#[derive(Clone, Debug, PartialEq)]
pub struct Meeting {
    rater: Rater,
    /// The rater holds the tablet: staff handed it over and their PIN has not been typed since.
    held: bool,
    phase: Phase,
}

#[derive(Clone, Debug, PartialEq)]
enum Phase {
    /// Reading what storage holds, each part `None` until read; the meeting opens once all are in.
    Opening {
        forms: Option<Result<Vec<Response>, StoreErrorKind>>,
        step: Option<Option<StoredStep>>,
        draft: Option<Option<FormDraft>>,
        set_up: Option<Option<StoredSetUp>>,
    },
    Open(Open),
}

#[derive(Clone, Debug, PartialEq)]
struct Open {
    /// The forms stored: those read, and those stored here since.
    stored: Vec<Response>,
    /// The meeting as staff set it up today, if they have.
    set_up: Option<SetUp>,
    /// Where the meeting is; `None` at the set-up.
    step: Option<MeetingStep>,
    /// Staff finished the meeting: the screen stays as it is until the page changes (staff's PIN may be
    /// asked for first, and "back to the form" finds it), but there is nothing to come back to.
    finished: bool,
    /// The marks given on the form being answered: empty before the first.
    answers: Vec<Option<Tenths>>,
    /// Answers without a step to go with (an earlier day's, or an older version's), to offer.
    offered: Option<FormDraft>,
    /// "Done" was pressed with items unanswered: they are named.
    attempted: bool,
    /// In easy-read one question is on screen at a time: which.
    shown_item: usize,
}

pub enum MeetingAction {
    /// The forms stored about the citizen, read on `today`.
    ReadForms {
        forms: Result<Vec<Response>, StoreErrorKind>,
        today: NaiveDate,
    },
    /// The step kept on the device, if any, found on `today`.
    FoundStep {
        step: Option<StoredStep>,
        today: NaiveDate,
    },
    /// The unfinished answers kept on the device, if any, found on `today`.
    FoundDraft {
        draft: Option<FormDraft>,
        today: NaiveDate,
    },
    /// The meeting's set-up, kept on the device, if any, found on `today`.
    FoundSetUp {
        set_up: Option<StoredSetUp>,
        today: NaiveDate,
    },
    /// The set-up is done on `today`: answering the form it names for this rater.
    Start {
        set_up: SetUp,
        today: NaiveDate,
    },
    /// The rater was handed the tablet (`true`) or staff have it back (`false`), on `today`.
    Held {
        held: bool,
        today: NaiveDate,
    },
    /// The offered answers taken up on `today`, on the form they belong to.
    ResumeOffered {
        today: NaiveDate,
    },
    /// The offered answers set aside: they go.
    SetAsideOffered,
    Answer {
        item_idx: usize,
        value: Tenths,
    },
    /// Easy-read's one question on screen.
    ShowItem {
        item_idx: usize,
    },
    /// "Done" with items unanswered.
    ShowMissing,
    /// The form answered is stored (on `today`): the rater's calm summary.
    Stored {
        response: Response,
        today: NaiveDate,
    },
    /// Staff have the tablet back (their PIN typed, on a device with one): staff's view.
    HandBack {
        today: NaiveDate,
    },
    /// Staff finish the meeting for this rater, or hand the tablet to another rater of it: this rater's
    /// step goes, so their page opens on their next form when they are handed the tablet again.
    Finish,
}

/// What the page shows.
#[derive(Debug)]
pub enum Screen<'m> {
    Loading,
    Failed(StoreErrorKind),
    /// No version of a form the meeting needs is in the registry.
    NoInstruments,
    Setup,
    /// Answers left without a step, offered on the form that comes next, which they belong to.
    Offer {
        planned: Planned<'static>,
    },
    Answering(Answering<'m>),
    /// The rater's calm summary of a stored form.
    Thanks {
        response: &'m Response,
        definition: &'static Definition,
    },
    /// Staff's figures, and who is handed the tablet next with which form, if anyone.
    Staff {
        response: &'m Response,
        definition: &'static Definition,
        next: Option<(Rater, Planned<'static>)>,
    },
}

#[derive(Debug)]
pub struct Answering<'m> {
    pub step: &'m MeetingStep,
    pub form: &'m MeetingForm,
    pub definition: &'static Definition,
    /// One per item, `None` where unanswered.
    pub marks: Vec<Option<Tenths>>,
    /// Whether to name the items unanswered.
    pub attempted: bool,
    /// Easy-read's question on screen, within the form.
    pub shown_item: usize,
}

impl Meeting {
    pub fn new(rater: Rater) -> Meeting {
        Meeting {
            rater,
            held: false,
            phase: Phase::Opening {
                forms: None,
                step: None,
                draft: None,
                set_up: None,
            },
        }
    }

    /// The forms stored about the citizen; none while opening.
    pub fn stored(&self) -> &[Response] {
        match &self.phase {
            Phase::Open(open) => &open.stored,
            Phase::Opening { .. } => &[],
        }
    }

    pub fn screen(&self) -> Screen<'_> {
        let (open, registry) = match (&self.phase, instruments::registry()) {
            (Phase::Opening { forms, .. }, _) => {
                return match forms {
                    Some(Err(kind)) => Screen::Failed(*kind),
                    _ => Screen::Loading,
                };
            }
            (Phase::Open(_), None) => return Screen::NoInstruments,
            (Phase::Open(open), Some(registry)) => (open, registry),
        };
        let Some(step) = &open.step else {
            return match open.resumable(registry, self.rater) {
                Some(planned) => Screen::Offer { planned },
                None => Screen::Setup,
            };
        };
        match &step.step {
            Step::Thanks(id) | Step::Staff(id) => {
                let Some(response) = open.stored.iter().find(|response| response.id == *id) else {
                    return Screen::Setup;
                };
                let Ok(definition) =
                    registry.get(response.instrument.as_str(), Some(response.version))
                else {
                    return Screen::NoInstruments;
                };
                // Staff's figures only once staff have the tablet back.
                if matches!(step.step, Step::Thanks(_)) || self.held {
                    return Screen::Thanks {
                        response,
                        definition,
                    };
                }
                let next = open
                    .set_up
                    .as_ref()
                    .and_then(|set_up| set_up.next(registry, &open.stored));
                Screen::Staff {
                    response,
                    definition,
                    next,
                }
            }
            Step::Answering(form) => {
                let Ok(definition) = registry.get(form.instrument.as_str(), Some(form.version))
                else {
                    return Screen::NoInstruments;
                };
                let marks = open.marks(definition.items().len());
                Screen::Answering(Answering {
                    step,
                    form,
                    definition,
                    shown_item: open.shown_item.min(marks.len().saturating_sub(1)),
                    marks,
                    attempted: open.attempted,
                })
            }
        }
    }

    /// Whether every item of the form being answered is answered.
    pub fn is_complete(&self) -> bool {
        matches!(self.screen(), Screen::Answering(answering) if answering.marks.iter().all(Option::is_some))
    }

    /// The form being answered as it is stored, every item answered, given its ids and bookkeeping;
    /// `None` while an item is unanswered.
    pub fn response(
        &self,
        citizen_id: CitizenId,
        id: ResponseId,
        meta: RecordMeta,
    ) -> Option<Response> {
        let Screen::Answering(answering) = self.screen() else {
            return None;
        };
        let answers = answering
            .marks
            .into_iter()
            .collect::<Option<Vec<Tenths>>>()?;
        let definition = answering.definition;
        Some(Response {
            id,
            citizen_id,
            meeting: answering.form.meeting,
            date: answering.step.date,
            instrument: definition.id().clone(),
            version: definition.version(),
            kind: definition.kind(),
            rater: self.rater,
            answers,
            meta,
        })
    }

    /// The step to keep on the device, so a reload or a lock comes back to it: while opening, the one
    /// found (kept as it is until the meeting knows whether it still applies).
    pub fn kept_step(&self) -> Option<StoredStep> {
        match &self.phase {
            Phase::Opening { step, .. } => step.clone().flatten(),
            Phase::Open(open) if open.finished => None,
            Phase::Open(open) => open.step.as_ref().map(StoredStep::of),
        }
    }

    /// The meeting's set-up to keep on the device, for every rater's page of it: while opening, the one found.
    pub fn kept_set_up(&self) -> Option<StoredSetUp> {
        match &self.phase {
            Phase::Opening { set_up, .. } => set_up.clone().flatten(),
            Phase::Open(open) => open.set_up.as_ref().map(StoredSetUp::of),
        }
    }

    /// The unfinished answers to keep on the device: those on the form being answered, else those
    /// still offered; while opening, the ones found.
    pub fn form_draft(&self) -> Option<FormDraft> {
        let open = match &self.phase {
            Phase::Opening { draft, .. } => return draft.clone().flatten(),
            Phase::Open(open) => open,
        };
        match &open.step {
            Some(
                step @ MeetingStep {
                    step: Step::Answering(form),
                    ..
                },
            ) if !open.answers.is_empty() => Some(FormDraft::of(step, form, &open.answers)),
            _ => open.offered.clone(),
        }
    }
}

/// What storage held when the page opened.
struct Reads {
    stored: Vec<Response>,
    step: Option<StoredStep>,
    draft: Option<FormDraft>,
    set_up: Option<StoredSetUp>,
}

impl Open {
    /// Where the meeting is, kept once every read is in: the step found, if it still applies on `today`
    /// (with the answers found, if they are its form's), else the set-up (with those answers offered).
    /// A rater handed the tablet (`held`) in today's meeting without a step of their own, or at staff's
    /// view of their last form, is at their next form of it.
    fn settle(
        registry: &Registry,
        rater: Rater,
        reads: Reads,
        held: bool,
        today: NaiveDate,
    ) -> Open {
        let Reads {
            stored,
            step: kept,
            mut draft,
            set_up,
        } = reads;
        let set_up = set_up
            .and_then(|set_up| set_up.read())
            .filter(|set_up| set_up.on == today);
        let step = kept
            .and_then(|kept| kept.read(registry))
            .and_then(|kept| resume(kept, &stored, rater, today));
        // A step kept by a version without set-ups is a meeting of its rater alone.
        let set_up = set_up.or_else(|| step.as_ref().map(|step| SetUp::alone(step, rater)));
        let mut answers = Vec::new();
        if let Some(MeetingStep {
            date,
            step: Step::Answering(form),
            ..
        }) = &step
        {
            // The answers given before the reload or the lock, back on the form at once.
            let definition = registry.get(form.instrument.as_str(), Some(form.version));
            if let Some(marks) = draft
                .take_if(|draft| {
                    definition
                        .as_ref()
                        .is_ok_and(|definition| draft.belongs_to(form, *date, definition))
                })
                .map(|draft| draft.marks())
            {
                answers = marks;
            }
        }
        let mut open = Open {
            stored,
            set_up,
            step,
            finished: false,
            answers,
            offered: draft,
            attempted: false,
            shown_item: 0,
        };
        open.handed(registry, rater, held, today);
        open
    }

    /// The offered answers' form, if it is still the one that comes next for `rater`.
    fn resumable(&self, registry: &'static Registry, rater: Rater) -> Option<Planned<'static>> {
        let draft = self.offered.as_ref()?;
        planned(registry, &self.stored, rater, draft.date, draft.form_age)
            .filter(|planned| draft.belongs_to(&planned.form(), draft.date, planned.definition))
    }

    fn marks(&self, n_items: usize) -> Vec<Option<Tenths>> {
        if self.answers.len() == n_items {
            self.answers.clone()
        } else {
            vec![None; n_items]
        }
    }

    /// The rater handed the tablet (`held`) without a step of their own in today's meeting, or at staff's
    /// view of their last form: their next form of the meeting, if they have one.
    fn handed(&mut self, registry: &Registry, rater: Rater, held: bool, today: NaiveDate) {
        let between_forms = matches!(
            self.step,
            None | Some(MeetingStep {
                step: Step::Staff(_),
                ..
            })
        );
        if !held || !between_forms || self.finished {
            return;
        }
        let next = self
            .set_up
            .as_ref()
            .filter(|set_up| set_up.applies(rater, today))
            .and_then(|set_up| set_up.step_for(registry, &self.stored, rater, today));
        if let Some(next) = next {
            self.shown_item = 0;
            self.go(next);
        }
    }

    /// Moves the meeting on to `next`, which is kept again.
    fn go(&mut self, next: MeetingStep) {
        self.step = Some(next);
        self.finished = false;
    }
}

impl Reducible for Meeting {
    type Action = MeetingAction;

    fn reduce(self: Rc<Self>, action: MeetingAction) -> Rc<Self> {
        let Some(registry) = instruments::registry() else {
            return self;
        };
        let mut next = (*self).clone();
        let applied = match (&mut next.phase, action) {
            (phase, MeetingAction::Held { held, today }) => {
                next.held = held;
                if let Phase::Open(open) = phase {
                    open.handed(registry, self.rater, held, today);
                }
                (next != *self).then_some(())
            }
            (Phase::Opening { .. }, action) => next.read(registry, action),
            (Phase::Open(open), action) => open.apply(registry, self.rater, action),
        };
        match applied {
            Some(()) => Rc::new(next),
            None => self,
        }
    }
}

impl Meeting {
    /// A read taken in, and the meeting opened once every read is in; `None` for a screen's action,
    /// which has nothing to act on yet.
    fn read(&mut self, registry: &Registry, action: MeetingAction) -> Option<()> {
        let Phase::Opening {
            forms,
            step,
            draft,
            set_up,
        } = &mut self.phase
        else {
            return None;
        };
        let today = match action {
            MeetingAction::ReadForms { forms: read, today } => {
                *forms = Some(read);
                today
            }
            MeetingAction::FoundStep { step: found, today } => {
                *step = Some(found);
                today
            }
            MeetingAction::FoundDraft {
                draft: found,
                today,
            } => {
                *draft = Some(found);
                today
            }
            MeetingAction::FoundSetUp {
                set_up: found,
                today,
            } => {
                *set_up = Some(found);
                today
            }
            _ => return None,
        };
        if let (Some(Ok(forms)), Some(step), Some(draft), Some(set_up)) =
            (forms, step, draft, set_up)
        {
            let reads = Reads {
                stored: forms.clone(),
                step: step.clone(),
                draft: draft.clone(),
                set_up: set_up.clone(),
            };
            self.phase = Phase::Open(Open::settle(registry, self.rater, reads, self.held, today));
        }
        Some(())
    }
}

impl Open {
    /// A screen's action applied; `None` where it does not apply to the screen the meeting is at (a
    /// read after the meeting has opened, when storage opened again, changes nothing on screen either).
    fn apply(
        &mut self,
        registry: &'static Registry,
        rater: Rater,
        action: MeetingAction,
    ) -> Option<()> {
        match action {
            MeetingAction::Start { set_up, today } => {
                let step = set_up.start_for(registry, &self.stored, rater, today)?;
                self.set_up = Some(set_up);
                self.shown_item = 0;
                self.go(step);
            }
            MeetingAction::ResumeOffered { today } => {
                let planned = self.resumable(registry, rater)?;
                let draft = self.offered.take()?;
                self.answers = draft.marks();
                let step = MeetingStep::start(draft.date, draft.form_age, &planned, today);
                self.set_up = Some(SetUp::alone(&step, rater));
                self.go(step);
            }
            MeetingAction::SetAsideOffered => self.offered = None,
            MeetingAction::Answer { item_idx, value } => {
                let Step::Answering(form) = &self.step.as_ref()?.step else {
                    return None;
                };
                let definition = registry
                    .get(form.instrument.as_str(), Some(form.version))
                    .ok()?;
                let mut marks = self.marks(definition.items().len());
                *marks.get_mut(item_idx)? = Some(value);
                self.answers = marks;
            }
            MeetingAction::ShowItem { item_idx } => self.shown_item = item_idx,
            MeetingAction::ShowMissing => self.attempted = true,
            MeetingAction::Stored { response, today } => {
                let step = self.step.clone()?;
                let id = response.id;
                self.stored.push(response);
                self.offered = None;
                self.answers = Vec::new();
                self.attempted = false;
                self.go(step.to(Step::Thanks(id), today));
            }
            MeetingAction::HandBack { today } => match self.step.clone()? {
                step @ MeetingStep {
                    step: Step::Thanks(id),
                    ..
                } => self.go(step.to(Step::Staff(id), today)),
                _ => return None,
            },
            MeetingAction::Finish => self.finished = true,
            MeetingAction::ReadForms { .. }
            | MeetingAction::FoundStep { .. }
            | MeetingAction::FoundDraft { .. }
            | MeetingAction::FoundSetUp { .. }
            | MeetingAction::Held { .. } => return None,
        }
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use mestring_core::testing::{DEVICE, at};

    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    const ADULT: Age = Age::years(30);

    fn act(meeting: Meeting, action: MeetingAction) -> Meeting {
        (*Rc::new(meeting).reduce(action)).clone()
    }

    fn acts(meeting: Meeting, actions: impl IntoIterator<Item = MeetingAction>) -> Meeting {
        actions.into_iter().fold(meeting, act)
    }

    /// A rater's step, answers and meeting set-up, as storage held them.
    type Kept = (Option<StoredStep>, Option<FormDraft>, Option<StoredSetUp>);

    /// The citizen's meeting opened on `today` by staff, with what storage held and no set-up.
    fn opened(
        forms: Vec<Response>,
        step: Option<StoredStep>,
        draft: Option<FormDraft>,
        today: NaiveDate,
    ) -> Meeting {
        opened_by(Rater::Oneself, false, forms, (step, draft, None), today)
    }

    /// `rater`'s meeting opened on `today`, handed to them (`held`) or not, with the forms, and the
    /// rater's step and answers and the meeting's set-up that storage held.
    fn opened_by(
        rater: Rater,
        held: bool,
        forms: Vec<Response>,
        (step, draft, set_up): Kept,
        today: NaiveDate,
    ) -> Meeting {
        acts(
            Meeting::new(rater),
            [
                MeetingAction::Held { held, today },
                MeetingAction::ReadForms {
                    forms: Ok(forms),
                    today,
                },
                MeetingAction::FoundStep { step, today },
                MeetingAction::FoundDraft { draft, today },
                MeetingAction::FoundSetUp { set_up, today },
            ],
        )
    }

    /// The set-up's start on `date` (set up on `today`) for an adult rating alone.
    fn start(date: NaiveDate, today: NaiveDate) -> MeetingAction {
        start_with(&[Rater::Oneself], date, today)
    }

    fn start_with(raters: &[Rater], date: NaiveDate, today: NaiveDate) -> MeetingAction {
        MeetingAction::Start {
            set_up: SetUp {
                date,
                form_age: ADULT,
                raters: raters.to_vec(),
                on: today,
            },
            today,
        }
    }

    /// The rater hands the tablet back and staff's PIN is typed: staff have it back.
    fn hand_back(meeting: Meeting, today: NaiveDate) -> Meeting {
        acts(
            meeting,
            [
                MeetingAction::HandBack { today },
                MeetingAction::Held { held: false, today },
            ],
        )
    }

    fn handed(meeting: Meeting, today: NaiveDate) -> Meeting {
        act(meeting, MeetingAction::Held { held: true, today })
    }

    fn answer(item_idx: usize, tenths: u16) -> MeetingAction {
        MeetingAction::Answer {
            item_idx,
            value: Tenths::new(tenths),
        }
    }

    /// The screen in a line: what it is, and the form, its marks and the next form where it has them.
    fn shown(meeting: &Meeting) -> String {
        match meeting.screen() {
            Screen::Loading => "loading".to_owned(),
            Screen::Failed(kind) => format!("failed {kind:?}"),
            Screen::NoInstruments => "no instruments".to_owned(),
            Screen::Setup => "set-up".to_owned(),
            Screen::Offer { planned } => {
                format!(
                    "offer {} #{}",
                    planned.definition.id().as_str(),
                    planned.meeting
                )
            }
            Screen::Answering(answering) => {
                let marks: Vec<String> = answering
                    .marks
                    .iter()
                    .map(|mark| mark.map_or("-".to_owned(), |mark| mark.get().to_string()))
                    .collect();
                format!(
                    "answering {} #{} [{}]{}",
                    answering.form.instrument.as_str(),
                    answering.form.meeting,
                    marks.join(" "),
                    if answering.attempted {
                        " missing named"
                    } else {
                        ""
                    }
                )
            }
            Screen::Thanks { definition, .. } => format!("thanks {}", definition.id().as_str()),
            Screen::Staff {
                definition, next, ..
            } => format!(
                "staff {} next {}",
                definition.id().as_str(),
                next.map_or("none".to_owned(), |(rater, next)| format!(
                    "{} {}",
                    rater.code(),
                    next.definition.id().as_str()
                ))
            ),
        }
    }

    /// Stores the form on screen as the page does: its response, then `Stored`.
    fn store(meeting: Meeting, seed: u8, today: NaiveDate) -> Meeting {
        let response = meeting
            .response(
                CitizenId::from_random_bytes([1; 16]),
                ResponseId::from_random_bytes([seed; 16]),
                RecordMeta::new(DEVICE, at(10)),
            )
            .unwrap();
        act(meeting, MeetingAction::Stored { response, today })
    }

    #[test]
    fn the_meeting_opens_once_every_read_is_in_whatever_their_order() {
        let reads = || {
            [
                MeetingAction::FoundDraft {
                    draft: None,
                    today: day(2),
                },
                MeetingAction::ReadForms {
                    forms: Ok(Vec::new()),
                    today: day(2),
                },
                MeetingAction::FoundStep {
                    step: None,
                    today: day(2),
                },
                MeetingAction::FoundSetUp {
                    set_up: None,
                    today: day(2),
                },
            ]
        };
        let mut meeting = Meeting::new(Rater::Oneself);
        for read in reads() {
            assert_eq!(shown(&meeting), "loading");
            meeting = act(meeting, read);
        }
        assert_eq!(shown(&meeting), "set-up");
        let failed = act(
            Meeting::new(Rater::Oneself),
            MeetingAction::ReadForms {
                forms: Err(StoreErrorKind::Locked),
                today: day(2),
            },
        );
        assert_eq!(shown(&failed), "failed Locked");
        // Nothing on screen acts before the meeting has opened.
        assert_eq!(
            act(Meeting::new(Rater::Oneself), answer(0, 50)),
            Meeting::new(Rater::Oneself)
        );
    }

    #[test]
    fn a_meeting_goes_from_the_outcome_scale_to_staff_and_on_to_the_session_scale() {
        let meeting = opened(Vec::new(), None, None, day(2));
        let meeting = handed(act(meeting, start(day(2), day(2))), day(2));
        assert_eq!(shown(&meeting), "answering ors #1 [- - - -]");
        // The step is kept from the start; answers only once there is one.
        assert!(meeting.kept_step().is_some());
        assert_eq!(meeting.form_draft(), None);
        let meeting = acts(meeting, [answer(0, 50), answer(2, 71), answer(9, 10)]);
        assert_eq!(shown(&meeting), "answering ors #1 [50 - 71 -]");
        assert_eq!(meeting.form_draft().unwrap().marks().len(), 4);
        assert_eq!(
            meeting.response(
                CitizenId::from_random_bytes([1; 16]),
                ResponseId::from_random_bytes([2; 16]),
                RecordMeta::new(DEVICE, at(10))
            ),
            None
        );
        let meeting = act(meeting, MeetingAction::ShowMissing);
        assert_eq!(
            shown(&meeting),
            "answering ors #1 [50 - 71 -] missing named"
        );
        let meeting = acts(meeting, [answer(1, 0), answer(3, 100)]);
        let meeting = store(meeting, 2, day(2));
        assert_eq!(shown(&meeting), "thanks ors");
        // Storing the form deleted its answers with it; the step goes on.
        assert_eq!(meeting.form_draft(), None);
        assert_eq!(
            meeting.stored()[0].answers,
            [50, 0, 71, 100].map(Tenths::new)
        );
        // While the rater holds the tablet, staff's figures wait for staff.
        let back = act(meeting.clone(), MeetingAction::HandBack { today: day(2) });
        assert_eq!(shown(&back), "thanks ors");
        let meeting = hand_back(meeting, day(2));
        assert_eq!(shown(&meeting), "staff ors next self srs");
        // Staff hand the tablet over again: the rater's next form.
        let meeting = handed(meeting, day(2));
        assert_eq!(shown(&meeting), "answering srs #1 [- - - -]");
        let meeting = acts(meeting, (0..4).map(|item_idx| answer(item_idx, 90)));
        let meeting = store(meeting, 3, day(2));
        let meeting = hand_back(meeting, day(2));
        assert_eq!(shown(&meeting), "staff srs next none");
        // No form follows the session scale: a hand-over starts nothing, and staff's figures do not show.
        let again = handed(meeting.clone(), day(2));
        assert_eq!(again.kept_step(), meeting.kept_step());
        assert_eq!(shown(&again), "thanks srs");
        let kept = meeting.kept_step();
        let finished = act(meeting, MeetingAction::Finish);
        assert!(kept.is_some());
        assert_eq!(finished.kept_step(), None, "nothing to come back to");
        assert_eq!(
            shown(&finished),
            "staff srs next none",
            "the screen stays until the page changes"
        );
    }

    #[test]
    fn a_reload_comes_back_to_the_kept_step_with_its_answers_and_keeps_them_as_they_were() {
        let before = opened(Vec::new(), None, None, day(2));
        let before = act(before, start(day(2), day(2)));
        let before = acts(before, [answer(0, 50), answer(1, 62)]);
        let (step, draft) = (before.kept_step(), before.form_draft());
        let after = opened(Vec::new(), step.clone(), draft.clone(), day(2));
        assert_eq!(shown(&after), "answering ors #1 [50 62 - -]");
        // What was found is what the meeting keeps: nothing is written again.
        assert_eq!((after.kept_step(), after.form_draft()), (step, draft));

        // At staff's view after the ORS, a reload comes back to staff's view, naming the SRS.
        let staff = hand_back(
            store(acts(before, [answer(2, 1), answer(3, 2)]), 2, day(2)),
            day(2),
        );
        let after = opened_by(
            Rater::Oneself,
            false,
            staff.stored().to_vec(),
            (staff.kept_step(), None, staff.kept_set_up()),
            day(2),
        );
        assert_eq!(shown(&after), "staff ors next self srs");
    }

    #[test]
    fn a_form_stored_before_its_step_was_kept_resumes_at_its_summary() {
        let before = opened(Vec::new(), None, None, day(2));
        let before = act(before, start(day(2), day(2)));
        let step = before.kept_step();
        let stored = store(
            acts(before, (0..4).map(|item_idx| answer(item_idx, 50))),
            2,
            day(2),
        );
        // The page went between storing the form and keeping the step that follows it.
        let after = opened(stored.stored().to_vec(), step.clone(), None, day(2));
        assert_eq!(shown(&after), "thanks ors");
        assert_ne!(after.kept_step(), step, "the summary is kept in its place");
    }

    #[test]
    fn answers_left_on_another_day_are_offered_on_their_form_then_resumed_or_set_aside() {
        let before = opened(Vec::new(), None, None, day(2));
        let before = act(before, start(day(2), day(2)));
        let before = act(before, answer(3, 40));
        let after = opened(Vec::new(), before.kept_step(), before.form_draft(), day(3));
        assert_eq!(shown(&after), "offer ors #1");
        // The step from another day goes; the answers stay until taken up or set aside.
        assert_eq!(after.kept_step(), None);
        assert_eq!(after.form_draft(), before.form_draft());
        let resumed = act(
            after.clone(),
            MeetingAction::ResumeOffered { today: day(3) },
        );
        assert_eq!(shown(&resumed), "answering ors #1 [- - - 40]");
        assert_eq!(
            resumed.form_draft(),
            before.form_draft(),
            "the meeting keeps its date"
        );
        assert_eq!(
            resumed
                .kept_step()
                .map(|step| step.read(instruments::registry().unwrap()).unwrap().on),
            Some(day(3))
        );
        let set_aside = act(after, MeetingAction::SetAsideOffered);
        assert_eq!(shown(&set_aside), "set-up");
        assert_eq!(set_aside.form_draft(), None);
    }

    #[test]
    fn answers_that_do_not_fit_the_form_that_comes_next_are_not_put_on_it() {
        let before = opened(Vec::new(), None, None, day(2));
        let before = act(before, start(day(2), day(2)));
        let before = act(before, answer(0, 40));
        let mut short = before.form_draft().unwrap();
        short.answers.pop();
        let after = opened(Vec::new(), before.kept_step(), Some(short.clone()), day(2));
        assert_eq!(shown(&after), "answering ors #1 [- - - -]");
        // They are not lost either: kept until the form's own answers replace them.
        assert_eq!(after.form_draft(), Some(short.clone()));
        assert_eq!(
            shown(&opened(Vec::new(), None, Some(short), day(3))),
            "set-up"
        );

        // A form stored meanwhile (in another window) makes the offered answers' form no longer next.
        let elsewhere = store(
            acts(before.clone(), (0..4).map(|item_idx| answer(item_idx, 50))),
            2,
            day(2),
        );
        let after = opened(
            elsewhere.stored().to_vec(),
            None,
            before.form_draft(),
            day(3),
        );
        assert_eq!(shown(&after), "set-up");
        assert_eq!(
            act(
                after.clone(),
                MeetingAction::ResumeOffered { today: day(3) }
            ),
            after
        );
    }

    #[test]
    fn a_screen_acts_only_on_its_own_step() {
        let meeting = opened(Vec::new(), None, None, day(2));
        for action in [
            answer(0, 50),
            MeetingAction::HandBack { today: day(2) },
            MeetingAction::ResumeOffered { today: day(2) },
            MeetingAction::Held {
                held: false,
                today: day(2),
            },
        ] {
            assert_eq!(act(meeting.clone(), action), meeting);
        }
        let answering = act(meeting, start(day(2), day(2)));
        assert_eq!(
            act(answering.clone(), MeetingAction::HandBack { today: day(2) }),
            answering
        );
        // A read after the meeting opened changes nothing on screen.
        let read = MeetingAction::FoundStep {
            step: None,
            today: day(2),
        };
        assert_eq!(act(answering.clone(), read), answering);
    }

    /// Answers every item of the form on screen with `tenths` and stores it.
    fn answer_all(meeting: Meeting, tenths: u16, seed: u8, today: NaiveDate) -> Meeting {
        store(
            acts(meeting, (0..4).map(|item_idx| answer(item_idx, tenths))),
            seed,
            today,
        )
    }

    #[test]
    fn staff_set_up_once_and_hand_the_tablet_to_each_rater_in_turn() {
        let today = day(2);
        // The young person's page: staff's set-up names both raters, then the tablet is handed over.
        let young = opened(Vec::new(), None, None, today);
        assert_eq!(shown(&young), "set-up");
        let young = handed(
            act(
                young,
                start_with(&[Rater::Oneself, Rater::Parent], today, today),
            ),
            today,
        );
        assert_eq!(shown(&young), "answering ors #1 [- - - -]");
        let young = hand_back(answer_all(young, 80, 1, today), today);
        assert_eq!(shown(&young), "staff ors next parent ors");
        // Staff hand the tablet to the parent: the young person's step goes, the set-up stays.
        let set_up = young.kept_set_up();
        let young = act(young, MeetingAction::Finish);
        assert_eq!(young.kept_step(), None);
        assert_eq!(young.kept_set_up(), set_up);
        // The parent's page opens on the parent's ORS of the same meeting, without a set-up.
        let parent = opened_by(
            Rater::Parent,
            true,
            young.stored().to_vec(),
            (None, None, set_up.clone()),
            today,
        );
        assert_eq!(shown(&parent), "answering ors #1 [- - - -]");
        // A reload or a lock while the parent answers comes back to the parent's form and marks.
        let parent = act(parent, answer(1, 30));
        let reloaded = opened_by(
            Rater::Parent,
            true,
            young.stored().to_vec(),
            (parent.kept_step(), parent.form_draft(), set_up.clone()),
            today,
        );
        assert_eq!(shown(&reloaded), "answering ors #1 [- 30 - -]");
        let parent = hand_back(answer_all(parent, 60, 2, today), today);
        assert_eq!(shown(&parent), "staff ors next self srs");
        // After the conversation, the young person's SRS, then the parent's, each handed over.
        let parent = act(parent, MeetingAction::Finish);
        let young = opened_by(
            Rater::Oneself,
            true,
            parent.stored().to_vec(),
            (young.kept_step(), None, set_up.clone()),
            today,
        );
        assert_eq!(shown(&young), "answering srs #1 [- - - -]");
        let young = hand_back(answer_all(young, 90, 3, today), today);
        assert_eq!(shown(&young), "staff srs next parent srs");
        let young = act(young, MeetingAction::Finish);
        // The parent's page was left at staff's view of their ORS (a lock, then the young person's
        // page): handed the tablet, the parent is at their SRS, never at staff's figures.
        let parent = opened_by(
            Rater::Parent,
            true,
            young.stored().to_vec(),
            (parent.kept_step(), None, set_up.clone()),
            today,
        );
        assert_eq!(shown(&parent), "answering srs #1 [- - - -]");
        let parent = hand_back(answer_all(parent, 90, 4, today), today);
        assert_eq!(shown(&parent), "staff srs next none");
    }

    #[test]
    fn staff_opening_a_raters_page_see_their_set_up_and_a_set_up_of_another_day_goes() {
        let today = day(2);
        let set_up = StoredSetUp::of(&SetUp {
            date: today,
            form_age: ADULT,
            raters: vec![Rater::Oneself, Rater::Parent],
            on: today,
        });
        // Not handed over: staff's set-up screen, the meeting's set-up kept as it is.
        let staff = opened_by(
            Rater::Parent,
            false,
            Vec::new(),
            (None, None, Some(set_up.clone())),
            today,
        );
        assert_eq!(shown(&staff), "set-up");
        assert_eq!(staff.kept_set_up(), Some(set_up.clone()));
        // Yesterday's set-up starts nothing and goes.
        let later = opened_by(
            Rater::Parent,
            true,
            Vec::new(),
            (None, None, Some(set_up)),
            day(3),
        );
        assert_eq!(shown(&later), "set-up");
        assert_eq!(later.kept_set_up(), None);
    }
}
