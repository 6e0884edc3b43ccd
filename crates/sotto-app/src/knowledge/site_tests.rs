//! A site's own answer tests: questions the team keeps with the fact a right answer must state
//! ("How much is shipping?" → "4.90 euros"), written by hand, taken from an answer a visitor
//! voted up, or seeded from the site's approved answers. They run after every crawl and import
//! and on demand (`site_test_runs`). Being the team's words they are kept in the clear, so a
//! test holding personal data is refused; each change is audited.

use serde::{Deserialize, Serialize};
use sotto_core::access::Permission;
use sotto_core::{SiteId, UnixTime};
use sotto_knowledge::answer::facts::normalized;
/// The fact a test of an answer starts from (its sentence stating a value), for the team to
/// trim: the voted-up answer's button on a conversation page drafts it.
pub use sotto_knowledge::answer::facts::suggested_fact;
use sotto_knowledge::visitor_data::visitor_entities;
use sotto_store::{ConversationStore, MainStore, SiteRecord, SiteTestRecord};

use crate::knowledge::site_test_results::TestResult;
use crate::team::access::Caller;
use crate::{AppError, AppResult, Sotto};

/// Longest question, in characters.
const MAX_QUESTION_CHARS: usize = 300;
/// Longest fact, in characters.
const MAX_FACT_CHARS: usize = 200;
/// Most tests a site keeps (each run asks them all).
pub const MAX_TESTS_PER_SITE: usize = 200;

/// Where a test came from.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum TestOrigin {
    /// Written by the team.
    #[default]
    Written,
    /// From one of the site's approved answers.
    Approved,
    /// From an answer a visitor voted up.
    VotedUp,
}

/// A test as the team writes it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SiteTestInput {
    /// The question, as a visitor would ask it.
    pub question: String,
    /// What a right answer must state (compared ignoring case, spaces and dash styles).
    pub fact: String,
    /// Where it came from.
    #[serde(default)]
    pub origin: TestOrigin,
}

/// The stored content of a test.
#[derive(Serialize, Deserialize)]
struct StoredTest {
    question: String,
    fact: String,
    origin: TestOrigin,
}

/// A test as the team sees it, with its result in the latest run.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct SiteTestView {
    /// Its identifier.
    pub id: String,
    /// The site it tests.
    pub site_id: SiteId,
    /// The question.
    pub question: String,
    /// What a right answer must state.
    pub fact: String,
    /// Where it came from.
    pub origin: TestOrigin,
    /// When it was written.
    pub created_at: UnixTime,
    /// When it last changed.
    pub updated_at: UnixTime,
    /// How it fared in the latest run; absent before its first run or since it changed.
    pub result: Option<TestResult>,
}

impl SiteTestView {
    /// Whether `result` is this test's as it stands (same question and fact).
    pub(crate) fn matches(&self, result: &TestResult) -> bool {
        result.test_id == self.id && result.question == self.question && result.fact == self.fact
    }
}

pub(crate) fn view(record: SiteTestRecord) -> AppResult<SiteTestView> {
    let body: StoredTest = serde_json::from_str(&record.body)
        .map_err(|e| AppError::Setup(format!("unreadable site test: {e}")))?;
    Ok(SiteTestView {
        id: record.id,
        site_id: record.site_id,
        question: body.question,
        fact: body.fact,
        origin: body.origin,
        created_at: record.created_at,
        updated_at: record.updated_at,
        result: None,
    })
}

/// An id that sorts in the order it was made: the time in nanoseconds (fixed-width hex), then
/// random digits; so that tests, and runs, made in one second list in the order they came.
pub(crate) fn time_ordered_id() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let random = uuid::Uuid::new_v4().simple().to_string();
    format!("{nanos:032x}{}", &random[..8])
}

fn checked(input: &SiteTestInput) -> AppResult<()> {
    let question = input.question.trim();
    if question.is_empty() || question.chars().count() > MAX_QUESTION_CHARS {
        return Err(AppError::Invalid(
            "a test's question needs 1 to 300 characters".into(),
        ));
    }
    let fact = input.fact.trim();
    if fact.is_empty() || fact.chars().count() > MAX_FACT_CHARS {
        return Err(AppError::Invalid(
            "a test's fact needs 1 to 200 characters".into(),
        ));
    }
    Ok(())
}

/// Whether a test is saved new or over a stored one (by id).
enum Saving {
    Create,
    Update(String),
}

impl<M: MainStore, C: ConversationStore> Sotto<M, C> {
    /// A site's answer tests with their results in its latest run, oldest first. They are the
    /// business's words, so every role may read them.
    pub async fn site_tests(&self, caller: &Caller, site: &SiteId) -> AppResult<Vec<SiteTestView>> {
        caller.require(Permission::ReadAnalytics)?;
        let record = self.caller_site(caller, site).await?;
        let mut tests = self.stored_site_tests(&record).await?;
        if let Some(run) = self.latest_test_run(&record).await? {
            for test in &mut tests {
                test.result = run.results.iter().find(|r| test.matches(r)).cloned();
            }
        }
        Ok(tests)
    }

    /// Adds an answer test to one of the caller's sites.
    pub async fn create_site_test(
        &self,
        caller: &Caller,
        site: &SiteId,
        input: &SiteTestInput,
    ) -> AppResult<SiteTestView> {
        caller.require(Permission::EditAnswers)?;
        let record = self.caller_site(caller, site).await?;
        self.save_site_test(caller, &record, Saving::Create, input)
            .await
    }

    /// Replaces an answer test of one of the caller's sites.
    pub async fn update_site_test(
        &self,
        caller: &Caller,
        site: &SiteId,
        id: &str,
        input: &SiteTestInput,
    ) -> AppResult<SiteTestView> {
        caller.require(Permission::EditAnswers)?;
        let record = self.caller_site(caller, site).await?;
        self.save_site_test(caller, &record, Saving::Update(id.to_owned()), input)
            .await
    }

    /// Deletes an answer test of one of the caller's sites.
    pub async fn delete_site_test(
        &self,
        caller: &Caller,
        site: &SiteId,
        id: &str,
    ) -> AppResult<()> {
        caller.require(Permission::EditAnswers)?;
        let record = self.caller_site(caller, site).await?;
        if !self
            .main
            .delete_site_test(record.tenant_id, &record.id, id)
            .await?
        {
            return Err(AppError::NotFound("site test"));
        }
        self.audit(
            record.tenant_id,
            &caller.actor,
            "site_test.delete",
            &format!("{}/{id}", record.id),
        )
        .await
    }

    /// Adds a test for each switched-on approved answer of one of the caller's sites that no
    /// test asks yet: its first question, and the sentence of its reply in the site's language
    /// that states a value (the whole first sentence when none does). Returns the tests added.
    pub async fn seed_site_tests(
        &self,
        caller: &Caller,
        site: &SiteId,
    ) -> AppResult<Vec<SiteTestView>> {
        caller.require(Permission::EditAnswers)?;
        let record = self.caller_site(caller, site).await?;
        let existing = self.stored_site_tests(&record).await?;
        let mut asked: Vec<String> = existing.iter().map(|t| normalized(&t.question)).collect();
        let mut added = Vec::new();
        for answer in self.approved_answers(caller, site).await? {
            if asked.len() >= MAX_TESTS_PER_SITE {
                break;
            }
            let Some(question) = answer.questions.first() else {
                continue;
            };
            let reply = answer
                .replies
                .iter()
                .find(|r| r.language == record.language)
                .or(answer.replies.first());
            let (Some(reply), true) = (reply, answer.enabled) else {
                continue;
            };
            if asked.contains(&normalized(question)) {
                continue;
            }
            let input = SiteTestInput {
                question: question.clone(),
                fact: suggested_fact(&reply.text),
                origin: TestOrigin::Approved,
            };
            match self
                .save_site_test(caller, &record, Saving::Create, &input)
                .await
            {
                Ok(test) => {
                    asked.push(normalized(question));
                    added.push(test);
                }
                // An answer the detectors object to seeds no test.
                Err(AppError::Invalid(_)) => continue,
                Err(error) => return Err(error),
            }
        }
        Ok(added)
    }

    /// A site's tests as stored, without results.
    pub(crate) async fn stored_site_tests(
        &self,
        record: &SiteRecord,
    ) -> AppResult<Vec<SiteTestView>> {
        self.main
            .site_tests(record.tenant_id, &record.id)
            .await?
            .into_iter()
            .map(view)
            .collect()
    }

    /// Checks `input` and the personal data in it, then stores it new or over test `id`, and
    /// audits the change.
    async fn save_site_test(
        &self,
        caller: &Caller,
        record: &SiteRecord,
        saving: Saving,
        input: &SiteTestInput,
    ) -> AppResult<SiteTestView> {
        checked(input)?;
        let index = self.site_index(record).await?;
        let pii = self.tenant_pii(record.tenant_id).await?;
        for (field, text) in [("question", &input.question), ("fact", &input.fact)] {
            let mut types: Vec<&str> = visitor_entities(&pii.detector, &index, text)
                .into_iter()
                .map(|e| e.kind.as_str())
                .collect();
            types.sort_unstable();
            types.dedup();
            if !types.is_empty() {
                return Err(AppError::Invalid(format!(
                    "the {field} holds personal data ({}): tests are kept in the clear",
                    types.join(", ")
                )));
            }
        }
        let body = serde_json::to_string(&StoredTest {
            question: input.question.trim().to_owned(),
            fact: input.fact.trim().to_owned(),
            origin: input.origin,
        })
        .map_err(|e| AppError::Setup(format!("site test: {e}")))?;
        let now = sotto_core::now();
        let stored = |id: String| SiteTestRecord {
            tenant_id: record.tenant_id,
            site_id: record.id.clone(),
            id,
            body: body.clone(),
            created_at: now,
            updated_at: now,
        };
        let (stored, saved, action) = match saving {
            Saving::Create => {
                let count = self
                    .main
                    .site_tests(record.tenant_id, &record.id)
                    .await?
                    .len();
                if count >= MAX_TESTS_PER_SITE {
                    return Err(AppError::Invalid(format!(
                        "a site keeps at most {MAX_TESTS_PER_SITE} answer tests"
                    )));
                }
                let stored = stored(time_ordered_id());
                let saved = self.main.insert_site_test(&stored).await?;
                (stored, saved, "site_test.create")
            }
            Saving::Update(id) => {
                let stored = stored(id);
                let saved = self.main.update_site_test(&stored).await?;
                (stored, saved, "site_test.update")
            }
        };
        if !saved {
            return Err(AppError::NotFound("site test"));
        }
        self.audit(
            record.tenant_id,
            &caller.actor,
            action,
            &format!("{}/{}", record.id, stored.id),
        )
        .await?;
        self.stored_site_tests(record)
            .await?
            .into_iter()
            .find(|t| t.id == stored.id)
            .ok_or(AppError::NotFound("site test"))
    }
}
