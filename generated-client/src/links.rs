//! Following HAL links: what the generated `Client::follow` shares with every document.
//! An `href` resolves against the client's base URL, strictly (an RFC 3986
//! URI-reference, as a `Location` must be), and is followed only on the client's origin,
//! so credentials never leave it. The generated code matches the URL against the
//! document's `GET` operations and calls the one it names; [`get_json`] reads any other.

use std::sync::Arc;

use progenitor_client::{Error as RawError, ResponseValue};
use reqwest::header::{ACCEPT, HeaderValue};
use url::Url;

use crate::error::LocationError;
use crate::runtime::{CallContext, Operation, Security};
use crate::{Client, Error, RequestOptions};

/// Anything that holds a link's `href`: what `Client::follow` takes. The generated types
/// of HAL links implement it, and so do `str`, `String` and `Url`.
pub trait Href {
    /// The link's target, absolute or relative to the client's base URL.
    fn href(&self) -> &str;
}

impl Href for str {
    fn href(&self) -> &str {
        self
    }
}

impl Href for String {
    fn href(&self) -> &str {
        self
    }
}

impl Href for Url {
    fn href(&self) -> &str {
        self.as_str()
    }
}

impl<T: Href + ?Sized> Href for &T {
    fn href(&self) -> &str {
        (**self).href()
    }
}

/// The absolute URL of `href`, on `client`'s origin.
#[allow(
    dead_code,
    reason = "a document without `GET` operations follows no link"
)]
pub(crate) fn url(client: &Client, href: &str) -> Result<Url, LocationError> {
    let url = crate::location::resolve(href, Some(client.base_url()))?;
    crate::location::same_origin(client, &url)?;
    Ok(url)
}

/// The values of `template`'s variables in `url`, when its path matches.
#[allow(
    dead_code,
    reason = "a document without `GET` operations follows no link"
)]
pub(crate) fn matches<const N: usize>(
    client: &Client,
    url: &Url,
    template: &str,
) -> Option<[String; N]> {
    crate::location::template_params(client, url, template).ok()
}

/// Reads `url` as untyped JSON, through the runtime (credentials, retries, limits):
/// for a link no operation of the document matches.
#[allow(
    dead_code,
    reason = "a document without `GET` operations follows no link"
)]
pub(crate) async fn get_json(
    client: &Client,
    url: Url,
    accept: &'static str,
    security: Security,
) -> Result<ResponseValue<serde_json::Value>, Error> {
    // The runtime takes the operation for its logs and its credentials.
    let operation: &'static Operation = match security {
        Security::Bearer => &FOLLOW_BEARER,
        Security::Basic => &FOLLOW_BASIC,
        Security::None => &FOLLOW_NONE,
    };
    crate::runtime::send(client, operation, RequestOptions::default(), move |call| {
        attempt(client, url.clone(), accept, call)
    })
    .await
}

const fn follow(security: Security) -> Operation {
    Operation {
        id: "follow",
        method: "GET",
        path: "{href}",
        security,
    }
}

static FOLLOW_BEARER: Operation = follow(Security::Bearer);
static FOLLOW_BASIC: Operation = follow(Security::Basic);
static FOLLOW_NONE: Operation = follow(Security::None);

/// One attempt of [`get_json`].
async fn attempt(
    client: &Client,
    url: Url,
    accept: &'static str,
    call: Arc<CallContext>,
) -> Result<ResponseValue<serde_json::Value>, RawError<()>> {
    let mut request = client
        .http()
        .get(url)
        .header(ACCEPT, HeaderValue::from_static(accept))
        .build()?;
    crate::hooks::pre(&call, &mut request).map_err(RawError::InvalidRequest)?;
    let response = crate::hooks::exec(client.http(), request, &call).await?;
    if response.status().is_success() {
        crate::hooks::json(response).await
    } else {
        Err(RawError::UnexpectedResponse(response))
    }
}
