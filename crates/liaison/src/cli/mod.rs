//! The `liaison` command line (docs/cli.md). Commands act as the registry's operator.
//! Exit status: 0 success, 1 the work failed, 2 the command line was wrong.

mod io;
mod kpi;
mod notify;
mod report;
mod serve;

use clap::{Parser, Subcommand, ValueEnum};
use liaison_app::app::{App, Config};
use liaison_app::{Actor, ServiceError, orgs, users};
use liaison_domain::lang::Lang;
use liaison_web::i18n::Tr;
use std::io::{BufRead, IsTerminal, Read};
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "liaison",
    version,
    about = "Liaison: the Fracture Liaison Service registry and comparative tool"
)]
pub struct Cli {
    /// Database: sqlite://PATH or postgres://...
    #[arg(
        long,
        global = true,
        env = "LIAISON_DATABASE_URL",
        default_value = "sqlite://liaison.db"
    )]
    pub database: String,
    /// File holding the 32-byte key that encrypts two-step secrets (base64 or hex). Default for
    /// SQLite: DATABASE.key beside the database, created on first start; PostgreSQL has none
    /// unless given, and two-step sign-in cannot be set up (docs/security.md).
    #[arg(long, global = true, env = "LIAISON_SECRET_KEY_FILE")]
    pub secret_key_file: Option<std::path::PathBuf>,
    /// SMTP server for e-mail notifications: smtp://[USER:PASSWORD@]HOST[:PORT] (add
    /// ?tls=required for STARTTLS) or smtps://... (TLS). Without it, mail is off.
    #[arg(long, global = true, env = "LIAISON_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// The sender address of e-mails (needed with --smtp-url).
    #[arg(long, global = true, env = "LIAISON_MAIL_FROM")]
    pub mail_from: Option<String>,
    /// Where users reach Liaison, for the links in e-mails.
    #[arg(
        long,
        global = true,
        env = "LIAISON_PUBLIC_URL",
        default_value = "http://127.0.0.1:8080"
    )]
    pub public_url: String,
    /// Log format (default: text on a terminal, JSON otherwise).
    #[arg(long, global = true, env = "LIAISON_LOG_FORMAT")]
    pub log_format: Option<LogFormat>,
    #[command(subcommand)]
    pub cmd: Cmd,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Subcommand, Debug)]
pub enum Cmd {
    /// Migrate the database if needed, then serve the web UI and the API.
    Serve {
        #[arg(long, default_value = "127.0.0.1:8080")]
        bind: String,
        /// Fill an empty database with demo data and print demo sign-ins.
        #[arg(long)]
        demo: bool,
        /// Mark cookies Secure (set this when served over HTTPS, directly or behind a proxy).
        #[arg(long, env = "LIAISON_SECURE_COOKIES")]
        secure_cookies: bool,
        /// Idle minutes before a session ends.
        #[arg(long, env = "LIAISON_IDLE_MINUTES", default_value_t = 30)]
        idle_minutes: i64,
        /// Largest upload accepted (imports), in MB.
        #[arg(long, env = "LIAISON_MAX_UPLOAD_MB", default_value_t = 50)]
        max_upload_mb: usize,
        /// Largest file of a library resource, in MB (within --max-upload-mb).
        #[arg(long, env = "LIAISON_LIBRARY_FILE_MB", default_value_t = 20)]
        library_file_mb: usize,
        /// Seconds a request may take (uploads: between two chunks of the file).
        #[arg(long, env = "LIAISON_REQUEST_TIMEOUT_SECS", default_value_t = 60)]
        request_timeout_secs: i64,
        /// Sign-in attempts per minute from one client address (also the burst).
        #[arg(long, env = "LIAISON_SIGN_IN_PER_MINUTE", default_value_t = 10)]
        sign_in_per_minute: u32,
        /// Rejected API tokens per minute from one client address (also the burst).
        #[arg(
            long,
            env = "LIAISON_API_TOKEN_FAILURES_PER_MINUTE",
            default_value_t = 30
        )]
        api_token_failures_per_minute: u32,
    },
    /// Manage FLSs.
    Fls {
        #[command(subcommand)]
        cmd: FlsCmd,
    },
    /// Manage users.
    User {
        #[command(subcommand)]
        cmd: UserCmd,
    },
    /// Import episodes from CSV or XLSX: all rows or none.
    Import(io::ImportArgs),
    /// Export the episodes of a scope (CSV or XLSX in the import format, or a research extract).
    Export(io::ExportArgs),
    /// Write fls.csv and episodes.csv of synthetic data (the same for the same seed).
    Generate(io::GenerateArgs),
    /// KPIs of docs/kpi-definitions.md for a scope (fls:CODE, country:CC, region:NAME or global), exact.
    Kpi(kpi::KpiArgs),
    /// A scope's annual report (country:CC, region:NAME or global) as PDF or HTML.
    Report(report::ReportArgs),
    /// Load KPI definitions (JSON, as data/kpi-definitions-v1.json) for a country or as the
    /// deployment's default; they apply from now on and every result names their version.
    KpiDefinitions {
        file: String,
        /// ISO country code; without it, the default for every country without its own.
        #[arg(long)]
        country: Option<String>,
    },
    /// Write a consistent copy of the whole database to FILE.
    Backup { file: String },
    /// Load FILE (from `liaison backup`) into an empty database.
    Restore { file: String },
    /// Plan the e-mails due now and send them (docs/notifications.md).
    Notify {
        /// Print what would be written and sent now; write and send nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// The audit trail.
    Audit {
        #[command(subcommand)]
        cmd: AuditCmd,
    },
}

#[derive(Subcommand, Debug)]
pub enum AuditCmd {
    /// Check the audit trail's hash chain: print the rows and the head's hash when every row
    /// checks; exit 1 naming the first row that does not.
    Verify,
}

// Parsed once per run; boxing the big variant would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand, Debug)]
pub enum FlsCmd {
    /// Create or update an FLS (fields not given keep their stored value).
    Add {
        code: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        country: Option<String>,
        #[arg(long)]
        expected_non_spine: Option<String>,
        #[arg(long)]
        expected_spine: Option<String>,
        #[arg(long)]
        hospital: Option<String>,
        #[arg(long)]
        city: Option<String>,
        #[arg(long)]
        time_zone: Option<String>,
        #[arg(long)]
        service_model: Option<String>,
        /// e.g. "hip;outpatient"
        #[arg(long)]
        patient_groups: Option<String>,
        #[arg(long)]
        catchment_population_50_plus: Option<String>,
        #[arg(long)]
        start_date: Option<String>,
        #[arg(long)]
        contact_name: Option<String>,
        #[arg(long)]
        contact_email: Option<String>,
    },
    /// Create or update many FLSs from CSV: all rows or none.
    Import { file: String },
}

#[derive(Subcommand, Debug)]
pub enum UserCmd {
    /// Create a user; the password is read from standard input, or generated and printed once.
    Add {
        email: String,
        #[arg(long)]
        role: String,
        #[arg(long)]
        fls: Vec<String>,
        #[arg(long)]
        country: Vec<String>,
        #[arg(long)]
        region: Vec<String>,
        #[arg(long, default_value = "")]
        name: String,
    },
    /// Create an API token for a user; printed once.
    Token {
        email: String,
        #[arg(long, default_value = "command line")]
        name: String,
    },
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logs(cli.log_format);
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("liaison: {e}");
            return ExitCode::from(1);
        }
    };
    match rt.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("{msg}");
            ExitCode::from(1)
        }
    }
}

fn init_logs(format: Option<LogFormat>) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("LIAISON_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    let json = match format {
        Some(LogFormat::Json) => true,
        Some(LogFormat::Text) => false,
        None => !std::io::stderr().is_terminal(),
    };
    let b = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = if json {
        b.json().try_init()
    } else {
        b.try_init()
    };
}

/// A failure as the operator reads it (English; the web UI speaks the user's language).
pub fn explain(e: &ServiceError) -> String {
    let tr = Tr::new(Lang::En);
    match e {
        ServiceError::Invalid(inv) => inv
            .0
            .iter()
            .map(|f| format!("liaison: {}", tr.field_error(f)))
            .collect::<Vec<_>>()
            .join("\n"),
        ServiceError::InvalidRows(rows) => {
            let mut s = format!(
                "liaison: nothing was changed: {} problem(s) in the file",
                rows.len()
            );
            for r in rows {
                s.push_str(&format!(
                    "\n  line {}: {}",
                    r.line,
                    tr.field_error(&r.error)
                ));
            }
            s
        }
        e => format!("liaison: {e}"),
    }
}

/// Open the database with the deployment's secret key (docs/security.md), saying in the log
/// where the key came from.
/// Create (or truncate) a file that will hold patient data or secrets (a backup, an export)
/// readable by its owner only: 0600 whatever the umask, an existing file's mode included.
pub fn create_private(path: &std::path::Path) -> std::io::Result<std::fs::File> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    let f = opts.open(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        f.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(f)
}

pub async fn open(url: &str, key_file: Option<&std::path::Path>) -> Result<App, String> {
    use liaison_app::secret_key::{self, Source};
    let (key, source) = secret_key::load(url, key_file)?;
    match &source {
        Source::Created(p) => tracing::warn!(
            file = %p.display(),
            "created the secret key that encrypts two-step secrets: back it up with the \
             database, without it every user must set up two-step sign-in again"
        ),
        Source::File(p) => tracing::debug!(file = %p.display(), "secret key read"),
        Source::Ephemeral => {
            tracing::debug!("in-memory database: the secret key lasts as long as the process")
        }
        Source::None => tracing::warn!(
            "no --secret-key-file: two-step sign-in cannot be set up until one is configured \
             (docs/security.md)"
        ),
    }
    let config = Config {
        secret_key: key.map(std::sync::Arc::new),
        ..Config::default()
    };
    App::open(url, config).await
}

/// Mail delivery as the command line asks (issue 20): off without `--smtp-url`; a sender
/// address that is not one is refused with field, value and rule.
fn configure_mail(
    app: &mut App,
    smtp_url: Option<&str>,
    mail_from: Option<&str>,
    public_url: &str,
) -> Result<(), String> {
    app.config.composer = Some(std::sync::Arc::new(liaison_web::mail::WebComposer));
    let from = mail_from
        .map(|m| liaison_domain::auth::Email::parse("mail_from", m))
        .transpose()
        .map_err(|e| explain(&e.into()))?;
    if let Some(url) = smtp_url {
        let Some(from) = from else {
            return Err("liaison: --smtp-url needs --mail-from (or LIAISON_MAIL_FROM)".into());
        };
        let mail = liaison_app::notify::Mail::new(
            url,
            from.as_str(),
            public_url,
            std::time::Duration::from_secs(30),
        )
        .map_err(|e| format!("liaison: {e}"))?;
        app.config.mail = Some(std::sync::Arc::new(mail));
    }
    Ok(())
}

async fn run(cli: Cli) -> Result<(), String> {
    match cli.cmd {
        Cmd::Notify { dry_run } => {
            let mut app = open(&cli.database, cli.secret_key_file.as_deref()).await?;
            configure_mail(
                &mut app,
                cli.smtp_url.as_deref(),
                cli.mail_from.as_deref(),
                &cli.public_url,
            )?;
            notify::run(&app, dry_run).await
        }
        Cmd::Serve {
            bind,
            demo,
            secure_cookies,
            idle_minutes,
            max_upload_mb,
            library_file_mb,
            request_timeout_secs,
            sign_in_per_minute,
            api_token_failures_per_minute,
        } => {
            let mut app = open(&cli.database, cli.secret_key_file.as_deref()).await?;
            configure_mail(
                &mut app,
                cli.smtp_url.as_deref(),
                cli.mail_from.as_deref(),
                &cli.public_url,
            )?;
            app.config.secure_cookies = secure_cookies;
            app.config.idle_timeout = time::Duration::minutes(idle_minutes.max(1));
            app.config.max_upload_bytes = max_upload_mb.max(1).saturating_mul(1024 * 1024);
            app.config.library_file_max_bytes = library_file_mb.max(1).saturating_mul(1024 * 1024);
            app.config.request_timeout = time::Duration::seconds(request_timeout_secs.max(1));
            let per_minute = |n: u32| liaison_app::app::RateLimit {
                per_minute: n.max(1),
                burst: n.max(1),
            };
            app.config.sign_in_limit = per_minute(sign_in_per_minute);
            app.config.api_auth_failure_limit = per_minute(api_token_failures_per_minute);
            serve::run(app, &bind, demo).await
        }
        Cmd::Fls {
            cmd:
                FlsCmd::Add {
                    code,
                    name,
                    country,
                    expected_non_spine,
                    expected_spine,
                    hospital,
                    city,
                    time_zone,
                    service_model,
                    patient_groups,
                    catchment_population_50_plus,
                    start_date,
                    contact_name,
                    contact_email,
                },
        } => {
            let app = open(&cli.database, cli.secret_key_file.as_deref()).await?;
            let all = liaison_domain::access::FlsSet::All;
            let mut input = match liaison_store::orgs::fls_by_code(&app.db, &all, code.trim())
                .await
                .map_err(|e| format!("liaison: {e}"))?
            {
                Some(row) => liaison_web::pages::input_of(&row),
                None => liaison_domain::org::FlsInput {
                    code: code.clone(),
                    ..Default::default()
                },
            };
            let set = |slot: &mut String, v: Option<String>| {
                if let Some(v) = v {
                    *slot = v;
                }
            };
            set(&mut input.name, name);
            set(&mut input.country, country);
            set(&mut input.expected_non_spine_per_year, expected_non_spine);
            set(&mut input.expected_spine_per_year, expected_spine);
            set(&mut input.hospital, hospital);
            set(&mut input.city, city);
            set(&mut input.time_zone, time_zone);
            set(&mut input.service_model, service_model);
            set(&mut input.patient_groups, patient_groups);
            set(
                &mut input.catchment_population_50_plus,
                catchment_population_50_plus,
            );
            set(&mut input.start_date, start_date);
            set(&mut input.contact_name, contact_name);
            set(&mut input.contact_email, contact_email);
            let row = orgs::save_fls(&app, &Actor::operator(), &input)
                .await
                .map_err(|e| explain(&e))?;
            println!("FLS {} saved ({}, {}).", row.code, row.name, row.country);
            Ok(())
        }
        Cmd::Fls {
            cmd: FlsCmd::Import { file },
        } => {
            let bytes =
                std::fs::read(&file).map_err(|e| format!("liaison: cannot read {file}: {e}"))?;
            let app = open(&cli.database, cli.secret_key_file.as_deref()).await?;
            let c = orgs::import_fls(&app, &Actor::operator(), &bytes)
                .await
                .map_err(|e| explain(&e))?;
            println!(
                "{} created, {} updated, {} unchanged.",
                c.created, c.updated, c.unchanged
            );
            Ok(())
        }
        Cmd::User {
            cmd:
                UserCmd::Add {
                    email,
                    role,
                    fls,
                    country,
                    region,
                    name,
                },
        } => {
            let app = open(&cli.database, cli.secret_key_file.as_deref()).await?;
            let op = Actor::operator();
            let mut inputs = Vec::new();
            for f in &fls {
                inputs.push(users::GrantInput {
                    role: role.clone(),
                    fls: f.clone(),
                    ..Default::default()
                });
            }
            for c in &country {
                inputs.push(users::GrantInput {
                    role: role.clone(),
                    country: c.clone(),
                    ..Default::default()
                });
            }
            for r in &region {
                inputs.push(users::GrantInput {
                    role: role.clone(),
                    region: r.clone(),
                    ..Default::default()
                });
            }
            if inputs.is_empty() {
                inputs.push(users::GrantInput {
                    role: role.clone(),
                    ..Default::default()
                });
            }
            let mut grants = Vec::new();
            for gi in &inputs {
                grants.push(
                    users::parse_grant(&app, &op, gi)
                        .await
                        .map_err(|e| explain(&e))?,
                );
            }
            let password = if std::io::stdin().is_terminal() {
                None
            } else {
                let mut line = String::new();
                std::io::stdin()
                    .lock()
                    .read_line(&mut line)
                    .map_err(|e| format!("liaison: {e}"))?;
                let pw = line.trim_end_matches(['\n', '\r']).to_string();
                if pw.is_empty() { None } else { Some(pw) }
            };
            let n = users::create_user(&app, &op, &email, &name, password.as_deref(), &grants)
                .await
                .map_err(|e| explain(&e))?;
            println!("User {} created.", n.user.email);
            if let Some(pw) = n.generated_password {
                println!("Password (shown once): {pw}");
            }
            Ok(())
        }
        Cmd::User {
            cmd: UserCmd::Token { email, name },
        } => {
            let app = open(&cli.database, cli.secret_key_file.as_deref()).await?;
            let user = liaison_store::users::user_by_email(&app.db, &email.trim().to_lowercase())
                .await
                .map_err(|e| format!("liaison: {e}"))?
                .ok_or_else(|| format!("liaison: no user {email}"))?;
            let token = users::create_token(&app, &Actor::operator(), user.id, &name)
                .await
                .map_err(|e| explain(&e))?;
            println!("{token}");
            Ok(())
        }
        Cmd::Import(a) => {
            io::import(
                &open(&cli.database, cli.secret_key_file.as_deref()).await?,
                a,
            )
            .await
        }
        Cmd::Export(a) => {
            io::export(
                &open(&cli.database, cli.secret_key_file.as_deref()).await?,
                a,
            )
            .await
        }
        Cmd::Generate(a) => io::generate(a),
        Cmd::Kpi(a) => {
            let app = open(&cli.database, cli.secret_key_file.as_deref()).await?;
            kpi::run(&app, a).await
        }
        Cmd::Report(a) => {
            let app = open(&cli.database, cli.secret_key_file.as_deref()).await?;
            report::run(&app, a).await
        }
        Cmd::KpiDefinitions { file, country } => {
            let text = std::fs::read_to_string(&file)
                .map_err(|e| format!("liaison: cannot read {file}: {e}"))?;
            let app = open(&cli.database, cli.secret_key_file.as_deref()).await?;
            let country = country.map(|c| c.trim().to_ascii_uppercase());
            let defs = liaison_app::kpi::save_definitions(
                &app,
                &Actor::operator(),
                country.as_deref(),
                &text,
            )
            .await
            .map_err(|e| explain(&e))?;
            println!(
                "KPI definitions version {} saved for {}.",
                defs.version,
                country
                    .as_deref()
                    .unwrap_or("every country without its own")
            );
            Ok(())
        }
        Cmd::Backup { file } => {
            let app = open(&cli.database, cli.secret_key_file.as_deref()).await?;
            let f = create_private(std::path::Path::new(&file))
                .map_err(|e| format!("liaison: cannot write {file}: {e}"))?;
            let mut w = std::io::BufWriter::new(f);
            let counts = liaison_store::backup::dump(&app.db, &mut w)
                .await
                .map_err(|e| format!("liaison: backup failed: {e}"))?;
            for (t, n) in counts.0 {
                eprintln!("{t}: {n}");
            }
            Ok(())
        }
        Cmd::Restore { file } => {
            let app = open(&cli.database, cli.secret_key_file.as_deref()).await?;
            let mut f = std::fs::File::open(&file)
                .map_err(|e| format!("liaison: cannot read {file}: {e}"))?;
            let mut buf = Vec::new();
            f.read_to_end(&mut buf)
                .map_err(|e| format!("liaison: cannot read {file}: {e}"))?;
            let mut r = std::io::Cursor::new(buf);
            let counts = liaison_store::backup::restore(&app.db, &mut r)
                .await
                .map_err(|e| format!("liaison: restore failed, nothing was changed: {e}"))?;
            for (t, n) in counts.0 {
                eprintln!("{t}: {n}");
            }
            Ok(())
        }
        Cmd::Audit {
            cmd: AuditCmd::Verify,
        } => {
            use liaison_app::audit::Verified;
            let app = open(&cli.database, cli.secret_key_file.as_deref()).await?;
            match liaison_app::audit::verify(&app)
                .await
                .map_err(|e| explain(&e))?
            {
                Verified::Intact { rows, head } => {
                    println!("The audit trail checks: {rows} rows, head {head}.");
                    Ok(())
                }
                Verified::Broken {
                    id: Some(id),
                    reason,
                } => Err(format!(
                    "liaison: the audit trail is broken at row {id}: {reason}"
                )),
                Verified::Broken { id: None, reason } => {
                    Err(format!("liaison: the audit trail is broken: {reason}"))
                }
            }
        }
    }
}
