//! What the public sees: stored documents without their unpublished projects (drafts,
//! submitted and returned) — a published project under revision shows as it was approved — and
//! the review findings over what remains.

use std::collections::{HashMap, HashSet};

use jixiao_model::{Document, Project};
use jixiao_review::Severity;
use jixiao_store::{Store, StoreError};

/// Projects out of public view (drafts, submitted, returned): names by document key, and the
/// approved versions of those under revision.
#[derive(Default)]
pub struct Hidden {
    names: HashMap<String, HashSet<String>>,
    copies: HashMap<(String, String), Project>,
}

impl Hidden {
    pub async fn read(store: &Store) -> Result<Hidden, StoreError> {
        let mut hidden = Hidden {
            copies: store.published_copies().await?,
            ..Hidden::default()
        };
        for (key, name, _) in store.unpublished().await? {
            hidden.names.entry(key).or_default().insert(name);
        }
        Ok(hidden)
    }

    fn contains(&self, key: &str, name: &str) -> bool {
        self.names
            .get(key)
            .is_some_and(|names| names.contains(name))
    }
}

/// The document as the public sees it: each hidden project replaced by its approved version
/// when it has one, else left out; and how many were left out.
pub fn as_published(
    key: &str,
    mut document: Document,
    hidden_names: &[String],
    copies: &HashMap<(String, String), Project>,
) -> (Document, usize) {
    let all = document.projects.len();
    document.projects = std::mem::take(&mut document.projects)
        .into_iter()
        .filter_map(|project| {
            if !hidden_names.contains(&project.name) {
                return Some(project);
            }
            copies.get(&(key.to_string(), project.name)).cloned()
        })
        .collect();
    let withheld = all - document.projects.len();
    (document, withheld)
}

/// Documents read at a time in passes over the whole store.
pub const BATCH: i64 = 64;

/// A document without its unpublished projects, and how many were left out.
pub fn without_hidden(key: &str, document: Document, hidden: &Hidden) -> (Document, usize) {
    let names: Vec<String> = document
        .projects
        .iter()
        .filter(|p| hidden.contains(key, &p.name))
        .map(|p| p.name.clone())
        .collect();
    as_published(key, document, &names, &hidden.copies)
}

/// The next documents after `after` as the public sees them, with the last id read (`None` at
/// the end of the store).
pub async fn next_batch(
    store: &Store,
    after: i64,
    hidden: &Hidden,
) -> Result<(Vec<(Document, usize)>, Option<i64>), StoreError> {
    let batch = store.documents_after(after, BATCH).await?;
    let last = batch.last().map(|(_, stored)| stored.id);
    let documents = batch
        .into_iter()
        .map(|(key, stored)| without_hidden(&key, stored.document, hidden))
        .collect();
    Ok((documents, last))
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
