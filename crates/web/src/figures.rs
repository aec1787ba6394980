//! The figures over the whole store that the dashboard and `/api/v1/stats` show: published
//! projects only, exact at every request.
//!
//! Each document's figures are made from the document as the public sees it and kept in the
//! store, stamped with the document's `changes` count (which every write of the document counts
//! up as it commits) and the rules' fingerprint. A request reads the counts, makes again only
//! the figures of documents changed since, and adds the kept ones up: the server starts at once
//! at any size, and no figure is ever older than the request.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use jixiao_model::Document;
use jixiao_review::Severity;
use jixiao_store::{KeptFigures, Stats, Store, StoreError, Totals, UnitTotal};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::published::{self, RuleCount};
use crate::routes::workflow::{DRAFT, PRELIMINARY, RETURNED, SUBMITTED};
use crate::{AppState, PageError};

pub struct Figures {
    pub totals: Totals,
    /// Budgets by unit and year (largest first), and target kinds, over published projects.
    pub stats: Stats,
    /// Projects by workflow state, published ones first, as (label, count). A published project
    /// under revision counts as published (the public sees its approved version) and as a draft.
    pub states: Vec<(&'static str, i64)>,
    pub findings: Vec<RuleCount>,
}

impl Figures {
    pub fn published_projects(&self) -> i64 {
        self.states.first().map_or(0, |(_, n)| *n)
    }

    pub fn indicators(&self) -> i64 {
        self.stats.target_kinds.iter().map(|(_, n)| n).sum()
    }
}

/// What one document adds to the figures.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DocumentFigures {
    unit: String,
    year: Option<u16>,
    /// Stored projects and their indicators, in every state.
    projects: i64,
    indicators: i64,
    /// Of the document as the public sees it:
    published: i64,
    priced: i64,
    budget_yuan: Decimal,
    target_kinds: BTreeMap<String, i64>,
    findings: Vec<(String, Severity, i64)>,
    /// Projects out of public view, by workflow state.
    states: BTreeMap<String, i64>,
}

impl DocumentFigures {
    /// The figures of a stored document whose unpublished projects are `states` (name, state)
    /// and whose projects under revision have the approved versions `copies`.
    pub fn of(
        key: &str,
        document: Document,
        states: &[(String, String)],
        copies: HashMap<String, jixiao_model::Project>,
    ) -> DocumentFigures {
        let projects = document.projects.len() as i64;
        let indicators = document
            .projects
            .iter()
            .map(|p| p.indicators.len() as i64)
            .sum();
        let hidden: Vec<String> = states.iter().map(|(name, _)| name.clone()).collect();
        let copies = copies
            .into_iter()
            .map(|(name, project)| ((key.to_string(), name), project))
            .collect();
        let (public, withheld) = published::as_published(key, document, &hidden, &copies);
        let mut figures = DocumentFigures {
            unit: public.unit.name.clone().unwrap_or_default(),
            year: public.fiscal_year.year,
            projects,
            indicators,
            published: public.projects.len() as i64,
            ..DocumentFigures::default()
        };
        for project in &public.projects {
            if let Some(budget) = project.budget.total_yuan {
                figures.priced += 1;
                figures.budget_yuan += budget;
            }
            for indicator in &project.indicators {
                let kind = serde_json::to_value(indicator.target.kind)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default();
                *figures.target_kinds.entry(kind).or_default() += 1;
            }
        }
        for (_, state) in states {
            *figures.states.entry(state.clone()).or_default() += 1;
        }
        // A document all of whose projects are out of view says nothing in public.
        if withheld == 0 || !public.projects.is_empty() {
            let mut counts: BTreeMap<(&'static str, Severity), i64> = BTreeMap::new();
            for finding in jixiao_review::review(&public).findings {
                *counts.entry((finding.rule, finding.severity)).or_default() += 1;
            }
            figures.findings = counts
                .into_iter()
                .map(|((rule, severity), n)| (rule.to_string(), severity, n))
                .collect();
        }
        figures
    }

    /// Makes the figures of stored document `id` as it is now; `None` when it is gone.
    async fn read(store: &Store, id: i64) -> Result<Option<DocumentFigures>, StoreError> {
        let (Some(key), Some(stored)) = (store.doc_key(id).await?, store.document(id).await?)
        else {
            return Ok(None);
        };
        let states = store.unpublished_in(&key).await?;
        let copies = store.published_copies_in(&key).await?;
        Ok(Some(DocumentFigures::of(
            &key,
            stored.document,
            &states,
            copies,
        )))
    }
}

/// The figures of every document, added up.
#[derive(Debug, Default, PartialEq)]
struct Tally {
    documents: i64,
    projects: i64,
    indicators: i64,
    published: i64,
    units: BTreeMap<(String, Option<u16>), (i64, i64, Decimal)>,
    target_kinds: BTreeMap<String, i64>,
    findings: BTreeMap<(String, Severity), i64>,
    states: BTreeMap<String, i64>,
}

impl Tally {
    /// Adds (`sign` 1) or takes away (`sign` -1) one document's figures.
    fn add(&mut self, figures: &DocumentFigures, sign: i64) {
        self.documents += sign;
        self.projects += sign * figures.projects;
        self.indicators += sign * figures.indicators;
        self.published += sign * figures.published;
        if figures.published > 0 {
            let unit = self
                .units
                .entry((figures.unit.clone(), figures.year))
                .or_default();
            unit.0 += sign * figures.published;
            unit.1 += sign * figures.priced;
            unit.2 += Decimal::from(sign) * figures.budget_yuan;
            if unit.0 == 0 {
                self.units.remove(&(figures.unit.clone(), figures.year));
            }
        }
        let counts = [
            (&mut self.target_kinds, &figures.target_kinds),
            (&mut self.states, &figures.states),
        ];
        for (tally, of) in counts {
            for (key, n) in of {
                let slot = tally.entry(key.clone()).or_default();
                *slot += sign * n;
                if *slot == 0 {
                    tally.remove(key);
                }
            }
        }
        for (rule, severity, n) in &figures.findings {
            let key = (rule.clone(), *severity);
            let slot = self.findings.entry(key.clone()).or_default();
            *slot += sign * n;
            if *slot == 0 {
                self.findings.remove(&key);
            }
        }
    }

    fn figures(&self) -> Figures {
        let mut units: Vec<UnitTotal> = self
            .units
            .iter()
            .map(|((unit, year), (projects, priced, budget))| UnitTotal {
                unit: unit.clone(),
                year: *year,
                projects: *projects,
                priced: *priced,
                budget_yuan: *budget,
            })
            .collect();
        units.sort_by_key(|u| std::cmp::Reverse(u.budget_yuan));
        let state = |wanted: &str| self.states.get(wanted).copied().unwrap_or(0);
        let mut findings: Vec<RuleCount> = self
            .findings
            .iter()
            .filter_map(|((rule, severity), count)| {
                Some(RuleCount {
                    rule: jixiao_review::rule(rule)?.code(),
                    severity: *severity,
                    count: *count,
                })
            })
            .collect();
        findings.sort_by(|a, b| b.count.cmp(&a.count).then(a.rule.cmp(b.rule)));
        Figures {
            totals: Totals {
                documents: self.documents,
                projects: self.projects,
                indicators: self.indicators,
            },
            stats: Stats {
                units,
                target_kinds: self
                    .target_kinds
                    .iter()
                    .map(|(k, n)| (k.clone(), *n))
                    .collect(),
            },
            states: vec![
                ("已通过（公开）", self.published),
                ("已提交", state(SUBMITTED)),
                ("初审通过", state(PRELIMINARY)),
                ("已退回", state(RETURNED)),
                ("草稿", state(DRAFT)),
            ],
            findings,
        }
    }
}

/// The figures of each document as last made, at which `changes` count, and their sum.
#[derive(Default)]
pub struct Kept {
    loaded: bool,
    documents: HashMap<i64, (i64, DocumentFigures)>,
    tally: Tally,
}

impl Kept {
    fn put(&mut self, id: i64, changes: i64, figures: DocumentFigures) {
        self.tally.add(&figures, 1);
        if let Some((_, before)) = self.documents.insert(id, (changes, figures)) {
            self.tally.add(&before, -1);
        }
    }

    fn drop_document(&mut self, id: i64) {
        if let Some((_, before)) = self.documents.remove(&id) {
            self.tally.add(&before, -1);
        }
    }
}

/// The figures now: those of documents changed since they were made are made again (and kept
/// in the store for the next start), the others are read from what is kept.
pub async fn current(state: &Arc<AppState>) -> Result<Figures, PageError> {
    let store = &state.store;
    let mut kept = state.figures.lock().await;
    if !kept.loaded {
        for row in store.kept_figures().await? {
            if row.version != jixiao_review::RULES_FINGERPRINT {
                continue;
            }
            if let Ok(figures) = serde_json::from_str(&row.figures) {
                kept.put(row.document_id, row.changes, figures);
            }
        }
        kept.loaded = true;
    }
    // The counts are read before the documents: figures made from a newer document than their
    // stamp says are only made once more.
    let changes = store.document_changes().await?;
    let present: std::collections::HashSet<i64> = changes.iter().map(|(id, _)| *id).collect();
    let gone: Vec<i64> = (kept.documents.keys())
        .filter(|id| !present.contains(id))
        .copied()
        .collect();
    for id in gone {
        kept.drop_document(id);
    }
    for (id, count) in changes {
        if kept
            .documents
            .get(&id)
            .is_some_and(|(made_at, _)| *made_at == count)
        {
            continue;
        }
        let Some(figures) = DocumentFigures::read(store, id).await? else {
            kept.drop_document(id);
            continue;
        };
        let text = serde_json::to_string(&figures)
            .map_err(|e| PageError::Internal(format!("统计数据无法保存：{e}")))?;
        store
            .keep_figures(&KeptFigures {
                document_id: id,
                changes: count,
                version: jixiao_review::RULES_FINGERPRINT.to_string(),
                figures: text,
            })
            .await?;
        kept.put(id, count, figures);
    }
    Ok(kept.tally.figures())
}

/// Whether the figures [`current`] gives equal those counted again from every stored document
/// with nothing kept; the difference when they do not.
pub async fn recount(state: &Arc<AppState>) -> Result<Result<(), String>, PageError> {
    current(state).await?;
    let mut tally = Tally::default();
    for (id, _) in state.store.document_changes().await? {
        if let Some(figures) = DocumentFigures::read(&state.store, id).await? {
            tally.add(&figures, 1);
        }
    }
    let kept = state.figures.lock().await;
    Ok(if kept.tally == tally {
        Ok(())
    } else {
        Err(format!("kept {:?}\nrecounted {tally:?}", kept.tally))
    })
}
