//! Data subject requests (GDPR arts. 15–21): what was asked, through which channel, and where
//! it stands. Each request is due 30 days after it was received; the register keeps every
//! request with no more personal data than the visitor's pseudonym.

use crate::UnixTime;

/// How long a controller has to answer a request (GDPR art. 12(3): one month).
pub const RESPONSE_DAYS: i64 = 30;

/// The due date of a request received at `received_at`.
pub fn due_at(received_at: UnixTime) -> UnixTime {
    received_at + RESPONSE_DAYS * 86_400
}

/// Declares an enum with stable stored names, serialized as those names.
#[macro_export]
macro_rules! named_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident => $text:literal,)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vdoc])* $variant,)+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The stable stored and serialized name.
            pub fn as_str(&self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }

            /// Parses a stored name; `None` for anything unknown.
            pub fn parse(text: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|value| value.as_str() == text)
            }
        }
    };
}

named_enum!(
    /// What the data subject asked for.
    RequestKind {
        /// Erase their data (art. 17).
        Erasure => "erasure",
        /// A copy of their data (arts. 15 and 20).
        Access => "access",
        /// Stop storing their conversations (art. 21).
        Objection => "objection",
        /// Storage may resume: the objection is withdrawn.
        ObjectionWithdrawn => "objection_withdrawn",
    }
);

named_enum!(
    /// Where the request came from.
    Channel {
        /// The visitor, from the widget (the public API).
        Widget => "widget",
        /// The tenant's systems, through the admin API.
        Api => "api",
        /// A team member, in the admin UI.
        Admin => "admin",
        /// An operator, with the `sotto` command.
        Cli => "cli",
        /// A letter or e-mail to the tenant, entered by a team member.
        Email => "email",
    }
);

named_enum!(
    /// Where a request stands.
    RequestStatus {
        /// Received, not yet acted on (requests entered by hand).
        Open => "open",
        /// Being carried out; an erasure in this state resumes when Sotto next starts.
        InProgress => "in_progress",
        /// Done.
        Completed => "completed",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_unknown_names_are_refused() {
        for kind in RequestKind::ALL {
            assert_eq!(RequestKind::parse(kind.as_str()), Some(*kind));
        }
        for channel in Channel::ALL {
            assert_eq!(Channel::parse(channel.as_str()), Some(*channel));
        }
        for status in RequestStatus::ALL {
            assert_eq!(RequestStatus::parse(status.as_str()), Some(*status));
        }
        assert_eq!(Channel::parse("fax"), None);
    }

    #[test]
    fn a_request_is_due_thirty_days_after_it_was_received() {
        assert_eq!(due_at(1_000), 1_000 + 30 * 86_400);
    }
}
