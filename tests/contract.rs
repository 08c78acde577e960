//! Contract tests against Stoplight Prism, the validator Dwolla itself uses.
//!
//! Prism (pinned by the root `package.json` and `package-lock.json`; `npm ci` installs it)
//! serves `spec/exchange-sessions.yaml` and validates every request against it. The client's
//! calls must all succeed with no `sl-violations`, requests that break the spec must be
//! rejected, and under `--errors` Prism also checks the spec's response examples against
//! their schemas.

use std::fs::File;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use dwolla_exchange_sessions::{CallOptions, Client, Environment, Error, RetryPolicy, types};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use uuid::Uuid;

const HAL: &str = "application/vnd.dwolla.v1.hal+json";
const CUSTOMER: &str = "5b29279d-6359-4c87-a318-e09095532733";
const SESSION: &str = "fcd15e5f-8d13-4570-a9b7-7fb49e55941d";
const EXCHANGE: &str = "2f2ad3b6-7d1e-4a4e-8f8d-3c5b2a1e9d70";
const PLAID: &str =
    "https://api-sandbox.dwolla.com/exchange-partners/f53ffb32-c84f-496a-9d9d-acd100d396ef";
const STARTUP: Duration = Duration::from_secs(60);

/// Prism starts so far in this process, to name each one's log.
static STARTS: AtomicUsize = AtomicUsize::new(0);

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the workspace")
        .to_path_buf()
}

fn spec() -> PathBuf {
    workspace_root().join("spec/exchange-sessions.yaml")
}

/// A running `prism mock`. Dropping it kills the process and waits for it, so a failing
/// test never leaves a server behind.
struct Prism {
    child: Child,
    base: String,
    log: PathBuf,
}

impl Prism {
    /// Starts `prism mock <spec> <extra>` on a free loopback port and waits until it answers.
    fn start(spec: &Path, extra: &[&str]) -> Prism {
        let prism = workspace_root().join("node_modules/.bin/prism");
        assert!(
            prism.exists(),
            "Stoplight Prism is not installed ({} is missing): run `npm ci` in {} (scripts/test.sh does)",
            prism.display(),
            workspace_root().display()
        );
        // The port is free when probed; another process could take it before Prism binds,
        // so a Prism that exits early is retried on a new port.
        let mut last_log = String::new();
        for _ in 0..3 {
            let port = TcpListener::bind("127.0.0.1:0")
                .and_then(|l| l.local_addr())
                .expect("a free loopback port")
                .port();
            // One log per start: two tests' Prisms probing the same port must not share a
            // log, or one could read the other's "listening" line as its own.
            let start = STARTS.fetch_add(1, Ordering::Relaxed);
            let log = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
                .join(format!("prism-{}-{start}-{port}.log", std::process::id()));
            let out = File::create(&log).expect("creating Prism's log file");
            let child = Command::new(&prism)
                .arg("mock")
                .arg(spec)
                .args(extra)
                .args(["-p", &port.to_string(), "-h", "127.0.0.1"])
                .stdin(Stdio::null())
                .stdout(out.try_clone().expect("cloning the log handle"))
                .stderr(out)
                .spawn()
                .unwrap_or_else(|e| {
                    panic!(
                        "cannot run {}: {e} (is Node.js installed?)",
                        prism.display()
                    )
                });
            let mut server = Prism {
                child,
                base: format!("http://127.0.0.1:{port}"),
                log,
            };
            match server.wait_ready(SocketAddr::from(([127, 0, 0, 1], port))) {
                Ok(()) => return server,
                Err(reason) => last_log = format!("{reason}\n{}", server.log_text()),
            }
        }
        panic!("Prism did not start:\n{last_log}");
    }

    /// Polls until Prism accepts connections and has printed that it listens.
    fn wait_ready(&mut self, address: SocketAddr) -> Result<(), String> {
        let started = Instant::now();
        while started.elapsed() < STARTUP {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!("Prism exited early with {status}"));
            }
            if TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_ok()
                && self.log_text().contains("Prism is listening")
            {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Err(format!(
            "Prism did not listen on {address} within {STARTUP:?}"
        ))
    }

    fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    fn client(&self) -> Client {
        Client::builder(Environment::Custom(self.base.clone()))
            .bearer_token("contract-test-token")
            .retry_policy(RetryPolicy::none())
            .build()
            .expect("a loopback client builds")
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if std::thread::panicking() {
            eprintln!(
                "--- Prism log ({}) ---\n{}",
                self.log.display(),
                self.log_text()
            );
        }
    }
}

fn assert_no_violations(operation: &str, headers: &HeaderMap) {
    if let Some(violations) = headers.get("sl-violations") {
        panic!("{operation}: Prism reports the exchange breaks the spec: {violations:?}");
    }
}

/// Unwraps a call that must succeed; a failure names Prism's violations, if it found any.
fn succeeded<T>(operation: &str, result: Result<T, Error>) -> T {
    result.unwrap_or_else(|error| {
        let violations = error
            .api()
            .and_then(|api| api.headers().get("sl-violations"))
            .and_then(|v| v.to_str().ok());
        match violations {
            Some(violations) => panic!(
                "{operation}: Prism rejected the request: sl-violations: {violations}\n{error:?}"
            ),
            None => panic!("{operation}: {error:?}"),
        }
    })
}

fn uuid(text: &str) -> Uuid {
    Uuid::parse_str(text).expect("a valid UUID")
}

fn create_body(redirect: Option<&str>) -> types::CreateCustomerExchangeSession {
    types::CreateCustomerExchangeSession {
        links: types::CreateCustomerExchangeSessionLinks {
            exchange_partner: types::LinkHref { href: PLAID.into() },
            redirect_url: redirect.map(|href| types::RedirectUrl {
                href: href.parse().expect("non-empty"),
            }),
        },
    }
}

/// Runs all four operations (both body variants of each POST) through the client.
async fn every_operation_succeeds(prism: &Prism) {
    let client = prism.client();
    for redirect in [None, Some("com.example.app123")] {
        let created = succeeded(
            &format!("createCustomerExchangeSession (redirect {redirect:?})"),
            client
                .create_customer_exchange_session()
                .id(uuid(CUSTOMER))
                .body(create_body(redirect))
                .send()
                .await,
        );
        assert_eq!(created.status(), 201);
        assert_no_violations("createCustomerExchangeSession", created.headers());
        // Prism answers the header's example, an absolute URL on the sandbox.
        assert_eq!(
            created.id().expect("Location names the new session"),
            uuid(SESSION)
        );

        let session = succeeded(
            "retrieveCustomerExchangeSession",
            client
                .retrieve_customer_exchange_session()
                .id(created.id().unwrap())
                .send()
                .await,
        );
        assert_eq!(session.status(), 200);
        assert_no_violations("retrieveCustomerExchangeSession", session.headers());
        assert!(session.external_provider_session_token.is_some());
    }

    let mobile = types::CreateReAuthExchangeSession {
        links: Some(types::CreateReAuthExchangeSessionLinks {
            redirect_url: Some(types::RedirectUrl {
                href: "https://example.com/plaid/oauth-return".parse().unwrap(),
            }),
        }),
    };
    for body in [Some(mobile), None] {
        let described = format!("createReAuthExchangeSession (body {body:?})");
        let mut call = client.create_re_auth_exchange_session().id(uuid(EXCHANGE));
        if let Some(body) = body {
            call = call.body(body);
        }
        let created = succeeded(&described, call.send().await);
        assert_eq!(created.status(), 201, "{described}");
        assert_no_violations(&described, created.headers());
        assert_eq!(
            created.id().expect("Location names the new session"),
            uuid(SESSION)
        );
    }

    let connections = succeeded(
        "listAvailableExchangeConnections",
        client
            .list_available_exchange_connections()
            .id(uuid(CUSTOMER))
            .send()
            .await,
    );
    assert_eq!(connections.status(), 200);
    assert_no_violations("listAvailableExchangeConnections", connections.headers());
    assert!(
        !connections
            .embedded
            .available_exchange_connections
            .is_empty()
    );
}

/// Asks Prism (`Prefer: code=N`) for every documented error of every operation; the client
/// must decode each into the spec's error body.
async fn every_documented_error_decodes(prism: &Prism) {
    let client = prism.client();
    let prefer = |status: u16| {
        (
            HeaderName::from_static("prefer"),
            HeaderValue::from_str(&format!("code={status}")).unwrap(),
        )
    };
    let cases: [(&str, &[u16]); 4] = [
        ("createCustomerExchangeSession", &[400, 401, 403, 404, 429]),
        ("retrieveCustomerExchangeSession", &[401, 403, 404, 429]),
        ("createReAuthExchangeSession", &[400, 401, 403, 429]),
        ("listAvailableExchangeConnections", &[401, 404, 429]),
    ];
    for (operation, statuses) in cases {
        for &status in statuses {
            let (name, value) = prefer(status);
            let result = match operation {
                "createCustomerExchangeSession" => client
                    .create_customer_exchange_session()
                    .id(uuid(CUSTOMER))
                    .body(create_body(None))
                    .header(name, value)
                    .send()
                    .await
                    .map(|_| ()),
                "retrieveCustomerExchangeSession" => client
                    .retrieve_customer_exchange_session()
                    .id(uuid(SESSION))
                    .header(name, value)
                    .send()
                    .await
                    .map(|_| ()),
                "createReAuthExchangeSession" => client
                    .create_re_auth_exchange_session()
                    .id(uuid(EXCHANGE))
                    .header(name, value)
                    .send()
                    .await
                    .map(|_| ()),
                _ => client
                    .list_available_exchange_connections()
                    .id(uuid(CUSTOMER))
                    .header(name, value)
                    .send()
                    .await
                    .map(|_| ()),
            };
            let error = result.expect_err(&format!("{operation}: Prefer code={status} must fail"));
            let Error::Api(api) = &error else {
                panic!("{operation} {status}: expected an API error, got {error:?}")
            };
            assert_eq!(api.status(), status, "{operation}");
            assert_no_violations(operation, api.headers());
            assert!(
                api.code().is_some_and(|c| !c.is_empty()),
                "{operation} {status}: the example has no error code: {error:?}"
            );
            assert!(
                api.message().is_some_and(|m| !m.is_empty()),
                "{operation} {status}: no message"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn client_requests_conform_to_the_spec() {
    let prism = Prism::start(&spec(), &[]);
    every_operation_succeeds(&prism).await;
    every_documented_error_decodes(&prism).await;
}

/// `--errors` makes Prism answer 500 when a response it would send breaks its schema, so
/// this run also checks every example in the spec that the client can receive.
#[tokio::test(flavor = "multi_thread")]
async fn client_requests_and_spec_examples_conform_with_errors_flag() {
    let prism = Prism::start(&spec(), &["--errors"]);
    every_operation_succeeds(&prism).await;
    every_documented_error_decodes(&prism).await;
}

/// Hand-built requests that break the spec in one way each: Prism must refuse every one.
#[tokio::test(flavor = "multi_thread")]
async fn requests_that_break_the_spec_are_rejected() {
    let prism = Prism::start(&spec(), &["--errors"]);
    let http = reqwest::Client::new();
    let send = |method: reqwest::Method,
                path: String,
                accept: &'static str,
                body: Option<&'static str>| {
        let mut request = http
            .request(method, format!("{}{path}", prism.base))
            .header("accept", accept)
            .header("authorization", "Bearer contract-test-token");
        if let Some(body) = body {
            request = request.header("content-type", HAL).body(body);
        }
        request.send()
    };
    let valid_create = r#"{"_links":{"exchange-partner":{"href":"https://api-sandbox.dwolla.com/exchange-partners/f53ffb32-c84f-496a-9d9d-acd100d396ef"}}}"#;

    // Control: the same shape of request, correct, passes.
    let ok = send(
        reqwest::Method::POST,
        format!("/customers/{CUSTOMER}/exchange-sessions"),
        HAL,
        Some(valid_create),
    )
    .await
    .unwrap();
    assert_eq!(ok.status(), 201);
    assert!(ok.headers().get("sl-violations").is_none());

    // The plain JSON media type: Dwolla's API and Prism answer 406.
    let wrong_accept = send(
        reqwest::Method::GET,
        format!("/exchange-sessions/{SESSION}"),
        "application/json",
        None,
    )
    .await
    .unwrap();
    assert_eq!(wrong_accept.status(), 406);
    assert!(
        wrong_accept
            .text()
            .await
            .unwrap()
            .contains("Unable to find content for application/json")
    );

    // A create body without the required `exchange-partner`.
    let no_partner = send(
        reqwest::Method::POST,
        format!("/customers/{CUSTOMER}/exchange-sessions"),
        HAL,
        Some(r#"{"_links":{}}"#),
    )
    .await
    .unwrap();
    assert_eq!(no_partner.status(), 400);
    let violations = no_partner
        .headers()
        .get("sl-violations")
        .expect("Prism names the violation")
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        violations.contains("must have required property 'exchange-partner'"),
        "{violations}"
    );

    // A field the spec does not allow (`additionalProperties: false`).
    let extra = send(
        reqwest::Method::POST,
        format!("/exchanges/{EXCHANGE}/exchange-sessions"),
        HAL,
        Some(r#"{"_links":{"redirect-url":{"href":"com.example.app123"}},"unexpected":true}"#),
    )
    .await
    .unwrap();
    assert_eq!(extra.status(), 400);
    let violations = extra
        .headers()
        .get("sl-violations")
        .expect("Prism names the violation")
        .to_str()
        .unwrap()
        .to_string();
    assert!(violations.contains("additional"), "{violations}");

    // A path id that is not a UUID.
    let not_uuid = send(
        reqwest::Method::GET,
        "/exchange-sessions/not-a-uuid".into(),
        HAL,
        None,
    )
    .await
    .unwrap();
    assert_eq!(not_uuid.status(), 422);
    assert!(
        not_uuid
            .text()
            .await
            .unwrap()
            .contains(r#"Request path parameter id must match format \"uuid\""#)
    );

    // No bearer token.
    let anonymous = http
        .get(format!(
            "{}/customers/{CUSTOMER}/available-exchange-connections",
            prism.base
        ))
        .header("accept", HAL)
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
    assert!(
        anonymous
            .headers()
            .get("sl-violations")
            .is_some_and(|v| v.to_str().unwrap().contains("Invalid security scheme"))
    );
}

/// Proves the `--errors` run checks responses: a copy of the spec whose example breaks its
/// own schema makes Prism refuse to send it, and the client sees a server error.
#[tokio::test(flavor = "multi_thread")]
async fn errors_flag_catches_an_example_that_breaks_its_schema() {
    let text = std::fs::read_to_string(spec()).expect("reading the spec");
    let good = "created: \"2024-02-07T16:47:47Z\"";
    assert!(
        text.contains(good),
        "the spec's ExchangeSession example changed; update this test"
    );
    let broken = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("broken-example-{}.yaml", std::process::id()));
    std::fs::write(&broken, text.replace(good, "created: \"yesterday\""))
        .expect("writing the broken spec");

    let prism = Prism::start(&broken, &["--errors"]);
    let error = prism
        .client()
        .retrieve_customer_exchange_session()
        .id(uuid(SESSION))
        .send()
        .await
        .expect_err("a broken example");
    let api = error.api().expect("an API error");
    assert_eq!(api.status(), 500);
    let violations = api
        .headers()
        .get("sl-violations")
        .expect("Prism names the violation")
        .to_str()
        .unwrap();
    assert!(
        violations.contains(r#"Response body property created must match format \"date-time\""#),
        "{violations}"
    );
    drop(prism);
    let _ = std::fs::remove_file(broken);
}
