//! The Kandy calls as journal entries: [`ApiCall`], one variant per `KandyApi` method with its
//! arguments, generated from the trait's one declaration ([`kandy_core::kandy_api_methods!`])
//! like the simulator's `KandyApi` impl, so a method without its entry does not compile.
//!
//! Each argument is recorded in its [`Journaled`] form: the value itself for every type that
//! serializes, the bytes for an upload (read before the call reaches the model).

use super::Simulator;
use super::ops::Ops;
use bytes::Bytes;
use kandy_core::*;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// How an argument of a Kandy call is recorded, and given back at replay.
pub(crate) trait Journaled: Sized {
    /// The recorded form.
    type Form: Serialize + DeserializeOwned;
    /// The form of `self` (a copy).
    fn form(&self) -> Self::Form;
    /// The argument back from its form.
    fn from_form(form: Self::Form) -> Self;
}

/// The types recorded as themselves.
macro_rules! as_themselves {
    ($($ty:ty),* $(,)?) => {$(
        impl Journaled for $ty {
            type Form = $ty;
            fn form(&self) -> Self {
                self.clone()
            }
            fn from_form(form: Self) -> Self {
                form
            }
        }
    )*};
}

as_themselves!(
    String,
    bool,
    u64,
    AccountApiKey,
    AccountApiSecret,
    AccountAccessToken,
    DomainApiKey,
    DomainApiSecret,
    DomainAccessToken,
    UserApiKey,
    UserAccessToken,
    UserPassword,
    DeviceId,
    SessionId,
    GroupId,
    ContentUuid,
    MessageUuid,
    ContactId,
    UserDeletion,
    PresenceKey,
    DomainDetailsKey,
    ThumbnailSize,
    NewDomain,
    NewUser,
    NewPhoneUser,
    NewRegistration,
    NewHuntGroup,
    NewDevice,
    NewPersonalContact,
    NewDeviceContact,
    UserProfileUpdate,
    NewGroup,
    GroupUpdate,
    OutgoingGroupMessage,
    NewSession,
    SessionJoin,
    OutgoingMessage,
    OutgoingSms,
);

impl<T: Journaled> Journaled for Option<T> {
    type Form = Option<T::Form>;
    fn form(&self) -> Self::Form {
        self.as_ref().map(T::form)
    }
    fn from_form(form: Self::Form) -> Self {
        form.map(T::from_form)
    }
}

impl<T: Journaled> Journaled for Vec<T> {
    type Form = Vec<T::Form>;
    fn form(&self) -> Self::Form {
        self.iter().map(T::form).collect()
    }
    fn from_form(form: Self::Form) -> Self {
        form.into_iter().map(T::from_form).collect()
    }
}

/// An upload as recorded: its name, type and bytes (`None` until a streamed body is read).
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct UploadForm {
    file_name: String,
    mime_type: String,
    #[serde(with = "base64_opt")]
    bytes: Option<Bytes>,
}

impl UploadForm {
    /// Records the bytes read from the upload's body.
    pub(crate) fn set_bytes(&mut self, bytes: Bytes) {
        self.bytes = Some(bytes);
    }
}

impl Journaled for ContentUpload {
    type Form = UploadForm;
    fn form(&self) -> UploadForm {
        let bytes = self.try_clone().and_then(|copy| match copy.into_body() {
            ContentBody::Bytes(bytes) => Some(bytes),
            ContentBody::Stream(_) => None,
        });
        UploadForm {
            file_name: self.file_name().to_owned(),
            mime_type: self.mime_type().to_owned(),
            bytes,
        }
    }
    fn from_form(form: UploadForm) -> Self {
        ContentUpload::from_bytes(
            form.file_name,
            form.mime_type,
            form.bytes.unwrap_or_default(),
        )
    }
}

macro_rules! api_calls {
    ($($name:ident ($($arg:ident : $ty:ty),*) -> $out:ty = $op:ident;)*) => {
        /// One Kandy call, its arguments recorded (see [`Journaled`]).
        #[derive(Serialize, Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(non_camel_case_types, reason = "the variants are the methods' names")]
        pub(crate) enum ApiCall {
            $(
                #[allow(missing_docs)]
                $name { $($arg: <$ty as Journaled>::Form),* },
            )*
        }

        impl ApiCall {
            /// Runs the call again on `sim` (its answer, a refusal included, is the same as
            /// the first time, and is dropped).
            pub(crate) async fn apply(self, sim: &Simulator) {
                match self {
                    $(
                        ApiCall::$name { $($arg),* } => {
                            let _answer = Ops::new(sim, None)
                                .$name($(<$ty as Journaled>::from_form($arg)),*)
                                .await;
                        }
                    )*
                }
            }
        }

    };
}

kandy_core::kandy_api_methods!(api_calls);

/// An upload's bytes in standard base64, or `null`.
mod base64_opt {
    use base64::Engine as _;
    use base64::engine::general_purpose::STANDARD;
    use bytes::Bytes;
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(bytes: &Option<Bytes>, s: S) -> Result<S::Ok, S::Error> {
        match bytes {
            Some(bytes) => s.serialize_some(&STANDARD.encode(bytes)),
            None => s.serialize_none(),
        }
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Bytes>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|text| {
                STANDARD
                    .decode(text)
                    .map(Bytes::from)
                    .map_err(serde::de::Error::custom)
            })
            .transpose()
    }
}
