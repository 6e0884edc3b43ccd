//! HTTPS without a reverse proxy: with `tls_cert` and `tls_key` configured, the server
//! terminates TLS itself with rustls (through `axum-server`). Without them it speaks plain
//! HTTP, for a proxy in front (see the README).

use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::extract::connect_info::IntoMakeServiceWithConnectInfo;
use axum_server::tls_rustls::RustlsConfig;
use sotto_app::Config;
use tokio::net::TcpListener;

/// How long open connections may finish their requests after shutdown begins.
const GRACE: Duration = Duration::from_secs(10);

/// The rustls configuration when both files are configured; an error when only one is, or
/// when they do not load.
pub async fn configured(config: &Config) -> std::io::Result<Option<RustlsConfig>> {
    match (&config.tls_cert, &config.tls_key) {
        (None, None) => Ok(None),
        (Some(cert), Some(key)) => RustlsConfig::from_pem_file(cert, key)
            .await
            .map(Some)
            .map_err(|e| {
                std::io::Error::new(
                    e.kind(),
                    format!(
                        "cannot load the TLS certificate {} and key {}: {e}",
                        cert.display(),
                        key.display()
                    ),
                )
            }),
        _ => Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "tls_cert and tls_key go together: set both or neither",
        )),
    }
}

/// Serves HTTPS on `listener` until `shutdown` completes.
pub async fn serve(
    listener: TcpListener,
    tls: RustlsConfig,
    app: IntoMakeServiceWithConnectInfo<Router, SocketAddr>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let handle = axum_server::Handle::new();
    let stopper = handle.clone();
    tokio::spawn(async move {
        shutdown.await;
        stopper.graceful_shutdown(Some(GRACE));
    });
    axum_server::from_tcp_rustls(listener.into_std()?, tls)?
        .handle(handle)
        .serve(app)
        .await
}
