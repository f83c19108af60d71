//! The world every case starts from, made through the simulator and then served on
//! 127.0.0.1:0: an account, the domain `example.kandy.io`, alice, bob, carol and a phone user,
//! each with a token and a default device; a group of alice's with bob in it; a contact bob in
//! alice's personal book; a device contact on alice's device; a chat from bob and a
//! `chatRemoteAck` pending on alice's device; a verification code sent by the domain; the
//! hunt group `sales` with bob as its user and carol as its admin; alice's session `Support`
//! (inactive) with bob joined and carol asking to join; and a PNG alice uploaded (64x32).
//!
//! Cases name its values as `{name}` in their templates; [`World::expand`] fills them in.

use kandy_core::*;
use kandy_sim::Simulator;
use kandy_sim::server::Server;

/// The domain's name.
pub const DOMAIN: &str = "example.kandy.io";
/// The password of alice, bob and carol.
pub const PASSWORD: &str = "open2sesame9";
/// The UUID of the chat from bob pending on alice's device.
pub const PENDING_UUID: &str = "bcd2fa752c3c4fdf97d08b0a48f622f0";
/// The UUID of the chat alice sent bob, which bob deleted (so alice holds its ack).
pub const ACKED_UUID: &str = "080eccac08d54c9a949058f3a633a30c";
/// The content UUID of alice's PNG, as kandy.js's `_UUIDv4` makes one.
pub const CONTENT_UUID: &str = "0F8E6A3C-1B2D-4E5F-8A9B-C0D1E2F3A4B5";
/// The sides of alice's PNG.
pub const PICTURE_SIZE: (u32, u32) = (64, 32);

/// A PNG of [`PICTURE_SIZE`], one colour.
fn picture() -> Vec<u8> {
    let (w, h) = PICTURE_SIZE;
    let image = image::RgbImage::from_pixel(w, h, image::Rgb([200, 30, 30]));
    let mut png = std::io::Cursor::new(Vec::new());
    image
        .write_to(&mut png, image::ImageFormat::Png)
        .expect("a PNG encodes");
    png.into_inner()
}

/// A served world and the values cases refer to.
pub struct World {
    /// The server.
    pub server: Server,
    vars: Vec<(String, String)>,
    secrets: Vec<String>,
}

fn ok<T>(what: &str, result: Result<T>) -> T {
    result.unwrap_or_else(|e| panic!("world: {what}: {e}"))
}

/// What a user of the world is known by.
struct Person {
    user: User,
    token: UserAccessToken,
    device: DeviceId,
}

async fn person(
    sim: &Simulator,
    domain: &CreatedDomain,
    dat: &DomainAccessToken,
    user: NewUser,
) -> Person {
    let user = ok(
        "a user",
        sim.create_user_by_user_id(dat.clone(), user).await,
    );
    let token = ok(
        "a user token",
        sim.get_user_access_token(
            domain.domain_api_key.clone(),
            domain.domain_api_secret.clone(),
            user.user_id.clone(),
        )
        .await,
    );
    let devices = ok("the devices", sim.get_devices(token.clone()).await);
    let device = devices[0].id.clone();
    Person {
        user,
        token,
        device,
    }
}

impl World {
    /// Builds the world and serves it.
    pub async fn new() -> Self {
        let sim = Simulator::new();
        let account = sim.create_account();
        let aat = ok(
            "the account token",
            sim.get_account_access_token(account.api_key.clone(), account.api_secret.clone())
                .await,
        );
        let domain = ok(
            "the domain",
            sim.create_domain(aat.clone(), NewDomain::new(DOMAIN).project_name("compat"))
                .await,
        );
        let dat = ok(
            "the domain token",
            sim.get_domain_access_token(
                domain.domain_api_key.clone(),
                domain.domain_api_secret.clone(),
            )
            .await,
        );
        let password = || UserPassword::new(PASSWORD);
        let new = |id: &str, first: &str, last: &str| {
            NewUser::new(id)
                .country_code("US")
                .name(first, last)
                .email(format!("{id}@example.com"))
                .password(password())
        };
        let alice = person(&sim, &domain, &dat, new("alice", "Alice", "Liddell")).await;
        let bob = person(&sim, &domain, &dat, new("bob", "Bob", "Builder")).await;
        let carol = person(&sim, &domain, &dat, new("carol", "Carol", "Danvers")).await;
        let phoebe = ok(
            "the phone user",
            sim.create_user_by_phone_number(
                dat.clone(),
                NewPhoneUser::new("3524096582", "US").name("Phoebe", "Phone"),
            )
            .await,
        );

        let group = ok(
            "the group",
            sim.create_group(alice.token.clone(), NewGroup::new("Team"))
                .await,
        );
        ok(
            "bob joins the group",
            sim.add_group_members(
                alice.token.clone(),
                group.group_id.clone(),
                vec![bob.user.full_user_id.clone()],
            )
            .await,
        );
        // Bob handles the invite, so that his queue starts empty (the shapes read
        // `messages[0]` as the message they sent).
        let invites = ok(
            "bob's invite",
            sim.get_pending_messages(bob.token.clone(), bob.device.clone(), None)
                .await,
        );
        ok(
            "bob acks the invite",
            sim.delete_handled_messages(
                bob.token.clone(),
                bob.device.clone(),
                invites.messages.into_iter().map(|m| m.uuid).collect(),
            )
            .await,
        );
        let contact = ok(
            "alice's contact",
            sim.add_personal_contact(
                alice.token.clone(),
                NewPersonalContact::new(bob.user.full_user_id.clone(), "Bob"),
            )
            .await,
        );
        ok(
            "alice's device address book",
            sim.upload_device_address_book(
                alice.token.clone(),
                alice.device.clone(),
                vec![NewDeviceContact::new(
                    vec!["+14055671234".into()],
                    "John",
                    "Doe",
                )],
            )
            .await,
        );
        let chat = |to: &User, text: &str, uuid: &str| {
            OutgoingMessage::text(to.full_user_id.clone(), text).with_uuid(MessageUuid::new(uuid))
        };
        ok(
            "bob's chat to alice",
            sim.send_message(
                bob.token.clone(),
                bob.device.clone(),
                chat(&alice.user, "let's meet tonight", PENDING_UUID),
            )
            .await,
        );
        ok(
            "alice's chat to bob",
            sim.send_message(
                alice.token.clone(),
                alice.device.clone(),
                chat(&bob.user, "ack me", ACKED_UUID),
            )
            .await,
        );
        ok(
            "bob handles it",
            sim.delete_handled_messages(
                bob.token.clone(),
                bob.device.clone(),
                vec![MessageUuid::new(ACKED_UUID)],
            )
            .await,
        );
        ok(
            "a verification code",
            sim.send_verification_sms(dat.clone(), "4155550123".into(), "US".into())
                .await,
        );
        let code = sim
            .sms_outbox()
            .last()
            .and_then(|sms| sms.text.rsplit(' ').next().map(str::to_owned))
            .expect("the verification SMS holds its code");

        ok(
            "the hunt group",
            sim.create_hunt_group(
                dat.clone(),
                NewHuntGroup::new("sales", "roundrobin", "sip:sales@example.kandy.io"),
            )
            .await,
        );
        ok(
            "bob answers for sales",
            sim.add_hunt_group_user(dat.clone(), "sales".into(), "bob".into())
                .await,
        );
        ok(
            "carol runs sales",
            sim.add_hunt_group_admin(dat.clone(), "sales".into(), carol.user.full_user_id.clone())
                .await,
        );
        let phoebe_token = ok(
            "the phone user's token",
            sim.get_user_access_token(
                domain.domain_api_key.clone(),
                domain.domain_api_secret.clone(),
                phoebe.user_id.clone(),
            )
            .await,
        );
        let session = ok(
            "alice's session",
            sim.create_session(alice.token.clone(), NewSession::new("support", "Support"))
                .await,
        );
        ok(
            "bob asks to join",
            sim.join_session(bob.token.clone(), session.clone(), SessionJoin::new())
                .await,
        );
        ok(
            "alice lets bob in",
            sim.accept_session_join(
                alice.token.clone(),
                session.clone(),
                bob.user.full_user_id.clone(),
            )
            .await,
        );
        ok(
            "carol asks to join",
            sim.join_session(carol.token.clone(), session.clone(), SessionJoin::new())
                .await,
        );
        ok(
            "alice's picture",
            sim.upload_content(
                alice.token.clone(),
                alice.device.clone(),
                ContentUuid::new(CONTENT_UUID),
                ContentUpload::from_bytes("photo.png", "image/png", picture()),
            )
            .await,
        );

        let secret = |value: &str| value.to_owned();
        let mut secrets = vec![
            secret(account.api_key.expose_secret()),
            secret(account.api_secret.expose_secret()),
            secret(aat.expose_secret()),
            secret(domain.domain_api_key.expose_secret()),
            secret(domain.domain_api_secret.expose_secret()),
            secret(dat.expose_secret()),
            PASSWORD.to_owned(),
        ];
        let mut vars: Vec<(String, String)> = vec![
            ("aak".into(), secret(account.api_key.expose_secret())),
            ("aas".into(), secret(account.api_secret.expose_secret())),
            ("aat".into(), secret(aat.expose_secret())),
            ("domain".into(), DOMAIN.into()),
            ("dak".into(), secret(domain.domain_api_key.expose_secret())),
            (
                "das".into(),
                secret(domain.domain_api_secret.expose_secret()),
            ),
            ("dat".into(), secret(dat.expose_secret())),
            ("password".into(), PASSWORD.into()),
            ("group_id".into(), group.group_id.as_str().into()),
            ("contact_id".into(), contact.as_str().into()),
            ("uuid".into(), PENDING_UUID.into()),
            ("code".into(), code),
            ("phoebe_full".into(), phoebe.full_user_id.clone()),
            ("phoebe_uat".into(), secret(phoebe_token.expose_secret())),
            ("session_id".into(), session.as_str().into()),
            ("content_uuid".into(), CONTENT_UUID.into()),
        ];
        secrets.push(secret(phoebe_token.expose_secret()));
        for (name, p) in [("alice", &alice), ("bob", &bob), ("carol", &carol)] {
            let uak = p.user.user_api_key.as_ref().expect("a user API key");
            let uas = p.user.user_api_secret.as_ref().expect("a user API secret");
            vars.extend([
                (format!("{name}_full"), p.user.full_user_id.clone()),
                (format!("{name}_uat"), secret(p.token.expose_secret())),
                (format!("{name}_uak"), secret(uak.expose_secret())),
                (format!("{name}_device"), p.device.as_str().to_owned()),
            ]);
            secrets.extend([
                secret(p.token.expose_secret()),
                secret(uak.expose_secret()),
                secret(uas.expose_secret()),
            ]);
        }
        let server = Server::bind("127.0.0.1:0", sim)
            .await
            .expect("the server binds");
        World {
            server,
            vars,
            secrets,
        }
    }

    /// The template with every `{name}` replaced by the world's value; panics on a name the
    /// world does not know (a typo in the table).
    pub fn expand(&self, template: &str) -> String {
        let mut out = String::with_capacity(template.len() + 64);
        let mut rest = template;
        while let Some(start) = rest.find('{') {
            let Some(len) = rest[start + 1..].find('}') else {
                break;
            };
            let name = &rest[start + 1..start + 1 + len];
            let known = self.vars.iter().find(|(n, _)| n == name);
            match known {
                Some((_, value)) if !name.is_empty() && name.bytes().all(is_name_byte) => {
                    out.push_str(&rest[..start]);
                    out.push_str(value);
                    rest = &rest[start + len + 2..];
                }
                // JSON braces, not a name: copy them through.
                _ if name.is_empty() || !name.bytes().all(is_name_byte) => {
                    out.push_str(&rest[..=start]);
                    rest = &rest[start + 1..];
                }
                _ => panic!("the world has no `{{{name}}}` (in {template})"),
            }
        }
        out.push_str(rest);
        out
    }

    /// Every credential and password of the world: no refusal's message may hold one.
    pub fn secrets(&self) -> &[String] {
        &self.secrets
    }
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'
}
