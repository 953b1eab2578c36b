//! Responses as CSV, one row per completed form, for a spreadsheet.
//!
//! UTF-8 with a byte-order mark, so Excel reads æ, ø and å; with `;` between fields the numbers get a
//! decimal comma, as Danish and Norwegian Excel expect. Text someone typed is quoted when it must be,
//! and a leading `=`, `+`, `-` or `@` is defused so a label can never run as a spreadsheet formula.
//!
//! Rows are written one by one as they are made, so the text is never held whole, and each costs the
//! same whatever the number of forms before it (a citizen's 40,000 forms took a minute when each row
//! went through the rater's earlier forms again).

use std::collections::BTreeMap;
use std::io;

use crate::citizen::{Citizen, CitizenId};
use crate::export::archive::Archive;
use crate::export::{Series, score_as_computed};
use crate::fit::report::Reading;
use crate::fit::tenths::points_text;
use crate::fit::{Kind, Registry, Response, SessionTotal, Tenths, age_on, change};
use crate::sort;

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

/// Every response in the archive, ordered by citizen label, date, meeting, rater, instrument and id,
/// written to `out` row by row. Change columns compare each outcome form with the same rater's first on
/// that instrument; they are empty on the first, and for session scales.
pub fn write_responses_csv(
    archive: &Archive,
    registry: &Registry,
    separator: Separator,
    out: &mut (impl io::Write + ?Sized),
) -> io::Result<()> {
    let citizens: BTreeMap<CitizenId, &Citizen> = archive
        .citizens()
        .map(|citizen| (citizen.id, citizen))
        .collect();
    let mut rows: Vec<(&Citizen, &Response)> = archive
        .responses()
        .filter_map(|response| Some((*citizens.get(&response.citizen_id)?, response)))
        .collect();
    sort::by(&mut rows, |(a, ra), (b, rb)| {
        (
            a.fields.label.as_str(),
            ra.date,
            ra.meeting,
            ra.rater.code(),
            ra.instrument.as_str(),
            ra.id,
        )
            .cmp(&(
                b.fields.label.as_str(),
                rb.date,
                rb.meeting,
                rb.rater.code(),
                rb.instrument.as_str(),
                rb.id,
            ))
    });
    let all: Vec<&Response> = rows.iter().map(|(_, response)| *response).collect();
    let series = Series::of(&all);

    let mut row = String::new();
    row.push('\u{feff}');
    push_row(
        &mut row,
        separator,
        COLUMNS.iter().map(|name| (*name).to_owned()),
    );
    out.write_all(row.as_bytes())?;
    for (citizen, response) in &rows {
        row.clear();
        push_row(
            &mut row,
            separator,
            fields(citizen, response, &series, registry, separator),
        );
        out.write_all(row.as_bytes())?;
    }
    Ok(())
}

/// One form's row, in the order of [`COLUMNS`].
fn fields(
    citizen: &Citizen,
    response: &Response,
    series: &Series,
    registry: &Registry,
    separator: Separator,
) -> impl Iterator<Item = String> {
    let number = |tenths: Tenths| points(i64::from(tenths.get()), separator);
    let before = series.before(response);
    let scored = score_as_computed(response, citizen, before.last().copied(), registry).ok();
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
    let (since_first, reliable, significant) =
        change_columns(citizen, response, before, registry, separator).unwrap_or_default();
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

/// The change since the same rater's first outcome form on the instrument (the first of `before`
/// this one with a total). Only the two ends count, so no form before it is read but the first.
fn change_columns(
    citizen: &Citizen,
    response: &Response,
    before: &[&Response],
    registry: &Registry,
    separator: Separator,
) -> Option<(String, String, String)> {
    if response.kind != Kind::Outcome {
        return None;
    }
    let definition = registry
        .get(response.instrument.as_str(), Some(response.version))
        .ok()?;
    let session = |form: &Response| {
        Some(SessionTotal {
            total: form.total(definition)?,
            age: age_on(citizen.fields.birth(), form.date),
        })
    };
    // A form before it without a total on this version is skipped, as a change over all would.
    let first = before.iter().find_map(|form| session(form))?;
    let latest = session(response)?;
    let change = change(definition, &[first, latest]).ok()?;
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
