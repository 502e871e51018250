//! Serving: a server built from the application and a bound listener, run until a shutdown
//! future completes (as zero2prod and the axum examples do), so tests start the very path
//! `liaison serve` takes on a port of their own.

use liaison_app::App;
use liaison_app::housekeeping::{self, Housekeeping};
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;

pub struct Server {
    app: Arc<App>,
    listener: TcpListener,
    _housekeeping: Housekeeping,
}

impl Server {
    /// Get ready to serve on `listener`: imports a previous run left unfinished are marked
    /// failed (their transaction never committed), and the housekeeping starts (KPI rows read
    /// into memory in the background, then periodic purges).
    pub async fn build(app: Arc<App>, listener: TcpListener) -> Result<Server, String> {
        let failed = liaison_app::import::recover(&app)
            .await
            .map_err(|e| format!("liaison: cannot recover unfinished imports: {e}"))?;
        if failed > 0 {
            tracing::warn!(
                imports = failed,
                "imports left unfinished were marked failed"
            );
        }
        let housekeeping = housekeeping::start(app.clone());
        Ok(Server {
            app,
            listener,
            _housekeeping: housekeeping,
        })
    }

    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Serve until `shutdown` completes, let requests in flight finish, stop the housekeeping
    /// and close the database.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let router = crate::router(self.app.clone());
        axum::serve(
            self.listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown)
        .await?;
        tracing::info!("stopped serving");
        drop(self._housekeeping);
        self.app.close().await;
        Ok(())
    }
}

/// Completes on Ctrl-C or SIGTERM (what a service manager or a container runtime sends).
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => tracing::info!("Ctrl-C: shutting down"),
        () = terminate => tracing::info!("SIGTERM: shutting down"),
    }
}
