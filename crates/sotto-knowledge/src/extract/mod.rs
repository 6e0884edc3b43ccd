//! Turns a source file into an [`ExtractedPage`]: a title and sections of clean text, without
//! navigation, scripts, footers or cookie banners.

pub mod html;
pub mod markdown;

/// A page's readable content.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ExtractedPage {
    /// Title from `<title>`, front matter or the first level-1 heading.
    pub title: String,
    /// Declared language (`<html lang>` or front matter).
    pub language: Option<String>,
    /// URL declared by the page itself (canonical link, possibly relative, or front matter
    /// `url`).
    pub declared_url: Option<String>,
    /// Sections in reading order.
    pub sections: Vec<Section>,
}

/// Text under one heading.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Section {
    /// The heading text (empty before the first heading).
    pub heading: String,
    /// Paragraphs, list items and table cells, whitespace-normalized.
    pub paragraphs: Vec<String>,
}

/// Collects text into sections, normalizing whitespace; shared by both extractors.
#[derive(Default)]
pub(crate) struct SectionBuilder {
    sections: Vec<Section>,
    paragraph: String,
}

impl SectionBuilder {
    pub(crate) fn text(&mut self, text: &str) {
        self.paragraph.push_str(text);
    }

    pub(crate) fn break_paragraph(&mut self) {
        let paragraph = normalize_space(&std::mem::take(&mut self.paragraph));
        if paragraph.is_empty() {
            return;
        }
        if self.sections.is_empty() {
            self.sections.push(Section::default());
        }
        if let Some(last) = self.sections.last_mut() {
            last.paragraphs.push(paragraph);
        }
    }

    pub(crate) fn heading(&mut self, heading: String) {
        self.break_paragraph();
        self.sections.push(Section {
            heading,
            paragraphs: Vec::new(),
        });
    }

    pub(crate) fn finish(mut self) -> Vec<Section> {
        self.break_paragraph();
        self.sections.retain(|s| !s.paragraphs.is_empty());
        self.sections
    }
}

/// Collapses runs of whitespace into single spaces.
pub fn normalize_space(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
