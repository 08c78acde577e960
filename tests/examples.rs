//! Every example in the spec decodes into its generated type and encodes back to the same
//! JSON. Request-body examples go further: sent through the client, the body that arrives
//! is exactly the example.
//!
//! The spec is walked as plain YAML, so an example added anywhere (media type, parameter,
//! header, schema, `examples` map) is found without touching this file; its type comes from
//! its schema's `$ref` name, or from `type`/`format` for an inline schema.

use std::path::{Path, PathBuf};

use dwolla_exchange_sessions::{Client, Environment, RetryPolicy, types};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use serde_yaml::Value as Yaml;
use uuid::Uuid;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn spec_text() -> String {
    let root: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the workspace")
        .into();
    std::fs::read_to_string(root.join("spec/exchange-sessions.yaml")).expect("reading the spec")
}

fn spec() -> Yaml {
    serde_yaml::from_str(&spec_text()).expect("the spec is YAML")
}

/// Maps each component schema to its generated type. A schema missing here fails
/// `every_component_schema_has_a_generated_type`.
macro_rules! schemas {
    ($($name:ident),* $(,)?) => {
        const SCHEMAS: &[&str] = &[$(stringify!($name)),*];

        /// Decodes `example` as the named schema's type and encodes it back.
        fn round_trip_schema(name: &str, example: &Value) -> Result<Value, String> {
            match name {
                $(stringify!($name) => round_trip::<types::$name>(example),)*
                _ => Err(format!("no generated type is mapped for schema `{name}`: add it to `schemas!`")),
            }
        }
    };
}

schemas!(
    LinkHref,
    RedirectUrl,
    HalLink,
    CreateCustomerExchangeSession,
    CreateCustomerExchangeSessionLinks,
    CreateReAuthExchangeSession,
    CreateReAuthExchangeSessionLinks,
    ExchangeSession,
    ExchangeSessionLinks,
    AvailableExchangeConnections,
    AvailableExchangeConnectionsLinks,
    AvailableExchangeConnectionsEmbedded,
    AvailableExchangeConnection,
    ErrorResponse,
    ErrorEmbedded,
    FieldError,
);

fn round_trip<T: DeserializeOwned + Serialize>(example: &Value) -> Result<Value, String> {
    let typed: T =
        serde_json::from_value(example.clone()).map_err(|e| format!("does not decode: {e}"))?;
    serde_json::to_value(&typed).map_err(|e| format!("does not encode: {e}"))
}

/// One example found in the spec.
#[derive(Debug)]
struct Example {
    /// JSON pointer of the `example` (or `examples/<name>/value`) node.
    pointer: String,
    /// The schema it must satisfy.
    schema: Yaml,
    value: Value,
}

impl Example {
    fn is_request_body(&self) -> bool {
        self.pointer.contains("/requestBody/")
    }

    /// `(path, method)` of the operation holding a request-body example.
    fn operation(&self) -> Option<(String, String)> {
        let rest = self.pointer.strip_prefix("/paths/")?;
        let mut tokens = rest.split('/');
        let path = tokens.next()?.replace("~1", "/").replace("~0", "~");
        Some((path, tokens.next()?.to_string()))
    }
}

fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Every `example` and `examples/*/value` under `node`, with the schema beside it.
fn collect(root: &Yaml, node: &Yaml, pointer: &str, found: &mut Vec<Example>) {
    match node {
        // Keys under `properties` are property names, never `example` keywords.
        Yaml::Mapping(map) if pointer.ends_with("/properties") => {
            for (key, child) in map {
                collect(
                    root,
                    child,
                    &format!("{pointer}/{}", escape(key.as_str().unwrap_or_default())),
                    found,
                );
            }
        }
        Yaml::Mapping(map) => {
            // Beside `schema` (media type, parameter, header), or on a schema itself.
            let schema = map.get("schema").cloned().unwrap_or_else(|| node.clone());
            if let Some(example) = map.get("example") {
                found.push(Example {
                    pointer: format!("{pointer}/example"),
                    schema: schema.clone(),
                    value: serde_json::to_value(example).expect("YAML examples are JSON values"),
                });
            }
            if let Some(Yaml::Mapping(examples)) = map.get("examples") {
                for (name, example) in examples {
                    let name = name.as_str().expect("example names are strings");
                    let example = resolve(root, example);
                    let value = example.get("value").unwrap_or_else(|| {
                        panic!("{pointer}/examples/{name} has no inline `value`")
                    });
                    found.push(Example {
                        pointer: format!("{pointer}/examples/{}/value", escape(name)),
                        schema: schema.clone(),
                        value: serde_json::to_value(value).expect("YAML examples are JSON values"),
                    });
                }
            }
            for (key, child) in map {
                let key = key.as_str().unwrap_or_default();
                // Handled above; `components/examples` are reached through their `$ref`s.
                if key == "example" || key == "examples" {
                    continue;
                }
                collect(root, child, &format!("{pointer}/{}", escape(key)), found);
            }
        }
        Yaml::Sequence(items) => {
            for (index, child) in items.iter().enumerate() {
                collect(root, child, &format!("{pointer}/{index}"), found);
            }
        }
        _ => {}
    }
}

/// Follows a local `$ref` such as `#/components/examples/Foo`.
fn resolve<'a>(root: &'a Yaml, node: &'a Yaml) -> &'a Yaml {
    let Some(reference) = node.get("$ref").and_then(Yaml::as_str) else {
        return node;
    };
    let pointer = reference
        .strip_prefix('#')
        .unwrap_or_else(|| panic!("only local `$ref`s are supported: {reference}"));
    pointer
        .split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .try_fold(root, |node, token| node.get(token.as_str()))
        .unwrap_or_else(|| panic!("`$ref: {reference}` points nowhere"))
}

fn examples() -> Vec<Example> {
    let root = spec();
    let mut found = Vec::new();
    collect(&root, &root, "", &mut found);
    found
}

/// Decodes and re-encodes `example` through the type its schema names.
fn round_trip_example(example: &Example) -> Result<Value, String> {
    if let Some(reference) = example.schema.get("$ref").and_then(Yaml::as_str) {
        let name = reference
            .strip_prefix("#/components/schemas/")
            .ok_or_else(|| format!("unexpected `$ref: {reference}`"))?;
        return round_trip_schema(name, &example.value);
    }
    // A schema in `components/schemas` carrying its own example.
    if let Some(name) = example
        .pointer
        .strip_prefix("/components/schemas/")
        .and_then(|rest| rest.strip_suffix("/example"))
    {
        return round_trip_schema(name, &example.value);
    }
    let kind = example.schema.get("type").and_then(Yaml::as_str);
    let format = example.schema.get("format").and_then(Yaml::as_str);
    match (kind, format) {
        // Path ids: the client takes `uuid::Uuid` and writes its `Display` into the path.
        (Some("string"), Some("uuid")) => {
            let text = example
                .value
                .as_str()
                .ok_or("a uuid example must be a string")?;
            let id = Uuid::parse_str(text).map_err(|e| format!("not a UUID: {e}"))?;
            assert_eq!(
                id.to_string(),
                text,
                "{}: the client would write this id differently",
                example.pointer
            );
            round_trip::<Uuid>(&example.value)
        }
        // `Location`: the client parses it as a URL.
        (Some("string"), Some("uri")) => {
            let text = example
                .value
                .as_str()
                .ok_or("a uri example must be a string")?;
            let url = reqwest::Url::parse(text).map_err(|e| format!("not an absolute URL: {e}"))?;
            Ok(Value::String(url.to_string()))
        }
        (Some("string"), _) => round_trip::<String>(&example.value),
        (Some("integer"), _) => round_trip::<i64>(&example.value),
        (Some("boolean"), _) => round_trip::<bool>(&example.value),
        _ => Err(format!(
            "no Rust type for an inline schema {:?}",
            example.schema
        )),
    }
}

/// Drops `null` and `{}` members: the generated types leave out empty optional fields
/// (`"_links": {}` on a field error), which means the same to the API.
fn without_empty(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(_, v)| !v.is_null() && !v.as_object().is_some_and(|o| o.is_empty()))
                .map(|(k, v)| (k.clone(), without_empty(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_empty).collect()),
        other => other.clone(),
    }
}

#[test]
fn the_walk_finds_every_example_in_the_spec() {
    let text = spec_text();
    // A YAML key `example:` at any depth; the walk must find each one.
    let written = text
        .lines()
        .filter(|line| line.trim_start().starts_with("example:"))
        .count();
    let found = examples()
        .iter()
        .filter(|e| e.pointer.ends_with("/example"))
        .count();
    assert!(
        written >= 10,
        "expected the spec to have examples, found {written}"
    );
    assert_eq!(found, written, "the walk missed an `example:` key");
}

#[test]
fn every_component_schema_has_a_generated_type() {
    let root = spec();
    let names: Vec<&str> = root["components"]["schemas"]
        .as_mapping()
        .expect("components/schemas")
        .keys()
        .filter_map(Yaml::as_str)
        .collect();
    for name in &names {
        assert!(
            SCHEMAS.contains(name),
            "schema `{name}` has no entry in `schemas!`"
        );
    }
    for name in SCHEMAS {
        assert!(
            names.contains(name),
            "`schemas!` names `{name}`, which the spec no longer has"
        );
    }
}

#[test]
fn every_example_round_trips_through_its_generated_type() {
    let mut failures = Vec::new();
    for example in examples() {
        match round_trip_example(&example) {
            Ok(encoded) if example.is_request_body() && encoded != example.value => {
                failures.push(format!(
                    "{}: the client would send\n  {encoded}\nnot the example\n  {}",
                    example.pointer, example.value
                ))
            }
            Ok(encoded) if without_empty(&encoded) != without_empty(&example.value) => failures
                .push(format!(
                    "{}: encodes back as\n  {encoded}\nnot\n  {}",
                    example.pointer, example.value
                )),
            Ok(_) => {}
            Err(reason) => failures.push(format!("{}: {reason}", example.pointer)),
        }
    }
    assert!(
        failures.is_empty(),
        "{} example(s) do not round-trip:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn decode<T: DeserializeOwned>(example: &Example) -> T {
    serde_json::from_value(example.value.clone())
        .unwrap_or_else(|e| panic!("{}: {e}", example.pointer))
}

/// Sends each request-body example through the client: the bytes on the wire must be the
/// example, for the operation it documents.
#[tokio::test]
async fn request_body_examples_are_what_the_client_sends() {
    let body_examples: Vec<Example> = examples()
        .into_iter()
        .filter(Example::is_request_body)
        .collect();
    assert!(
        !body_examples.is_empty(),
        "the spec has request-body examples"
    );
    for example in body_examples {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(201).insert_header(
                "location",
                format!("{}/exchange-sessions/{}", server.uri(), Uuid::nil()),
            ))
            .mount(&server)
            .await;
        let client = Client::builder(Environment::Custom(server.uri()))
            .bearer_token("examples-test-token")
            .retry_policy(RetryPolicy::none())
            .build()
            .unwrap();
        let (path, method) = example
            .operation()
            .expect("a request body sits under an operation");
        let id = Uuid::new_v4();
        let sent = match (method.as_str(), path.as_str()) {
            ("post", "/customers/{id}/exchange-sessions") => {
                let body: types::CreateCustomerExchangeSession = decode(&example);
                client
                    .create_customer_exchange_session()
                    .id(id)
                    .body(body)
                    .send()
                    .await
                    .map(|created| created.status())
            }
            ("post", "/exchanges/{id}/exchange-sessions") => {
                let body: types::CreateReAuthExchangeSession = decode(&example);
                client
                    .create_re_auth_exchange_session()
                    .id(id)
                    .body(body)
                    .send()
                    .await
                    .map(|created| created.status())
            }
            other => panic!(
                "{}: no client call is mapped for {other:?}; add it here",
                example.pointer
            ),
        };
        sent.unwrap_or_else(|e| panic!("{}: {e:?}", example.pointer));
        let requests = server.received_requests().await.expect("recording is on");
        let [request] = requests.as_slice() else {
            panic!(
                "{}: expected one request, got {}",
                example.pointer,
                requests.len()
            )
        };
        assert_eq!(request.method.as_str(), method.to_uppercase());
        assert_eq!(request.url.path(), path.replace("{id}", &id.to_string()));
        let on_the_wire: Value =
            serde_json::from_slice(&request.body).expect("the client sends JSON");
        assert_eq!(
            on_the_wire, example.value,
            "{}: the client sent a different body",
            example.pointer
        );
    }
}
