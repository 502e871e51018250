//! `liaison bench-registry`: the registry's latency at a realistic size (issue 3's goal: worklist
//! and episode pages under 50 ms at the 95th percentile for an FLS with 50,000 episodes on
//! SQLite). Requests go through the whole router in-process (sessions, rights, audit, templates).

use axum::body::Body;
use axum::http::{Request, header};
use liaison_app::app::Config;
use liaison_app::{Actor, episodes, orgs, users};
use liaison_domain::org::FlsInput;
use liaison_fixtures::generate::{GenFls, GenOptions, generate_episodes};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tower::ServiceExt;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

pub async fn run(dir: &str, episodes_n: usize, requests: usize) -> Result<(), String> {
    let err = |e: &dyn std::fmt::Display| format!("liaison: {e}");
    std::fs::create_dir_all(dir).map_err(|e| err(&e))?;
    let path = format!("{dir}/bench-registry.db");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{path}{suffix}"));
    }
    let url = format!("sqlite://{path}");
    let app = Arc::new(liaison_app::App::open(&url, Config::default()).await?);
    let op = Actor::operator();
    let input = FlsInput {
        code: "BENCH-1".into(),
        name: "Benchmark FLS".into(),
        country: "GB".into(),
        expected_non_spine_per_year: "20000".into(),
        expected_spine_per_year: "2000".into(),
        ..Default::default()
    };
    let fls = orgs::save_fls(&app, &op, &input)
        .await
        .map_err(|e| err(&e))?;
    let gi = users::GrantInput {
        role: "fls_clinician".into(),
        fls: "BENCH-1".into(),
        ..Default::default()
    };
    let g = users::parse_grant(&app, &op, &gi)
        .await
        .map_err(|e| err(&e))?;
    let pw = "benchmark passphrase 2026";
    users::create_user(&app, &op, "bench@liaison.test", "", Some(pw), &[g])
        .await
        .map_err(|e| err(&e))?;

    let t = Instant::now();
    let today = episodes::today_in(app.now(), &fls.time_zone);
    let opts = GenOptions {
        seed: 42,
        fls: 1,
        episodes: episodes_n,
        end: today,
        years: 5,
    };
    let gen_fls = vec![GenFls {
        code: fls.code.clone(),
        name: fls.name.clone(),
        country: "GB".into(),
        city: String::new(),
        expected_non_spine_per_year: Some(20000),
        expected_spine_per_year: Some(2000),
    }];
    let mut batch = Vec::with_capacity(5000);
    let mut all = Vec::with_capacity(episodes_n);
    generate_episodes(&opts, &gen_fls, |e| all.push(e));
    for chunk in all.chunks(5000) {
        batch.clear();
        batch.extend_from_slice(chunk);
        episodes::seed(&app, &op, &fls, &batch)
            .await
            .map_err(|e| err(&e))?;
    }
    eprintln!(
        "loaded {episodes_n} episodes in {:.1} s",
        t.elapsed().as_secs_f64()
    );

    let router = liaison_web::router(app.clone());
    let send = |req: Request<Body>| {
        let r = router.clone();
        async move { r.oneshot(req).await.map_err(|e| format!("liaison: {e}")) }
    };
    // Sign in as the FLS's clinician.
    let res = send(
        Request::get("/sign-in")
            .body(Body::empty())
            .map_err(|e| err(&e))?,
    )
    .await?;
    let anon = res
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.split(';').next().map(str::to_string))
        .unwrap_or_default();
    let token = liaison_web::ctx::csrf_for(anon.split_once('=').map(|(_, v)| v).unwrap_or(""));
    let body = format!(
        "_csrf={token}&email=bench%40liaison.test&password={}",
        urlencoding::encode(pw)
    );
    let req = Request::post("/sign-in")
        .header(header::COOKIE, &anon)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .map_err(|e| err(&e))?;
    let res = send(req).await?;
    let session = res
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("liaison_session="))
        .and_then(|c| c.split(';').next())
        .ok_or("liaison: sign-in failed")?
        .to_string();

    let (rows, _) = liaison_store::episodes::list(
        &app.db,
        &liaison_domain::access::FlsSet::All,
        &Default::default(),
        episodes_n as i64,
        0,
    )
    .await
    .map_err(|e| err(&e))?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut pages: Vec<(String, Vec<String>)> = Vec::new();
    for w in liaison_store::episodes::Worklist::ALL {
        pages.push((
            format!("worklist {}", w.code()),
            vec![format!("/fls/BENCH-1/worklists/{}", w.code())],
        ));
    }
    pages.push((
        "worklist overdue, sorted".into(),
        vec!["/fls/BENCH-1/worklists/followup-16?state=overdue&sort=patient_ref&dir=desc".into()],
    ));
    pages.push((
        "patient list, page 1".into(),
        vec!["/fls/BENCH-1/episodes".into()],
    ));
    pages.push((
        "search by name fragment".into(),
        vec!["/fls/BENCH-1/episodes?q=son".into()],
    ));
    let step = (ids.len() / requests.max(1)).max(1);
    pages.push((
        "episode page".into(),
        ids.iter()
            .step_by(step)
            .take(requests)
            .map(|id| format!("/fls/BENCH-1/episodes/{id}"))
            .collect(),
    ));

    println!(
        "Registry latency, SQLite, one FLS with {episodes_n} episodes, {requests} requests per page type (in-process, debug={})",
        cfg!(debug_assertions)
    );
    println!(
        "{:<34} {:>10} {:>10} {:>10} {:>8}",
        "page", "median", "p95", "max", "rows"
    );
    for (name, urls) in pages {
        let mut times = Vec::with_capacity(requests);
        let mut size = 0usize;
        for i in 0..requests {
            let url = &urls[i % urls.len()];
            let req = Request::get(url.as_str())
                .header(header::COOKIE, &session)
                .body(Body::empty())
                .map_err(|e| err(&e))?;
            let t = Instant::now();
            let res = send(req).await?;
            let status = res.status();
            let bytes = axum::body::to_bytes(res.into_body(), usize::MAX)
                .await
                .map_err(|e| err(&e))?;
            times.push(t.elapsed());
            if !status.is_success() {
                return Err(format!("liaison: {url} answered {status}"));
            }
            size = String::from_utf8_lossy(&bytes)
                .matches("<tr")
                .count()
                .saturating_sub(1);
        }
        times.sort();
        println!(
            "{:<34} {:>10} {:>10} {:>10} {:>8}",
            name,
            ms(percentile(&times, 0.5)),
            ms(percentile(&times, 0.95)),
            ms(*times.last().unwrap_or(&Duration::ZERO)),
            size
        );
    }
    Ok(())
}
