// @generated from spec/exchange-sessions.yaml by `cargo run -p generator`. DO NOT EDIT.
// Edit the spec and regenerate; `cargo run -p generator -- --check` verifies this file.

/// Types used as operation parameters and responses.
#[allow(clippy::all)]
#[allow(
    missing_docs,
    reason = "typify leaves its builders and undescribed fields undocumented"
)]
#[allow(
    non_camel_case_types,
    reason = "typify names the enum values `+1` and `-1` `plus1` and `minus1`"
)]
#[allow(unused_imports, reason = "no type may be on, with no feature on")]
pub mod types {
    ///One account the customer can connect.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug)]
    #[cfg(feature = "exchange-sessions")]
    pub struct AvailableExchangeConnection {
        ///Identifies the account when creating the exchange.
        #[serde(rename = "availableConnectionToken")]
        pub available_connection_token: ::std::string::String,
        ///The account's display name, such as "Everyday Checking".
        pub name: ::std::string::String,
    }
    /**The accounts a customer authorised through MX Connect. Fields not listed here are
accepted and ignored.
*/
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug)]
    #[cfg(feature = "exchange-sessions")]
    pub struct AvailableExchangeConnections {
        #[serde(rename = "_embedded")]
        pub embedded: AvailableExchangeConnectionsEmbedded,
        #[serde(rename = "_links")]
        pub links: AvailableExchangeConnectionsLinks,
    }
    ///The list of connections.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug)]
    #[cfg(feature = "exchange-sessions")]
    pub struct AvailableExchangeConnectionsEmbedded {
        #[serde(rename = "available-exchange-connections")]
        pub available_exchange_connections: ::std::vec::Vec<AvailableExchangeConnection>,
    }
    /**Links of the connections list: the list itself and its customer are always there.
Other links are accepted and ignored.
*/
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug)]
    #[cfg(feature = "exchange-sessions")]
    pub struct AvailableExchangeConnectionsLinks {
        pub customers: HalLink,
        #[serde(rename = "self")]
        pub self_: HalLink,
    }
    ///Body for createCustomerExchangeSession.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug)]
    #[serde(deny_unknown_fields)]
    #[cfg(feature = "exchange-sessions")]
    pub struct CreateCustomerExchangeSession {
        #[serde(rename = "_links")]
        pub links: CreateCustomerExchangeSessionLinks,
    }
    #[cfg(feature = "exchange-sessions")]
    impl CreateCustomerExchangeSession {
        pub fn builder() -> builder::CreateCustomerExchangeSession {
            Default::default()
        }
    }
    /**`exchange-partner` picks Plaid, MX or Visa. `redirect-url` is required for Visa and
for Plaid on mobile, and left out for MX and for Plaid on the web.
*/
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug)]
    #[serde(deny_unknown_fields)]
    #[cfg(feature = "exchange-sessions")]
    pub struct CreateCustomerExchangeSessionLinks {
        #[serde(rename = "exchange-partner")]
        pub exchange_partner: LinkHref,
        #[serde(
            rename = "redirect-url",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub redirect_url: ::std::option::Option<RedirectUrl>,
    }
    #[cfg(feature = "exchange-sessions")]
    impl CreateCustomerExchangeSessionLinks {
        pub fn builder() -> builder::CreateCustomerExchangeSessionLinks {
            Default::default()
        }
    }
    /**Optional body for createReAuthExchangeSession. Send `redirect-url` for Plaid on
mobile; send nothing (or `{}`) for Plaid on the web.
*/
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default)]
    #[serde(deny_unknown_fields)]
    #[cfg(feature = "exchange-sessions")]
    pub struct CreateReAuthExchangeSession {
        #[serde(
            rename = "_links",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub links: ::std::option::Option<CreateReAuthExchangeSessionLinks>,
    }
    #[cfg(feature = "exchange-sessions")]
    impl CreateReAuthExchangeSession {
        pub fn builder() -> builder::CreateReAuthExchangeSession {
            Default::default()
        }
    }
    ///Links of a re-authentication request.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default)]
    #[serde(deny_unknown_fields)]
    #[cfg(feature = "exchange-sessions")]
    pub struct CreateReAuthExchangeSessionLinks {
        #[serde(
            rename = "redirect-url",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub redirect_url: ::std::option::Option<RedirectUrl>,
    }
    #[cfg(feature = "exchange-sessions")]
    impl CreateReAuthExchangeSessionLinks {
        pub fn builder() -> builder::CreateReAuthExchangeSessionLinks {
            Default::default()
        }
    }
    ///Embedded field-level errors.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default)]
    #[cfg(feature = "exchange-sessions")]
    pub struct ErrorEmbedded {
        #[serde(default, skip_serializing_if = "::std::vec::Vec::is_empty")]
        pub errors: ::std::vec::Vec<FieldError>,
    }
    /**The body of every API error. `_embedded.errors` lists field-level problems for
validation errors.
*/
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug)]
    #[cfg(feature = "exchange-sessions")]
    pub struct ErrorResponse {
        ///A stable, machine-readable code such as `ValidationError` or `ExpiredAccessToken`.
        pub code: ::std::string::String,
        #[serde(
            rename = "_embedded",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub embedded: ::std::option::Option<ErrorEmbedded>,
        ///A human-readable explanation.
        pub message: ::std::string::String,
    }
    /**An exchange session. Dwolla adds fields over time, so fields not listed here are
accepted and ignored.
*/
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug)]
    #[cfg(feature = "exchange-sessions")]
    pub struct ExchangeSession {
        ///When the session was created.
        pub created: ::chrono::DateTime<::chrono::offset::Utc>,
        ///Plaid only. The token that initialises Plaid Link.
        #[serde(
            rename = "externalProviderSessionToken",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub external_provider_session_token: ::std::option::Option<
            ::std::string::String,
        >,
        #[serde(rename = "_links")]
        pub links: ExchangeSessionLinks,
    }
    /**Links of an exchange session. `self` and `exchange-partner` are always there;
`external-provider-session` only for MX.
*/
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug)]
    #[cfg(feature = "exchange-sessions")]
    pub struct ExchangeSessionLinks {
        #[serde(rename = "exchange-partner")]
        pub exchange_partner: HalLink,
        #[serde(
            rename = "external-provider-session",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub external_provider_session: ::std::option::Option<HalLink>,
        #[serde(rename = "self")]
        pub self_: HalLink,
    }
    ///One field-level problem.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug)]
    #[cfg(feature = "exchange-sessions")]
    pub struct FieldError {
        pub code: ::std::string::String,
        #[serde(
            rename = "_links",
            default,
            skip_serializing_if = "::serde_json::Map::is_empty"
        )]
        pub links: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
        pub message: ::std::string::String,
        ///JSON pointer to the offending field, such as `/_links/exchange-partner/href`.
        pub path: ::std::string::String,
    }
    ///A HAL link in a response body.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug)]
    #[cfg(feature = "exchange-sessions")]
    pub struct HalLink {
        pub href: ::std::string::String,
        #[serde(
            rename = "resource-type",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub resource_type: ::std::option::Option<::std::string::String>,
        #[serde(rename = "type", skip_serializing_if = "::std::option::Option::is_none")]
        pub type_: ::std::option::Option<::std::string::String>,
    }
    ///A link in a request body. Only `href` is sent.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug)]
    #[serde(deny_unknown_fields)]
    #[cfg(feature = "exchange-sessions")]
    pub struct LinkHref {
        pub href: ::std::string::String,
    }
    #[cfg(feature = "exchange-sessions")]
    impl LinkHref {
        pub fn builder() -> builder::LinkHref {
            Default::default()
        }
    }
    /**Where the partner sends the customer back to. Not always a URL: on Android it is
the app's package name, such as `com.example.app123`.
*/
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug)]
    #[serde(deny_unknown_fields)]
    #[cfg(feature = "exchange-sessions")]
    pub struct RedirectUrl {
        pub href: RedirectUrlHref,
    }
    #[cfg(feature = "exchange-sessions")]
    impl RedirectUrl {
        pub fn builder() -> builder::RedirectUrl {
            Default::default()
        }
    }
    ///`RedirectUrlHref`
    #[derive(::serde::Serialize, Clone, Debug, Eq, Hash, Ord, PartialEq, PartialOrd)]
    #[serde(transparent)]
    #[cfg(feature = "exchange-sessions")]
    pub struct RedirectUrlHref(::std::string::String);
    #[cfg(feature = "exchange-sessions")]
    impl ::std::ops::Deref for RedirectUrlHref {
        type Target = ::std::string::String;
        fn deref(&self) -> &::std::string::String {
            &self.0
        }
    }
    #[cfg(feature = "exchange-sessions")]
    impl ::std::convert::From<RedirectUrlHref> for ::std::string::String {
        fn from(value: RedirectUrlHref) -> Self {
            value.0
        }
    }
    #[cfg(feature = "exchange-sessions")]
    impl ::std::str::FromStr for RedirectUrlHref {
        type Err = self::error::ConversionError;
        fn from_str(
            value: &str,
        ) -> ::std::result::Result<Self, self::error::ConversionError> {
            if value.chars().count() < 1usize {
                return Err("shorter than 1 characters".into());
            }
            Ok(Self(value.to_string()))
        }
    }
    #[cfg(feature = "exchange-sessions")]
    impl ::std::convert::TryFrom<&str> for RedirectUrlHref {
        type Error = self::error::ConversionError;
        fn try_from(
            value: &str,
        ) -> ::std::result::Result<Self, self::error::ConversionError> {
            value.parse()
        }
    }
    #[cfg(feature = "exchange-sessions")]
    impl ::std::convert::TryFrom<::std::string::String> for RedirectUrlHref {
        type Error = self::error::ConversionError;
        fn try_from(
            value: ::std::string::String,
        ) -> ::std::result::Result<Self, self::error::ConversionError> {
            value.parse()
        }
    }
    #[cfg(feature = "exchange-sessions")]
    impl<'de> ::serde::Deserialize<'de> for RedirectUrlHref {
        fn deserialize<D>(deserializer: D) -> ::std::result::Result<Self, D::Error>
        where
            D: ::serde::Deserializer<'de>,
        {
            ::std::string::String::deserialize(deserializer)?
                .parse()
                .map_err(|e: self::error::ConversionError| {
                    <D::Error as ::serde::de::Error>::custom(e.to_string())
                })
        }
    }
    /// Types for composing complex structures.
    pub mod builder {
        #[derive(Clone, Debug)]
        #[cfg(feature = "exchange-sessions")]
        pub struct CreateCustomerExchangeSession {
            links: ::std::result::Result<
                super::CreateCustomerExchangeSessionLinks,
                ::std::string::String,
            >,
        }
        #[cfg(feature = "exchange-sessions")]
        impl ::std::default::Default for CreateCustomerExchangeSession {
            fn default() -> Self {
                Self {
                    links: Err("no value supplied for links".to_string()),
                }
            }
        }
        #[cfg(feature = "exchange-sessions")]
        impl CreateCustomerExchangeSession {
            pub fn links<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<super::CreateCustomerExchangeSessionLinks>,
                T::Error: ::std::fmt::Display,
            {
                self.links = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for links: {e}")
                    });
                self
            }
        }
        #[cfg(feature = "exchange-sessions")]
        impl ::std::convert::TryFrom<CreateCustomerExchangeSession>
        for super::CreateCustomerExchangeSession {
            type Error = super::error::ConversionError;
            fn try_from(
                value: CreateCustomerExchangeSession,
            ) -> ::std::result::Result<Self, super::error::ConversionError> {
                Ok(Self { links: value.links? })
            }
        }
        #[cfg(feature = "exchange-sessions")]
        impl ::std::convert::From<super::CreateCustomerExchangeSession>
        for CreateCustomerExchangeSession {
            fn from(value: super::CreateCustomerExchangeSession) -> Self {
                Self { links: Ok(value.links) }
            }
        }
        #[derive(Clone, Debug)]
        #[cfg(feature = "exchange-sessions")]
        pub struct CreateCustomerExchangeSessionLinks {
            exchange_partner: ::std::result::Result<
                super::LinkHref,
                ::std::string::String,
            >,
            redirect_url: ::std::result::Result<
                ::std::option::Option<super::RedirectUrl>,
                ::std::string::String,
            >,
        }
        #[cfg(feature = "exchange-sessions")]
        impl ::std::default::Default for CreateCustomerExchangeSessionLinks {
            fn default() -> Self {
                Self {
                    exchange_partner: Err(
                        "no value supplied for exchange_partner".to_string(),
                    ),
                    redirect_url: Ok(Default::default()),
                }
            }
        }
        #[cfg(feature = "exchange-sessions")]
        impl CreateCustomerExchangeSessionLinks {
            pub fn exchange_partner<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<super::LinkHref>,
                T::Error: ::std::fmt::Display,
            {
                self.exchange_partner = value
                    .try_into()
                    .map_err(|e| {
                        format!(
                            "error converting supplied value for exchange_partner: {e}"
                        )
                    });
                self
            }
            pub fn redirect_url<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<super::RedirectUrl>>,
                T::Error: ::std::fmt::Display,
            {
                self.redirect_url = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for redirect_url: {e}")
                    });
                self
            }
        }
        #[cfg(feature = "exchange-sessions")]
        impl ::std::convert::TryFrom<CreateCustomerExchangeSessionLinks>
        for super::CreateCustomerExchangeSessionLinks {
            type Error = super::error::ConversionError;
            fn try_from(
                value: CreateCustomerExchangeSessionLinks,
            ) -> ::std::result::Result<Self, super::error::ConversionError> {
                Ok(Self {
                    exchange_partner: value.exchange_partner?,
                    redirect_url: value.redirect_url?,
                })
            }
        }
        #[cfg(feature = "exchange-sessions")]
        impl ::std::convert::From<super::CreateCustomerExchangeSessionLinks>
        for CreateCustomerExchangeSessionLinks {
            fn from(value: super::CreateCustomerExchangeSessionLinks) -> Self {
                Self {
                    exchange_partner: Ok(value.exchange_partner),
                    redirect_url: Ok(value.redirect_url),
                }
            }
        }
        #[derive(Clone, Debug)]
        #[cfg(feature = "exchange-sessions")]
        pub struct CreateReAuthExchangeSession {
            links: ::std::result::Result<
                ::std::option::Option<super::CreateReAuthExchangeSessionLinks>,
                ::std::string::String,
            >,
        }
        #[cfg(feature = "exchange-sessions")]
        impl ::std::default::Default for CreateReAuthExchangeSession {
            fn default() -> Self {
                Self {
                    links: Ok(Default::default()),
                }
            }
        }
        #[cfg(feature = "exchange-sessions")]
        impl CreateReAuthExchangeSession {
            pub fn links<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<
                    ::std::option::Option<super::CreateReAuthExchangeSessionLinks>,
                >,
                T::Error: ::std::fmt::Display,
            {
                self.links = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for links: {e}")
                    });
                self
            }
        }
        #[cfg(feature = "exchange-sessions")]
        impl ::std::convert::TryFrom<CreateReAuthExchangeSession>
        for super::CreateReAuthExchangeSession {
            type Error = super::error::ConversionError;
            fn try_from(
                value: CreateReAuthExchangeSession,
            ) -> ::std::result::Result<Self, super::error::ConversionError> {
                Ok(Self { links: value.links? })
            }
        }
        #[cfg(feature = "exchange-sessions")]
        impl ::std::convert::From<super::CreateReAuthExchangeSession>
        for CreateReAuthExchangeSession {
            fn from(value: super::CreateReAuthExchangeSession) -> Self {
                Self { links: Ok(value.links) }
            }
        }
        #[derive(Clone, Debug)]
        #[cfg(feature = "exchange-sessions")]
        pub struct CreateReAuthExchangeSessionLinks {
            redirect_url: ::std::result::Result<
                ::std::option::Option<super::RedirectUrl>,
                ::std::string::String,
            >,
        }
        #[cfg(feature = "exchange-sessions")]
        impl ::std::default::Default for CreateReAuthExchangeSessionLinks {
            fn default() -> Self {
                Self {
                    redirect_url: Ok(Default::default()),
                }
            }
        }
        #[cfg(feature = "exchange-sessions")]
        impl CreateReAuthExchangeSessionLinks {
            pub fn redirect_url<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::option::Option<super::RedirectUrl>>,
                T::Error: ::std::fmt::Display,
            {
                self.redirect_url = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for redirect_url: {e}")
                    });
                self
            }
        }
        #[cfg(feature = "exchange-sessions")]
        impl ::std::convert::TryFrom<CreateReAuthExchangeSessionLinks>
        for super::CreateReAuthExchangeSessionLinks {
            type Error = super::error::ConversionError;
            fn try_from(
                value: CreateReAuthExchangeSessionLinks,
            ) -> ::std::result::Result<Self, super::error::ConversionError> {
                Ok(Self {
                    redirect_url: value.redirect_url?,
                })
            }
        }
        #[cfg(feature = "exchange-sessions")]
        impl ::std::convert::From<super::CreateReAuthExchangeSessionLinks>
        for CreateReAuthExchangeSessionLinks {
            fn from(value: super::CreateReAuthExchangeSessionLinks) -> Self {
                Self {
                    redirect_url: Ok(value.redirect_url),
                }
            }
        }
        #[derive(Clone, Debug)]
        #[cfg(feature = "exchange-sessions")]
        pub struct LinkHref {
            href: ::std::result::Result<::std::string::String, ::std::string::String>,
        }
        #[cfg(feature = "exchange-sessions")]
        impl ::std::default::Default for LinkHref {
            fn default() -> Self {
                Self {
                    href: Err("no value supplied for href".to_string()),
                }
            }
        }
        #[cfg(feature = "exchange-sessions")]
        impl LinkHref {
            pub fn href<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<::std::string::String>,
                T::Error: ::std::fmt::Display,
            {
                self.href = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for href: {e}")
                    });
                self
            }
        }
        #[cfg(feature = "exchange-sessions")]
        impl ::std::convert::TryFrom<LinkHref> for super::LinkHref {
            type Error = super::error::ConversionError;
            fn try_from(
                value: LinkHref,
            ) -> ::std::result::Result<Self, super::error::ConversionError> {
                Ok(Self { href: value.href? })
            }
        }
        #[cfg(feature = "exchange-sessions")]
        impl ::std::convert::From<super::LinkHref> for LinkHref {
            fn from(value: super::LinkHref) -> Self {
                Self { href: Ok(value.href) }
            }
        }
        #[derive(Clone, Debug)]
        #[cfg(feature = "exchange-sessions")]
        pub struct RedirectUrl {
            href: ::std::result::Result<super::RedirectUrlHref, ::std::string::String>,
        }
        #[cfg(feature = "exchange-sessions")]
        impl ::std::default::Default for RedirectUrl {
            fn default() -> Self {
                Self {
                    href: Err("no value supplied for href".to_string()),
                }
            }
        }
        #[cfg(feature = "exchange-sessions")]
        impl RedirectUrl {
            pub fn href<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<super::RedirectUrlHref>,
                T::Error: ::std::fmt::Display,
            {
                self.href = value
                    .try_into()
                    .map_err(|e| {
                        format!("error converting supplied value for href: {e}")
                    });
                self
            }
        }
        #[cfg(feature = "exchange-sessions")]
        impl ::std::convert::TryFrom<RedirectUrl> for super::RedirectUrl {
            type Error = super::error::ConversionError;
            fn try_from(
                value: RedirectUrl,
            ) -> ::std::result::Result<Self, super::error::ConversionError> {
                Ok(Self { href: value.href? })
            }
        }
        #[cfg(feature = "exchange-sessions")]
        impl ::std::convert::From<super::RedirectUrl> for RedirectUrl {
            fn from(value: super::RedirectUrl) -> Self {
                Self { href: Ok(value.href) }
            }
        }
    }
    /// Error types.
    pub mod error {
        /// Error from a `TryFrom` or `FromStr` implementation.
        pub struct ConversionError(::std::borrow::Cow<'static, str>);
        impl ::std::error::Error for ConversionError {}
        impl ::std::fmt::Display for ConversionError {
            fn fmt(
                &self,
                f: &mut ::std::fmt::Formatter<'_>,
            ) -> Result<(), ::std::fmt::Error> {
                ::std::fmt::Display::fmt(&self.0, f)
            }
        }
        impl ::std::fmt::Debug for ConversionError {
            fn fmt(
                &self,
                f: &mut ::std::fmt::Formatter<'_>,
            ) -> Result<(), ::std::fmt::Error> {
                ::std::fmt::Debug::fmt(&self.0, f)
            }
        }
        impl From<&'static str> for ConversionError {
            fn from(value: &'static str) -> Self {
                Self(value.into())
            }
        }
        impl From<String> for ConversionError {
            fn from(value: String) -> Self {
                Self(value.into())
            }
        }
    }
}
/// Operation builders: each runs through the client's runtime.
pub mod operations {
    #[allow(unused_imports)]
    use super::types;
    #[allow(unused_imports, reason = "no operation may be on")]
    use progenitor_client::{Error, ResponseValue};
    /// What [`Client::follow`](crate::Client::follow) read: the typed body of the `GET`
    /// operation whose path a link matches, else untyped JSON.
    #[derive(Debug)]
    pub enum Followed {
        /// `GET /customers/{id}/available-exchange-connections`:
        /// [`crate::Client::list_available_exchange_connections`].
        #[cfg(feature = "exchange-sessions")]
        ListAvailableExchangeConnections(
            crate::ResponseValue<types::AvailableExchangeConnections>,
        ),
        /// `GET /exchange-sessions/{id}`: [`crate::Client::retrieve_customer_exchange_session`].
        #[cfg(feature = "exchange-sessions")]
        RetrieveCustomerExchangeSession(crate::ResponseValue<types::ExchangeSession>),
        /// A link on the client's origin that no operation's path matches, or one with
        /// a query: untyped JSON.
        Untyped(crate::ResponseValue<::serde_json::Value>),
    }
    /// `POST /customers/{id}/exchange-sessions`: started by
    /// [`Client::create_customer_exchange_session`][start].
    ///
    /// [start]: crate::Client::create_customer_exchange_session
    #[cfg(feature = "exchange-sessions")]
    #[derive(Debug, Clone)]
    #[must_use = "a request does nothing until `.send().await`"]
    pub struct CreateCustomerExchangeSession<'a> {
        client: &'a crate::Client,
        options: Option<Box<crate::RequestOptions>>,
        id: Option<Result<::uuid::Uuid, String>>,
        body: Result<types::builder::CreateCustomerExchangeSession, String>,
    }
    #[cfg(feature = "exchange-sessions")]
    impl<'a> CreateCustomerExchangeSession<'a> {
        pub(crate) fn new(client: &'a crate::Client) -> Self {
            Self {
                client,
                options: None,
                id: None,
                body: Ok(::std::default::Default::default()),
            }
        }
        /// Sets the `id` path parameter: The customer's id.
        pub fn id<V>(mut self, value: V) -> Self
        where
            V: ::std::convert::TryInto<::uuid::Uuid>,
        {
            self.id = Some(
                value
                    .try_into()
                    .map_err(|_| {
                        "the value given for the `id` path parameter could not be converted"
                            .to_string()
                    }),
            );
            self
        }
        /// Sets the request body: The exchange partner, and where to send the customer back when
        /// needed.
        pub fn body<V>(mut self, value: V) -> Self
        where
            V: ::std::convert::TryInto<types::CreateCustomerExchangeSession>,
            <V as ::std::convert::TryInto<
                types::CreateCustomerExchangeSession,
            >>::Error: ::std::fmt::Display,
        {
            self.body = value
                .try_into()
                .map(From::from)
                .map_err(|e| format!("the request body could not be converted: {e}"));
            self
        }
        /// Edits the request body through its typed builder.
        pub fn body_map<F>(mut self, f: F) -> Self
        where
            F: ::std::ops::FnOnce(
                types::builder::CreateCustomerExchangeSession,
            ) -> types::builder::CreateCustomerExchangeSession,
        {
            self.body = self.body.map(f);
            self
        }
        /// Sets this call's options (timeout, retry policy, `Idempotency-Key`, extra
        /// headers, response size limit), replacing any set before; see
        /// [`RequestOptions`](crate::RequestOptions). The same settings one at a time
        /// are the methods of [`CallOptions`](crate::CallOptions).
        pub fn options(mut self, options: crate::RequestOptions) -> Self {
            self.options = Some(Box::new(options));
            self
        }
        /// Sends the request through the client's runtime.
        ///
        /// An error status is [`Error::Api`](crate::Error::Api);
        /// [`CreateCustomerExchangeSessionError::from_api`] types its body.
        pub async fn send(
            mut self,
        ) -> Result<
            crate::Created<(), super::created::CreateCustomerExchangeSession>,
            crate::Error,
        > {
            const OPERATION: crate::runtime::Operation = crate::runtime::Operation {
                id: "createCustomerExchangeSession",
                method: "POST",
                path: "/customers/{id}/exchange-sessions",
                security: crate::runtime::Security::Bearer,
            };
            let client = self.client;
            let options = self
                .options
                .take()
                .map(|options| *options)
                .unwrap_or_default();
            crate::runtime::send_created(
                    client,
                    &OPERATION,
                    options,
                    move |call| { self.clone().raw_send(call) },
                )
                .await
        }
        async fn raw_send(
            self,
            call: ::std::sync::Arc<crate::runtime::CallContext>,
        ) -> Result<ResponseValue<()>, Error<()>> {
            let id = crate::request::required(
                &self.id,
                "the `id` path parameter is required: call `.id(..)`",
            )?;
            let body: types::CreateCustomerExchangeSession = crate::request::built(
                &self.body,
            )?;
            let body = Some(&body);
            let mut url = String::from(self.client.base());
            url.push_str("/customers/");
            url.push_str(
                &crate::params::path_segment("id", id).map_err(Error::InvalidRequest)?,
            );
            url.push_str("/exchange-sessions");
            #[allow(unused_mut)]
            let mut url = crate::request::url(&url)?;
            let mut request = self.client.http().request(::reqwest::Method::POST, url);
            request = request
                .header(
                    ::reqwest::header::ACCEPT,
                    ::reqwest::header::HeaderValue::from_static(
                        "application/vnd.dwolla.v1.hal+json",
                    ),
                );
            request = crate::request::json(
                request,
                body,
                "application/vnd.dwolla.v1.hal+json",
            )?;
            let mut request = request.build()?;
            crate::hooks::pre(&call, &mut request).map_err(Error::InvalidRequest)?;
            let response = crate::hooks::exec(self.client.http(), request, &call).await?;
            match response.status().as_u16() {
                201 => Ok(crate::hooks::empty(response)),
                _ => Err(Error::UnexpectedResponse(response)),
            }
        }
    }
    #[cfg(feature = "exchange-sessions")]
    impl crate::CallOptions for CreateCustomerExchangeSession<'_> {
        fn options_mut(&mut self) -> &mut crate::RequestOptions {
            self.options.get_or_insert_default()
        }
    }
    /// The error bodies `createCustomerExchangeSession` declares, by status.
    #[cfg(feature = "exchange-sessions")]
    #[derive(Debug, Clone)]
    pub enum CreateCustomerExchangeSessionError {
        /// `400`: The body failed validation; `_embedded.errors` says which field and why.
        BadRequest(types::ErrorResponse),
        /// `401`: The access token is missing, invalid or expired.
        Unauthorized(types::ErrorResponse),
        /// `403`: The token's application may not act on this resource.
        Forbidden(types::ErrorResponse),
        /// `404`: No resource has this id, or the application cannot see it.
        NotFound(types::ErrorResponse),
        /// `409`: A request with the same `Idempotency-Key` is still being processed; retry later
        /// with the same key.
        Conflict(types::ErrorResponse),
        /// `429`: Rate limited. Back off, then retry (with the same `Idempotency-Key` for a POST).
        TooManyRequests(types::ErrorResponse),
    }
    #[cfg(feature = "exchange-sessions")]
    impl CreateCustomerExchangeSessionError {
        /// Types `api`'s body by its status; `None` if the status is undeclared or the
        /// body does not match.
        pub fn from_api(api: &crate::ApiError) -> Option<Self> {
            match api.status().as_u16() {
                400 => {
                    api.decode_body::<types::ErrorResponse>().ok().map(Self::BadRequest)
                }
                401 => {
                    api.decode_body::<types::ErrorResponse>()
                        .ok()
                        .map(Self::Unauthorized)
                }
                403 => {
                    api.decode_body::<types::ErrorResponse>().ok().map(Self::Forbidden)
                }
                404 => api.decode_body::<types::ErrorResponse>().ok().map(Self::NotFound),
                409 => api.decode_body::<types::ErrorResponse>().ok().map(Self::Conflict),
                429 => {
                    api.decode_body::<types::ErrorResponse>()
                        .ok()
                        .map(Self::TooManyRequests)
                }
                _ => None,
            }
        }
    }
    /// `GET /exchange-sessions/{id}`: started by
    /// [`Client::retrieve_customer_exchange_session`][start].
    ///
    /// [start]: crate::Client::retrieve_customer_exchange_session
    #[cfg(feature = "exchange-sessions")]
    #[derive(Debug, Clone)]
    #[must_use = "a request does nothing until `.send().await`"]
    pub struct RetrieveCustomerExchangeSession<'a> {
        client: &'a crate::Client,
        options: Option<Box<crate::RequestOptions>>,
        id: Option<Result<::uuid::Uuid, String>>,
    }
    #[cfg(feature = "exchange-sessions")]
    impl<'a> RetrieveCustomerExchangeSession<'a> {
        pub(crate) fn new(client: &'a crate::Client) -> Self {
            Self {
                client,
                options: None,
                id: None,
            }
        }
        /// Sets the `id` path parameter: The exchange session's id (the last path segment of
        /// its `Location`).
        pub fn id<V>(mut self, value: V) -> Self
        where
            V: ::std::convert::TryInto<::uuid::Uuid>,
        {
            self.id = Some(
                value
                    .try_into()
                    .map_err(|_| {
                        "the value given for the `id` path parameter could not be converted"
                            .to_string()
                    }),
            );
            self
        }
        /// Sets this call's options (timeout, retry policy, `Idempotency-Key`, extra
        /// headers, response size limit), replacing any set before; see
        /// [`RequestOptions`](crate::RequestOptions). The same settings one at a time
        /// are the methods of [`CallOptions`](crate::CallOptions).
        pub fn options(mut self, options: crate::RequestOptions) -> Self {
            self.options = Some(Box::new(options));
            self
        }
        /// Sends the request through the client's runtime.
        ///
        /// An error status is [`Error::Api`](crate::Error::Api);
        /// [`RetrieveCustomerExchangeSessionError::from_api`] types its body.
        pub async fn send(
            mut self,
        ) -> Result<crate::ResponseValue<types::ExchangeSession>, crate::Error> {
            const OPERATION: crate::runtime::Operation = crate::runtime::Operation {
                id: "retrieveCustomerExchangeSession",
                method: "GET",
                path: "/exchange-sessions/{id}",
                security: crate::runtime::Security::Bearer,
            };
            let client = self.client;
            let options = self
                .options
                .take()
                .map(|options| *options)
                .unwrap_or_default();
            crate::runtime::send(
                    client,
                    &OPERATION,
                    options,
                    move |call| { self.clone().raw_send(call) },
                )
                .await
        }
        async fn raw_send(
            self,
            call: ::std::sync::Arc<crate::runtime::CallContext>,
        ) -> Result<ResponseValue<types::ExchangeSession>, Error<()>> {
            let id = crate::request::required(
                &self.id,
                "the `id` path parameter is required: call `.id(..)`",
            )?;
            let mut url = String::from(self.client.base());
            url.push_str("/exchange-sessions/");
            url.push_str(
                &crate::params::path_segment("id", id).map_err(Error::InvalidRequest)?,
            );
            #[allow(unused_mut)]
            let mut url = crate::request::url(&url)?;
            let mut request = self.client.http().request(::reqwest::Method::GET, url);
            request = request
                .header(
                    ::reqwest::header::ACCEPT,
                    ::reqwest::header::HeaderValue::from_static(
                        "application/vnd.dwolla.v1.hal+json",
                    ),
                );
            let mut request = request.build()?;
            crate::hooks::pre(&call, &mut request).map_err(Error::InvalidRequest)?;
            let response = crate::hooks::exec(self.client.http(), request, &call).await?;
            match response.status().as_u16() {
                200 => crate::hooks::json(response).await,
                _ => Err(Error::UnexpectedResponse(response)),
            }
        }
    }
    #[cfg(feature = "exchange-sessions")]
    impl crate::CallOptions for RetrieveCustomerExchangeSession<'_> {
        fn options_mut(&mut self) -> &mut crate::RequestOptions {
            self.options.get_or_insert_default()
        }
    }
    /// The error bodies `retrieveCustomerExchangeSession` declares, by status.
    #[cfg(feature = "exchange-sessions")]
    #[derive(Debug, Clone)]
    pub enum RetrieveCustomerExchangeSessionError {
        /// `401`: The access token is missing, invalid or expired.
        Unauthorized(types::ErrorResponse),
        /// `403`: The token's application may not act on this resource.
        Forbidden(types::ErrorResponse),
        /// `404`: No resource has this id, or the application cannot see it.
        NotFound(types::ErrorResponse),
        /// `429`: Rate limited. Back off, then retry (with the same `Idempotency-Key` for a POST).
        TooManyRequests(types::ErrorResponse),
    }
    #[cfg(feature = "exchange-sessions")]
    impl RetrieveCustomerExchangeSessionError {
        /// Types `api`'s body by its status; `None` if the status is undeclared or the
        /// body does not match.
        pub fn from_api(api: &crate::ApiError) -> Option<Self> {
            match api.status().as_u16() {
                401 => {
                    api.decode_body::<types::ErrorResponse>()
                        .ok()
                        .map(Self::Unauthorized)
                }
                403 => {
                    api.decode_body::<types::ErrorResponse>().ok().map(Self::Forbidden)
                }
                404 => api.decode_body::<types::ErrorResponse>().ok().map(Self::NotFound),
                429 => {
                    api.decode_body::<types::ErrorResponse>()
                        .ok()
                        .map(Self::TooManyRequests)
                }
                _ => None,
            }
        }
    }
    /// `POST /exchanges/{id}/exchange-sessions`: started by
    /// [`Client::create_re_auth_exchange_session`][start].
    ///
    /// [start]: crate::Client::create_re_auth_exchange_session
    #[cfg(feature = "exchange-sessions")]
    #[derive(Debug, Clone)]
    #[must_use = "a request does nothing until `.send().await`"]
    pub struct CreateReAuthExchangeSession<'a> {
        client: &'a crate::Client,
        options: Option<Box<crate::RequestOptions>>,
        id: Option<Result<::uuid::Uuid, String>>,
        body: Result<types::builder::CreateReAuthExchangeSession, String>,
    }
    #[cfg(feature = "exchange-sessions")]
    impl<'a> CreateReAuthExchangeSession<'a> {
        pub(crate) fn new(client: &'a crate::Client) -> Self {
            Self {
                client,
                options: None,
                id: None,
                body: Ok(::std::default::Default::default()),
            }
        }
        /// Sets the `id` path parameter: The id of the exchange that needs the customer to sign in
        /// again.
        pub fn id<V>(mut self, value: V) -> Self
        where
            V: ::std::convert::TryInto<::uuid::Uuid>,
        {
            self.id = Some(
                value
                    .try_into()
                    .map_err(|_| {
                        "the value given for the `id` path parameter could not be converted"
                            .to_string()
                    }),
            );
            self
        }
        /// Sets the request body: Where to send the customer back (Plaid on mobile); omit for Plaid
        /// on the web.
        pub fn body<V>(mut self, value: V) -> Self
        where
            V: ::std::convert::TryInto<types::CreateReAuthExchangeSession>,
            <V as ::std::convert::TryInto<
                types::CreateReAuthExchangeSession,
            >>::Error: ::std::fmt::Display,
        {
            self.body = value
                .try_into()
                .map(From::from)
                .map_err(|e| format!("the request body could not be converted: {e}"));
            self
        }
        /// Edits the request body through its typed builder.
        pub fn body_map<F>(mut self, f: F) -> Self
        where
            F: ::std::ops::FnOnce(
                types::builder::CreateReAuthExchangeSession,
            ) -> types::builder::CreateReAuthExchangeSession,
        {
            self.body = self.body.map(f);
            self
        }
        /// Sets this call's options (timeout, retry policy, `Idempotency-Key`, extra
        /// headers, response size limit), replacing any set before; see
        /// [`RequestOptions`](crate::RequestOptions). The same settings one at a time
        /// are the methods of [`CallOptions`](crate::CallOptions).
        pub fn options(mut self, options: crate::RequestOptions) -> Self {
            self.options = Some(Box::new(options));
            self
        }
        /// Sends the request through the client's runtime.
        ///
        /// An error status is [`Error::Api`](crate::Error::Api);
        /// [`CreateReAuthExchangeSessionError::from_api`] types its body.
        pub async fn send(
            mut self,
        ) -> Result<
            crate::Created<(), super::created::CreateReAuthExchangeSession>,
            crate::Error,
        > {
            const OPERATION: crate::runtime::Operation = crate::runtime::Operation {
                id: "createReAuthExchangeSession",
                method: "POST",
                path: "/exchanges/{id}/exchange-sessions",
                security: crate::runtime::Security::Bearer,
            };
            let client = self.client;
            let options = self
                .options
                .take()
                .map(|options| *options)
                .unwrap_or_default();
            crate::runtime::send_created(
                    client,
                    &OPERATION,
                    options,
                    move |call| { self.clone().raw_send(call) },
                )
                .await
        }
        async fn raw_send(
            self,
            call: ::std::sync::Arc<crate::runtime::CallContext>,
        ) -> Result<ResponseValue<()>, Error<()>> {
            let id = crate::request::required(
                &self.id,
                "the `id` path parameter is required: call `.id(..)`",
            )?;
            let body: types::CreateReAuthExchangeSession = crate::request::built(
                &self.body,
            )?;
            let body = Some(&body);
            let mut url = String::from(self.client.base());
            url.push_str("/exchanges/");
            url.push_str(
                &crate::params::path_segment("id", id).map_err(Error::InvalidRequest)?,
            );
            url.push_str("/exchange-sessions");
            #[allow(unused_mut)]
            let mut url = crate::request::url(&url)?;
            let mut request = self.client.http().request(::reqwest::Method::POST, url);
            request = request
                .header(
                    ::reqwest::header::ACCEPT,
                    ::reqwest::header::HeaderValue::from_static(
                        "application/vnd.dwolla.v1.hal+json",
                    ),
                );
            request = crate::request::json(
                request,
                body,
                "application/vnd.dwolla.v1.hal+json",
            )?;
            let mut request = request.build()?;
            crate::hooks::pre(&call, &mut request).map_err(Error::InvalidRequest)?;
            let response = crate::hooks::exec(self.client.http(), request, &call).await?;
            match response.status().as_u16() {
                201 => Ok(crate::hooks::empty(response)),
                _ => Err(Error::UnexpectedResponse(response)),
            }
        }
    }
    #[cfg(feature = "exchange-sessions")]
    impl crate::CallOptions for CreateReAuthExchangeSession<'_> {
        fn options_mut(&mut self) -> &mut crate::RequestOptions {
            self.options.get_or_insert_default()
        }
    }
    /// The error bodies `createReAuthExchangeSession` declares, by status.
    #[cfg(feature = "exchange-sessions")]
    #[derive(Debug, Clone)]
    pub enum CreateReAuthExchangeSessionError {
        /// `400`: The body failed validation; `_embedded.errors` says which field and why.
        BadRequest(types::ErrorResponse),
        /// `401`: The access token is missing, invalid or expired.
        Unauthorized(types::ErrorResponse),
        /// `403`: The token's application may not act on this resource.
        Forbidden(types::ErrorResponse),
        /// `409`: A request with the same `Idempotency-Key` is still being processed; retry later
        /// with the same key.
        Conflict(types::ErrorResponse),
        /// `429`: Rate limited. Back off, then retry (with the same `Idempotency-Key` for a POST).
        TooManyRequests(types::ErrorResponse),
    }
    #[cfg(feature = "exchange-sessions")]
    impl CreateReAuthExchangeSessionError {
        /// Types `api`'s body by its status; `None` if the status is undeclared or the
        /// body does not match.
        pub fn from_api(api: &crate::ApiError) -> Option<Self> {
            match api.status().as_u16() {
                400 => {
                    api.decode_body::<types::ErrorResponse>().ok().map(Self::BadRequest)
                }
                401 => {
                    api.decode_body::<types::ErrorResponse>()
                        .ok()
                        .map(Self::Unauthorized)
                }
                403 => {
                    api.decode_body::<types::ErrorResponse>().ok().map(Self::Forbidden)
                }
                409 => api.decode_body::<types::ErrorResponse>().ok().map(Self::Conflict),
                429 => {
                    api.decode_body::<types::ErrorResponse>()
                        .ok()
                        .map(Self::TooManyRequests)
                }
                _ => None,
            }
        }
    }
    /// `GET /customers/{id}/available-exchange-connections`: started by
    /// [`Client::list_available_exchange_connections`][start].
    ///
    /// [start]: crate::Client::list_available_exchange_connections
    #[cfg(feature = "exchange-sessions")]
    #[derive(Debug, Clone)]
    #[must_use = "a request does nothing until `.send().await`"]
    pub struct ListAvailableExchangeConnections<'a> {
        client: &'a crate::Client,
        options: Option<Box<crate::RequestOptions>>,
        id: Option<Result<::uuid::Uuid, String>>,
    }
    #[cfg(feature = "exchange-sessions")]
    impl<'a> ListAvailableExchangeConnections<'a> {
        pub(crate) fn new(client: &'a crate::Client) -> Self {
            Self {
                client,
                options: None,
                id: None,
            }
        }
        /// Sets the `id` path parameter: The customer's id.
        pub fn id<V>(mut self, value: V) -> Self
        where
            V: ::std::convert::TryInto<::uuid::Uuid>,
        {
            self.id = Some(
                value
                    .try_into()
                    .map_err(|_| {
                        "the value given for the `id` path parameter could not be converted"
                            .to_string()
                    }),
            );
            self
        }
        /// Sets this call's options (timeout, retry policy, `Idempotency-Key`, extra
        /// headers, response size limit), replacing any set before; see
        /// [`RequestOptions`](crate::RequestOptions). The same settings one at a time
        /// are the methods of [`CallOptions`](crate::CallOptions).
        pub fn options(mut self, options: crate::RequestOptions) -> Self {
            self.options = Some(Box::new(options));
            self
        }
        /// Sends the request through the client's runtime.
        ///
        /// An error status is [`Error::Api`](crate::Error::Api);
        /// [`ListAvailableExchangeConnectionsError::from_api`] types its body.
        pub async fn send(
            mut self,
        ) -> Result<
            crate::ResponseValue<types::AvailableExchangeConnections>,
            crate::Error,
        > {
            const OPERATION: crate::runtime::Operation = crate::runtime::Operation {
                id: "listAvailableExchangeConnections",
                method: "GET",
                path: "/customers/{id}/available-exchange-connections",
                security: crate::runtime::Security::Bearer,
            };
            let client = self.client;
            let options = self
                .options
                .take()
                .map(|options| *options)
                .unwrap_or_default();
            crate::runtime::send(
                    client,
                    &OPERATION,
                    options,
                    move |call| { self.clone().raw_send(call) },
                )
                .await
        }
        async fn raw_send(
            self,
            call: ::std::sync::Arc<crate::runtime::CallContext>,
        ) -> Result<ResponseValue<types::AvailableExchangeConnections>, Error<()>> {
            let id = crate::request::required(
                &self.id,
                "the `id` path parameter is required: call `.id(..)`",
            )?;
            let mut url = String::from(self.client.base());
            url.push_str("/customers/");
            url.push_str(
                &crate::params::path_segment("id", id).map_err(Error::InvalidRequest)?,
            );
            url.push_str("/available-exchange-connections");
            #[allow(unused_mut)]
            let mut url = crate::request::url(&url)?;
            let mut request = self.client.http().request(::reqwest::Method::GET, url);
            request = request
                .header(
                    ::reqwest::header::ACCEPT,
                    ::reqwest::header::HeaderValue::from_static(
                        "application/vnd.dwolla.v1.hal+json",
                    ),
                );
            let mut request = request.build()?;
            crate::hooks::pre(&call, &mut request).map_err(Error::InvalidRequest)?;
            let response = crate::hooks::exec(self.client.http(), request, &call).await?;
            match response.status().as_u16() {
                200 => crate::hooks::json(response).await,
                _ => Err(Error::UnexpectedResponse(response)),
            }
        }
    }
    #[cfg(feature = "exchange-sessions")]
    impl crate::CallOptions for ListAvailableExchangeConnections<'_> {
        fn options_mut(&mut self) -> &mut crate::RequestOptions {
            self.options.get_or_insert_default()
        }
    }
    /// The error bodies `listAvailableExchangeConnections` declares, by status.
    #[cfg(feature = "exchange-sessions")]
    #[derive(Debug, Clone)]
    pub enum ListAvailableExchangeConnectionsError {
        /// `401`: The access token is missing, invalid or expired.
        Unauthorized(types::ErrorResponse),
        /// `404`: No resource has this id, or the application cannot see it.
        NotFound(types::ErrorResponse),
        /// `429`: Rate limited. Back off, then retry (with the same `Idempotency-Key` for a POST).
        TooManyRequests(types::ErrorResponse),
    }
    #[cfg(feature = "exchange-sessions")]
    impl ListAvailableExchangeConnectionsError {
        /// Types `api`'s body by its status; `None` if the status is undeclared or the
        /// body does not match.
        pub fn from_api(api: &crate::ApiError) -> Option<Self> {
            match api.status().as_u16() {
                401 => {
                    api.decode_body::<types::ErrorResponse>()
                        .ok()
                        .map(Self::Unauthorized)
                }
                404 => api.decode_body::<types::ErrorResponse>().ok().map(Self::NotFound),
                429 => {
                    api.decode_body::<types::ErrorResponse>()
                        .ok()
                        .map(Self::TooManyRequests)
                }
                _ => None,
            }
        }
    }
}
/// One marker type per operation that creates a resource: the second parameter
/// of the [`Created`](crate::Created) value it returns.
pub mod created {
    #[allow(unused_imports)]
    use super::types;
    /// Marks what `createCustomerExchangeSession` created (`POST
    /// /customers/{id}/exchange-sessions`).
    #[cfg(feature = "exchange-sessions")]
    #[derive(Debug, Clone, Copy)]
    pub enum CreateCustomerExchangeSession {}
    #[cfg(feature = "exchange-sessions")]
    impl crate::Created<(), CreateCustomerExchangeSession> {
        /// Reads the created resource back with `retrieveCustomerExchangeSession` (`GET
        /// /exchange-sessions/{id}`); see [`Created`](crate::Created) for which `Location`s it
        /// follows.
        pub async fn retrieve(
            &self,
            client: &crate::Client,
        ) -> Result<crate::ResponseValue<types::ExchangeSession>, crate::Error> {
            let [param_0] = self.path_params(client, "/exchange-sessions/{id}")?;
            client
                .retrieve_customer_exchange_session()
                .id(crate::location::parse_param::<::uuid::Uuid>(&param_0, "id")?)
                .send()
                .await
        }
    }
    /// Marks what `createReAuthExchangeSession` created (`POST /exchanges/{id}/exchange-sessions`).
    #[cfg(feature = "exchange-sessions")]
    #[derive(Debug, Clone, Copy)]
    pub enum CreateReAuthExchangeSession {}
    #[cfg(feature = "exchange-sessions")]
    impl crate::Created<(), CreateReAuthExchangeSession> {
        /// Reads the created resource back with `retrieveCustomerExchangeSession` (`GET
        /// /exchange-sessions/{id}`); see [`Created`](crate::Created) for which `Location`s it
        /// follows.
        pub async fn retrieve(
            &self,
            client: &crate::Client,
        ) -> Result<crate::ResponseValue<types::ExchangeSession>, crate::Error> {
            let [param_0] = self.path_params(client, "/exchange-sessions/{id}")?;
            client
                .retrieve_customer_exchange_session()
                .id(crate::location::parse_param::<::uuid::Uuid>(&param_0, "id")?)
                .send()
                .await
        }
    }
}
impl crate::Client {
    /// Follows a HAL link (`_links.<rel>`, or any [`Href`](crate::Href)) on the client's
    /// origin, with the client's credentials: a link to another origin is
    /// [`LocationError::ForeignHost`](crate::LocationError::ForeignHost), one that is not
    /// a URI reference [`LocationError::Malformed`](crate::LocationError::Malformed).
    /// The answer is typed when the link's path matches a `GET` operation of the
    /// document (see [`Followed`](operations::Followed) for which).
    pub async fn follow<L: crate::Href + ?Sized>(
        &self,
        link: &L,
    ) -> Result<operations::Followed, crate::Error> {
        let url = crate::links::url(self, link.href())?;
        if url.query().is_none() {
            #[cfg(feature = "exchange-sessions")]
            {
                if let Some([param_0]) = crate::links::matches::<
                    1usize,
                >(self, &url, "/customers/{id}/available-exchange-connections") {
                    let response = self
                        .list_available_exchange_connections()
                        .id(
                            crate::location::parse_param::<::uuid::Uuid>(&param_0, "id")?,
                        )
                        .send()
                        .await?;
                    return Ok(
                        operations::Followed::ListAvailableExchangeConnections(response),
                    );
                }
            }
            #[cfg(feature = "exchange-sessions")]
            {
                if let Some([param_0]) = crate::links::matches::<
                    1usize,
                >(self, &url, "/exchange-sessions/{id}") {
                    let response = self
                        .retrieve_customer_exchange_session()
                        .id(
                            crate::location::parse_param::<::uuid::Uuid>(&param_0, "id")?,
                        )
                        .send()
                        .await?;
                    return Ok(
                        operations::Followed::RetrieveCustomerExchangeSession(response),
                    );
                }
            }
        }
        let response = crate::links::get_json(
                self,
                url,
                "application/vnd.dwolla.v1.hal+json",
                crate::runtime::Security::Bearer,
            )
            .await?;
        Ok(operations::Followed::Untyped(response))
    }
    /// Create an exchange session for a customer
    ///
    /// Starts Instant Account Verification for a customer with one exchange partner.
    /// The new session's URL comes back in the `Location` header; the body is empty.
    ///
    /// When `redirect-url` is needed depends on the partner and the platform:
    /// - Visa: always required.
    /// - Plaid on Android or iOS: required. On Android it is the app's package name
    ///   (for example `com.example.app123`); on iOS it is an `https://` universal link.
    /// - Plaid on the web, and MX: leave it out.
    ///
    /// `POST /customers/{id}/exchange-sessions`: set the parameters on the returned builder,
    /// then `.send().await`.
    #[cfg(feature = "exchange-sessions")]
    pub fn create_customer_exchange_session(
        &self,
    ) -> operations::CreateCustomerExchangeSession<'_> {
        operations::CreateCustomerExchangeSession::new(self)
    }
    /// Retrieve an exchange session
    ///
    /// Reads one exchange session. For MX, `_links.external-provider-session` is the page
    /// to send the customer to; for Plaid, `externalProviderSessionToken` initialises
    /// Plaid Link.
    ///
    /// `GET /exchange-sessions/{id}`: set the parameters on the returned builder,
    /// then `.send().await`.
    #[cfg(feature = "exchange-sessions")]
    pub fn retrieve_customer_exchange_session(
        &self,
    ) -> operations::RetrieveCustomerExchangeSession<'_> {
        operations::RetrieveCustomerExchangeSession::new(self)
    }
    /// Create a re-authentication exchange session
    ///
    /// Starts a session in which the customer signs in to their bank again, for an
    /// exchange whose partner asks for new credentials (error code `UpdateCredentials`).
    /// The new session's URL comes back in the `Location` header; the body is empty.
    ///
    /// The body is optional. Plaid on Android or iOS needs `redirect-url` (an app package
    /// name or an `https://` link); Plaid on the web needs no body at all.
    ///
    /// `POST /exchanges/{id}/exchange-sessions`: set the parameters on the returned builder,
    /// then `.send().await`.
    #[cfg(feature = "exchange-sessions")]
    pub fn create_re_auth_exchange_session(
        &self,
    ) -> operations::CreateReAuthExchangeSession<'_> {
        operations::CreateReAuthExchangeSession::new(self)
    }
    /// List a customer's available exchange connections
    ///
    /// Lists the bank accounts a customer authorised through MX Connect. Each entry's
    /// `availableConnectionToken` is what creates the exchange, and from it the funding
    /// source.
    ///
    /// `GET /customers/{id}/available-exchange-connections`: set the parameters on the returned
    /// builder, then `.send().await`.
    #[cfg(feature = "exchange-sessions")]
    pub fn list_available_exchange_connections(
        &self,
    ) -> operations::ListAvailableExchangeConnections<'_> {
        operations::ListAvailableExchangeConnections::new(self)
    }
}
#[cfg(feature = "exchange-sessions")]
impl crate::Href for types::HalLink {
    fn href(&self) -> &str {
        self.href.as_str()
    }
}
#[cfg(feature = "exchange-sessions")]
impl crate::Href for types::LinkHref {
    fn href(&self) -> &str {
        self.href.as_str()
    }
}
#[cfg(feature = "exchange-sessions")]
impl crate::Href for types::RedirectUrl {
    fn href(&self) -> &str {
        self.href.as_str()
    }
}
