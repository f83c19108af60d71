//! The simulator over real HTTP: serve it on a free loopback port, then talk to it with
//! `KandyClient` exactly as to the Kandy service.
//!
//! The server speaks the v1.2 wire protocol under `/v1.2/`, and the simulator's own admin
//! surface (plain JSON) under `/_sim/`, which `AdminClient` drives with typed calls: here it
//! makes the account the portal would, and reads the SMS outbox and the request log. The same
//! calls work on the in-process `Simulator` (both implement `SimulatorAdmin`), and on
//! `kandy-sim serve` from the command line.
//!
//! Run it with `cargo run --example server --features server,admin-client`.

use kandy::http::KandyClient;
use kandy::sim::Simulator;
use kandy::sim::admin::{AdminClient, SimulatorAdmin};
use kandy::sim::server::Server;
use kandy::{KandyApi, NewDomain, NewUser, OutgoingMessage, OutgoingSms};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), BoxError> {
    // Port 0 picks a free port; the server runs in the background until shut down.
    let server = Server::bind("127.0.0.1:0", Simulator::builder().seed(42).build()).await?;
    println!("simulator serving the Kandy API at {}", server.base_url());
    let kandy = KandyClient::builder().base_url(server.base_url()).build()?;
    // `AdminClient::new(url)?.admin_token(..)` for a server started elsewhere.
    let admin = AdminClient::for_server(&server)?;

    // The account, as the portal would give it.
    let account = admin.create_account().await?;
    let account_token = kandy
        .get_account_access_token(account.api_key, account.api_secret)
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
    for sms in admin.sms_outbox().await? {
        println!(
            "SMS outbox: to {} from {}: {}",
            sms.destination,
            sms.sender.as_deref().unwrap_or("?"),
            sms.text
        );
    }

    // Every call the server answered, credentials redacted.
    for entry in admin.request_log().await? {
        println!(
            "request log: {} {} -> {} ({})",
            entry.method,
            entry.path,
            entry
                .http_status
                .map_or("no answer".to_owned(), |s| s.to_string()),
            entry.operation.as_deref().unwrap_or("?")
        );
    }

    server.shutdown().await;
    println!("server stopped");
    Ok(())
}
