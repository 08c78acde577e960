//! Helpers shared by several test binaries (`mod support;`); each binary uses a part.
#![allow(dead_code)]

pub mod fixtures;

use tokio::net::TcpSocket;

/// A loopback port that refuses connections for as long as this value lives.
///
/// The socket is bound but never listens, so connecting gets a reset. A port that was only
/// probed and released could be taken meanwhile by a server of a test running in parallel.
pub struct ClosedPort {
    _socket: TcpSocket,
    uri: String,
}

impl ClosedPort {
    pub fn new() -> ClosedPort {
        let socket = TcpSocket::new_v4().expect("a TCP socket");
        socket
            .bind(([127, 0, 0, 1], 0).into())
            .expect("a free loopback port");
        let uri = format!("http://{}", socket.local_addr().expect("the bound address"));
        ClosedPort {
            _socket: socket,
            uri,
        }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn uri(&self) -> String {
        self.uri.clone()
    }
}
