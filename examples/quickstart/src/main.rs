//! Quickstart: the whole Kandy flow, offline, against the in-process simulator.
//!
//! An account creates a domain; the domain creates users (each gets a default device);
//! alice messages bob, bob reads and acknowledges it, alice sees the remote ack; a group chat
//! fans out; an SMS lands in the simulator's outbox.
//!
//! Every call goes through a scoped handle (`api.account(..)`, `api.domain(..)`,
//! `api.user(..)`, `user.device(..)`, `user.group(..)`): it holds the credentials, so each
//! call takes only the operation's own arguments.
//!
//! Run it with `cargo run -p kandy-quickstart`: it is its own small package, so the first build
//! compiles the SDK and the simulator only.

use kandy::sim::Simulator;
use kandy::{
    DeviceId, KandyApi, KandyApiExt, MessageType, NewDevice, NewDomain, NewGroup, NewUser,
    OutgoingGroupMessage, OutgoingMessage, OutgoingSms, UserHandle,
};

/// The user's default device (every new user gets one; a user may have deleted it).
async fn default_device(user: &UserHandle<'_, dyn KandyApi>) -> kandy::Result<DeviceId> {
    let devices = user.get_devices().await?;
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
        .account(account.api_key, account.api_secret)
        .get_account_access_token()
        .await?;
    let domain = api
        .account_token(account_token)
        .create_domain(NewDomain::new("quickstart.kandy.io").project_name("demo"))
        .await?;
    println!("created domain quickstart.kandy.io");

    // The domain's key and secret get its token, and log its users in server side.
    let domain_keys = api.domain_keys(domain.domain_api_key, domain.domain_api_secret);
    let admin = api.domain(domain_keys.get_domain_access_token().await?);
    for (id, first, last) in [("alice", "Alice", "Liddell"), ("bob", "Bob", "Builder")] {
        let user = admin
            .create_user_by_user_id(NewUser::new(id).name(first, last))
            .await?;
        println!("created user {}", user.full_user_id);
    }
    let alice = api.user(domain_keys.get_user_access_token("alice").await?);
    let bob = api.user(domain_keys.get_user_access_token("bob").await?);

    let alice_device = alice.device(default_device(&alice).await?);
    let bob_phone = bob.device(default_device(&bob).await?);
    let bob_tablet = bob.device(
        bob.create_device(NewDevice::new("tablet-1").family("ipad").name("Bob's iPad"))
            .await?,
    );
    println!(
        "bob has two devices: {} and {}",
        bob_phone.device_id(),
        bob_tablet.device_id()
    );

    // A 1:1 message reaches every device of the recipient.
    let hello = OutgoingMessage::text("bob@quickstart.kandy.io", "Hi Bob, lunch at noon?");
    let uuid = hello.uuid.clone();
    alice_device.send_message(hello).await?;
    for device in [&bob_phone, &bob_tablet] {
        let pending = device.get_pending_messages(None).await?;
        for message in &pending.messages {
            let sender = message
                .sender
                .as_ref()
                .map_or("?", |s| s.full_user_id.as_str());
            println!(
                "bob's device {} received from {sender}: {}",
                device.device_id(),
                message.text().unwrap_or_default()
            );
        }
    }

    // Bob acknowledges on his phone; alice's device gets a remote ack.
    bob_phone.delete_handled_messages([&uuid]).await?;
    let acks = alice_device.get_pending_messages(None).await?;
    for ack in acks
        .messages
        .iter()
        .filter(|m| m.message_type == MessageType::ChatRemoteAck)
    {
        println!("alice's device got a remote ack for {}", ack.uuid);
    }
    alice_device.delete_handled_messages([&uuid]).await?;

    // A group chat: everyone but the sender receives it.
    let group = alice.create_group(NewGroup::new("Lunch club")).await?;
    alice
        .group(&group.group_id)
        .add_group_members(["bob@quickstart.kandy.io"])
        .await?;
    alice
        .send_group_message(OutgoingGroupMessage::text(
            &group.group_id,
            "Table for two booked",
        ))
        .await?;
    let bob_pending = bob_tablet.get_pending_messages(None).await?;
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
    let alice_pending = alice_device.get_pending_messages(None).await?;
    println!(
        "alice's own device holds {} group messages (the sender is skipped)",
        alice_pending
            .messages
            .iter()
            .filter(|m| m.message_type == MessageType::GroupChat)
            .count()
    );

    // An SMS is not delivered anywhere: it lands in the simulator's outbox.
    let late = OutgoingSms::new("+14155550100", "Running 5 minutes late").source("+14155550199");
    alice_device.send_sms(late).await?;
    for sms in sim.sms_outbox() {
        println!("SMS outbox: to {}: {}", sms.destination, sms.text);
    }
    Ok(())
}
