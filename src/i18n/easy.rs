//! The texts a citizen in easy-read reads on their own screens (rating themself, answering a form, the
//! thanks), each with its kind: every one has an easy-read version in every language, within the limits
//! `mestring_core::easy_read` sets for its kind and with the placeholders the code fills.

use mestring_core::easy_read::{Kind, check};
use mestring_core::lang::{Lang, Wording};

use super::{I18n, Key, easy_version};

/// Texts with an ordinary wording that a citizen in easy-read reads in its easy-read version.
const CITIZEN_TEXTS: &[(Key, Kind)] = &[
    (Key::RaterSelf, Kind::Label),
    (Key::RatingStep, Kind::Label),
    (Key::RatingCheckTitle, Kind::Label),
    (Key::RatingChange, Kind::Label),
    (Key::MasteryNotRated, Kind::Label),
    (Key::RatingBack, Kind::Label),
    (Key::RatingStore, Kind::Label),
    (Key::RatingNext, Kind::Label),
    (Key::RatingComment, Kind::Question),
    (Key::RatingThanks, Kind::Explanation),
    (Key::RatingDraftFound, Kind::Question),
    (Key::DraftResume, Kind::Label),
    (Key::DraftDiscard, Kind::Label),
    (Key::RatingNotStored, Kind::Explanation),
    (Key::RatingReadStage, Kind::Explanation),
    (Key::RatingYourAnswer, Kind::Label),
    (Key::RatingChooseAgain, Kind::Label),
    (Key::MeetingHandBack, Kind::Label),
    (Key::MeetingHeading, Kind::Label),
    (Key::MeetingItemStep, Kind::Label),
    (Key::MeetingItemNext, Kind::Label),
    (Key::MeetingItemPrevious, Kind::Label),
    (Key::MeetingDone, Kind::Label),
    (Key::MeetingMissing, Kind::Explanation),
    (Key::MeetingKept, Kind::Explanation),
    (Key::MeetingReadItem, Kind::Explanation),
    (Key::MeetingReadAloud, Kind::Label),
    (Key::MeetingReadAloudAbout, Kind::Label),
    (Key::MeetingNotAnswered, Kind::Label),
    (Key::MeetingValueText, Kind::Label),
    (Key::MeetingThanksOutcome, Kind::Explanation),
    (Key::MeetingYourTotal, Kind::Explanation),
    (Key::MeetingReadingLow, Kind::Explanation),
    (Key::MeetingReadingOk, Kind::Explanation),
    (Key::MeetingThanksSession, Kind::Explanation),
];

/// Texts written for easy-read only (its instructions beside the ladder, a picture's name).
const EASY_ONLY: &[(Key, Kind)] = &[
    (Key::EasyReadChoose, Kind::Explanation),
    (Key::EasyReadBest, Kind::Explanation),
    (Key::EasyReadWorst, Kind::Explanation),
    (Key::EasyReadSkip, Kind::Explanation),
    (Key::EasyReadCheckLead, Kind::Explanation),
    (Key::EasyReadCheckStore, Kind::Explanation),
    (Key::EasyReadPicture, Kind::Label),
    (Key::RatingCommentEasy, Kind::Explanation),
];

#[test]
fn every_citizen_text_has_an_easy_read_version_within_its_limits() {
    let mut problems = Vec::new();
    for &(key, kind) in CITIZEN_TEXTS.iter().chain(EASY_ONLY) {
        let is_easy_only = EASY_ONLY.iter().any(|(only, _)| *only == key);
        if !is_easy_only && easy_version(key).is_none() {
            problems.push(format!("{}: no easy.{}", key.id(), key.id()));
            continue;
        }
        for lang in Lang::ALL {
            let text = I18n::new(lang).worded(Wording::Easy).t(key);
            for problem in check(text, kind) {
                problems.push(format!("{} in {}: {problem:?}", key.id(), lang.code()));
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn an_easy_read_version_fills_the_same_placeholders_as_its_text() {
    for &(key, _) in CITIZEN_TEXTS {
        let ordinary = super::tests::placeholders(I18n::new(Lang::Da).t(key));
        let easy = super::tests::placeholders(I18n::new(Lang::Da).worded(Wording::Easy).t(key));
        assert_eq!(ordinary, easy, "{}", key.id());
    }
}

#[test]
fn only_easy_read_takes_the_easy_read_version() {
    let da = I18n::new(Lang::Da);
    assert_eq!(da.t(Key::RatingStore), "Gem svarene");
    assert_eq!(da.worded(Wording::Easy).t(Key::RatingStore), "Gem");
    // A text without an easy-read version is the same in both.
    assert_eq!(
        da.worded(Wording::Easy).t(Key::AppLoading),
        da.t(Key::AppLoading)
    );
}
