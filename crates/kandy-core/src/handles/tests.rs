use super::*;
use crate::*;
use futures_util::FutureExt as _;
use std::collections::HashSet;
use std::sync::Mutex;

/// Every method's name, operation and the type of its first argument.
macro_rules! first_args {
    ($($name:ident ($first:ident : $fty:ident $(<$fin:ident>)? $(, $arg:ident : $ty:ty)*) -> $out:ty = $op:ident;)*) => {
        [$((stringify!($name), OperationId::$op, stringify!($fty))),*]
    };
}

#[test]
fn every_operation_has_the_scope_of_its_leading_credentials_or_a_compound_key() {
    let methods = kandy_api_methods!(first_args);
    assert_eq!(methods.len(), Operation::api().count());
    let mut unscoped = Vec::new();
    for (name, id, first) in methods {
        let op = Operation::of(id);
        match Scope::of(id) {
            Some(scope) => {
                assert!(
                    op.keys.contains(&scope.key_scope()),
                    "{name}: scope {scope:?} sends a key the table does not list: {:?}",
                    op.keys
                );
                let expected_first = match scope {
                    Scope::AccountKeys => "AccountApiKey",
                    Scope::Account => "AccountAccessToken",
                    Scope::DomainKeys | Scope::UserPassword => "DomainApiKey",
                    Scope::Domain => "DomainAccessToken",
                    Scope::User | Scope::Device | Scope::Group | Scope::Session => {
                        "UserAccessToken"
                    }
                };
                assert_eq!(first, expected_first, "{name}");
            }
            None => unscoped.push((name, first)),
        }
    }
    unscoped.sort();
    assert_eq!(
        unscoped,
        [
            ("delete_user", "UserDeletion"),
            ("get_last_seen", "PresenceKey"),
            ("get_limited_domain_detail", "DomainDetailsKey"),
        ]
    );
}

#[test]
fn the_scopes_partition_the_scoped_operations() {
    let mut seen = HashSet::new();
    let mut counts = Vec::new();
    for scope in Scope::ALL {
        let ops: Vec<_> = scope.operations().collect();
        assert!(!ops.is_empty(), "{scope:?} has no operation");
        for id in &ops {
            assert!(seen.insert(*id), "{id} is in two scopes");
        }
        counts.push((scope, ops.len()));
    }
    assert_eq!(seen.len(), Operation::api().count() - 3);
    use Scope::*;
    let expected = [
        (AccountKeys, 2),
        (Account, 3),
        (DomainKeys, 4),
        (UserPassword, 2),
        (Domain, 19),
        (User, 26),
        (Device, 12),
        (Group, 7),
        (Session, 9),
    ];
    assert_eq!(counts, expected);
    // The second path of #29 is the operation it aliases.
    assert_eq!(Scope::of(OperationId::DeleteHuntGroupAdmins), Some(Domain));
    assert_eq!(Scope::of(OperationId::SendMessage), Some(Device));
    assert_eq!(Scope::of(OperationId::UpdateGroup), Some(User));
    assert_eq!(Scope::of(OperationId::DeleteDevice), Some(Device));
}

/// A `KandyApi` that records each call's operation and arguments and refuses it.
#[derive(Debug, Default)]
struct Recorder {
    calls: Mutex<Vec<(OperationId, String)>>,
}

macro_rules! recorder {
    ($($name:ident ($($arg:ident : $ty:ty),*) -> $out:ty = $op:ident;)*) => {
        #[async_trait::async_trait]
        impl KandyApi for Recorder {
            $(
                async fn $name(&self, $($arg: $ty),*) -> Result<$out> {
                    let args = format!("{:?}", ($(&$arg,)*));
                    self.calls.lock().unwrap().push((OperationId::$op, args));
                    Err(Error::bad_argument("recorded"))
                }
            )*
        }
    };
}
kandy_api_methods!(recorder);

impl Recorder {
    fn last(&self) -> (OperationId, String) {
        self.calls.lock().unwrap().last().cloned().unwrap()
    }
}

fn refused<T>(future: ApiFuture<'_, T>) {
    let error = future
        .now_or_never()
        .expect("ready")
        .err()
        .expect("refused");
    assert_eq!(error.kind(), ErrorKind::BadArgument);
}

#[test]
fn each_handle_passes_its_credentials_first_and_converts_the_rest() {
    let rec = Recorder::default();
    let api: &dyn KandyApi = &rec;
    let check = |id: OperationId, args: &str| assert_eq!(rec.last(), (id, args.to_owned()));

    refused(api.account("AAK1", "AAS1").get_account_access_token());
    check(
        OperationId::GetAccountAccessToken,
        "(AccountApiKey(***), AccountApiSecret(***))",
    );
    let aat = AccountAccessToken::new("AAT1");
    refused(api.account_token(&aat).delete_domain("DAK1"));
    check(
        OperationId::DeleteDomain,
        "(AccountAccessToken(***), DomainApiKey(***))",
    );
    refused(
        api.domain_keys("DAK1", "DAS1")
            .get_user_access_token("alice"),
    );
    check(
        OperationId::GetUserAccessToken,
        r#"(DomainApiKey(***), DomainApiSecret(***), "alice")"#,
    );
    refused(
        api.user_password("DAK1", "alice", "pw")
            .delete_user_access_token("UAT9"),
    );
    check(
        OperationId::DeleteUserAccessToken,
        r#"(DomainApiKey(***), "alice", UserPassword(***), UserAccessToken(***))"#,
    );
    let domain = api.domain(DomainAccessToken::new("DAT1"));
    refused(domain.add_hunt_group_user("hg", "bob"));
    check(
        OperationId::AddHuntGroupUser,
        r#"(DomainAccessToken(***), "hg", "bob")"#,
    );
    refused(domain.get_country_codes(None));
    check(
        OperationId::GetCountryCodes,
        "(DomainAccessToken(***), None)",
    );
    refused(domain.delete_user_by_user_id("bob"));
    check(
        OperationId::DeleteUser,
        r#"(ByUserId { token: DomainAccessToken(***), user_id: "bob" },)"#,
    );
    refused(domain.get_last_seen(["bob@x"]));
    check(
        OperationId::GetLastSeen,
        r#"(Domain(DomainAccessToken(***)), ["bob@x"])"#,
    );

    let user = api.user("UAT1");
    refused(user.get_sessions(Some("chat")));
    check(
        OperationId::GetSessions,
        r#"(UserAccessToken(***), Some("chat"))"#,
    );
    let device_id = DeviceId::new("d1");
    let device = user.device(&device_id);
    let uuid = MessageUuid::new("u1");
    refused(device.delete_handled_messages([&uuid]));
    check(
        OperationId::DeleteHandledMessages,
        r#"(UserAccessToken(***), DeviceId("d1"), [MessageUuid("u1")])"#,
    );
    refused(device.delete_device());
    check(
        OperationId::DeleteDevice,
        r#"(UserAccessToken(***), DeviceId("d1"))"#,
    );
    refused(
        user.group("g1")
            .mute_group_members(["bob@x", "eve@x"], true),
    );
    check(
        OperationId::MuteGroupMembers,
        r#"(UserAccessToken(***), GroupId("g1"), ["bob@x", "eve@x"], true)"#,
    );
    refused(user.session("s1").leave_session(Some("bye")));
    check(
        OperationId::LeaveSession,
        r#"(UserAccessToken(***), SessionId("s1"), Some("bye"))"#,
    );
    assert_eq!(rec.calls.lock().unwrap().len(), 13);
}

#[test]
fn handles_work_over_arc_and_box_and_print_no_secret() {
    let api: std::sync::Arc<dyn KandyApi> = std::sync::Arc::new(Recorder::default());
    let user = api.user("UAT0123456789");
    refused(user.get_devices());
    let boxed: Box<dyn KandyApi> = Box::new(Recorder::default());
    refused(boxed.domain("DAT1").get_users());
    let device = user.device("d1");
    let printed = format!("{device:?} {:?}", api.account("AAK1", "AAS1"));
    assert!(
        !printed.contains("0123456789") && !printed.contains("AAS1"),
        "{printed}"
    );
    assert!(printed.contains(r#"DeviceId("d1")"#), "{printed}");
    let as_dyn: UserHandle<'_, dyn KandyApi> = api.as_ref().user("UAT1");
    refused(as_dyn.get_groups());
    // The future borrows the API, not the handle.
    let future = api.user("UAT1").device("d1").get_pending_messages(Some(5));
    refused(future);
}

/// A value of each argument type the handle methods take (after the credentials); a new
/// operation with a new argument type adds its arm here.
macro_rules! sample {
    (String) => {
        "s"
    };
    (Option<$t:ident>) => {
        None
    };
    (Vec<$t:ident>) => {
        Vec::<$t>::new()
    };
    (bool) => {
        true
    };
    (AccountAccessToken) => {
        "AAT2"
    };
    (DomainApiKey) => {
        "DAK2"
    };
    (DomainAccessToken) => {
        "DAT2"
    };
    (UserAccessToken) => {
        "UAT2"
    };
    (ContactId) => {
        "contact"
    };
    (ContentUuid) => {
        "content"
    };
    (NewDomain) => {
        NewDomain::new("d.kandy.io")
    };
    (NewUser) => {
        NewUser::new("u")
    };
    (NewPhoneUser) => {
        NewPhoneUser::new("+14155550100", "US")
    };
    (NewRegistration) => {
        NewRegistration::new("+14155550100", "US", "1234", "native")
    };
    (NewHuntGroup) => {
        NewHuntGroup::new("hg", "type", "sip:hg@d")
    };
    (NewDevice) => {
        NewDevice::new("native")
    };
    (NewPersonalContact) => {
        NewPersonalContact::new("bob@d", "Bob")
    };
    (UserProfileUpdate) => {
        UserProfileUpdate::new()
    };
    (NewGroup) => {
        NewGroup::new("g")
    };
    (GroupUpdate) => {
        GroupUpdate::new(GroupId::new("g"), "g")
    };
    (OutgoingGroupMessage) => {
        OutgoingGroupMessage::text("g", "hi")
    };
    (NewSession) => {
        NewSession::new("chat", "s")
    };
    (SessionJoin) => {
        SessionJoin::new()
    };
    (OutgoingMessage) => {
        OutgoingMessage::text("bob@d", "hi")
    };
    (OutgoingSms) => {
        OutgoingSms::new("+14155550100", "hi")
    };
    (ContentUpload) => {
        ContentUpload::from_bytes("a.txt", "text/plain", &b"a"[..])
    };
    (ThumbnailSize) => {
        ThumbnailSize::DEFAULT
    };
}

/// One handle of each scope, its field named as the scope.
#[allow(non_snake_case)]
struct Handles<'a> {
    AccountKeys: AccountKeysHandle<'a, Recorder>,
    Account: AccountHandle<'a, Recorder>,
    DomainKeys: DomainKeysHandle<'a, Recorder>,
    UserPassword: UserPasswordHandle<'a, Recorder>,
    Domain: DomainHandle<'a, Recorder>,
    User: UserHandle<'a, Recorder>,
    Device: DeviceHandle<'a, Recorder>,
    Group: GroupHandle<'a, Recorder>,
    Session: SessionHandle<'a, Recorder>,
}

/// How the recorded arguments of a call through each scope's handle begin.
fn credentials_printed(scope: Scope) -> &'static str {
    match scope {
        Scope::AccountKeys => "(AccountApiKey(***), AccountApiSecret(***)",
        Scope::Account => "(AccountAccessToken(***)",
        Scope::DomainKeys => "(DomainApiKey(***), DomainApiSecret(***)",
        Scope::UserPassword => r#"(DomainApiKey(***), "alice", UserPassword(***)"#,
        Scope::Domain => "(DomainAccessToken(***)",
        Scope::User => "(UserAccessToken(***)",
        Scope::Device => r#"(UserAccessToken(***), DeviceId("dev")"#,
        Scope::Group => r#"(UserAccessToken(***), GroupId("grp")"#,
        Scope::Session => r#"(UserAccessToken(***), SessionId("ses")"#,
    }
}

/// Calls one operation through the handle of its scope and checks what reached the API.
macro_rules! reach {
    ((($h:ident, $rec:ident, $reached:ident)) Unscoped; $($m:tt)*) => {};
    ((($h:ident, $rec:ident, $reached:ident)) $scope:ident; $name:ident($($arg:ident: $ty:ident $(<$inner:ident>)?),*) -> $out:ty = $op:ident) => {{
        refused($h.$scope.$name($(sample!($ty $(<$inner>)?)),*));
        let (id, args) = $rec.last();
        assert_eq!(id, OperationId::$op, "{} through {:?}", stringify!($name), Scope::$scope);
        assert!(args.starts_with(credentials_printed(Scope::$scope)), "{}: {args}", stringify!($name));
        assert_eq!(Scope::of(id), Some(Scope::$scope));
        $reached.push(id);
    }};
}

macro_rules! reach_all {
    ($($name:ident ($($args:tt)*) -> $out:ty = $op:ident;)*) => {
        fn reach_every_operation(h: &Handles<'_>, rec: &Recorder) -> Vec<OperationId> {
            let mut reached = Vec::new();
            $(classify!(reach ((h, rec, reached)); $name($($args)*) -> $out = $op);)*
            reached
        }
    };
}
kandy_api_methods!(reach_all);

#[test]
fn every_scoped_operation_is_reached_through_the_handle_of_its_scope() {
    let rec = Recorder::default();
    let user = rec.user("UAT1");
    let handles = Handles {
        AccountKeys: rec.account("AAK1", "AAS1"),
        Account: rec.account_token("AAT1"),
        DomainKeys: rec.domain_keys("DAK1", "DAS1"),
        UserPassword: rec.user_password("DAK1", "alice", "pw"),
        Domain: rec.domain("DAT1"),
        Device: user.device("dev"),
        Group: user.group("grp"),
        Session: user.session("ses"),
        User: user,
    };
    let mut reached = reach_every_operation(&handles, &rec);
    assert_eq!(reached.len(), Operation::api().count() - 3);
    reached.sort_by_key(|id| id.to_string());
    reached.dedup();
    let mut scoped: Vec<_> = Operation::api()
        .map(|op| op.id)
        .filter(|id| Scope::of(*id).is_some())
        .collect();
    scoped.sort_by_key(|id| id.to_string());
    assert_eq!(reached, scoped);
}
