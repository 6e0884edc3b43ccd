//! Who in a tenant's team may do what. Roles are ordered: each role may do everything the
//! roles below it may, so "may this caller grant that role" is a comparison. Every admin
//! operation names the one [`Permission`] it needs; the table in [`TeamRole::allows`] is the
//! only place where roles meet permissions.

named_enum!(
    /// A team member's (or an admin API key's) role in a tenant, from most to least powerful.
    TeamRole {
        /// Everything, including the audit log and the owners themselves.
        Owner => "owner",
        /// Sites, settings, team and keys (below owner), conversations and requests.
        Admin => "admin",
        /// Reads and answers conversations, approves answers; handles data subject requests.
        Agent => "agent",
        /// Analytics only: never a conversation's content.
        Viewer => "viewer",
    }
);

named_enum!(
    /// One kind of admin operation.
    Permission {
        /// Counts and the list of sites: no content.
        ReadAnalytics => "read_analytics",
        /// Create sites and change their settings.
        ManageSites => "manage_sites",
        /// Read and change the tenant's settings (personal-data policy).
        ManageSettings => "manage_settings",
        /// Add and remove members; issue and revoke API keys.
        ManageTeam => "manage_team",
        /// Read conversations with their messages.
        ReadConversations => "read_conversations",
        /// Reply to a visitor in their conversation.
        ReplyToVisitors => "reply_to_visitors",
        /// Write, change and delete a site's approved answers: words given to every visitor
        /// who asks the same question.
        EditAnswers => "edit_answers",
        /// List and enter data subject requests; export a visitor's data.
        HandleRequests => "handle_requests",
        /// Erase conversations and visitors.
        EraseData => "erase_data",
        /// Read the audit log.
        ReadAudit => "read_audit",
    }
);

impl TeamRole {
    /// Whether this role may perform operations that need `permission`.
    pub fn allows(self, permission: Permission) -> bool {
        use Permission::*;
        let least = match permission {
            ReadAnalytics => TeamRole::Viewer,
            ReadConversations | ReplyToVisitors | EditAnswers | HandleRequests => TeamRole::Agent,
            ManageSites | ManageSettings | ManageTeam | EraseData => TeamRole::Admin,
            ReadAudit => TeamRole::Owner,
        };
        self.at_least(least)
    }

    /// Whether this role is `other` or above it.
    pub fn at_least(self, other: TeamRole) -> bool {
        self.rank() <= other.rank()
    }

    /// 0 for the most powerful role.
    fn rank(self) -> usize {
        TeamRole::ALL
            .iter()
            .position(|role| *role == self)
            .unwrap_or(usize::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_ordered_and_inherit_downwards() {
        assert!(TeamRole::Owner.at_least(TeamRole::Admin));
        assert!(!TeamRole::Agent.at_least(TeamRole::Admin));
        assert!(TeamRole::Viewer.at_least(TeamRole::Viewer));
        for permission in Permission::ALL {
            for (i, role) in TeamRole::ALL.iter().enumerate() {
                if role.allows(*permission) {
                    for above in &TeamRole::ALL[..i] {
                        assert!(above.allows(*permission), "{above:?} {permission:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn viewers_never_read_content_and_only_owners_read_the_audit_log() {
        assert!(!TeamRole::Viewer.allows(Permission::ReadConversations));
        assert!(!TeamRole::Viewer.allows(Permission::HandleRequests));
        assert!(TeamRole::Viewer.allows(Permission::ReadAnalytics));
        assert!(TeamRole::Agent.allows(Permission::ReadConversations));
        assert!(!TeamRole::Agent.allows(Permission::EraseData));
        assert!(!TeamRole::Admin.allows(Permission::ReadAudit));
        assert!(TeamRole::Owner.allows(Permission::ReadAudit));
        assert_eq!(TeamRole::parse("agent"), Some(TeamRole::Agent));
        assert_eq!(TeamRole::parse("root"), None);
    }
}
