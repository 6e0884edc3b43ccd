//! The embedding model of the hybrid mode (feature `dense`), when its folder is there
//! (`scripts/fetch-minilm.sh`): 384-dimensional unit vectors, a paraphrase nearer than an
//! unrelated sentence, and the same vector for a text alone or in a padded batch.
#![cfg(feature = "dense")]

use std::path::Path;

use sotto_knowledge::dense::Embedder;

#[test]
fn paraphrases_are_nearer_than_unrelated_sentences() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models/all-minilm-l6-v2");
    if !folder.join("model.safetensors").is_file() {
        println!(
            "skipped: no model in {} (scripts/fetch-minilm.sh)",
            folder.display()
        );
        return;
    }
    let embedder = Embedder::load(&folder).unwrap();
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
