//! The world the isolation matrix runs in, built through the `KandyApi` trait on a
//! `Simulator`: account A with domain `a.example` (alice, bob, carol, a group, a contact, a
//! pending message, a verification code, a hunt group, an uploaded picture, a session bob
//! asked to join, carol's session alice asked to join), account B with domain `b.example`
//! (dave), and
//! revoked, unknown and deleted credentials.

use kandy_core::operation::KeyScope;
use kandy_core::*;
use kandy_sim::Simulator;

/// The password of every user of the world.
pub const PASSWORD: &str = "open2sesame9";
/// The UUID of the message bob sends alice while the world is built.
pub const PENDING_UUID: &str = "0badc0de-0000-4000-8000-000000000001";
/// The UUID of the group message the matrix tries to send.
pub const GROUP_UUID: &str = "0badc0de-0000-4000-8000-000000000002";
/// The UUID of the message the matrix tries to send.
pub const MESSAGE_UUID: &str = "0badc0de-0000-4000-8000-000000000003";
/// Domain A's hunt group: bob is its user and its admin.
pub const HUNT_GROUP: &str = "sales";
/// The UUID of the picture alice uploads while the world is built.
pub const CONTENT_UUID: &str = "0badc0de-0000-4000-8000-000000000004";
/// The UUID of the file the matrix tries to upload.
pub const NEW_CONTENT_UUID: &str = "0badc0de-0000-4000-8000-000000000005";

/// The credentials a call is made with: every scope, as the caller holds them.
#[derive(Clone, Debug)]
pub struct Caller {
    pub aak: String,
    pub aas: String,
    pub aat: String,
    pub dak: String,
    pub das: String,
    pub dat: String,
    pub uak: String,
    pub uat: String,
    /// The caller's own user id (bare).
    pub user_id: String,
}

impl Caller {
    /// The caller's credential of a scope.
    pub fn credential(&self, scope: KeyScope) -> &str {
        match scope {
            KeyScope::AccountApiKey => &self.aak,
            KeyScope::AccountAccessToken => &self.aat,
            KeyScope::DomainApiKey => &self.dak,
            KeyScope::DomainAccessToken => &self.dat,
            KeyScope::UserApiKey => &self.uak,
            KeyScope::UserAccessToken => &self.uat,
        }
    }
}

/// What the calls name: everything belongs to account A, domain `a.example`, user alice.
#[derive(Clone, Debug)]
pub struct Target {
    /// Domain A's API key (`delete_domain`, `get_limited_domain_detail` form a).
    pub domain_api_key: String,
    /// A live account access token of A (the one `delete_account_access_token` revokes).
    pub account_token: String,
    /// A live domain access token of A (revoked by #8, shown to #6 form b).
    pub domain_token: String,
    /// A live user access token of alice (#14, #16).
    pub user_token: String,
    /// carol's user API key (`delete_user` by domain token).
    pub user_api_key: String,
    /// The user logged in by #15a and #15b.
    pub login_user: String,
    /// alice's default device.
    pub device: String,
    /// alice's personal contact.
    pub contact: String,
    /// alice's group (bob is a member, carol is not).
    pub group: String,
    /// A member of the group.
    pub member: String,
    /// A user of domain A who is not in the group.
    pub newcomer: String,
    /// The verification code domain A sent.
    pub code: String,
    /// alice's session (bob asked to join it).
    pub session: String,
    /// Its name.
    pub session_name: String,
    /// carol's session, which alice asked to join (#71, #72 name it).
    pub joinable: String,
    /// alice's uploaded picture (a PNG).
    pub content: String,
}

/// Everything the matrix needs.
#[derive(Clone, Debug)]
pub struct World {
    /// alice, of domain A and account A: the rightful caller.
    pub a: Caller,
    /// dave, of domain B and account B: valid credentials of the right scope, elsewhere.
    pub b: Caller,
    /// A's credentials revoked: revoked tokens, an unknown account key (accounts cannot be
    /// deleted), the key and secret of a deleted domain, the key of a deleted user.
    pub revoked: Caller,
    /// What the calls name.
    pub target: Target,
}

fn ok<T>(what: &str, result: Result<T>) -> T {
    result.unwrap_or_else(|error| panic!("world: {what} failed: {error}"))
}

fn text<T: ExposeSecret>(credential: &T) -> String {
    credential.expose_secret().to_owned()
}

struct Side {
    aak: AccountApiKey,
    aas: AccountApiSecret,
    aat: AccountAccessToken,
    dak: DomainApiKey,
    das: DomainApiSecret,
    dat: DomainAccessToken,
}

async fn side(sim: &Simulator, domain: &str) -> Side {
    let account = sim.create_account();
    let aat = ok(
        "get_account_access_token",
        sim.get_account_access_token(account.api_key.clone(), account.api_secret.clone())
            .await,
    );
    let created = ok(
        "create_domain",
        sim.create_domain(aat.clone(), NewDomain::new(domain)).await,
    );
    let dat = ok(
        "get_domain_access_token",
        sim.get_domain_access_token(
            created.domain_api_key.clone(),
            created.domain_api_secret.clone(),
        )
        .await,
    );
    Side {
        aak: account.api_key,
        aas: account.api_secret,
        aat,
        dak: created.domain_api_key,
        das: created.domain_api_secret,
        dat,
    }
}

struct Person {
    uak: UserApiKey,
    uat: UserAccessToken,
    device: DeviceId,
}

async fn person(sim: &Simulator, side: &Side, user_id: &str) -> Person {
    let new = NewUser::new(user_id).password(UserPassword::new(PASSWORD));
    let user = ok(
        "create_user_by_user_id",
        sim.create_user_by_user_id(side.dat.clone(), new).await,
    );
    let uat = login(sim, side, user_id).await;
    let devices = ok("get_devices", sim.get_devices(uat.clone()).await);
    Person {
        uak: user.user_api_key.expect("a created user shows its API key"),
        uat,
        device: devices[0].id.clone(),
    }
}

async fn login(sim: &Simulator, side: &Side, user_id: &str) -> UserAccessToken {
    ok(
        "get_user_access_token",
        sim.get_user_access_token(side.dak.clone(), side.das.clone(), user_id.into())
            .await,
    )
}

fn caller(side: &Side, person: &Person, user_id: &str) -> Caller {
    Caller {
        aak: text(&side.aak),
        aas: text(&side.aas),
        aat: text(&side.aat),
        dak: text(&side.dak),
        das: text(&side.das),
        dat: text(&side.dat),
        uak: text(&person.uak),
        uat: text(&person.uat),
        user_id: user_id.to_owned(),
    }
}

/// Builds the world on `sim` (which should be empty).
pub async fn build(sim: &Simulator) -> World {
    let a = side(sim, "a.example").await;
    let alice = person(sim, &a, "alice").await;
    let bob = person(sim, &a, "bob").await;
    let carol = person(sim, &a, "carol").await;

    // Live tokens the calls name, and revoked ones.
    let aat_victim = ok(
        "get_account_access_token",
        sim.get_account_access_token(a.aak.clone(), a.aas.clone())
            .await,
    );
    let aat_revoked = ok(
        "get_account_access_token",
        sim.get_account_access_token(a.aak.clone(), a.aas.clone())
            .await,
    );
    ok(
        "delete_account_access_token",
        sim.delete_account_access_token(a.aak.clone(), a.aas.clone(), aat_revoked.clone())
            .await,
    );
    let dat_victim = ok(
        "get_domain_access_token",
        sim.get_domain_access_token(a.dak.clone(), a.das.clone())
            .await,
    );
    let dat_revoked = ok(
        "get_domain_access_token",
        sim.get_domain_access_token(a.dak.clone(), a.das.clone())
            .await,
    );
    ok(
        "delete_domain_access_token",
        sim.delete_domain_access_token(a.dak.clone(), a.das.clone(), dat_revoked.clone())
            .await,
    );
    let uat_victim = login(sim, &a, "alice").await;
    let uat_revoked = login(sim, &a, "alice").await;
    ok(
        "delete_user_access_token",
        sim.delete_user_access_token(
            a.dak.clone(),
            "alice".into(),
            UserPassword::new(PASSWORD),
            uat_revoked.clone(),
        )
        .await,
    );

    // A deleted domain and a deleted user leave keys behind that no longer open anything.
    let gone = ok(
        "create_domain",
        sim.create_domain(a.aat.clone(), NewDomain::new("gone.example"))
            .await,
    );
    ok(
        "delete_domain",
        sim.delete_domain(a.aat.clone(), gone.domain_api_key.clone())
            .await,
    );
    let ghost = person(sim, &a, "ghost").await;
    ok(
        "delete_user",
        sim.delete_user(UserDeletion::ByUserApiKey(ghost.uak.clone()))
            .await,
    );

    // Things of alice's for the calls to name.
    let contact = ok(
        "add_personal_contact",
        sim.add_personal_contact(
            alice.uat.clone(),
            NewPersonalContact::new("bob@a.example", "Bobby"),
        )
        .await,
    );
    let group = ok(
        "create_group",
        sim.create_group(alice.uat.clone(), NewGroup::new("crew"))
            .await,
    );
    ok(
        "add_group_members",
        sim.add_group_members(
            alice.uat.clone(),
            group.group_id.clone(),
            vec!["bob@a.example".into()],
        )
        .await,
    );
    ok(
        "create_hunt_group",
        sim.create_hunt_group(
            a.dat.clone(),
            NewHuntGroup::new(HUNT_GROUP, "roundrobin", "sip:sales@a.example"),
        )
        .await,
    );
    ok(
        "add_hunt_group_user",
        sim.add_hunt_group_user(a.dat.clone(), HUNT_GROUP.into(), "bob".into())
            .await,
    );
    ok(
        "add_hunt_group_admin",
        sim.add_hunt_group_admin(a.dat.clone(), HUNT_GROUP.into(), "bob".into())
            .await,
    );
    let hello =
        OutgoingMessage::text("alice@a.example", "hello").with_uuid(MessageUuid::new(PENDING_UUID));
    ok(
        "send_message",
        sim.send_message(bob.uat.clone(), bob.device.clone(), hello)
            .await,
    );
    ok(
        "upload_content",
        sim.upload_content(
            alice.uat.clone(),
            alice.device.clone(),
            ContentUuid::new(CONTENT_UUID),
            crate::cases::new_content(),
        )
        .await,
    );
    ok(
        "send_verification_sms",
        sim.send_verification_sms(a.dat.clone(), "3524096582".into(), "US".into())
            .await,
    );
    let sms = sim.sms_outbox();
    let code: String = sms
        .last()
        .expect("a verification SMS")
        .text
        .chars()
        .rev()
        .take(4)
        .collect();
    let code: String = code.chars().rev().collect();

    let session = ok(
        "create_session",
        sim.create_session(alice.uat.clone(), NewSession::new("support", "s1"))
            .await,
    );
    ok(
        "join_session",
        sim.join_session(bob.uat.clone(), session.clone(), SessionJoin::new())
            .await,
    );

    let joinable = ok(
        "create_session",
        sim.create_session(carol.uat.clone(), NewSession::new("support", "s3"))
            .await,
    );
    ok(
        "join_session",
        sim.join_session(alice.uat.clone(), joinable.clone(), SessionJoin::new())
            .await,
    );

    let b = side(sim, "b.example").await;
    let dave = person(sim, &b, "dave").await;

    let world_a = caller(&a, &alice, "alice");
    let revoked = Caller {
        aak: format!("AAK{}", "0".repeat(32)),
        aat: text(&aat_revoked),
        dak: text(&gone.domain_api_key),
        das: text(&gone.domain_api_secret),
        dat: text(&dat_revoked),
        uak: text(&ghost.uak),
        uat: text(&uat_revoked),
        ..world_a.clone()
    };
    World {
        a: world_a,
        b: caller(&b, &dave, "dave"),
        revoked,
        target: Target {
            domain_api_key: text(&a.dak),
            account_token: text(&aat_victim),
            domain_token: text(&dat_victim),
            user_token: text(&uat_victim),
            user_api_key: text(&carol.uak),
            login_user: "alice".into(),
            device: alice.device.as_str().to_owned(),
            contact: contact.as_str().to_owned(),
            group: group.group_id.as_str().to_owned(),
            member: "bob@a.example".into(),
            newcomer: "carol@a.example".into(),
            code,
            session: session.as_str().to_owned(),
            session_name: "s1".into(),
            joinable: joinable.as_str().to_owned(),
            content: CONTENT_UUID.into(),
        },
    }
}
