//! The sample of a chart's mark beside its words in a legend.
//!
//! Drawn in SVG with the mark's own classes, so it has the chart's colour, dashes and point, and prints as
//! the chart does: a sample painted as a CSS background vanishes when the browser prints without
//! background graphics (its default), and with it the only way to tell the lines apart on paper.

use yew::prelude::*;

/// What the sample shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    /// A stretch of line with a point on it: a series of answers. Long enough for two turns of the
    /// longest dash pattern beside the point.
    LineWithPoint,
    /// A line alone: a threshold.
    Line,
    /// A filled area: a band.
    Area,
    /// A line with a square point in its band: an expected course and its middle half.
    LineInBand,
}

/// The sample for the mark drawn with `class` (the chart's classes for it, e.g. `series series-self`);
/// hidden from screen readers, for the legend's words say the same.
pub fn swatch(class: Classes, mark: Mark) -> Html {
    html! {
        <svg class="swatch" viewBox="0 0 64 16" aria-hidden="true" focusable="false">
            <g class={class}>
                {
                    match mark {
                        Mark::Area => html! { <rect x="1" y="2" width="62" height="12" /> },
                        Mark::Line => html! { <polyline points="2,8 62,8" /> },
                        Mark::LineInBand => html! {
                            <>
                                <rect class="course-band" x="1" y="2" width="62" height="12" />
                                <polyline points="2,8 62,8" />
                                <rect class="course-point" x="27" y="3" width="10" height="10" />
                            </>
                        },
                        Mark::LineWithPoint => html! {
                            <>
                                <polyline points="2,8 62,8" />
                                <circle cx="32" cy="8" r="4" />
                            </>
                        },
                    }
                }
            </g>
        </svg>
    }
}
