use mestring_core::fit::Rater;
use mestring_core::fit::definition::Scale;
use yew::prelude::*;

use super::model::{Answering, Meeting, MeetingAction};
use crate::components::face_choice::{FaceChoice, FaceOption};
use crate::components::question_picture::{Subject, question_picture};
use crate::components::read_aloud::ReadAloud;
use crate::components::vas_slider::VasSlider;
use crate::hooks::use_save::UseSaveHandle;
use crate::i18n::{I18n, Key};

/// A form being answered: every item on its scale (in easy-read one at a time, larger, with its picture
/// and faces at the line's ends), each read aloud on request, the items unanswered named after "done", and a failed store said.
pub(super) struct AnsweringView<'a> {
    pub i18n: I18n,
    pub rater: Rater,
    /// The citizen's label, named to anyone answering about them.
    pub label: &'a str,
    pub easy_read: bool,
    pub answering: Answering<'a>,
    pub meeting: &'a UseReducerHandle<Meeting>,
    pub save: &'a UseSaveHandle,
    pub on_done: Callback<MouseEvent>,
}

impl AnsweringView<'_> {
    pub fn view(self) -> Html {
        let i18n = self.i18n;
        let Answering {
            step,
            form,
            definition,
            marks,
            attempted,
            shown_item: shown,
        } = self.answering;
        let n_items = definition.items().len();
        let missing: Vec<&str> = definition
            .items()
            .iter()
            .zip(&marks)
            .filter(|(_, answer)| answer.is_none())
            .map(|(item, _)| i18n.text(item.label()))
            .collect();
        let dispatch = self.meeting.dispatcher().to_callback();
        let on_answer = |item_idx: usize| {
            dispatch.reform(move |value| MeetingAction::Answer { item_idx, value })
        };
        let is_child = definition
            .audience()
            .ages()
            .max()
            .is_some_and(|max| max.get() <= 12);
        let items: Vec<Html> = definition
            .items()
            .iter()
            .enumerate()
            .map(|(item_idx, item)| {
                let id = AttrValue::from(format!("item-{}", item.id()));
                let label = AttrValue::from(i18n.text(item.label()).to_owned());
                let spoken = match definition.scale() {
                    Scale::Line => i18n.f(
                        Key::MeetingReadItem,
                        &[
                            ("label", &label),
                            ("low", &i18n.text(item.low())),
                            ("high", &i18n.text(item.high())),
                        ],
                    ),
                    Scale::Faces(faces) => {
                        let options: Vec<&str> =
                            faces.iter().map(|face| i18n.text(face.label())).collect();
                        format!("{label}. {}.", options.join(", "))
                    }
                };
                let read = html! { <ReadAloud {i18n} text={spoken} about={label.clone()} /> };
                // In easy-read a question on a line has its picture beside it, for a citizen who reads little.
                let picture = Subject::of_item(definition.kind(), item.id().as_str())
                    .filter(|_| self.easy_read)
                    .map(|subject| question_picture(i18n, subject, &label));
                match definition.scale() {
                    Scale::Line => html! {
                        <VasSlider
                            {i18n}
                            {id}
                            {label}
                            low={i18n.text(item.low()).to_owned()}
                            high={i18n.text(item.high()).to_owned()}
                            value={marks[item_idx]}
                            faces={is_child || self.easy_read}
                            on_change={on_answer(item_idx)}
                        >
                            { picture }
                            { read }
                        </VasSlider>
                    },
                    Scale::Faces(faces) => html! {
                        <FaceChoice
                            {id}
                            {label}
                            options={faces.iter().map(|face| FaceOption {
                                value: face.value(),
                                label: i18n.text(face.label()).to_owned().into(),
                            }).collect::<Vec<_>>()}
                            value={marks[item_idx]}
                            on_change={on_answer(item_idx)}
                        >
                            { read }
                        </FaceChoice>
                    },
                }
            })
            .collect();
        let show = |item_idx: usize| {
            dispatch.reform(move |_: MouseEvent| MeetingAction::ShowItem { item_idx })
        };
        let last_shown = !self.easy_read || shown + 1 == n_items;
        let done = html! {
            <button type="button" class="primary big" disabled={self.save.saving()} onclick={self.on_done.clone()}>
                { i18n.t(Key::MeetingDone) }
            </button>
        };
        // In easy-read "done" stands beside "previous" on the last question, so both are in sight on a tablet
        // on its side without scrolling.
        let items: Html = if self.easy_read {
            html! {
                <>
                    <p class="meeting-heading">{ i18n.f(Key::MeetingItemStep, &[("n", &(shown + 1)), ("total", &n_items)]) }</p>
                    { items.into_iter().nth(shown).unwrap_or_default() }
                    <div class="button-row">
                        if shown > 0 {
                            <button type="button" class="big" onclick={show(shown - 1)}>{ i18n.t(Key::MeetingItemPrevious) }</button>
                        }
                        if last_shown {
                            { done.clone() }
                        } else {
                            <button type="button" class="primary big" onclick={show(shown + 1)}>{ i18n.t(Key::MeetingItemNext) }</button>
                        }
                    </div>
                </>
            }
        } else {
            items.into_iter().collect()
        };
        html! {
            <section class={classes!("page", "meeting", self.easy_read.then_some("easy-read"))}>
                <p class="meeting-heading">
                    { i18n.f(Key::MeetingHeading, &[("meeting", &form.meeting), ("date", &i18n.date(step.date))]) }
                    { " · " }
                    { i18n.rater(self.rater) }
                    if self.rater != Rater::Oneself {
                        { " · " }
                        { i18n.with_typed(Key::MeetingAbout, "label", self.label) }
                    }
                </p>
                <h1>{ i18n.text(definition.title()) }</h1>
                <p class="lead">{ i18n.text(definition.instructions()) }</p>
                <ReadAloud {i18n} text={i18n.text(definition.instructions()).to_owned()} about={i18n.text(definition.title()).to_owned()} />
                { items }
                if attempted && !missing.is_empty() {
                    <p class="form-summary" role="alert">
                        { i18n.f(Key::MeetingMissing, &[("items", &missing.join(", "))]) }
                    </p>
                }
                if self.save.failed() {
                    <p class="form-summary" role="alert">{ i18n.t(Key::MeetingKept) }</p>
                }
                if !self.easy_read {
                    { done }
                }
            </section>
        }
    }
}
