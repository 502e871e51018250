//! `liaison serve`: open, seed the demo if asked, bind, and serve until Ctrl-C or SIGTERM.

use liaison_app::app::App;
use liaison_web::server::{Server, shutdown_signal};
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
    let app = Arc::new(app);
    let listener = tokio::net::TcpListener::bind(bind)
        .await
        .map_err(|e| format!("liaison: cannot listen on {bind}: {e}"))?;
    let server = Server::build(app.clone(), listener).await?;
    let addr = server.local_addr().map_err(|e| format!("liaison: {e}"))?;
    println!(
        "Liaison is serving on http://{addr} ({} database).",
        app.db.engine()
    );
    if demo {
        print_demo_sign_ins();
    }
    server
        .run_until(shutdown_signal())
        .await
        .map_err(|e| format!("liaison: server stopped: {e}"))
}

fn print_demo_sign_ins() {
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
