//! The editor's changes to the Norwegian *individuell plan* part of the draft. The part comes into being with
//! the first field typed, and a part left wholly empty is stored as none ([`tidied`]).

use chrono::NaiveDate;
use mestring_core::mastery::{Consent, IndividualPlan, Measure, Member};
use mestring_core::meeting::Role;

/// A change to the IP part, as its field gives it.
#[derive(Clone, Debug, PartialEq)]
pub enum IpEdit {
    Coordinator {
        text: String,
    },
    /// One of the part's dates, as its date field gives it (empty: none).
    Date {
        field: IpDate,
        text: String,
    },
    /// The consent as its select gives it: "yes", "no", or empty for not recorded.
    Consent {
        text: String,
    },
    AddMeasure,
    Measure {
        row: usize,
        part: MeasurePart,
        text: String,
    },
    /// A new ansvarsgruppe member, first in the role none of them has yet (the citizen's, in a new group).
    AddMember,
    /// Member `row`'s role, as its select gives it (a role's code).
    MemberRole {
        row: usize,
        text: String,
    },
    MemberDescription {
        row: usize,
        text: String,
    },
    RemoveMember {
        row: usize,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IpDate {
    PeriodFrom,
    PeriodTo,
    Revision,
    Consent,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MeasurePart {
    What,
    Responsible,
}

/// Applies `edit` to the part (`None` until the first field is typed).
pub fn apply(part: &mut Option<IndividualPlan>, edit: IpEdit) {
    let ip = part.get_or_insert_with(started);
    match edit {
        IpEdit::Coordinator { text } => ip.coordinator = text,
        IpEdit::Date { field, text } => {
            let date = text.parse::<NaiveDate>().ok();
            match field {
                IpDate::PeriodFrom => ip.period_from = date,
                IpDate::PeriodTo => ip.period_to = date,
                IpDate::Revision => ip.revision_due = date,
                IpDate::Consent => {
                    let given = ip.consent.is_some_and(|consent| consent.given);
                    ip.consent = Some(Consent { given, date });
                }
            }
        }
        IpEdit::Consent { text } => {
            let date = ip.consent.and_then(|consent| consent.date);
            ip.consent = match text.as_str() {
                "yes" => Some(Consent { given: true, date }),
                "no" => Some(Consent { given: false, date }),
                _ => None,
            };
        }
        IpEdit::AddMeasure => ip.measures.push(Measure::default()),
        IpEdit::Measure { row, part, text } => {
            if let Some(measure) = ip.measures.get_mut(row) {
                *match part {
                    MeasurePart::What => &mut measure.what,
                    MeasurePart::Responsible => &mut measure.responsible,
                } = text;
            }
        }
        IpEdit::AddMember => {
            let taken = |role: &Role| ip.members.iter().any(|member| member.role == *role);
            let role = Role::ALL
                .into_iter()
                .find(|role| !taken(role))
                .unwrap_or(Role::OtherProfessional);
            ip.members.push(Member {
                role,
                description: String::new(),
            });
        }
        IpEdit::MemberRole { row, text } => {
            let role = Role::ALL.into_iter().find(|role| role.code() == text);
            if let (Some(member), Some(role)) = (ip.members.get_mut(row), role) {
                member.role = role;
            }
        }
        IpEdit::MemberDescription { row, text } => {
            if let Some(member) = ip.members.get_mut(row) {
                member.description = text;
            }
        }
        IpEdit::RemoveMember { row } => {
            if row < ip.members.len() {
                ip.members.remove(row);
            }
        }
    }
}

/// A part as the editor starts it: one empty measure row to type into.
pub fn started() -> IndividualPlan {
    IndividualPlan {
        measures: vec![Measure::default()],
        ..IndividualPlan::default()
    }
}

/// The part as stored: texts trimmed, empty measure rows left out, and nothing at all for a part with
/// nothing in it.
pub fn tidied(part: Option<&IndividualPlan>) -> Option<IndividualPlan> {
    let ip = part?;
    let tidied = IndividualPlan {
        coordinator: ip.coordinator.trim().to_owned(),
        measures: ip
            .measures
            .iter()
            .map(|measure| Measure {
                what: measure.what.trim().to_owned(),
                responsible: measure.responsible.trim().to_owned(),
            })
            .filter(|measure| !(measure.what.is_empty() && measure.responsible.is_empty()))
            .collect(),
        members: ip
            .members
            .iter()
            .map(|member| Member {
                role: member.role,
                description: member.description.trim().to_owned(),
            })
            .collect(),
        ..ip.clone()
    };
    (tidied != IndividualPlan::default()).then_some(tidied)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn after(edits: impl IntoIterator<Item = IpEdit>) -> Option<IndividualPlan> {
        let mut part = None;
        for edit in edits {
            apply(&mut part, edit);
        }
        part
    }

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn the_part_starts_with_the_first_field_and_an_untouched_one_is_stored_as_none() {
        let part = after([IpEdit::Coordinator {
            text: " ".to_owned(),
        }]);
        assert_eq!(
            part.as_ref().unwrap().measures.len(),
            1,
            "a row to type into"
        );
        assert_eq!(tidied(part.as_ref()), None);
        assert_eq!(tidied(None), None);
    }

    #[test]
    fn fields_reach_the_part() {
        let part = after([
            IpEdit::Coordinator {
                text: " Koordinator i NAV ".to_owned(),
            },
            IpEdit::Date {
                field: IpDate::PeriodFrom,
                text: "2026-03-01".to_owned(),
            },
            IpDate::PeriodTo.edit("2027-02-28"),
            IpDate::Revision.edit("2026-09-01"),
            IpEdit::Consent {
                text: "yes".to_owned(),
            },
            IpDate::Consent.edit("2026-03-01"),
            IpEdit::Measure {
                row: 0,
                part: MeasurePart::What,
                text: "Støttekontakt".to_owned(),
            },
            IpEdit::Measure {
                row: 0,
                part: MeasurePart::Responsible,
                text: "Kommunen".to_owned(),
            },
            IpEdit::AddMeasure,
            IpEdit::AddMember,
            IpEdit::AddMember,
            IpEdit::MemberRole {
                row: 1,
                text: "other_professional".to_owned(),
            },
            IpEdit::MemberDescription {
                row: 1,
                text: "kontaktlærer ".to_owned(),
            },
        ]);
        let ip = tidied(part.as_ref()).unwrap();
        assert_eq!(ip.coordinator, "Koordinator i NAV");
        assert_eq!(
            (ip.period_from, ip.period_to, ip.revision_due),
            (
                Some(date("2026-03-01")),
                Some(date("2027-02-28")),
                Some(date("2026-09-01"))
            )
        );
        assert_eq!(
            ip.consent,
            Some(Consent {
                given: true,
                date: Some(date("2026-03-01"))
            })
        );
        assert_eq!(ip.measures.len(), 1, "the empty row is left out");
        let roles: Vec<Role> = ip.members.iter().map(|member| member.role).collect();
        assert_eq!(roles, [Role::Citizen, Role::OtherProfessional]);
        assert_eq!(ip.members[1].description, "kontaktlærer");
        assert_eq!(ip.missing(), []);
    }

    #[test]
    fn consent_keeps_its_date_when_changed_and_is_unrecorded_when_cleared() {
        let mut part = after([IpDate::Consent.edit("2026-03-01")]);
        apply(
            &mut part,
            IpEdit::Consent {
                text: "no".to_owned(),
            },
        );
        assert_eq!(
            part.as_ref().unwrap().consent,
            Some(Consent {
                given: false,
                date: Some(date("2026-03-01"))
            })
        );
        apply(
            &mut part,
            IpEdit::Consent {
                text: String::new(),
            },
        );
        assert_eq!(part.unwrap().consent, None);
    }

    #[test]
    fn an_edit_of_what_is_not_there_changes_nothing() {
        let before = after([IpEdit::AddMember]);
        for edit in [
            IpEdit::MemberRole {
                row: 0,
                text: "friend".to_owned(),
            },
            IpEdit::MemberRole {
                row: 3,
                text: "relative".to_owned(),
            },
            IpEdit::MemberDescription {
                row: 3,
                text: "x".to_owned(),
            },
            IpEdit::RemoveMember { row: 3 },
            IpEdit::Measure {
                row: 5,
                part: MeasurePart::What,
                text: "x".to_owned(),
            },
        ] {
            let mut part = before.clone();
            apply(&mut part, edit);
            assert_eq!(part, before);
        }
        let mut part = before;
        apply(&mut part, IpEdit::RemoveMember { row: 0 });
        assert_eq!(part.unwrap().members, []);
    }

    #[test]
    fn a_date_field_cleared_or_mistyped_is_no_date() {
        let mut part = after([IpDate::Revision.edit("2026-09-01")]);
        apply(&mut part, IpDate::Revision.edit(""));
        assert_eq!(part.as_ref().unwrap().revision_due, None);
        apply(&mut part, IpDate::Revision.edit("1. september"));
        assert_eq!(part.unwrap().revision_due, None);
    }

    impl IpDate {
        fn edit(self, text: &str) -> IpEdit {
            IpEdit::Date {
                field: self,
                text: text.to_owned(),
            }
        }
    }
}
