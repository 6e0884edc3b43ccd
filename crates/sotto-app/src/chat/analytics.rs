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
use sotto_core::lead::LeadPurpose;
use sotto_core::{ConversationId, Phase, Pseudonym, SiteId, UnixTime};
use sotto_knowledge::{AnswerKind, SiteIndex};
use sotto_pii::Policy;
use sotto_store::{ConversationRecord, ConversationStore, MainStore, Role, VoteTally, week_of};

use crate::chat::pii_settings::TenantPii;
use crate::chat::sealing::Sealer;
use crate::chat::stored_message::{OpenedMessage, Outcome, open_stored_message};
use crate::chat::votes::{Direction, OpenedVote};
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

/// Whether the question an answer replied to deserves the team's attention, and why: the
/// site did not say, said it weakly, or the visitor voted the answer down.
fn shortfall(outcome: Outcome, voted_down: bool) -> Option<Shortfall> {
    match outcome.kind {
        AnswerKind::Unknown => Some(Shortfall::Unknown),
        AnswerKind::Answered if outcome.confidence < LOW_CONFIDENCE => Some(Shortfall::Weak),
        _ if voted_down => Some(Shortfall::VotedDown),
        _ => None,
    }
}

enum Shortfall {
    Unknown,
    Weak,
    /// Answered with confidence, and voted down.
    VotedDown,
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
    /// Of which the visitor voted the answer down (whatever its kind).
    pub voted_down: usize,
    /// Up to five distinct comments visitors left with their votes down, redacted (every
    /// detector); none unless at least as many different visitors left comments as a group
    /// needs to show its wordings.
    pub comments: Vec<String>,
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
    /// Answers voted down in the stored conversations of the period.
    pub voted_down: usize,
    /// Questions answered badly or not at all, or whose answers were voted down, grouped by
    /// wording: the groups with the most answers voted down first, then the largest.
    pub groups: Vec<QuestionGroup>,
    /// Votes per site, week and kind of answer, oldest week first: every vote, those of
    /// visitors whose conversations are not stored included.
    pub votes: Vec<WeeklyVotes>,
    /// What became of the stored conversations, per site and week they started in (the whole
    /// weeks of the period), oldest week first ([`Resolution`] defines each outcome).
    pub resolution: Vec<WeeklyResolution>,
    /// The pages answers cited most.
    pub cited_pages: Vec<CitedPage>,
    /// How far conversations went.
    pub funnel: Funnel,
}

/// How a site's answers of one kind were voted on in one week.
#[derive(Debug, Clone, Serialize, PartialEq, schemars::JsonSchema)]
pub struct WeeklyVotes {
    /// The site.
    pub site_id: SiteId,
    /// The week the answers were given in: its Monday, 00:00 UTC (Unix seconds).
    pub week: UnixTime,
    /// How the answers were made (`answered`, `generated`, `unknown`, `small_talk`).
    pub kind: String,
    /// Votes up.
    pub up: i64,
    /// Votes down.
    pub down: i64,
    /// The share of the voted answers voted up (0–1).
    pub up_share: f64,
}

impl WeeklyVotes {
    fn of(tally: VoteTally) -> Self {
        let voted = tally.up + tally.down;
        Self {
            up_share: if voted > 0 {
                tally.up as f64 / voted as f64
            } else {
                0.0
            },
            site_id: tally.site_id,
            week: tally.week,
            kind: tally.kind,
            up: tally.up,
            down: tally.down,
        }
    }
}

/// What became of a conversation, from what its visitor did (never from their leaving).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Resolution {
    /// The visitor asked for a person or left an e-mail address to be contacted.
    HandedToTeam,
    /// Not handed to the team, and the visitor's last vote was up.
    Resolved,
    /// Not handed to the team, and the visitor's last vote was down.
    Unresolved,
    /// No signal: the visitor neither voted nor asked for a person. A visitor who simply
    /// left is here, never among the resolved.
    Unknown,
}

impl Resolution {
    /// The resolution of a conversation handed to the team or not, whose votes are `votes`.
    fn of(handed_to_team: bool, votes: &[OpenedVote]) -> Self {
        if handed_to_team {
            return Resolution::HandedToTeam;
        }
        match votes.iter().max_by_key(|v| v.voted_at).map(|v| v.vote) {
            Some(Direction::Up) => Resolution::Resolved,
            Some(Direction::Down) => Resolution::Unresolved,
            None => Resolution::Unknown,
        }
    }
}

/// How the conversations a site started in one week ended up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct WeeklyResolution {
    /// The site.
    pub site_id: SiteId,
    /// The week the conversations started in: its Monday, 00:00 UTC (Unix seconds).
    pub week: UnixTime,
    /// The visitor voted an answer up last (and was not handed to the team).
    pub resolved: usize,
    /// The visitor asked for a person or left an e-mail address to be contacted.
    pub handed_to_team: usize,
    /// The visitor voted an answer down last (and was not handed to the team).
    pub unresolved: usize,
    /// No signal.
    pub unknown: usize,
}

impl WeeklyResolution {
    fn count(&mut self, resolution: Resolution) {
        *match resolution {
            Resolution::Resolved => &mut self.resolved,
            Resolution::HandedToTeam => &mut self.handed_to_team,
            Resolution::Unresolved => &mut self.unresolved,
            Resolution::Unknown => &mut self.unknown,
        } += 1;
    }
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
    voted_down: bool,
    comment: Option<String>,
}

/// What the period's messages add up to, as they are read.
#[derive(Default)]
struct Tally {
    questions: usize,
    answered: usize,
    voted_down: usize,
    resolution: HashMap<(SiteId, UnixTime), WeeklyResolution>,
    cited: HashMap<String, CitedPage>,
    funnel: Funnel,
    shortcomings: Vec<Shortcoming>,
}

impl Tally {
    /// Counts what became of a conversation, in the week it started.
    fn resolution(&mut self, conversation: &ConversationRecord, resolution: Resolution) {
        let week = week_of(conversation.created_at);
        self.resolution
            .entry((conversation.site_id.clone(), week))
            .or_insert_with(|| WeeklyResolution {
                site_id: conversation.site_id.clone(),
                week,
                resolved: 0,
                handed_to_team: 0,
                unresolved: 0,
                unknown: 0,
            })
            .count(resolution);
    }

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
        (question, reply, vote): (&OpenedMessage, &OpenedMessage, Option<&OpenedVote>),
        (site, visitor, index, pii): (&SiteId, Pseudonym, &SiteIndex, &TenantPii),
        since: UnixTime,
    ) {
        let Some(outcome) = reply.outcome else {
            return;
        };
        self.questions += 1;
        self.answered += usize::from(matches!(
            outcome.kind,
            AnswerKind::Answered | AnswerKind::Generated | AnswerKind::Approved
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
        let voted_down = vote.is_some_and(|v| v.vote == Direction::Down);
        self.voted_down += usize::from(voted_down);
        let Some(shortfall) = shortfall(outcome, voted_down) else {
            return;
        };
        let redacted = |text: &str| {
            let entities = pii.detector.detect(text);
            sotto_pii::apply(text, &entities, &Policy::redact_all()).text
        };
        let comment = vote.and_then(|v| v.comment.as_deref()).map(redacted);
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
            voted_down,
            comment,
        });
    }

    fn into_analytics(
        self,
        since: UnixTime,
        min_visitors: usize,
        votes: Vec<WeeklyVotes>,
    ) -> Analytics {
        let (unknown, weak) =
            self.shortcomings
                .iter()
                .fold((0, 0), |(u, w), s| match s.shortfall {
                    Shortfall::Unknown => (u + 1, w),
                    Shortfall::Weak => (u, w + 1),
                    Shortfall::VotedDown => (u, w),
                });
        let mut resolution: Vec<WeeklyResolution> = self.resolution.into_values().collect();
        resolution.sort_by(|a, b| (a.week, &a.site_id).cmp(&(b.week, &b.site_id)));
        let mut cited_pages: Vec<CitedPage> = self.cited.into_values().collect();
        cited_pages.sort_by(|a, b| b.citations.cmp(&a.citations).then(a.url.cmp(&b.url)));
        cited_pages.truncate(MAX_PAGES);
        Analytics {
            since,
            questions: self.questions,
            answered: self.answered,
            unknown,
            weak,
            voted_down: self.voted_down,
            groups: group_by_wording(self.shortcomings, min_visitors),
            votes,
            resolution,
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
        let contact_left: HashSet<ConversationId> = self
            .conversations
            .leads(tenant, None)
            .await?
            .into_iter()
            .filter(|lead| lead.purpose == LeadPurpose::Contact)
            .filter_map(|lead| lead.conversation_id)
            .collect();
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
            // Resolution counts the conversations started in the period, whole weeks of them.
            let counts_resolution = conversation.created_at >= week_of(since) + WEEK;
            let handed_to_team = conversation.phase == Phase::RequestingContact
                || contact_left.contains(&conversation.id);
            let Some(sealer) = sealer.as_ref() else {
                if counts_resolution {
                    tally.resolution(&conversation, Resolution::of(handed_to_team, &[]));
                }
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
            let votes = self.opened_votes(tenant, &sealer, conversation.id).await?;
            if counts_resolution {
                tally.resolution(&conversation, Resolution::of(handed_to_team, &votes));
            }
            for pair in opened.windows(2) {
                if pair[0].view.role == Role::Visitor.as_str() {
                    let place = (
                        &conversation.site_id,
                        conversation.pseudonym,
                        index.as_ref(),
                        pii.as_ref(),
                    );
                    let vote = votes.iter().find(|v| v.message_id == pair[1].view.id);
                    tally.answer((&pair[0], &pair[1], vote), place, since);
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
        let votes = self
            .conversations
            .vote_tallies(tenant, site, week_of(since))
            .await?
            .into_iter()
            .filter(|t| indexes.contains_key(&t.site_id))
            .map(WeeklyVotes::of)
            .collect();
        Ok(tally.into_analytics(since, self.config().analytics.min_visitors, votes))
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
        comments: Vec<String>,
        commenters: HashSet<Pseudonym>,
        count: usize,
        unknown: usize,
        weak: usize,
        voted_down: usize,
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
                    comments: Vec::new(),
                    commenters: HashSet::new(),
                    count: 0,
                    unknown: 0,
                    weak: 0,
                    voted_down: 0,
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
            Shortfall::VotedDown => {}
        }
        group.count += 1;
        group.voted_down += usize::from(s.voted_down);
        if let Some(comment) = s.comment {
            group.commenters.insert(s.visitor);
            if !group.comments.contains(&comment) {
                group.comments.push(comment);
            }
        }
        group.weekly[s.week] += 1;
    }
    let mut out: Vec<QuestionGroup> = groups
        .into_iter()
        .map(|mut g| {
            g.wordings.sort_by_key(|w| std::cmp::Reverse(w.1));
            let floor = min_visitors.max(AnalyticsConfig::LEAST);
            let withheld = g.visitors.len() < floor;
            let wordings: Vec<String> = if withheld {
                Vec::new()
            } else {
                g.wordings
                    .into_iter()
                    .take(MAX_WORDINGS)
                    .map(|(w, _)| w)
                    .collect()
            };
            // Comments come from the visitors who voted down, fewer than those who asked: they
            // are shown only when enough different visitors left them.
            let comments = if g.commenters.len() < floor {
                Vec::new()
            } else {
                g.comments.into_iter().take(MAX_WORDINGS).collect()
            };
            QuestionGroup {
                site_id: g.site,
                topic: wordings.first().cloned().unwrap_or_default(),
                wordings,
                comments,
                count: g.count,
                voted_down: g.voted_down,
                visitors: g.visitors.len(),
                wordings_withheld: withheld,
                unknown: g.unknown,
                weak: g.weak,
                trend: trend(&g.weekly),
                weekly: g.weekly,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        (b.voted_down, b.count)
            .cmp(&(a.voted_down, a.count))
            .then(a.topic.cmp(&b.topic))
    });
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
            voted_down: false,
            comment: None,
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
    fn unknown_weak_and_voted_down_answers_fall_short() {
        let outcome = |kind, confidence| Outcome { kind, confidence };
        assert!(shortfall(outcome(AnswerKind::Unknown, 0.0), false).is_some());
        assert!(shortfall(outcome(AnswerKind::Answered, 0.55), false).is_some());
        assert!(shortfall(outcome(AnswerKind::Answered, 0.9), false).is_none());
        assert!(shortfall(outcome(AnswerKind::Generated, 0.0), false).is_none());
        assert!(shortfall(outcome(AnswerKind::SmallTalk, 0.0), false).is_none());
        assert!(matches!(
            shortfall(outcome(AnswerKind::Answered, 0.9), true),
            Some(Shortfall::VotedDown)
        ));
        assert!(matches!(
            shortfall(outcome(AnswerKind::Unknown, 0.0), true),
            Some(Shortfall::Unknown)
        ));
    }

    #[test]
    fn groups_voted_down_come_first_with_their_comments_withheld_like_wordings() {
        let voted = |visitor, comment: &str| Shortcoming {
            voted_down: true,
            comment: Some(comment.into()),
            shortfall: Shortfall::VotedDown,
            ..asked_by(
                "What does delivery cost?",
                &["delivery", "cost"],
                2,
                false,
                visitor,
            )
        };
        let groups = group_by_wording(
            vec![
                shortcoming("Do you ship to Canada?", &["ship", "canada"], 5, true),
                shortcoming("do you ship to canada", &["ship", "canada"], 6, true),
                voted(1, "price is wrong"),
                voted(2, "price is wrong"),
                voted(3, "old price"),
            ],
            3,
        );
        assert_eq!(groups[0].topic, "What does delivery cost?");
        assert_eq!((groups[0].count, groups[0].voted_down), (3, 3));
        assert_eq!((groups[0].unknown, groups[0].weak), (0, 0));
        assert_eq!(groups[0].comments, ["price is wrong", "old price"]);
        let few = group_by_wording(vec![voted(1, "price is wrong"), voted(2, "x")], 3);
        assert!(
            few[0].comments.is_empty(),
            "two visitors' comments are theirs"
        );
        assert_eq!(few[0].voted_down, 2);
        let one_commenter = group_by_wording(
            vec![
                shortcoming("What does delivery cost?", &["delivery", "cost"], 1, true),
                shortcoming("What does delivery cost?", &["delivery", "cost"], 2, true),
                voted(3, "my own words"),
            ],
            3,
        );
        assert!(!one_commenter[0].wordings_withheld, "three visitors asked");
        assert!(
            one_commenter[0].comments.is_empty(),
            "but one left a comment: it stays theirs"
        );
    }

    #[test]
    fn a_conversation_is_resolved_only_by_a_vote_up_and_never_by_silence() {
        let vote = |vote, voted_at| OpenedVote {
            message_id: sotto_core::MessageId::random(),
            vote,
            comment: None,
            voted_at,
        };
        assert_eq!(Resolution::of(false, &[]), Resolution::Unknown);
        assert_eq!(
            Resolution::of(false, &[vote(Direction::Up, 1)]),
            Resolution::Resolved
        );
        assert_eq!(
            Resolution::of(false, &[vote(Direction::Down, 2), vote(Direction::Up, 1)]),
            Resolution::Unresolved,
            "the last vote decides"
        );
        assert_eq!(
            Resolution::of(true, &[vote(Direction::Up, 1)]),
            Resolution::HandedToTeam,
            "asking for a person outweighs a vote"
        );
    }

    #[test]
    fn weekly_votes_give_the_share_voted_up() {
        let tally = |up, down| VoteTally {
            site_id: "shop".parse().unwrap(),
            week: 0,
            kind: "answered".into(),
            up,
            down,
        };
        assert_eq!(WeeklyVotes::of(tally(3, 1)).up_share, 0.75);
        assert_eq!(WeeklyVotes::of(tally(0, 0)).up_share, 0.0);
    }
}
