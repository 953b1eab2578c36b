//! One rater rating a citizen's life domains: one domain per screen, the ladder as big buttons with each
//! stage described beside its steps, "skip" always allowed; a step chosen leads to the domain's comment step
//! (the answer, an optional comment, "next"), and the last to a check of all answers before they are stored.
//! Every choice is kept as a draft, so a reload loses nothing; the rater never sees anyone else's ratings here.
//! The page is a view over [`model::Rating`].
//! A citizen in easy-read (switched on by staff, `settings`) rating themself gets bigger text, each domain's
//! pictogram, short instructions and every text in its easy-read version (the schema's `easy`, `easy.*` keys).
//! Staff rating in FFB's terms get one theme a screen: each sub-theme the citizen's plan addresses (every
//! one while it addresses none) with FFB's five function levels and "ikke vurderet", in FFB's Danish terms
//! with their gloss in Norwegian and English.

mod model;

use mestring_core::citizen::Citizen;
use mestring_core::ffb::{self, TermId};
use mestring_core::fit::Rater;
use mestring_core::mastery::assessment::COMMENT_FIELD;
use mestring_core::mastery::{
    AssessmentId, Direction, Ladder, LadderKind, Schema, SchemaId, Stage, next_round,
};
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::browser;
use crate::components::draft_offer::DraftOffer;
use crate::components::read_aloud::ReadAloud;
use crate::components::route_link::RouteLink;
use crate::components::text_problems::check_text;
use crate::hooks::use_draft::use_kept_draft;
use crate::hooks::use_records::use_assessments;
use crate::hooks::use_records::use_records;
use crate::hooks::use_save::{UseSaveHandle, use_save};
use crate::hooks::use_session::{Session, use_session};
use crate::i18n::{I18n, Key};
use crate::pages::lookup_citizen;
use crate::pages::plan::use_plan;
use crate::pictograms;
use crate::records::Records;
use crate::router::Route;
use crate::schemas;
use model::{Change, Rating, RatingAction, RatingDraft, RatingScreen};

#[derive(Properties, PartialEq)]
pub struct RatingPageProps {
    pub id: AttrValue,
    pub schema: AttrValue,
    /// Who rates: `self`, `parent` or `staff`.
    pub rater: AttrValue,
}

#[component]
pub fn RatingPage(props: &RatingPageProps) -> Html {
    let session = use_session();
    let records = use_records();
    let i18n = session.i18n();
    let assessments = use_assessments(&props.id);
    let (plan, _) = use_plan(&props.id);
    let draft_key = format!("mastery/{}/{}/{}", props.id, props.schema, props.rater);
    let rating = use_reducer(Rating::default);
    let save = use_save();
    use_kept_draft(
        &draft_key,
        rating.kept(),
        rating
            .dispatcher()
            .to_callback()
            .reform(|draft| RatingAction::Found { draft }),
    );
    // A new screen's heading takes the focus, so a screen reader reads the next domain and the keyboard
    // starts from it, never from the top of the page.
    use_effect_with(rating.step(), |step| {
        if step.is_some() {
            focus_heading();
        }
    });
    let today = browser::now().date_naive();
    let citizen = match lookup_citizen(&session, &props.id) {
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
    // Easy-read is the citizen's need, so staff and parents rating them see the usual screens, with
    // the questions about the citizen rather than "me".
    let easy_read = rater == Rater::Oneself && pictograms::drawn(schema) && citizen.easy_read;
    let i18n = i18n.for_rater(rater, easy_read);
    let page = |content: Html| frame(easy_read, content);
    let assessments = match &assessments {
        None => return page(html! { <p>{ i18n.t(Key::AppLoading) }</p> }),
        Some(Err(kind)) => {
            return page(
                html! { <p class="notice notice-error" role="alert">{ i18n.store_error(*kind) }</p> },
            );
        }
        Some(Ok(assessments)) => assessments,
    };
    // The sub-themes a rating in FFB's terms shows are those the plan's goals address.
    let relevant: Vec<TermId> = match &plan {
        None if schema.ladder().kind() == LadderKind::FunctionLevel => {
            return page(html! { <p>{ i18n.t(Key::AppLoading) }</p> });
        }
        Some(Ok(Some(plan))) => plan
            .active_goals()
            .flat_map(|goal| goal.sub_themes.iter().cloned())
            .collect(),
        _ => Vec::new(),
    };
    let round = next_round(schema, assessments, rater);
    let view = RatingView {
        i18n,
        rater,
        schema,
        easy_read,
        rating: &rating,
        start: rating.current(schema, round, today, &relevant),
    };
    page(match rating.screen(schema, round, today, &relevant) {
        RatingScreen::Thanks => html! {
            <>
                <p class="big-text" role="status">{ i18n.t(Key::RatingThanks) }</p>
                <RouteLink to={Route::Mastery { id: citizen.id.to_string() }} class="button primary">{ i18n.t(Key::MeetingHandBack) }</RouteLink>
            </>
        },
        RatingScreen::Offer => {
            let on_resume = view.dispatch(|_: MouseEvent| RatingAction::Resume);
            let on_discard = view.dispatch(|_: MouseEvent| RatingAction::SetAside);
            html! { <DraftOffer {i18n} text={i18n.t(Key::RatingDraftFound)} {on_resume} {on_discard} /> }
        }
        RatingScreen::Check { draft } => {
            let on_store = view.on_store(&session, &records, &save, &citizen, &draft, draft_key);
            view.check(&draft, &save, on_store)
        }
        RatingScreen::Comment {
            draft,
            step,
            domain_idx,
        } => view.comment(&draft, step, domain_idx, draft.screens(schema).len()),
        RatingScreen::Domain { draft, step } => {
            let screens = draft.screens(schema);
            match (schema.ladder().kind(), screens.get(step).map(Vec::as_slice)) {
                (LadderKind::Steps, Some(&[domain_idx])) => {
                    view.domain(&draft, step, domain_idx, screens.len())
                }
                (_, Some(domains)) => view.theme(&draft, step, domains, screens.len()),
                (_, None) => Html::default(),
            }
        }
    })
}

/// The screens of a rating under way.
struct RatingView<'a> {
    i18n: I18n,
    rater: Rater,
    schema: &'static Schema,
    easy_read: bool,
    rating: &'a UseReducerHandle<Rating>,
    /// What a change applies to before the first: the rating on screen.
    start: RatingDraft,
}

impl RatingView<'_> {
    fn dispatch<E: 'static>(&self, action: impl Fn(E) -> RatingAction + 'static) -> Callback<E> {
        self.rating.dispatcher().to_callback().reform(action)
    }

    fn change<E: 'static>(&self, change: impl Fn(E) -> Change + 'static) -> Callback<E> {
        let (start, schema) = (self.start.clone(), self.schema);
        self.dispatch(move |event| RatingAction::Change {
            start: start.clone(),
            schema,
            change: change(event),
        })
    }

    fn show(&self, step: usize) -> Callback<MouseEvent> {
        self.change(move |_: MouseEvent| Change::Show { step })
    }

    /// "Store": the rating stored (its draft deleted in the same transaction), then the thanks; a failed
    /// store leaves the check as it is.
    fn on_store(
        &self,
        session: &Session,
        records: &Records,
        save: &UseSaveHandle,
        citizen: &Citizen,
        draft: &RatingDraft,
        draft_key: String,
    ) -> Callback<MouseEvent> {
        let (session, records, rating, save) = (
            session.clone(),
            records.clone(),
            self.rating.dispatcher(),
            save.clone(),
        );
        let (draft, citizen_id, schema, rater) =
            (draft.clone(), citizen.id, self.schema, self.rater);
        Callback::from(move |_: MouseEvent| {
            if !draft.comments_ok() {
                return;
            }
            let ids = browser::random_bytes().and_then(|bytes| {
                records
                    .new_record_meta()
                    .map(|meta| (AssessmentId::from_random_bytes(bytes), meta))
            });
            let (id, meta) = match ids {
                Ok(ids) => ids,
                Err(err) => return session.report_store_error(&err),
            };
            let Some(assessment) = draft.assessment(id, citizen_id, schema, rater, meta) else {
                return;
            };
            let (records, key, rating) = (records.clone(), draft_key.clone(), rating.clone());
            save.run(
                async move { records.add_assessment(assessment, key).await },
                move || rating.dispatch(RatingAction::Stored),
            );
        })
    }

    fn heading(&self) -> Html {
        let i18n = self.i18n;
        html! {
            <p class="meeting-heading">
                { i18n.text(self.schema.title()) }{ " · " }{ i18n.rater(self.rater) }
            </p>
        }
    }

    /// Every answer before storing. A comment the core refuses (a personal number, a control character)
    /// is never stored: the check names it beside its domain, whose "change" leads back to it.
    fn check(
        &self,
        draft: &RatingDraft,
        save: &UseSaveHandle,
        on_store: Callback<MouseEvent>,
    ) -> Html {
        let (i18n, schema, easy_read) = (self.i18n, self.schema, self.easy_read);
        let n_screens = draft.screens(schema).len();
        let in_ffb_terms = schema.ladder().kind() == LadderKind::FunctionLevel;
        html! {
            <>
                { self.heading() }
                <h1 id="screen-title" tabindex="-1">{ i18n.t(Key::RatingCheckTitle) }</h1>
                if easy_read {
                    <p class="lead">{ i18n.f(Key::EasyReadCheckLead, &[("change", &i18n.t(Key::RatingChange))]) }</p>
                    <p class="lead">{ i18n.f(Key::EasyReadCheckStore, &[("store", &i18n.t(Key::RatingStore))]) }</p>
                } else {
                    <p class="lead">{ i18n.t(Key::RatingCheckLead) }</p>
                }
                <ul class="choice-list">
                    for (idx, domain) in draft.shown().into_iter().filter_map(|idx| Some((idx, schema.domains().get(idx)?))) {
                        <li class="tile">
                            if easy_read {
                                <img class="pictogram-small" src={pictograms::src(schema, domain)} alt="" width="48" height="48" />
                            }
                            <span class="tile-title">
                                if in_ffb_terms {
                                    { i18n.ffb_texts(domain.title()) }
                                } else {
                                    { i18n.text(domain.title()) }
                                }
                            </span>
                            <span class="tile-text">{ answer_text(i18n, schema, draft.rating(idx)) }</span>
                            { check_text(i18n, &format!("comment-check-{idx}"), &[draft.comment(idx)], COMMENT_FIELD).html }
                            <button type="button" onclick={self.show(draft.screen_of(schema, idx).unwrap_or_default())}>
                                { i18n.t(Key::RatingChange) }
                            </button>
                        </li>
                    }
                </ul>
                if save.failed() {
                    <p class="notice notice-error" role="alert">{ i18n.t(Key::RatingNotStored) }</p>
                }
                <button type="button" class="big" onclick={self.show(n_screens.saturating_sub(1))}>{ i18n.t(Key::RatingBack) }</button>
                <button type="button" class="big primary" disabled={save.saving() || !draft.comments_ok()} onclick={on_store}>
                    { i18n.t(Key::RatingStore) }
                </button>
            </>
        }
    }

    /// One domain: the ladder, best end on top, and "skip"; a step chosen leads to the domain's comment step.
    fn domain(&self, draft: &RatingDraft, step: usize, domain_idx: usize, n: usize) -> Html {
        let (i18n, schema) = (self.i18n, self.schema);
        let domain = &schema.domains()[domain_idx];
        let chosen = draft.rating(domain_idx);
        let choose = |rating: Option<u8>| {
            self.change(move |_: MouseEvent| Change::Rate { domain_idx, rating })
        };
        let ladder = schema.ladder();
        let mut stages: Vec<&Stage> = ladder.stages().iter().collect();
        // The best end of the ladder is always on top.
        if ladder.higher_is() == Direction::Better {
            stages.reverse();
        }
        let instructions = if self.easy_read {
            easy_instructions(i18n, ladder)
        } else {
            Vec::new()
        };
        let question = domain.question().map(|question| i18n.text(question));
        let spoken: Vec<String> = std::iter::once(i18n.text(domain.title()))
            .chain(question)
            .map(str::to_owned)
            .chain(instructions.iter().cloned())
            .chain(stages.iter().map(|stage| {
                i18n.f(
                    Key::RatingReadStage,
                    &[
                        ("low", &stage.from()),
                        ("high", &stage.to()),
                        ("label", &i18n.text(stage.label())),
                    ],
                )
            }))
            .collect();
        html! {
            <>
                { self.heading() }
                <p class="meeting-heading">{ i18n.f(Key::RatingStep, &[("n", &(step + 1)), ("total", &n)]) }</p>
                <div class="domain-head">
                    if self.easy_read {
                        <img class="pictogram" src={pictograms::src(schema, domain)} alt="" width="160" height="160" />
                    }
                    <div>
                        <h1 id="screen-title" tabindex="-1">{ i18n.text(domain.title()) }</h1>
                        if let Some(question) = question {
                            <p class="big-text">{ question }</p>
                        }
                    </div>
                </div>
                if !instructions.is_empty() {
                    <div class="easy-read-instructions">
                        for sentence in instructions {
                            <p>{ sentence }</p>
                        }
                    </div>
                }
                <ReadAloud {i18n} text={spoken.join(" ")} about={i18n.text(domain.title()).to_owned()} />
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
                                        aria-label={format!("{value}: {}", i18n.text(stage.label()))}
                                        onclick={choose(Some(value))}
                                    >
                                        { value }
                                    </button>
                                }
                            </div>
                            <p class="ladder-text">
                                <strong>{ i18n.text(stage.label()) }</strong><br />
                                { i18n.text(stage.text()) }
                            </p>
                        </div>
                    }
                </div>
                <div class="button-row">
                    <button type="button" class="big ladder-skip" onclick={choose(None)}>
                        { i18n.text(ladder.unrated()) }
                    </button>
                    if step > 0 {
                        <button type="button" class="big" onclick={self.show(step - 1)}>{ i18n.t(Key::RatingBack) }</button>
                    }
                </div>
            </>
        }
    }

    /// A rated domain's comment step: the answer chosen (another a tap away), a comment to write or leave, and
    /// the way on, all in sight without scrolling.
    fn comment(&self, draft: &RatingDraft, step: usize, domain_idx: usize, n: usize) -> Html {
        let (i18n, schema) = (self.i18n, self.schema);
        let domain = &schema.domains()[domain_idx];
        let comment_id = format!("comment-{domain_idx}");
        let comment_check = check_text(
            i18n,
            &comment_id,
            &[draft.comment(domain_idx)],
            COMMENT_FIELD,
        );
        let on_comment = self.change(move |event: InputEvent| Change::Comment {
            domain_idx,
            text: event.target_unchecked_into::<HtmlTextAreaElement>().value(),
        });
        let answer = answer_text(i18n, schema, draft.rating(domain_idx));
        let hint_id = format!("{comment_id}-hint");
        // Easy-read's hint, then whatever the check finds in the comment.
        let described_by: Vec<String> = self
            .easy_read
            .then(|| hint_id.clone())
            .into_iter()
            .chain(comment_check.described_by.as_ref().map(|id| id.to_string()))
            .collect();
        let described_by = (!described_by.is_empty()).then(|| described_by.join(" "));
        html! {
            <>
                { self.heading() }
                <p class="meeting-heading">{ i18n.f(Key::RatingStep, &[("n", &(step + 1)), ("total", &n)]) }</p>
                <div class="domain-head">
                    if self.easy_read {
                        <img class="pictogram-small" src={pictograms::src(schema, domain)} alt="" width="48" height="48" />
                    }
                    <h1 id="screen-title" tabindex="-1">{ i18n.text(domain.title()) }</h1>
                </div>
                <p class="big-text chosen-answer">{ i18n.f(Key::RatingYourAnswer, &[("answer", &answer)]) }</p>
                <button type="button" class="big" onclick={self.change(|_: MouseEvent| Change::ChooseAgain)}>
                    { i18n.t(Key::RatingChooseAgain) }
                </button>
                <div class="field">
                    <label for={comment_id.clone()}>{ i18n.t(Key::RatingComment) }</label>
                    if self.easy_read {
                        <p class="field-hint" id={hint_id.clone()}>{ i18n.t(Key::RatingCommentEasy) }</p>
                    }
                    <textarea
                        id={comment_id}
                        rows="3"
                        value={draft.comment(domain_idx).to_owned()}
                        aria-invalid={comment_check.invalid.clone()}
                        aria-describedby={described_by}
                        oninput={on_comment}
                    />
                    { comment_check.html }
                </div>
                <div class="button-row">
                    if step > 0 {
                        <button type="button" class="big" onclick={self.show(step - 1)}>{ i18n.t(Key::RatingBack) }</button>
                    }
                    <button type="button" class="big primary" onclick={self.show(step + 1)}>{ i18n.t(Key::RatingNext) }</button>
                </div>
            </>
        }
    }
}

impl RatingView<'_> {
    /// One FFB theme: each of its sub-themes shown, with FFB's five function levels and "ikke vurderet",
    /// and what the levels mean a tap away.
    fn theme(&self, draft: &RatingDraft, step: usize, domains: &[usize], n: usize) -> Html {
        let (i18n, schema) = (self.i18n, self.schema);
        let ladder = schema.ladder();
        let theme = domains
            .first()
            .and_then(|idx| schema.domains().get(*idx))
            .and_then(|domain| domain.conditions().next())
            .and_then(ffb::Condition::theme);
        let not_assessed = ffb::function_level(None).map(|level| i18n.ffb_term(level.term()));
        let scope = if draft.shown().len() < schema.domains().len() {
            Key::RatingFfbScopePlan
        } else {
            Key::RatingFfbScopeAll
        };
        html! {
            <>
                { self.heading() }
                <p class="meeting-heading">{ i18n.f(Key::RatingThemeStep, &[("n", &(step + 1)), ("total", &n)]) }</p>
                <h1 id="screen-title" tabindex="-1">
                    { theme.map(|theme| i18n.ffb_term(theme.term())).unwrap_or_default() }
                </h1>
                <p class="lead">{ i18n.t(scope) }</p>
                <details class="levels-legend">
                    <summary>{ i18n.t(Key::RatingLevelsLegend) }</summary>
                    <dl>
                        for stage in ladder.stages() {
                            <dt>{ format!("{} {}", stage.from(), i18n.ffb_texts(stage.label())) }</dt>
                            <dd>{ i18n.text(stage.text()) }</dd>
                        }
                    </dl>
                </details>
                for domain_idx in domains.iter().copied() {
                    {{
                        let domain = &schema.domains()[domain_idx];
                        let chosen = draft.rating(domain_idx);
                        let label_id = format!("sub-theme-{domain_idx}");
                        let mark = |rating: Option<u8>| {
                            self.change(move |_: MouseEvent| Change::Mark { domain_idx, rating })
                        };
                        html! {
                            <section class="card sub-theme-rating" key={domain.id().to_string()}>
                                <h2 id={label_id.clone()}>{ i18n.ffb_texts(domain.title()) }</h2>
                                <div class="level-choices" role="radiogroup" aria-labelledby={label_id}>
                                    for stage in ladder.stages() {
                                        <button
                                            type="button"
                                            role="radio"
                                            class="ladder-step"
                                            aria-checked={(chosen == Some(stage.from())).to_string()}
                                            aria-label={format!("{}: {}", stage.from(), i18n.ffb_texts(stage.label()))}
                                            onclick={mark(Some(stage.from()))}
                                        >
                                            { stage.from() }
                                        </button>
                                    }
                                    <button
                                        type="button"
                                        role="radio"
                                        class="ladder-step not-assessed"
                                        aria-checked={chosen.is_none().to_string()}
                                        onclick={mark(None)}
                                    >
                                        { not_assessed.clone().unwrap_or_default() }
                                    </button>
                                </div>
                            </section>
                        }
                    }}
                }
                if step > 0 {
                    <button type="button" class="big" onclick={self.show(step - 1)}>{ i18n.t(Key::RatingBack) }</button>
                }
                <button type="button" class="big primary" onclick={self.show(step + 1)}>{ i18n.t(Key::RatingNext) }</button>
            </>
        }
    }
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

/// A chosen step with its stage's name, or that the domain was skipped (on FFB's levels: "ikke vurderet").
fn answer_text(i18n: I18n, schema: &Schema, rating: Option<u8>) -> String {
    let in_ffb_terms = schema.ladder().kind() == LadderKind::FunctionLevel;
    match rating {
        None if in_ffb_terms => ffb::function_level(None)
            .map(|level| i18n.ffb_term(level.term()))
            .unwrap_or_default(),
        None => i18n.t(Key::MasteryNotRated).to_owned(),
        Some(value) => match schema.ladder().stage_of(value) {
            Some(stage) if in_ffb_terms => format!("{value} · {}", i18n.ffb_texts(stage.label())),
            Some(stage) => format!("{value} · {}", i18n.text(stage.label())),
            None => value.to_string(),
        },
    }
}

fn focus_heading() {
    browser::focus("screen-title");
}
