//! A small SMTP server for the notification tests (issue 20): speaks just enough SMTP (EHLO,
//! MAIL, RCPT, DATA, RSET, NOOP, QUIT) to take what Liaison sends, keeps each message, and
//! on demand refuses, stalls, or drops the connection in the middle of a message. Messages
//! are read back decoded (headers, quoted-printable and base64 parts), so a test searches
//! what a reader would see.

use base64::Engine;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Accept,
    /// 554 at the greeting.
    Refuse,
    /// Never answer: the client's time limit ends the conversation.
    Stall,
    /// Take the start of the message, then close without an answer.
    DropMidData,
}

pub struct Sink {
    pub port: u16,
    mode: Arc<Mutex<Mode>>,
    received: Arc<Mutex<Vec<String>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Sink {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Sink {
    pub async fn start() -> Sink {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let mode = Arc::new(Mutex::new(Mode::Accept));
        let received = Arc::new(Mutex::new(Vec::new()));
        let (m, r) = (mode.clone(), received.clone());
        let task = tokio::spawn(async move {
            while let Ok((sock, _)) = listener.accept().await {
                let mode = *m.lock().unwrap();
                tokio::spawn(session(sock, mode, r.clone()));
            }
        });
        Sink {
            port,
            mode,
            received,
            task,
        }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    pub fn set(&self, mode: Mode) {
        *self.mode.lock().unwrap() = mode;
    }

    /// Every message taken, raw.
    pub fn raw(&self) -> Vec<String> {
        self.received.lock().unwrap().clone()
    }

    /// Every message taken, decoded.
    pub fn messages(&self) -> Vec<Mail> {
        self.raw().iter().map(|m| Mail::parse(m)).collect()
    }
}

async fn session(sock: tokio::net::TcpStream, mode: Mode, received: Arc<Mutex<Vec<String>>>) {
    let (rd, mut wr) = sock.into_split();
    let mut rd = BufReader::new(rd);
    match mode {
        Mode::Refuse => {
            let _ = wr.write_all(b"554 sink: no service\r\n").await;
            return;
        }
        Mode::Stall => {
            tokio::time::sleep(std::time::Duration::from_secs(30)).await;
            return;
        }
        _ => {}
    }
    if wr.write_all(b"220 sink ESMTP\r\n").await.is_err() {
        return;
    }
    let mut line = String::new();
    loop {
        line.clear();
        if rd.read_line(&mut line).await.unwrap_or(0) == 0 {
            return;
        }
        let verb = line.get(..4).unwrap_or("").to_ascii_uppercase();
        let reply: &[u8] = match verb.as_str() {
            "EHLO" | "HELO" => b"250 sink\r\n",
            "MAIL" | "RCPT" | "RSET" | "NOOP" => b"250 ok\r\n",
            "QUIT" => {
                let _ = wr.write_all(b"221 bye\r\n").await;
                return;
            }
            "DATA" => {
                if wr.write_all(b"354 go on\r\n").await.is_err() {
                    return;
                }
                let mut body = String::new();
                loop {
                    let mut l = String::new();
                    if rd.read_line(&mut l).await.unwrap_or(0) == 0 {
                        return;
                    }
                    if mode == Mode::DropMidData {
                        // Part of the message came; the line goes down before the end.
                        return;
                    }
                    if l == ".\r\n" {
                        break;
                    }
                    body.push_str(
                        l.strip_prefix('.')
                            .filter(|_| l.starts_with(".."))
                            .unwrap_or(&l),
                    );
                }
                received.lock().unwrap().push(body);
                b"250 taken\r\n"
            }
            _ => b"500 what\r\n",
        };
        if wr.write_all(reply).await.is_err() {
            return;
        }
    }
}

/// A message as its reader sees it.
#[derive(Debug, Clone)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub message_id: String,
    /// The plain text part and the HTML part, decoded.
    pub text: String,
    pub html: String,
    /// Every top-level header, unfolded.
    pub headers: Vec<(String, String)>,
    /// Attached files: (content type, file name, decoded content).
    pub attachments: Vec<(String, String, String)>,
}

impl Mail {
    pub fn parse(raw: &str) -> Mail {
        let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((raw, ""));
        let headers = unfold(head);
        let get = |name: &str| {
            headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| decode_words(v))
                .unwrap_or_default()
        };
        let mut m = Mail {
            to: get("To"),
            subject: get("Subject"),
            message_id: get("Message-ID"),
            text: String::new(),
            html: String::new(),
            headers: headers.clone(),
            attachments: Vec::new(),
        };
        assert!(
            get("Content-Type").starts_with("multipart/"),
            "a multipart message"
        );
        m.read_part(&headers, body);
        m
    }

    /// One part: a multipart one part by part (an attachment nests the text and HTML one
    /// level down), a leaf decoded.
    fn read_part(&mut self, head: &[(String, String)], body: &str) {
        let get = |name: &str| {
            head.iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        let ctype = get("Content-Type");
        if ctype.to_ascii_lowercase().starts_with("multipart/") {
            let boundary = ctype
                .split("boundary=")
                .nth(1)
                .map(|b| {
                    b.trim_matches('"')
                        .split(';')
                        .next()
                        .unwrap_or("")
                        .trim_matches('"')
                        .to_string()
                })
                .expect("a boundary");
            for part in body.split(&format!("--{boundary}")) {
                let Some((ph, pb)) = part.split_once("\r\n\r\n") else {
                    continue;
                };
                let ph = unfold(ph.trim_start_matches("\r\n"));
                self.read_part(&ph, pb);
            }
            return;
        }
        let decoded = match get("Content-Transfer-Encoding")
            .to_ascii_lowercase()
            .as_str()
        {
            "base64" => String::from_utf8(
                base64::engine::general_purpose::STANDARD
                    .decode(body.split_whitespace().collect::<String>())
                    .unwrap(),
            )
            .unwrap(),
            "quoted-printable" => quoted_printable(body),
            _ => body.to_string(),
        };
        let t = ctype.to_ascii_lowercase();
        let disposition = get("Content-Disposition");
        if disposition.starts_with("attachment") {
            let name = disposition
                .split("filename=")
                .nth(1)
                .unwrap_or("")
                .trim_matches('"')
                .to_string();
            self.attachments.push((t, name, decoded));
        } else if t.starts_with("text/plain") {
            self.text = decoded;
        } else if t.starts_with("text/html") {
            self.html = decoded;
        }
    }

    /// A header's value, unfolded.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Subject, text and HTML together: everything a reader sees.
    pub fn all(&self) -> String {
        format!("{}\n{}\n{}", self.subject, self.text, self.html)
    }
}

fn unfold(head: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for l in head.split("\r\n") {
        if l.starts_with([' ', '\t']) {
            if let Some(last) = out.last_mut() {
                last.1.push_str(l.trim_start());
            }
        } else if let Some((k, v)) = l.split_once(':') {
            out.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    out
}

/// RFC 2047 encoded words (`=?utf-8?b?...?=`, `=?utf-8?q?...?=`), as lettre writes subjects;
/// the space between two encoded words is not part of the text.
fn decode_words(v: &str) -> String {
    let mut out = String::new();
    let mut rest = v;
    let mut after_word = false;
    while let Some(start) = rest.find("=?") {
        let between = &rest[..start];
        if !(after_word && between.trim().is_empty()) {
            out.push_str(between);
        }
        let mut parts = rest[start + 2..].splitn(3, '?');
        let (_charset, enc, tail) = (
            parts.next().unwrap(),
            parts.next().unwrap(),
            parts.next().unwrap(),
        );
        let end = tail.find("?=").unwrap();
        let text = &tail[..end];
        out.push_str(&if enc.eq_ignore_ascii_case("b") {
            String::from_utf8(
                base64::engine::general_purpose::STANDARD
                    .decode(text)
                    .unwrap(),
            )
            .unwrap()
        } else {
            quoted_printable(&text.replace('_', " "))
        });
        after_word = true;
        rest = &tail[end + 2..];
    }
    out.push_str(rest);
    out
}

fn quoted_printable(s: &str) -> String {
    let s = s.replace("=\r\n", "");
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'='
            && i + 2 < b.len()
            && let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
