//! What the public sees: stored documents without their unpublished projects (drafts,
//! submitted and returned), and the review findings over what remains.

use std::collections::HashMap;

use jixiao_model::Document;
use jixiao_review::Severity;
use jixiao_store::{Store, StoreError};

/// Projects out of public view, as `(doc_key, project name, state)`: [`Store::unpublished`].
pub type Hidden = [(String, String, String)];

/// A stored document with its unpublished projects left out, and how many were left out;
/// `None` when it is gone.
pub async fn document(
    store: &Store,
    id: i64,
    hidden: &Hidden,
) -> Result<Option<(Document, usize)>, StoreError> {
    let Some(stored) = store.document(id).await? else {
        return Ok(None);
    };
    let mut document = stored.document;
    let all = document.projects.len();
    if !hidden.is_empty() {
        let key = store.doc_key(id).await?.unwrap_or_default();
        document.projects.retain(|p| {
            !hidden
                .iter()
                .any(|(k, name, _)| *k == key && *name == p.name)
        });
    }
    let withheld = all - document.projects.len();
    Ok(Some((document, withheld)))
}

/// How often one rule fires over the published projects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleCount {
    pub rule: &'static str,
    pub severity: Severity,
    pub count: i64,
}

impl RuleCount {
    /// The rule's Chinese title, as `jixiao rules` prints it.
    pub fn title(&self) -> &'static str {
        jixiao_review::rule(self.rule).map_or(self.rule, |r| r.title())
    }
}

/// Reviews every published document as the public sees it (no unpublished project in it), so the
/// counts follow each edit and approval; most frequent rule first.
pub async fn findings_by_rule(store: &Store) -> Result<Vec<RuleCount>, StoreError> {
    let hidden = store.unpublished().await?;
    let mut counts: HashMap<(&'static str, Severity), i64> = HashMap::new();
    for id in store.document_ids().await? {
        let Some((document, withheld)) = document(store, id, &hidden).await? else {
            continue;
        };
        if withheld > 0 && document.projects.is_empty() {
            continue;
        }
        for finding in jixiao_review::review(&document).findings {
            *counts.entry((finding.rule, finding.severity)).or_default() += 1;
        }
    }
    let mut counts: Vec<RuleCount> = counts
        .into_iter()
        .map(|((rule, severity), count)| RuleCount {
            rule,
            severity,
            count,
        })
        .collect();
    counts.sort_by(|a, b| b.count.cmp(&a.count).then(a.rule.cmp(b.rule)));
    Ok(counts)
}
