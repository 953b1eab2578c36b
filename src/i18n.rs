//! Every user-facing text, in Danish, Norwegian bokmål and English.
//!
//! Texts live in `assets/i18n/<lang>.toml`; `build.rs` turns them into [`Key`] and one table per language.
//! Components ask an [`I18n`] for text; logic never holds a user-facing string. All three languages ship in
//! the app, so a screen is drawn in the chosen language from the first frame.

use std::fmt::Display;

use chrono::{Datelike, NaiveDate, NaiveTime, Timelike};
use mestring_core::citizen::{Birth, CitizenIssue};
use mestring_core::device::DeviceMode;
use mestring_core::ffb::Term;
use mestring_core::fit::Rater;
use mestring_core::free_text::TextProblem;
use mestring_core::lang::{Lang, Texts, Wording};
use mestring_core::mastery::{Participant, PlanIssue};
use mestring_core::meeting::{MeetingKind, Role};
use mestring_core::store::StoreErrorKind;
use yew::{Html, html};

include!(concat!(env!("OUT_DIR"), "/i18n.rs"));

/// A negative number's sign: the minus of typesetting (U+2212), as wide as the plus; a hyphen reads as a dash.
fn sign(n: i64) -> &'static str {
    if n < 0 { "\u{2212}" } else { "" }
}

/// Whether `n` takes the singular. CLDR's rule for whole numbers is the same in Danish, Norwegian bokmål
/// and English, "one" only for 1 (0 takes the plural: "0 skemaer"); a language added later states its own.
fn plural_is_one(lang: Lang, n: usize) -> bool {
    match lang {
        Lang::Da | Lang::Nb | Lang::En => n == 1,
    }
}

/// What a count counts, each with a singular and a plural text (`[count.<what>]` in the translation files).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Counted {
    /// Completed forms (ORS, SRS, …).
    Forms,
    /// Mastery ratings.
    Assessments,
    Plans,
    Meetings,
    /// Records of any kind in a file.
    Records,
    /// Records in an import that were not there before, and those that changed.
    NewRecords,
    UpdatedRecords,
    /// Areas of a mastery schema.
    Areas,
    /// Forms counted in a change since the first meeting.
    Measurements,
    Minutes,
    Seconds,
}

impl Counted {
    fn keys(self) -> (Key, Key) {
        match self {
            Counted::Forms => (Key::CountFormsOne, Key::CountFormsOther),
            Counted::Assessments => (Key::CountAssessmentsOne, Key::CountAssessmentsOther),
            Counted::Plans => (Key::CountPlansOne, Key::CountPlansOther),
            Counted::Meetings => (Key::CountMeetingsOne, Key::CountMeetingsOther),
            Counted::Records => (Key::CountRecordsOne, Key::CountRecordsOther),
            Counted::NewRecords => (Key::CountNewOne, Key::CountNewOther),
            Counted::UpdatedRecords => (Key::CountUpdatedOne, Key::CountUpdatedOther),
            Counted::Areas => (Key::CountAreasOne, Key::CountAreasOther),
            Counted::Measurements => (Key::CountMeasurementsOne, Key::CountMeasurementsOther),
            Counted::Minutes => (Key::CountMinutesOne, Key::CountMinutesOther),
            Counted::Seconds => (Key::CountSecondsOne, Key::CountSecondsOther),
        }
    }
}

/// The texts of one language, in the ordinary wording or easy-read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct I18n {
    pub lang: Lang,
    pub wording: Wording,
}

impl I18n {
    /// The ordinary texts of `lang`.
    pub fn new(lang: Lang) -> I18n {
        I18n {
            lang,
            wording: Wording::Ordinary,
        }
    }

    /// The same language in `wording`: a citizen in easy-read gets the easy-read version of every text that
    /// has one (`easy.<key>`, a data file's `easy`).
    pub fn worded(self, wording: Wording) -> I18n {
        I18n { wording, ..self }
    }

    /// The wording of the forms `rater` answers about the citizen: easy-read for a citizen in easy-read,
    /// the observer's for a parent or staff member, so no one else reads the citizen's "me".
    pub fn for_rater(self, rater: Rater, easy_read: bool) -> I18n {
        self.worded(match (rater, easy_read) {
            (Rater::Oneself, true) => Wording::Easy,
            (Rater::Oneself, false) => Wording::Ordinary,
            (Rater::Parent | Rater::Staff, _) => Wording::Observer,
        })
    }

    /// A data file's text in this language and wording.
    pub fn text(self, texts: &Texts) -> &str {
        texts.worded(self.lang, self.wording)
    }

    pub fn t(self, key: Key) -> &'static str {
        let key = match self.wording {
            Wording::Easy => easy_version(key).unwrap_or(key),
            Wording::Ordinary | Wording::Observer => key,
        };
        // The test `every_key_in_every_language` keeps both fallbacks unreachable in a release; the
        // keys' names stay out of the bundle (they are only for the tests' messages).
        lookup(self.lang, key)
            .or_else(|| lookup(Lang::default(), key))
            .unwrap_or_default()
    }

    /// The text with each `{name}` replaced by its value.
    pub fn f(self, key: Key, args: &[(&str, &dyn Display)]) -> String {
        args.iter()
            .fold(self.t(key).to_owned(), |text, (name, value)| {
                text.replace(&format!("{{{name}}}"), &value.to_string())
            })
    }

    /// The text of `key` with what someone typed in place of `{name}`, isolated in `<bdi>`:
    /// a right-to-left override in a label cannot reorder the sentence around it.
    pub fn with_typed(self, key: Key, name: &str, typed: &str) -> Html {
        let template = self.t(key);
        match template.split_once(&format!("{{{name}}}")) {
            Some((before, after)) => {
                html! { <>{ before }<bdi>{ typed.to_owned() }</bdi>{ after }</> }
            }
            None => html! { { template } },
        }
    }

    /// A whole number as the language writes it: thousands grouped, a real minus sign (U+2212).
    pub fn number(self, n: i64) -> String {
        format!("{}{}", sign(n), self.grouped(n.unsigned_abs()))
    }

    /// A number given in tenths, with one decimal and the language's decimal mark: "−5,2" and
    /// "10.740,3" in Danish, "10 740,3" in Norwegian (a no-break space), "10,740.3" in English.
    pub fn tenths(self, tenths: i64) -> String {
        let mark = match self.lang {
            Lang::Da | Lang::Nb => ',',
            Lang::En => '.',
        };
        let abs = tenths.unsigned_abs();
        format!(
            "{}{}{mark}{}",
            sign(tenths),
            self.grouped(abs / 10),
            abs % 10
        )
    }

    /// A change or a difference: "+1", "−1", "0"; a change is read by its sign.
    pub fn signed(self, n: i64) -> String {
        let plus = if n > 0 { "+" } else { "" };
        format!("{plus}{}", self.number(n))
    }

    /// A change given in tenths: "+5,2", "−5,2", "0,0".
    pub fn signed_tenths(self, tenths: i64) -> String {
        let plus = if tenths > 0 { "+" } else { "" };
        format!("{plus}{}", self.tenths(tenths))
    }

    /// `n` things of a kind, in the singular or the plural as the language needs ("1 skema", "2 skemaer").
    pub fn count(self, counted: Counted, n: usize) -> String {
        let (one, other) = counted.keys();
        let key = if plural_is_one(self.lang, n) {
            one
        } else {
            other
        };
        self.f(
            key,
            &[("n", &self.number(i64::try_from(n).unwrap_or(i64::MAX)))],
        )
    }

    /// The digits of `whole` in groups of three. Danish and English group from four digits ("1.000",
    /// "1,000"); Norwegian from five, as Språkrådet advises ("1000", "10 000"), with a no-break space so
    /// a number never breaks across lines.
    fn grouped(self, whole: u64) -> String {
        let (separator, from_digits) = match self.lang {
            Lang::Da => ('.', 4),
            Lang::Nb => ('\u{a0}', 5),
            Lang::En => (',', 4),
        };
        let digits = whole.to_string();
        if digits.len() < from_digits {
            return digits;
        }
        let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 2);
        for (idx, digit) in digits.chars().enumerate() {
            if idx > 0 && (digits.len() - idx).is_multiple_of(3) {
                out.push(separator);
            }
            out.push(digit);
        }
        out
    }

    /// A date as the language writes it: 23.11.2026 in Danish and Norwegian, 2026-11-23 in English.
    /// By hand rather than with chrono's `format`, whose pattern interpreter costs bundle size.
    pub fn date(self, date: NaiveDate) -> String {
        let (year, month, day) = (date.year(), date.month(), date.day());
        match self.lang {
            Lang::Da | Lang::Nb => format!("{day:02}.{month:02}.{year}"),
            Lang::En => format!("{year}-{month:02}-{day:02}"),
        }
    }

    /// A time of day as the language writes it: 13.30 in Danish and Norwegian (as Dansk Sprognævn and
    /// Språkrådet write it after "kl."), 13:30 in English. By hand, like [`I18n::date`].
    pub fn time(self, time: NaiveTime) -> String {
        let (hour, minute) = (time.hour(), time.minute());
        match self.lang {
            Lang::Da | Lang::Nb => format!("{hour:02}.{minute:02}"),
            Lang::En => format!("{hour:02}:{minute:02}"),
        }
    }

    /// A date without its year, short enough for a chart's axis: 23.11. in Danish and Norwegian,
    /// 23 Nov in English (a day and month in figures reads either way round in English).
    pub fn day_month(self, date: NaiveDate) -> String {
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let (month, day) = (date.month(), date.day());
        match self.lang {
            Lang::Da | Lang::Nb => format!("{day}.{month}."),
            Lang::En => format!("{day} {}", MONTHS[date.month0() as usize]),
        }
    }

    pub fn rater(self, rater: Rater) -> &'static str {
        self.t(match rater {
            Rater::Oneself => Key::RaterSelf,
            Rater::Parent => Key::RaterParent,
            Rater::Staff => Key::RaterStaff,
        })
    }

    /// "Born 2008", or "Born 6/2008" where the month is known.
    pub fn born(self, birth: Birth) -> String {
        match birth.month {
            Some(month) => self.f(
                Key::CitizensBornMonth,
                &[("month", &month.get()), ("year", &birth.year.get())],
            ),
            None => self.f(Key::CitizensBorn, &[("year", &birth.year.get())]),
        }
    }

    /// Who rated, inside a sentence: lowercase where the language writes it so.
    pub fn rater_in_text(self, rater: Rater) -> &'static str {
        self.t(match rater {
            Rater::Oneself => Key::RaterInTextSelf,
            Rater::Parent => Key::RaterInTextParent,
            Rater::Staff => Key::RaterInTextStaff,
        })
    }

    pub fn citizen_issue(self, issue: &CitizenIssue) -> String {
        match issue {
            CitizenIssue::LabelEmpty => self.t(Key::IssueLabelEmpty).to_owned(),
            CitizenIssue::LabelTooLong { max } => self.f(Key::IssueLabelTooLong, &[("max", max)]),
            CitizenIssue::LabelIsPersonalNumber => self.t(Key::IssueLabelPersonalNumber).to_owned(),
            CitizenIssue::LabelTaken => self.t(Key::IssueLabelTaken).to_owned(),
            CitizenIssue::BirthYearNotANumber => self.t(Key::IssueBirthYearNotANumber).to_owned(),
            CitizenIssue::BirthMonthNotAMonth => self.t(Key::IssueBirthMonthNotAMonth).to_owned(),
            CitizenIssue::BirthMonthInFuture => self.t(Key::IssueBirthMonthInFuture).to_owned(),
            CitizenIssue::BirthYearOutOfRange { min, max } => {
                self.f(Key::IssueBirthYearOutOfRange, &[("min", min), ("max", max)])
            }
            CitizenIssue::UnitEmpty => self.t(Key::IssueUnitEmpty).to_owned(),
            CitizenIssue::UnitTooLong { max } => self.f(Key::IssueUnitTooLong, &[("max", max)]),
            CitizenIssue::UnitIsPersonalNumber => self.t(Key::IssueUnitPersonalNumber).to_owned(),
            CitizenIssue::LabelControlCharacter(ch) | CitizenIssue::UnitControlCharacter(ch) => {
                self.text_problem(&TextProblem::ControlCharacter(*ch))
            }
        }
    }

    /// What is wrong with a typed text, and what to do about it.
    pub fn text_problem(self, problem: &TextProblem) -> String {
        match problem {
            TextProblem::PersonalNumber => self.t(Key::TextPersonalNumber).to_owned(),
            TextProblem::ControlCharacter(ch) => self.f(
                Key::TextControlCharacter,
                &[("code", &format!("U+{:04X}", u32::from(*ch)))],
            ),
            TextProblem::TooLong { max } => self.f(Key::TextTooLong, &[("max", max)]),
        }
    }

    pub fn participant(self, participant: Participant) -> &'static str {
        self.role(Role::from(participant))
    }

    /// The kind of a meeting, as a short name.
    pub fn meeting_kind(self, kind: MeetingKind) -> &'static str {
        self.t(match kind {
            MeetingKind::Dialogue => Key::RecordKindDialogue,
            MeetingKind::FollowUp => Key::RecordKindFollowUp,
            MeetingKind::Acute => Key::RecordKindAcute,
            MeetingKind::Network => Key::RecordKindNetwork,
        })
    }

    /// The role someone took part in a meeting in.
    pub fn role(self, role: Role) -> &'static str {
        self.t(match role {
            Role::Citizen => Key::PlanParticipantCitizen,
            Role::Relative => Key::PlanParticipantParent,
            Role::Staff => Key::PlanParticipantProvider,
            Role::Caseworker => Key::PlanParticipantCaseworker,
            Role::Coordinator => Key::PlanParticipantCoordinator,
            Role::NetworkMember => Key::PlanParticipantNetworkMember,
            Role::OtherProfessional => Key::PlanParticipantOtherProfessional,
        })
    }

    pub fn plan_issue(self, issue: &PlanIssue) -> String {
        match issue {
            PlanIssue::NoWords(_) => self.t(Key::PlanIssueNoWords).to_owned(),
            PlanIssue::NoDomain(_) => self.t(Key::PlanIssueNoDomain).to_owned(),
            PlanIssue::UnknownDomain(_, domain) => {
                self.f(Key::PlanIssueUnknownDomain, &[("domain", domain)])
            }
            PlanIssue::LevelMissing(_, level) => self.f(
                Key::PlanIssueLevelMissing,
                &[("level", &self.signed((*level).into()))],
            ),
            PlanIssue::DuplicateGoal => self.t(Key::PlanIssueDuplicateGoal).to_owned(),
            PlanIssue::NoGoals => self.t(Key::PlanIssueNoGoals).to_owned(),
            PlanIssue::UnknownGoal(number) => self.f(Key::PlanIssueUnknownGoal, &[("n", number)]),
            PlanIssue::LevelOutOfRange(_) => self.t(Key::PlanIssueLevelOutOfRange).to_owned(),
            PlanIssue::Text { problem, .. } => self.text_problem(problem),
            PlanIssue::ScoredGoalRemoved(number) => {
                self.f(Key::PlanIssueScoredGoalRemoved, &[("n", number)])
            }
            PlanIssue::ScoredAfterEnd(number) => {
                self.f(Key::PlanIssueScoredAfterEnd, &[("n", number)])
            }
            PlanIssue::GoalNumberReused(number) => {
                self.f(Key::PlanIssueGoalNumberReused, &[("n", number)])
            }
            // Only a plan changed outside the editor can count its goals wrongly.
            PlanIssue::GoalNumberUncounted(_) | PlanIssue::GoalNumbersRewound => {
                self.t(Key::PlanIssueGoalNumbers).to_owned()
            }
            PlanIssue::NoSubTheme(_) => self.t(Key::PlanIssueNoSubTheme).to_owned(),
            PlanIssue::UnknownSubTheme(_, sub_theme) => {
                self.f(Key::PlanIssueUnknownSubTheme, &[("sub_theme", sub_theme)])
            }
            PlanIssue::DuplicateSubTheme(..) => self.t(Key::PlanIssueDuplicateSubTheme).to_owned(),
            PlanIssue::NoGoalType(_) => self.t(Key::PlanIssueNoGoalType).to_owned(),
            PlanIssue::UnknownGoalType(_, goal_type) => {
                self.f(Key::PlanIssueUnknownGoalType, &[("goal_type", goal_type)])
            }
            PlanIssue::FunctionLevelOutOfRange(..) => {
                self.t(Key::PlanIssueFunctionLevel).to_owned()
            }
            PlanIssue::BaselineOutOfRange(..) => self.t(Key::PlanIssueBaseline).to_owned(),
            PlanIssue::WeightOutOfRange(_) => self.t(Key::PlanIssueWeight).to_owned(),
            PlanIssue::WeightsMixed => self.t(Key::PlanIssueWeightsMixed).to_owned(),
            PlanIssue::ScoredGoalRescaled(number) => {
                self.f(Key::PlanIssueScoredGoalRescaled, &[("n", number)])
            }
            PlanIssue::PeriodReversed => self.t(Key::IpIssuePeriod).to_owned(),
            PlanIssue::ConsentUndated => self.t(Key::IpIssueConsentUndated).to_owned(),
        }
    }

    /// An FFB term as the app shows it: FFB's Danish display, the official term, and in the other
    /// languages Mestring's gloss beside it.
    pub fn ffb_term(self, term: &Term) -> String {
        match term.gloss(self.lang) {
            Some(gloss) => format!("{} ({gloss})", term.display()),
            None => term.display().to_owned(),
        }
    }

    /// Texts in FFB's terms (a domain or level rated in them: the display in Danish, the gloss in the other
    /// languages), shown as [`I18n::ffb_term`] shows a term.
    pub fn ffb_texts(self, texts: &Texts) -> String {
        match self.lang {
            Lang::Da => texts.get(Lang::Da).to_owned(),
            lang => format!("{} ({})", texts.get(Lang::Da), texts.get(lang)),
        }
    }

    /// What went wrong and what to do about it.
    pub fn store_error(self, kind: StoreErrorKind) -> &'static str {
        self.t(match kind {
            StoreErrorKind::Unavailable => Key::StoreUnavailable,
            StoreErrorKind::QuotaExceeded => Key::StoreQuotaExceeded,
            StoreErrorKind::Aborted => Key::StoreAborted,
            StoreErrorKind::Conflict => Key::StoreConflict,
            StoreErrorKind::Outdated => Key::StoreOutdated,
            StoreErrorKind::Locked => Key::StoreLocked,
        })
    }

    pub fn mode_title(self, mode: DeviceMode) -> &'static str {
        self.t(match mode {
            DeviceMode::Facility => Key::ModeFacilityTitle,
            DeviceMode::Personal => Key::ModePersonalTitle,
            DeviceMode::Caseworker => Key::ModeCaseworkerTitle,
        })
    }

    pub fn mode_text(self, mode: DeviceMode) -> &'static str {
        self.t(match mode {
            DeviceMode::Facility => Key::ModeFacilityText,
            DeviceMode::Personal => Key::ModePersonalText,
            DeviceMode::Caseworker => Key::ModeCaseworkerText,
        })
    }
}

#[cfg(test)]
mod easy;

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    pub(super) fn placeholders(text: &str) -> BTreeSet<&str> {
        text.split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
            .collect()
    }

    #[test]
    fn every_key_in_every_language() {
        let missing: Vec<String> = Key::ALL
            .iter()
            .flat_map(|&key| Lang::ALL.map(|lang| (key, lang)))
            .filter(|&(key, lang)| lookup(lang, key).is_none())
            .map(|(key, lang)| format!("{} in {}.toml", key.id(), lang.code()))
            .collect();
        assert!(missing.is_empty(), "missing translations: {missing:#?}");
    }

    #[test]
    fn every_language_uses_the_same_placeholders() {
        for &key in Key::ALL {
            let danish = placeholders(I18n::new(Lang::Da).t(key));
            for lang in Lang::ALL {
                let other = placeholders(I18n::new(lang).t(key));
                assert_eq!(danish, other, "{} in {}.toml", key.id(), lang.code());
            }
        }
    }

    #[test]
    fn placeholders_are_filled() {
        let i18n = I18n::new(Lang::En);
        let text = i18n.f(
            Key::IssueBirthYearOutOfRange,
            &[("min", &1900), ("max", &2026)],
        );
        assert_eq!(text, "Write a year between 1900 and 2026.");
    }

    #[test]
    fn decimals_follow_the_language() {
        assert_eq!(I18n::new(Lang::Da).tenths(125), "12,5");
        assert_eq!(I18n::new(Lang::Nb).tenths(-7), "\u{2212}0,7");
        assert_eq!(I18n::new(Lang::En).tenths(400), "40.0");
        assert_eq!(I18n::new(Lang::Da).tenths(-52), "\u{2212}5,2");
    }

    #[test]
    fn thousands_are_grouped_as_each_language_writes_them() {
        let [da, nb, en] = Lang::ALL.map(I18n::new);
        assert_eq!(da.tenths(107_403), "10.740,3");
        assert_eq!(nb.tenths(107_403), "10\u{a0}740,3");
        assert_eq!(en.tenths(107_403), "10,740.3");
        assert_eq!(
            [da.number(1000), nb.number(1000), en.number(1000)],
            ["1.000", "1000", "1,000"]
        );
        assert_eq!(da.number(-1_234_567), "\u{2212}1.234.567");
        assert_eq!(nb.number(20_100), "20\u{a0}100");
        assert_eq!(en.number(999), "999");
    }

    #[test]
    fn changes_carry_their_sign() {
        let da = I18n::new(Lang::Da);
        assert_eq!(
            [da.signed(2), da.signed(-1), da.signed(0)],
            ["+2", "\u{2212}1", "0"]
        );
        assert_eq!(da.signed_tenths(52), "+5,2");
        assert_eq!(da.signed_tenths(-52), "\u{2212}5,2");
    }

    #[test]
    fn counts_take_the_singular_only_for_one() {
        let [da, nb, en] = Lang::ALL.map(I18n::new);
        assert_eq!(da.count(Counted::Plans, 1), "1 plan");
        assert_eq!(da.count(Counted::Plans, 0), "0 planer");
        assert_eq!(da.count(Counted::Forms, 20_100), "20.100 skemaer");
        assert_eq!(nb.count(Counted::Forms, 1), "1 skjema");
        assert_eq!(en.count(Counted::Areas, 1), "1 area");
        assert_eq!(en.count(Counted::Areas, 2), "2 areas");
    }

    #[test]
    fn every_count_has_its_number_in_both_forms() {
        for lang in Lang::ALL {
            for key in Key::ALL.iter().filter(|key| key.id().starts_with("count.")) {
                let text = I18n::new(lang).t(*key);
                assert!(
                    text.contains("{n}"),
                    "{} in {}.toml: {text}",
                    key.id(),
                    lang.code()
                );
            }
        }
    }

    #[test]
    fn an_ffb_term_is_danish_with_its_gloss_in_the_other_languages() {
        let term = mestring_core::ffb::levelled_sub_theme("varetage_oekonomi")
            .unwrap()
            .term();
        let shown: Vec<String> = Lang::ALL
            .into_iter()
            .map(|lang| I18n::new(lang).ffb_term(term))
            .collect();
        assert_eq!(
            shown,
            [
                "Varetage økonomi",
                "Varetage økonomi (Ivareta økonomien)",
                "Varetage økonomi (Managing money)"
            ]
        );
        let texts = term.texts().unwrap();
        assert_eq!(I18n::new(Lang::En).ffb_texts(&texts), shown[2]);
    }

    #[test]
    fn dates_follow_the_language() {
        let date = NaiveDate::from_ymd_opt(2026, 11, 3).unwrap();
        assert_eq!(I18n::new(Lang::Nb).date(date), "03.11.2026");
        assert_eq!(I18n::new(Lang::En).date(date), "2026-11-03");
    }

    #[test]
    fn each_language_names_itself() {
        let names = Lang::ALL.map(autonym);
        assert_eq!(names, ["Dansk", "Norsk bokmål", "English"]);
    }

    #[test]
    fn every_issue_has_its_own_message() {
        let issues = [
            CitizenIssue::LabelEmpty,
            CitizenIssue::LabelTooLong { max: 40 },
            CitizenIssue::LabelIsPersonalNumber,
            CitizenIssue::LabelTaken,
            CitizenIssue::BirthYearNotANumber,
            CitizenIssue::BirthYearOutOfRange {
                min: 1900,
                max: 2026,
            },
            CitizenIssue::BirthMonthNotAMonth,
            CitizenIssue::BirthMonthInFuture,
            CitizenIssue::UnitEmpty,
            CitizenIssue::UnitTooLong { max: 80 },
            CitizenIssue::UnitIsPersonalNumber,
            CitizenIssue::LabelControlCharacter('\u{1b}'),
        ];
        for lang in Lang::ALL {
            let messages: Vec<String> = issues
                .iter()
                .map(|issue| I18n::new(lang).citizen_issue(issue))
                .collect();
            for message in &messages {
                assert!(!message.contains('{'), "unfilled placeholder: {message}");
            }
            let distinct: BTreeSet<&String> = messages.iter().collect();
            assert_eq!(distinct.len(), issues.len(), "{lang:?}: {messages:#?}");
        }
    }
}
