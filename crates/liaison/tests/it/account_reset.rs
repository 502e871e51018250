//! Back in after a lost password or authenticator: an administrator's resets (issue 12).

use crate::helpers::*;
use crate::totp::{enrol, sign_in_with_code};
use axum::http::StatusCode;

#[tokio::test]
async fn an_administrator_gives_a_new_password_once_and_the_old_one_stops_working() {
    let t = spawn().await;
    t.fls("AA-ONE", "GB").await;
    t.user("admin@x.org", "administrator", "").await;
    let nurse = t.user("nurse@x.org", "fls_clinician", "AA-ONE").await;
    let mut nurse_b = t.signed_in("nurse@x.org").await;
    assert_eq!(nurse_b.get("/account").await.status, StatusCode::OK);

    let mut admin = t.signed_in("admin@x.org").await;
    let page = admin.get(&format!("/admin/users/{nurse}")).await;
    let action = format!("/admin/users/{nurse}/password-reset");
    assert!(page.body.contains(&action), "no reset button");
    let r = admin.post(&action, &[]).await;
    assert_eq!(r.status, StatusCode::OK);
    let new_pw = r.texts("#new-password")[0].trim().to_string();
    assert!(new_pw.len() >= 20, "{new_pw}");
    // Shown once: the page opened again does not show it.
    let again = admin.get(&format!("/admin/users/{nurse}")).await;
    assert!(!again.body.contains(&new_pw));

    // The nurse's open session ended; the old password fails, the new one works.
    assert_eq!(nurse_b.get("/account").await.status, StatusCode::SEE_OTHER);
    let mut b = t.browser();
    assert_eq!(
        b.sign_in("nurse@x.org", PASSWORD).await.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "the old password still signs in"
    );
    let r = t.browser().sign_in("nurse@x.org", &new_pw).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(t.count_audit("user.password_reset").await, 1);
}

#[tokio::test]
async fn only_administrators_reset_and_never_their_own_account() {
    let t = spawn().await;
    t.fls("AA-ONE", "GB").await;
    let admin_id = t.user("admin@x.org", "administrator", "").await;
    t.user("lead@x.org", "fls_lead", "AA-ONE").await;
    let nurse = t.user("nurse@x.org", "fls_clinician", "AA-ONE").await;
    // An FLS lead manages the nurse's roles but may not take over the account.
    let mut lead = t.signed_in("lead@x.org").await;
    for path in ["password-reset", "totp-reset"] {
        let r = lead
            .post(&format!("/admin/users/{nurse}/{path}"), &[])
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "lead {path}");
    }
    let mut admin = t.signed_in("admin@x.org").await;
    let r = admin
        .post(&format!("/admin/users/{admin_id}/password-reset"), &[])
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "own account");
    assert_eq!(t.count_audit("user.password_reset").await, 0);
    // The lead's password still works: nothing was reset.
    t.signed_in("nurse@x.org").await;
}

#[tokio::test]
async fn a_lost_authenticator_is_removed_and_the_password_alone_signs_in_again() {
    let t = spawn().await;
    t.fls("AA-ONE", "GB").await;
    t.user("admin@x.org", "administrator", "").await;
    let nurse = t.user("nurse@x.org", "fls_clinician", "AA-ONE").await;
    let mut nurse_b = t.signed_in("nurse@x.org").await;
    let secret = enrol(&t, &mut nurse_b).await;
    assert_eq!(
        sign_in_with_code(&t, "nurse@x.org", &secret)
            .await
            .location(),
        "/"
    );

    let mut admin = t.signed_in("admin@x.org").await;
    let r = admin
        .post(&format!("/admin/users/{nurse}/totp-reset"), &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = admin.get(&r.location()).await;
    assert!(
        page.body.contains("Two-step sign-in was removed"),
        "{}",
        page.body
    );
    // The password alone now signs in (the role does not require two steps).
    let mut b = t.browser();
    assert_eq!(b.sign_in("nurse@x.org", PASSWORD).await.location(), "/");
    assert_eq!(t.count_audit("user.totp_reset").await, 1);
}
