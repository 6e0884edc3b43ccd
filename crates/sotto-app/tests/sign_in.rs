//! Team members signing in to the admin UI: the demo owner's printed password works, a wrong
//! one, an unknown address or workspace do not (alike), the session cookie opens the session
//! with the member's role until sign-out, and replacing a member ends their sessions.

mod common;

use sotto_app::AppError;
use sotto_core::access::TeamRole;
use zeroize::Zeroizing;

#[tokio::test]
async fn the_demo_owner_signs_in_and_out() {
    let common::Demo {
        dir: _dir, sotto, ..
    } = common::demo().await;
    let setup = sotto.ensure_demo().await.unwrap();
    let workspace = setup.tenant_id.to_string();
    let added = sotto.demo_member(setup.tenant_id).await.unwrap();
    let password = || Zeroizing::new(added.initial_password.clone());

    for (workspace, email, password) in [
        (
            workspace.as_str(),
            added.member.email.as_str(),
            Zeroizing::new("wrong password!".to_owned()),
        ),
        (
            workspace.as_str(),
            "nobody@maison-verte.example",
            password(),
        ),
        ("not-a-workspace", added.member.email.as_str(), password()),
    ] {
        assert!(
            matches!(
                sotto.sign_in(workspace, email, password, None).await,
                Err(AppError::Unauthorized)
            ),
            "{workspace} {email}"
        );
    }

    let signed_in = sotto
        .sign_in(
            &workspace,
            &added.member.email.to_uppercase(),
            password(),
            None,
        )
        .await
        .unwrap();
    assert_eq!(signed_in.caller.role, TeamRole::Owner);
    assert!(signed_in.expires_at > sotto_core::now());
    let session = sotto.session(&signed_in.cookie).await.unwrap();
    assert_eq!(session.caller.tenant, setup.tenant_id);
    assert_eq!(session.display_name, "Demo owner");
    assert!(session.cookie.csrf_matches(&session.cookie.csrf_token()));
    assert!(matches!(
        sotto.session("sotto_team=garbage").await,
        Err(AppError::Unauthorized)
    ));

    sotto.sign_out(&session).await.unwrap();
    assert!(matches!(
        sotto.session(&signed_in.cookie).await,
        Err(AppError::Unauthorized)
    ));

    let again = sotto
        .sign_in(&workspace, &added.member.email, password(), None)
        .await
        .unwrap();
    let replaced = sotto.demo_member(setup.tenant_id).await.unwrap();
    assert_ne!(replaced.initial_password, added.initial_password);
    assert!(
        sotto.session(&again.cookie).await.is_err(),
        "a replaced member's sessions end with them"
    );
    assert!(
        sotto
            .sign_in(&workspace, &added.member.email, password(), None)
            .await
            .is_err()
    );
    let log = sotto
        .audit_log(
            &sotto_app::team::access::Caller::operator(setup.tenant_id),
            0,
            500,
        )
        .await
        .unwrap();
    assert!(log.iter().any(|e| e.action == "member.sign_in"));
    assert!(log.iter().any(|e| e.action == "member.sign_out"));
}
