//! Request bodies the runtime sends itself instead of progenitor: `multipart/form-data`,
//! which progenitor does not generate, and text or binary bodies, which progenitor would
//! hold as a stream that a retry cannot send again. Each is encoded once into a
//! [`RawBody`], so every attempt of a call sends the same bytes.

use std::fmt;

use bytes::{BufMut, Bytes, BytesMut};
use reqwest::header::HeaderValue;

/// A `multipart/form-data` body: text fields and files, in order.
///
/// ```
/// use dwolla_exchange_sessions::Multipart;
///
/// let form = Multipart::new()
///     .text("documentType", "passport")
///     .file("file", "passport.png", "image/png", vec![0x89, b'P', b'N', b'G']);
/// # let _ = form;
/// ```
#[derive(Clone, Default)]
#[must_use]
pub struct Multipart {
    parts: Vec<Part>,
}

#[derive(Clone)]
#[allow(
    dead_code,
    reason = "read only by operations that send multipart/form-data"
)]
struct Part {
    name: String,
    filename: Option<String>,
    content_type: Option<String>,
    data: Bytes,
}

impl Multipart {
    /// An empty form.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a text field.
    pub fn text(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let value: String = value.into();
        self.parts.push(Part {
            name: name.into(),
            filename: None,
            content_type: None,
            data: Bytes::from(value),
        });
        self
    }

    /// Adds a file with its name and media type.
    pub fn file(
        mut self,
        name: impl Into<String>,
        filename: impl Into<String>,
        content_type: impl Into<String>,
        data: impl Into<Bytes>,
    ) -> Self {
        self.parts.push(Part {
            name: name.into(),
            filename: Some(filename.into()),
            content_type: Some(content_type.into()),
            data: data.into(),
        });
        self
    }

    /// Encodes the form once, so that every attempt of a call sends the same bytes.
    #[allow(
        dead_code,
        reason = "called only by operations that send multipart/form-data"
    )]
    pub(crate) fn encode(&self) -> Result<RawBody, String> {
        let boundary = format!("----form-{}", uuid::Uuid::new_v4().simple());
        let mut body = BytesMut::new();
        for part in &self.parts {
            body.put_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"",
                    quoted(&part.name)
                )
                .as_bytes(),
            );
            if let Some(filename) = &part.filename {
                body.put_slice(format!("; filename=\"{}\"", quoted(filename)).as_bytes());
            }
            body.put_slice(b"\r\n");
            if let Some(content_type) = &part.content_type {
                if content_type.contains(['\r', '\n']) {
                    return Err(format!(
                        "the media type of multipart part `{}` has a line break",
                        part.name
                    ));
                }
                body.put_slice(format!("Content-Type: {content_type}\r\n").as_bytes());
            }
            body.put_slice(b"\r\n");
            body.put_slice(&part.data);
            body.put_slice(b"\r\n");
        }
        body.put_slice(format!("--{boundary}--\r\n").as_bytes());
        let content_type =
            HeaderValue::try_from(format!("multipart/form-data; boundary={boundary}"))
                .map_err(|e| e.to_string())?;
        Ok(RawBody {
            bytes: body.freeze(),
            content_type,
        })
    }
}

/// A name inside a quoted `Content-Disposition` parameter, escaped as browsers do.
#[allow(
    dead_code,
    reason = "called only by operations that send multipart/form-data"
)]
fn quoted(name: &str) -> String {
    name.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

impl fmt::Debug for Multipart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Field names only: values may be personal documents.
        f.debug_struct("Multipart")
            .field(
                "parts",
                &self
                    .parts
                    .iter()
                    .map(|p| p.name.as_str())
                    .collect::<Vec<_>>(),
            )
            .finish()
    }
}

/// A request body encoded for the wire, with its `Content-Type`.
#[derive(Clone)]
pub(crate) struct RawBody {
    pub(crate) bytes: Bytes,
    pub(crate) content_type: HeaderValue,
}

impl RawBody {
    /// A text or binary body sent as the spec's media type.
    #[allow(
        dead_code,
        reason = "called only by operations that send text or binary bodies"
    )]
    pub(crate) fn new(bytes: impl Into<Bytes>, media_type: &'static str) -> Self {
        Self {
            bytes: bytes.into(),
            content_type: HeaderValue::from_static(media_type),
        }
    }
}

impl fmt::Debug for RawBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The length only: the bytes may be personal documents.
        f.debug_struct("RawBody")
            .field("len", &self.bytes.len())
            .field("content_type", &self.content_type)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_fields_and_files_between_one_boundary() {
        let encoded = Multipart::new()
            .text("documentType", "passport")
            .file("file", "a\"b.png", "image/png", &b"PNG"[..])
            .encode()
            .unwrap();
        let content_type = encoded.content_type.to_str().unwrap();
        let boundary = content_type
            .strip_prefix("multipart/form-data; boundary=")
            .unwrap();
        let body = String::from_utf8(encoded.bytes.to_vec()).unwrap();
        assert_eq!(
            body,
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"documentType\"\r\n\r\npassport\r\n\
                 --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a%22b.png\"\r\nContent-Type: image/png\r\n\r\nPNG\r\n\
                 --{boundary}--\r\n"
            )
        );
    }
}
