//! Quickstart: the whole Kandy flow, offline, against the in-process simulator.
//!
//! An account creates a domain; the domain creates users (each gets a default device);
//! alice messages bob, bob reads and acknowledges it, alice sees the remote ack; a group chat
//! fans out; an SMS lands in the simulator's outbox.
//!
//! Run it with `cargo run -p kandy-quickstart`: it is its own small package, so the first build
//! compiles the SDK and the simulator only.

use kandy::sim::Simulator;
use kandy::{
    DeviceId, KandyApi, MessageType, NewDevice, NewDomain, NewGroup, NewUser, OutgoingGroupMessage,
    OutgoingMessage, OutgoingSms, UserAccessToken,
};

/// The user's default device (every new user gets one; a user may have deleted it).
async fn default_device(api: &dyn KandyApi, token: &UserAccessToken) -> kandy::Result<DeviceId> {
    let devices = api.get_devices(token.clone()).await?;
    let device = devices
        .into_iter()
        .next()
        .ok_or_else(|| kandy::Error::bad_argument("the user has no device"))?;
    Ok(device.id)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> kandy::Result<()> {
    // The simulator plays the Kandy service; the code below would run unchanged against
    // `kandy::http::KandyClient`, since both implement `KandyApi`.
    let sim = Simulator::builder().seed(42).build();
    let api: &dyn KandyApi = &sim;

    // Accounts come from the portal; the simulator makes one.
    let account = sim.create_account();
    let account_token = api
        .get_account_access_token(account.api_key, account.api_secret)
        .await?;
    let domain = api
        .create_domain(
            account_token,
            NewDomain::new("quickstart.kandy.io").project_name("demo"),
        )
        .await?;
    println!("created domain quickstart.kandy.io");

    let domain_token = api
        .get_domain_access_token(
            domain.domain_api_key.clone(),
            domain.domain_api_secret.clone(),
        )
        .await?;
    for (id, first, last) in [("alice", "Alice", "Liddell"), ("bob", "Bob", "Builder")] {
        let user = api
            .create_user_by_user_id(domain_token.clone(), NewUser::new(id).name(first, last))
            .await?;
        println!("created user {}", user.full_user_id);
    }

    // Users log in server side with the domain's key and secret.
    let login = |user: &str| {
        api.get_user_access_token(
            domain.domain_api_key.clone(),
            domain.domain_api_secret.clone(),
            user.to_owned(),
        )
    };
    let alice = login("alice").await?;
    let bob = login("bob").await?;

    let alice_device = default_device(api, &alice).await?;
    let bob_phone = default_device(api, &bob).await?;
    let bob_tablet = api
        .create_device(
            bob.clone(),
            NewDevice::new("tablet-1").family("ipad").name("Bob's iPad"),
        )
        .await?;
    println!("bob has two devices: {bob_phone} and {bob_tablet}");

    // A 1:1 message reaches every device of the recipient.
    let hello = OutgoingMessage::text("bob@quickstart.kandy.io", "Hi Bob, lunch at noon?");
    let uuid = hello.uuid.clone();
    api.send_message(alice.clone(), alice_device.clone(), hello)
        .await?;
    for device in [&bob_phone, &bob_tablet] {
        let pending = api
            .get_pending_messages(bob.clone(), device.clone(), None)
            .await?;
        for message in &pending.messages {
            let sender = message
                .sender
                .as_ref()
                .map_or("?", |s| s.full_user_id.as_str());
            println!(
                "bob's device {device} received from {sender}: {}",
                message.text().unwrap_or_default()
            );
        }
    }

    // Bob acknowledges on his phone; alice's device gets a remote ack.
    api.delete_handled_messages(bob.clone(), bob_phone.clone(), vec![uuid.clone()])
        .await?;
    let acks = api
        .get_pending_messages(alice.clone(), alice_device.clone(), None)
        .await?;
    for ack in acks
        .messages
        .iter()
        .filter(|m| m.message_type == MessageType::ChatRemoteAck)
    {
        println!("alice's device got a remote ack for {}", ack.uuid);
    }
    api.delete_handled_messages(alice.clone(), alice_device.clone(), vec![uuid])
        .await?;

    // A group chat: everyone but the sender receives it.
    let group = api
        .create_group(alice.clone(), NewGroup::new("Lunch club"))
        .await?;
    api.add_group_members(
        alice.clone(),
        group.group_id.clone(),
        vec!["bob@quickstart.kandy.io".into()],
    )
    .await?;
    api.send_group_message(
        alice.clone(),
        OutgoingGroupMessage::text(group.group_id.clone(), "Table for two booked"),
    )
    .await?;
    let bob_pending = api
        .get_pending_messages(bob.clone(), bob_tablet.clone(), None)
        .await?;
    let group_message = bob_pending
        .messages
        .iter()
        .find(|m| m.message_type == MessageType::GroupChat);
    if let Some(m) = group_message {
        println!(
            "bob's tablet received in group '{}': {}",
            group.group_name,
            m.text().unwrap_or_default()
        );
    }
    let alice_pending = api
        .get_pending_messages(alice.clone(), alice_device.clone(), None)
        .await?;
    println!(
        "alice's own device holds {} group messages (the sender is skipped)",
        alice_pending
            .messages
            .iter()
            .filter(|m| m.message_type == MessageType::GroupChat)
            .count()
    );

    // An SMS is not delivered anywhere: it lands in the simulator's outbox.
    api.send_sms(
        alice,
        alice_device,
        OutgoingSms::new("+14155550100", "Running 5 minutes late").source("+14155550199"),
    )
    .await?;
    for sms in sim.sms_outbox() {
        println!("SMS outbox: to {}: {}", sms.destination, sms.text);
    }
    Ok(())
}
