//! The hybrid mode (feature `dense`), when the model folder is there (`scripts/fetch-minilm.sh`;
//! otherwise each test says it was skipped): the embedding model's vectors, a question with no
//! word in common with the page found by meaning, and a rebuild embedding only what changed.
#![cfg(feature = "dense")]

use std::path::Path;
use std::sync::{Arc, OnceLock};

use sotto_knowledge::dense::Embedder;
use sotto_knowledge::index::unweighted;
use sotto_knowledge::{AnswerKind, ExtractiveAnswerer, IndexRegistry, Language, Page, PageChunk};

fn embedder() -> Option<Arc<Embedder>> {
    static LOADED: OnceLock<Option<Arc<Embedder>>> = OnceLock::new();
    LOADED
        .get_or_init(|| {
            let folder =
                Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models/all-minilm-l6-v2");
            if !folder.join("model.safetensors").is_file() {
                println!(
                    "skipped: no model in {} (scripts/fetch-minilm.sh)",
                    folder.display()
                );
                return None;
            }
            Some(Arc::new(Embedder::load(&folder).unwrap()))
        })
        .clone()
}

fn page(url: &str, title: &str, heading: &str, text: &str) -> Page {
    Page {
        url: url.into(),
        title: title.into(),
        language: None,
        content_hash: text.into(),
        chunks: vec![PageChunk {
            heading: heading.into(),
            text: text.into(),
        }],
    }
}

fn shop(returns_text: &str) -> Vec<Page> {
    vec![
        page(
            "https://shop.example/shipping",
            "Shipping",
            "Delivery times",
            "We ship to all EU countries. Delivery to Finland takes 3 to 5 working days.",
        ),
        page(
            "https://shop.example/returns",
            "Returns",
            "Refunds",
            returns_text,
        ),
        page(
            "https://shop.example/care",
            "Caring for ceramics",
            "Washing",
            "Our ceramic mugs are dishwasher safe and keep their glaze for years.",
        ),
    ]
}

const RETURNS: &str = "Any product can be returned within 30 days for a full refund.";

#[test]
fn paraphrases_are_nearer_than_unrelated_sentences() {
    let Some(embedder) = embedder() else { return };
    let texts = [
        "How long does delivery to Finland take?",
        "Parcels to Finland arrive within five working days.",
        "Our ceramic mugs are dishwasher safe.",
    ];
    let vectors = embedder.embed(&texts).unwrap();
    assert!(vectors.iter().all(|v| v.len() == 384));
    for v in &vectors {
        let norm: f32 = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-4, "{norm}");
    }
    let cosine = |a: &[f32], b: &[f32]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f32>();
    let related = cosine(&vectors[0], &vectors[1]);
    let unrelated = cosine(&vectors[0], &vectors[2]);
    assert!(related > unrelated + 0.2, "{related} vs {unrelated}");
    let alone = embedder.embed(&texts[2..]).unwrap();
    assert!(
        cosine(&alone[0], &vectors[2]) > 0.9999,
        "padding does not change a vector"
    );
}

#[test]
fn a_question_without_a_shared_word_is_found_by_meaning() {
    let Some(embedder) = embedder() else { return };
    let dir = tempfile::tempdir().unwrap();
    let index = IndexRegistry::new(dir.path())
        .with_embedder(embedder)
        .rebuild("shop", Language::En, 1, &shop(RETURNS))
        .unwrap();
    assert!(index.is_hybrid());
    let question = "Can I get my money back?";
    let terms = index.analyze(question);
    assert!(
        index.search_terms(&terms, 3).unwrap().is_empty(),
        "BM25 alone finds nothing: no word in common"
    );
    let hits = index.retrieve(question, &unweighted(terms), 3).unwrap();
    assert_eq!(hits[0].url, "https://shop.example/returns");
    assert!(hits.windows(2).all(|w| w[0].score >= w[1].score));

    // A question BM25 answers well keeps its page first after fusion.
    let question = "delivery to Finland";
    let hits = index
        .retrieve(question, &unweighted(index.analyze(question)), 3)
        .unwrap();
    assert_eq!(hits[0].url, "https://shop.example/shipping");
}

#[test]
fn an_unknown_answer_hands_on_the_passages_close_in_meaning() {
    let Some(embedder) = embedder() else { return };
    let dir = tempfile::tempdir().unwrap();
    let hybrid = IndexRegistry::new(dir.path())
        .with_embedder(embedder)
        .rebuild("shop", Language::En, 1, &shop(RETURNS))
        .unwrap();
    let answerer = ExtractiveAnswerer::default();
    let (answer, passages) = answerer
        .answer_with_passages(&hybrid, "Can I get my money back?")
        .unwrap();
    assert_eq!(
        answer.kind,
        AnswerKind::Unknown,
        "no sentence of the site to quote"
    );
    assert_eq!(
        passages.len(),
        1,
        "only the passage close in meaning: {passages:?}"
    );
    assert_eq!(passages[0].url, "https://shop.example/returns");
    assert!(passages[0].similarity.unwrap() >= answerer.min_similarity);
    let (answer, passages) = answerer
        .answer_with_passages(&hybrid, "Do you sell garden furniture?")
        .unwrap();
    assert_eq!(answer.kind, AnswerKind::Unknown);
    assert!(passages.is_empty(), "nothing close: {passages:?}");

    let plain_dir = tempfile::tempdir().unwrap();
    let plain = IndexRegistry::new(plain_dir.path())
        .rebuild("shop", Language::En, 1, &shop(RETURNS))
        .unwrap();
    let (answer, passages) = answerer
        .answer_with_passages(&plain, "Can I get my money back?")
        .unwrap();
    assert_eq!(answer.kind, AnswerKind::Unknown);
    assert!(passages.is_empty(), "BM25 alone hands on nothing");
}

#[test]
fn a_rebuild_embeds_only_changed_passages_and_vectors_survive_a_restart() {
    let Some(embedder) = embedder() else { return };
    let dir = tempfile::tempdir().unwrap();
    let registry = IndexRegistry::new(dir.path()).with_embedder(embedder.clone());
    let first = registry
        .rebuild("shop", Language::En, 1, &shop(RETURNS))
        .unwrap();
    assert_eq!(first.passages_embedded(), 3);
    let second = registry
        .rebuild(
            "shop",
            Language::En,
            2,
            &shop("Returns are free within 60 days; refunds reach your card in a week."),
        )
        .unwrap();
    assert_eq!(second.passages_embedded(), 1, "only the changed passage");

    // A restarted node opens the index and its vectors from disk.
    let restarted = IndexRegistry::new(dir.path()).with_embedder(embedder.clone());
    let reopened = restarted
        .current("shop", Language::En, 2)
        .unwrap()
        .expect("index and vectors on disk");
    assert!(reopened.is_hybrid());
    assert_eq!(reopened.passages_embedded(), 0);
    let question = "How long until refunds arrive?";
    let hits = reopened
        .retrieve(question, &unweighted(reopened.analyze(question)), 1)
        .unwrap();
    assert_eq!(hits[0].url, "https://shop.example/returns");

    // An index built without vectors is rebuilt once a model is configured.
    let plain = tempfile::tempdir().unwrap();
    IndexRegistry::new(plain.path())
        .rebuild("shop", Language::En, 1, &shop(RETURNS))
        .unwrap();
    let with_model = IndexRegistry::new(plain.path()).with_embedder(embedder);
    assert!(
        with_model
            .current("shop", Language::En, 1)
            .unwrap()
            .is_none()
    );
}
