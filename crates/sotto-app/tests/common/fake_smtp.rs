//! A small SMTP server for tests, on loopback: it accepts every message (EHLO, MAIL, RCPT,
//! DATA, QUIT; no TLS, no authentication) and keeps what it received.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// One message received.
#[derive(Debug, Clone, Default)]
pub struct Received {
    /// `MAIL FROM` address.
    pub from: String,
    /// `RCPT TO` addresses.
    pub to: Vec<String>,
    /// The message as sent (headers and body).
    pub data: String,
}

impl Received {
    /// The six-digit confirmation code the message carries, and a code that is surely wrong.
    pub fn confirmation_code(&self) -> (String, &'static str) {
        let code = self
            .data
            .split(|c: char| !c.is_ascii_digit())
            .find(|run| run.len() == 6)
            .expect("a six-digit code")
            .to_owned();
        let wrong = if code == "000000" { "111111" } else { "000000" };
        (code, wrong)
    }
}

/// The running server.
pub struct FakeSmtp {
    /// Where it listens.
    pub addr: SocketAddr,
    /// What it received, in order.
    pub received: Arc<Mutex<Vec<Received>>>,
}

/// Starts a server on a free loopback port.
pub async fn start() -> FakeSmtp {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let received = Arc::new(Mutex::new(Vec::new()));
    let store = received.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(session(stream, store.clone()));
        }
    });
    FakeSmtp { addr, received }
}

/// The address inside `MAIL FROM:<…>` or `RCPT TO:<…>`.
fn path(line: &str) -> String {
    line.split_once(':')
        .map(|(_, rest)| rest.trim().trim_start_matches('<').trim_end_matches('>'))
        .unwrap_or_default()
        .to_owned()
}

async fn session(stream: TcpStream, store: Arc<Mutex<Vec<Received>>>) {
    let (reader, mut writer) = stream.into_split();
    let mut lines = BufReader::new(reader).lines();
    let mut current = Received::default();
    if writer
        .write_all(b"220 localhost ESMTP test\r\n")
        .await
        .is_err()
    {
        return;
    }
    while let Ok(Some(line)) = lines.next_line().await {
        let verb = line.to_ascii_uppercase();
        let reply: &[u8] = if verb.starts_with("EHLO") {
            b"250-localhost\r\n250 8BITMIME\r\n"
        } else if verb.starts_with("MAIL FROM") {
            current = Received {
                from: path(&line),
                ..Received::default()
            };
            b"250 OK\r\n"
        } else if verb.starts_with("RCPT TO") {
            current.to.push(path(&line));
            b"250 OK\r\n"
        } else if verb == "DATA" {
            if writer.write_all(b"354 go on\r\n").await.is_err() {
                return;
            }
            while let Ok(Some(data)) = lines.next_line().await {
                if data == "." {
                    break;
                }
                current.data.push_str(&data);
                current.data.push('\n');
            }
            store.lock().unwrap().push(std::mem::take(&mut current));
            b"250 queued\r\n"
        } else if verb == "QUIT" {
            let _ = writer.write_all(b"221 bye\r\n").await;
            return;
        } else if verb.starts_with("HELO") || verb == "RSET" || verb == "NOOP" {
            b"250 OK\r\n"
        } else {
            b"502 not implemented\r\n"
        };
        if writer.write_all(reply).await.is_err() {
            return;
        }
    }
}
