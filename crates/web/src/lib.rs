//! The web application: public pages (dashboard, project list and search, the project's
//! target table with its review findings, Word/Excel downloads), the JSON API under `/api/v1`,
//! and its OpenAPI document. The only crate that knows HTTP.

pub mod auth;
mod cached;
mod charts;
pub mod edit;
mod error;
mod figures;
mod published;
mod routes;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use jixiao_store::Store;

pub use error::{ApiError, PageError};

/// How long the figures over the whole store are kept.
const STATS_FRESH: std::time::Duration = std::time::Duration::from_secs(60);

pub struct AppState {
    pub store: Store,
    pub throttle: auth::Throttle,
    /// The figures of the dashboard and `/api/v1/stats` scan the whole store: kept for a minute.
    pub figures: cached::Cached<figures::Figures>,
}

impl AppState {
    pub fn new(store: Store) -> AppState {
        AppState {
            store,
            throttle: auth::Throttle::default(),
            figures: cached::Cached::new(STATS_FRESH),
        }
    }
}

pub fn router(state: Arc<AppState>) -> Router {
    routes::router().with_state(state)
}

/// Serves until the process is stopped.
pub async fn serve(store: Store, address: SocketAddr) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(address).await?;
    eprintln!("jixiao 已启动：http://{}", listener.local_addr()?);
    let state = Arc::new(AppState::new(store));
    // The dashboard's figures are made now, so its first visitor does not wait for them.
    let warming = state.clone();
    tokio::spawn(async move {
        if let Err(error) = figures::current(&warming).await {
            eprintln!("统计数据计算失败：{error:?}");
        }
    });
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app).await
}
