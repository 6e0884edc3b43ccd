//! From raw detections to the reported entities: overlapping spans are settled (the higher
//! score wins, then the longer span), and byte offsets become character offsets.

use std::collections::BTreeMap;

use crate::entity::{Entity, Span};

/// Keeps non-overlapping spans, best first, in O(n log n).
pub(crate) fn settle(mut spans: Vec<Span>) -> Vec<Span> {
    spans.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(b.len().cmp(&a.len()))
            .then(a.start.cmp(&b.start))
    });
    let mut kept: BTreeMap<usize, Span> = BTreeMap::new();
    for span in spans {
        let clashes_before = kept
            .range(..span.end)
            .next_back()
            .is_some_and(|(_, k)| k.overlaps(&span));
        if !clashes_before {
            kept.insert(span.start, span);
        }
    }
    kept.into_values().collect()
}

/// Converts sorted, non-overlapping byte spans to character offsets in one pass.
pub(crate) fn to_entities(text: &str, spans: Vec<Span>) -> Vec<Entity> {
    let mut entities = Vec::with_capacity(spans.len());
    let mut chars_before = 0;
    let mut byte_at = 0;
    let mut advance = |to: usize| {
        chars_before += text[byte_at..to].chars().count();
        byte_at = to;
        chars_before
    };
    for span in spans {
        let start = advance(span.start);
        let end = advance(span.end);
        entities.push(Entity {
            kind: span.kind,
            start,
            end,
            score: span.score,
            label: span.label,
        });
    }
    entities
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entity::EntityType;

    #[test]
    fn the_stronger_span_wins_and_offsets_count_characters() {
        let spans = vec![
            Span::new(EntityType::Phone, 5, 12, 0.6),
            Span::new(EntityType::CreditCard, 4, 14, 0.97),
            Span::new(EntityType::Email, 18, 20, 0.99),
        ];
        let kept = settle(spans);
        assert_eq!(
            kept.iter().map(|s| s.kind).collect::<Vec<_>>(),
            [EntityType::CreditCard, EntityType::Email]
        );
        let entities = to_entities("éé0123456789ééab", kept);
        assert_eq!((entities[0].start, entities[0].end), (2, 12));
        assert_eq!((entities[1].start, entities[1].end), (14, 16));
    }
}
