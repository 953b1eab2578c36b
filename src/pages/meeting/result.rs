use mestring_core::citizen::Citizen;
use mestring_core::fit::definition::Kind;
use mestring_core::fit::definition::{AgeNorm, Norm};
use mestring_core::fit::{
    AgeBasis, Definition, Feedback, ItemAnswer, Reading, Reliable, Response, SessionAlert,
    TalkingPoint, Tenths, age_on, feedback,
};
use yew::prelude::*;

use super::step::short_name;
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

    /// Staff's figures; `next` hands the tablet to whoever rates next in the meeting (the button's text
    /// names them and their form), if anyone.
    pub fn staff_view(
        &self,
        next: Option<(String, Callback<MouseEvent>)>,
        on_finish: Callback<MouseEvent>,
    ) -> Html {
        let i18n = self.i18n;
        let Some(Feedback {
            total,
            max_total: max,
            reading,
            items,
        }) = self.feedback()
        else {
            return html! { <section class="page"><p>{ i18n.t(Key::MeetingNoInstruments) }</p></section> };
        };
        let mut sources = Vec::new();
        let mut talking_points = Vec::new();
        let lines: Vec<String> = match &reading {
            Reading::Outcome {
                cutoff,
                clinical,
                change,
            } => {
                let mut lines = vec![match (cutoff, clinical) {
                    (Some(cutoff), Some(clinical)) => i18n.f(
                        Key::MeetingStaffCutoff,
                        &[
                            ("cutoff", &self.points(cutoff.value())),
                            (
                                "position",
                                &i18n.t(if *clinical {
                                    Key::MeetingBelowCutoff
                                } else {
                                    Key::MeetingAboveCutoff
                                }),
                            ),
                        ],
                    ),
                    _ => i18n.t(Key::MeetingNoCutoff).to_owned(),
                }];
                if let Some(cutoff) = cutoff {
                    lines.push(self.band_text(cutoff));
                    sources.push(self.age_source(Key::MeetingSourceCutoff, cutoff));
                }
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
                        sources.push(self.age_source(Key::MeetingSourceRci, change.rci));
                        if change.first_cutoff != change.latest_cutoff {
                            sources.push(
                                self.age_source(Key::MeetingSourceCutoff, change.first_cutoff),
                            );
                        }
                    }
                }
                lines
            }
            Reading::NoNormsForAge => vec![i18n.t(Key::MeetingNoNormsForAge).to_owned()],
            Reading::Session {
                alerts,
                talking_points: points,
            } => {
                for point in points {
                    talking_points.push(self.talking_point_text(point));
                }
                if let Some(point) = points.first() {
                    sources.push(self.source(
                        i18n.f(
                            Key::MeetingSourceItem,
                            &[("value", &self.points(point.rule.value()))],
                        ),
                        point.rule,
                    ));
                }
                let mut lines: Vec<String> =
                    alerts.iter().map(|alert| self.alert_text(alert)).collect();
                for alert in alerts {
                    sources.push(self.alert_source(alert));
                }
                if lines.is_empty() {
                    lines.push(i18n.t(Key::MeetingAlertsNone).to_owned());
                }
                lines
            }
        };
        html! {
            <section class="page result">
                <h1>{ i18n.t(Key::MeetingStaffTitle) }</h1>
                // With several raters in a meeting, whose form this is.
                <p class="meeting-heading">{ short_name(self.definition) }{ " · " }{ i18n.rater(self.response.rater) }</p>
                <p class="big-text">{ i18n.f(Key::MeetingStaffTotal, &[("total", &self.points(total)), ("max", &self.points(max))]) }</p>
                <ul class="staff-lines">
                    for line in lines {
                        <li>{ line }</li>
                    }
                </ul>
                { self.items_table(&items) }
                if !talking_points.is_empty() {
                    <h2>{ i18n.t(Key::MeetingTalkingPointsTitle) }</h2>
                    <ul class="talking-points">
                        for line in talking_points {
                            <li>{ line }</li>
                        }
                    </ul>
                }
                if !sources.is_empty() {
                    <details class="norm-sources">
                        <summary>{ i18n.t(Key::MeetingSourcesTitle) }</summary>
                        <ul>
                            for source in sources {
                                { source }
                            }
                        </ul>
                    </details>
                }
                if let Some((text, on_next)) = next {
                    <button type="button" class="primary big" onclick={on_next}>{ text }</button>
                }
                <button type="button" class="big" onclick={on_finish}>{ i18n.t(Key::MeetingFinish) }</button>
            </section>
        }
    }

    fn feedback(&self) -> Option<Feedback<'_>> {
        let birth = self.citizen.fields.birth();
        feedback(self.definition, self.response, self.stored, |date| {
            age_on(birth, date)
        })
        .ok()
    }

    fn reading(&self) -> Option<(Tenths, Tenths, Reading<'_>)> {
        self.feedback()
            .map(|feedback| (feedback.total, feedback.max_total, feedback.reading))
    }

    /// Each line's answer, with the rater's previous answer and the change where there is one.
    fn items_table(&self, items: &[ItemAnswer<'_>]) -> Html {
        let i18n = self.i18n;
        let worded = i18n.for_rater(self.response.rater, false);
        let compared = items.iter().any(|answer| answer.previous.is_some());
        html! {
            <table class="history item-answers">
                <caption>{ i18n.t(Key::MeetingItemsTitle) }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ i18n.t(Key::MeetingColItem) }</th>
                        <th scope="col">{ i18n.t(Key::MeetingColNow) }</th>
                        if compared {
                            <th scope="col">{ i18n.t(Key::MeetingColPrevious) }</th>
                            <th scope="col">{ i18n.t(Key::MeetingColChange) }</th>
                        }
                    </tr>
                </thead>
                <tbody>
                    for answer in items {
                        <tr>
                            <th scope="row">{ worded.text(answer.item.label()) }</th>
                            <td>{ self.points(answer.value) }</td>
                            if compared {
                                <td>{ answer.previous.map(|previous| self.points(previous)).unwrap_or_default() }</td>
                                <td>{ answer.change().map(|change| i18n.signed_tenths(change.into())).unwrap_or_default() }</td>
                            }
                        </tr>
                    }
                </tbody>
            </table>
        }
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

    /// Which age band the norms were read by, and why: the age that day and how it was found.
    fn band_text(&self, norm: &AgeNorm) -> String {
        let birth = self.citizen.fields.birth();
        let age = age_on(birth, self.response.date);
        let key = match AgeBasis::of(birth) {
            AgeBasis::BirthMonth => Key::MeetingBandByMonth,
            AgeBasis::BirthYear | AgeBasis::Given => Key::MeetingBandByYear,
        };
        self.i18n
            .f(key, &[("ages", &norm.ages()), ("age", &age.get())])
    }

    fn talking_point_text(&self, point: &TalkingPoint<'_>) -> String {
        let i18n = self.i18n;
        let label = self
            .definition
            .items()
            .iter()
            .find(|candidate| candidate.id() == &point.item)
            .map_or(point.item.as_str(), |found| found.label().get(i18n.lang));
        i18n.f(
            Key::MeetingTalkingPoint,
            &[
                ("item", &label),
                ("value", &self.points(point.value)),
                ("threshold", &self.points(point.rule.value())),
            ],
        )
    }

    /// Where a number read by age comes from: its value, its band and its source.
    fn age_source(&self, what: Key, norm: &AgeNorm) -> Html {
        let what = self.i18n.f(
            what,
            &[
                ("value", &self.points(norm.value())),
                ("ages", &norm.ages()),
            ],
        );
        self.source(what, norm.norm())
    }

    fn alert_source(&self, alert: &SessionAlert<'_>) -> Html {
        let (what, rule) = match alert {
            SessionAlert::TotalBelow { rule, .. } => (Key::MeetingSourceTotal, rule),
            SessionAlert::DropFromPrevious { rule, .. } => (Key::MeetingSourceDrop, rule),
        };
        let what = self.i18n.f(what, &[("value", &self.points(rule.value()))]);
        self.source(what, rule)
    }

    /// One line of the sources: what the number is, the source as the instrument file cites it (in English,
    /// as written), and whether its figure was read there.
    fn source(&self, what: String, norm: &Norm) -> Html {
        let checked = self.i18n.t(if norm.verified() {
            Key::MeetingSourceVerified
        } else {
            Key::MeetingSourceUnverified
        });
        html! {
            <li>
                <strong>{ what }</strong>{ ": " }
                <span lang="en">{ norm.source() }</span>{ " " }
                { checked }
            </li>
        }
    }
}
