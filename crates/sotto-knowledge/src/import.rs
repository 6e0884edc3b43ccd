//! Imports a folder of HTML and Markdown files as pages of a site. Each page's URL comes from the
//! page itself (canonical link, front matter `url`) or from `base_url` plus its path:
//! `index.html`/`index.md` map to their folder (`/`, `/faq/`), other HTML files keep their name,
//! Markdown files lose their extension (`pricing.md` → `/pricing`).

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

pub use crate::chunk::PageChunk;
use crate::chunk::{MAX_WORDS, chunk_sections};
use crate::extract::{ExtractedPage, html, markdown};

/// One page ready to be stored and indexed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// Canonical URL, without query or fragment.
    pub url: String,
    /// Title.
    pub title: String,
    /// Declared language, if any.
    pub language: Option<String>,
    /// SHA-256 of the title and passages, to skip unchanged pages on re-import.
    pub content_hash: String,
    /// When the store took this content (its crawl or import time); `None` for a page just
    /// read and not stored yet. Answers cite it with the digest as the page's version.
    pub stored_at: Option<i64>,
    /// Passages in reading order.
    pub chunks: Vec<PageChunk>,
}

/// Why an import failed.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The path is not a readable folder.
    #[error("{0} is not a readable folder")]
    NotAFolder(PathBuf),
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A file declares no URL and no base URL was given.
    #[error("{0} declares no URL: pass --base-url or add `url:` front matter")]
    NoUrl(PathBuf),
    /// The base URL is not an http(s) URL.
    #[error("the base URL must start with http:// or https://")]
    BadBaseUrl,
}

/// The kinds of files an import reads.
fn is_content_file(path: &Path) -> bool {
    matches!(
        path.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("html" | "htm" | "md" | "markdown")
    )
}

/// Lists content files under `root`, sorted, skipping hidden files and folders.
pub fn content_files(root: &Path) -> Result<Vec<PathBuf>, ImportError> {
    if !root.is_dir() {
        return Err(ImportError::NotAFolder(root.to_owned()));
    }
    let mut found = Vec::new();
    let mut pending = vec![root.to_owned()];
    while let Some(dir) = pending.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|source| ImportError::Read {
            path: dir.clone(),
            source,
        })?;
        for entry in entries {
            let entry = entry.map_err(|source| ImportError::Read {
                path: dir.clone(),
                source,
            })?;
            let path = entry.path();
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            if path.is_dir() {
                pending.push(path);
            } else if is_content_file(&path) {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}

/// Reads one file into a page; `Ok(None)` when it holds no text.
pub fn read_page(
    root: &Path,
    path: &Path,
    base_url: Option<&str>,
) -> Result<Option<Page>, ImportError> {
    let bytes = std::fs::read(path).map_err(|source| ImportError::Read {
        path: path.to_owned(),
        source,
    })?;
    let source = String::from_utf8_lossy(&bytes);
    let is_markdown = matches!(
        path.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("md" | "markdown")
    );
    let extracted = if is_markdown {
        markdown::extract(&source)
    } else {
        html::extract(&source)
    };
    let relative = path.strip_prefix(root).unwrap_or(path);
    let declared = extracted
        .declared_url
        .as_ref()
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    let url = match (declared, base_url) {
        (Some(url), _) => url.clone(),
        (None, Some(base)) => url_for(base, relative, is_markdown)?,
        (None, None) => return Err(ImportError::NoUrl(path.to_owned())),
    };
    let fallback_title = relative
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(build_page(
        extracted,
        sotto_core::page_url::strip_query_and_fragment(&url),
        &fallback_title,
        MAX_WORDS,
    ))
}

/// A page from extracted content: its passages of at most `max_words` words and its content
/// hash; `None` when it has no text. Shared by the folder import, the crawler and the
/// evaluation, so that all three index exactly what production indexes.
pub fn build_page(
    extracted: ExtractedPage,
    url: &str,
    fallback_title: &str,
    max_words: usize,
) -> Option<Page> {
    let chunks = chunk_sections(&extracted.sections, max_words);
    if chunks.is_empty() {
        return None;
    }
    let title = if extracted.title.is_empty() {
        fallback_title.to_owned()
    } else {
        extracted.title
    };
    let mut hasher = Sha256::new();
    hasher.update(title.as_bytes());
    for chunk in &chunks {
        hasher.update([0]);
        hasher.update(chunk.heading.as_bytes());
        hasher.update([0]);
        hasher.update(chunk.text.as_bytes());
    }
    Some(Page {
        url: url.to_owned(),
        title,
        language: extracted.language,
        content_hash: hex::encode(hasher.finalize()),
        stored_at: None,
        chunks,
    })
}

fn url_for(base: &str, relative: &Path, is_markdown: bool) -> Result<String, ImportError> {
    if !(base.starts_with("http://") || base.starts_with("https://")) {
        return Err(ImportError::BadBaseUrl);
    }
    let mut parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let file = parts.pop().unwrap_or_default();
    let stem = Path::new(&file)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let last = if stem == "index" {
        String::new()
    } else if is_markdown {
        stem
    } else {
        file
    };
    parts.push(last);
    Ok(format!(
        "{}/{}",
        base.trim_end_matches('/'),
        parts.join("/")
    ))
}

/// Imports every content file under `root`, calling `progress(done, total)` after each file.
/// Pages with identical content are kept once.
pub fn import_folder(
    root: &Path,
    base_url: Option<&str>,
    mut progress: impl FnMut(usize, usize),
) -> Result<Vec<Page>, ImportError> {
    let files = content_files(root)?;
    let mut pages: Vec<Page> = Vec::with_capacity(files.len());
    for (done, path) in files.iter().enumerate() {
        if let Some(page) = read_page(root, path, base_url)?
            && !pages
                .iter()
                .any(|p| p.content_hash == page.content_hash || p.url == page.url)
        {
            pages.push(page);
        }
        progress(done + 1, files.len());
    }
    Ok(pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_follow_the_folder_layout() {
        let base = "https://shop.example/";
        assert_eq!(
            url_for(base, Path::new("index.html"), false).unwrap(),
            "https://shop.example/"
        );
        assert_eq!(
            url_for(base, Path::new("faq/index.md"), true).unwrap(),
            "https://shop.example/faq/"
        );
        assert_eq!(
            url_for(base, Path::new("about.html"), false).unwrap(),
            "https://shop.example/about.html"
        );
        assert_eq!(
            url_for(base, Path::new("help/pricing.md"), true).unwrap(),
            "https://shop.example/help/pricing"
        );
        assert!(matches!(
            url_for("ftp://x", Path::new("a.md"), true),
            Err(ImportError::BadBaseUrl)
        ));
    }

    #[test]
    fn imports_a_folder_with_progress_and_dedup() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.md"), "# A\n\nText about apples.").unwrap();
        std::fs::write(dir.path().join("copy.md"), "# A\n\nText about apples.").unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(
            dir.path().join("sub/b.html"),
            "<title>B</title><p>Bananas?q</p>",
        )
        .unwrap();
        std::fs::write(dir.path().join("notes.txt"), "ignored").unwrap();
        std::fs::write(dir.path().join(".hidden.md"), "# H\n\nhidden").unwrap();
        std::fs::write(
            dir.path().join("declared.md"),
            "---\nurl: https://other.example/x?utm=1#top\n---\n# D\n\nDeclared.",
        )
        .unwrap();
        let mut calls = Vec::new();
        let pages = import_folder(dir.path(), Some("https://shop.example"), |d, t| {
            calls.push((d, t))
        })
        .unwrap();
        assert_eq!(calls.last(), Some(&(4, 4)));
        let urls: Vec<_> = pages.iter().map(|p| p.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "https://shop.example/a",
                "https://other.example/x",
                "https://shop.example/sub/b.html"
            ]
        );
        assert_eq!(pages[2].title, "B");
    }

    #[test]
    fn missing_url_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.md"), "# A\n\ntext").unwrap();
        assert!(matches!(
            import_folder(dir.path(), None, |_, _| {}),
            Err(ImportError::NoUrl(_))
        ));
        assert!(matches!(
            import_folder(&dir.path().join("missing"), None, |_, _| {}),
            Err(ImportError::NotAFolder(_))
        ));
        let relative = tempfile::tempdir().unwrap();
        std::fs::write(
            relative.path().join("b.html"),
            r#"<html><head><link rel="canonical" href="/b"></head><body><p>t</p></body></html>"#,
        )
        .unwrap();
        assert!(
            matches!(
                import_folder(relative.path(), None, |_, _| {}),
                Err(ImportError::NoUrl(_))
            ),
            "a relative canonical link is no URL for a file"
        );
    }
}
