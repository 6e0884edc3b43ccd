//! The export as a page a person can read: one self-contained HTML file (no script, no
//! external resource), every stored value escaped.

use std::fmt::Write;

use pulldown_cmark_escape::escape_href;

use crate::chat::votes::Direction;
use crate::compliance::html::{text, time};
use crate::rights::export::{ExportedConversation, VisitorExport};

fn conversation(out: &mut String, c: &ExportedConversation) {
    out.push_str("<section><h2>Conversation on ");
    text(out, c.site_id.as_str());
    let _ = write!(
        out,
        "</h2><p class=\"meta\">Started {}, last activity {}, phase {}</p>",
        time(c.created_at),
        time(c.updated_at),
        c.phase.as_str()
    );
    for m in &c.messages {
        let _ = write!(
            out,
            "<div class=\"{}\"><p class=\"meta\">{} · {}",
            m.role,
            if m.role == "visitor" {
                "You"
            } else {
                "Assistant"
            },
            time(m.created_at)
        );
        if let Some(page) = &m.page_url {
            out.push_str(" · on ");
            text(out, page);
        }
        out.push_str("</p><p>");
        text(out, &m.text);
        out.push_str("</p>");
        for citation in &m.citations {
            out.push_str("<p class=\"source\">Source: <a href=\"");
            escape_href(&mut *out, &citation.url).expect("writing to a String cannot fail");
            out.push_str("\">");
            text(out, &citation.title);
            out.push_str("</a></p>");
        }
        if let Some(vote) = &m.vote {
            let _ = write!(
                out,
                "<p class=\"meta\">Your vote, {}: {}",
                time(vote.voted_at),
                match vote.vote {
                    Direction::Up => "helpful",
                    Direction::Down => "not helpful",
                }
            );
            if let Some(comment) = &vote.comment {
                out.push_str(" · ");
                text(out, comment);
            }
            out.push_str("</p>");
        }
        out.push_str("</div>");
    }
    for page in &c.cited_pages {
        out.push_str("<details class=\"cited\"><summary>The page ");
        text(out, &page.title);
        out.push_str(" (");
        text(out, &page.url);
        let _ = write!(
            out,
            ") as the assistant read it, stored {}</summary>",
            time(page.stored_at)
        );
        for passage in &page.passages {
            out.push_str("<h3>");
            text(out, &passage.heading);
            out.push_str("</h3><p>");
            text(out, &passage.text);
            out.push_str("</p>");
        }
        out.push_str("</details>");
    }
    out.push_str("</section>");
}

impl VisitorExport {
    /// The export as one HTML page.
    pub fn to_html(&self) -> String {
        let mut out = String::from(
            "<!doctype html><html><head><meta charset=\"utf-8\"><title>Your data</title><style>body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;line-height:1.5}.meta{color:#555;font-size:.85rem;margin:0}.visitor,.assistant{border-left:3px solid #888;padding:.25rem .75rem;margin:.75rem 0}.visitor{border-color:#2563eb}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}</style></head><body><h1>Your data held by ",
        );
        text(&mut out, &self.controller.name);
        let _ = write!(
            out,
            "</h1><p>Exported {}. Personal data shown as [TYPE] was removed before anything was stored. The same data as JSON: <code>?format=json</code>.</p>",
            time(self.exported_at)
        );
        if self.conversations.is_empty() {
            out.push_str("<p>No conversation is stored.</p>");
        }
        for c in &self.conversations {
            conversation(&mut out, c);
        }
        out.push_str("<h2>Your requests</h2><table><tr><th>Request</th><th>Channel</th><th>Received</th><th>Status</th></tr>");
        for r in &self.requests {
            let _ = write!(
                out,
                "<tr><td>{} ({})</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                r.kind.as_str(),
                r.scope,
                r.channel.as_str(),
                time(r.received_at),
                r.status.as_str()
            );
        }
        out.push_str("</table><h2>Your consents</h2>");
        if self.consents.is_empty() {
            out.push_str("<p>You gave or withdrew no consent.</p>");
        } else {
            out.push_str("<table><tr><th>Purpose</th><th>Answer</th><th>When</th><th>Question shown</th></tr>");
            for c in &self.consents {
                let _ = write!(
                    out,
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td>version {} (",
                    c.purpose.as_str(),
                    if c.granted { "granted" } else { "withdrawn" },
                    time(c.at),
                    c.text_version,
                );
                text(&mut out, &c.language);
                out.push_str("), SHA-256 <code>");
                text(&mut out, &c.text_sha256);
                out.push_str("</code></td></tr>");
            }
            out.push_str("</table>");
        }
        out.push_str("<h2>Your e-mail addresses</h2>");
        if self.emails.is_empty() {
            out.push_str("<p>You left no e-mail address.</p>");
        } else {
            out.push_str("<table><tr><th>Address</th><th>Why</th><th>When</th></tr>");
            for e in &self.emails {
                out.push_str("<tr><td>");
                text(&mut out, &e.email);
                let _ = write!(
                    out,
                    "</td><td>{}</td><td>{}</td></tr>",
                    e.purpose.as_str(),
                    time(e.created_at)
                );
            }
            out.push_str("</table>");
        }
        out.push_str("</body></html>");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_iso_dates_in_utc() {
        assert_eq!(time(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(time(951_782_400), "2000-02-29 00:00:00 UTC");
        assert_eq!(time(1_763_887_530), "2025-11-23 08:45:30 UTC");
    }
}
