//! Parameter values on the wire as the OpenAPI document says: [`Query`] builds a query
//! string in each `style`, [`path_segment`] and [`header_value`] write the `simple` style.
//! The generated builders call them with the typify values of each parameter; a value is
//! first made JSON ([`serde_json::to_value`]) and that JSON is encoded, so nothing here
//! names a generated type.
//!
//! A JSON string is its text, a number or bool its JSON text, and `null` is an absent
//! value. Errors name the parameter and never carry its value, which may be a secret.

use std::borrow::Cow;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::header::HeaderValue;
use serde_json::{Map, Value};
use url::form_urlencoded::byte_serialize;

/// What a path segment keeps as is: RFC 3986's unreserved characters.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// How a query parameter goes on the wire: OpenAPI's `style` and `explode`.
#[allow(dead_code, reason = "which styles are used depends on the spec")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum QueryStyle {
    /// `style: form` (the default). `explode: true` (the default) repeats the name per array
    /// item, and writes an object's members as their own `key=value` pairs; `explode: false`
    /// writes `name=a,b,c` and `name=k1,v1,k2,v2`.
    Form {
        /// OpenAPI's `explode`.
        explode: bool,
    },
    /// `style: spaceDelimited`: an array as `name=a%20b%20c`.
    SpaceDelimited,
    /// `style: pipeDelimited`: an array as `name=a|b|c`.
    PipeDelimited,
    /// `style: deepObject`: an object as `name[key]=value`; nested objects as
    /// `name[a][b]=v`, arrays inside as `name[key][0]=v`, `name[key][1]=w` (the indexed
    /// convention large payment APIs use).
    DeepObject,
}

impl QueryStyle {
    /// The style's name in the document, for error messages.
    fn name(self) -> &'static str {
        match self {
            Self::Form { .. } => "form",
            Self::SpaceDelimited => "spaceDelimited",
            Self::PipeDelimited => "pipeDelimited",
            Self::DeepObject => "deepObject",
        }
    }
}

/// A request's query string, built one parameter at a time.
#[allow(
    dead_code,
    reason = "a document without query parameters builds no query"
)]
#[derive(Default)]
pub(crate) struct Query {
    /// The encoded `name=value` pairs so far, `&`-joined.
    text: String,
}

#[allow(
    dead_code,
    reason = "a document without query parameters builds no query"
)]
impl Query {
    /// An empty query.
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Appends `value` under `name` in `style`. `None`/null writes nothing, and so do an
    /// empty array and an empty object. Errors (naming the parameter, never the value) only
    /// where a value cannot take the style, e.g. an object in spaceDelimited, or nested
    /// arrays in form; nothing is written then.
    pub(crate) fn push<T: serde::Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        style: QueryStyle,
    ) -> Result<(), String> {
        let value = to_json("query", name, value)?;
        // Built apart, so that a failing parameter leaves no half-written pairs behind.
        let mut pairs = Pairs::default();
        encode_query(&mut pairs, name, &value, style).map_err(|reason| {
            format!(
                "query parameter `{name}` cannot be sent in {} style: {reason}",
                style.name()
            )
        })?;
        if !pairs.text.is_empty() {
            if !self.text.is_empty() {
                self.text.push('&');
            }
            self.text.push_str(&pairs.text);
        }
        Ok(())
    }

    /// Sets the text as `url`'s query, replacing any it had; a query with no pairs leaves
    /// `url` without a `?`.
    pub(crate) fn apply(self, url: &mut url::Url) {
        if self.text.is_empty() {
            url.set_query(None);
        } else {
            url.set_query(Some(&self.text));
        }
    }
}

/// A path parameter's text in `simple` style (arrays comma-joined, objects `k1,v1,k2,v2`),
/// percent-encoded so it stays one path segment (`/`, `?`, `#`, `%`, space and other
/// non-unreserved characters encoded). An absent, empty, `.` or `..` value is an error: the
/// URL would name another resource.
#[allow(
    dead_code,
    reason = "a document without path parameters has no segments to write"
)]
pub(crate) fn path_segment<T: serde::Serialize + ?Sized>(
    name: &str,
    value: &T,
) -> Result<String, String> {
    let value = to_json("path", name, value)?;
    let pieces = simple_pieces(&value)
        .map_err(|reason| format!("path parameter `{name}` cannot be sent: {reason}"))?;
    let mut text = String::new();
    for (i, piece) in pieces.iter().enumerate() {
        if i > 0 {
            text.push(',');
        }
        text.extend(utf8_percent_encode(piece, SEGMENT));
    }
    // An empty segment would drop the resource's id from the URL, and a dot segment is
    // resolved away when the URL is parsed; `.` is unreserved, so encoding cannot help.
    match text.as_str() {
        "" => Err(format!(
            "path parameter `{name}` cannot be sent: it is empty"
        )),
        "." | ".." => Err(format!(
            "path parameter `{name}` cannot be sent: `.` and `..` are not resource names"
        )),
        _ => Ok(text),
    }
}

/// A header parameter's value in `simple` style (arrays comma-joined, objects
/// `k1,v1,k2,v2`); an error (naming the header, never echoing the value, which may be a
/// secret) if the value is absent or its text is not a valid header value.
#[allow(
    dead_code,
    reason = "a document without header parameters writes no headers"
)]
pub(crate) fn header_value<T: serde::Serialize + ?Sized>(
    name: &str,
    value: &T,
) -> Result<HeaderValue, String> {
    let value = to_json("header", name, value)?;
    let pieces = simple_pieces(&value)
        .map_err(|reason| format!("header parameter `{name}` cannot be sent: {reason}"))?;
    HeaderValue::from_str(&pieces.join(",")).map_err(|_| {
        format!(
            "header parameter `{name}` cannot be sent: its text is not a valid header value \
             (control characters such as line breaks are not allowed)"
        )
    })
}

/// A `content: application/json` parameter's value as its JSON text; the error names the
/// parameter (`kind` is its location) and never the value.
#[allow(
    dead_code,
    reason = "a document without `content` parameters sends none"
)]
pub(crate) fn json_text<T: serde::Serialize + ?Sized>(
    kind: &str,
    name: &str,
    value: &T,
) -> Result<String, String> {
    serde_json::to_string(value)
        .map_err(|_| format!("{kind} parameter `{name}` cannot be serialized as JSON"))
}

/// `value` as JSON; the error names the parameter and not serde's message, which a custom
/// `Serialize` could fill with the value.
fn to_json<T: serde::Serialize + ?Sized>(
    kind: &str,
    name: &str,
    value: &T,
) -> Result<Value, String> {
    serde_json::to_value(value)
        .map_err(|_| format!("{kind} parameter `{name}` cannot be serialized as JSON"))
}

/// A scalar's text; `None` for null, arrays and objects.
fn scalar(value: &Value) -> Option<Cow<'_, str>> {
    match value {
        Value::String(s) => Some(Cow::Borrowed(s)),
        Value::Number(n) => Some(Cow::Owned(n.to_string())),
        Value::Bool(b) => Some(Cow::Borrowed(if *b { "true" } else { "false" })),
        Value::Null | Value::Array(_) | Value::Object(_) => None,
    }
}

/// A parameter value flattened to text one level deep, as every style but deepObject
/// takes it.
enum Flat<'a> {
    /// A string, number or bool.
    Scalar(Cow<'a, str>),
    /// An array's items, each a scalar.
    Items(Vec<Cow<'a, str>>),
    /// An object's members with a value (null members are absent), each a scalar.
    Members(Vec<(&'a str, Cow<'a, str>)>),
}

/// `value` flattened, `None` if it is null. An array item that is not a scalar, or an
/// object member that is an array or object, has no encoding outside deepObject.
fn flatten(value: &Value) -> Result<Option<Flat<'_>>, &'static str> {
    match value {
        Value::Null => Ok(None),
        Value::String(_) | Value::Number(_) | Value::Bool(_) => Ok(scalar(value).map(Flat::Scalar)),
        Value::Array(items) => items
            .iter()
            .map(|item| match item {
                Value::Null => Err("an array item is null"),
                Value::Array(_) => Err("an array item is an array"),
                Value::Object(_) => Err("an array item is an object"),
                _ => scalar(item).ok_or("an array item is not a scalar"),
            })
            .collect::<Result<_, _>>()
            .map(|items| Some(Flat::Items(items))),
        Value::Object(members) => {
            let mut out = Vec::with_capacity(members.len());
            for (key, member) in members {
                match member {
                    Value::Null => {}
                    Value::Array(_) => return Err("a member is an array"),
                    Value::Object(_) => return Err("a member is an object"),
                    _ => {
                        if let Some(text) = scalar(member) {
                            out.push((key.as_str(), text));
                        }
                    }
                }
            }
            Ok(Some(Flat::Members(out)))
        }
    }
}

/// The unencoded pieces of a `simple` value, to be `,`-joined: a scalar, the items of an
/// array, or an object's keys and values in turn. Null is an error: a path or header has
/// no way to be absent.
fn simple_pieces(value: &Value) -> Result<Vec<Cow<'_, str>>, &'static str> {
    match flatten(value)? {
        None => Err("it has no value (null)"),
        Some(Flat::Scalar(text)) => Ok(vec![text]),
        Some(Flat::Items(items)) => Ok(items),
        Some(Flat::Members(members)) => Ok(members
            .into_iter()
            .flat_map(|(key, text)| [Cow::Borrowed(key), text])
            .collect()),
    }
}

/// One parameter's encoded pairs.
#[derive(Default)]
struct Pairs {
    /// The `&`-joined pairs so far.
    text: String,
}

impl Pairs {
    /// Starts a pair; the caller writes the already-encoded name, then `=` and the value.
    fn start(&mut self) -> &mut String {
        if !self.text.is_empty() {
            self.text.push('&');
        }
        &mut self.text
    }

    /// Appends `name=value`, both form-urlencoded.
    fn push(&mut self, name: &str, value: &str) {
        let text = self.start();
        text.extend(byte_serialize(name.as_bytes()));
        text.push('=');
        text.extend(byte_serialize(value.as_bytes()));
    }

    /// Appends `name=` and `pieces`, each form-urlencoded, joined by the literal `delimiter`.
    /// Writes nothing for no pieces: an empty list is sent as absent.
    fn push_joined<'a>(
        &mut self,
        name: &str,
        pieces: impl IntoIterator<Item = &'a str>,
        delimiter: &str,
    ) {
        let mut pieces = pieces.into_iter().peekable();
        if pieces.peek().is_none() {
            return;
        }
        let text = self.start();
        text.extend(byte_serialize(name.as_bytes()));
        text.push('=');
        for (i, piece) in pieces.enumerate() {
            if i > 0 {
                text.push_str(delimiter);
            }
            text.extend(byte_serialize(piece.as_bytes()));
        }
    }
}

/// Writes `value` under `name` in `style`; the error says why the value cannot take it.
fn encode_query(
    pairs: &mut Pairs,
    name: &str,
    value: &Value,
    style: QueryStyle,
) -> Result<(), &'static str> {
    if let QueryStyle::DeepObject = style {
        return match value {
            Value::Null => Ok(()),
            Value::Array(_) => Err("it is an array"),
            Value::Object(members) => {
                let mut prefix = String::new();
                prefix.extend(byte_serialize(name.as_bytes()));
                deep_object(pairs, &mut prefix, members)
            }
            // A lone scalar has one sensible form.
            _ => {
                if let Some(text) = scalar(value) {
                    pairs.push(name, &text);
                }
                Ok(())
            }
        };
    }
    let Some(flat) = flatten(value)? else {
        return Ok(());
    };
    match (style, flat) {
        // A scalar is `name=value` in every style.
        (_, Flat::Scalar(text)) => pairs.push(name, &text),
        (QueryStyle::Form { explode: true }, Flat::Items(items)) => {
            for item in &items {
                pairs.push(name, item);
            }
        }
        (QueryStyle::Form { explode: true }, Flat::Members(members)) => {
            for (key, text) in &members {
                pairs.push(key, text);
            }
        }
        (QueryStyle::Form { explode: false }, Flat::Items(items)) => {
            pairs.push_joined(name, items.iter().map(|item| item.as_ref()), ",");
        }
        (QueryStyle::Form { explode: false }, Flat::Members(members)) => {
            let pieces = members.iter().flat_map(|(key, text)| [*key, text.as_ref()]);
            pairs.push_joined(name, pieces, ",");
        }
        (QueryStyle::SpaceDelimited, Flat::Items(items)) => {
            pairs.push_joined(name, items.iter().map(|item| item.as_ref()), "%20");
        }
        (QueryStyle::PipeDelimited, Flat::Items(items)) => {
            pairs.push_joined(name, items.iter().map(|item| item.as_ref()), "|");
        }
        (QueryStyle::SpaceDelimited | QueryStyle::PipeDelimited, Flat::Members(_)) => {
            return Err("it is an object");
        }
        (QueryStyle::DeepObject, _) => return Err("it is not an object"),
    }
    Ok(())
}

/// Writes `members` under the encoded `prefix` as `prefix[key]=value`, descending into
/// nested objects (`prefix[a][b]`) and arrays (`prefix[a][0]`). Null members are absent.
fn deep_object(
    pairs: &mut Pairs,
    prefix: &mut String,
    members: &Map<String, Value>,
) -> Result<(), &'static str> {
    for (key, member) in members {
        let len = prefix.len();
        prefix.push('[');
        prefix.extend(byte_serialize(key.as_bytes()));
        prefix.push(']');
        let result = match member {
            Value::Null => Ok(()),
            _ => deep_value(pairs, prefix, member),
        };
        prefix.truncate(len);
        result?;
    }
    Ok(())
}

/// Writes one non-null deepObject value under the encoded `prefix`.
fn deep_value(pairs: &mut Pairs, prefix: &mut String, value: &Value) -> Result<(), &'static str> {
    match value {
        Value::Object(members) => deep_object(pairs, prefix, members),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                // Skipping a null item would renumber the ones after it.
                if item.is_null() {
                    return Err("an array item is null");
                }
                let len = prefix.len();
                prefix.push('[');
                prefix.push_str(&i.to_string());
                prefix.push(']');
                let result = deep_value(pairs, prefix, item);
                prefix.truncate(len);
                result?;
            }
            Ok(())
        }
        _ => {
            if let Some(text) = scalar(value) {
                let out = pairs.start();
                out.push_str(prefix);
                out.push('=');
                out.extend(byte_serialize(text.as_bytes()));
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Serialize;

    use super::*;

    const FORM: QueryStyle = QueryStyle::Form { explode: true };
    const FORM_FLAT: QueryStyle = QueryStyle::Form { explode: false };

    /// The query text of one parameter.
    fn one<T: Serialize + ?Sized>(name: &str, value: &T, style: QueryStyle) -> String {
        let mut query = Query::new();
        query.push(name, value, style).unwrap();
        query.text
    }

    #[derive(Serialize)]
    struct Filter {
        status: &'static str,
        limit: u32,
        #[serde(skip_serializing_if = "Option::is_none")]
        after: Option<String>,
        before: Option<String>,
    }

    fn filter() -> Filter {
        Filter {
            status: "pending",
            limit: 25,
            after: None,
            before: None,
        }
    }

    #[test]
    fn form_explode_scalar() {
        assert_eq!(one("limit", &25, FORM), "limit=25");
        assert_eq!(one("rate", &2.5, FORM), "rate=2.5");
        assert_eq!(one("active", &true, FORM), "active=true");
        assert_eq!(one("status", "pending", FORM), "status=pending");
    }

    #[test]
    fn form_explode_array_repeats_the_name() {
        assert_eq!(one("id", &["a", "b", "c"], FORM), "id=a&id=b&id=c");
    }

    #[test]
    fn form_explode_object_writes_members_as_pairs() {
        assert_eq!(one("filter", &filter(), FORM), "limit=25&status=pending");
    }

    #[test]
    fn form_flat_scalar() {
        assert_eq!(one("limit", &25, FORM_FLAT), "limit=25");
    }

    #[test]
    fn form_flat_array_is_comma_joined() {
        assert_eq!(one("id", &vec![1, 2, 3], FORM_FLAT), "id=1,2,3");
        // A comma inside an item is encoded, the delimiter is not.
        assert_eq!(one("tag", &["a,b", "c"], FORM_FLAT), "tag=a%2Cb,c");
    }

    #[test]
    fn form_flat_object_is_keys_and_values() {
        assert_eq!(
            one("filter", &filter(), FORM_FLAT),
            "filter=limit,25,status,pending"
        );
    }

    #[test]
    fn none_and_empty_write_nothing() {
        let none: Option<u32> = None;
        for style in [
            FORM,
            FORM_FLAT,
            QueryStyle::SpaceDelimited,
            QueryStyle::PipeDelimited,
            QueryStyle::DeepObject,
        ] {
            assert_eq!(one("limit", &none, style), "");
            assert_eq!(one("limit", &serde_json::Value::Null, style), "");
        }
        let empty: Vec<String> = Vec::new();
        assert_eq!(one("id", &empty, FORM), "");
        assert_eq!(one("id", &empty, FORM_FLAT), "");
        assert_eq!(one("id", &empty, QueryStyle::PipeDelimited), "");
        assert_eq!(one("f", &BTreeMap::<String, u32>::new(), FORM_FLAT), "");
        assert_eq!(
            one("f", &BTreeMap::<String, u32>::new(), QueryStyle::DeepObject),
            ""
        );
    }

    #[test]
    fn some_is_its_value() {
        assert_eq!(one("limit", &Some(10), FORM), "limit=10");
    }

    #[test]
    fn params_keep_their_order() {
        let mut query = Query::new();
        query.push("limit", &10, FORM).unwrap();
        query.push("skipped", &None::<u32>, FORM).unwrap();
        query.push("after", "x", FORM).unwrap();
        assert_eq!(query.text, "limit=10&after=x");
    }

    #[test]
    fn space_delimited_array() {
        assert_eq!(
            one("id", &["a", "b c", "d"], QueryStyle::SpaceDelimited),
            "id=a%20b+c%20d"
        );
    }

    #[test]
    fn pipe_delimited_array() {
        assert_eq!(
            one("id", &["a", "b|c", "d"], QueryStyle::PipeDelimited),
            "id=a|b%7Cc|d"
        );
    }

    #[test]
    fn deep_object_flat() {
        assert_eq!(
            one("filter", &filter(), QueryStyle::DeepObject),
            "filter[limit]=25&filter[status]=pending"
        );
    }

    #[test]
    fn deep_object_nested() {
        let value = serde_json::json!({
            "created": { "gte": "2024-01-01", "lt": "2024-02-01" },
            "id": "x",
        });
        assert_eq!(
            one("filter", &value, QueryStyle::DeepObject),
            "filter[created][gte]=2024-01-01&filter[created][lt]=2024-02-01&filter[id]=x"
        );
    }

    #[test]
    fn deep_object_array_inside_is_indexed() {
        let value = serde_json::json!({
            "expand": ["customer", "funding source"],
            "items": [{ "a": 1 }, { "a": 2 }],
        });
        assert_eq!(
            one("q", &value, QueryStyle::DeepObject),
            "q[expand][0]=customer&q[expand][1]=funding+source&q[items][0][a]=1&q[items][1][a]=2"
        );
    }

    #[test]
    fn deep_object_keys_are_encoded() {
        let value = serde_json::json!({ "a b[c]": "d&e" });
        assert_eq!(
            one("q", &value, QueryStyle::DeepObject),
            "q[a+b%5Bc%5D]=d%26e"
        );
    }

    #[test]
    fn values_and_names_are_encoded() {
        assert_eq!(one("q", "a b&c=d", FORM), "q=a+b%26c%3Dd");
        assert_eq!(one("q", "é✓", FORM), "q=%C3%A9%E2%9C%93");
        assert_eq!(one("a b", &1, FORM), "a+b=1");
        assert_eq!(
            one("q", &["a b&c=d", "é"], FORM_FLAT),
            "q=a+b%26c%3Dd,%C3%A9"
        );
    }

    #[test]
    fn typed_scalars_are_their_json_text() {
        let id = uuid::Uuid::from_u128(0x0123_4567_89ab_cdef_0123_4567_89ab_cdef);
        assert_eq!(
            one("id", &id, FORM),
            "id=01234567-89ab-cdef-0123-456789abcdef"
        );
        let date = chrono::NaiveDate::from_ymd_opt(2024, 2, 29).unwrap();
        assert_eq!(one("since", &date, FORM), "since=2024-02-29");
    }

    #[test]
    fn styles_a_value_cannot_take_are_errors() {
        let mut query = Query::new();
        query.push("limit", &1, FORM).unwrap();
        let err = query
            .push("filter", &filter(), QueryStyle::SpaceDelimited)
            .unwrap_err();
        assert_eq!(
            err,
            "query parameter `filter` cannot be sent in spaceDelimited style: it is an object"
        );
        let err = query.push("id", &[["a"], ["b"]], FORM).unwrap_err();
        assert_eq!(
            err,
            "query parameter `id` cannot be sent in form style: an array item is an array"
        );
        let nested = serde_json::json!({ "secret": { "x": 1 } });
        let err = query.push("f", &nested, FORM_FLAT).unwrap_err();
        assert_eq!(
            err,
            "query parameter `f` cannot be sent in form style: a member is an object"
        );
        let err = query
            .push("ids", &["a"], QueryStyle::DeepObject)
            .unwrap_err();
        assert_eq!(
            err,
            "query parameter `ids` cannot be sent in deepObject style: it is an array"
        );
        let err = query.push("ids", &[Some("a"), None], FORM).unwrap_err();
        assert!(err.contains("an array item is null"), "{err}");
        // A failing parameter writes nothing.
        assert_eq!(query.text, "limit=1");
    }

    #[test]
    fn url_without_params_has_no_question_mark() {
        let mut url = url::Url::parse("https://api.example.com/exchange-sessions?").unwrap();
        let mut query = Query::new();
        query.push("limit", &None::<u32>, FORM).unwrap();
        query.apply(&mut url);
        assert_eq!(url.as_str(), "https://api.example.com/exchange-sessions");
    }

    #[test]
    fn url_with_params() {
        let mut url = url::Url::parse("https://api.example.com/exchange-sessions").unwrap();
        let mut query = Query::new();
        query.push("limit", &10, FORM).unwrap();
        query.push("q", "a b&c", FORM).unwrap();
        query
            .push("id", &["x", "y"], QueryStyle::PipeDelimited)
            .unwrap();
        query
            .push("filter", &filter(), QueryStyle::DeepObject)
            .unwrap();
        query
            .push("s", &["x", "y"], QueryStyle::SpaceDelimited)
            .unwrap();
        query.apply(&mut url);
        assert_eq!(
            url.as_str(),
            "https://api.example.com/exchange-sessions?limit=10&q=a+b%26c&id=x|y\
             &filter[limit]=25&filter[status]=pending&s=x%20y"
        );
    }

    #[test]
    fn path_segment_encodes_reserved_characters() {
        assert_eq!(
            path_segment("id", "a/b c?d#e%f").unwrap(),
            "a%2Fb%20c%3Fd%23e%25f"
        );
        assert_eq!(path_segment("id", "A-z_0.9~").unwrap(), "A-z_0.9~");
        assert_eq!(path_segment("id", "é").unwrap(), "%C3%A9");
    }

    #[test]
    fn path_segment_uuid() {
        let id = uuid::Uuid::from_u128(0x0123_4567_89ab_cdef_0123_4567_89ab_cdef);
        assert_eq!(
            path_segment("id", &id).unwrap(),
            "01234567-89ab-cdef-0123-456789abcdef"
        );
    }

    #[test]
    fn path_segment_integer() {
        assert_eq!(path_segment("page", &42u64).unwrap(), "42");
        assert_eq!(path_segment("n", &-7i32).unwrap(), "-7");
    }

    #[test]
    fn path_segment_array_and_object() {
        assert_eq!(
            path_segment("ids", &["a", "b/c", "d,e"]).unwrap(),
            "a,b%2Fc,d%2Ce"
        );
        assert_eq!(
            path_segment("f", &filter()).unwrap(),
            "limit,25,status,pending"
        );
    }

    #[test]
    fn path_segment_errors() {
        assert_eq!(
            path_segment("id", &None::<String>).unwrap_err(),
            "path parameter `id` cannot be sent: it has no value (null)"
        );
        assert_eq!(
            path_segment("id", "").unwrap_err(),
            "path parameter `id` cannot be sent: it is empty"
        );
        assert!(path_segment("id", "..").is_err());
        assert!(path_segment("id", ".").is_err());
        assert!(path_segment("id", &Vec::<String>::new()).is_err());
        assert_eq!(path_segment("id", "...").unwrap(), "...");
    }

    #[test]
    fn header_value_simple() {
        assert_eq!(header_value("X-Count", &3).unwrap(), "3");
        assert_eq!(header_value("X-Ids", &["a", "b"]).unwrap(), "a,b");
        assert_eq!(header_value("X-Flag", &false).unwrap(), "false");
        assert_eq!(header_value("X-Token", "abc def").unwrap(), "abc def");
    }

    #[test]
    fn header_value_error_does_not_echo_the_value() {
        let err = header_value("X-Token", "sk_live_secret\nInjected: yes").unwrap_err();
        assert!(err.contains("`X-Token`"), "{err}");
        assert!(!err.contains("sk_live_secret"), "{err}");
        assert!(!err.contains("Injected"), "{err}");
        let err = header_value("X-Token", &None::<String>).unwrap_err();
        assert_eq!(
            err,
            "header parameter `X-Token` cannot be sent: it has no value (null)"
        );
    }

    #[test]
    fn unserializable_values_are_errors() {
        let mut map = BTreeMap::new();
        map.insert(vec![1u8], "secret");
        let err = Query::new().push("m", &map, FORM).unwrap_err();
        assert_eq!(err, "query parameter `m` cannot be serialized as JSON");
    }
}
