//! Testing your own code with the mockall mock of `KandyApi` (feature `mock`).
//!
//! `notify_on_call` is the kind of function a user writes: it takes any `KandyApi`, so
//! production passes `KandyClient`, offline runs pass the simulator, and unit tests pass
//! `MockKandyApi` to pin exactly what is called. `cargo test --example mocking --features mock`
//! runs the tests below; `cargo run --example mocking --features mock` runs `main`.

use kandy::{KandyApi, OutgoingSms, UserAccessToken};

/// Texts the on-call engineer from the user's first device; returns the number texted.
async fn notify_on_call(
    api: &dyn KandyApi,
    token: UserAccessToken,
    on_call: &str,
    alert: &str,
) -> kandy::Result<String> {
    let devices = api.get_devices(token.clone()).await?;
    let Some(device) = devices.first() else {
        return Err(kandy::Error::bad_argument(
            "the user has no device to send from",
        ));
    };
    api.send_sms(
        token,
        device.id.clone(),
        OutgoingSms::new(on_call, format!("ALERT: {alert}")),
    )
    .await?;
    Ok(on_call.to_owned())
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> kandy::Result<()> {
    // Outside tests, the same function runs against the simulator.
    let sim = kandy::sim::Simulator::new();
    let account = sim.create_account();
    let aat = sim
        .get_account_access_token(account.api_key, account.api_secret)
        .await?;
    let domain = sim
        .create_domain(aat, kandy::NewDomain::new("ops.kandy.io"))
        .await?;
    let (key, secret) = (domain.domain_api_key, domain.domain_api_secret);
    let dat = sim
        .get_domain_access_token(key.clone(), secret.clone())
        .await?;
    sim.create_user_by_user_id(dat, kandy::NewUser::new("pager"))
        .await?;
    let token = sim
        .get_user_access_token(key, secret, "pager".into())
        .await?;
    let to = notify_on_call(&sim, token, "+14155550100", "disk full").await?;
    println!("texted {to}; outbox holds {} SMS", sim.sms_outbox().len());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use kandy::{Device, DeviceId, ErrorKind, MockKandyApi};
    use mockall::predicate::always;

    #[tokio::test]
    async fn sends_one_sms_from_the_first_device() {
        let mut api = MockKandyApi::new();
        api.expect_get_devices().times(1).returning(|_| {
            Ok(vec![
                Device::new(DeviceId::new("d1")),
                Device::new(DeviceId::new("d2")),
            ])
        });
        api.expect_send_sms()
            .withf(|_, device, sms| {
                device.as_str() == "d1"
                    && sms.destination == "+14155550100"
                    && sms.message.text == "ALERT: disk full"
            })
            .times(1)
            .returning(|_, _, _| Ok(()));

        let sent = notify_on_call(
            &api,
            UserAccessToken::new("UATtest"),
            "+14155550100",
            "disk full",
        )
        .await
        .unwrap();
        assert_eq!(sent, "+14155550100");
    }

    #[tokio::test]
    async fn a_user_without_devices_gets_a_clear_error_and_no_sms() {
        let mut api = MockKandyApi::new();
        api.expect_get_devices().returning(|_| Ok(vec![]));
        api.expect_send_sms()
            .with(always(), always(), always())
            .never();

        let err = notify_on_call(&api, UserAccessToken::new("UATtest"), "+1", "x")
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::BadArgument);
    }

    #[tokio::test]
    async fn an_api_refusal_reaches_the_caller_unchanged() {
        let mut api = MockKandyApi::new();
        api.expect_get_devices()
            .returning(|_| Err(kandy::Error::api(10, "token expired", Some(401))));

        let err = notify_on_call(&api, UserAccessToken::new("UATold"), "+1", "x")
            .await
            .unwrap_err();
        assert!(err.is_token_expired());
    }
}
