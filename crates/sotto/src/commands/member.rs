//! `sotto member`: a tenant's team members, who sign in to the admin UI. The operator acts as
//! the tenant's owner ([`Caller::operator`]); what they change is audited under the actor
//! `cli`.

use std::io::BufRead;

use anyhow::{Context, Result};
use clap::Subcommand;
use sotto_app::team::access::Caller;
use sotto_app::team::members::NewMember;
use sotto_app::{ConversationStore, MainStore, Sotto};
use sotto_core::access::TeamRole;
use sotto_core::{MemberId, TenantId};
use zeroize::Zeroizing;

use crate::common::print_json;

/// Team member commands.
#[derive(Debug, Subcommand)]
pub enum MemberCommand {
    /// Add a member; prints them with a first password, shown once (or reads the password
    /// from stdin with `--password-stdin`).
    Add {
        /// Tenant id.
        #[arg(long)]
        tenant: TenantId,
        /// Sign-in e-mail address.
        #[arg(long)]
        email: String,
        /// Name shown to the team.
        #[arg(long)]
        name: String,
        /// owner, admin, agent or viewer.
        #[arg(long, value_parser = team_role)]
        role: TeamRole,
        /// Read the password from the first line of stdin instead of generating one.
        #[arg(long)]
        password_stdin: bool,
    },
    /// List a tenant's members.
    List {
        /// Tenant id.
        #[arg(long)]
        tenant: TenantId,
    },
    /// Remove a member.
    Remove {
        /// Tenant id.
        #[arg(long)]
        tenant: TenantId,
        /// Member id.
        #[arg(long = "member", required_unless_present = "legacy_member")]
        member: Option<MemberId>,
        /// The member id as the previous release took it, positional (hidden; read as
        /// `--member` before the command runs).
        #[arg(hide = true, conflicts_with = "member")]
        legacy_member: Option<MemberId>,
    },
}

/// A team role, as the command line spells it.
pub fn team_role(text: &str) -> Result<TeamRole, String> {
    TeamRole::parse(text).ok_or_else(|| "a role is owner, admin, agent or viewer".to_owned())
}

/// Runs a member command.
pub async fn run<M: MainStore, C: ConversationStore>(
    sotto: &Sotto<M, C>,
    command: MemberCommand,
) -> Result<()> {
    match command {
        MemberCommand::Add {
            tenant,
            email,
            name,
            role,
            password_stdin,
        } => {
            let password = password_stdin.then(read_password).transpose()?;
            let new = NewMember {
                email,
                display_name: name,
                role,
            };
            let added = sotto
                .add_member(&Caller::operator(tenant), new, password)
                .await?;
            if password_stdin {
                print_json(&added.member)
            } else {
                print_json(&added)
            }
        }
        MemberCommand::List { tenant } => {
            print_json(&sotto.members(&Caller::operator(tenant)).await?)
        }
        MemberCommand::Remove { tenant, member, .. } => {
            let member = member.context("give --member")?;
            sotto
                .remove_member(&Caller::operator(tenant), member)
                .await?;
            eprintln!("Removed.");
            Ok(())
        }
    }
}

/// The first line of stdin, without its line ending; zeroized on drop.
fn read_password() -> Result<Zeroizing<String>> {
    let mut line = Zeroizing::new(String::new());
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("cannot read the password from stdin")?;
    Ok(Zeroizing::new(
        line.trim_end_matches(['\r', '\n']).to_owned(),
    ))
}
