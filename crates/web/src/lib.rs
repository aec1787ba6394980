//! The web application: public pages (dashboard, project list and search, the project's
//! target table with its review findings, Word/Excel downloads), the JSON API under `/api/v1`,
//! and its OpenAPI document. The only crate that knows HTTP.

pub mod auth;
mod charts;
mod chrome;
pub mod edit;
mod error;
mod figures;
mod guard;
mod last_year;
pub mod library;
pub mod moves;
pub mod parsing;
mod published;
mod routes;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use jixiao_store::Store;

pub use error::{ApiError, PageError};
pub use figures::recount as recount_figures;
pub use routes::{UPLOAD_LIMIT, UPLOADS_AT_ONCE};

pub struct AppState {
    pub store: Store,
    pub throttle: auth::Throttle,
    /// Each document's figures for the dashboard and `/api/v1/stats`, as last made.
    pub figures: tokio::sync::Mutex<figures::Kept>,
    /// Slots for uploads being read and parsed (see `routes::upload`).
    pub uploads: Arc<tokio::sync::Semaphore>,
    /// Where uploads are parsed, and how long each may take.
    pub parser: parsing::Parser,
    pub parse_budget: Duration,
    /// What submitting a project with review findings takes.
    pub submit_rule: SubmitRule,
    /// One review level (the bureau's) or two (the 主管部门's first).
    pub review_levels: moves::ReviewLevels,
    /// How self-evaluations are scored and monitoring rounds lit.
    pub scoring: Scoring,
    /// The indicator library as last read from the store, and whether a rebuild is running.
    pub library: tokio::sync::RwLock<Arc<library::Catalogue>>,
    pub library_building: std::sync::atomic::AtomicBool,
}

/// A deployment's scoring (`jixiao serve --weights 10,50,30,10 --yellow-below 5 --red-below 20`):
/// the self-evaluation's points per 一级指标 and the monitoring lights' thresholds.
#[derive(Debug, Clone, Copy, Default)]
pub struct Scoring {
    pub weights: jixiao_evaluate::Level1Weights,
    pub thresholds: jixiao_evaluate::Thresholds,
}

/// What submitting a project with review findings takes: a deployment's choice
/// (`jixiao serve --confirm-errors`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SubmitRule {
    /// 【错误】 block submission; 【警告】 ask for confirmation.
    #[default]
    ErrorsBlock,
    /// 【错误】, like 【警告】, ask for confirmation.
    ErrorsConfirm,
}

impl AppState {
    pub fn new(store: Store) -> AppState {
        AppState {
            store,
            throttle: auth::Throttle::default(),
            figures: tokio::sync::Mutex::new(figures::Kept::default()),
            uploads: Arc::new(tokio::sync::Semaphore::new(routes::UPLOADS_AT_ONCE)),
            parser: parsing::Parser::InProcess,
            parse_budget: parsing::PARSE_BUDGET,
            submit_rule: SubmitRule::default(),
            review_levels: moves::ReviewLevels::default(),
            scoring: Scoring::default(),
            library: tokio::sync::RwLock::default(),
            library_building: std::sync::atomic::AtomicBool::new(false),
        }
    }

    /// The same, scoring by `scoring`.
    pub fn scoring(mut self, scoring: Scoring) -> AppState {
        self.scoring = scoring;
        self
    }

    /// The same, reviewing in `levels`.
    pub fn reviewing(mut self, levels: moves::ReviewLevels) -> AppState {
        self.review_levels = levels;
        self
    }

    /// The same, submitting by `rule`.
    pub fn submitting(mut self, rule: SubmitRule) -> AppState {
        self.submit_rule = rule;
        self
    }

    /// The same, parsing uploads with `parser` within `budget`.
    pub fn parsing_with(self, parser: parsing::Parser, budget: Duration) -> AppState {
        AppState {
            parser,
            parse_budget: budget,
            ..self
        }
    }
}

pub fn router(state: Arc<AppState>) -> Router {
    routes::router()
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            chrome::chrome,
        ))
        .layer(axum::middleware::from_fn(guard::guard))
        .with_state(state)
}

/// How long a connection may take to send a request's headers, and stay idle between requests.
const HEADER_TIMEOUT: Duration = Duration::from_secs(30);

/// Serves until the process is stopped. Each connection is served by hyper with a header (and
/// keep-alive idle) timeout; whole requests, bodies included, are bounded by the guard.
pub async fn serve(
    store: Store,
    address: SocketAddr,
    parser: parsing::Parser,
    submit_rule: SubmitRule,
    review_levels: moves::ReviewLevels,
    scoring: Scoring,
) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(address).await?;
    eprintln!("jixiao 已启动：http://{}", listener.local_addr()?);
    let state = Arc::new(
        AppState::new(store)
            .parsing_with(parser, parsing::PARSE_BUDGET)
            .submitting(submit_rule)
            .reviewing(review_levels)
            .scoring(scoring),
    );
    // Figures not kept yet (documents imported from the command line) are made now, in the
    // background, so the dashboard's first visitor does not wait for them.
    let warming = state.clone();
    tokio::spawn(async move {
        if let Err(error) = figures::current(&warming).await {
            eprintln!("统计数据计算失败：{error:?}");
        }
    });
    let app = router(state);
    loop {
        let (stream, peer) = match listener.accept().await {
            Ok(connection) => connection,
            Err(error) => {
                // Out of file descriptors and the like: wait a moment instead of spinning.
                eprintln!("无法接受连接：{error}");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let app = app.clone();
        tokio::spawn(async move {
            let service =
                hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
                    request.extensions_mut().insert(ConnectInfo(peer));
                    tower::ServiceExt::oneshot(app.clone(), request)
                });
            let served = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .serve_connection(TokioIo::new(stream), service)
                .await;
            // A client that went away or timed out: nothing to tell anyone.
            drop(served);
        });
    }
}
