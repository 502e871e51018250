//! The KPI benchmark (docs/kpi.md; driven by `bench/kpi.sh`).
//!
//! `liaison-bench load --database URL --episodes N`: fill an empty database with the
//! deterministic synthetic registry of `liaison_fixtures::generate` (large transactions; no
//! per-row audit: this is generated bench data, not a registry's).
//!
//! `liaison-bench run --database URL`: time all KPIs of every FLS, country, region and the
//! world for one year from a cold cache; then serve the web UI in this process, drive the FLS
//! dashboard with `wrk` (32 connections) and report its latency and throughput; finally print
//! the process's peak memory.
//!
//! `liaison-bench report --database URL --scope country:CC --year YYYY`: the time to produce
//! a scope's annual report as PDF (docs/report.md).
//!
//! `liaison-bench library --database URL [--versions N]`: library search times at N resource
//! versions (docs/library.md).

mod library;
mod registry;
mod report;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use liaison_app::Actor;
use liaison_app::app::{App, Config, SystemClock};
use liaison_app::kpi::{self, Scope, Viewer};
use liaison_domain::dataset::{ParseOptions, parse};
use liaison_domain::kpi::{KpiDefinitions, KpiPeriod};
use liaison_fixtures::generate::{GenOptions, generate_episodes, generate_fls};
use liaison_store::Db;
use std::sync::Arc;
use std::time::Instant;
use time::macros::date;

/// The last day of generated data and the as-of date of the measurements.
const END: time::Date = date!(2026 - 06 - 30);

fn arg(args: &[String], name: &str, default: &str) -> String {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
        .unwrap_or_else(|| default.to_string())
}

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map(|kb| kb / 1024.0)
        .unwrap_or(f64::NAN)
}

#[tokio::main]
async fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().collect();
    let cmd = args.get(1).cloned().unwrap_or_default();
    if cmd == "registry" {
        let dir = arg(&args, "--dir", "target/bench");
        let episodes = arg(&args, "--episodes", "50000")
            .parse()
            .map_err(|_| "--episodes N")?;
        let requests = arg(&args, "--requests", "200")
            .parse()
            .map_err(|_| "--requests N")?;
        return registry::run(&dir, episodes, requests).await;
    }
    let url = arg(&args, "--database", "sqlite://bench.db");
    let db = Db::connect(&url).await.map_err(|e| e.to_string())?;
    db.migrate().await.map_err(|e| e.to_string())?;
    let app = Arc::new(App::new(db, Arc::new(SystemClock), Config::default()));
    match cmd.as_str() {
        "load" => load(&app, &args).await,
        "run" => run(app, &args).await,
        "report" => report::run(&app, &args).await,
        "library" => library::run(&app, &args).await,
        _ => Err("usage: liaison-bench load|run|report|library --database URL [--episodes N] [--scope S --year Y]\n       liaison-bench registry [--dir DIR] [--episodes N] [--requests N]".into()),
    }
}

async fn load(app: &App, args: &[String]) -> Result<(), String> {
    let n: usize = arg(args, "--episodes", "100000")
        .parse()
        .map_err(|_| "--episodes N")?;
    let o = GenOptions {
        seed: 42,
        fls: (n / 2000).clamp(50, 2000),
        episodes: n,
        end: END,
        years: 3,
    };
    let t0 = Instant::now();
    let fls = generate_fls(&o);
    let op = Actor::operator();
    let mut ids = std::collections::HashMap::new();
    for f in &fls {
        let input = liaison_domain::org::FlsInput {
            code: f.code.clone(),
            name: f.name.clone(),
            country: f.country.clone(),
            city: f.city.clone(),
            expected_non_spine_per_year: f
                .expected_non_spine_per_year
                .map(|x| x.to_string())
                .unwrap_or_default(),
            expected_spine_per_year: f
                .expected_spine_per_year
                .map(|x| x.to_string())
                .unwrap_or_default(),
            ..Default::default()
        };
        let row = liaison_app::orgs::save_fls(app, &op, &input)
            .await
            .map_err(|e| e.to_string())?;
        ids.insert(f.code.clone(), row.id);
    }
    // The generator is synchronous: hand rows to the writer through a bounded channel.
    let (tx, mut rx) = tokio::sync::mpsc::channel(10_000);
    let gen_fls = fls.clone();
    let producer = std::thread::spawn(move || {
        generate_episodes(&o, &gen_fls, |e| {
            let _ = tx.blocking_send(e);
        });
    });
    let opts = ParseOptions::new(END);
    let now = app.now();
    let mut done = 0usize;
    // Many rows per statement, as an import writes them (imports::insert_many).
    let mut pending: std::collections::HashMap<i64, Vec<liaison_domain::dataset::Episode>> =
        std::collections::HashMap::new();
    let mut t = app.db.begin().await.map_err(|e| e.to_string())?;
    while let Some(input) = rx.recv().await {
        let (e, _) = parse(&input, &opts).map_err(|e| format!("{e:?}"))?;
        let fls_id = ids[&input.fls_code];
        let batch = pending.entry(fls_id).or_default();
        batch.push(e);
        if batch.len() >= liaison_store::imports::BATCH {
            liaison_store::imports::insert_many(&mut t, fls_id, batch, None, now)
                .await
                .map_err(|e| e.to_string())?;
            batch.clear();
        }
        done += 1;
        if done.is_multiple_of(1_000_000) {
            t.commit().await.map_err(|e| e.to_string())?;
            t = app.db.begin().await.map_err(|e| e.to_string())?;
            eprintln!("  {done} episodes");
        }
    }
    for (fls_id, batch) in &pending {
        liaison_store::imports::insert_many(&mut t, *fls_id, batch, None, now)
            .await
            .map_err(|e| e.to_string())?;
    }
    t.commit().await.map_err(|e| e.to_string())?;
    producer.join().map_err(|_| "generator failed")?;
    println!(
        "loaded {} FLSs and {done} episodes in {:.1} s",
        fls.len(),
        t0.elapsed().as_secs_f64()
    );
    Ok(())
}

async fn run(app: Arc<App>, args: &[String]) -> Result<(), String> {
    let from = date!(2025 - 01 - 01);
    let to = date!(2025 - 12 - 31);
    let period = KpiPeriod {
        from,
        to,
        as_of: END,
    };
    let defs = KpiDefinitions::v1();
    // 1. All KPIs of every FLS, country, region and the world, cold.
    let t0 = Instant::now();
    let w = kpi::world(&app, &defs, period)
        .await
        .map_err(|e| e.to_string())?;
    let mut reports = 0usize;
    for f in &w.fls {
        std::hint::black_box(w.report(&w.counts_of(f.id)));
        reports += 1;
    }
    for c in w.countries.values().chain(w.regions.values()) {
        std::hint::black_box(w.report(c));
        reports += 1;
    }
    std::hint::black_box(w.report(&w.global));
    reports += 1;
    let cold = t0.elapsed().as_secs_f64();
    let episodes = w.global.episodes;
    println!(
        "all_kpis_cold_seconds={cold:.3} reports={reports} fls={} population={episodes}",
        w.fls.len()
    );
    // 1b. The same for another as-of date: nothing cached for it, the rows are in memory
    // (what every period after the first costs, and a restart's warm-up saves).
    let t0 = Instant::now();
    let other = KpiPeriod {
        as_of: END.previous_day().unwrap_or(END),
        ..period
    };
    let w2 = kpi::world(&app, &defs, other)
        .await
        .map_err(|e| e.to_string())?;
    for f in &w2.fls {
        std::hint::black_box(w2.report(&w2.counts_of(f.id)));
    }
    for c in w2.countries.values().chain(w2.regions.values()) {
        std::hint::black_box(w2.report(c));
    }
    std::hint::black_box(w2.report(&w2.global));
    println!(
        "all_kpis_from_memory_seconds={:.3} (another as-of date, rows already in memory)",
        t0.elapsed().as_secs_f64()
    );
    // 1c. Once more: answered from the counts cache.
    let t0 = Instant::now();
    let w3 = kpi::world(&app, &defs, period)
        .await
        .map_err(|e| e.to_string())?;
    std::hint::black_box(w3.report(&w3.global));
    println!("all_kpis_cached_seconds={:.4}", t0.elapsed().as_secs_f64());
    // The same through the scope JSON the API and CLI give (warm cache).
    let t1 = Instant::now();
    let v = kpi::for_scope(&app, &Viewer::operator(), &Scope::Global, period)
        .await
        .map_err(|e| e.to_string())?
        .ok_or("no world")?;
    println!(
        "global_json_warm_seconds={:.4} kpi3_world={}",
        t1.elapsed().as_secs_f64(),
        v["kpis"][2]["value"]
    );
    if let Ok(path) = std::env::var("BENCH_JSON_OUT") {
        let _ = std::fs::write(path, serde_json::to_string_pretty(&v).unwrap_or_default());
    }
    // 2. The dashboard under 32 concurrent clients.
    let code = w.fls.first().map(|f| f.code.clone()).ok_or("no FLS")?;
    let op = Actor::operator();
    let gi = liaison_app::users::GrantInput {
        role: "fls_lead".into(),
        fls: code.clone(),
        ..Default::default()
    };
    let g = liaison_app::users::parse_grant(&app, &op, &gi)
        .await
        .map_err(|e| format!("{e:?}"))?;
    let tag = liaison_app::auth::random_token();
    let email = format!("bench-{}@example.org", &tag[..12]);
    let user = liaison_app::users::create_user(&app, &op, &email, "", None, &[g])
        .await
        .map_err(|e| format!("{e:?}"))?;
    let token = liaison_app::auth::random_token();
    liaison_store::sessions::create(
        &app.db,
        &liaison_app::auth::hash_token(&token),
        user.user.id,
        liaison_domain::auth::SecondFactor::Done,
        app.now(),
        "bench",
    )
    .await
    .map_err(|e| e.to_string())?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|e| e.to_string())?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let router = liaison_web::router(app.clone());
    tokio::spawn(async move {
        let _ = axum::serve(
            listener,
            router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await;
    });
    let url =
        format!("http://{addr}/fls/{code}/kpis?period=custom&from={from}&to={to}&as_of={END}");
    let secs = arg(args, "--seconds", "20");
    let cookie = format!("Cookie: liaison_session={token}");
    let check = {
        let (cookie, url) = (cookie.clone(), url.clone());
        tokio::task::spawn_blocking(move || {
            std::process::Command::new("curl")
                .args([
                    "-s",
                    "-o",
                    "/dev/null",
                    "-w",
                    "%{http_code} %{time_total}s",
                    "-H",
                    &cookie,
                    &url,
                ])
                .output()
        })
        .await
        .map_err(|e| e.to_string())?
        .map_err(|e| format!("curl: {e}"))?
    };
    println!(
        "first_dashboard_request={}",
        String::from_utf8_lossy(&check.stdout)
    );
    let out = {
        let url = url.clone();
        tokio::task::spawn_blocking(move || {
            std::process::Command::new("wrk")
                .args([
                    "-t2",
                    "-c32",
                    &format!("-d{secs}s"),
                    "--latency",
                    "-H",
                    &cookie,
                    &url,
                ])
                .output()
        })
        .await
        .map_err(|e| e.to_string())?
        .map_err(|e| format!("wrk: {e}"))?
    };
    let text = String::from_utf8_lossy(&out.stdout);
    println!("--- wrk (32 connections) on {url}\n{text}");
    println!("peak_rss_mib={:.0}", peak_rss_mib());
    Ok(())
}
