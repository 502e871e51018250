//! PostgreSQL over TLS: `Db::connect` honours the URL's `sslmode` (and `sslrootcert`), so a
//! managed database that requires TLS can be used. PostgreSQL only: on SQLite these tests
//! print a note and pass.

use liaison_store::{Db, StoreError};

/// The PostgreSQL server under test, or `None` (with a note) when the engine is SQLite.
fn pg_url(test: &str) -> Option<String> {
    match std::env::var("LIAISON_TEST_DATABASE_URL") {
        Ok(url) if url.starts_with("postgres") => Some(url),
        _ => {
            println!("{test}: skipped (PostgreSQL only; set LIAISON_TEST_DATABASE_URL)");
            None
        }
    }
}

/// `url` with `param` added to its query string.
fn with_param(url: &str, param: &str) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}{param}")
}

/// Whether the pool's connection is encrypted, as the server sees it.
async fn encrypted(db: &Db) -> bool {
    let Db::Postgres(p) = db else {
        panic!("a PostgreSQL URL opened {}", db.engine())
    };
    sqlx::query_scalar("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
        .fetch_one(p)
        .await
        .expect("read pg_stat_ssl")
}

#[tokio::test]
async fn sslmode_require_connects_encrypted_and_disable_does_not() {
    let Some(url) = pg_url("sslmode_require_connects_encrypted_and_disable_does_not") else {
        return;
    };
    let db = Db::connect(&with_param(&url, "sslmode=require"))
        .await
        .expect("connect with sslmode=require (does the server have ssl = on?)");
    assert!(
        encrypted(&db).await,
        "sslmode=require gave a plain connection"
    );
    db.close().await;

    let db = Db::connect(&with_param(&url, "sslmode=disable"))
        .await
        .expect("connect with sslmode=disable");
    assert!(!encrypted(&db).await, "sslmode=disable was not honoured");
    db.close().await;
}

#[tokio::test]
async fn sslmode_verify_full_refuses_a_certificate_it_cannot_verify() {
    let Some(url) = pg_url("sslmode_verify_full_refuses_a_certificate_it_cannot_verify") else {
        return;
    };
    // The test server's certificate is self-signed (Debian's snakeoil, issued to the machine's
    // host name): either no root of the system's store signed it, or (where the system store
    // trusts it, as Debian's /etc/ssl/certs does) it does not name 127.0.0.1. Either way the
    // connection must be refused, and the error must say it is the certificate.
    let err = Db::connect(&with_param(&url, "sslmode=verify-full"))
        .await
        .expect_err("verify-full accepted a certificate it cannot verify");
    let message = err.to_string();
    println!("verify-full refused: {message}");
    assert!(
        matches!(
            err,
            StoreError::Sql(sqlx::Error::Tls(_) | sqlx::Error::Io(_))
        ),
        "not a TLS error: {err:?}"
    );
    assert!(
        message.contains("certificate"),
        "the error does not say it is the certificate: {message}"
    );
}

#[tokio::test]
async fn sslrootcert_names_the_root_to_verify_the_server_with() {
    let test = "sslrootcert_names_the_root_to_verify_the_server_with";
    let Some(url) = pg_url(test) else {
        return;
    };
    // The server's own certificate (self-signed, so its own root), when this process can read
    // it (the test server runs on this machine).
    let db = Db::connect(&url).await.expect("connect");
    let Db::Postgres(p) = &db else { unreachable!() };
    let cert: String = sqlx::query_scalar("SHOW ssl_cert_file")
        .fetch_one(p)
        .await
        .expect("show ssl_cert_file");
    db.close().await;
    if std::fs::File::open(&cert).is_err() {
        println!("{test}: skipped (cannot read the server's certificate {cert})");
        return;
    }
    // verify-ca: the chain is checked against sslrootcert, the host name is not.
    let db = Db::connect(&with_param(
        &url,
        &format!("sslmode=verify-ca&sslrootcert={cert}"),
    ))
    .await
    .expect("verify-ca with the server's certificate as the root");
    assert!(encrypted(&db).await);
    db.close().await;
}
