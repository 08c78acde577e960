//! What the Prism programs of `tests/corpus/e2e/` share: `scripts/prism-e2e.sh` copies this
//! directory beside each program, into the examples of its generated client.
//!
//! The command line, the client, the per-call options, and the tally of calls that decides
//! the exit status.

use std::collections::BTreeSet;
use std::process::ExitCode;
use std::time::Duration;

use dwolla_exchange_sessions::{CallOptions, Client, Created, Credentials, Environment, ResponseValue, RetryPolicy};
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

/// What every successful answer exposes.
pub trait Answer {
    fn status(&self) -> StatusCode;
    fn headers(&self) -> &HeaderMap;
}

impl<T> Answer for ResponseValue<T> {
    fn status(&self) -> StatusCode {
        ResponseValue::status(self)
    }
    fn headers(&self) -> &HeaderMap {
        ResponseValue::headers(self)
    }
}

impl<T, Op> Answer for Created<T, Op> {
    fn status(&self) -> StatusCode {
        Created::status(self)
    }
    fn headers(&self) -> &HeaderMap {
        Created::headers(self)
    }
}

/// The per-call options every call gets: fail fast, never retry (a retry could hide a
/// first attempt that Prism refused).
pub fn opts<B: CallOptions>(builder: B) -> B {
    builder.timeout(Duration::from_secs(10)).retry(RetryPolicy::none())
}

/// `BASE_URL [OPERATIONS]`: Prism's address, and how many operations the client has.
pub fn args(program: &str) -> Result<(String, Option<usize>), ExitCode> {
    let mut args = std::env::args().skip(1);
    let Some(base_url) = args.next() else {
        eprintln!("usage: {program} BASE_URL [OPERATIONS]");
        return Err(ExitCode::from(2));
    };
    Ok((base_url, args.next().and_then(|n| n.parse().ok())))
}

/// The client for Prism at `base_url`.
pub fn client(base_url: String, credentials: Credentials) -> Result<Client, ExitCode> {
    Client::builder(Environment::Custom(base_url))
        .credentials(credentials)
        .build()
        .map_err(|error| {
            eprintln!("cannot build the client: {error}");
            ExitCode::FAILURE
        })
}

/// The calls made so far and their failures.
#[derive(Default)]
pub struct Tally {
    operations: BTreeSet<&'static str>,
    calls: usize,
    failures: Vec<String>,
}

impl Tally {
    /// Counts a call of `operation`; returns its name in the report.
    pub fn call(&mut self, operation: &'static str, case: &str) -> String {
        self.operations.insert(operation);
        self.calls += 1;
        if case.is_empty() {
            operation.to_string()
        } else {
            format!("{operation} ({case})")
        }
    }

    /// A call that succeeded, with what it returned.
    pub fn pass(&self, name: &str, detail: impl std::fmt::Display) {
        println!("ok    {name:<56} {detail}");
    }

    /// A call that failed, and why.
    pub fn fail(&mut self, name: &str, reason: String) {
        println!("FAIL  {name:<56} {reason}");
        self.failures.push(format!("{name}: {reason}"));
    }

    /// The summary line, then the exit status: a failure when any call failed, or when
    /// fewer or more than `expected` operations were called. `known` counts the calls
    /// that met a listed contradiction of the document.
    pub fn finish(mut self, expected: Option<usize>, known: Option<usize>) -> ExitCode {
        let called = self.operations.len();
        if let Some(expected) = expected
            && called != expected
        {
            self.failures
                .push(format!("called {called} operations, the client has {expected}"));
        }
        let known = known.map(|n| format!(", {n} known contradictions")).unwrap_or_default();
        println!("{} calls to {called} operations{known}, {} failed", self.calls, self.failures.len());
        if self.failures.is_empty() {
            return ExitCode::SUCCESS;
        }
        for failure in &self.failures {
            eprintln!("failed: {failure}");
        }
        ExitCode::FAILURE
    }
}
