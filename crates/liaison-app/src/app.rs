//! The running application: database, clock and settings, shared by web and CLI.

use liaison_domain::clock::{Clock, truncate};
use liaison_store::Db;
use std::sync::Arc;
use time::{Duration, OffsetDateTime};

#[derive(Debug, Clone)]
pub struct Config {
    /// A session unused this long ends.
    pub idle_timeout: Duration,
    /// A session ends this long after sign-in, used or not.
    pub absolute_timeout: Duration,
    /// Failed sign-ins in a row before the account is locked.
    pub lockout_after: i64,
    pub lockout_for: Duration,
    /// Mark cookies Secure (set when served over TLS, directly or behind a proxy).
    pub secure_cookies: bool,
    /// Largest upload accepted, in bytes.
    pub max_upload_bytes: usize,
    /// Largest library file accepted, in bytes (within `max_upload_bytes`).
    pub library_file_max_bytes: usize,
    /// A staged upload (patient data) is forgotten this long after it was made, whatever
    /// became of it (docs/decisions.md).
    pub upload_retention: Duration,
    /// KPI counts per FLS kept between requests (`services::kpi`).
    pub kpi_cache: Arc<crate::kpi::KpiCache>,
    /// A request not answered in this time gets a 503 (uploads: this long between two
    /// chunks of the file instead, so a large file on a slow line still arrives).
    pub request_timeout: Duration,
    /// Sign-in attempts (password, and second-factor code, counted apart) per client address.
    pub sign_in_limit: RateLimit,
    /// Rejected API bearer tokens per client address.
    pub api_auth_failure_limit: RateLimit,
    /// Encrypts second-factor secrets at rest (`secret_key::load`, docs/security.md). Without
    /// one, new enrolments are refused rather than stored in the clear.
    pub secret_key: Option<Arc<crate::secret_key::SecretKey>>,
    /// Mail delivery (issue 20); None: mail is off, and nothing is sent or planned.
    pub mail: Option<Arc<crate::notify::Mail>>,
    /// Puts messages into words (the web layer's translations); None: none are planned.
    pub composer: Option<Arc<dyn crate::notify::Composer>>,
    /// How often due messages are planned and sent.
    pub notify_every: std::time::Duration,
}

/// At most `burst` at once, then `per_minute` a minute (a token bucket refilled evenly).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    pub per_minute: u32,
    pub burst: u32,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            idle_timeout: Duration::minutes(30),
            absolute_timeout: Duration::hours(12),
            lockout_after: 5,
            lockout_for: Duration::minutes(15),
            secure_cookies: false,
            max_upload_bytes: 50 * 1024 * 1024,
            library_file_max_bytes: liaison_domain::library::DEFAULT_FILE_MAX_BYTES,
            upload_retention: Duration::hours(48),
            kpi_cache: Arc::default(),
            request_timeout: Duration::seconds(60),
            sign_in_limit: RateLimit {
                per_minute: 10,
                burst: 10,
            },
            api_auth_failure_limit: RateLimit {
                per_minute: 30,
                burst: 30,
            },
            secret_key: None,
            mail: None,
            composer: None,
            notify_every: std::time::Duration::from_secs(30),
        }
    }
}

pub struct App {
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    pub config: Config,
    /// Imports running in this process and their progress.
    pub jobs: crate::import::Jobs,
    /// Audit rows waiting for a busy database, and counts of failed authentications.
    pub audit: crate::audit::Trail,
    /// (user, their local day) whose KPI alerts the planner has looked for in this process.
    pub notify_checked: std::sync::Mutex<std::collections::HashSet<(i64, time::Date)>>,
}

impl App {
    /// Open the database at `url` (SQLite file or PostgreSQL), migrate it, and build the
    /// application on the system clock.
    pub async fn open(url: &str, config: Config) -> Result<App, String> {
        let db = Db::connect(url)
            .await
            .map_err(|e| format!("liaison: cannot open the database: {e}"))?;
        db.migrate()
            .await
            .map_err(|e| format!("liaison: cannot migrate the database: {e}"))?;
        let app = App::new(db, Arc::new(SystemClock), config);
        crate::users::seal_plaintext_totp_secrets(&app)
            .await
            .map_err(|e| format!("liaison: cannot encrypt the two-step secrets: {e}"))?;
        Ok(app)
    }

    pub fn new(db: Db, clock: Arc<dyn Clock>, config: Config) -> App {
        App {
            audit: crate::audit::Trail::new(&db),
            db,
            clock,
            config,
            jobs: Default::default(),
            notify_checked: Default::default(),
        }
    }

    /// The database's engine when it answers (the health check), None when it does not.
    pub async fn health(&self) -> Option<&'static str> {
        self.db.ping().await.then(|| self.db.engine())
    }

    /// Write the audit rows that wait, then close the database's connections (at shutdown).
    pub async fn close(&self) {
        if let Err(e) = crate::audit::flush_all(self).await {
            tracing::error!(error = %e, "audit rows could not be written at shutdown");
        }
        self.db.close().await;
    }

    pub fn now(&self) -> OffsetDateTime {
        self.clock.now()
    }
}

/// The real clock: the one place that may read the system time.
pub struct SystemClock;

impl Clock for SystemClock {
    #[allow(clippy::disallowed_methods)]
    fn now(&self) -> OffsetDateTime {
        truncate(OffsetDateTime::now_utc())
    }
}
