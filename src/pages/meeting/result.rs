use mestring_core::citizen::Citizen;
use mestring_core::fit::definition::Kind;
use mestring_core::fit::{
    Definition, Reading, Reliable, Response, SessionAlert, Tenths, age_on, feedback,
};
use yew::prelude::*;

use crate::i18n::{Counted, I18n, Key};

/// A stored form read back to the rater (calm words) and to staff (the figures).
pub(super) struct StoredForm<'a> {
    pub i18n: I18n,
    pub citizen: &'a Citizen,
    pub definition: &'a Definition,
    pub response: &'a Response,
    pub stored: &'a [Response],
}

impl StoredForm<'_> {
    pub fn thanks_view(&self, on_hand_back: Callback<MouseEvent>) -> Html {
        let i18n = self.i18n;
        let outcome = self.definition.kind() == Kind::Outcome;
        let body = match self.reading() {
            Some((total, max, reading)) if outcome => {
                let clinical = match reading {
                    Reading::Outcome { clinical, .. } => clinical,
                    _ => None,
                };
                html! {
                    <>
                        <h1>{ i18n.t(Key::MeetingThanksOutcome) }</h1>
                        <p class="big-text">{ i18n.f(Key::MeetingYourTotal, &[("total", &self.points(total)), ("max", &self.points(max))]) }</p>
                        if let Some(clinical) = clinical {
                            <p>{ i18n.t(if clinical { Key::MeetingReadingLow } else { Key::MeetingReadingOk }) }</p>
                        }
                    </>
                }
            }
            _ => html! { <h1>{ i18n.t(Key::MeetingThanksSession) }</h1> },
        };
        html! {
            <section class="page result">
                { body }
                <button type="button" class="primary big" onclick={on_hand_back}>{ i18n.t(Key::MeetingHandBack) }</button>
            </section>
        }
    }

    /// Staff's figures; `next` is the form that follows in the meeting (its name on the button), if any.
    pub fn staff_view(
        &self,
        next: Option<(String, Callback<MouseEvent>)>,
        on_finish: Callback<MouseEvent>,
    ) -> Html {
        let i18n = self.i18n;
        let Some((total, max, reading)) = self.reading() else {
            return html! { <section class="page"><p>{ i18n.t(Key::MeetingNoInstruments) }</p></section> };
        };
        let lines: Vec<String> = match reading {
            Reading::Outcome {
                cutoff,
                clinical,
                change,
            } => {
                let mut lines = vec![match (cutoff, clinical) {
                    (Some(cutoff), Some(clinical)) => i18n.f(
                        Key::MeetingStaffCutoff,
                        &[
                            ("cutoff", &self.points(cutoff)),
                            (
                                "position",
                                &i18n.t(if clinical {
                                    Key::MeetingBelowCutoff
                                } else {
                                    Key::MeetingAboveCutoff
                                }),
                            ),
                        ],
                    ),
                    _ => i18n.t(Key::MeetingNoCutoff).to_owned(),
                }];
                match change {
                    None => lines.push(i18n.t(Key::MeetingFirstMeasure).to_owned()),
                    Some(change) => {
                        lines.push(i18n.f(
                            Key::MeetingChange,
                            &[
                                ("change", &i18n.signed_tenths(change.change.get().into())),
                                ("first", &self.points(change.first)),
                                ("latest", &self.points(change.latest)),
                                (
                                    "measurements",
                                    &i18n.count(Counted::Measurements, change.n_sessions),
                                ),
                            ],
                        ));
                        let rci = self.points(change.rci.value());
                        lines.push(i18n.f(
                            match change.reliable {
                                Reliable::Improvement => Key::MeetingReliableImprovement,
                                Reliable::Deterioration => Key::MeetingReliableDeterioration,
                                Reliable::NoChange => Key::MeetingReliableNone,
                            },
                            &[("rci", &rci)],
                        ));
                        if change.clinically_significant {
                            lines.push(i18n.t(Key::MeetingClinicallySignificant).to_owned());
                        }
                    }
                }
                lines
            }
            Reading::NoNormsForAge => vec![i18n.t(Key::MeetingNoNormsForAge).to_owned()],
            Reading::Session { alerts } if alerts.is_empty() => {
                vec![i18n.t(Key::MeetingAlertsNone).to_owned()]
            }
            Reading::Session { alerts } => {
                alerts.iter().map(|alert| self.alert_text(alert)).collect()
            }
        };
        html! {
            <section class="page result">
                <h1>{ i18n.t(Key::MeetingStaffTitle) }</h1>
                <p class="big-text">{ i18n.f(Key::MeetingStaffTotal, &[("total", &self.points(total)), ("max", &self.points(max))]) }</p>
                <ul class="staff-lines">
                    for line in lines {
                        <li>{ line }</li>
                    }
                </ul>
                if let Some((form, on_next)) = next {
                    <button type="button" class="primary big" onclick={on_next}>{ i18n.f(Key::MeetingNextSession, &[("form", &form)]) }</button>
                }
                <button type="button" class="big" onclick={on_finish}>{ i18n.t(Key::MeetingFinish) }</button>
            </section>
        }
    }

    fn reading(&self) -> Option<(Tenths, Tenths, Reading<'_>)> {
        let birth_year = self.citizen.fields.birth_year;
        feedback(self.definition, self.response, self.stored, |date| {
            age_on(birth_year, date)
        })
        .ok()
        .map(|feedback| (feedback.total, feedback.max_total, feedback.reading))
    }

    fn points(&self, value: Tenths) -> String {
        self.i18n.tenths(value.get().into())
    }

    fn alert_text(&self, alert: &SessionAlert<'_>) -> String {
        let i18n = self.i18n;
        match alert {
            SessionAlert::TotalBelow { total, rule } => i18n.f(
                Key::MeetingAlertTotal,
                &[
                    ("total", &self.points(*total)),
                    ("threshold", &self.points(rule.value())),
                ],
            ),
            SessionAlert::ItemBelow { item, value, rule } => {
                let label = self
                    .definition
                    .items()
                    .iter()
                    .find(|candidate| candidate.id() == item)
                    .map_or(item.as_str(), |found| found.label().get(i18n.lang));
                i18n.f(
                    Key::MeetingAlertItem,
                    &[
                        ("item", &label),
                        ("value", &self.points(*value)),
                        ("threshold", &self.points(rule.value())),
                    ],
                )
            }
            SessionAlert::DropFromPrevious {
                previous, total, ..
            } => i18n.f(
                Key::MeetingAlertDrop,
                &[
                    ("previous", &self.points(*previous)),
                    ("total", &self.points(*total)),
                ],
            ),
        }
    }
}
