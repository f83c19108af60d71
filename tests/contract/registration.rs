//! Registration (#30): a code sent by #19 to a number registers a device for that number's
//! user (created when new) and logs it in; the code is used up; a refusal changes nothing.

use crate::check::*;
use crate::fixture::*;
use crate::target::Target;
use kandy_core::operation as op;
use kandy_core::*;

/// Sends a verification code to `number` (in the US) and reads it from the outbox.
async fn code_for(fx: &Fixture<'_>, token: &DomainAccessToken, number: &str) -> String {
    fx.api
        .send_verification_sms(token.clone(), number.into(), "US".into())
        .await
        .expect("send_verification_sms");
    let outbox = fx.t.sms_outbox().await;
    let text = &outbox.last().expect("the verification SMS").text;
    let code: String = text.chars().filter(char::is_ascii_digit).collect();
    assert_eq!(code.len(), 4, "a 4-digit code in {text:?}");
    code
}

/// Another code than `code`.
fn wrong(code: &str) -> String {
    let n: u32 = code.parse().expect("digits");
    format!("{:04}", (n + 1) % 10_000)
}

pub async fn registering_a_new_number_creates_its_user_and_device(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let code = code_for(&fx, &fx.domain.token, "4155550123").await;
    let registration = NewRegistration::new("4155550123", "US", code.clone(), "IMEI-1")
        .with_client_software("JS", "2.2.1");
    let done = fx
        .api
        .register(fx.domain.token.clone(), registration.clone())
        .await
        .expect("register");
    assert_eq!(
        done.user_id, "14155550123",
        "the calling code and the number"
    );
    assert_eq!(done.full_user_id, format!("14155550123@{DOMAIN}"));
    assert_eq!(done.domain_name, DOMAIN);
    assert_credential(done.user_access_token.expose_secret(), "UAT");
    assert!(is_lower_hex(done.device_id.as_str(), 32));
    let devices = fx
        .api
        .get_devices(done.user_access_token.clone())
        .await
        .unwrap();
    assert_eq!(
        devices.len(),
        1,
        "the registered device is the user's one device"
    );
    assert_eq!(devices[0].id, done.device_id);
    assert_eq!(devices[0].device_native_id.as_deref(), Some("IMEI-1"));
    assert_eq!(devices[0].client_sw_version.as_deref(), Some("2.2.1"));
    let me = fx
        .api
        .get_limited_user_details(done.user_access_token.clone())
        .await
        .unwrap();
    assert_eq!(me.user_phone_number.as_deref(), Some("4155550123"));
    // The code is used up.
    refused(t, &op::REGISTER, 14, || {
        fx.api.register(fx.domain.token.clone(), registration)
    })
    .await;
}

pub async fn registering_a_known_number_adds_a_device_to_its_user(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let phone = NewPhoneUser::new("4155550123", "US").name("Pat", "Phone");
    fx.api
        .create_user_by_phone_number(fx.domain.token.clone(), phone)
        .await
        .expect("a phone user");
    let register = |code: String, native: &str| {
        fx.api.register(
            fx.domain.token.clone(),
            NewRegistration::new("415-555-0123", "+1", code, native),
        )
    };
    let code = code_for(&fx, &fx.domain.token, "4155550123").await;
    let first = register(code, "tablet").await.expect("a second device");
    assert_eq!(first.user_id, "14155550123");
    let devices = fx
        .api
        .get_devices(first.user_access_token.clone())
        .await
        .unwrap();
    assert_eq!(devices.len(), 2, "the default device and the tablet");
    assert_eq!(devices[1].id, first.device_id);
    let code = code_for(&fx, &fx.domain.token, "4155550123").await;
    let again = register(code, "tablet").await.expect("the tablet again");
    assert_eq!(
        again.device_id, first.device_id,
        "the same native id is the same device"
    );
    let users = fx.api.get_users(fx.domain.token.clone()).await.unwrap();
    assert_eq!(users.len(), 4, "no user was added");
}

pub async fn register_refuses_wrong_codes_bad_input_and_bad_tokens(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let (other, _) = fx.other_domain().await;
    let op = &op::REGISTER;
    let dat = &fx.domain.token;
    let code = code_for(&fx, dat, "4155550123").await;
    let register =
        |token: &DomainAccessToken, number: &str, country: &str, code: &str, native: &str| {
            fx.api.register(
                token.clone(),
                NewRegistration::new(number, country, code, native),
            )
        };
    refused(t, op, 14, || {
        register(dat, "4155550123", "US", &wrong(&code), "d")
    })
    .await;
    refused(t, op, 14, || register(dat, "4155550124", "US", &code, "d")).await;
    refused(t, op, 14, || {
        register(&other.token, "4155550123", "US", &code, "d")
    })
    .await;
    refused(t, op, 16, || register(dat, "41", "US", &code, "d")).await;
    refused(t, op, 54, || register(dat, "4155550123", "ZZ", &code, "d")).await;
    refused(t, op, 15, || register(dat, "4155550123", "US", "", "d")).await;
    refused(t, op, 15, || register(dat, "4155550123", "US", &code, " ")).await;
    refused(t, op, 55, || {
        register(&unknown("DAT").into(), "4155550123", "US", &code, "d")
    })
    .await;
    let revoked = fx.revoked_domain_token().await;
    refused(t, op, 55, || {
        register(&revoked, "4155550123", "US", &code, "d")
    })
    .await;
    // None of the refusals used the code up.
    let done = register(dat, "4155550123", "US", &code, "d")
        .await
        .expect("register");
    assert_eq!(done.user_id, "14155550123");
    fx.expire_tokens().await;
    refused(t, op, 10, || register(dat, "4155550123", "US", &code, "d")).await;
}
