//! The answer benchmark: folders of small websites, each with the questions its visitors would
//! type, answered through the production path (the visitor's personal data left out, the
//! site's own public names kept, retrieval, the built-in reader) and scored the way a visitor
//! would judge the reply. A second run puts a reading test double in place of a language model,
//! given the passages a model would get: what retrieval hands a model.
//!
//! A site folder holds `site.toml` (`name`, `language`, `base_url`, `half`), `pages/` (HTML or
//! Markdown) and `questions.tsv` (`id type question expected_page key_fact note`; key facts'
//! alternatives separated by ` | `). Sites of the `test` half are never tuned on. A site may also
//! hold approved answers and other wordings of their questions ([`approved`]).

pub mod approved;
mod double;
mod score;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use double::ReadingDouble;
pub use score::{Judged, Replies, Report, Tally, Verdict, judge, wilson};

use crate::answer::{Answer, ExtractiveAnswerer};
use crate::import::{Page, content_files, read_page};
use crate::index::{Hit, IndexError, IndexRegistry, SiteIndex};
use crate::language::Language;

/// Why a benchmark folder could not be read.
#[derive(Debug, thiserror::Error)]
pub enum BenchmarkError {
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A file is malformed.
    #[error("{path}: {message}")]
    Malformed {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// The pages could not be imported.
    #[error(transparent)]
    Import(#[from] crate::import::ImportError),
    /// The index failed.
    #[error(transparent)]
    Index(#[from] IndexError),
}

/// The kinds of question the benchmark measures separately.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionType {
    /// Asked with the page's words.
    Direct,
    /// Asked in other words, same language.
    Paraphrase,
    /// A quantity, duration or count.
    Number,
    /// A price or fee.
    Price,
    /// Opening times.
    Hours,
    /// A phone number of the business.
    Phone,
    /// A yes/no question the page answers "no".
    Negative,
    /// With typing mistakes.
    Typo,
    /// In another language than the page.
    CrossLanguage,
    /// Naming the site's own staff, number or address.
    PublicName,
    /// Not answered by the site: must be declined.
    OffTopic,
}

impl QuestionType {
    /// Every type, in report order.
    pub const ALL: [QuestionType; 11] = [
        QuestionType::Direct,
        QuestionType::Paraphrase,
        QuestionType::Number,
        QuestionType::Price,
        QuestionType::Hours,
        QuestionType::Phone,
        QuestionType::Negative,
        QuestionType::Typo,
        QuestionType::CrossLanguage,
        QuestionType::PublicName,
        QuestionType::OffTopic,
    ];

    /// The name used in `questions.tsv`.
    pub fn name(self) -> &'static str {
        match self {
            QuestionType::Direct => "direct",
            QuestionType::Paraphrase => "paraphrase",
            QuestionType::Number => "number",
            QuestionType::Price => "price",
            QuestionType::Hours => "hours",
            QuestionType::Phone => "phone",
            QuestionType::Negative => "negative",
            QuestionType::Typo => "typo",
            QuestionType::CrossLanguage => "cross_language",
            QuestionType::PublicName => "public_name",
            QuestionType::OffTopic => "off_topic",
        }
    }

    fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.name() == name.trim())
    }
}

/// One benchmark question.
#[derive(Debug, Clone)]
pub struct Question {
    /// Identifier.
    pub id: String,
    /// Its type.
    pub kind: QuestionType,
    /// What the visitor types.
    pub text: String,
    /// URL of the page holding the answer (`None` off topic).
    pub expected_url: Option<String>,
    /// Texts of which a right answer contains one.
    pub key_facts: Vec<String>,
}

#[derive(Deserialize)]
struct SiteFile {
    name: String,
    language: String,
    base_url: String,
    #[serde(default)]
    half: Option<String>,
}

/// One benchmark site, loaded.
pub struct BenchmarkSite {
    /// Folder name.
    pub id: String,
    /// Human name.
    pub name: String,
    /// The site's language.
    pub language: Language,
    /// `dev` (tuned on) or `test` (held out).
    pub half: String,
    /// Its pages, as an import makes them.
    pub pages: Vec<Page>,
    /// Its questions.
    pub questions: Vec<Question>,
    /// Each page's URL by its file's path under `pages/`.
    pub page_urls: HashMap<String, String>,
}

fn read(path: &Path) -> Result<String, BenchmarkError> {
    std::fs::read_to_string(path).map_err(|source| BenchmarkError::Read {
        path: path.to_owned(),
        source,
    })
}

fn malformed(path: &Path, message: impl Into<String>) -> BenchmarkError {
    BenchmarkError::Malformed {
        path: path.to_owned(),
        message: message.into(),
    }
}

/// The site folders under `root` (those with a `site.toml`), sorted by name.
pub fn site_folders(root: &Path) -> Result<Vec<PathBuf>, BenchmarkError> {
    let entries = std::fs::read_dir(root).map_err(|source| BenchmarkError::Read {
        path: root.to_owned(),
        source,
    })?;
    let mut folders: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("site.toml").is_file())
        .collect();
    folders.sort();
    Ok(folders)
}

/// Loads one site folder: its settings, its pages imported as production imports them, and
/// its questions with each expected page's URL.
pub fn load_site(dir: &Path) -> Result<BenchmarkSite, BenchmarkError> {
    let settings_path = dir.join("site.toml");
    let settings: SiteFile = toml::from_str(&read(&settings_path)?)
        .map_err(|e| malformed(&settings_path, e.to_string()))?;
    let language = Language::from_tag(&settings.language)
        .ok_or_else(|| malformed(&settings_path, "unsupported language"))?;
    let pages_dir = dir.join("pages");
    let mut pages = Vec::new();
    let mut url_of_file: HashMap<String, String> = HashMap::new();
    for path in content_files(&pages_dir)? {
        if let Some(page) = read_page(&pages_dir, &path, Some(&settings.base_url))? {
            let relative = path.strip_prefix(&pages_dir).unwrap_or(&path);
            url_of_file.insert(relative.to_string_lossy().into_owned(), page.url.clone());
            pages.push(page);
        }
    }
    let questions_path = dir.join("questions.tsv");
    let mut questions = Vec::new();
    for (number, line) in read(&questions_path)?.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let at =
            |message: &str| malformed(&questions_path, format!("line {}: {message}", number + 1));
        if fields.len() < 5 {
            return Err(at("fewer than five fields"));
        }
        let kind = QuestionType::parse(fields[1]).ok_or_else(|| at("unknown type"))?;
        let expected = fields[3].trim();
        let expected_url = if kind == QuestionType::OffTopic {
            None
        } else if expected.is_empty() {
            return Err(at("an answerable question needs an expected page"));
        } else {
            Some(
                url_of_file
                    .get(expected)
                    .cloned()
                    .ok_or_else(|| at("the expected page is not among the pages"))?,
            )
        };
        let key_facts = fields[4]
            .split(" | ")
            .map(str::trim)
            .filter(|f| !f.is_empty())
            .map(str::to_owned)
            .collect::<Vec<_>>();
        if expected_url.is_some() && key_facts.is_empty() {
            return Err(at("an answerable question needs a key fact"));
        }
        questions.push(Question {
            id: fields[0].trim().to_owned(),
            kind,
            text: fields[2].trim().to_owned(),
            expected_url,
            key_facts,
        });
    }
    Ok(BenchmarkSite {
        id: dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        name: settings.name,
        language,
        half: settings.half.unwrap_or_else(|| "dev".to_owned()),
        pages,
        questions,
        page_urls: url_of_file,
    })
}

/// How a question is answered: the production path from what the visitor typed to the
/// built-in answer and the passages a language model would be given.
pub type AnswerPath<'a> = &'a dyn Fn(&SiteIndex, &str) -> Result<(Answer, Vec<Hit>), IndexError>;

/// Every question of `site` answered twice (built-in reader; reading double in place of a
/// model) and judged.
pub fn run_site(
    site: &BenchmarkSite,
    registry: &IndexRegistry,
    answerer: &ExtractiveAnswerer,
    path: AnswerPath<'_>,
) -> Result<Vec<Judged>, BenchmarkError> {
    let index = registry.rebuild(&site.id, site.language, 1, &site.pages)?;
    let mut judged = Vec::with_capacity(site.questions.len());
    for question in &site.questions {
        let (built_in, passages) = path(&index, &question.text)?;
        let double = ReadingDouble {
            key_facts: &question.key_facts,
        };
        let with_model = double.answer(answerer, &index, &passages, &built_in);
        let replies = Replies {
            built_in: &built_in,
            with_model: &with_model,
            model_called: !passages.is_empty(),
        };
        judged.push(judge(&site.id, &site.half, question, replies));
    }
    Ok(judged)
}
