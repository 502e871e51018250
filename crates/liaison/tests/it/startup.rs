//! The real start-up path: a server built from the application and a listener recovers work a
//! previous run left unfinished, starts its housekeeping, answers, and stops cleanly on its
//! shutdown future; the binary stops on SIGTERM as on Ctrl-C.

use crate::helpers::*;
use liaison_domain::import_status::ImportStatus;
use liaison_store::Db;
use liaison_web::server::Server;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A plain HTTP/1.1 GET over a new connection: the status line and body, as a client sees it.
async fn get(addr: std::net::SocketAddr, path: &str) -> std::io::Result<String> {
    let mut s = tokio::net::TcpStream::connect(addr).await?;
    let req = format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    s.write_all(req.as_bytes()).await?;
    let mut out = String::new();
    s.read_to_string(&mut out).await?;
    Ok(out)
}

async fn unfinished_import(db: &Db, uid: i64) -> i64 {
    liaison_store::imports::create(
        db,
        uid,
        "f.csv",
        "csv",
        "{}",
        "",
        ImportStatus::Importing,
        start_time(),
    )
    .await
    .unwrap()
}

async fn status_of(db: &Db, uid: i64, id: i64) -> ImportStatus {
    liaison_store::imports::get(db, uid, id)
        .await
        .unwrap()
        .unwrap()
        .status
}

#[tokio::test]
async fn a_built_server_recovers_answers_and_stops_on_its_shutdown_future() {
    let t = spawn().await;
    let app = t.app.clone();
    t.fls("AA-ONE", "GB").await;
    let uid = t.user("lead@a.test", "fls_lead", "AA-ONE").await;
    let id = unfinished_import(&app.db, uid).await;

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let server = Server::build(app.clone(), listener).await.unwrap();
    let addr = server.local_addr().unwrap();
    assert_eq!(
        status_of(&app.db, uid, id).await,
        ImportStatus::Failed,
        "an import a stopped server left running is failed before serving"
    );
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(server.run_until(async {
        let _ = stopped.await;
    }));

    let health = get(addr, "/health").await.unwrap();
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    assert!(health.contains("\"status\":\"ok\""), "{health}");

    stop.send(()).unwrap();
    tokio::time::timeout(Duration::from_secs(10), serving)
        .await
        .expect("stops within 10 s")
        .unwrap()
        .unwrap();
    assert!(
        get(addr, "/health").await.is_err(),
        "nothing listens after shutdown"
    );
}

#[tokio::test]
async fn the_binary_serves_warms_its_kpis_and_stops_on_sigterm() {
    let (url, _dir) = fresh_db_url().await;
    let mut child = Command::new(env!("CARGO_BIN_EXE_liaison"))
        .args(["--database", &url, "--log-format", "json", "serve"])
        .args(["--bind", "127.0.0.1:0"])
        .env("LIAISON_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run liaison serve");
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let addr: std::net::SocketAddr = first
        .split("http://")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .and_then(|a| a.parse().ok())
        .unwrap_or_else(|| panic!("no address in {first:?}"));
    let health = get(addr, "/health").await.unwrap();
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");

    // Give the background warm-up a moment on an empty registry, then ask the server to stop
    // the way a service manager does.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let out = tokio::task::spawn_blocking(move || child.wait_with_output())
        .await
        .unwrap()
        .unwrap();
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "exit {:?}\n{log}", out.status);
    assert!(log.contains("KPI rows in memory"), "{log}");
    assert!(log.contains("SIGTERM: shutting down"), "{log}");
    assert!(log.contains("stopped serving"), "{log}");
}
