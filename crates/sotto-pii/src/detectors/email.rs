//! E-mail addresses.

use std::sync::LazyLock;

use regex::Regex;

use crate::entity::{EntityType, Span};

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[\w.%+\-]+@[\w\-]+(?:\.[\w\-]+)*\.[A-Za-z]{2,24}").expect("valid regex")
});

pub(crate) fn find(text: &str, out: &mut Vec<Span>) {
    for m in EMAIL.find_iter(text) {
        let local = &text[m.start()..m.as_str().find('@').map_or(m.end(), |i| m.start() + i)];
        let start = m.start() + (local.len() - local.trim_start_matches('.').len());
        if start < m.end() {
            out.push(Span::new(EntityType::Email, start, m.end(), 0.99));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_addresses_with_unicode_and_subdomains() {
        let mut out = Vec::new();
        find("écrivez à jérôme.dupont@mail.example.fr.", &mut out);
        assert_eq!(out.len(), 1);
        find("no at sign here @ all", &mut out);
        assert_eq!(out.len(), 1);
    }
}
