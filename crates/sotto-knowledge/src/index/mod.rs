//! One tantivy index per site, in `<data dir>/index/<site id>/`. The index is derived data: the
//! stored pages are the truth, and an index whose recorded knowledge version (kept in the commit
//! payload) differs from the store's is rebuilt from them.
//!
//! Retrieval is BM25 over one flat field holding the page title, the section heading and the
//! passage text, plus small boosts for matches in the title and the heading; every field is
//! analysed with the site language's stop words and stemmer, then folded to ASCII so that
//! visitors typing without accents still match. The flat field and the boosts were chosen by
//! measurement on SciFact's training split (see `BENCHMARKS.md`): separate fields with a
//! title boost of 2 scored nDCG@10 0.617 there, the flat field with boosts of 0.2 scores 0.706.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, StopWordFilter,
    TextAnalyzer,
};
use tantivy::{Index, IndexReader, ReloadPolicy, TantivyDocument, Term, doc};

use sotto_core::{Citation, PageVersion};

use crate::fusion::{Fusion, HYBRID_FUSION, fuse};
use crate::import::Page;
use crate::language::Language;
use crate::stop_words;

mod passage_analysis;
#[cfg(feature = "dense")]
mod semantic;
mod site_facts;

use passage_analysis::PassageAnalyses;
pub use passage_analysis::{AnalyzedPassage, AnalyzedSentence};

pub(crate) use site_facts::CONTACT_MARKERS;
pub use site_facts::spelling_key;
use site_facts::{PublicText, SiteFacts};

use crate::lexicon::SiteLexicon;

/// Extra weight of a query term found in the page title, on top of the flat field.
const TITLE_BOOST: f32 = 0.2;
/// Extra weight of a query term found in the section heading, on top of the flat field.
const HEADING_BOOST: f32 = 0.2;
const WRITER_MEMORY: usize = 20_000_000;
/// The `stored_at` of a passage whose page was never stored (a test's, an approved answer's):
/// its citations carry no version.
const NOT_STORED: i64 = i64::MIN;

/// Why an index operation failed.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// tantivy failed.
    #[error("search index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// The index folder could not be prepared.
    #[error("search index folder error: {0}")]
    Io(#[from] std::io::Error),
    /// The embedding model or the passage vectors failed (hybrid mode).
    #[cfg(feature = "dense")]
    #[error(transparent)]
    Dense(#[from] crate::dense::DenseError),
}

/// One retrieved passage.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Page URL.
    pub url: String,
    /// Page title.
    pub title: String,
    /// Section heading.
    pub heading: String,
    /// Passage text.
    pub text: String,
    /// The passage's number in its site index (the order it was indexed in).
    pub passage: u64,
    /// Relevance score: BM25, or the fused score of the hybrid mode.
    pub score: f32,
    /// Cosine similarity of the passage to the question, when the hybrid mode's semantic
    /// side found it: how close in meaning it is, whatever the words.
    pub similarity: Option<f32>,
    /// The language of the passage's page (the site's unless the page declares another).
    pub language: Language,
}

#[derive(Clone, Copy)]
struct Fields {
    url: Field,
    title: Field,
    heading: Field,
    body: Field,
    flat: Field,
    passage: Field,
    language: Field,
    digest: Field,
    stored_at: Field,
}

fn analyzer_name(language: Language) -> String {
    format!("sotto_{}", language.code())
}

fn analyzer(language: Language) -> TextAnalyzer {
    let extra = StopWordFilter::remove(stop_words::extra(language).iter().map(|w| (*w).to_owned()));
    let builder = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(extra);
    match StopWordFilter::new(language.tantivy()) {
        Some(stop_words) => builder
            .filter(stop_words)
            .filter(Stemmer::new(language.tantivy()))
            .filter(AsciiFoldingFilter)
            .build(),
        None => builder
            .filter(Stemmer::new(language.tantivy()))
            .filter(AsciiFoldingFilter)
            .build(),
    }
}

fn schema(language: Language) -> (Schema, Fields) {
    let text = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(&analyzer_name(language))
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    let flat = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(&analyzer_name(language))
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let mut builder = Schema::builder();
    let fields = Fields {
        url: builder.add_text_field("url", STRING | STORED),
        title: builder.add_text_field("title", text.clone()),
        heading: builder.add_text_field("heading", text),
        body: builder.add_text_field("body", STORED),
        flat: builder.add_text_field("flat", flat),
        passage: builder.add_u64_field("passage", STORED),
        language: builder.add_text_field("language", STRING | STORED),
        digest: builder.add_text_field("digest", STORED),
        stored_at: builder.add_i64_field("stored_at", STORED),
    };
    (builder.build(), fields)
}

/// Bumped whenever the schema or the analysis changes, so that indexes written by an older
/// build are rebuilt rather than misread.
const INDEX_FORMAT: u32 = 5;

fn payload(version: i64, language: Language) -> String {
    format!("f{INDEX_FORMAT}:{version}:{}", language.code())
}

/// The page a "don't know" answer points to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactPage {
    /// URL.
    pub url: String,
    /// Title.
    pub title: String,
}

/// A site's open index: searcher, analyzer and the knowledge version it reflects.
pub struct SiteIndex {
    reader: IndexReader,
    fields: Fields,
    analyzer: Mutex<TextAnalyzer>,
    language: Language,
    version: i64,
    contact: Option<ContactPage>,
    versions: HashMap<String, PageVersion>,
    public: PublicText,
    vocabulary: HashMap<String, u32>,
    words: HashMap<String, String>,
    lexicon: std::sync::OnceLock<SiteLexicon>,
    analyses: PassageAnalyses,
    #[cfg(feature = "dense")]
    semantic: Option<semantic::SemanticSide>,
}

/// Passages taken from each side before fusion in the hybrid mode, whatever the number asked
/// for: min-max normalisation needs a tail to measure the head against.
const FUSION_DEPTH: usize = 100;

impl SiteIndex {
    fn open(
        index: Index,
        fields: Fields,
        language: Language,
        version: i64,
    ) -> Result<Self, IndexError> {
        index
            .tokenizers()
            .register(&analyzer_name(language), analyzer(language));
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let mut site = Self {
            reader,
            fields,
            analyzer: Mutex::new(analyzer(language)),
            language,
            version,
            contact: None,
            versions: HashMap::new(),
            public: PublicText::default(),
            vocabulary: HashMap::new(),
            words: HashMap::new(),
            lexicon: std::sync::OnceLock::new(),
            analyses: PassageAnalyses::default(),
            #[cfg(feature = "dense")]
            semantic: None,
        };
        let facts = SiteFacts::gather(&site, &site.reader.searcher())?;
        site.contact = facts.contact;
        site.versions = facts.versions;
        site.public = facts.public;
        site.vocabulary = facts.vocabulary;
        site.words = facts.words;
        Ok(site)
    }

    /// An index of `pages` held in memory only, read like a site's (same analysis, lexicon and
    /// spelling links): for small derived collections such as a site's approved answers, which
    /// are rebuilt from the store when they change and never worth a folder.
    pub fn in_memory(language: Language, pages: &[Page]) -> Result<Self, IndexError> {
        let (schema, fields) = schema(language);
        let index = Index::create_in_ram(schema);
        write_passages(&index, fields, language, 0, pages)?;
        Self::open(index, fields, language, 0)
    }

    /// The knowledge version this index was built from.
    pub fn version(&self) -> i64 {
        self.version
    }

    /// The content language the index analyses.
    pub fn language(&self) -> Language {
        self.language
    }

    /// The site's contact page, if one was found among its pages.
    pub fn contact_page(&self) -> Option<&ContactPage> {
        self.contact.as_ref()
    }

    /// The version of stored page `url` this index holds; `None` when the page is not in it.
    pub fn current_version(&self, url: &str) -> Option<&PageVersion> {
        self.versions.get(url)
    }

    /// Gives each citation of a stored page the version of the page this index holds, so that
    /// an answer records what the site said when it was given, whatever changes after.
    pub fn stamp_versions(&self, citations: &mut [Citation]) {
        for citation in citations {
            citation.version = self.versions.get(&citation.url).cloned();
        }
    }

    /// The version of `doc`'s page, when the page was stored.
    fn page_version(&self, doc: &TantivyDocument) -> Option<(String, PageVersion)> {
        let stored_at = doc
            .get_first(self.fields.stored_at)
            .and_then(|v| v.as_i64())
            .filter(|&t| t != NOT_STORED)?;
        let text = |field: Field| doc.get_first(field).and_then(|v| v.as_str());
        let url = text(self.fields.url)?;
        let digest = text(self.fields.digest)?;
        Some((
            url.to_owned(),
            PageVersion {
                digest: digest.to_owned(),
                stored_at,
            },
        ))
    }

    /// Whether `fragment` (a name, number or address found in a visitor's message) is
    /// printed on the site's own pages, outside quotations of customers: then it is the
    /// business's public information, not the visitor's personal data.
    pub fn publishes(&self, fragment: &str) -> bool {
        self.public.contains(fragment)
    }

    /// Whether `link` is one of the site's own pages (no query, no port): a visitor quoting the
    /// site's page ("the form at https://shop.example/rdv fails") names no one.
    pub fn links_to_itself(&self, link: &str) -> bool {
        self.public.links_to_itself(link)
    }

    /// The number of passages holding the analysed `term` (0 when the site never uses it).
    pub fn passages_with(&self, term: &str) -> u32 {
        self.vocabulary.get(term).copied().unwrap_or(0)
    }

    /// The site's terms that name the same concept as the analysed `term`, in any of the
    /// languages Sotto reads (the lexicon, analysed like the site's pages on first use).
    pub fn related_terms(&self, term: &str) -> Vec<&str> {
        self.site_lexicon().related(term)
    }

    /// Whether the analysed `term` only shapes a request ("allowed", "can", "bring", "offer"
    /// in any of the seven languages): a word that weighs as little as a cue.
    pub fn shapes_a_request(&self, term: &str) -> bool {
        self.site_lexicon().shapes_a_request(term)
    }

    fn site_lexicon(&self) -> &SiteLexicon {
        self.lexicon.get_or_init(|| {
            SiteLexicon::build(|form| self.analyze(form), |t| self.passages_with(t) > 0)
        })
    }

    /// The words the site writes (of four letters or more), each by its spelling key
    /// ([`spelling_key`]) with its analysed term: what a mistyped word is compared with.
    pub fn words(&self) -> impl Iterator<Item = (&str, &str)> {
        self.words.iter().map(|(k, t)| (k.as_str(), t.as_str()))
    }

    /// Number of indexed passages.
    pub fn passage_count(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// The distinct analysed terms of `text` (lower-cased, stop words removed, stemmed).
    pub fn analyze(&self, text: &str) -> Vec<String> {
        let mut analyzer = self.analyzer.lock().unwrap_or_else(|e| e.into_inner());
        let mut stream = analyzer.token_stream(text);
        let mut terms: Vec<String> = Vec::new();
        while let Some(token) = stream.next() {
            if !terms.contains(&token.text) {
                terms.push(token.text.clone());
            }
        }
        terms
    }

    /// The passage of `hit` split into sentences and analysed: made on the first question that
    /// retrieves it, then kept with the index.
    pub fn analyzed(&self, hit: &Hit) -> Arc<AnalyzedPassage> {
        self.analyses.get_or_make(hit.passage, || {
            AnalyzedPassage::of(&hit.title, &hit.heading, &hit.text, |text| {
                self.analyze(text)
            })
        })
    }

    /// The `limit` best passages for `query`, best first.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<Hit>, IndexError> {
        let terms = self.analyze(query);
        self.search_terms(&terms, limit)
    }

    /// The `limit` best passages for `question`, whose analysed terms are `terms`: BM25 alone,
    /// or in the hybrid mode BM25 fused with the passages nearest by meaning
    /// ([`HYBRID_FUSION`]). The hybrid mode runs the embedding model: call it where blocking
    /// is allowed (see [`SiteIndex::is_hybrid`]).
    pub fn retrieve(
        &self,
        question: &str,
        terms: &[(String, f32)],
        limit: usize,
    ) -> Result<Vec<Hit>, IndexError> {
        let depth = limit.max(FUSION_DEPTH);
        match self.semantic_search(question, depth)? {
            None => self.search_weighted(terms, limit),
            Some(semantic) => {
                let lexical = self.search_weighted(terms, depth)?;
                Ok(fuse_hits(&lexical, &semantic, HYBRID_FUSION, limit))
            }
        }
    }

    /// Without the `dense` feature there is never a semantic side.
    #[cfg(not(feature = "dense"))]
    pub fn semantic_search(
        &self,
        _question: &str,
        _limit: usize,
    ) -> Result<Option<Vec<Hit>>, IndexError> {
        Ok(None)
    }

    /// Without the `dense` feature no passage is found by meaning.
    #[cfg(not(feature = "dense"))]
    pub fn close_in_meaning(&self, _hit: &Hit) -> bool {
        false
    }

    /// Without the `dense` feature answers always come from BM25.
    #[cfg(not(feature = "dense"))]
    pub fn is_hybrid(&self) -> bool {
        false
    }

    /// The passages of the page at `url`, in no particular order (at most `limit`).
    pub fn passages_of(&self, url: &str, limit: usize) -> Result<Vec<Hit>, IndexError> {
        let searcher = self.reader.searcher();
        let query = TermQuery::new(
            Term::from_field_text(self.fields.url, url),
            IndexRecordOption::Basic,
        );
        searcher
            .search(&query, &TopDocs::with_limit(limit).order_by_score())?
            .into_iter()
            .map(|(_, address)| {
                let doc: TantivyDocument = searcher.doc(address)?;
                Ok(self.hit(&doc, 0.0))
            })
            .collect()
    }

    /// Like [`SiteIndex::search`] with already analysed terms.
    pub fn search_terms(&self, terms: &[String], limit: usize) -> Result<Vec<Hit>, IndexError> {
        let weighted: Vec<(String, f32)> = terms.iter().map(|t| (t.clone(), 1.0)).collect();
        self.search_weighted(&weighted, limit)
    }

    /// Like [`SiteIndex::search_terms`], each term with its own boost.
    pub fn search_weighted(
        &self,
        terms: &[(String, f32)],
        limit: usize,
    ) -> Result<Vec<Hit>, IndexError> {
        if terms.is_empty() {
            return Ok(Vec::new());
        }
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::with_capacity(terms.len() * 3);
        for (term, term_boost) in terms {
            for (field, boost) in [
                (self.fields.title, TITLE_BOOST),
                (self.fields.heading, HEADING_BOOST),
                (self.fields.flat, 1.0),
            ] {
                let query = TermQuery::new(
                    Term::from_field_text(field, term),
                    IndexRecordOption::WithFreqs,
                );
                clauses.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(Box::new(query), boost * term_boost)),
                ));
            }
        }
        let searcher = self.reader.searcher();
        let top = searcher.search(
            &BooleanQuery::new(clauses),
            &TopDocs::with_limit(limit).order_by_score(),
        )?;
        top.into_iter()
            .map(|(score, address)| {
                let doc: TantivyDocument = searcher.doc(address)?;
                Ok(self.hit(&doc, score))
            })
            .collect()
    }

    fn hit(&self, doc: &TantivyDocument, score: f32) -> Hit {
        let text = |field: Field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_owned()
        };
        Hit {
            url: text(self.fields.url),
            title: text(self.fields.title),
            heading: text(self.fields.heading),
            text: text(self.fields.body),
            passage: doc
                .get_first(self.fields.passage)
                .and_then(|v| v.as_u64())
                .unwrap_or_default(),
            score,
            similarity: None,
            language: doc
                .get_first(self.fields.language)
                .and_then(|v| v.as_str())
                .and_then(Language::from_tag)
                .unwrap_or(self.language),
        }
    }
}

/// Analysed terms each with the same boost of 1: a plain query for [`SiteIndex::retrieve`].
pub fn unweighted(terms: Vec<String>) -> Vec<(String, f32)> {
    terms.into_iter().map(|t| (t, 1.0)).collect()
}

/// The `limit` best of two rankings of a site's passages fused by `fusion`, each passage
/// carrying its fused score.
pub fn fuse_hits(lexical: &[Hit], semantic: &[Hit], fusion: Fusion, limit: usize) -> Vec<Hit> {
    let key =
        |hits: &[Hit]| -> Vec<(u64, f32)> { hits.iter().map(|h| (h.passage, h.score)).collect() };
    let mut fused = fuse(&key(lexical), &key(semantic), fusion);
    fused.truncate(limit);
    fused
        .into_iter()
        .filter_map(|(passage, score)| {
            let close = semantic.iter().find(|h| h.passage == passage);
            close
                .or_else(|| lexical.iter().find(|h| h.passage == passage))
                .map(|h| Hit {
                    score,
                    similarity: close.and_then(|h| h.similarity),
                    ..h.clone()
                })
        })
        .collect()
}

/// The open indexes of every site, under one root folder.
pub struct IndexRegistry {
    root: PathBuf,
    open: RwLock<HashMap<String, Arc<SiteIndex>>>,
    rebuilding: Mutex<()>,
    #[cfg(feature = "dense")]
    embedder: Option<Arc<crate::dense::Embedder>>,
}

impl IndexRegistry {
    /// A registry whose site indexes live under `root`.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self {
            root: root.into(),
            open: RwLock::new(HashMap::new()),
            rebuilding: Mutex::new(()),
            #[cfg(feature = "dense")]
            embedder: None,
        }
    }

    /// Turns on the hybrid mode: every site's passages are embedded by `embedder` when its
    /// index is built, and questions are answered from BM25 fused with the nearest passages.
    #[cfg(feature = "dense")]
    pub fn with_embedder(mut self, embedder: Arc<crate::dense::Embedder>) -> Self {
        self.embedder = Some(embedder);
        self
    }

    /// The embedding model of the hybrid mode, when it is on.
    #[cfg(feature = "dense")]
    pub fn embedder(&self) -> Option<&Arc<crate::dense::Embedder>> {
        self.embedder.as_ref()
    }

    fn site_dir(&self, site: &str) -> PathBuf {
        self.root.join(site)
    }

    /// The site's index if it reflects `version` in `language`: from memory, else from disk.
    /// `None` means the caller must [`IndexRegistry::rebuild`] it from the stored pages.
    pub fn current(
        &self,
        site: &str,
        language: Language,
        version: i64,
    ) -> Result<Option<Arc<SiteIndex>>, IndexError> {
        if let Some(index) = self
            .open
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(site)
            && index.version == version
            && index.language == language
        {
            return Ok(Some(index.clone()));
        }
        let Some(index) = self.open_from_disk(&self.site_dir(site), language, version)? else {
            return Ok(None);
        };
        let index = Arc::new(index);
        self.open
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(site.to_owned(), index.clone());
        Ok(Some(index))
    }

    fn open_from_disk(
        &self,
        dir: &Path,
        language: Language,
        version: i64,
    ) -> Result<Option<SiteIndex>, IndexError> {
        if !dir.join("meta.json").exists() {
            return Ok(None);
        }
        let index = Index::open_in_dir(dir)?;
        if index.load_metas()?.payload.as_deref() != Some(payload(version, language).as_str()) {
            return Ok(None);
        }
        let (_, fields) = schema(language);
        let site = SiteIndex::open(index, fields, language, version)?;
        #[cfg(feature = "dense")]
        if let Some(embedder) = &self.embedder {
            return semantic::attach_from_disk(site, dir, embedder);
        }
        Ok(Some(site))
    }

    /// Closes a site's index and deletes its folder (the site is gone). Blocking: call it
    /// from a blocking task.
    pub fn remove(&self, site: &str) -> Result<(), IndexError> {
        let _one_at_a_time = self.rebuilding.lock().unwrap_or_else(|e| e.into_inner());
        self.open
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .remove(site);
        let dir = self.site_dir(site);
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        Ok(())
    }

    /// Rebuilds a site's index from its pages and records `version`. Blocking: call it from a
    /// blocking task.
    pub fn rebuild(
        &self,
        site: &str,
        language: Language,
        version: i64,
        pages: &[Page],
    ) -> Result<Arc<SiteIndex>, IndexError> {
        let _one_at_a_time = self.rebuilding.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(current) = self.current(site, language, version)? {
            return Ok(current);
        }
        let dir = self.site_dir(site);
        #[cfg(feature = "dense")]
        let previous = match &self.embedder {
            Some(embedder) => semantic::previous_vectors(&dir, embedder)?,
            None => None,
        };
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        std::fs::create_dir_all(&dir)?;
        let (schema, fields) = schema(language);
        let index = Index::create_in_dir(&dir, schema)?;
        write_passages(&index, fields, language, version, pages)?;
        let site_index = SiteIndex::open(index, fields, language, version)?;
        #[cfg(feature = "dense")]
        let site_index = match &self.embedder {
            Some(embedder) => {
                semantic::embed_and_attach(site_index, &dir, embedder, pages, previous.as_ref())?
            }
            None => site_index,
        };
        let site_index = Arc::new(site_index);
        self.open
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(site.to_owned(), site_index.clone());
        Ok(site_index)
    }
}

/// Writes `pages`' passages into the new `index`, numbered in order, and commits them as
/// `version`: the one way a site index, on disk or in memory, is filled.
fn write_passages(
    index: &Index,
    fields: Fields,
    language: Language,
    version: i64,
    pages: &[Page],
) -> Result<(), IndexError> {
    index
        .tokenizers()
        .register(&analyzer_name(language), analyzer(language));
    let mut writer = index.writer_with_num_threads::<TantivyDocument>(1, WRITER_MEMORY)?;
    let passages = pages
        .iter()
        .flat_map(|page| page.chunks.iter().map(move |chunk| (page, chunk)));
    for (number, (page, chunk)) in passages.enumerate() {
        writer.add_document(doc!(
            fields.url => page.url.as_str(),
            fields.title => page.title.as_str(),
            fields.heading => chunk.heading.as_str(),
            fields.body => chunk.text.as_str(),
            fields.flat => format!("{}\n{}\n{}", page.title, chunk.heading, chunk.text),
            fields.passage => number as u64,
            fields.language => page
                .language
                .as_deref()
                .and_then(Language::from_tag)
                .unwrap_or(language)
                .code(),
            fields.digest => page.content_hash.as_str(),
            fields.stored_at => page.stored_at.unwrap_or(NOT_STORED),
        ))?;
    }
    let mut commit = writer.prepare_commit()?;
    commit.set_payload(&payload(version, language));
    commit.commit()?;
    writer.wait_merging_threads()?;
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::chunk::PageChunk;

    pub(crate) fn page(url: &str, title: &str, chunks: &[(&str, &str)]) -> Page {
        Page {
            url: url.into(),
            title: title.into(),
            language: None,
            content_hash: url.into(),
            stored_at: None,
            chunks: chunks
                .iter()
                .map(|(h, t)| PageChunk {
                    heading: (*h).into(),
                    text: (*t).into(),
                })
                .collect(),
        }
    }

    pub(crate) fn shop_pages() -> Vec<Page> {
        vec![
            page(
                "https://shop.example/shipping",
                "Shipping",
                &[
                    (
                        "Delivery times",
                        "We ship to all EU countries. Delivery to Finland takes 3 to 5 working days.",
                    ),
                    (
                        "Costs",
                        "Shipping is free for orders above 50 euros. Below that it costs 4.90 euros.",
                    ),
                ],
            ),
            page(
                "https://shop.example/returns",
                "Returns",
                &[(
                    "Returns policy",
                    "You can return any product within 30 days for a full refund.",
                )],
            ),
            page(
                "https://shop.example/contact",
                "Contact us",
                &[(
                    "Write to us",
                    "Our team answers e-mails within one business day.",
                )],
            ),
        ]
    }

    #[test]
    fn rebuild_search_and_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let registry = IndexRegistry::new(dir.path());
        assert!(registry.current("shop", Language::En, 1).unwrap().is_none());
        let index = registry
            .rebuild("shop", Language::En, 1, &shop_pages())
            .unwrap();
        assert_eq!(index.passage_count(), 4);
        let hits = index
            .search("How long does delivery to Finland take?", 3)
            .unwrap();
        assert_eq!(hits[0].url, "https://shop.example/shipping");
        assert_eq!(hits[0].heading, "Delivery times");
        assert_eq!(
            index.contact_page().unwrap().url,
            "https://shop.example/contact"
        );

        let fresh = IndexRegistry::new(dir.path());
        let reopened = fresh
            .current("shop", Language::En, 1)
            .unwrap()
            .expect("on disk");
        assert_eq!(
            reopened.search("refund", 1).unwrap()[0].url,
            "https://shop.example/returns"
        );
        assert!(
            fresh.current("shop", Language::En, 2).unwrap().is_none(),
            "stale version"
        );
        assert!(
            fresh.current("shop", Language::Fr, 1).unwrap().is_none(),
            "other language"
        );
    }

    #[test]
    fn stemming_stop_words_and_accents() {
        let dir = tempfile::tempdir().unwrap();
        let registry = IndexRegistry::new(dir.path());
        let pages = vec![page(
            "https://b.example/livraison",
            "Livraison",
            &[("Délais", "Nous livrons en Finlande en cinq jours ouvrés.")],
        )];
        let index = registry.rebuild("b", Language::Fr, 1, &pages).unwrap();
        assert_eq!(
            index.analyze("les délais de livraison").len(),
            2,
            "stop words dropped"
        );
        assert_eq!(
            index.analyze("Livraisons"),
            index.analyze("livraison"),
            "stemmed"
        );
        assert_eq!(index.search("delais livraisons", 1).unwrap().len(), 1);
        assert!(index.search("le la les", 1).unwrap().is_empty());
    }
}
