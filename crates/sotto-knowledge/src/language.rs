//! Content languages. Each selects a stemmer and stop-word list for retrieval and the wording of
//! the built-in replies.

/// A language Sotto analyses and answers in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Language {
    /// English (the default).
    #[default]
    En,
    /// French.
    Fr,
    /// German.
    De,
    /// Finnish.
    Fi,
    /// Spanish.
    Es,
    /// Italian.
    It,
    /// Dutch.
    Nl,
}

impl Language {
    /// Every supported language.
    pub const ALL: [Language; 7] = [
        Language::En,
        Language::Fr,
        Language::De,
        Language::Fi,
        Language::Es,
        Language::It,
        Language::Nl,
    ];

    /// Parses a language tag (`fr`, `fr-BE`, `FR`); `None` when unsupported.
    pub fn from_tag(tag: &str) -> Option<Self> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        Self::ALL.into_iter().find(|l| l.code() == primary)
    }

    /// The ISO 639-1 code.
    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Fr => "fr",
            Language::De => "de",
            Language::Fi => "fi",
            Language::Es => "es",
            Language::It => "it",
            Language::Nl => "nl",
        }
    }

    pub(crate) fn tantivy(self) -> tantivy::tokenizer::Language {
        use tantivy::tokenizer::Language as T;
        match self {
            Language::En => T::English,
            Language::Fr => T::French,
            Language::De => T::German,
            Language::Fi => T::Finnish,
            Language::Es => T::Spanish,
            Language::It => T::Italian,
            Language::Nl => T::Dutch,
        }
    }
}

/// Folds accents away and lower-cases, so that cues match what visitors type without them.
pub(crate) fn fold(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ä' | 'å' | 'ã' => 'a',
            'ç' => 'c',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ñ' => 'n',
            'ò' | 'ó' | 'ô' | 'ö' | 'õ' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ß' => 's',
            '’' => '\'',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_parse() {
        assert_eq!(Language::from_tag("fr-BE"), Some(Language::Fr));
        assert_eq!(Language::from_tag("EN"), Some(Language::En));
        assert_eq!(Language::from_tag("xx"), None);
        for l in Language::ALL {
            assert_eq!(Language::from_tag(l.code()), Some(l));
        }
    }
}
