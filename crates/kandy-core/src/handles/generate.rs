//! The handles' methods, generated from [`kandy_api_methods!`](crate::kandy_api_methods): each
//! operation is classified once by its leading credential arguments ([`classify!`]) and
//! becomes a method of the one handle of that scope ([`emit!`]), and a row of
//! [`Scope::of`]. A new operation in the trait's declaration gets its handle method and its
//! scope here without a line written.

use super::*;
use crate::*;

/// Hands one method of `kandy_api_methods!` to `$then!` as `$want Scope; name(rest) -> out =
/// op`, where `Scope` names the handle that supplies its leading credentials and `rest` are
/// the operation's own arguments; `Unscoped` when no handle does (compound keys). The arms
/// are tried in order: the two-argument prefixes before the one-argument ones.
macro_rules! classify {
    ($then:ident $want:tt; $name:ident($k:ident: AccountApiKey, $s:ident: AccountApiSecret $(, $($rest:tt)*)?) -> $out:ty = $op:ident) => {
        $then! { $want AccountKeys; $name($($($rest)*)?) -> $out = $op }
    };
    ($then:ident $want:tt; $name:ident($t:ident: AccountAccessToken $(, $($rest:tt)*)?) -> $out:ty = $op:ident) => {
        $then! { $want Account; $name($($($rest)*)?) -> $out = $op }
    };
    ($then:ident $want:tt; $name:ident($k:ident: DomainApiKey, $s:ident: DomainApiSecret $(, $($rest:tt)*)?) -> $out:ty = $op:ident) => {
        $then! { $want DomainKeys; $name($($($rest)*)?) -> $out = $op }
    };
    ($then:ident $want:tt; $name:ident($k:ident: DomainApiKey, $u:ident: String, $p:ident: UserPassword $(, $($rest:tt)*)?) -> $out:ty = $op:ident) => {
        $then! { $want UserPassword; $name($($($rest)*)?) -> $out = $op }
    };
    ($then:ident $want:tt; $name:ident($t:ident: DomainAccessToken $(, $($rest:tt)*)?) -> $out:ty = $op:ident) => {
        $then! { $want Domain; $name($($($rest)*)?) -> $out = $op }
    };
    ($then:ident $want:tt; $name:ident($t:ident: UserAccessToken, $d:ident: DeviceId $(, $($rest:tt)*)?) -> $out:ty = $op:ident) => {
        $then! { $want Device; $name($($($rest)*)?) -> $out = $op }
    };
    ($then:ident $want:tt; $name:ident($t:ident: UserAccessToken, $g:ident: GroupId $(, $($rest:tt)*)?) -> $out:ty = $op:ident) => {
        $then! { $want Group; $name($($($rest)*)?) -> $out = $op }
    };
    ($then:ident $want:tt; $name:ident($t:ident: UserAccessToken, $s:ident: SessionId $(, $($rest:tt)*)?) -> $out:ty = $op:ident) => {
        $then! { $want Session; $name($($($rest)*)?) -> $out = $op }
    };
    ($then:ident $want:tt; $name:ident($t:ident: UserAccessToken $(, $($rest:tt)*)?) -> $out:ty = $op:ident) => {
        $then! { $want User; $name($($($rest)*)?) -> $out = $op }
    };
    ($then:ident $want:tt; $name:ident($($rest:tt)*) -> $out:ty = $op:ident) => {
        $then! { $want Unscoped; $name($($rest)*) -> $out = $op }
    };
}

/// The parameter type a handle method takes for an argument of the trait's type: owned
/// strings, ids and credentials as `impl Into<..>` (so `&str` and `&id` go in), lists as
/// any iterator of such, optional strings borrowed; everything else as it is.
macro_rules! param {
    (String) => { impl Into<String> };
    (Option<String>) => { Option<&str> };
    (Vec<$t:ident>) => { impl IntoIterator<Item = impl Into<$t>> };
    (DeviceId) => { impl Into<DeviceId> };
    (GroupId) => { impl Into<GroupId> };
    (SessionId) => { impl Into<SessionId> };
    (ContactId) => { impl Into<ContactId> };
    (ContentUuid) => { impl Into<ContentUuid> };
    (AccountAccessToken) => { impl Into<AccountAccessToken> };
    (DomainApiKey) => { impl Into<DomainApiKey> };
    (DomainAccessToken) => { impl Into<DomainAccessToken> };
    (UserAccessToken) => { impl Into<UserAccessToken> };
    ($t:ident $(<$inner:ident>)?) => { $t $(<$inner>)? };
}

/// The trait's argument from a handle method's parameter (see [`param!`]).
macro_rules! convert {
    ($arg:ident: String) => {
        $arg.into()
    };
    ($arg:ident: Option<String>) => {
        $arg.map(str::to_owned)
    };
    ($arg:ident: Vec<$t:ident>) => {
        $arg.into_iter().map(Into::into).collect()
    };
    ($arg:ident: DeviceId) => {
        $arg.into()
    };
    ($arg:ident: GroupId) => {
        $arg.into()
    };
    ($arg:ident: SessionId) => {
        $arg.into()
    };
    ($arg:ident: ContactId) => {
        $arg.into()
    };
    ($arg:ident: ContentUuid) => {
        $arg.into()
    };
    ($arg:ident: AccountAccessToken) => {
        $arg.into()
    };
    ($arg:ident: DomainApiKey) => {
        $arg.into()
    };
    ($arg:ident: DomainAccessToken) => {
        $arg.into()
    };
    ($arg:ident: UserAccessToken) => {
        $arg.into()
    };
    ($arg:ident: $t:ident $(<$inner:ident>)?) => {
        $arg
    };
}

/// One handle method when the operation's scope is the handle's (`$want` = the scope), else
/// nothing. `$what` says in the doc what the handle supplies, `$cred` are its fields passed
/// first.
macro_rules! method {
    ([$what:literal $($cred:ident)*] $name:ident($($arg:ident: $ty:ident $(<$inner:ident>)?),*) -> $out:ty = $op:ident) => {
        #[doc = concat!(
            "[`KandyApi::", stringify!($name), "`](crate::KandyApi::", stringify!($name),
            ") (operation [`", stringify!($op), "`](crate::OperationId::", stringify!($op),
            ")) with ", $what, ": see it for the arguments, the result and the errors."
        )]
        pub fn $name(&self $(, $arg: param!($ty $(<$inner>)?))*) -> ApiFuture<'a, $out> {
            <A as KandyApi>::$name(self.api() $(, self.$cred().clone())* $(, convert!($arg: $ty $(<$inner>)?))*)
        }
    };
}

/// Emits the method if the classified scope (second) is the wanted one (first).
macro_rules! emit {
    (AccountKeys AccountKeys; $($m:tt)*) => { method!(["the account's key and secret" api_key api_secret] $($m)*); };
    (Account Account; $($m:tt)*) => { method!(["the account access token" token] $($m)*); };
    (DomainKeys DomainKeys; $($m:tt)*) => { method!(["the domain's key and secret" api_key api_secret] $($m)*); };
    (UserPassword UserPassword; $($m:tt)*) => { method!(["the domain key, user id and password" api_key user_id password] $($m)*); };
    (Domain Domain; $($m:tt)*) => { method!(["the domain access token" token] $($m)*); };
    (User User; $($m:tt)*) => { method!(["the user access token" token] $($m)*); };
    (Device Device; $($m:tt)*) => { method!(["the user access token and the device id" token device_id] $($m)*); };
    (Group Group; $($m:tt)*) => { method!(["the user access token and the group id" token group_id] $($m)*); };
    (Session Session; $($m:tt)*) => { method!(["the user access token and the session id" token session_id] $($m)*); };
    ($want:ident $got:ident; $($m:tt)*) => {};
}

/// `Some(Scope::X)` for a classified operation, `None` for an unscoped one.
macro_rules! scope_of {
    (_ Unscoped; $($m:tt)*) => {
        None
    };
    (_ $got:ident; $($m:tt)*) => {
        Some(Scope::$got)
    };
}

/// The callback of `kandy_api_methods!`: every handle's impl block, and [`Scope::of`].
macro_rules! handles {
    ($($name:ident ($($args:tt)*) -> $out:ty = $op:ident;)*) => {
        handles!(@impl { $($name ($($args)*) -> $out = $op;)* } @for
            AccountKeysHandle AccountKeys, AccountHandle Account, DomainKeysHandle DomainKeys,
            UserPasswordHandle UserPassword, DomainHandle Domain, UserHandle User,
            DeviceHandle Device, GroupHandle Group, SessionHandle Session);

        impl Scope {
            /// The scope whose handle has the method of operation `id`; `None` for the
            /// operations whose key is compound (`get_limited_domain_detail`, `delete_user`,
            /// `get_last_seen`), which the handles offer by hand where a key fits. The
            /// second path of #29 has the scope of the operation it is an alias of.
            pub fn of(id: OperationId) -> Option<Scope> {
                match id {
                    $(OperationId::$op => classify!(scope_of _; $name($($args)*) -> $out = $op),)*
                    #[allow(unreachable_patterns)]
                    other => Operation::of(other).alias_of.and_then(Scope::of),
                }
            }
        }
    };
    (@impl $methods:tt @for $($handle:ident $scope:ident),*) => {
        $(handles!(@one $handle $scope $methods);)*
    };
    (@one $handle:ident $scope:ident { $($name:ident ($($args:tt)*) -> $out:ty = $op:ident;)* }) => {
        impl<'a, A: KandyApi + ?Sized> $handle<'a, A> {
            $(classify!(emit $scope; $name($($args)*) -> $out = $op);)*
        }
    };
}

kandy_api_methods!(handles);
