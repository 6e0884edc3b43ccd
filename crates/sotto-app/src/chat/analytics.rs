//! Improvement analytics: what the site's pages fail to answer, which pages answer most, and
//! how far conversations go. Computed when asked from the conversations of the last weeks,
//! and only on redacted text: every question is redacted with every detector (whatever the
//! tenant's storage policy keeps) before it is grouped, and nothing in the result names a
//! visitor or a conversation, so a `viewer` may read it. A group's wordings are shown only when
//! at least [`AnalyticsConfig::min_visitors`] different visitors asked in it (counts
//! otherwise): one visitor's question, as typed, is theirs, with whatever redaction missed in
//! it. What visitors erased, objected to or let expire is gone from the analytics too, because
//! nothing else holds it.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};
use sotto_core::access::Permission;
use sotto_core::{Phase, Pseudonym, SiteId, UnixTime};
use sotto_knowledge::{AnswerKind, SiteIndex};
use sotto_pii::Policy;
use sotto_store::{ConversationStore, MainStore, Role};

use crate::chat::pii_settings::TenantPii;
use crate::chat::sealing::Sealer;
use crate::chat::stored_message::{OpenedMessage, Outcome, open_stored_message};
use crate::team::access::Caller;
use crate::{AppResult, Sotto};

/// An answer drawn from the site whose confidence is below this counts as a weak answer.
/// The extractive answerer says it does not know below 0.5; between the two, it quoted a
/// passage that covers only part of the question.
pub const LOW_CONFIDENCE: f32 = 0.65;
/// The weeks the analytics cover, and the trend's buckets.
pub const WEEKS: usize = 8;
/// The most question groups shown.
const MAX_GROUPS: usize = 30;
/// The most cited pages shown.
const MAX_PAGES: usize = 10;
/// The most distinct wordings kept per group.
const MAX_WORDINGS: usize = 5;
const WEEK: i64 = 7 * 24 * 3600;

/// Whether the question an answer replied to deserves the team's attention, and why.
fn shortfall(outcome: Outcome) -> Option<Shortfall> {
    match outcome.kind {
        AnswerKind::Unknown => Some(Shortfall::Unknown),
        AnswerKind::Answered if outcome.confidence < LOW_CONFIDENCE => Some(Shortfall::Weak),
        _ => None,
    }
}

enum Shortfall {
    Unknown,
    Weak,
}

/// Whether a group of questions is asked more or less often lately.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Trend {
    /// More in the last half of the period than in the first.
    Rising,
    /// Fewer.
    Falling,
    /// As many.
    Steady,
}

/// Questions worded alike that the site answered badly or not at all.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct QuestionGroup {
    /// The site asked.
    pub site_id: SiteId,
    /// The most frequent wording, redacted: what to add or improve content about (empty when
    /// the wordings are withheld).
    pub topic: String,
    /// Up to five distinct redacted wordings, most frequent first; none when fewer than the
    /// configured number of visitors asked in the group.
    pub wordings: Vec<String>,
    /// Questions in the group.
    pub count: usize,
    /// Different visitors who asked them.
    pub visitors: usize,
    /// The wordings are withheld: too few visitors asked for them to say nothing of one.
    pub wordings_withheld: bool,
    /// Of which "I don't know".
    pub unknown: usize,
    /// Of which answered with low confidence.
    pub weak: usize,
    /// Questions per week, oldest week first.
    pub weekly: Vec<usize>,
    /// The trend over the period.
    pub trend: Trend,
}

/// A page and how often answers cited it.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct CitedPage {
    /// The page's address.
    pub url: String,
    /// Its title.
    pub title: String,
    /// Answers citing it.
    pub citations: usize,
}

/// How many conversations reached each phase (phases only move forward).
#[derive(Debug, Clone, Copy, Default, Serialize, schemars::JsonSchema)]
pub struct Funnel {
    /// Every conversation starts exploring.
    pub exploring: usize,
    /// Got an answer from the site, or went further.
    pub learning: usize,
    /// Asked to be contacted.
    pub requesting_contact: usize,
}

/// The improvement analytics of a tenant (or one of its sites).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Analytics {
    /// The period's start (Unix seconds); it ends now.
    pub since: UnixTime,
    /// Visitor questions in the period.
    pub questions: usize,
    /// Of which answered from the site (quoted or written by the model).
    pub answered: usize,
    /// Of which answered "I don't know".
    pub unknown: usize,
    /// Of which answered with low confidence.
    pub weak: usize,
    /// Questions answered badly or not at all, grouped by wording, largest group first.
    pub groups: Vec<QuestionGroup>,
    /// The pages answers cited most.
    pub cited_pages: Vec<CitedPage>,
    /// How far conversations went.
    pub funnel: Funnel,
}

/// How analytics protect the few visitors behind a group of questions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct AnalyticsConfig {
    /// A group of questions shows its wordings only when at least this many different
    /// visitors asked in it (at least 3).
    pub min_visitors: usize,
}

impl AnalyticsConfig {
    /// The smallest `min_visitors` allowed.
    pub const LEAST: usize = 3;
}

impl Default for AnalyticsConfig {
    fn default() -> Self {
        Self {
            min_visitors: Self::LEAST,
        }
    }
}

/// One question the site fell short on, redacted.
struct Shortcoming {
    site: SiteId,
    visitor: Pseudonym,
    text: String,
    terms: Vec<String>,
    week: usize,
    shortfall: Shortfall,
}

/// What the period's messages add up to, as they are read.
#[derive(Default)]
struct Tally {
    questions: usize,
    answered: usize,
    cited: HashMap<String, CitedPage>,
    funnel: Funnel,
    shortcomings: Vec<Shortcoming>,
}

impl Tally {
    /// Counts a conversation in the funnel.
    fn conversation(&mut self, phase: Phase) {
        self.funnel.exploring += 1;
        self.funnel.learning += usize::from(phase != Phase::Exploring);
        self.funnel.requesting_contact += usize::from(phase == Phase::RequestingContact);
    }

    /// Counts a visitor's question and the answer it got; a question the site fell short on
    /// is kept redacted (every detector of `pii`), with its terms as `index` analyses them.
    fn answer(
        &mut self,
        question: &OpenedMessage,
        reply: &OpenedMessage,
        (site, visitor, index, pii): (&SiteId, Pseudonym, &SiteIndex, &TenantPii),
        since: UnixTime,
    ) {
        let Some(outcome) = reply.outcome else {
            return;
        };
        self.questions += 1;
        self.answered += usize::from(matches!(
            outcome.kind,
            AnswerKind::Answered | AnswerKind::Generated
        ));
        for citation in &reply.view.citations {
            self.cited
                .entry(citation.url.clone())
                .or_insert_with(|| CitedPage {
                    url: citation.url.clone(),
                    title: citation.title.clone(),
                    citations: 0,
                })
                .citations += 1;
        }
        let Some(shortfall) = shortfall(outcome) else {
            return;
        };
        let entities = pii.detector.detect(&question.view.text);
        let text = sotto_pii::apply(&question.view.text, &entities, &Policy::redact_all()).text;
        // The terms leave the personal data out altogether: "[EMAIL]" says nothing of the topic.
        let topical = sotto_pii::apply(&question.view.text, &entities, &Policy::remove_all()).text;
        let week = usize::try_from((question.view.created_at - since) / WEEK)
            .unwrap_or(0)
            .min(WEEKS - 1);
        self.shortcomings.push(Shortcoming {
            site: site.clone(),
            visitor,
            terms: index.analyze(&topical),
            text,
            week,
            shortfall,
        });
    }

    fn into_analytics(self, since: UnixTime, min_visitors: usize) -> Analytics {
        let (unknown, weak) =
            self.shortcomings
                .iter()
                .fold((0, 0), |(u, w), s| match s.shortfall {
                    Shortfall::Unknown => (u + 1, w),
                    Shortfall::Weak => (u, w + 1),
                });
        let mut cited_pages: Vec<CitedPage> = self.cited.into_values().collect();
        cited_pages.sort_by(|a, b| b.citations.cmp(&a.citations).then(a.url.cmp(&b.url)));
        cited_pages.truncate(MAX_PAGES);
        Analytics {
            since,
            questions: self.questions,
            answered: self.answered,
            unknown,
            weak,
            groups: group_by_wording(self.shortcomings, min_visitors),
            cited_pages,
            funnel: self.funnel,
        }
    }
}

/// The most recently active conversations one report reads, whatever the tenant holds.
pub const MAX_CONVERSATIONS: u32 = 5_000;

/// The last messages of a conversation one report reads.
pub const MAX_MESSAGES: usize = 200;

impl<M: MainStore, C: ConversationStore> Sotto<M, C> {
    /// The improvement analytics of the last [`WEEKS`] weeks, for every site of the caller's
    /// tenant or only `site`, from at most the [`MAX_CONVERSATIONS`] most recently active
    /// conversations of the period and the last [`MAX_MESSAGES`] messages of each. The
    /// computation opens those messages; the audit log records that it ran (not what it read,
    /// which nobody sees).
    pub async fn team_analytics(
        &self,
        caller: &Caller,
        site: Option<&SiteId>,
    ) -> AppResult<Analytics> {
        caller.require(Permission::ReadAnalytics)?;
        let tenant = caller.tenant;
        let since = sotto_core::now() - WEEKS as i64 * WEEK;
        let mut indexes = HashMap::new();
        for record in self.main.sites_of(tenant).await? {
            if site.is_none_or(|id| &record.id == id) {
                indexes.insert(record.id.clone(), self.site_index(&record).await?);
            }
        }
        let pii = self.tenant_pii(tenant).await?;
        let tenant_key = self.keyring.tenant_key(&self.main, tenant).await?;
        let mut sealers: HashMap<Pseudonym, Option<Sealer>> = HashMap::new();
        let mut tally = Tally::default();
        for conversation in self
            .conversations
            .recent_conversations(tenant, site, since, MAX_CONVERSATIONS)
            .await?
        {
            let Some(index) = indexes.get(&conversation.site_id) else {
                continue;
            };
            tally.conversation(conversation.phase);
            let sealer = match sealers.entry(conversation.pseudonym) {
                Entry::Occupied(known) => known.into_mut(),
                Entry::Vacant(first) => first.insert(
                    self.sealer_for(tenant, &tenant_key, &conversation.pseudonym, false)
                        .await?,
                ),
            };
            let Some(sealer) = sealer.as_ref() else {
                continue;
            };
            let stored = self
                .conversations
                .messages(tenant, conversation.id, MAX_MESSAGES)
                .await?;
            let sealer = self
                .message_sealer(tenant, sealer, conversation.id, false)
                .await?;
            let opened = stored
                .iter()
                .filter(|m| m.created_at >= since && sealer.can_open(m.sealing))
                .map(|m| open_stored_message(&sealer, tenant, conversation.id, m))
                .collect::<AppResult<Vec<OpenedMessage>>>()?;
            for pair in opened.windows(2) {
                if pair[0].view.role == Role::Visitor.as_str() {
                    let place = (
                        &conversation.site_id,
                        conversation.pseudonym,
                        index.as_ref(),
                        pii.as_ref(),
                    );
                    tally.answer(&pair[0], &pair[1], place, since);
                }
            }
        }
        self.audit(
            tenant,
            &caller.actor,
            "analytics.compute",
            site.map_or("all sites", SiteId::as_str),
        )
        .await?;
        Ok(tally.into_analytics(since, self.config().analytics.min_visitors))
    }
}

/// Two questions are worded alike when they share more than half of the terms of the shorter
/// one: "Are gift vouchers on sale?" and "Do you sell gift vouchers?" are, "shipping to
/// Canada" and "shipping to Japan" are not.
fn worded_alike(a: &[String], b: &[String]) -> bool {
    let shorter = a.len().min(b.len());
    let shared = a.iter().filter(|t| b.contains(t)).count();
    shorter > 0 && shared * 2 > shorter
}

/// Greedy grouping: each question joins the first group of its site whose first question is
/// worded alike (or, without any topical term, written the same), else starts a group. A
/// group asked by fewer than `min_visitors` different visitors keeps its counts only.
fn group_by_wording(shortcomings: Vec<Shortcoming>, min_visitors: usize) -> Vec<QuestionGroup> {
    struct Building {
        site: SiteId,
        visitors: HashSet<Pseudonym>,
        terms: Vec<String>,
        first_text: String,
        wordings: Vec<(String, usize)>,
        unknown: usize,
        weak: usize,
        weekly: Vec<usize>,
    }
    let mut groups: Vec<Building> = Vec::new();
    for s in shortcomings {
        let alike = |g: &Building| {
            g.site == s.site
                && if s.terms.is_empty() || g.terms.is_empty() {
                    g.first_text.eq_ignore_ascii_case(&s.text)
                } else {
                    worded_alike(&g.terms, &s.terms)
                }
        };
        let group = match groups.iter().position(alike) {
            Some(i) => &mut groups[i],
            None => {
                groups.push(Building {
                    site: s.site.clone(),
                    visitors: HashSet::new(),
                    terms: s.terms.clone(),
                    first_text: s.text.clone(),
                    wordings: Vec::new(),
                    unknown: 0,
                    weak: 0,
                    weekly: vec![0; WEEKS],
                });
                groups.last_mut().expect("just pushed")
            }
        };
        group.visitors.insert(s.visitor);
        match group.wordings.iter_mut().find(|(w, _)| *w == s.text) {
            Some((_, n)) => *n += 1,
            None => group.wordings.push((s.text, 1)),
        }
        match s.shortfall {
            Shortfall::Unknown => group.unknown += 1,
            Shortfall::Weak => group.weak += 1,
        }
        group.weekly[s.week] += 1;
    }
    let mut out: Vec<QuestionGroup> = groups
        .into_iter()
        .map(|mut g| {
            g.wordings.sort_by_key(|w| std::cmp::Reverse(w.1));
            let withheld = g.visitors.len() < min_visitors.max(AnalyticsConfig::LEAST);
            let wordings: Vec<String> = if withheld {
                Vec::new()
            } else {
                g.wordings
                    .into_iter()
                    .take(MAX_WORDINGS)
                    .map(|(w, _)| w)
                    .collect()
            };
            QuestionGroup {
                site_id: g.site,
                topic: wordings.first().cloned().unwrap_or_default(),
                wordings,
                count: g.unknown + g.weak,
                visitors: g.visitors.len(),
                wordings_withheld: withheld,
                unknown: g.unknown,
                weak: g.weak,
                trend: trend(&g.weekly),
                weekly: g.weekly,
            }
        })
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then(a.topic.cmp(&b.topic)));
    out.truncate(MAX_GROUPS);
    out
}

/// Rising when the later half of the weeks holds more questions than the earlier half.
fn trend(weekly: &[usize]) -> Trend {
    let (earlier, later) = weekly.split_at(weekly.len() / 2);
    let (earlier, later): (usize, usize) = (earlier.iter().sum(), later.iter().sum());
    match later.cmp(&earlier) {
        std::cmp::Ordering::Greater => Trend::Rising,
        std::cmp::Ordering::Less => Trend::Falling,
        std::cmp::Ordering::Equal => Trend::Steady,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shortcoming(text: &str, terms: &[&str], week: usize, unknown: bool) -> Shortcoming {
        asked_by(text, terms, week, unknown, week as u8)
    }

    fn asked_by(
        text: &str,
        terms: &[&str],
        week: usize,
        unknown: bool,
        visitor: u8,
    ) -> Shortcoming {
        Shortcoming {
            site: "shop".parse().unwrap(),
            visitor: Pseudonym::from_bytes([visitor; 32]),
            text: text.into(),
            terms: terms.iter().map(|t| t.to_string()).collect(),
            week,
            shortfall: if unknown {
                Shortfall::Unknown
            } else {
                Shortfall::Weak
            },
        }
    }

    #[test]
    fn questions_worded_alike_share_a_group_with_counts_and_trend() {
        let groups = group_by_wording(
            vec![
                shortcoming("Do you ship to Canada?", &["ship", "canada"], 5, true),
                shortcoming("do you ship to canada", &["ship", "canada"], 6, true),
                shortcoming("Shipping to Canada?", &["ship", "canada"], 7, false),
                shortcoming("Is there a gift card?", &["gift", "card"], 1, true),
                shortcoming("??", &[], 2, true),
                shortcoming("??", &[], 3, true),
            ],
            3,
        );
        assert_eq!(groups.len(), 3);
        let canada = &groups[0];
        assert_eq!(canada.count, 3);
        assert_eq!((canada.unknown, canada.weak), (2, 1));
        assert_eq!(canada.trend, Trend::Rising);
        assert_eq!(canada.weekly.iter().sum::<usize>(), 3);
        assert_eq!(canada.visitors, 3);
        assert_eq!(canada.wordings.len(), 3, "distinct wordings are kept");
        assert_eq!(groups[1].count, 2);
        assert_eq!(groups[2].trend, Trend::Falling);
    }

    #[test]
    fn a_group_asked_by_fewer_visitors_than_the_setting_shows_counts_only() {
        let question = |visitor| {
            asked_by(
                "Is Anna Virtanen in today?",
                &["anna", "virtanen"],
                1,
                true,
                visitor,
            )
        };
        let one_visitor = group_by_wording(vec![question(1), question(1), question(1)], 3);
        assert_eq!(one_visitor[0].count, 3);
        assert_eq!(one_visitor[0].visitors, 1);
        assert!(one_visitor[0].wordings_withheld);
        assert!(one_visitor[0].wordings.is_empty());
        assert_eq!(one_visitor[0].topic, "");
        let two = group_by_wording(vec![question(1), question(2)], 3);
        assert!(
            two[0].wordings.is_empty(),
            "two visitors are fewer than three"
        );
        let setting_below_the_floor = group_by_wording(vec![question(1), question(2)], 1);
        assert!(
            setting_below_the_floor[0].wordings_withheld,
            "never fewer than three"
        );
        let three = group_by_wording(vec![question(1), question(2), question(3)], 3);
        assert!(!three[0].wordings_withheld);
        assert_eq!(three[0].topic, "Is Anna Virtanen in today?");
        let four = group_by_wording(vec![question(1), question(2), question(3)], 4);
        assert!(four[0].wordings_withheld, "the setting raises the floor");
    }

    #[test]
    fn more_than_half_of_the_shorter_question_must_be_shared() {
        let terms = |words: &str| words.split(' ').map(str::to_owned).collect::<Vec<_>>();
        assert!(worded_alike(
            &terms("gift voucher sale"),
            &terms("sell gift voucher")
        ));
        assert!(!worded_alike(&terms("ship canada"), &terms("ship japan")));
        assert!(worded_alike(&terms("ship"), &terms("ship canada")));
        assert!(!worded_alike(&terms("ship"), &[]));
    }

    #[test]
    fn only_unknown_and_weak_answers_fall_short() {
        let outcome = |kind, confidence| Outcome { kind, confidence };
        assert!(shortfall(outcome(AnswerKind::Unknown, 0.0)).is_some());
        assert!(shortfall(outcome(AnswerKind::Answered, 0.55)).is_some());
        assert!(shortfall(outcome(AnswerKind::Answered, 0.9)).is_none());
        assert!(shortfall(outcome(AnswerKind::Generated, 0.0)).is_none());
        assert!(shortfall(outcome(AnswerKind::SmallTalk, 0.0)).is_none());
    }
}
