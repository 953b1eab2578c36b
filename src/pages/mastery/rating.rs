//! One rater rating a citizen's life domains: one domain per screen, the ladder as big buttons with each
//! stage described beside its steps, "skip" always allowed, an optional comment, then a check of all
//! answers before they are stored. Every choice is kept as a draft, so a reload loses nothing; the rater
//! never sees anyone else's ratings here.
//! A citizen in easy-read (switched on by staff, `settings`) rating themself gets bigger text, each domain's
//! pictogram and short instructions, one idea per sentence; the schema's own wording stays as it is.

use chrono::NaiveDate;
use mestring_core::citizen::Citizen;
use mestring_core::fit::Rater;
use mestring_core::fit::definition::Version;
use mestring_core::free_text;
use mestring_core::mastery::assessment::COMMENT_FIELD;
use mestring_core::mastery::{
    Assessment, AssessmentId, Direction, Entry, Ladder, Rating, Schema, SchemaId, Stage, next_round,
};
use serde::{Deserialize, Serialize};
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::browser;
use crate::components::draft_offer::DraftOffer;
use crate::components::read_aloud::ReadAloud;
use crate::components::route_link::RouteLink;
use crate::components::text_problems::check_text;
use crate::hooks::use_app::UseAppHandle;
use crate::hooks::use_draft::{use_draft, use_found_draft};
use crate::hooks::use_records::use_assessments;
use crate::hooks::use_save::use_save;
use crate::i18n::{I18n, Key};
use crate::pages::lookup_citizen;
use crate::pictograms;
use crate::router::Route;
use crate::schemas;

#[derive(Properties, PartialEq)]
pub struct RatingPageProps {
    pub app: UseAppHandle,
    pub id: AttrValue,
    pub schema: AttrValue,
    /// Who rates: `self`, `parent` or `staff`.
    pub rater: AttrValue,
}

/// An unfinished rating, saved after every choice.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct RatingDraft {
    #[serde(deserialize_with = "mestring_core::iso::date")]
    date: NaiveDate,
    round: u32,
    version: u16,
    /// Per domain in the schema's order.
    ratings: Vec<Option<u8>>,
    comments: Vec<String>,
    /// The screen on show: a domain's index, or the number of domains for the check before storing.
    step: usize,
}

impl RatingDraft {
    fn fresh(schema: &Schema, round: u32, date: NaiveDate) -> RatingDraft {
        let n = schema.domains().len();
        RatingDraft {
            date,
            round,
            version: schema.version().get(),
            ratings: vec![None; n],
            comments: vec![String::new(); n],
            step: 0,
        }
    }

    /// Whether the draft still fits: same edition and round, one answer per domain.
    fn fits(&self, schema: &Schema, round: u32) -> bool {
        self.version == schema.version().get()
            && self.round == round
            && self.ratings.len() == schema.domains().len()
            && self.comments.len() == schema.domains().len()
    }

    fn assessment(
        &self,
        id: AssessmentId,
        citizen: &Citizen,
        schema: &Schema,
        rater: Rater,
        meta: mestring_core::record::RecordMeta,
    ) -> Assessment {
        Assessment {
            id,
            round: self.round,
            schema: schema.id().clone(),
            version: Version::new(self.version),
            citizen_id: citizen.id,
            date: self.date,
            rater,
            entries: schema
                .domains()
                .iter()
                .zip(&self.ratings)
                .zip(&self.comments)
                .map(|((domain, rating), comment)| Entry {
                    domain: domain.id().clone(),
                    rating: rating.map(Rating::new),
                    comment: Some(comment.trim().to_owned()).filter(|text| !text.is_empty()),
                })
                .collect(),
            meta,
        }
    }
}

#[component]
pub fn RatingPage(props: &RatingPageProps) -> Html {
    let app = &props.app;
    let i18n = app.i18n();
    let assessments = use_assessments(app, &props.id);
    let draft_key = format!("mastery/{}/{}/{}", props.id, props.schema, props.rater);
    let draft = use_draft::<RatingDraft>(app, &draft_key);
    let offered = use_found_draft::<RatingDraft>(app, &draft_key);
    let stored = use_state(|| false);
    let save = use_save();
    // A new screen's heading takes the focus, so a screen reader reads the next domain and the keyboard
    // starts from it, never from the top of the page.
    use_effect_with(draft.get().map(|draft| draft.step), |step| {
        if step.is_some() {
            focus_heading();
        }
    });
    let citizen = match lookup_citizen(app, &props.id) {
        Ok((_, citizen)) => citizen,
        Err(page) => return page,
    };
    let frame = |easy_read: bool, content: Html| {
        html! { <section class={classes!("page", "rating", easy_read.then_some("easy-read"))}>{ content }</section> }
    };
    let page = |content: Html| frame(false, content);
    let (Some(rater), Some(registry)) = (Rater::from_code(&props.rater), schemas::registry())
    else {
        return page(html! { <p>{ i18n.t(Key::MasteryNoSchemas) }</p> });
    };
    let Ok(schema) = registry.get(&SchemaId::new(&props.schema), None) else {
        return page(html! { <p>{ i18n.t(Key::MasteryNoSchemas) }</p> });
    };
    if !schema.rated_by().contains(&rater) {
        return page(html! { <p>{ i18n.t(Key::NotFoundTitle) }</p> });
    }
    // Easy-read is the citizen's need, so staff and parents rating them see the usual screens.
    let easy_read = rater == Rater::Oneself
        && pictograms::drawn(schema)
        && app.state().settings.easy_read(citizen.id);
    let page = |content: Html| frame(easy_read, content);
    let mastery_route = Route::Mastery {
        id: citizen.id.to_string(),
    };
    if *stored {
        return page(html! {
            <>
                <p class="big-text" role="status">{ i18n.t(Key::RatingThanks) }</p>
                <RouteLink to={mastery_route} class="button primary">{ i18n.t(Key::MeetingHandBack) }</RouteLink>
            </>
        });
    }
    let assessments = match &assessments {
        None => return page(html! { <p>{ i18n.t(Key::AppLoading) }</p> }),
        Some(Err(kind)) => {
            return page(
                html! { <p class="notice notice-error" role="alert">{ i18n.store_error(*kind) }</p> },
            );
        }
        Some(Ok(assessments)) => assessments,
    };
    let round = next_round(schema, assessments, rater);
    if draft.get().is_none()
        && let Some(found) = offered.as_ref().filter(|found| found.fits(schema, round))
    {
        let on_resume = {
            let (draft, offered, found) = (draft.clone(), offered.clone(), found.clone());
            Callback::from(move |_: MouseEvent| {
                draft.set(Some(found.clone()));
                offered.set(None);
            })
        };
        let on_discard = {
            let (app, offered, key) = (app.clone(), offered.clone(), draft_key.clone());
            Callback::from(move |_: MouseEvent| {
                app.discard_draft(key.clone());
                offered.set(None);
            })
        };
        return page(
            html! { <DraftOffer {i18n} text={i18n.t(Key::RatingDraftFound)} {on_resume} {on_discard} /> },
        );
    }
    let current = draft
        .get()
        .cloned()
        .unwrap_or_else(|| RatingDraft::fresh(schema, round, browser::now().date_naive()));
    let change = |edit: Box<dyn Fn(&mut RatingDraft)>| {
        draft.edit(
            &current,
            |_: MouseEvent| (),
            move |draft, _: &()| edit(draft),
        )
    };
    let n = schema.domains().len();
    let heading = html! {
        <p class="meeting-heading">
            { schema.title().get(i18n.lang) }{ " · " }{ i18n.rater(rater) }
        </p>
    };
    if current.step >= n {
        // A comment the core refuses (a personal number, a control character) is never stored: the
        // check screen names it beside its domain, whose "change" leads back to it.
        let comments_ok = current
            .comments
            .iter()
            .all(|comment| free_text::check(comment, COMMENT_FIELD).is_empty());
        let on_store = {
            let (app, save, stored) = (app.clone(), save.clone(), stored.clone());
            let (current, citizen, schema, key) = (
                current.clone(),
                citizen.clone(),
                schema.clone(),
                draft_key.clone(),
            );
            Callback::from(move |_: MouseEvent| {
                if !comments_ok {
                    return;
                }
                let ids = browser::random_bytes().and_then(|bytes| {
                    app.new_record_meta()
                        .map(|meta| (AssessmentId::from_random_bytes(bytes), meta))
                });
                let (id, meta) = match ids {
                    Ok(ids) => ids,
                    Err(err) => return app.report_store_error(&err),
                };
                let assessment = current.assessment(id, &citizen, &schema, rater, meta);
                let (app, key, stored) = (app.clone(), key.clone(), stored.clone());
                save.run(
                    async move { app.add_assessment(assessment, key).await },
                    move || stored.set(true),
                );
            })
        };
        let go_back = change(Box::new(move |draft| draft.step = n - 1));
        return page(html! {
            <>
                { heading }
                <h1 id="screen-title" tabindex="-1">{ i18n.t(Key::RatingCheckTitle) }</h1>
                if easy_read {
                    <p class="lead">{ i18n.f(Key::EasyReadCheckLead, &[("change", &i18n.t(Key::RatingChange))]) }</p>
                    <p class="lead">{ i18n.f(Key::EasyReadCheckStore, &[("store", &i18n.t(Key::RatingStore))]) }</p>
                } else {
                    <p class="lead">{ i18n.t(Key::RatingCheckLead) }</p>
                }
                <ul class="choice-list">
                    for (idx, domain) in schema.domains().iter().enumerate() {
                        <li class="tile">
                            if easy_read {
                                <img class="pictogram-small" src={pictograms::src(schema, domain)} alt="" width="48" height="48" />
                            }
                            <span class="tile-title">{ domain.title().get(i18n.lang) }</span>
                            <span class="tile-text">{ answer_text(i18n, schema, current.ratings[idx]) }</span>
                            { check_text(i18n, &format!("comment-check-{idx}"), &[&current.comments[idx]], COMMENT_FIELD).html }
                            <button type="button" onclick={change(Box::new(move |draft| draft.step = idx))}>
                                { i18n.t(Key::RatingChange) }
                            </button>
                        </li>
                    }
                </ul>
                if save.failed() {
                    <p class="notice notice-error" role="alert">{ i18n.t(Key::RatingNotStored) }</p>
                }
                <button type="button" class="big" onclick={go_back}>{ i18n.t(Key::RatingBack) }</button>
                <button type="button" class="big primary" disabled={save.saving() || !comments_ok} onclick={on_store}>
                    { i18n.t(Key::RatingStore) }
                </button>
            </>
        });
    }
    let step = current.step;
    let domain = &schema.domains()[step];
    let chosen = current.ratings[step];
    let choose = |value: Option<u8>| {
        change(Box::new(move |draft| {
            draft.ratings[step] = value;
            draft.step = step + 1;
        }))
    };
    let comment_check = check_text(
        i18n,
        &format!("comment-{step}"),
        &[&current.comments[step]],
        COMMENT_FIELD,
    );
    let on_comment = draft.edit(
        &current,
        |event: InputEvent| event.target_unchecked_into::<HtmlTextAreaElement>().value(),
        move |draft, text: &String| draft.comments[step].clone_from(text),
    );
    let go_back = change(Box::new(move |draft| draft.step = step.saturating_sub(1)));
    let go_on = change(Box::new(move |draft| draft.step = step + 1));
    let ladder = schema.ladder();
    let mut stages: Vec<&Stage> = ladder.stages().iter().collect();
    // The best end of the ladder is always on top.
    if ladder.higher_is() == Direction::Better {
        stages.reverse();
    }
    let comment_id = format!("comment-{step}");
    let instructions = if easy_read {
        easy_instructions(i18n, ladder)
    } else {
        Vec::new()
    };
    let spoken: Vec<String> = [
        domain.title().get(i18n.lang).to_owned(),
        domain.question().get(i18n.lang).to_owned(),
    ]
    .into_iter()
    .chain(instructions.iter().cloned())
    .chain(stages.iter().map(|stage| {
        i18n.f(
            Key::RatingReadStage,
            &[
                ("low", &stage.from()),
                ("high", &stage.to()),
                ("label", &stage.label().get(i18n.lang)),
            ],
        )
    }))
    .collect();
    page(html! {
        <>
            { heading }
            <p class="meeting-heading">{ i18n.f(Key::RatingStep, &[("n", &(step + 1)), ("total", &n)]) }</p>
            <div class="domain-head">
                if easy_read {
                    <img class="pictogram" src={pictograms::src(schema, domain)} alt="" width="160" height="160" />
                }
                <div>
                    <h1 id="screen-title" tabindex="-1">{ domain.title().get(i18n.lang) }</h1>
                    <p class="big-text">{ domain.question().get(i18n.lang) }</p>
                </div>
            </div>
            if !instructions.is_empty() {
                <div class="easy-read-instructions">
                    for sentence in instructions {
                        <p>{ sentence }</p>
                    }
                </div>
            }
            <ReadAloud {i18n} text={spoken.join(" ")} about={domain.title().get(i18n.lang).to_owned()} />
            <div class="ladder" role="radiogroup" aria-labelledby="screen-title">
                for stage in stages {
                    <div class="ladder-stage" key={stage.from()}>
                        <div class="ladder-steps">
                            for value in stage_values(stage, ladder.higher_is()) {
                                <button
                                    type="button"
                                    role="radio"
                                    class="ladder-step"
                                    aria-checked={(chosen == Some(value)).to_string()}
                                    aria-label={format!("{value}: {}", stage.label().get(i18n.lang))}
                                    onclick={choose(Some(value))}
                                >
                                    { value }
                                </button>
                            }
                        </div>
                        <p class="ladder-text">
                            <strong>{ stage.label().get(i18n.lang) }</strong><br />
                            { stage.text().get(i18n.lang) }
                        </p>
                    </div>
                }
            </div>
            <button type="button" class="big ladder-skip" onclick={choose(None)}>
                { ladder.unrated().get(i18n.lang) }
            </button>
            <div class="field">
                <label for={comment_id.clone()}>{ i18n.t(Key::RatingComment) }</label>
                <textarea
                    id={comment_id}
                    rows="3"
                    value={current.comments[step].clone()}
                    aria-invalid={comment_check.invalid.clone()}
                    aria-describedby={comment_check.described_by.clone()}
                    oninput={on_comment}
                />
                { comment_check.html }
            </div>
            if step > 0 {
                <button type="button" class="big" onclick={go_back}>{ i18n.t(Key::RatingBack) }</button>
            }
            if chosen.is_some() {
                <button type="button" class="big primary" onclick={go_on}>{ i18n.t(Key::RatingNext) }</button>
            }
        </>
    })
}

/// A stage's steps, best first.
fn stage_values(stage: &Stage, higher_is: Direction) -> Vec<u8> {
    let values = stage.from()..=stage.to();
    match higher_is {
        Direction::Better => values.rev().collect(),
        Direction::Worse => values.collect(),
    }
}

/// Easy-read's instructions for a domain's screen, one short sentence each: press a number, which end is
/// good and which is hard, skipping is fine.
fn easy_instructions(i18n: I18n, ladder: &Ladder) -> Vec<String> {
    let (best, worst) = match ladder.higher_is() {
        Direction::Better => (ladder.max(), ladder.min()),
        Direction::Worse => (ladder.min(), ladder.max()),
    };
    vec![
        i18n.t(Key::EasyReadChoose).to_owned(),
        i18n.f(Key::EasyReadBest, &[("best", &best)]),
        i18n.f(Key::EasyReadWorst, &[("worst", &worst)]),
        i18n.t(Key::EasyReadSkip).to_owned(),
    ]
}

/// A chosen step with its stage's name, or that the domain was skipped.
fn answer_text(i18n: I18n, schema: &Schema, rating: Option<u8>) -> String {
    match rating {
        None => i18n.t(Key::MasteryNotRated).to_owned(),
        Some(value) => match schema.ladder().stage_of(value) {
            Some(stage) => format!("{value} · {}", stage.label().get(i18n.lang)),
            None => value.to_string(),
        },
    }
}

fn focus_heading() {
    browser::focus("screen-title");
}
