//! The phase of a conversation: what the visitor is doing. Stored with each conversation and
//! returned with each reply so the widget and the team can react to it.

use serde::{Deserialize, Serialize};

/// `exploring` → `learning` → `requesting_contact`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Browsing, small talk, first questions.
    #[default]
    Exploring,
    /// Asking questions that the site's content answers.
    Learning,
    /// Wants a human or a follow-up.
    RequestingContact,
}

impl Phase {
    /// The stable stored and serialized name.
    pub fn as_str(&self) -> &'static str {
        match self {
            Phase::Exploring => "exploring",
            Phase::Learning => "learning",
            Phase::RequestingContact => "requesting_contact",
        }
    }

    /// Parses a stored name; `None` for anything unknown.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "exploring" => Some(Phase::Exploring),
            "learning" => Some(Phase::Learning),
            "requesting_contact" => Some(Phase::RequestingContact),
            _ => None,
        }
    }
}

named_enum!(
    /// What moved a conversation into a phase: stored with each change, so the team sees why.
    PhaseCause {
        /// The conversation began.
        Started => "started",
        /// The site's content answered a question.
        Answered => "answered",
        /// The visitor's words asked for a human or a follow-up (cue phrases, no model).
        ContactCue => "contact_cue",
        /// The configured language model read the (redacted) message as a request for contact.
        Model => "model",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for p in [Phase::Exploring, Phase::Learning, Phase::RequestingContact] {
            assert_eq!(Phase::parse(p.as_str()), Some(p));
        }
        assert_eq!(Phase::parse("other"), None);
        for cause in PhaseCause::ALL {
            assert_eq!(PhaseCause::parse(cause.as_str()), Some(*cause));
        }
    }
}
