//! The records as CSV for a spreadsheet, one file per kind of record ([`Sheet`]): the completed forms here, one
//! row per form; the mastery course (ratings, goals, follow-ups, meetings) in [`course`].
//!
//! UTF-8 with a byte-order mark, so Excel reads æ, ø and å; with `;` between fields the numbers get a
//! decimal comma, as Danish and Norwegian Excel expect. Text someone typed is quoted when it must be,
//! and a leading `=`, `+`, `-` or `@` is defused so a label can never run as a spreadsheet formula.
//!
//! Rows are written one by one as they are made ([`Rows`]), so the text is never held whole, and each
//! costs the same whatever the number of forms before it.

use std::collections::BTreeMap;
use std::io;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::citizen::{Citizen, CitizenId};
use crate::export::archive::Archive;
use crate::export::index::{self, CitizenCache, Inputs, List, Merged, OutputError};
use crate::export::{FormKey, score_as_computed};
use crate::fit::definition::Version;
use crate::fit::report::Reading;
use crate::fit::tenths::points_text;
use crate::fit::{Kind, Registry, Response, ResponseId, SessionTotal, Tenths, age_on, change};
use crate::sort;

mod course;

pub use course::{write_archive_sheet, write_merged_sheet};

/// One CSV file of the caseworker's: one kind of record, a row per form, per domain rated, per goal, per goal
/// followed up, per meeting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Sheet {
    Forms,
    Ratings,
    Goals,
    FollowUps,
    Meetings,
}

impl Sheet {
    pub const ALL: [Sheet; 5] = [
        Sheet::Forms,
        Sheet::Ratings,
        Sheet::Goals,
        Sheet::FollowUps,
        Sheet::Meetings,
    ];

    /// Its name on the command line and in the app: `forms`, `ratings`, `goals`, `follow-ups`, `meetings`.
    pub fn code(self) -> &'static str {
        match self {
            Sheet::Forms => "forms",
            Sheet::Ratings => "ratings",
            Sheet::Goals => "goals",
            Sheet::FollowUps => "follow-ups",
            Sheet::Meetings => "meetings",
        }
    }

    /// The file it is saved as, the same from the app and the command-line tool.
    pub fn file_name(self) -> &'static str {
        match self {
            Sheet::Forms => "forms.csv",
            Sheet::Ratings => "mastery-ratings.csv",
            Sheet::Goals => "goals.csv",
            Sheet::FollowUps => "follow-ups.csv",
            Sheet::Meetings => "meetings.csv",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Separator {
    /// `,` with a decimal point.
    Comma,
    /// `;` with a decimal comma.
    Semicolon,
}

impl Separator {
    fn field(self) -> char {
        match self {
            Separator::Comma => ',',
            Separator::Semicolon => ';',
        }
    }

    fn decimal(self) -> char {
        match self {
            Separator::Comma => '.',
            Separator::Semicolon => ',',
        }
    }
}

const MAX_ITEMS: usize = 4;
const COLUMNS: [&str; 20] = [
    "citizen",
    "birth_year",
    "unit",
    "date",
    "meeting",
    "instrument",
    "version",
    "rater",
    "item_1",
    "item_2",
    "item_3",
    "item_4",
    "total",
    "cutoff",
    "clinical",
    "alert",
    "change_since_first",
    "reliable_change",
    "clinically_significant",
    "response_id",
];

/// Every response in the archive as CSV text; [`write_responses_csv`] into a string.
pub fn responses_csv(archive: &Archive, registry: &Registry, separator: Separator) -> String {
    let mut out = Vec::new();
    // Writing into a `Vec` cannot fail, and every row is UTF-8.
    let _ = write_responses_csv(archive, registry, separator, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Every response in the archive, in [`row_order`], written to `out` row by row. Change columns compare
/// each outcome form with the same rater's first on that instrument; they are empty on the first, and for
/// session scales.
pub fn write_responses_csv(
    archive: &Archive,
    registry: &Registry,
    separator: Separator,
    out: &mut (impl io::Write + ?Sized),
) -> io::Result<()> {
    let citizens: BTreeMap<CitizenId, &Citizen> =
        sort::map(archive.citizens().map(|citizen| (citizen.id, citizen)));
    let mut rows: Vec<(&Citizen, &Response)> = archive
        .responses()
        .filter_map(|response| Some((*citizens.get(&response.citizen_id)?, response)))
        .collect();
    sort::by(&mut rows, |(a, ra), (b, rb)| {
        row_order(a.fields.label.as_str(), &FormKey::from(*ra))
            .cmp(&row_order(b.fields.label.as_str(), &FormKey::from(*rb)))
    });
    let mut writer = Rows::start(registry, separator, out)?;
    for (citizen, response) in rows {
        writer.write(citizen, response, out)?;
    }
    Ok(())
}

/// Every response of a merged index (the latest version of each), as [`write_responses_csv`] writes an
/// archive's: the forms are ordered by their entries beside their citizens' ([`index::by_citizen`], by
/// the citizen's label), then read back from `inputs` one at a time, so no more than a row's form and
/// citizen is held.
pub fn write_merged_csv(
    merged: &Merged,
    inputs: &mut impl Inputs,
    registry: &Registry,
    separator: Separator,
    out: &mut (impl io::Write + ?Sized),
) -> Result<(), OutputError> {
    let instruments = index::instrument_order(registry);
    // Where a form's row goes, as `row_order` puts it.
    let key_width = index::LABEL + 27;
    let rows = index::by_citizen(
        merged,
        &[List::Responses],
        inputs,
        key_width,
        |entry, citizen, key| {
            let Some(form) = entry.form_key() else {
                return false;
            };
            let Some(instrument) = instruments.get(form.instrument) else {
                return false;
            };
            index::label(citizen, key);
            key.i32(index::days(form.date))
                .u32(form.meeting)
                .u8(index::rater_order(form.rater))
                .u16(*instrument)
                .bytes(form.id.uuid().as_bytes());
            true
        },
    )?;
    let mut writer = Rows::start(registry, separator, out)?;
    let mut citizens = CitizenCache::default();
    for row in rows {
        let row = row?;
        let response = row.entry.response(inputs, registry)?;
        let citizen = citizens.get(&row.citizen, inputs)?;
        writer.write(citizen, &response, out)?;
    }
    Ok(())
}

/// Each citizen's place among the labels (the same for the same label): rows are ordered by it as by the
/// label.
fn ranked<'c>(
    citizens: impl Iterator<Item = &'c Citizen>,
) -> BTreeMap<CitizenId, (u32, &'c Citizen)> {
    let mut by_label: Vec<&Citizen> = citizens.collect();
    sort::by(&mut by_label, |a, b| {
        a.fields.label.as_str().cmp(b.fields.label.as_str())
    });
    let mut ranked = BTreeMap::new();
    let mut rank = 0;
    for (idx, citizen) in by_label.iter().enumerate() {
        if idx > 0 && by_label[idx - 1].fields.label != citizen.fields.label {
            rank += 1;
        }
        ranked.insert(citizen.id, (rank, *citizen));
    }
    ranked
}

/// Where a form's row goes: by its citizen's label (or anything ordered as the labels are), then date,
/// meeting, rater, instrument and id.
pub fn row_order<'a, L: Ord>(
    label: L,
    form: &FormKey<'a>,
) -> (L, NaiveDate, u32, &'static str, &'a str, ResponseId) {
    (
        label,
        form.date,
        form.meeting,
        form.rater.code(),
        form.instrument,
        form.id,
    )
}

/// The CSV written a row at a time, the rows coming in [`row_order`].
///
/// A row's score and change columns read the same rater's earlier forms on the instrument about the
/// citizen (its line): the one before it, and the first with a total. So each line keeps only those,
/// and only while rows of its citizen's label come; a row costs the same whatever the number of forms
/// before it (a citizen's 40,000 forms took a minute when each row went through the rater's earlier
/// forms again).
pub struct Rows<'r> {
    registry: &'r Registry,
    separator: Separator,
    /// The label of the rows written last: no line of another label can come again.
    label: String,
    lines: BTreeMap<(CitizenId, &'static str, String), Line>,
    row: String,
}

/// What a line's next row needs of the forms before it.
#[derive(Default)]
struct Line {
    previous: Option<Response>,
    /// For each version of the instrument, the first form with a total on it (a form with another
    /// number of items has none).
    firsts: Vec<(Version, SessionTotal)>,
}

impl<'r> Rows<'r> {
    /// Writes the byte-order mark and the header.
    pub fn start(
        registry: &'r Registry,
        separator: Separator,
        out: &mut (impl io::Write + ?Sized),
    ) -> io::Result<Rows<'r>> {
        let mut row = String::new();
        row.push('\u{feff}');
        push_row(
            &mut row,
            separator,
            COLUMNS.iter().map(|name| (*name).to_owned()),
        );
        out.write_all(row.as_bytes())?;
        Ok(Rows {
            registry,
            separator,
            label: String::new(),
            lines: BTreeMap::new(),
            row,
        })
    }

    /// Writes `response`'s row; the rows before it came in [`row_order`].
    pub fn write(
        &mut self,
        citizen: &Citizen,
        response: &Response,
        out: &mut (impl io::Write + ?Sized),
    ) -> io::Result<()> {
        let label = citizen.fields.label.as_str();
        if label != self.label {
            self.lines.clear();
            label.clone_into(&mut self.label);
        }
        let key = (
            citizen.id,
            response.rater.code(),
            response.instrument.to_string(),
        );
        let line = self.lines.entry(key).or_default();
        self.row.clear();
        push_row(
            &mut self.row,
            self.separator,
            fields(citizen, response, line, self.registry, self.separator),
        );
        out.write_all(self.row.as_bytes())?;
        let versions = self
            .registry
            .all()
            .iter()
            .filter(|definition| *definition.id() == response.instrument);
        for definition in versions {
            let version = definition.version();
            if line.firsts.iter().any(|(first, _)| *first == version) {
                continue;
            }
            if let Some(total) = response.total(definition) {
                let age = age_on(citizen.fields.birth(), response.date);
                line.firsts.push((version, SessionTotal { total, age }));
            }
        }
        line.previous = Some(response.clone());
        Ok(())
    }
}

/// One form's row, in the order of [`COLUMNS`].
fn fields(
    citizen: &Citizen,
    response: &Response,
    line: &Line,
    registry: &Registry,
    separator: Separator,
) -> impl Iterator<Item = String> {
    let number = |tenths: Tenths| points(i64::from(tenths.get()), separator);
    let scored = score_as_computed(response, citizen, line.previous.as_ref(), registry).ok();
    let (cutoff, clinical, alert) = match scored.as_ref().map(|report| &report.reading) {
        Some(Reading::Outcome {
            cutoff, clinical, ..
        }) => (
            cutoff.map(|points| number(points.0)).unwrap_or_default(),
            flag(*clinical),
            String::new(),
        ),
        Some(Reading::Session { alert, .. }) => (String::new(), String::new(), flag(*alert)),
        None => Default::default(),
    };
    let first = line
        .firsts
        .iter()
        .find(|(version, _)| *version == response.version)
        .map(|(_, first)| *first);
    let (since_first, reliable, significant) =
        change_columns(citizen, response, first, registry, separator).unwrap_or_default();
    let mut items: Vec<String> = response
        .answers
        .iter()
        .map(|value| number(*value))
        .collect();
    items.resize(MAX_ITEMS, String::new());
    let total = registry
        .get(response.instrument.as_str(), Some(response.version))
        .ok()
        .and_then(|definition| response.total(definition))
        .map(number)
        .unwrap_or_default();
    [
        defused(citizen.fields.label.as_str()),
        citizen.fields.birth_year.get().to_string(),
        defused(citizen.fields.unit.as_str()),
        response.date.to_string(),
        response.meeting.to_string(),
        response.instrument.to_string(),
        response.version.to_string(),
        response.rater.code().to_owned(),
    ]
    .into_iter()
    .chain(items)
    .chain([
        total,
        cutoff,
        clinical,
        alert,
        since_first,
        reliable,
        significant,
        response.id.to_string(),
    ])
}

/// The change since `first`, the same rater's first outcome form on the instrument with a total on
/// this version.
fn change_columns(
    citizen: &Citizen,
    response: &Response,
    first: Option<SessionTotal>,
    registry: &Registry,
    separator: Separator,
) -> Option<(String, String, String)> {
    if response.kind != Kind::Outcome {
        return None;
    }
    let definition = registry
        .get(response.instrument.as_str(), Some(response.version))
        .ok()?;
    let latest = SessionTotal {
        total: response.total(definition)?,
        age: age_on(citizen.fields.birth(), response.date),
    };
    let change = change(definition, &[first?, latest]).ok()?;
    Some((
        points(i64::from(change.change.get()), separator),
        change.reliable.code().to_owned(),
        change.clinically_significant.to_string(),
    ))
}

fn flag(value: Option<bool>) -> String {
    value.map(|value| value.to_string()).unwrap_or_default()
}

fn points(tenths: i64, separator: Separator) -> String {
    points_text(tenths, separator.decimal())
}

fn push_row(out: &mut String, separator: Separator, fields: impl IntoIterator<Item = String>) {
    for (idx, field) in fields.into_iter().enumerate() {
        if idx > 0 {
            out.push(separator.field());
        }
        out.push_str(&cell(&field, separator));
    }
    out.push_str("\r\n");
}

/// Typed text that a spreadsheet would run as a formula gets a leading `'`, which shows it as text.
fn defused(typed: &str) -> String {
    if typed.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{typed}")
    } else {
        typed.to_owned()
    }
}

/// A field quoted when it holds the separator, a quote or a line break.
fn cell(field: &str, separator: Separator) -> String {
    if field.contains([separator.field(), '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_formulas_are_defused_and_separators_quoted() {
        let typed = |text| cell(&defused(text), Separator::Comma);
        assert_eq!(typed("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(typed("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(typed("AB"), "AB");
        assert_eq!(cell("-2,5", Separator::Semicolon), "-2,5");
        assert_eq!(cell("-2,5", Separator::Comma), "\"-2,5\"");
        assert_eq!(cell("Hus 1; stue", Separator::Semicolon), "\"Hus 1; stue\"");
    }

    #[test]
    fn points_use_the_separators_decimal_mark() {
        assert_eq!(points(246, Separator::Semicolon), "24,6");
        assert_eq!(points(-35, Separator::Comma), "-3.5");
        assert_eq!(points(400, Separator::Comma), "40.0");
    }
}
