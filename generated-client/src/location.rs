//! The typed answer of an operation that creates a resource: its `Location`, its body, and
//! (through the generated `created` markers) a way to read the resource back.

use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, LOCATION};
use url::Url;
use uuid::Uuid;

use crate::error::LocationError;
use progenitor_client::ResponseValue;

use crate::Client;

/// What a creating operation returns: the success response, with the new resource's
/// `Location`. `T` is the response body (`()` when there is none); `Op` is the operation's
/// marker in [`crate::created`], which adds `retrieve()` when the spec has a `GET`
/// operation for the `Location`.
///
/// `retrieve()` follows the `Location` only on the client's own origin and below its base
/// path, and only when it matches the reading operation's path: credentials are never sent
/// elsewhere.
///
/// The call succeeded: the resource exists even when its `Location` turns out to be
/// unusable, so the accessors return errors instead of the call failing (retrying it
/// would create a second resource).
pub struct Created<T, Op> {
    response: ResponseValue<T>,
    /// The URL the request went to, against which a relative `Location` resolves.
    request_url: Option<Url>,
    op: PhantomData<fn() -> Op>,
}

impl<T: fmt::Debug, Op> fmt::Debug for Created<T, Op> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Created")
            .field("status", &self.status())
            .field("location", &self.headers().get(LOCATION))
            .field("body", self.body())
            .finish()
    }
}

impl<T, Op> Created<T, Op> {
    pub(crate) fn new(response: ResponseValue<T>, request_url: Option<Url>) -> Self {
        Self {
            response,
            request_url,
            op: PhantomData,
        }
    }

    /// The HTTP status (usually `201`).
    pub fn status(&self) -> StatusCode {
        self.response.status()
    }

    /// All response headers.
    pub fn headers(&self) -> &HeaderMap {
        self.response.headers()
    }

    /// The response body (`()` when the spec declares none).
    pub fn body(&self) -> &T {
        self.response.as_ref()
    }

    /// The whole response, body included.
    pub fn into_response(self) -> ResponseValue<T> {
        self.response
    }

    /// The `X-Request-ID` header.
    pub fn request_id(&self) -> Option<&str> {
        self.headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
    }

    /// The absolute URL of the new resource. A relative `Location` (RFC 9110 allows one)
    /// is resolved against the URL of the request that created the resource.
    ///
    /// Only a `Location` that is a URI-reference of RFC 3986 resolves: an absolute URI or a
    /// relative reference, each character allowed where it stands and each `%` followed by
    /// two hex digits, and an `http`/`https` URI with a host. Anything else (`::not a url::`,
    /// `http://[::1`, a lone `%`, a space) is [`LocationError::Malformed`], never a URL that
    /// a lenient parser made up.
    pub fn location(&self) -> Result<Url, LocationError> {
        let value = self.headers().get(LOCATION).ok_or(LocationError::Missing)?;
        let text = value.to_str().map_err(|_| {
            LocationError::Malformed(String::from_utf8_lossy(value.as_bytes()).into_owned())
        })?;
        resolve(text, self.request_url.as_ref())
    }

    /// The new resource's id, as Dwolla names resources: the last path segment of
    /// `Location`, a UUID.
    pub fn id(&self) -> Result<Uuid, LocationError> {
        let url = self.location()?;
        url.path_segments()
            .and_then(|mut segments| segments.rfind(|s| !s.is_empty()))
            .and_then(|segment| Uuid::parse_str(segment).ok())
            .ok_or_else(|| LocationError::NoId(url.to_string()))
    }

    /// The values of `template`'s variables in the `Location`, which must be on `client`'s
    /// origin and below its base path: credentials are never sent elsewhere.
    #[allow(
        dead_code,
        reason = "called only by created values that can be read back"
    )]
    pub(crate) fn path_params<const N: usize>(
        &self,
        client: &Client,
        template: &str,
    ) -> Result<[String; N], LocationError> {
        template_params(client, &self.location()?, template)
    }
}

/// `text`, a URI-reference, as an absolute URL: resolved against `base` when relative.
/// Anything that is not an RFC 3986 URI-reference is [`LocationError::Malformed`].
pub(crate) fn resolve(text: &str, base: Option<&Url>) -> Result<Url, LocationError> {
    if !is_uri_reference(text) {
        return Err(LocationError::Malformed(text.to_string()));
    }
    let url = match (Url::parse(text), base) {
        (Ok(url), _) => url,
        (Err(url::ParseError::RelativeUrlWithoutBase), Some(base)) => base
            .join(text)
            .map_err(|_| LocationError::Malformed(text.to_string()))?,
        _ => return Err(LocationError::Malformed(text.to_string())),
    };
    if url.cannot_be_a_base() {
        return Err(LocationError::Malformed(text.to_string()));
    }
    Ok(url)
}

/// Refuses `url` unless it is on `client`'s origin: credentials are never sent elsewhere.
pub(crate) fn same_origin(client: &Client, url: &Url) -> Result<(), LocationError> {
    let base = client.base_url();
    if url.origin() != base.origin() {
        return Err(LocationError::ForeignHost {
            location: url.to_string(),
            expected: base.origin().ascii_serialization(),
        });
    }
    Ok(())
}

/// The values of `template`'s variables in `url`, which must be on `client`'s origin and
/// below its base path.
pub(crate) fn template_params<const N: usize>(
    client: &Client,
    url: &Url,
    template: &str,
) -> Result<[String; N], LocationError> {
    same_origin(client, url)?;
    let base = client.base_url();
    let unmatched = || LocationError::Unmatched {
        location: url.to_string(),
        template: template.to_string(),
    };
    let path = url
        .path()
        .strip_prefix(base.path().trim_end_matches('/'))
        .ok_or_else(unmatched)?;
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let parts: Vec<&str> = template.split('/').filter(|s| !s.is_empty()).collect();
    if segments.len() != parts.len() {
        return Err(unmatched());
    }
    let mut values = Vec::with_capacity(N);
    for (part, segment) in parts.iter().zip(&segments) {
        if part.starts_with('{') && part.ends_with('}') {
            let value = percent_encoding::percent_decode_str(segment)
                .decode_utf8()
                .map_err(|_| unmatched())?
                .into_owned();
            values.push(value);
        } else if part != segment {
            return Err(unmatched());
        }
    }
    values.try_into().map_err(|_| unmatched())
}

/// Parses one path variable taken from a `Location` into its parameter's type.
#[allow(
    dead_code,
    reason = "called only by created values that can be read back"
)]
pub(crate) fn parse_param<T: FromStr>(value: &str, name: &str) -> Result<T, LocationError> {
    value.parse().map_err(|_| LocationError::InvalidParameter {
        name: name.to_string(),
        value: value.to_string(),
    })
}

/// Parses one path variable taken from a `Location` into a parameter type without
/// `FromStr`, reading the text as a JSON string.
#[allow(
    dead_code,
    reason = "called only for path parameters whose type has no FromStr"
)]
pub(crate) fn parse_param_string<T: serde::de::DeserializeOwned>(
    value: &str,
    name: &str,
) -> Result<T, LocationError> {
    serde_json::from_value(serde_json::Value::String(value.to_string()))
        .map_err(|_| invalid_parameter(value, name))
}

/// Parses one path variable taken from a `Location` that holds JSON text (a
/// `content: application/json` parameter).
#[allow(
    dead_code,
    reason = "called only for `content: application/json` path parameters"
)]
pub(crate) fn parse_param_json<T: serde::de::DeserializeOwned>(
    value: &str,
    name: &str,
) -> Result<T, LocationError> {
    serde_json::from_str(value).map_err(|_| invalid_parameter(value, name))
}

#[allow(dead_code, reason = "called only by the parsers above")]
fn invalid_parameter(value: &str, name: &str) -> LocationError {
    LocationError::InvalidParameter {
        name: name.to_string(),
        value: value.to_string(),
    }
}

/// Whether `text` is a `URI-reference` of RFC 3986 (section 4.1): a `URI` or a
/// `relative-ref`, checked against the RFC's grammar (appendix A). An `http` or `https` URI
/// must also have a host (RFC 9110, section 4.2), and so must a network-path reference
/// (`//host/path`), which takes the request's scheme. The `url` crate resolves only what passes:
/// it follows the WHATWG URL standard, which repairs input (spaces, lone `%`, a missing `//`)
/// instead of rejecting it.
fn is_uri_reference(text: &str) -> bool {
    let (rest, fragment) = match text.split_once('#') {
        Some((rest, fragment)) => (rest, Some(fragment)),
        None => (text, None),
    };
    let (rest, query) = match rest.split_once('?') {
        Some((rest, query)) => (rest, Some(query)),
        None => (rest, None),
    };
    let query_or_fragment = |part: Option<&str>| {
        part.is_none_or(|part| all_allowed(part, |c| is_pchar(c) || c == b'/' || c == b'?'))
    };
    if !query_or_fragment(query) || !query_or_fragment(fragment) {
        return false;
    }
    // A `:` before the first `/` ends a scheme: `path-noscheme` (the first segment of a
    // relative path) has none, so a reference whose scheme is invalid is no reference.
    let (scheme, hier) = match rest.find(':') {
        Some(colon) if !rest[..colon].contains('/') => (Some(&rest[..colon]), &rest[colon + 1..]),
        _ => (None, rest),
    };
    if scheme.is_some_and(|scheme| !is_scheme(scheme)) {
        return false;
    }
    let authority = hier.strip_prefix("//").map(|after| {
        let end = after.find('/').unwrap_or(after.len());
        (&after[..end], &after[end..])
    });
    let http =
        scheme.is_some_and(|s| s.eq_ignore_ascii_case("http") || s.eq_ignore_ascii_case("https"));
    match authority {
        // A network-path reference (`//host/path`) takes the scheme of the request's URL,
        // which is `http` or `https`: it needs a host as well.
        Some((authority, path)) => {
            is_authority(authority, http || scheme.is_none())
                && all_allowed(path, |c| is_pchar(c) || c == b'/')
        }
        None => !http && all_allowed(hier, |c| is_pchar(c) || c == b'/'),
    }
}

/// `scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )`.
fn is_scheme(scheme: &str) -> bool {
    let mut bytes = scheme.bytes();
    bytes.next().is_some_and(|c| c.is_ascii_alphabetic())
        && bytes.all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.'))
}

/// `authority = [ userinfo "@" ] host [ ":" port ]`; with `need_host`, the host is not empty.
fn is_authority(authority: &str, need_host: bool) -> bool {
    let (userinfo, host_port) = match authority.split_once('@') {
        Some((userinfo, host_port)) => (Some(userinfo), host_port),
        None => (None, authority),
    };
    if userinfo
        .is_some_and(|u| !all_allowed(u, |c| is_unreserved(c) || is_sub_delim(c) || c == b':'))
    {
        return false;
    }
    let (host, port) = if let Some(literal) = host_port.strip_prefix('[') {
        let Some((inside, after)) = literal.split_once(']') else {
            return false;
        };
        if !is_ip_literal(inside) {
            return false;
        }
        match after.strip_prefix(':') {
            Some(port) => (inside, port),
            None if after.is_empty() => (inside, ""),
            None => return false,
        }
    } else {
        let (host, port) = host_port.split_once(':').unwrap_or((host_port, ""));
        // `reg-name`, which covers `IPv4address`.
        if !all_allowed(host, |c| is_unreserved(c) || is_sub_delim(c)) {
            return false;
        }
        (host, port)
    };
    !(need_host && host.is_empty()) && port.bytes().all(|c| c.is_ascii_digit())
}

/// `IPv6address / IPvFuture`, the inside of `IP-literal = "[" ... "]"`.
fn is_ip_literal(inside: &str) -> bool {
    if let Some(future) = inside.strip_prefix(['v', 'V']) {
        // `IPvFuture = "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )`
        let Some((version, address)) = future.split_once('.') else {
            return false;
        };
        return !version.is_empty()
            && version.bytes().all(|c| c.is_ascii_hexdigit())
            && !address.is_empty()
            && address
                .bytes()
                .all(|c| is_unreserved(c) || is_sub_delim(c) || c == b':');
    }
    // The standard library's grammar is RFC 4291's text form, which RFC 3986's
    // `IPv6address` spells out (no zone identifier).
    inside.parse::<std::net::Ipv6Addr>().is_ok()
}

/// Whether every character of `part` is a percent-escape (`%` and two hex digits) or a
/// byte `allowed` accepts.
fn all_allowed(part: &str, allowed: impl Fn(u8) -> bool) -> bool {
    let bytes = part.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let escape = bytes.get(i + 1..i + 3);
            if !escape.is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit)) {
                return false;
            }
            i += 3;
        } else if allowed(bytes[i]) {
            i += 1;
        } else {
            return false;
        }
    }
    true
}

/// `pchar = unreserved / pct-encoded / sub-delims / ":" / "@"` (escapes aside).
fn is_pchar(c: u8) -> bool {
    is_unreserved(c) || is_sub_delim(c) || c == b':' || c == b'@'
}

/// `unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~"`.
fn is_unreserved(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_' | b'~')
}

/// `sub-delims = "!" / "$" / "&" / "'" / "(" / ")" / "*" / "+" / "," / ";" / "="`.
fn is_sub_delim(c: u8) -> bool {
    matches!(
        c,
        b'!' | b'$' | b'&' | b'\'' | b'(' | b')' | b'*' | b'+' | b',' | b';' | b'='
    )
}

#[cfg(test)]
mod tests {
    use super::is_uri_reference;

    #[test]
    fn rfc_3986_references_pass_and_the_rest_does_not() {
        let valid = [
            "https://api.dwolla.com/exchange-sessions/fcd15e5f-8d13-4570-a9b7-7fb49e55941d",
            "http://127.0.0.1:8080/a/b?c=d&e#f?g/h",
            "http://user:pw@[::1]:80/",
            "http://[v7.fe80::a+en1]/",
            "HTTPS://Example.COM",
            "/exchange-sessions/fcd15e5f-8d13-4570-a9b7-7fb49e55941d",
            "../../exchange-sessions/x%2Fy",
            "//example.com/x",
            "./a:b",
            "?only=query",
            "#only-fragment",
            "",
            "urn:uuid:fcd15e5f-8d13-4570-a9b7-7fb49e55941d",
            "mailto:someone@example.com",
            "a:b",
        ];
        for text in valid {
            assert!(is_uri_reference(text), "{text:?} is a URI-reference");
        }
        let invalid = [
            "::not a url::",
            "http://[::1",
            "http://[::1]x/",
            "http://[fe80::1%25en0]/",
            "http://[::g]/",
            "%",
            "/a%2",
            "/a%zz",
            "/exchange-sessions/ x",
            "https://exa mple.com/x",
            "a:b/c:d e",
            "1http://example.com/",
            "http:/path",
            "http:example.com",
            "http:///path",
            "///path",
            "http://host:8o/",
            "http://a@b@c/",
            "/a\\b",
            "/a#b#c",
            "/caf\u{e9}",
            "/a{b}",
            "/a|b",
            "/\"q\"",
        ];
        for text in invalid {
            assert!(!is_uri_reference(text), "{text:?} is not a URI-reference");
        }
    }
}
