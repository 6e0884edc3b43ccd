//! `sotto member`, `sotto key` and `sotto audit`: the operator acts as the tenant's owner
//! ([`Caller::operator`]), and what they change is audited under the actor `cli`.

use std::io::BufRead;

use anyhow::{Context, Result};
use sotto_app::team::access::Caller;
use sotto_app::team::members::{NewKey, NewMember};
use sotto_app::{ConversationStore, MainStore, Sotto};
use zeroize::Zeroizing;

use crate::cli::{AuditCommand, KeyCommand, MemberCommand};
use crate::common::{check_tenants, parse_tenant, print_json};

/// Runs a member command.
pub async fn member<M: MainStore, C: ConversationStore>(
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
            let caller = Caller::operator(parse_tenant(&tenant)?);
            let password = password_stdin.then(read_password).transpose()?;
            let new = NewMember {
                email,
                display_name: name,
                role,
            };
            let added = sotto.add_member(&caller, new, password).await?;
            if password_stdin {
                print_json(&added.member)
            } else {
                print_json(&added)
            }
        }
        MemberCommand::List { tenant } => {
            let caller = Caller::operator(parse_tenant(&tenant)?);
            print_json(&sotto.members(&caller).await?)
        }
        MemberCommand::Remove { tenant, member } => {
            let caller = Caller::operator(parse_tenant(&tenant)?);
            let member = member.parse().context("the member id must be a UUID")?;
            sotto.remove_member(&caller, member).await?;
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

/// Runs a key command.
pub async fn key<M: MainStore, C: ConversationStore>(
    sotto: &Sotto<M, C>,
    command: KeyCommand,
) -> Result<()> {
    match command {
        KeyCommand::Create {
            tenant,
            role,
            label,
        } => {
            let caller = Caller::operator(parse_tenant(&tenant)?);
            print_json(&sotto.create_key(&caller, NewKey { label, role }).await?)
        }
        KeyCommand::List { tenant } => {
            let caller = Caller::operator(parse_tenant(&tenant)?);
            print_json(&sotto.keys(&caller).await?)
        }
        KeyCommand::Revoke { tenant, key } => {
            let caller = Caller::operator(parse_tenant(&tenant)?);
            print_json(&sotto.revoke_key(&caller, &key).await?)
        }
    }
}

/// Runs an audit command; `verify` fails when any chain is broken.
pub async fn audit<M: MainStore, C: ConversationStore>(
    sotto: &Sotto<M, C>,
    command: AuditCommand,
) -> Result<()> {
    match command {
        AuditCommand::List {
            tenant,
            after,
            limit,
        } => {
            let caller = Caller::operator(parse_tenant(&tenant)?);
            print_json(&sotto.audit_log(&caller, after, limit).await?)
        }
        AuditCommand::Verify { tenant } => {
            check_tenants(
                sotto,
                tenant,
                "the audit log",
                async |tenant| sotto.verify_audit(tenant).await,
                |check| check.problem.clone(),
            )
            .await
        }
    }
}
