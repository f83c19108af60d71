//! The simulator over real HTTP: serve it on a free loopback port, then talk to it with
//! `KandyClient` exactly as to the Kandy service.
//!
//! The server speaks the v1.2 wire protocol under `/v1.2/`, and the simulator's own admin
//! surface (plain JSON) under `/_sim/`: here `POST /_sim/accounts` makes the account the portal
//! would, and `GET /_sim/sms` shows the SMS outbox. `kandy-sim serve` serves the same thing from
//! the command line.
//!
//! Run it with `cargo run --example server --features server`.

use kandy::http::KandyClient;
use kandy::sim::Simulator;
use kandy::sim::server::Server;
use kandy::{
    AccountApiKey, AccountApiSecret, KandyApi, NewDomain, NewUser, OutgoingMessage, OutgoingSms,
};
use serde_json::Value;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), BoxError> {
    // Port 0 picks a free port; the server runs in the background until shut down.
    let server = Server::bind("127.0.0.1:0", Simulator::builder().seed(42).build()).await?;
    println!("simulator serving the Kandy API at {}", server.base_url());
    let kandy = KandyClient::builder().base_url(server.base_url()).build()?;
    let admin = reqwest::Client::new();
    let sim_url = |route: &str| format!("{}/_sim/{route}", server.root_url());

    // The account, as the portal would give it.
    // The admin surface takes JSON bodies only, declared as such.
    let new_account = admin
        .post(sim_url("accounts"))
        .header("content-type", "application/json");
    let account: Value = get_json(new_account.body("{}")).await?;
    let (Some(key), Some(secret)) = (
        account["account_api_key"].as_str(),
        account["account_api_secret"].as_str(),
    ) else {
        return Err(format!("POST /_sim/accounts answered {account}").into());
    };
    let account_token = kandy
        .get_account_access_token(AccountApiKey::new(key), AccountApiSecret::new(secret))
        .await?;

    // A domain and two users, over HTTP.
    let domain = kandy
        .create_domain(account_token, NewDomain::new("server.kandy.io"))
        .await?;
    let (domain_key, domain_secret) = (domain.domain_api_key, domain.domain_api_secret);
    let domain_token = kandy
        .get_domain_access_token(domain_key.clone(), domain_secret.clone())
        .await?;
    for user_id in ["alice", "bob"] {
        let user = kandy
            .create_user_by_user_id(domain_token.clone(), NewUser::new(user_id))
            .await?;
        println!("created user {}", user.full_user_id);
    }
    let login = |user_id: &str| {
        kandy.get_user_access_token(domain_key.clone(), domain_secret.clone(), user_id.into())
    };
    let (alice, bob) = (login("alice").await?, login("bob").await?);
    let alice_device = kandy.get_devices(alice.clone()).await?[0].id.clone();
    let bob_device = kandy.get_devices(bob.clone()).await?[0].id.clone();

    // alice messages bob; bob's device holds it until he deletes it.
    let hello = OutgoingMessage::text("bob@server.kandy.io", "Hi Bob, over HTTP!");
    kandy
        .send_message(alice.clone(), alice_device.clone(), hello)
        .await?;
    let pending = kandy.get_pending_messages(bob, bob_device, None).await?;
    for message in &pending.messages {
        println!(
            "bob has a pending message: {}",
            message.text().unwrap_or("")
        );
    }

    // An SMS goes to the simulator's outbox, never to a phone.
    let sms = OutgoingSms::new("+14155550100", "Running 5 minutes late");
    kandy.send_sms(alice, alice_device, sms).await?;
    let outbox: Value = get_json(admin.get(sim_url("sms"))).await?;
    for sms in outbox.as_array().into_iter().flatten() {
        let field = |name: &str| sms[name].as_str().unwrap_or("?").to_owned();
        println!(
            "SMS outbox: to {} from {}: {}",
            field("destination"),
            field("sender"),
            field("text")
        );
    }

    server.shutdown().await;
    println!("server stopped");
    Ok(())
}

/// Sends an admin request and reads its JSON answer; any status but 200 is an error.
async fn get_json(request: reqwest::RequestBuilder) -> Result<Value, BoxError> {
    let response = request.send().await?;
    let status = response.status();
    let body = response.bytes().await?;
    if !status.is_success() {
        return Err(format!(
            "admin route answered {status}: {}",
            String::from_utf8_lossy(&body)
        )
        .into());
    }
    Ok(serde_json::from_slice(&body)?)
}
