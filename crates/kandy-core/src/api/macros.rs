//! `kandy_api!`: the one declaration of `KandyApi`'s methods, from which the trait, its
//! forwarding impls and the [`kandy_api_methods!`](crate::kandy_api_methods) list are
//! generated.

/// Declares the trait from sections of documented `async fn` signatures, each marked with
/// the operation it calls. An argument's type is a name or a name with one type argument
/// (`Vec<String>`), matched token by token: mockall cannot read a type handed on as a macro
/// `ty` fragment. Emits:
///
/// - the trait `KandyApi` (with `async_trait`, and mockall's `automock` under `mock`), its
///   doc followed by a table of contents, one heading per section;
/// - `KandyApi` for `&T`, `Box<T>` and `Arc<T>` (`T: KandyApi + ?Sized`), forwarding every
///   method;
/// - the exported macro `kandy_api_methods!`, which hands every method's signature and
///   operation to a macro of the caller's.
macro_rules! kandy_api {
    (@with_dollar ($d:tt)
        $(#[doc = $trait_doc:literal])*
        pub trait KandyApi {
            $(
                $(#[doc = $section_doc:literal])*
                section $section:literal {
                    $(
                        $(#[doc = $doc:literal])*
                        #[operation($op:ident)]
                        async fn $name:ident(&self $(, $arg:ident : $ty:ident $(<$inner:ident>)?)* $(,)?)
                            -> Result<$out:ty>;
                    )*
                }
            )*
        }
    ) => {
        $(#[doc = $trait_doc])*
        #[doc = ""]
        #[doc = "# Operations by resource"]
        $(
            #[doc = ""]
            #[doc = concat!("## ", $section)]
            #[doc = ""]
            $(#[doc = $section_doc])*
            #[doc = ""]
            $(
                #[doc = concat!(
                    "- [`", stringify!($name), "`](KandyApi::", stringify!($name), ")"
                )]
            )*
        )*
        #[cfg_attr(feature = "mock", mockall::automock)]
        #[async_trait::async_trait]
        pub trait KandyApi: Send + Sync {
            $($(
                $(#[doc = $doc])*
                #[doc = ""]
                #[doc = concat!(
                    "Operation: [`OperationId::", stringify!($op), "`](crate::OperationId::",
                    stringify!($op), ")."
                )]
                async fn $name(&self $(, $arg: $ty $(<$inner>)?)*) -> $crate::Result<$out>;
            )*)*
        }

        #[async_trait::async_trait]
        impl<T: KandyApi + ?Sized> KandyApi for &T {
            $($(
                async fn $name(&self $(, $arg: $ty $(<$inner>)?)*) -> $crate::Result<$out> {
                    (**self).$name($($arg),*).await
                }
            )*)*
        }

        #[async_trait::async_trait]
        impl<T: KandyApi + ?Sized> KandyApi for Box<T> {
            $($(
                async fn $name(&self $(, $arg: $ty $(<$inner>)?)*) -> $crate::Result<$out> {
                    (**self).$name($($arg),*).await
                }
            )*)*
        }

        #[async_trait::async_trait]
        impl<T: KandyApi + ?Sized> KandyApi for std::sync::Arc<T> {
            $($(
                async fn $name(&self $(, $arg: $ty $(<$inner>)?)*) -> $crate::Result<$out> {
                    (**self).$name($($arg),*).await
                }
            )*)*
        }

        /// Calls the macro `callback` with every method of [`KandyApi`](crate::KandyApi), in
        /// declaration order, one per line:
        ///
        /// ```text
        /// get_devices(token: UserAccessToken) -> Vec<Device> = GetDevices;
        /// ```
        ///
        /// (name, arguments, the `Ok` type, the [`OperationId`](crate::OperationId) variant).
        /// Wrappers use it to implement the trait without writing its signatures again: a
        /// retry layer, a test double that delegates. Types are named as `kandy_core`
        /// exports them, so the calling module needs `use kandy_core::*;`.
        ///
        /// ```
        /// use kandy_core::*;
        ///
        /// macro_rules! count {
        ///     ($($name:ident ($($arg:ident : $ty:ty),*) -> $out:ty = $op:ident;)*) => {
        ///         [$(OperationId::$op),*].len()
        ///     };
        /// }
        /// assert_eq!(kandy_core::kandy_api_methods!(count), Operation::api().count());
        /// ```
        #[macro_export]
        macro_rules! kandy_api_methods {
            ($d callback:ident) => {
                $d callback! {
                    $($(
                        $name($($arg: $ty $(<$inner>)?),*) -> $out = $op;
                    )*)*
                }
            };
        }
    };
    (@with_dollar $($rest:tt)*) => {
        compile_error!(
            "kandy_api!: each method reads `/// docs`, `#[operation(Id)]`, \
             `async fn name(&self, arg: Type, ...) -> Result<T>;`, inside `section \"Title\" { }`"
        );
    };
    ($($body:tt)*) => {
        $crate::api::macros::kandy_api!(@with_dollar ($) $($body)*);
    };
}
pub(super) use kandy_api;
