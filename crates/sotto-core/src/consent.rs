//! Consent: what a visitor may agree to, and how a site asks before it stores conversations.
//! Every grant and withdrawal is an event of the tenant's hash-chained consent ledger.

named_enum!(
    /// What a consent event is about. Each purpose is asked for on its own.
    ConsentPurpose {
        /// Storing the visitor's conversations (needed first on an opt-in site).
        ConversationStorage => "conversation_storage",
        /// Being contacted by e-mail about what the visitor asked.
        EmailFollowup => "email_followup",
        /// Receiving marketing e-mail; never implied by any other consent.
        Marketing => "marketing",
    }
);

named_enum!(
    /// The legal basis on which a site stores conversations.
    #[derive(Default)]
    ConsentMode {
        /// Stored from the first message on the site's legitimate interest (GDPR art. 6(1)(f));
        /// the visitor can object at any time and nothing of theirs is stored from then on.
        #[default]
        LegitimateInterest => "legitimate_interest",
        /// Stored only after the visitor agreed in the widget (art. 6(1)(a)); until then
        /// answers work and the history lives only in their browser.
        OptIn => "opt_in",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for purpose in ConsentPurpose::ALL {
            assert_eq!(ConsentPurpose::parse(purpose.as_str()), Some(*purpose));
        }
        for mode in ConsentMode::ALL {
            assert_eq!(ConsentMode::parse(mode.as_str()), Some(*mode));
        }
        assert_eq!(ConsentMode::parse("implied"), None);
        assert_eq!(ConsentMode::default(), ConsentMode::LegitimateInterest);
    }
}
