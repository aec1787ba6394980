//! Last year beside each row: the same project a year earlier as the public saw it (found by
//! `jixiao_library::last_year`), its targets and, where its self-evaluation was confirmed, what
//! each row reached.

use std::collections::HashMap;

use jixiao_evaluate::SelfEvalReport;
use jixiao_library::last_year::{self, Evaluated, same_project, same_rows};
use jixiao_model::{Document, Project};
use jixiao_store::{EvaluationKind, RoundState, Store, StoreError};

use crate::published;

pub struct LastYear {
    pub year: u16,
    /// The stored project, for a link.
    pub project_id: Option<i64>,
    pub name: String,
    /// Why it is taken for this project, in words.
    pub evidence: String,
    /// Beside each row of this year's project.
    pub rows: Vec<Option<Beside>>,
    /// Whether a confirmed self-evaluation gave last year's actuals.
    pub evaluated: bool,
    /// Where this year falls behind last year: (row of this year's project, message).
    pub notices: Vec<(Option<usize>, String)>,
}

pub struct Beside {
    pub target: String,
    /// 上年完成值, from the confirmed self-evaluation.
    pub actual: Option<String>,
}

/// Last year's version of `project` of `document`, if the store holds the unit's previous year.
pub async fn of(
    store: &Store,
    document: &Document,
    project: &Project,
) -> Result<Option<LastYear>, StoreError> {
    let (Some(year), Some(unit)) = (
        document.fiscal_year.year,
        document
            .unit
            .name
            .as_deref()
            .or(document.unit.code.as_deref()),
    ) else {
        return Ok(None);
    };
    let earlier_year = year - 1;
    let Some(id) = store
        .unit_document(unit, document.unit.code.as_deref(), earlier_year)
        .await?
    else {
        return Ok(None);
    };
    let (Some(key), Some(stored)) = (store.doc_key(id).await?, store.document(id).await?) else {
        return Ok(None);
    };
    let hidden: Vec<String> = store
        .unpublished_in(&key)
        .await?
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    let copies = store
        .published_copies_in(&key)
        .await?
        .into_iter()
        .map(|(name, project)| ((key.clone(), name), project))
        .collect();
    let (earlier, _) = published::as_published(&key, stored.document, &hidden, &copies);
    let Some((at, evidence)) = same_project(project, &earlier) else {
        return Ok(None);
    };
    let before = &earlier.projects[at];
    let confirmed = store
        .evaluations(EvaluationKind::SelfEvaluation, &key, Some(&before.name))
        .await?
        .into_iter()
        .rev()
        .find(|r| r.state == RoundState::Confirmed);
    let report: Option<SelfEvalReport> =
        confirmed.and_then(|r| serde_json::from_str(&r.report).ok());
    let evaluated: HashMap<usize, Evaluated> = report
        .iter()
        .flat_map(|r| &r.indicators)
        .map(|s| {
            (
                s.indicator,
                Evaluated {
                    actual: s.actual.clone(),
                    score: s.score,
                    weight: s.weight,
                },
            )
        })
        .collect();
    let matched = same_rows(project, before);
    let notices = last_year::notices(project, before, &matched, &evaluated);
    let rows = matched
        .into_iter()
        .map(|found| {
            found.map(|row| Beside {
                target: before.indicators[row].target.raw.trim().to_string(),
                actual: evaluated.get(&row).map(|e| e.actual.clone()),
            })
        })
        .collect();
    let project_id = store
        .project_ids_in(id)
        .await?
        .into_iter()
        .find(|(name, _)| *name == before.name)
        .map(|(_, id)| id);
    Ok(Some(LastYear {
        year: earlier_year,
        project_id,
        name: before.name.clone(),
        evidence: evidence.describe(),
        rows,
        evaluated: report.is_some(),
        notices,
    }))
}
