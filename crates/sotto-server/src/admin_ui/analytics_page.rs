//! Improvement analytics: the questions the site answers badly or not at all, or whose answers
//! visitors voted down (redacted, grouped by wording, with counts, comments and trend, each
//! with a way to work on the content), the votes per week and kind of answer, what became of the conversations, the most cited
//! pages and the phase funnel. "Add or improve content about …" tries the
//! question on the knowledge page, where the team sees what retrieval finds for it. No visitor and no conversation is named, so every
//! role sees this page.

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use maud::{Markup, html};
use serde::Deserialize;
use sotto_app::chat::analytics::{
    Analytics, Funnel, QuestionGroup, Trend, WeeklyResolution, WeeklyVotes,
};
use sotto_app::{ConversationStore, MainStore};
use sotto_core::SiteId;

use super::answers_page::draft_button;
use super::dates::when;
use super::i18n::{Lang, Texts};
use super::layout::{Section, csrf_field, failure, frame, respond};
use super::session::TeamSession;
use crate::AppState;

/// `?site=`.
#[derive(Debug, Default, Deserialize)]
pub struct SiteFilter {
    #[serde(default)]
    site: String,
}

/// `part` of `whole`, in whole percents.
fn percent(part: usize, whole: usize) -> usize {
    (part * 100).checked_div(whole).unwrap_or(0)
}

fn trend_text(t: &Texts, trend: Trend) -> (&'static str, &'static str) {
    match trend {
        Trend::Rising => ("↗", t.rising),
        Trend::Falling => ("↘", t.falling),
        Trend::Steady => ("→", t.steady),
    }
}

fn groups_table(t: &Texts, session: &TeamSession, groups: &[QuestionGroup]) -> Markup {
    html! {
        @if groups.is_empty() {
            p.notice { (t.no_gaps) }
        } @else {
            table #gaps {
                caption.sr { (t.gaps) }
                thead { tr {
                    th scope="col" { (t.question) }
                    th scope="col" { (t.count) }
                    th scope="col" { (t.not_answered) " / " (t.weak_answers) " / " (t.voted_down_answers) }
                    th scope="col" { (t.trend) }
                    th scope="col" { (t.per_week) }
                    th scope="col" { span.sr { (t.action) } }
                } }
                tbody {
                    @for g in groups {
                        @let (arrow, trend) = trend_text(t, g.trend);
                        tr {
                            td {
                                @if g.wordings_withheld {
                                    em.withheld { (t.wordings_withheld) " (" (g.visitors) ")" }
                                } @else {
                                    q.topic { (g.topic) }
                                }
                                @if g.wordings.len() > 1 {
                                    ul.wordings { @for w in g.wordings.iter().skip(1) { li { (w) } } }
                                }
                                @if !g.comments.is_empty() {
                                    p.meta { (t.vote_comments) }
                                    ul.comments { @for c in &g.comments { li { (c) } } }
                                }
                                small.meta { (g.site_id.as_str()) }
                            }
                            td { (g.count) }
                            td { (g.unknown) " / " (g.weak) " / " (g.voted_down) }
                            td { span aria-hidden="true" { (arrow) " " } (trend) }
                            td.weekly { (g.weekly.iter().map(usize::to_string).collect::<Vec<_>>().join(" · ")) }
                            td {
                                @if !g.wordings_withheld {
                                form method="post" action="/admin/knowledge/try" {
                                    (csrf_field(session))
                                    input type="hidden" name="site" value=(g.site_id.as_str());
                                    input type="hidden" name="question" value=(g.topic);
                                    button type="submit" { (t.improve_content) " “" (g.topic) "”" }
                                }
                                (draft_button(t, session, g.site_id.as_str(), &g.topic, "", "analytics"))
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn votes_table(t: &Texts, votes: &[WeeklyVotes]) -> Markup {
    html! {
        @if votes.is_empty() {
            p.notice { (t.no_votes) }
        } @else {
            table #votes {
                caption.sr { (t.votes_heading) }
                thead { tr {
                    th scope="col" { (t.week_of) }
                    th scope="col" { (t.site) }
                    th scope="col" { (t.answer_kind) }
                    th scope="col" { (t.votes_up) }
                    th scope="col" { (t.votes_down) }
                    th scope="col" { (t.share_up) }
                } }
                tbody {
                    @for v in votes.iter().rev() {
                        tr {
                            td { (when(v.week)) }
                            td { (v.site_id.as_str()) }
                            td { (v.kind) }
                            td { (v.up) }
                            td { (v.down) }
                            td { ((v.up_share * 100.0).round()) " %" }
                        }
                    }
                }
            }
        }
    }
}

fn resolution_table(t: &Texts, weeks: &[WeeklyResolution]) -> Markup {
    html! {
        dl.definitions {
            dt { (t.resolved) } dd { (t.resolved_means) }
            dt { (t.handed_to_team) } dd { (t.handed_to_team_means) }
            dt { (t.unresolved) } dd { (t.unresolved_means) }
            dt { (t.no_signal) } dd { (t.no_signal_means) }
        }
        @if weeks.is_empty() {
            p.notice { (t.no_conversations_in_period) }
        } @else {
            table #resolution {
                caption.sr { (t.resolution_heading) }
                thead { tr {
                    th scope="col" { (t.week_of) }
                    th scope="col" { (t.site) }
                    th scope="col" { (t.resolved) }
                    th scope="col" { (t.handed_to_team) }
                    th scope="col" { (t.unresolved) }
                    th scope="col" { (t.no_signal) }
                } }
                tbody {
                    @for w in weeks.iter().rev() {
                        tr {
                            td { (when(w.week)) }
                            td { (w.site_id.as_str()) }
                            td { (w.resolved) }
                            td { (w.handed_to_team) }
                            td { (w.unresolved) }
                            td { (w.unknown) }
                        }
                    }
                }
            }
        }
    }
}

fn funnel(t: &Texts, f: &Funnel) -> Markup {
    let steps = [
        (t.exploring, f.exploring),
        (t.learning, f.learning),
        (t.requesting_contact, f.requesting_contact),
    ];
    html! {
        ol.funnel #funnel {
            @for (name, count) in steps {
                li {
                    span.step { (name) }
                    " " strong { (count) }
                    " (" (percent(count, f.exploring)) " %)"
                    meter min="0" max=(f.exploring.max(1)) value=(count) aria-hidden="true" {}
                }
            }
        }
    }
}

fn body(t: &Texts, session: &TeamSession, sites: &[SiteId], chosen: &str, a: &Analytics) -> Markup {
    html! {
        p.notice { (t.analytics_explained) " " (when(a.since)) "." }
        form.filters method="get" action="/admin/analytics" {
            div {
                label for="site" { (t.site) }
                select #site name="site" {
                    option value="" { (t.all_sites) }
                    @for site in sites {
                        option value=(site.as_str()) selected[chosen == site.as_str()] { (site.as_str()) }
                    }
                }
            }
            button type="submit" { (t.filter) }
        }
        dl.figures {
            div { dt { (t.questions) } dd { (a.questions) } }
            div { dt { (t.answered) } dd { (a.answered) " (" (percent(a.answered, a.questions)) " %)" } }
            div { dt { (t.not_answered) } dd { (a.unknown) } }
            div { dt { (t.weak_answers) } dd { (a.weak) } }
            div { dt { (t.voted_down_answers) } dd { (a.voted_down) } }
        }
        h2 { (t.gaps) }
        p { (t.gaps_explained) }
        (groups_table(t, session, &a.groups))
        h2 { (t.votes_heading) }
        p { (t.votes_explained) }
        (votes_table(t, &a.votes))
        h2 { (t.resolution_heading) }
        (resolution_table(t, &a.resolution))
        h2 { (t.funnel) }
        (funnel(t, &a.funnel))
        h2 { (t.cited_pages) }
        @if a.cited_pages.is_empty() {
            p.notice { (t.nothing_cited) }
        } @else {
            ol #cited {
                @for page in &a.cited_pages {
                    li { a href=(page.url) rel="noreferrer noopener" { (page.title) } " · " (page.citations) }
                }
            }
        }
    }
}

/// `GET /admin/analytics`.
pub async fn analytics<M: MainStore, C: ConversationStore>(
    State(sotto): State<AppState<M, C>>,
    headers: HeaderMap,
    session: TeamSession,
    Query(filter): Query<SiteFilter>,
) -> Response {
    let lang = Lang::of(&headers);
    let t = lang.texts();
    let caller = &session.0.caller;
    let site: Option<SiteId> = filter.site.parse().ok();
    let computed = sotto.team_analytics(caller, site.as_ref()).await;
    let sites = sotto.team_sites(caller).await;
    let (analytics, sites) = match (computed, sites) {
        (Ok(analytics), Ok(sites)) => (analytics, sites),
        (Err(error), _) | (_, Err(error)) => {
            return failure(lang, &session, Section::Analytics, error);
        }
    };
    let site_ids: Vec<SiteId> = sites.into_iter().map(|s| s.site_id).collect();
    respond(
        StatusCode::OK,
        frame(
            lang,
            t.analytics,
            Some((&session, Section::Analytics)),
            body(t, &session, &site_ids, &filter.site, &analytics),
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percents_survive_an_empty_period() {
        assert_eq!(percent(1, 3), 33);
        assert_eq!(percent(0, 0), 0);
    }
}
