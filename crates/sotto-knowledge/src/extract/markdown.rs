//! Markdown to clean text with pulldown-cmark, after an optional front matter block
//! (`---` lines around `key: value` pairs) that may declare `title`, `url` and `lang`.

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use super::{ExtractedPage, SectionBuilder, normalize_space};

/// Extracts a page from Markdown source.
pub fn extract(source: &str) -> ExtractedPage {
    let (front, body) = split_front_matter(source);
    let mut builder = SectionBuilder::default();
    let mut heading: Option<(HeadingLevel, String)> = None;
    let mut first_h1: Option<String> = None;
    for event in Parser::new(body) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => heading = Some((level, String::new())),
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, text)) = heading.take() {
                    let text = normalize_space(&text);
                    if level == HeadingLevel::H1 && first_h1.is_none() {
                        first_h1 = Some(text.clone());
                    }
                    builder.heading(text);
                }
            }
            Event::Text(text) | Event::Code(text) => match heading.as_mut() {
                Some((_, h)) => h.push_str(&text),
                None => builder.text(&text),
            },
            Event::SoftBreak | Event::HardBreak => match heading.as_mut() {
                Some((_, h)) => h.push(' '),
                None => builder.text(" "),
            },
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_),
            ) => builder.break_paragraph(),
            _ => {}
        }
    }
    let lookup = |key: &str| {
        front
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.clone())
            .filter(|v| !v.is_empty())
    };
    ExtractedPage {
        title: lookup("title").or(first_h1).unwrap_or_default(),
        language: lookup("lang").or_else(|| lookup("language")),
        declared_url: lookup("url"),
        sections: builder.finish(),
    }
}

/// Splits `---\nkey: value\n---\n` from the start of the source: the pairs and the body.
pub fn split_front_matter(source: &str) -> (Vec<(String, String)>, &str) {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let Some(rest) = source
        .strip_prefix("---\n")
        .or_else(|| source.strip_prefix("---\r\n"))
    else {
        return (Vec::new(), source);
    };
    let mut offset = 0;
    let mut pairs = Vec::new();
    for line in rest.split_inclusive('\n') {
        offset += line.len();
        let trimmed = line.trim();
        if trimmed == "---" {
            return (pairs, &rest[offset..]);
        }
        if let Some((key, value)) = trimmed.split_once(':') {
            let value = value.trim().trim_matches(|c| c == '"' || c == '\'');
            pairs.push((key.trim().to_owned(), value.to_owned()));
        }
    }
    (Vec::new(), source)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_and_sections() {
        let page = extract(
            "---\ntitle: \"Returns\"\nurl: https://shop.example/returns\nlang: en\n---\n# Returns policy\n\nYou may return any item\nwithin 30 days.\n\n## Refunds\n\n- Refunds take 5 days.\n- Shipping is `free`.\n",
        );
        assert_eq!(page.title, "Returns");
        assert_eq!(
            page.declared_url.as_deref(),
            Some("https://shop.example/returns")
        );
        assert_eq!(page.language.as_deref(), Some("en"));
        assert_eq!(page.sections[0].heading, "Returns policy");
        assert_eq!(
            page.sections[0].paragraphs,
            ["You may return any item within 30 days."]
        );
        assert_eq!(page.sections[1].heading, "Refunds");
        assert_eq!(
            page.sections[1].paragraphs,
            ["Refunds take 5 days.", "Shipping is free."]
        );
    }

    #[test]
    fn without_front_matter_the_first_h1_is_the_title() {
        let page = extract("# Pricing\n\nPlans start at 9 €.");
        assert_eq!(page.title, "Pricing");
        assert_eq!(page.declared_url, None);
    }

    #[test]
    fn unterminated_front_matter_is_plain_text() {
        let page = extract("---\ntitle: x\nno end");
        assert_eq!(page.title, "");
        assert!(!page.sections.is_empty());
    }
}
