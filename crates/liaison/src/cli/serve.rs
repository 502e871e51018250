//! `liaison serve`.

use liaison_app::app::App;
use std::net::SocketAddr;
use std::sync::Arc;

pub async fn run(app: App, bind: &str, demo: bool) -> Result<(), String> {
    if demo {
        let empty = liaison_store::backup::is_empty(&app.db)
            .await
            .map_err(|e| format!("liaison: {e}"))?;
        if empty {
            liaison_fixtures::demo::seed(&app)
                .await
                .map_err(|e| crate::cli::explain(&e))?;
        }
    }
    // Imports a previous run left unfinished never committed: say they failed.
    liaison_app::import::recover(&app)
        .await
        .map_err(|e| crate::cli::explain(&e))?;
    let app = Arc::new(app);
    let listener = tokio::net::TcpListener::bind(bind)
        .await
        .map_err(|e| format!("liaison: cannot listen on {bind}: {e}"))?;
    let addr = listener.local_addr().map_err(|e| format!("liaison: {e}"))?;
    println!(
        "Liaison is serving on http://{addr} ({} database).",
        app.db.engine()
    );
    if demo {
        println!(
            "\nDemo sign-ins (password for all: {}):",
            liaison_fixtures::demo::PASSWORD
        );
        for (email, _, role, fls, country, region) in liaison_fixtures::demo::USERS {
            let scope = [*fls, *country, *region]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            println!("  {role:<20} {email:<36} {scope}");
        }
        println!();
    }
    let warm = app.clone();
    tokio::spawn(async move {
        let started = std::time::Instant::now();
        match liaison_app::kpi::warm_up(&warm).await {
            Ok(n) => tracing::info!(
                episodes = n,
                seconds = started.elapsed().as_secs_f64(),
                "KPI rows in memory"
            ),
            Err(e) => tracing::warn!(error = %e, "reading the KPI rows failed"),
        }
    });
    let purge = app.clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(600));
        loop {
            every.tick().await;
            let now = purge.now();
            let _ = liaison_store::sessions::purge(
                &purge.db,
                now - purge.config.idle_timeout,
                now - purge.config.absolute_timeout,
            )
            .await;
            if let Err(e) = liaison_app::import::expire_uploads(&purge).await {
                tracing::warn!(error = %e, "expiring old uploads failed");
            }
        }
    });
    let router = liaison_web::router(app.clone());
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
    .map_err(|e| format!("liaison: server stopped: {e}"))?;
    app.db.close().await;
    Ok(())
}
