//! The rules a unit works by, chosen per device in the settings: how many dialogue meetings may be held
//! before a plan must exist, how often a plan is followed up, and whether the Norwegian *individuell plan*
//! is kept. Each kind of unit has its defaults ([`UnitRules::defaults`]); staff may change each rule.
//!
//! The defaults follow how each kind of unit works:
//! - a Danish youth unit (*mestringsenhed*, ages 15–25 with their parents) holds at most five dialogue
//!   meetings before the *mestringsplan* exists, and follows it up every three months;
//! - a *botilbud* (SEL §§ 105, 107, 108) has no such limit: the citizen lives there and meets staff daily, so
//!   the plan is made from the municipality's order (*bestilling*, SEL § 141), not after a number of
//!   meetings; its plan is followed up every three months too;
//! - Norwegian *individuell plan* work has no limit either (the plan is the citizen's right, made with the
//!   coordinator and the *ansvarsgruppe*), keeps the individual plan's own fields, and revises every three
//!   months unless staff choose otherwise.

use crate::mastery::Interval;

/// What kind of unit the device is used in, which sets the defaults of its rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum UnitKind {
    /// A Danish youth unit (*mestringsenhed*): young people aged 15–25 with their parents.
    YouthUnit,
    /// A Danish *botilbud* under SEL §§ 105, 107 or 108.
    Botilbud,
    /// Norwegian work with an *individuell plan*.
    IndividualPlan,
}

impl UnitKind {
    pub const ALL: [UnitKind; 3] = [
        UnitKind::YouthUnit,
        UnitKind::Botilbud,
        UnitKind::IndividualPlan,
    ];

    /// Its name in stored settings.
    pub fn code(self) -> &'static str {
        match self {
            UnitKind::YouthUnit => "youth_unit",
            UnitKind::Botilbud => "botilbud",
            UnitKind::IndividualPlan => "individual_plan",
        }
    }

    pub fn from_code(code: &str) -> Option<UnitKind> {
        UnitKind::ALL.into_iter().find(|kind| kind.code() == code)
    }
}

/// The most dialogue meetings held before a plan must exist, 2–12: at 1 no meeting could come before the
/// plan to warn at ([`MeetingLimit::plan_due_at_next`]), and past twelve fortnightly meetings (half a year)
/// the rule no longer says anything.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MeetingLimit(u8);

impl MeetingLimit {
    pub const MIN: u8 = 2;
    pub const MAX: u8 = 12;
    /// Five, as the youth units work.
    pub const FIVE: MeetingLimit = MeetingLimit(5);

    /// `None` outside [`MeetingLimit::MIN`]–[`MeetingLimit::MAX`].
    pub fn new(meetings: u8) -> Option<MeetingLimit> {
        (MeetingLimit::MIN..=MeetingLimit::MAX)
            .contains(&meetings)
            .then_some(MeetingLimit(meetings))
    }

    pub fn get(self) -> u8 {
        self.0
    }

    /// Whether, with `held` counted meetings held and no plan made, the plan must be made at the next one:
    /// the notice staff see one meeting before the limit.
    pub fn plan_due_at_next(self, held: usize) -> bool {
        held + 1 == usize::from(self.0)
    }
}

/// The rules of one unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct UnitRules {
    pub kind: UnitKind,
    /// The most dialogue meetings before a plan must exist; `None` where the unit has no such rule.
    pub meetings_before_plan: Option<MeetingLimit>,
    /// How often a new plan is followed up, until staff choose otherwise in the plan.
    pub follow_up: Interval,
    /// Whether plans carry the Norwegian individual plan's fields (coordinator, plan period, revision, …).
    pub individual_plan: bool,
}

impl UnitRules {
    /// The rules a unit of `kind` starts with (the module's documentation says why).
    pub fn defaults(kind: UnitKind) -> UnitRules {
        UnitRules {
            kind,
            meetings_before_plan: (kind == UnitKind::YouthUnit).then_some(MeetingLimit::FIVE),
            follow_up: Interval::default(),
            individual_plan: kind == UnitKind::IndividualPlan,
        }
    }

    pub fn uses_individual_plan(&self) -> bool {
        self.individual_plan
    }
}

impl Default for UnitRules {
    /// A youth unit's: the rules the app kept before they could be chosen.
    fn default() -> UnitRules {
        UnitRules::defaults(UnitKind::YouthUnit)
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn each_kind_has_its_defaults() {
        let read: Vec<String> = UnitKind::ALL
            .into_iter()
            .map(|kind| {
                let rules = UnitRules::defaults(kind);
                format!(
                    "{}: limit {:?}, every {} months, individual plan {}",
                    kind.code(),
                    rules.meetings_before_plan.map(MeetingLimit::get),
                    rules.follow_up.get(),
                    rules.uses_individual_plan()
                )
            })
            .collect();
        expect![[r#"
            [
                "youth_unit: limit Some(5), every 3 months, individual plan false",
                "botilbud: limit None, every 3 months, individual plan false",
                "individual_plan: limit None, every 3 months, individual plan true",
            ]
        "#]]
        .assert_debug_eq(&read);
        assert_eq!(
            UnitRules::default(),
            UnitRules::defaults(UnitKind::YouthUnit)
        );
    }

    #[test]
    fn codes_read_back_and_limits_stay_in_range() {
        for kind in UnitKind::ALL {
            assert_eq!(UnitKind::from_code(kind.code()), Some(kind));
        }
        assert_eq!(UnitKind::from_code("kiosk"), None);
        assert_eq!(MeetingLimit::new(1), None);
        assert_eq!(MeetingLimit::new(13), None);
        assert_eq!(MeetingLimit::new(5), Some(MeetingLimit::FIVE));
    }

    #[test]
    fn the_notice_comes_at_the_fourth_of_five() {
        let held: Vec<bool> = (0..=6)
            .map(|held| MeetingLimit::FIVE.plan_due_at_next(held))
            .collect();
        assert_eq!(held, [false, false, false, false, true, false, false]);
    }

    proptest! {
        #[test]
        fn the_notice_comes_exactly_one_meeting_before_any_limit(
            limit in MeetingLimit::MIN..=MeetingLimit::MAX,
        ) {
            let limit = MeetingLimit::new(limit).unwrap();
            let noticed: Vec<usize> = (0..20).filter(|held| limit.plan_due_at_next(*held)).collect();
            prop_assert_eq!(noticed, vec![usize::from(limit.get()) - 1]);
        }
    }
}
