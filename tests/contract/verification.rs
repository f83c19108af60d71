//! Phone verification (#19, #20): a 4-digit code by SMS, valid once, in its own domain.

use crate::check::*;
use crate::fixture::*;
use crate::target::Target;
use kandy_core::operation as op;
use kandy_core::*;

/// The one 4-digit run in an SMS text.
fn code_in(text: &str) -> String {
    let runs: Vec<&str> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|run| run.len() == 4)
        .collect();
    assert_eq!(runs.len(), 1, "one 4-digit code in {text:?}");
    runs[0].to_owned()
}

/// Another code than `code`.
fn other_code(code: &str) -> String {
    let n: u32 = code.parse().expect("digits");
    format!("{:04}", (n + 1) % 10_000)
}

/// Sends a verification SMS and reads its code from the outbox.
async fn send_code(fx: &Fixture<'_>, token: &DomainAccessToken, number: &str) -> String {
    let before = fx.t.sms_outbox().await.len();
    fx.api
        .send_verification_sms(token.clone(), number.into(), "US".into())
        .await
        .expect("send_verification_sms");
    let outbox = fx.t.sms_outbox().await;
    assert_eq!(outbox.len(), before + 1, "one SMS in the outbox");
    let sms = outbox.last().expect("the verification SMS");
    assert_eq!(sms.sender, None, "a verification SMS has no sending user");
    assert_eq!(sms.device_id, None);
    assert!(
        digits(&sms.destination).ends_with(&digits(number)),
        "sent to the number: {}",
        sms.destination
    );
    code_in(&sms.text)
}

pub async fn a_verification_code_checks_valid_once(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let code = send_code(&fx, &fx.domain.token, "4155550100").await;
    let check = |code: &str| {
        fx.api
            .check_verification_code(fx.domain.token.clone(), code.into())
    };
    assert!(
        !check(&other_code(&code)).await.expect("a wrong code"),
        "a wrong code"
    );
    assert!(check(&code).await.expect("the code"), "the code is valid");
    assert!(
        !check(&code).await.expect("the code again"),
        "and then used up"
    );
}

pub async fn a_verification_code_is_valid_only_in_its_domain(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let (other, _) = fx.other_domain().await;
    let code = send_code(&fx, &fx.domain.token, "4155550100").await;
    let in_other = fx
        .api
        .check_verification_code(other.token.clone(), code.clone())
        .await
        .expect("check in the other domain");
    assert!(
        !in_other,
        "a code checks valid only in the domain that sent it"
    );
    let in_own = fx
        .api
        .check_verification_code(fx.domain.token.clone(), code)
        .await
        .expect("check in its own domain");
    assert!(in_own, "the other domain's check did not use it up");
}

pub async fn send_verification_sms_refuses_bad_numbers_and_tokens(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let op = &op::SEND_VERIFICATION_SMS;
    let send = |token: &DomainAccessToken, number: &str, country: &str| {
        fx.api
            .send_verification_sms(token.clone(), number.into(), country.into())
    };
    let dat = &fx.domain.token;
    for bad in ["123", "123456789012345", "41555abc00"] {
        refused(t, op, 16, || send(dat, bad, "US")).await;
    }
    refused(t, op, 54, || send(dat, "4155550100", "ZZ")).await;
    refused(t, op, 55, || {
        send(&unknown("DAT").into(), "4155550100", "US")
    })
    .await;
    let revoked = fx.revoked_domain_token().await;
    refused(t, op, 55, || send(&revoked, "4155550100", "US")).await;
    fx.expire_tokens().await;
    refused(t, op, 10, || send(dat, "4155550100", "US")).await;
    assert!(t.sms_outbox().await.is_empty());
}

pub async fn check_verification_code_refuses_bad_tokens(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let code = send_code(&fx, &fx.domain.token, "4155550100").await;
    let op = &op::CHECK_VERIFICATION_CODE;
    let check =
        |token: &DomainAccessToken| fx.api.check_verification_code(token.clone(), code.clone());
    refused(t, op, 55, || check(&unknown("DAT").into())).await;
    let revoked = fx.revoked_domain_token().await;
    refused(t, op, 55, || check(&revoked)).await;
    fx.expire_tokens().await;
    refused(t, op, 10, || check(&fx.domain.token)).await;
    // The refused checks did not use the code up.
    let fresh = fx.login_domain().await;
    assert!(
        fx.api
            .check_verification_code(fresh, code)
            .await
            .expect("check"),
        "the code is still valid"
    );
}
