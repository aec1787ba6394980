//! The figures over the whole store that the dashboard and `/api/v1/stats` show: published
//! projects only, computed together and kept for a while (see [`crate::cached`]).

use std::sync::Arc;

use jixiao_store::{Stats, Totals};

use crate::published::{self, RuleCount};
use crate::routes::workflow::{DRAFT, PRELIMINARY, RETURNED, SUBMITTED};
use crate::{AppState, PageError};

pub struct Figures {
    pub totals: Totals,
    /// Budgets by unit and year (largest first), and target kinds, over published projects.
    pub stats: Stats,
    /// Projects by workflow state, published ones first, as (label, count).
    pub states: Vec<(&'static str, i64)>,
    pub findings: Vec<RuleCount>,
    /// Unix seconds.
    pub computed_at: i64,
}

impl Figures {
    pub fn published_projects(&self) -> i64 {
        self.states.first().map_or(0, |(_, n)| *n)
    }

    pub fn indicators(&self) -> i64 {
        self.stats.target_kinds.iter().map(|(_, n)| n).sum()
    }
}

pub async fn compute(state: Arc<AppState>) -> Result<Figures, PageError> {
    let store = &state.store;
    let totals = store.totals().await?;
    let mut stats = store.stats().await?;
    stats
        .units
        .sort_by_key(|u| std::cmp::Reverse(u.budget_yuan));
    let unpublished = store.unpublished().await?;
    let count = |wanted: &str| unpublished.iter().filter(|(_, _, s)| s == wanted).count() as i64;
    let states = vec![
        ("已通过（公开）", totals.projects - unpublished.len() as i64),
        ("已提交", count(SUBMITTED)),
        ("初审通过", count(PRELIMINARY)),
        ("已退回", count(RETURNED)),
        ("草稿", count(DRAFT)),
    ];
    let findings = published::findings_by_rule(store).await?;
    Ok(Figures {
        totals,
        stats,
        states,
        findings,
        computed_at: crate::auth::now(),
    })
}

/// The kept figures: computed on first use, then refreshed in the background once stale.
pub async fn current(state: &Arc<AppState>) -> Result<Arc<Figures>, PageError> {
    let for_refresh = state.clone();
    state.figures.get_or(move || compute(for_refresh)).await
}
