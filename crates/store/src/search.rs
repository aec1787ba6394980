//! The word index of project searches: every pair of neighbouring Chinese characters (a bigram)
//! in a project's name, 资金用途, goals and indicators, kept beside the project in the same
//! transaction as its rows (SQLite: an FTS5 table; PostgreSQL: a text array under a GIN index).
//! A search for `环境保护` first takes the projects holding 环境, 境保 and 保护, then checks the
//! words themselves on those few (the index only narrows; what matches is decided as before).

use std::collections::BTreeSet;

use jixiao_model::Project;
use sqlx::{AnyConnection, Row};

use crate::{Backend, Store, StoreError};

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

/// The bigrams of the runs of Chinese characters in `text`.
fn bigrams(text: &str, into: &mut BTreeSet<String>) {
    let chars: Vec<char> = text.chars().collect();
    for pair in chars.windows(2) {
        if is_han(pair[0]) && is_han(pair[1]) {
            into.insert(pair.iter().collect());
        }
    }
}

/// The project's index terms, space-separated: the bigrams of every field a search reads.
pub fn terms(project: &Project) -> String {
    let mut all = BTreeSet::new();
    bigrams(&project.name, &mut all);
    if let Some(purpose) = &project.purpose {
        bigrams(purpose, &mut all);
    }
    for goal in &project.goals {
        bigrams(&goal.text, &mut all);
    }
    for indicator in &project.indicators {
        bigrams(&indicator.name, &mut all);
        bigrams(&indicator.target.raw, &mut all);
    }
    all.into_iter().collect::<Vec<_>>().join(" ")
}

/// What the index is asked for a search, in the backend's form; empty when the index cannot
/// narrow it (no two Chinese characters side by side: `P001`, `环`), so every project is checked.
pub fn query(backend: Backend, search: &str) -> String {
    let mut wanted = BTreeSet::new();
    bigrams(search, &mut wanted);
    match backend {
        Backend::Sqlite => wanted
            .iter()
            .map(|b| format!("\"{b}\""))
            .collect::<Vec<_>>()
            .join(" "),
        Backend::Postgres => wanted.into_iter().collect::<Vec<_>>().join(" "),
    }
}

/// Whose index rows are taken out before they are written again.
pub enum Of {
    /// Every project of the document.
    Document(i64),
    Project(i64),
}

pub async fn forget(tx: &mut AnyConnection, of: Of) -> Result<(), StoreError> {
    let column = if crate::rows::postgres(tx) {
        "project_id"
    } else {
        "rowid"
    };
    let (which, id) = match of {
        Of::Document(id) => ("IN (SELECT id FROM projects WHERE document_id = $1)", id),
        Of::Project(id) => ("= $1", id),
    };
    let sql = format!("DELETE FROM project_terms WHERE {column} {which}");
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// Writes the index rows (project id, terms).
pub async fn write_rows(tx: &mut AnyConnection, rows: &[(i64, String)]) -> Result<(), StoreError> {
    if rows.is_empty() {
        return Ok(());
    }
    if crate::rows::postgres(tx) {
        let json: Vec<serde_json::Value> = rows
            .iter()
            .map(|(id, terms)| serde_json::json!({ "id": id, "terms": terms }))
            .collect();
        sqlx::query(
            "INSERT INTO project_terms (project_id, terms) \
             SELECT (r->>'id')::bigint, string_to_array(r->>'terms', ' ') FROM json_array_elements($1::json) r",
        )
        .bind(serde_json::Value::Array(json).to_string())
        .execute(&mut *tx)
        .await?;
        return Ok(());
    }
    for chunk in rows.chunks(10_000) {
        let sql = format!(
            "INSERT INTO project_terms (rowid, terms) VALUES {}",
            vec!["(?, ?)"; chunk.len()].join(", ")
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (id, terms) in chunk {
            query = query.bind(*id).bind(terms.clone());
        }
        query.execute(&mut *tx).await?;
    }
    Ok(())
}

/// Indexes the documents stored before the index existed (`project_terms_pending`, filled by
/// its migration), each in its own transaction under its lock; nothing once they are done.
pub async fn index_pending(store: &Store) -> Result<(), StoreError> {
    let pending: Vec<(i64, Option<String>)> = sqlx::query(
        "SELECT p.document_id, d.doc_key FROM project_terms_pending p LEFT JOIN documents d ON d.id = p.document_id",
    )
    .fetch_all(&store.pool)
    .await?
    .iter()
    .map(|row| Ok((row.try_get(0)?, row.try_get(1)?)))
    .collect::<Result<_, StoreError>>()?;
    for (id, key) in pending {
        let Some(key) = key else {
            // Removed since: nothing to index.
            sqlx::query("DELETE FROM project_terms_pending WHERE document_id = $1")
                .bind(id)
                .execute(&store.pool)
                .await?;
            continue;
        };
        let earlier = crate::read::document(&store.pool, id).await?;
        let mut write = store.writers.begin(&store.pool, Some(&key)).await?;
        let tx = write.conn();
        let document = match crate::write::snapshot_in(tx, &key).await? {
            Some(document) => Some(document),
            None => earlier.map(|stored| stored.document),
        };
        let ids: Vec<(i64, usize)> =
            sqlx::query("SELECT id, position FROM projects WHERE document_id = $1")
                .bind(id)
                .fetch_all(&mut *tx)
                .await?
                .iter()
                .map(|row| Ok((row.try_get(0)?, crate::codec::to_usize(row.try_get(1)?))))
                .collect::<Result<_, StoreError>>()?;
        let rows: Vec<(i64, String)> = match &document {
            Some(document) => ids
                .iter()
                .filter_map(|(project_id, position)| {
                    Some((*project_id, terms(document.projects.get(*position)?)))
                })
                .collect(),
            None => Vec::new(),
        };
        forget(tx, Of::Document(id)).await?;
        write_rows(tx, &rows).await?;
        sqlx::query("DELETE FROM project_terms_pending WHERE document_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        write.commit().await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_asks_for_its_bigrams() {
        assert_eq!(query(Backend::Postgres, "环境保护"), "保护 境保 环境");
        assert_eq!(query(Backend::Sqlite, "环保"), "\"环保\"");
        assert_eq!(
            query(Backend::Sqlite, "P001环"),
            "",
            "nothing the index can narrow"
        );
        let project = Project {
            name: "环境监测".into(),
            purpose: Some("运维21个站点".into()),
            ..Project::default()
        };
        let terms = terms(&project);
        let terms: Vec<&str> = terms.split(' ').collect();
        for wanted in ["环境", "境监", "监测", "运维", "站点"] {
            assert!(terms.contains(&wanted), "{wanted} in {terms:?}");
        }
        assert!(terms.iter().all(|t| t.chars().count() == 2));
    }
}
