//! Reviewing every stored document, and saving the run with its findings when asked.

use jixiao_review::review;
use jixiao_store::FindingRow;

use super::review::Reviewed;

pub async fn review_all(database: &str, save: bool) -> anyhow::Result<Vec<Reviewed>> {
    let store = super::open_existing(database).await?;
    let mut reviewed = Vec::new();
    for id in store.document_ids().await? {
        let Some(stored) = store.document(id).await? else {
            continue;
        };
        let report = review(&stored.document);
        reviewed.push((
            id,
            Reviewed {
                source: stored.source_name,
                document: stored.document,
                report,
            },
        ));
    }
    if !save {
        store.close().await;
        return Ok(reviewed.into_iter().map(|(_, r)| r).collect());
    }
    let rows: Vec<(i64, Vec<FindingRow>)> = reviewed
        .iter()
        .map(|(id, r)| {
            let findings = r
                .report
                .findings
                .iter()
                .map(|f| FindingRow {
                    rule: f.rule.to_string(),
                    severity: format!("{:?}", f.severity).to_lowercase(),
                    message: f.message.clone(),
                    project_position: f.location.project,
                    indicator_position: f.location.indicator,
                    line: f.location.line,
                    suggestion: f.suggestion.as_deref().map(str::to_string),
                })
                .collect();
            (*id, findings)
        })
        .collect();
    let run = store.save_review(&rows).await?;
    eprintln!("审核结果已保存（第 {run} 次审核，{} 个文档）", rows.len());
    store.close().await;
    Ok(reviewed.into_iter().map(|(_, r)| r).collect())
}
