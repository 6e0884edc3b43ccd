//! How a site's widget looks and greets: its colours (refused when they fail WCAG AA), the
//! corner it sits in and how far from the edges, the launcher's label, the panel's title and
//! greeting, and up to four suggested questions shown before the first message. It is public
//! (the widget reads it with the site's settings) and says nothing about any visitor; a
//! suggested question becomes a visitor's message only when they click it.

use serde::{Deserialize, Serialize};
use sotto_core::SiteId;
use sotto_core::access::Permission;
use sotto_store::{ConversationStore, MainStore};
use tracing::info;

use crate::team::access::{Actor, Caller};
use crate::{AppError, AppResult, Sotto};

/// Most suggested questions shown before the first message.
pub const MAX_SUGGESTIONS: usize = 4;
/// Longest suggested question, in characters.
const MAX_SUGGESTION_CHARS: usize = 120;
/// Longest launcher label, in characters: it sits on a button in the corner of every page.
const MAX_LABEL_CHARS: usize = 40;
/// Longest panel title, in characters.
const MAX_TITLE_CHARS: usize = 60;
/// Longest greeting, in characters.
const MAX_GREETING_CHARS: usize = 300;
/// Farthest the launcher may sit from the window's edges, in CSS pixels.
const MAX_OFFSET_PX: u16 = 200;
/// WCAG AA for text (1.4.3): the text on the accent colour.
const TEXT_CONTRAST_MIN: f64 = 4.5;
/// WCAG AA for the parts of an interface (1.4.11): the launcher and the send button against
/// the white of the panel and of most pages.
const PART_CONTRAST_MIN: f64 = 3.0;

/// The widget's colours, corner, labels, greeting and suggested questions for one site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WidgetAppearance {
    /// The colour of the launcher, the panel's header, the send button and the visitor's own
    /// messages, `#rrggbb`; at least 3:1 against white.
    #[serde(default = "default_accent")]
    pub accent_color: String,
    /// The colour of text on the accent colour, `#rrggbb`; at least 4.5:1 against it.
    #[serde(default = "default_accent_text")]
    pub accent_text_color: String,
    /// The bottom corner the launcher and the panel sit in.
    #[serde(default)]
    pub position: Corner,
    /// Distance from the side of the window, in CSS pixels (0–200).
    #[serde(default = "default_offset")]
    pub offset_x: u16,
    /// Distance from the bottom of the window, in CSS pixels (0–200).
    #[serde(default = "default_offset")]
    pub offset_y: u16,
    /// A label on the launcher instead of its question mark ("Ask us"), up to 40 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub launcher_label: Option<String>,
    /// The panel's title instead of the widget's "Assistant" (in the visitor's language), up
    /// to 60 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Shown as the assistant's first words before a conversation starts (never stored), up
    /// to 300 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub greeting: Option<String>,
    /// Up to four questions offered before the first message; a click sends one.
    #[serde(default)]
    pub suggested_questions: Vec<String>,
    /// Whether the `sotto:answer` event the widget sends the page's own scripts carries the
    /// answer's text (its kind and citations always): off by default, since any script on
    /// the page would read it.
    #[serde(default)]
    pub answer_text_in_events: bool,
}

/// Which bottom corner of the window.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Corner {
    /// Bottom right (the default).
    #[default]
    Right,
    /// Bottom left.
    Left,
}

fn default_accent() -> String {
    "#2b4c7e".into()
}

fn default_accent_text() -> String {
    "#ffffff".into()
}

fn default_offset() -> u16 {
    20
}

impl Default for WidgetAppearance {
    fn default() -> Self {
        Self {
            accent_color: default_accent(),
            accent_text_color: default_accent_text(),
            position: Corner::Right,
            offset_x: default_offset(),
            offset_y: default_offset(),
            launcher_label: None,
            title: None,
            greeting: None,
            suggested_questions: Vec::new(),
            answer_text_in_events: false,
        }
    }
}

impl WidgetAppearance {
    /// The appearance as stored: colours lower-cased and checked for contrast, texts trimmed
    /// (an empty one is no text) and within their lengths, offsets within range.
    pub fn checked(mut self) -> AppResult<Self> {
        let accent = colour("accent_color", &self.accent_color)?;
        let text = colour("accent_text_color", &self.accent_text_color)?;
        let on_accent = contrast(accent, text);
        if on_accent < TEXT_CONTRAST_MIN {
            return Err(AppError::Invalid(format!(
                "accent_text_color on accent_color has a contrast of {on_accent:.2}:1; WCAG AA asks {TEXT_CONTRAST_MIN}:1"
            )));
        }
        let on_white = contrast(accent, WHITE);
        if on_white < PART_CONTRAST_MIN {
            return Err(AppError::Invalid(format!(
                "accent_color has a contrast of {on_white:.2}:1 against white; WCAG AA asks {PART_CONTRAST_MIN}:1 for the launcher and buttons"
            )));
        }
        self.accent_color = self.accent_color.to_ascii_lowercase();
        self.accent_text_color = self.accent_text_color.to_ascii_lowercase();
        for (name, offset) in [("offset_x", self.offset_x), ("offset_y", self.offset_y)] {
            if offset > MAX_OFFSET_PX {
                return Err(AppError::Invalid(format!(
                    "{name} must be 0 to {MAX_OFFSET_PX} pixels"
                )));
            }
        }
        self.launcher_label = text_of("launcher_label", self.launcher_label, MAX_LABEL_CHARS)?;
        self.title = text_of("title", self.title, MAX_TITLE_CHARS)?;
        self.greeting = text_of("greeting", self.greeting, MAX_GREETING_CHARS)?;
        let mut questions = Vec::new();
        for question in self.suggested_questions {
            if let Some(question) =
                text_of("a suggested question", Some(question), MAX_SUGGESTION_CHARS)?
                && !questions.contains(&question)
            {
                questions.push(question);
            }
        }
        if questions.len() > MAX_SUGGESTIONS {
            return Err(AppError::Invalid(format!(
                "at most {MAX_SUGGESTIONS} suggested questions"
            )));
        }
        self.suggested_questions = questions;
        Ok(self)
    }
}

/// Red, green and blue of `#rrggbb`, 0–255.
type Rgb = [u8; 3];

const WHITE: Rgb = [255, 255, 255];

/// `value` read as `#rrggbb`, or the reason it is refused.
fn colour(name: &str, value: &str) -> AppResult<Rgb> {
    let hex = value
        .strip_prefix('#')
        .filter(|h| h.len() == 6 && h.chars().all(|c| c.is_ascii_hexdigit()));
    let Some(hex) = hex else {
        return Err(AppError::Invalid(format!(
            "{name} must be a colour like #2b4c7e"
        )));
    };
    let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0);
    Ok([channel(0), channel(2), channel(4)])
}

/// WCAG 2's contrast ratio of two colours (1 to 21).
fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (a, b) = (luminance(a), luminance(b));
    (a.max(b) + 0.05) / (a.min(b) + 0.05)
}

/// WCAG 2's relative luminance of an sRGB colour.
fn luminance(rgb: Rgb) -> f64 {
    let linear = |channel: u8| {
        let v = f64::from(channel) / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(rgb[0]) + 0.7152 * linear(rgb[1]) + 0.0722 * linear(rgb[2])
}

/// A text field trimmed, `None` when empty; refused when longer than `max` characters or
/// holding control characters.
fn text_of(name: &str, value: Option<String>, max: usize) -> AppResult<Option<String>> {
    let Some(value) = value else {
        return Ok(None);
    };
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    if value.chars().count() > max || value.chars().any(char::is_control) {
        return Err(AppError::Invalid(format!(
            "{name} must be at most {max} characters on one line"
        )));
    }
    Ok(Some(value.to_owned()))
}

/// The settings document key of a site's appearance.
pub(crate) fn appearance_key(site: &SiteId) -> String {
    format!("appearance:{site}")
}

impl<M: MainStore, C: ConversationStore> Sotto<M, C> {
    /// A site's appearance (the defaults until set).
    pub async fn site_appearance(&self, site: &SiteId) -> AppResult<WidgetAppearance> {
        let record = self.site_record(site).await?;
        self.settings_of(record.tenant_id, &appearance_key(site))
            .await
    }

    /// Replaces a site's appearance, after checking it; audited as `site.appearance`.
    pub async fn set_site_appearance(
        &self,
        site: &SiteId,
        appearance: WidgetAppearance,
        actor: &Actor,
    ) -> AppResult<WidgetAppearance> {
        let appearance = appearance.checked()?;
        let record = self.site_record(site).await?;
        self.put_settings(record.tenant_id, &appearance_key(site), &appearance)
            .await?;
        self.audit(record.tenant_id, actor, "site.appearance", site.as_str())
            .await?;
        info!(tenant = %record.tenant_id, site = %site, "site appearance changed");
        Ok(appearance)
    }

    /// The appearance of a site of the caller's tenant.
    pub async fn team_site_appearance(
        &self,
        caller: &Caller,
        site: &SiteId,
    ) -> AppResult<WidgetAppearance> {
        caller.require(Permission::ManageSites)?;
        self.caller_site(caller, site).await?;
        // The site is the caller's tenant's: read its document without looking it up again.
        self.settings_of(caller.tenant, &appearance_key(site)).await
    }

    /// Replaces the appearance of a site of the caller's tenant.
    pub async fn team_set_site_appearance(
        &self,
        caller: &Caller,
        site: &SiteId,
        appearance: WidgetAppearance,
    ) -> AppResult<WidgetAppearance> {
        caller.require(Permission::ManageSites)?;
        self.caller_site(caller, site).await?;
        self.set_site_appearance(site, appearance, &caller.actor)
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_colours(accent: &str, text: &str) -> WidgetAppearance {
        WidgetAppearance {
            accent_color: accent.into(),
            accent_text_color: text.into(),
            ..WidgetAppearance::default()
        }
    }

    #[test]
    fn contrast_ratios_are_wcags() {
        assert!((contrast([0, 0, 0], WHITE) - 21.0).abs() < 1e-9);
        assert!((contrast(WHITE, WHITE) - 1.0).abs() < 1e-9);
        // #767676 is the lightest grey with 4.5:1 on white.
        assert!(contrast([0x76, 0x76, 0x76], WHITE) >= 4.5);
        assert!(contrast([0x77, 0x77, 0x77], WHITE) < 4.5);
    }

    #[test]
    fn colours_failing_aa_are_refused() {
        assert!(WidgetAppearance::default().checked().is_ok());
        let dark_on_dark = with_colours("#2b4c7e", "#1d1d1f").checked();
        assert!(matches!(dark_on_dark, Err(AppError::Invalid(m)) if m.contains("contrast")));
        let pale = with_colours("#ffe680", "#1d1d1f").checked();
        assert!(matches!(pale, Err(AppError::Invalid(m)) if m.contains("against white")));
        let named = with_colours("navy", "#ffffff").checked();
        assert!(matches!(named, Err(AppError::Invalid(m)) if m.contains("#2b4c7e")));
        let upper = with_colours("#1E6B34", "#FFFFFF").checked().unwrap();
        assert_eq!(upper.accent_color, "#1e6b34");
    }

    #[test]
    fn texts_are_trimmed_bounded_and_questions_at_most_four() {
        let trimmed = WidgetAppearance {
            title: Some("  ".into()),
            greeting: Some(" Hello! ".into()),
            suggested_questions: vec![" A? ".into(), "A?".into(), "".into()],
            ..WidgetAppearance::default()
        }
        .checked()
        .unwrap();
        assert_eq!(trimmed.title, None);
        assert_eq!(trimmed.greeting.as_deref(), Some("Hello!"));
        assert_eq!(trimmed.suggested_questions, vec!["A?".to_owned()]);
        let five = WidgetAppearance {
            suggested_questions: (1..=5).map(|n| format!("Question {n}?")).collect(),
            ..WidgetAppearance::default()
        };
        assert!(five.checked().is_err());
        let long = WidgetAppearance {
            launcher_label: Some("x".repeat(41)),
            ..WidgetAppearance::default()
        };
        assert!(long.checked().is_err());
        let two_lines = WidgetAppearance {
            greeting: Some("Hello\nthere".into()),
            ..WidgetAppearance::default()
        };
        assert!(two_lines.checked().is_err());
        let far = WidgetAppearance {
            offset_y: 201,
            ..WidgetAppearance::default()
        };
        assert!(far.checked().is_err());
    }
}
