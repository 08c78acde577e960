//! A loopback HTTP/1.1 server for the corpus clients' loopback tests: it records each
//! request and answers it with a function of the request. `scripts/check-corpus.sh` copies
//! this module beside each test file.
#![allow(dead_code, reason = "each test file uses part of it")]

use std::sync::{Arc, Mutex};

use dwolla_exchange_sessions::{Client, Environment, RetryPolicy};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpListener;

/// One request as the server read it.
#[derive(Debug, Clone)]
pub struct Request {
    /// The method.
    pub method: String,
    /// The path and query, as sent.
    pub target: String,
    /// Header lines, names lower-cased.
    pub headers: Vec<(String, String)>,
    /// The body (by `content-length`).
    pub body: Vec<u8>,
}

impl Request {
    /// The first value of header `name` (lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// How the server answers: `(status, JSON body)`, given its base URL and the request.
pub type Answer = fn(&str, &Request) -> (u16, String);

/// A server on `127.0.0.1`, recording what it receives.
pub struct Server {
    pub base: String,
    seen: Arc<Mutex<Vec<Request>>>,
}

impl Server {
    pub async fn start(answer: Answer) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("binds");
        let base = format!("http://{}", listener.local_addr().expect("has an address"));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let (log, origin) = (Arc::clone(&seen), base.clone());
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let Some(request) = read(&mut socket).await else {
                    continue;
                };
                let (status, body) = answer(&origin, &request);
                log.lock().expect("not poisoned").push(request);
                let reply = format!(
                    "HTTP/1.1 {status} X\r\ncontent-type: application/vnd.dwolla.v1.hal+json\r\n\
                     content-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = socket.write_all(reply.as_bytes()).await;
            }
        });
        Self { base, seen }
    }

    /// A client of this server, with a token and no retries.
    pub fn client(&self) -> Client {
        Client::builder(Environment::Custom(self.base.clone()))
            .bearer_token("loopback-token")
            .retry_policy(RetryPolicy::none())
            .build()
            .expect("the client builds")
    }

    /// What the server has received, in order.
    pub fn requests(&self) -> Vec<Request> {
        self.seen.lock().expect("not poisoned").clone()
    }

    /// The targets it has received, in order.
    pub fn targets(&self) -> Vec<String> {
        self.requests().into_iter().map(|r| r.target).collect()
    }
}

/// Reads one request: its head byte by byte, then `content-length` bytes of body.
async fn read(socket: &mut tokio::net::TcpStream) -> Option<Request> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if socket.read(&mut byte).await.ok()? == 0 {
            return None;
        }
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let mut lines = head.split("\r\n");
    let mut start = lines.next()?.split(' ');
    let (method, target) = (start.next()?.to_string(), start.next()?.to_string());
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let length = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    socket.read_exact(&mut body).await.ok()?;
    Some(Request {
        method,
        target,
        headers,
        body,
    })
}
