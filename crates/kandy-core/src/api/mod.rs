//! The `KandyApi` trait: one method per operation of the operation table.
//!
//! This file is the trait's one declaration: 87 documented `async fn` signatures in
//! resource sections, read by [`kandy_api!`](macros) (in `macros.rs`), which generates the
//! trait, its forwarding impls for `&T`, `Box<T>` and `Arc<T>`, and the exported
//! [`kandy_api_methods!`](crate::kandy_api_methods) list that wrappers implement the trait
//! from. It is long because it is 87 documented declarations; there is no code in it.

// mockall's generated expectation types have no `Debug`; expanded here, through a local
// macro, they are linted as this crate's own. The module defines no type of its own.
#![allow(missing_debug_implementations)]

mod macros;

use crate::credentials::*;
use crate::ids::{ContactId, ContentUuid, DeviceId, GroupId, MessageUuid, SessionId};
use crate::types::address_books::{
    DeviceContact, NewDeviceContact, NewPersonalContact, PersonalContact,
};
use crate::types::configuration::{DataChannelConfig, DomainConfiguration, SpidrConfiguration};
use crate::types::content::{ContentDownload, ContentUpload, ThumbnailSize};
use crate::types::devices::{Device, NewDevice};
use crate::types::directory::DirectoryEntry;
use crate::types::domains::{CreatedDomain, Domain, NewDomain};
use crate::types::groups::{Group, GroupUpdate, NewGroup};
use crate::types::hunt_groups::{HuntGroup, NewHuntGroup};
use crate::types::lookups::{
    BillingPackage, CountryCode, LimitedDomainDetails, NormalizedPhoneNumber, RolloverGroup,
};
use crate::types::messages::{OutgoingGroupMessage, OutgoingMessage, OutgoingSms, PendingMessages};
use crate::types::presence::LastSeen;
use crate::types::profiles::{UserProfile, UserProfileUpdate};
use crate::types::registration::{NewRegistration, Registration};
use crate::types::sessions::{NewSession, Session, SessionJoin};
use crate::types::users::{AnonymousUser, NewPhoneUser, NewUser, User};

macros::kandy_api! {
    /// The Kandy.io v1.2 API: one method per operation of the
    /// [operation table](crate::operation), 87 in all, grouped by resource below.
    ///
    /// Program against this trait: `kandy_http::KandyClient` talks to the service,
    /// `kandy_sim::Simulator` runs offline, and `MockKandyApi` (feature `mock`) pins calls in
    /// unit tests. `&T`, `Box<T>` and `Arc<T>` of any implementation implement it too,
    /// `Arc<dyn KandyApi>` included, so a wrapper such as `kandy_http::retry::Retrying` takes
    /// any of them. Every method takes owned values; a wrapper that needs every signature
    /// gets them from [`kandy_api_methods!`](crate::kandy_api_methods). To call without
    /// cloning credentials, use the [scoped handles](crate::handles) of
    /// [`KandyApiExt`](crate::KandyApiExt): `api.user(&token).get_devices()`.
    ///
    /// # Errors
    ///
    /// Every method fails with an [`Error`](crate::Error) that names its operation. A
    /// refusal by the service carries its Kandy status
    /// ([`Error::api_status`](crate::Error::api_status)); each method's `# Errors` lists the
    /// statuses it answers, as the simulator answers them (docs/SIMULATOR.md; the live
    /// service's full list is not known). Three are common to most:
    ///
    /// - 15: a required parameter or body field is missing (3 on the chat group
    ///   operations);
    /// - 10: the token has expired: get a new one
    ///   ([`Error::is_token_expired`](crate::Error::is_token_expired));
    /// - 55: the key or token is unknown, revoked, or of the wrong scope, or a secret is
    ///   wrong.
    ///
    /// Every method can also fail without a status: [`Connect`](crate::ErrorKind::Connect)
    /// (nothing was sent), [`Timeout`](crate::ErrorKind::Timeout) and
    /// [`Transport`](crate::ErrorKind::Transport) (the request may have been sent: see
    /// [`Error::maybe_sent`](crate::Error::maybe_sent) before repeating a send), and
    /// [`Decode`](crate::ErrorKind::Decode) (the answer is not the operation's).
    ///
    /// # Why `async_trait`
    ///
    /// The trait must stay usable as `dyn KandyApi`, the seam between an application and
    /// its backend, and be mocked whole by mockall. A native `async fn` in a trait (stable
    /// since Rust 1.75) makes the trait dyn-incompatible (error E0038, still so in Rust
    /// 1.95), and so does spelling a method `fn ..() -> impl Future<Output = ..> + Send` to
    /// require `Send` futures. `async_trait` returns `Pin<Box<dyn Future + Send>>` instead,
    /// which keeps `dyn KandyApi` and `Send` futures; its one allocation per call is small
    /// beside an HTTP exchange.
    pub trait KandyApi {
        /// An account's tokens and its domains (#1–#6).
        section "Accounts" {
            /// Gets an account access token (#1) from the account's API key and secret,
            /// given by the portal (in the simulator, `Simulator::create_account`).
            ///
            /// Returns a new token (`AAT…`); older tokens stay valid.
            ///
            /// # Errors
            ///
            /// - 55: the key is unknown or the secret is wrong.
            #[operation(GetAccountAccessToken)]
            async fn get_account_access_token(
                &self,
                api_key: AccountApiKey,
                api_secret: AccountApiSecret,
            ) -> Result<AccountAccessToken>;

            /// Revokes an account access token (#2), authenticated by the account's key and
            /// secret.
            ///
            /// # Errors
            ///
            /// - 55: the key is unknown, the secret wrong, or `token` unknown or revoked.
            /// - 11: `token` belongs to another account.
            #[operation(DeleteAccountAccessToken)]
            async fn delete_account_access_token(
                &self,
                api_key: AccountApiKey,
                api_secret: AccountApiSecret,
                token: AccountAccessToken,
            ) -> Result<()>;

            /// Creates a domain (#3) in the account of `token`.
            ///
            /// Returns the new domain's API key and secret (and its name and project name).
            ///
            /// # Errors
            ///
            /// - 2001: the domain name is taken.
            /// - 15, 16: the name is missing or malformed.
            /// - 10, 55: `token` has expired, or is unknown, revoked or not an account token.
            #[operation(CreateDomain)]
            async fn create_domain(
                &self,
                token: AccountAccessToken,
                domain: NewDomain,
            ) -> Result<CreatedDomain>;

            /// Lists the account's domains (#4), with their keys and secrets.
            ///
            /// # Errors
            ///
            /// - 10, 55: `token` has expired, or is unknown, revoked or not an account token.
            #[operation(GetDomains)]
            async fn get_domains(&self, token: AccountAccessToken) -> Result<Vec<Domain>>;

            /// Deletes the domain whose API key is `domain_api_key` (#5), with its users,
            /// their devices, queues, tokens, contacts and group memberships.
            ///
            /// # Errors
            ///
            /// - 53: no domain has this key.
            /// - 11: the domain belongs to another account.
            /// - 10, 55: `token` has expired, or is unknown, revoked or not an account token.
            #[operation(DeleteDomain)]
            async fn delete_domain(
                &self,
                token: AccountAccessToken,
                domain_api_key: DomainApiKey,
            ) -> Result<()>;

            /// A domain's details (#6), in either of its two authentication forms
            /// ([`DomainDetailsKey`]).
            ///
            /// Returns the domain, without its secret.
            ///
            /// # Errors
            ///
            /// - 53: no domain has the key asked about.
            /// - 11: the token belongs to another domain than the key.
            /// - 10, 55: the token has expired, or a key, secret or token is unknown.
            #[operation(GetLimitedDomainDetail)]
            async fn get_limited_domain_detail(&self, key: DomainDetailsKey) -> Result<Domain>;
        }

        /// A domain's access tokens (#7, #8).
        section "Domains" {
            /// Gets a domain access token (#7) from the domain's API key and secret (from
            /// [`create_domain`](KandyApi::create_domain)).
            ///
            /// Returns a new token (`DAT…`); older tokens stay valid.
            ///
            /// # Errors
            ///
            /// - 55: the key is unknown or the secret is wrong.
            #[operation(GetDomainAccessToken)]
            async fn get_domain_access_token(
                &self,
                api_key: DomainApiKey,
                api_secret: DomainApiSecret,
            ) -> Result<DomainAccessToken>;

            /// Revokes a domain access token (#8), authenticated by the domain's key and
            /// secret.
            ///
            /// # Errors
            ///
            /// - 55: the key is unknown, the secret wrong, or `token` unknown or revoked.
            /// - 11: `token` belongs to another domain.
            #[operation(DeleteDomainAccessToken)]
            async fn delete_domain_access_token(
                &self,
                api_key: DomainApiKey,
                api_secret: DomainApiSecret,
                token: DomainAccessToken,
            ) -> Result<()>;
        }

        /// A domain's users and their tokens (#10–#17, #32).
        section "Users" {
            /// Creates a user by user id (#10); the user gets one default device, so
            /// `devices[0].id` works at once.
            ///
            /// `user` holds the id (without `@domain`) and the optional names, e-mail,
            /// country code and password (generated when absent). Returns the user with its
            /// password, API key and secret.
            ///
            /// # Errors
            ///
            /// - 50: the user id exists in the domain.
            /// - 51: the user id is empty or holds `@`, a space or a control character.
            /// - 14: the password breaks the rule (8–20 characters, a letter, two digits).
            /// - 54: the country code is unknown.
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a domain token.
            #[operation(CreateUserByUserId)]
            async fn create_user_by_user_id(
                &self,
                token: DomainAccessToken,
                user: NewUser,
            ) -> Result<User>;

            /// Creates a user by phone number (#11); its user id is the country's calling
            /// code plus the number (`US`, `3524096582` give `13524096582`), and it gets one
            /// default device.
            ///
            /// Returns the user with its password, API key and secret.
            ///
            /// # Errors
            ///
            /// - 50: a user has this phone number's id already.
            /// - 16: the phone number is not 4 to 14 digits.
            /// - 54: the country code is unknown.
            /// - 14: the password breaks the rule.
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a domain token.
            #[operation(CreateUserByPhoneNumber)]
            async fn create_user_by_phone_number(
                &self,
                token: DomainAccessToken,
                user: NewPhoneUser,
            ) -> Result<User>;

            /// Lists the domain's users (#12), with their API keys and secrets.
            ///
            /// # Errors
            ///
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a domain token.
            #[operation(GetUsers)]
            async fn get_users(&self, token: DomainAccessToken) -> Result<Vec<User>>;

            /// Deletes a user (#13) with its devices, queues, tokens, contacts and group
            /// memberships: by its own API key, or by a domain token with its user id or API
            /// key ([`UserDeletion`]).
            ///
            /// # Errors
            ///
            /// - 53: no user has this id or key in the domain.
            /// - 11: the user API key belongs to another domain than the token.
            /// - 10, 55: a token has expired, or a key or token is unknown or revoked.
            #[operation(DeleteUser)]
            async fn delete_user(&self, deletion: UserDeletion) -> Result<()>;

            /// The user `user_token` belongs to, as its domain sees it (#14).
            ///
            /// # Errors
            ///
            /// - 55: `user_token` is unknown or revoked (10 once expired).
            /// - 11: `user_token` belongs to a user of another domain.
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a domain token.
            #[operation(GetUserDetails)]
            async fn get_user_details(
                &self,
                token: DomainAccessToken,
                user_token: UserAccessToken,
            ) -> Result<User>;

            /// Gets a user access token server side (#15a), from the domain's key and
            /// secret and the user's id (without `@domain`).
            ///
            /// Returns a new token (`UAT…`); older tokens stay valid.
            ///
            /// # Errors
            ///
            /// - 53: no user has this id in the domain.
            /// - 51: the user id is empty or malformed.
            /// - 55: the key is unknown or the secret is wrong.
            #[operation(GetUserAccessToken)]
            async fn get_user_access_token(
                &self,
                api_key: DomainApiKey,
                api_secret: DomainApiSecret,
                user_id: String,
            ) -> Result<UserAccessToken>;

            /// Logs a user in (#15b): a user access token from the domain's API key and the
            /// user's id and password.
            ///
            /// # Errors
            ///
            /// - 52: the password is wrong.
            /// - 53: no user has this id in the domain.
            /// - 55: the key is unknown.
            #[operation(GetUserAccessTokenByPassword)]
            async fn get_user_access_token_by_password(
                &self,
                api_key: DomainApiKey,
                user_id: String,
                password: UserPassword,
            ) -> Result<UserAccessToken>;

            /// Revokes a user access token (#16), authenticated by the domain's key and the
            /// user's id and password.
            ///
            /// # Errors
            ///
            /// - 52: the password is wrong.
            /// - 53: no user has this id in the domain.
            /// - 11: `user_token` belongs to another user.
            /// - 55: the key or `user_token` is unknown or revoked.
            #[operation(DeleteUserAccessToken)]
            async fn delete_user_access_token(
                &self,
                api_key: DomainApiKey,
                user_id: String,
                password: UserPassword,
                user_token: UserAccessToken,
            ) -> Result<()>;

            /// Creates an anonymous user and logs it in (#17): every call makes a new user
            /// with a generated id (`user_name`), a password, a default device and a token.
            ///
            /// # Errors
            ///
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a domain token.
            #[operation(CreateAnonymousUser)]
            async fn create_anonymous_user(&self, token: DomainAccessToken) -> Result<AnonymousUser>;

            /// The user `token` belongs to (#32), without its keys or password.
            ///
            /// # Errors
            ///
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a user token.
            #[operation(GetLimitedUserDetails)]
            async fn get_limited_user_details(&self, token: UserAccessToken) -> Result<User>;
        }

        /// Proving a phone number and registering with it (#19, #20, #30).
        section "Verification and registration" {
            /// Sends a verification code by SMS to a phone number (#19): a 4-digit code
            /// that [`check_verification_code`](KandyApi::check_verification_code) or
            /// [`register`](KandyApi::register) uses up (in the simulator, the SMS goes to
            /// the outbox).
            ///
            /// # Errors
            ///
            /// - 16: the phone number is not 4 to 14 digits.
            /// - 54: the country code is unknown.
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a domain token.
            #[operation(SendVerificationSms)]
            async fn send_verification_sms(
                &self,
                token: DomainAccessToken,
                phone_number: String,
                country_code: String,
            ) -> Result<()>;

            /// Whether a verification code is valid (#20); a valid code is used up, so a
            /// second check of it answers `false`.
            ///
            /// # Errors
            ///
            /// - 15: the code is empty.
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a domain token.
            #[operation(CheckVerificationCode)]
            async fn check_verification_code(
                &self,
                token: DomainAccessToken,
                code: String,
            ) -> Result<bool>;

            /// Registers a device with a verified phone number (#30): the code of
            /// [`send_verification_sms`](KandyApi::send_verification_sms) proves the number,
            /// the user of that number is created when new, the device `device_native_id`
            /// is registered, and the answer logs it in.
            ///
            /// Returns the user's ids, a user access token and the device id.
            ///
            /// # Errors
            ///
            /// - 14: the validation code is wrong or used up.
            /// - 16: the phone number is not 4 to 14 digits.
            /// - 54: the country code is unknown.
            /// - 15: a body field is missing.
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a domain token.
            #[operation(Register)]
            async fn register(
                &self,
                token: DomainAccessToken,
                registration: NewRegistration,
            ) -> Result<Registration>;
        }

        /// Lookups: a domain's limited details, country codes, phone-number normalization,
        /// rollover groups, billing packages (#9, #18, #47–#49).
        section "Lookups" {
            /// A domain's limited details (#9): its name, from one of its access tokens,
            /// without any credential.
            ///
            /// # Errors
            ///
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a domain token.
            #[operation(GetDomainDetailsLimited)]
            async fn get_domain_details_limited(
                &self,
                token: DomainAccessToken,
            ) -> Result<LimitedDomainDetails>;

            /// The country codes (#18): every country, or with `mcc` (a mobile country code
            /// such as `310`, sent as `MCC`) the ones it belongs to, each with its ISO
            /// alpha-2 code, calling code and mobile country codes.
            ///
            /// # Errors
            ///
            /// - 16: `mcc` is not three digits.
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a domain token.
            #[operation(GetCountryCodes)]
            async fn get_country_codes(
                &self,
                token: DomainAccessToken,
                mcc: Option<String>,
            ) -> Result<Vec<CountryCode>>;

            /// Normalizes a phone number (#47): `phone_number` as dialled in the country
            /// `country_code` (`US`), to E.164 (`+14155550100`).
            ///
            /// # Errors
            ///
            /// - 16: the number is not a phone number of that country.
            /// - 54: the country code is unknown.
            /// - 15: a parameter is missing.
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a user token.
            #[operation(NormalizePhoneNumber)]
            async fn normalize_phone_number(
                &self,
                token: UserAccessToken,
                phone_number: String,
                country_code: String,
            ) -> Result<NormalizedPhoneNumber>;

            /// A rollover group by name (#48): the policy and the agents a call to the hunt
            /// group `group_name` of the user's domain rings in turn.
            ///
            /// # Errors
            ///
            /// - 53: the domain has no hunt group of that name.
            /// - 15: the name is missing.
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a user token.
            #[operation(GetRolloverGroup)]
            async fn get_rollover_group(
                &self,
                token: UserAccessToken,
                group_name: String,
            ) -> Result<RolloverGroup>;

            /// The active billing packages of the user's domain (#49).
            ///
            /// # Errors
            ///
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a user token.
            #[operation(GetActiveBillingPackages)]
            async fn get_active_billing_packages(
                &self,
                token: UserAccessToken,
            ) -> Result<Vec<BillingPackage>>;
        }

        /// Configuration: the data channel and the SPiDR calling stack (#31, #45, #46).
        section "Configuration" {
            /// What a mobile-style client needs from its domain's key and secret (#31): the
            /// domain name, a new domain access token and the SPiDR configuration.
            ///
            /// # Errors
            ///
            /// - 55: the key is unknown or the secret is wrong.
            #[operation(GetConfigurations)]
            async fn get_configurations(
                &self,
                api_key: DomainApiKey,
                api_secret: DomainApiSecret,
            ) -> Result<DomainConfiguration>;

            /// Where the data channel is (#45): the host and port of the WebSocket that
            /// pushes notifications to the user's devices, and whether it is TLS
            /// ([`DataChannelConfig::websocket_url`]).
            ///
            /// # Errors
            ///
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a user token.
            #[operation(GetDataChannel)]
            async fn get_data_channel(&self, token: UserAccessToken) -> Result<DataChannelConfig>;

            /// The SPiDR (voice and video) configuration (#46); with `secure`, sent as
            /// `secure=true` as kandy.js always sends it, the secure servers'.
            ///
            /// # Errors
            ///
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a user token.
            #[operation(GetSpidrConfiguration)]
            async fn get_spidr_configuration(
                &self,
                token: UserAccessToken,
                secure: bool,
            ) -> Result<SpidrConfiguration>;
        }

        /// A domain's hunt groups, their users and admins (#21–#29). A hunt group is named
        /// by its `huntgroup_name`; users and admins by their user id or full user id.
        section "Hunt groups" {
            /// Creates a hunt group (#21).
            ///
            /// # Errors
            ///
            /// - 50: the domain has a hunt group of that name.
            /// - 15: a body field is missing.
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a domain token.
            #[operation(CreateHuntGroup)]
            async fn create_hunt_group(
                &self,
                token: DomainAccessToken,
                group: NewHuntGroup,
            ) -> Result<()>;

            /// Lists the domain's hunt groups (#22).
            ///
            /// # Errors
            ///
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a domain token.
            #[operation(GetHuntGroups)]
            async fn get_hunt_groups(&self, token: DomainAccessToken) -> Result<Vec<HuntGroup>>;

            /// Deletes a hunt group (#23), with its users' and admins' memberships.
            ///
            /// # Errors
            ///
            /// - 53: the domain has no hunt group of that name.
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a domain token.
            #[operation(DeleteHuntGroup)]
            async fn delete_hunt_group(
                &self,
                token: DomainAccessToken,
                huntgroup_name: String,
            ) -> Result<()>;

            /// Adds a user (an agent) to a hunt group (#24); adding one twice adds nothing.
            ///
            /// # Errors
            ///
            /// - 53: no such hunt group, or `user_name` is not a user of the domain.
            /// - 15: a body field is missing.
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a domain token.
            #[operation(AddHuntGroupUser)]
            async fn add_hunt_group_user(
                &self,
                token: DomainAccessToken,
                huntgroup_name: String,
                user_name: String,
            ) -> Result<()>;

            /// Lists a hunt group's users (#25), as full user ids, in the order added.
            ///
            /// # Errors
            ///
            /// - 53: the domain has no hunt group of that name.
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a domain token.
            #[operation(GetHuntGroupUsers)]
            async fn get_hunt_group_users(
                &self,
                token: DomainAccessToken,
                huntgroup_name: String,
            ) -> Result<Vec<String>>;

            /// Removes a user from a hunt group (#26).
            ///
            /// # Errors
            ///
            /// - 53: no such hunt group, or the user is not in it.
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a domain token.
            #[operation(DeleteHuntGroupUser)]
            async fn delete_hunt_group_user(
                &self,
                token: DomainAccessToken,
                huntgroup_name: String,
                user_name: String,
            ) -> Result<()>;

            /// Adds an admin to a hunt group (#27); adding one twice adds nothing.
            ///
            /// # Errors
            ///
            /// - 53: no such hunt group, or `admin_name` is not a user of the domain.
            /// - 15: a body field is missing.
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a domain token.
            #[operation(AddHuntGroupAdmin)]
            async fn add_hunt_group_admin(
                &self,
                token: DomainAccessToken,
                huntgroup_name: String,
                admin_name: String,
            ) -> Result<()>;

            /// Lists a hunt group's admins (#28), as full user ids, in the order added.
            ///
            /// # Errors
            ///
            /// - 53: the domain has no hunt group of that name.
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a domain token.
            #[operation(GetHuntGroupAdmins)]
            async fn get_hunt_group_admins(
                &self,
                token: DomainAccessToken,
                huntgroup_name: String,
            ) -> Result<Vec<String>>;

            /// Removes an admin from a hunt group (#29). The SDK sends the singular path
            /// `domains/huntgroups/admin`, as the one caller does; the plural `admins`
            /// reaches the same operation.
            ///
            /// # Errors
            ///
            /// - 53: no such hunt group, or the user is not one of its admins.
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a domain token.
            #[operation(DeleteHuntGroupAdmin)]
            async fn delete_hunt_group_admin(
                &self,
                token: DomainAccessToken,
                huntgroup_name: String,
                admin_name: String,
            ) -> Result<()>;
        }

        /// A user's devices (#33–#35).
        section "Devices" {
            /// Lists the user's devices (#33); a new user has one, created with it.
            ///
            /// # Errors
            ///
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a user token.
            #[operation(GetDevices)]
            async fn get_devices(&self, token: UserAccessToken) -> Result<Vec<Device>>;

            /// Registers a device (#34); only `device_native_id` is required.
            ///
            /// Returns the new device's id, which every `devices/*` call takes.
            ///
            /// # Errors
            ///
            /// - 15, 16: the native id is missing or empty.
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a user token.
            #[operation(CreateDevice)]
            async fn create_device(&self, token: UserAccessToken, device: NewDevice) -> Result<DeviceId>;

            /// Deletes one of the user's devices (#35) and its queue.
            ///
            /// # Errors
            ///
            /// - 53: no device has this id.
            /// - 11: the device is another user's.
            /// - 16: the device id is empty.
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a user token.
            #[operation(DeleteDevice)]
            async fn delete_device(&self, token: UserAccessToken, device_id: DeviceId) -> Result<()>;
        }

        /// The personal address book (#36–#38) and the devices' address books (#39,
        /// #80–#83), whose entries carry hints: whether a number is a Kandy user's.
        section "Address books" {
            /// Lists the user's personal contacts (#36), in the `contact_*` form.
            ///
            /// # Errors
            ///
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a user token.
            #[operation(GetPersonalContacts)]
            async fn get_personal_contacts(&self, token: UserAccessToken) -> Result<Vec<PersonalContact>>;

            /// Adds a personal contact (#37): `contact_user_name` (a full user id) and
            /// `contact_nickname` are required.
            ///
            /// Returns the new contact's id.
            ///
            /// # Errors
            ///
            /// - 15: the user name or nickname is missing.
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a user token.
            #[operation(AddPersonalContact)]
            async fn add_personal_contact(
                &self,
                token: UserAccessToken,
                contact: NewPersonalContact,
            ) -> Result<ContactId>;

            /// Deletes a personal contact (#38).
            ///
            /// # Errors
            ///
            /// - 53: the user has no contact of this id.
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a user token.
            #[operation(DeletePersonalContact)]
            async fn delete_personal_contact(
                &self,
                token: UserAccessToken,
                contact_id: ContactId,
            ) -> Result<()>;

            /// The address books of all the user's devices together (#39), each entry with
            /// its device id and hint.
            ///
            /// # Errors
            ///
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a user token.
            #[operation(GetUserDeviceAddressBooks)]
            async fn get_user_device_address_books(
                &self,
                token: UserAccessToken,
            ) -> Result<Vec<DeviceContact>>;

            /// One device's address book (#80): one entry per uploaded number, with its hint
            /// (`kandy` when the number is a user's of the same domain, else `none`).
            ///
            /// # Errors
            ///
            /// - 53: no device has this id.
            /// - 11: the device is another user's.
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a user token.
            #[operation(GetDeviceAddressBook)]
            async fn get_device_address_book(
                &self,
                token: UserAccessToken,
                device_id: DeviceId,
            ) -> Result<Vec<DeviceContact>>;

            /// Uploads contacts to a device's address book (#81): each number of a contact
            /// becomes one entry; uploads append.
            ///
            /// # Errors
            ///
            /// - 53: no device has this id.
            /// - 11: the device is another user's.
            /// - 16: a contact has no number.
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a user token.
            #[operation(UploadDeviceAddressBook)]
            async fn upload_device_address_book(
                &self,
                token: UserAccessToken,
                device_id: DeviceId,
                contacts: Vec<NewDeviceContact>,
            ) -> Result<()>;

            /// Empties a device's address book (#82).
            ///
            /// # Errors
            ///
            /// - 53: no device has this id.
            /// - 11: the device is another user's.
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a user token.
            #[operation(DeleteDeviceAddressBook)]
            async fn delete_device_address_book(
                &self,
                token: UserAccessToken,
                device_id: DeviceId,
            ) -> Result<()>;

            /// Only the hints of a device's address book (#83): its entries whose number is
            /// a Kandy user's (hint `kandy`).
            ///
            /// # Errors
            ///
            /// - 53: no device has this id.
            /// - 11: the device is another user's.
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a user token.
            #[operation(GetDeviceAddressBookHints)]
            async fn get_device_address_book_hints(
                &self,
                token: UserAccessToken,
                device_id: DeviceId,
            ) -> Result<Vec<DeviceContact>>;
        }

        /// Searching the users of the caller's domain (#40–#43); every search is a
        /// case-insensitive substring match.
        section "Directory" {
            /// Users whose phone number contains `search` (#40).
            ///
            /// # Errors
            ///
            /// - 15: `search` is empty.
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a user token.
            #[operation(SearchDirectoryByPhoneNumber)]
            async fn search_directory_by_phone_number(
                &self,
                token: UserAccessToken,
                search: String,
            ) -> Result<Vec<DirectoryEntry>>;

            /// Users whose first or last name contains `search` (#41).
            ///
            /// # Errors
            ///
            /// - 15: `search` is empty.
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a user token.
            #[operation(SearchDirectoryByName)]
            async fn search_directory_by_name(
                &self,
                token: UserAccessToken,
                search: String,
            ) -> Result<Vec<DirectoryEntry>>;

            /// Users whose user id contains `search` (#42); a full user id (`bob@domain`)
            /// matches that user exactly.
            ///
            /// # Errors
            ///
            /// - 15: `search` is empty.
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a user token.
            #[operation(SearchDirectoryByUserId)]
            async fn search_directory_by_user_id(
                &self,
                token: UserAccessToken,
                search: String,
            ) -> Result<Vec<DirectoryEntry>>;

            /// Users whose first name, last name, user id or phone number contains `search`
            /// (#43, sent to `users/directories/native/search/` with its trailing slash).
            ///
            /// # Errors
            ///
            /// - 15: `search` is empty.
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a user token.
            #[operation(SearchDirectory)]
            async fn search_directory(
                &self,
                token: UserAccessToken,
                search: String,
            ) -> Result<Vec<DirectoryEntry>>;
        }

        /// When users were last seen (#44).
        section "Presence" {
            /// When each of `users` (full user ids) last called the API (#44), with the
            /// server's clock; 0 for never. The key is a user or a domain access token.
            ///
            /// # Errors
            ///
            /// - 53: a user asked about is not a user of the caller's domain.
            /// - 16: `users` is empty.
            /// - 10, 55: the token has expired, or is unknown, revoked or of another scope.
            #[operation(GetLastSeen)]
            async fn get_last_seen(&self, key: PresenceKey, users: Vec<String>) -> Result<LastSeen>;
        }

        /// User profiles (#50, #51).
        section "Profiles" {
            /// A user's profile (#50): the user `user_id` of the domain `domain_name` (both
            /// sent as given).
            ///
            /// # Errors
            ///
            /// - 53: the caller's domain has no such user.
            /// - 15: a parameter is missing.
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a user token.
            #[operation(GetUserProfile)]
            async fn get_user_profile(
                &self,
                token: UserAccessToken,
                user_id: String,
                domain_name: String,
            ) -> Result<UserProfile>;

            /// Changes the user's own profile (#51): every field set in `update` is sent in
            /// the query of a POST, as kandy.js sends it; unset fields stay as they were.
            ///
            /// # Errors
            ///
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a user token.
            #[operation(UpdateUserProfile)]
            async fn update_user_profile(
                &self,
                token: UserAccessToken,
                update: UserProfileUpdate,
            ) -> Result<()>;
        }

        /// Chat groups (#52–#62): owners, members, mutes and group messages.
        section "Chat groups" {
            /// Lists the groups the user belongs to (#52).
            ///
            /// # Errors
            ///
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a user token.
            #[operation(GetGroups)]
            async fn get_groups(&self, token: UserAccessToken) -> Result<Vec<Group>>;

            /// Creates a group (#53) whose first owner and member is the user.
            ///
            /// Returns the new group.
            ///
            /// # Errors
            ///
            /// - 3: the name is missing.
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a user token.
            #[operation(CreateGroup)]
            async fn create_group(&self, token: UserAccessToken, group: NewGroup) -> Result<Group>;

            /// One group the user belongs to (#54).
            ///
            /// # Errors
            ///
            /// - 700: no such group, or one of another domain.
            /// - 702: the user is not a member.
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a user token.
            #[operation(GetGroupById)]
            async fn get_group_by_id(&self, token: UserAccessToken, group_id: GroupId) -> Result<Group>;

            /// Renames a group or changes its image (#55; owners only).
            ///
            /// # Errors
            ///
            /// - 700: no such group. 702: the user is not a member; 11: not an owner.
            /// - 3: the name is missing.
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a user token.
            #[operation(UpdateGroup)]
            async fn update_group(&self, token: UserAccessToken, update: GroupUpdate) -> Result<()>;

            /// Deletes a group (#56; owners only).
            ///
            /// # Errors
            ///
            /// - 700: no such group. 702: the user is not a member; 11: not an owner.
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a user token.
            #[operation(DeleteGroup)]
            async fn delete_group(&self, token: UserAccessToken, group_id: GroupId) -> Result<()>;

            /// Adds members (full user ids) to a group (#57; owners only); adding one twice
            /// adds nothing.
            ///
            /// # Errors
            ///
            /// - 700: no such group. 702: the user is not a member; 11: not an owner.
            /// - 701: a member named is not a user of the domain.
            /// - 16: the group would hold more than 50 members (nothing is added).
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a user token.
            #[operation(AddGroupMembers)]
            async fn add_group_members(
                &self,
                token: UserAccessToken,
                group_id: GroupId,
                members: Vec<String>,
            ) -> Result<()>;

            /// Removes members from a group (#58; owners only).
            ///
            /// # Errors
            ///
            /// - 700: no such group. 702: the user is not a member; 11: not an owner.
            /// - 701: a member named is not a user of the domain.
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a user token.
            #[operation(RemoveGroupMembers)]
            async fn remove_group_members(
                &self,
                token: UserAccessToken,
                group_id: GroupId,
                members: Vec<String>,
            ) -> Result<()>;

            /// The user leaves a group (#59); when the last owner leaves, the
            /// longest-standing member becomes owner, and an empty group is deleted.
            ///
            /// # Errors
            ///
            /// - 700: no such group. 702: the user is not a member.
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a user token.
            #[operation(LeaveGroup)]
            async fn leave_group(&self, token: UserAccessToken, group_id: GroupId) -> Result<()>;

            /// Mutes or unmutes a group for the user (#60); delivery goes on.
            ///
            /// # Errors
            ///
            /// - 700: no such group. 702: the user is not a member.
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a user token.
            #[operation(MuteGroup)]
            async fn mute_group(&self, token: UserAccessToken, group_id: GroupId, mute: bool) -> Result<()>;

            /// Mutes or unmutes members of a group (#61; owners only).
            ///
            /// # Errors
            ///
            /// - 700: no such group. 702: the user is not a member; 11: not an owner.
            /// - 701: a member named is not a user of the domain.
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a user token.
            #[operation(MuteGroupMembers)]
            async fn mute_group_members(
                &self,
                token: UserAccessToken,
                group_id: GroupId,
                members: Vec<String>,
                mute: bool,
            ) -> Result<()>;

            /// Sends a message to a group (#62): a `groupChat` message on every member's
            /// devices but the sender's own. Not de-duplicated: do not repeat it blindly.
            ///
            /// # Errors
            ///
            /// - 700: no such group. 702: the sender is not a member.
            /// - 53: the inner `message` names a `content_uuid` the domain has no file of.
            /// - 710: the message is malformed (content type, UUID, inner `message`).
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a user token.
            #[operation(SendGroupMessage)]
            async fn send_group_message(
                &self,
                token: UserAccessToken,
                message: OutgoingGroupMessage,
            ) -> Result<()>;
        }

        /// Sessions (#63–#75): co-browsing and support sessions, administered by their
        /// creator; their events arrive over the data channel.
        section "Sessions" {
            /// Creates a session (#63) administered by the user.
            ///
            /// Returns its id; it is inactive until [`start_session`](KandyApi::start_session).
            ///
            /// # Errors
            ///
            /// - 50: the domain has a session of that name.
            /// - 15: the type or name is missing.
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a user token.
            #[operation(CreateSession)]
            async fn create_session(&self, token: UserAccessToken, session: NewSession) -> Result<SessionId>;

            /// Starts a session (#64; its admin only): it becomes active.
            ///
            /// # Errors
            ///
            /// - 53: no such session in the user's domain.
            /// - 11: the user is not its admin.
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a user token.
            #[operation(StartSession)]
            async fn start_session(&self, token: UserAccessToken, session_id: SessionId) -> Result<()>;

            /// Stops a session (#65; its admin only): it becomes inactive.
            ///
            /// # Errors
            ///
            /// - 53: no such session in the user's domain.
            /// - 11: the user is not its admin.
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a user token.
            #[operation(StopSession)]
            async fn stop_session(&self, token: UserAccessToken, session_id: SessionId) -> Result<()>;

            /// Deletes a session (#66; its admin only), sent as a DELETE with the JSON body
            /// `{session_id}`.
            ///
            /// # Errors
            ///
            /// - 53: no such session in the user's domain.
            /// - 11: the user is not its admin.
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a user token.
            #[operation(DeleteSession)]
            async fn delete_session(&self, token: UserAccessToken, session_id: SessionId) -> Result<()>;

            /// One session by id (#67), with its participants.
            ///
            /// # Errors
            ///
            /// - 53: no such session in the user's domain.
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a user token.
            #[operation(GetSession)]
            async fn get_session(&self, token: UserAccessToken, session_id: SessionId) -> Result<Session>;

            /// One session by name (#68), with its participants.
            ///
            /// # Errors
            ///
            /// - 53: no session of that name in the user's domain.
            /// - 15: the name is missing.
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a user token.
            #[operation(GetSessionByName)]
            async fn get_session_by_name(
                &self,
                token: UserAccessToken,
                session_name: String,
            ) -> Result<Session>;

            /// The open sessions of the user's domain (#69), all or of one `session_type`.
            ///
            /// # Errors
            ///
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a user token.
            #[operation(GetSessions)]
            async fn get_sessions(
                &self,
                token: UserAccessToken,
                session_type: Option<String>,
            ) -> Result<Vec<Session>>;

            /// The open sessions the user created (#70).
            ///
            /// # Errors
            ///
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a user token.
            #[operation(GetUserSessions)]
            async fn get_user_sessions(&self, token: UserAccessToken) -> Result<Vec<Session>>;

            /// Asks to join a session (#71); its admin accepts or rejects the request.
            ///
            /// # Errors
            ///
            /// - 53: no such session in the user's domain.
            /// - 50: the user is a participant already, or has asked.
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a user token.
            #[operation(JoinSession)]
            async fn join_session(
                &self,
                token: UserAccessToken,
                session_id: SessionId,
                join: SessionJoin,
            ) -> Result<()>;

            /// Leaves a session (#72), with an optional reason, sent as a DELETE with the
            /// JSON body `{session_id, leave_reason}`.
            ///
            /// # Errors
            ///
            /// - 53: no such session, or the user is not a participant.
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a user token.
            #[operation(LeaveSession)]
            async fn leave_session(
                &self,
                token: UserAccessToken,
                session_id: SessionId,
                leave_reason: Option<String>,
            ) -> Result<()>;

            /// Accepts the join request of `full_user_id` (#73; the admin only).
            ///
            /// # Errors
            ///
            /// - 53: no such session, or that user has not asked to join.
            /// - 11: the user is not the session's admin.
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a user token.
            #[operation(AcceptSessionJoin)]
            async fn accept_session_join(
                &self,
                token: UserAccessToken,
                session_id: SessionId,
                full_user_id: String,
            ) -> Result<()>;

            /// Rejects the join request of `full_user_id` (#74; the admin only), with an
            /// optional reason, sent as a DELETE with a JSON body.
            ///
            /// # Errors
            ///
            /// - 53: no such session, or that user has not asked to join.
            /// - 11: the user is not the session's admin.
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a user token.
            #[operation(RejectSessionJoin)]
            async fn reject_session_join(
                &self,
                token: UserAccessToken,
                session_id: SessionId,
                full_user_id: String,
                reject_reason: Option<String>,
            ) -> Result<()>;

            /// Removes the participant `full_user_id` from a session (#75; the admin only),
            /// with an optional reason, sent as a DELETE with a JSON body.
            ///
            /// # Errors
            ///
            /// - 53: no such session, or that user is not a participant.
            /// - 11: the user is not the session's admin.
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a user token.
            #[operation(BootSessionParticipant)]
            async fn boot_session_participant(
                &self,
                token: UserAccessToken,
                session_id: SessionId,
                full_user_id: String,
                boot_reason: Option<String>,
            ) -> Result<()>;
        }

        /// A device's message queue and its SMS (#76–#79).
        section "Messages and SMS" {
            /// The device's pending messages, oldest first (#76), with the server's clock;
            /// they stay queued until deleted with
            /// [`delete_handled_messages`](KandyApi::delete_handled_messages).
            /// `client_timestamp` is the client's clock (ms), when it has one.
            ///
            /// # Errors
            ///
            /// - 53: no device has this id. 11: the device is another user's.
            /// - 16: the device id is empty.
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a user token.
            #[operation(GetPendingMessages)]
            async fn get_pending_messages(
                &self,
                token: UserAccessToken,
                device_id: DeviceId,
                client_timestamp: Option<u64>,
            ) -> Result<PendingMessages>;

            /// Sends an IM from a device (#77) to every device of the destination user.
            /// Not de-duplicated: do not repeat it blindly.
            ///
            /// # Errors
            ///
            /// - 53: no such device, or the destination is not a user of the domain, or the
            ///   inner `message` names a `content_uuid` the domain has no file of.
            /// - 11: the device is another user's.
            /// - 710: the message is malformed (content type, UUID, inner `message`).
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a user token.
            #[operation(SendMessage)]
            async fn send_message(
                &self,
                token: UserAccessToken,
                device_id: DeviceId,
                message: OutgoingMessage,
            ) -> Result<()>;

            /// Deletes handled messages from the device's queue (#78); UUIDs are compared
            /// without case or dashes, and unknown ones are ignored. The first deletion of
            /// a `chat` message acks it to its sender (`chatRemoteAck`).
            ///
            /// # Errors
            ///
            /// - 16: `uuids` is empty.
            /// - 53: no device has this id. 11: the device is another user's.
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a user token.
            #[operation(DeleteHandledMessages)]
            async fn delete_handled_messages(
                &self,
                token: UserAccessToken,
                device_id: DeviceId,
                uuids: Vec<MessageUuid>,
            ) -> Result<()>;

            /// Sends an SMS from a device (#79). Not de-duplicated: do not repeat it blindly.
            ///
            /// # Errors
            ///
            /// - 16: the destination is not `+` and 7 to 15 digits.
            /// - 53: no device has this id. 11: the device is another user's.
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a user token.
            #[operation(SendSms)]
            async fn send_sms(&self, token: UserAccessToken, device_id: DeviceId, sms: OutgoingSms) -> Result<()>;
        }

        /// Files shared in IMs (#84–#86): uploaded by a device under a UUID the client
        /// chooses, downloaded as raw bytes by the users of the domain.
        section "Content" {
            /// Uploads a file (#84) under `content_uuid` (e.g. [`ContentUuid::random`]), as
            /// `multipart/form-data` with one part named `file`, streamed from `content`.
            /// Then send an IM of content type `image`, `audio`, `video`, `file` or
            /// `contact` whose inner message is
            /// [`content.message_content(&uuid)`](ContentUpload::message_content).
            ///
            /// The upload is one HTTP exchange under the client's attempt timeout; a streamed
            /// body is read once, so it is never retried after it may have been sent.
            ///
            /// # Errors
            ///
            /// - 53: no device has this id. 11: the device is another user's.
            /// - 17: the file is larger than the per-file limit (HTTP 413 from a server).
            /// - 12: the domain's content quota is used up. 50: the domain has a file of
            ///   this UUID already.
            /// - 15, 16: the UUID or content type is missing or malformed, or the file is
            ///   empty.
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a user token.
            /// - [`BadArgument`](crate::ErrorKind::BadArgument), before sending: the MIME type
            ///   is not one; [`Transport`](crate::ErrorKind::Transport): the body stream
            ///   failed.
            #[operation(UploadContent)]
            async fn upload_content(
                &self,
                token: UserAccessToken,
                device_id: DeviceId,
                content_uuid: ContentUuid,
                content: ContentUpload,
            ) -> Result<()>;

            /// Downloads an uploaded file (#85): returns at the response's headers, with
            /// its content type, length and file name, and streams the bytes.
            ///
            /// # Errors
            ///
            /// - 53: no file of this UUID in the domain (a user of another domain gets the
            ///   same answer). 11: the device is another user's.
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a user token.
            ///
            /// The stream itself ends with a [`Transport`](crate::ErrorKind::Transport) or
            /// [`Timeout`](crate::ErrorKind::Timeout) error if the connection breaks.
            #[operation(DownloadContent)]
            async fn download_content(
                &self,
                token: UserAccessToken,
                device_id: DeviceId,
                content_uuid: ContentUuid,
            ) -> Result<ContentDownload>;

            /// Downloads a thumbnail of an uploaded image (#86) at `size` (kandy.js's
            /// default [`ThumbnailSize::DEFAULT`] is 500×500), streamed like
            /// [`download_content`](KandyApi::download_content).
            ///
            /// # Errors
            ///
            /// - 53: no file of this UUID in the domain. 11: the device is another user's.
            /// - 16: the file is not an image (or not one that decodes), or `size` is out of
            ///   range.
            /// - 10, 55: `token` has expired, or is unknown, revoked or not a user token.
            #[operation(DownloadThumbnail)]
            async fn download_thumbnail(
                &self,
                token: UserAccessToken,
                device_id: DeviceId,
                content_uuid: ContentUuid,
                size: ThumbnailSize,
            ) -> Result<ContentDownload>;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Operation, OperationId};
    use std::sync::Arc;

    macro_rules! methods {
        ($($name:ident ($($arg:ident : $ty:ty),*) -> $out:ty = $op:ident;)*) => {
            [$((stringify!($name), OperationId::$op)),*]
        };
    }

    #[test]
    fn every_method_names_its_own_operation_and_every_operation_has_one() {
        let methods = kandy_api_methods!(methods);
        assert_eq!(methods.len(), 87);
        let api: Vec<_> = Operation::api().map(|op| (op.name, op.id)).collect();
        let mut sorted_methods = methods.to_vec();
        let mut sorted_api = api.clone();
        sorted_methods.sort();
        sorted_api.sort();
        assert_eq!(sorted_methods, sorted_api);
    }

    /// The trait stays dyn-compatible and its forwarding impls cover the smart pointers.
    #[test]
    fn dyn_kandy_api_and_its_pointers_are_kandy_apis() {
        fn takes(_: impl KandyApi) {}
        fn shared(api: Arc<dyn KandyApi>) {
            takes(api.clone());
            takes(&*api);
            let boxed: Box<dyn KandyApi> = Box::new(api);
            takes(boxed);
        }
        let _ = shared;
    }
}
