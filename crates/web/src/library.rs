//! The indicator library (指标库) over what the public sees: built from every published row with
//! its review findings (`jixiao library build`, and again in the background once the store has
//! changed since the last build), kept in the store, and searched in memory.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use jixiao_library::{
    Action, Curation, Decision, Entry, Kind, Miner, Note, Place, Row, Sector, Summary, Verdict,
    name,
};
use jixiao_model::{Document, Indicator, Level2Kind, Project};
use jixiao_store::{LibraryBuild, LibraryEntry, Store, StoreError};

use crate::AppState;
use crate::published::{self, Hidden};

/// The name the department's own table goes by in the library.
pub const DEPARTMENT_TABLE: &str = "部门整体支出绩效目标";

/// Builds the library from the store as it is now and keeps it there; `progress` hears the
/// documents read so far.
pub async fn build(
    store: &Store,
    mut progress: impl FnMut(i64),
) -> Result<LibraryBuild, StoreError> {
    let stamp = store.library_stamp().await?;
    let hidden = Hidden::read(store).await?;
    let mut miner = Miner::with_moves(curation(store).await?.moves);
    let (mut after, mut documents) = (0, 0);
    loop {
        let batch = store.documents_after(after, published::BATCH).await?;
        let Some(last) = batch.last().map(|(_, stored)| stored.id) else {
            break;
        };
        let mut read = Vec::with_capacity(batch.len());
        for (key, stored) in batch {
            let (public, _) = published::without_hidden(&key, stored.document, &hidden);
            if public.projects.is_empty() && public.department_indicators.is_empty() {
                continue;
            }
            let ids: HashMap<String, i64> =
                store.project_ids_in(stored.id).await?.into_iter().collect();
            read.push((stored.id, public, ids));
        }
        documents += read.len() as i64;
        // Reviewing and mining are work for a blocking thread, not for the server's.
        miner = off_the_runtime(move || {
            for (id, public, ids) in &read {
                add_document(&mut miner, *id, public, ids);
            }
            miner
        })
        .await;
        after = last;
        progress(documents);
    }
    let library = off_the_runtime(move || miner.finish()).await;
    let mut entries = Vec::with_capacity(library.entries.len());
    for (position, entry) in library.entries.iter().enumerate() {
        entries.push(LibraryEntry {
            position: position as i64 + 1,
            id: entry.id.clone(),
            name: entry.name.clone(),
            summary: json(&entry.summary())?,
            body: json(entry)?,
        });
    }
    let build = LibraryBuild {
        built_at: String::new(),
        stamp,
        documents,
        rows: i64::from(library.rows),
        nameless: i64::from(library.nameless),
        entries: entries.len() as i64,
    };
    store.replace_library(&entries, &build).await?;
    Ok(build)
}

/// Runs `work` on a blocking thread; a panic in it goes on as a panic here.
async fn off_the_runtime<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    tokio::task::spawn_blocking(work)
        .await
        .unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()))
}

fn json<T: serde::Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// The bureau's decisions so far, folded.
pub async fn curation(store: &Store) -> Result<Curation, StoreError> {
    Ok(Curation::of(
        store
            .library_decisions()
            .await?
            .into_iter()
            .filter_map(|d| {
                Some(Decision {
                    action: Action::from_code(&d.action)?,
                    entry: d.entry_id,
                    subject: d.subject,
                    value: d.value,
                })
            }),
    ))
}

/// Every row of a published document, with the rules its review findings name.
fn add_document(miner: &mut Miner, id: i64, document: &Document, ids: &HashMap<String, i64>) {
    let mut findings: HashMap<(Option<usize>, usize), Vec<&'static str>> = HashMap::new();
    for finding in jixiao_review::review(document).findings {
        if let Some(row) = finding.location.indicator {
            for at in std::iter::once(row).chain(finding.also.iter().copied()) {
                findings
                    .entry((finding.location.project, at))
                    .or_default()
                    .push(finding.rule);
            }
        }
    }
    let unit = document.unit.name.as_deref().unwrap_or("");
    let year = document.fiscal_year.year;
    let mut add = |place: &Place, project: Option<usize>, rows: &[Indicator]| {
        for (at, indicator) in rows.iter().enumerate() {
            miner.add(Row {
                indicator,
                place,
                findings: findings.get(&(project, at)).map_or(&[], Vec::as_slice),
            });
        }
        miner.price(place, rows);
    };
    for (at, project) in document.projects.iter().enumerate() {
        let place = Place::new(
            id,
            ids.get(&project.name).copied(),
            &project.name,
            project.code.as_deref(),
            unit,
            year,
        );
        add(&place, Some(at), &project.indicators);
    }
    let place = Place::new(id, None, DEPARTMENT_TABLE, None, unit, year);
    add(&place, None, &document.department_indicators);
}

/// The library's summaries as last read from the store, searched in memory.
#[derive(Default)]
pub struct Catalogue {
    pub build: Option<LibraryBuild>,
    pub summaries: Vec<Summary>,
    /// Summaries by the concept of each written name.
    by_concept: HashMap<String, Vec<usize>>,
    /// What the bureau says of entries, by id.
    pub notes: HashMap<String, Note>,
    /// The store's stamp when it was read.
    stamp: String,
}

/// Tables a concept must be used in before a row's value is held up to its range.
pub const EVIDENCE: u32 = 3;

/// What a library search asks for.
#[derive(Debug, Clone, Default)]
pub struct Query {
    /// Words, each of which a name must contain.
    pub words: String,
    pub level2: Option<Level2Kind>,
    pub sector: Option<Sector>,
}

impl Catalogue {
    pub fn new(
        build: Option<LibraryBuild>,
        summaries: Vec<Summary>,
        notes: HashMap<String, Note>,
    ) -> Catalogue {
        let mut by_concept: HashMap<String, Vec<usize>> = HashMap::new();
        for (at, summary) in summaries.iter().enumerate() {
            for variant in &summary.variants {
                let found = by_concept.entry(name::concept(variant)).or_default();
                if !found.contains(&at) {
                    found.push(at);
                }
            }
        }
        Catalogue {
            build,
            summaries,
            by_concept,
            notes,
            stamp: String::new(),
        }
    }

    /// The entry a row belongs to: the concept of its name (as the library groups names), its
    /// 二级指标, kind of measure and unit.
    pub fn entry_of(&self, indicator: &Indicator) -> Option<&Summary> {
        let unit = indicator.target.unit.as_deref().unwrap_or("").trim();
        let kind = Kind::of(&indicator.target);
        let concept = name::concept(&name::normalise(&indicator.name));
        std::iter::once(concept.clone())
            .chain(name::shorter_by_one_insignificant(&concept))
            .filter_map(|c| self.by_concept.get(&c))
            .flatten()
            .map(|&at| &self.summaries[at])
            .find(|s| s.level2 == indicator.level2.kind && s.kind == kind && s.unit == unit)
    }

    /// Rows whose value lies outside the P10–P90 of the same concept's values in at least
    /// [`EVIDENCE`] other tables, with what those tables usually set: (row, message).
    pub fn unusual_values(&self, project: &Project) -> Vec<(usize, String)> {
        project
            .indicators
            .iter()
            .enumerate()
            .filter_map(|(at, indicator)| {
                let value = indicator.target.number?;
                let entry = self.entry_of(indicator)?;
                let (low, high) = (entry.p10?, entry.p90?);
                (entry.documents >= EVIDENCE && (value < low || value > high)).then(|| {
                    (
                        at,
                        format!(
                            "同类指标在 {} 张表中通常为 {}（P10～P90），这里是 {}{}",
                            entry.documents,
                            entry.typical(),
                            value.normalize(),
                            entry.unit
                        ),
                    )
                })
            })
            .collect()
    }

    /// Projects whose cost per output (a cost row divided by the quantity named like it) lies
    /// outside the P10–P90 of the same quantity's cost in at least [`EVIDENCE`] other tables:
    /// (the quantity's row, message).
    pub fn unusual_costs(&self, project: &Project) -> Vec<(usize, String)> {
        jixiao_library::unit_cost::priced(&project.indicators)
            .into_iter()
            .filter_map(|priced| {
                let quantity = &project.indicators[priced.quantity];
                let range = self.entry_of(quantity)?.unit_cost.as_ref()?;
                let outside = priced.yuan_each < range.p10 || priced.yuan_each > range.p90;
                (range.per == priced.per && range.documents >= EVIDENCE && outside).then(|| {
                    (
                        priced.quantity,
                        format!(
                            "按“{}”计每{}成本 {} 元，同类指标在 {} 张表中为 {}～{} 元/{}",
                            project.indicators[priced.cost].name,
                            priced.per,
                            priced.yuan_each,
                            range.documents,
                            range.p10,
                            range.p90,
                            range.per
                        ),
                    )
                })
            })
            .collect()
    }

    /// The matching summaries: names equal to the words first, then those starting with them,
    /// then the rest, each most used first.
    pub fn search(&self, query: &Query) -> Vec<&Summary> {
        let words: Vec<String> = query
            .words
            .split_whitespace()
            .map(name::normalise)
            .filter(|w| !w.is_empty())
            .collect();
        let whole = words.concat();
        let mut found: Vec<(u8, &Summary)> = self
            .summaries
            .iter()
            .filter(|s| query.level2.is_none_or(|l| s.level2 == Some(l)))
            .filter(|s| query.sector.is_none_or(|sector| s.sector == sector))
            .filter_map(|s| {
                if words.is_empty() {
                    return Some((2, s));
                }
                let holds = |name: &String| words.iter().all(|w| name.contains(w.as_str()));
                let names = || s.variants.iter();
                if names().any(|n| *n == whole) {
                    Some((0, s))
                } else if names().any(|n| n.starts_with(&words[0]) && holds(n)) {
                    Some((1, s))
                } else {
                    names().any(holds).then_some((2, s))
                }
            })
            .collect();
        // Within a rank, what the bureau recommends first and what it does not last.
        let standing = |s: &Summary| match self.verdict(&s.id) {
            Some(Verdict::Recommended) => 0,
            None => 1,
            Some(Verdict::NotRecommended) => 2,
        };
        found.sort_by_key(|(rank, s)| (*rank, standing(s)));
        found.into_iter().map(|(_, s)| s).collect()
    }

    pub fn verdict(&self, id: &str) -> Option<Verdict> {
        self.notes.get(id).and_then(|n| n.verdict)
    }

    pub fn get(&self, id: &str) -> Option<&Summary> {
        self.summaries.iter().find(|s| s.id == id)
    }
}

/// The library as the store holds it now, read again when another build has been kept; when
/// the store has changed since that build, one rebuild is started in the background (the
/// answer says so, and is the last build until it ends).
pub async fn current(state: &Arc<AppState>) -> Result<(Arc<Catalogue>, bool), StoreError> {
    let build = state.store.library_build().await?;
    let stamp = state.store.library_stamp().await?;
    let cached = state.library.read().await.clone();
    let catalogue = if cached.build == build && cached.stamp == stamp {
        cached
    } else {
        let mut summaries = Vec::new();
        for text in state.store.library_summaries().await? {
            summaries.push(
                serde_json::from_str::<Summary>(&text)
                    .map_err(|e| StoreError::Corrupt(format!("指标库条目：{e}")))?,
            );
        }
        let notes = curation(&state.store).await?.notes;
        let mut fresh = Catalogue::new(build, summaries, notes);
        fresh.stamp.clone_from(&stamp);
        let fresh = Arc::new(fresh);
        *state.library.write().await = fresh.clone();
        fresh
    };
    let stale = catalogue.build.as_ref().is_none_or(|b| b.stamp != stamp);
    if stale {
        start_rebuild(state);
    }
    Ok((catalogue, stale))
}

/// Starts a rebuild unless one is running.
fn start_rebuild(state: &Arc<AppState>) {
    if state.library_building.swap(true, Ordering::AcqRel) {
        return;
    }
    let state = state.clone();
    tokio::spawn(async move {
        if let Err(e) = build(&state.store, |_| {}).await {
            eprintln!("指标库更新失败：{e}");
        }
        state.library_building.store(false, Ordering::Release);
    });
}

/// Whether a rebuild is running.
pub fn building(state: &AppState) -> bool {
    state.library_building.load(Ordering::Acquire)
}

/// A whole entry.
pub async fn entry(store: &Store, id: &str) -> Result<Option<Entry>, StoreError> {
    store
        .library_entry(id)
        .await?
        .map(|text| {
            serde_json::from_str(&text).map_err(|e| StoreError::Corrupt(format!("指标库条目：{e}")))
        })
        .transpose()
}

#[cfg(test)]
mod tests {
    use jixiao_library::{Place, Row, mine};
    use jixiao_model::{Indicator, Level1, Level2, Project};

    use super::Catalogue;

    fn row(name: &str, target: &str) -> Indicator {
        Indicator::new("产出指标", "数量指标", name, target)
    }

    /// Five tables set 培训人数 at 100–140人; two set 检测批次 (too few to judge by).
    fn catalogue() -> Catalogue {
        let places: Vec<Place> = (0..5)
            .map(|d| {
                Place::new(
                    d,
                    Some(d),
                    "技能培训",
                    None,
                    &format!("第{d}单位"),
                    Some(2034),
                )
            })
            .collect();
        let rows: Vec<(usize, Indicator)> = (0..5)
            .map(|d| (d, row("培训人数", &format!("≥{}人", 100 + 10 * d))))
            .chain((0..2).map(|d| (d, row("检测批次", "≥10批次"))))
            .collect();
        let library = mine(rows.iter().map(|(d, indicator)| Row {
            indicator,
            place: &places[*d],
            findings: &[],
        }));
        Catalogue::new(
            None,
            library.entries.iter().map(|e| e.summary()).collect(),
            Default::default(),
        )
    }

    #[test]
    fn a_cost_per_output_outside_what_other_tables_pay_is_said() {
        let cost = |level1: &str, level2: &str, name: &str, target: &str| {
            let mut r = row(name, target);
            r.level1 = Level1::from_text(level1);
            r.level2 = Level2::from_text(level2);
            r
        };
        let tables: Vec<(Place, Vec<Indicator>)> = [480, 500, 510, 520]
            .iter()
            .enumerate()
            .map(|(d, each)| {
                let place = Place::new(d as i64, None, "培训", None, &format!("{d}县单位"), None);
                let rows = vec![
                    row("培训人数", "≥100人"),
                    cost(
                        "成本指标",
                        "经济成本指标",
                        "培训费",
                        &format!("{}元", each * 100),
                    ),
                ];
                (place, rows)
            })
            .collect();
        let mut miner = jixiao_library::Miner::default();
        for (place, rows) in &tables {
            for indicator in rows {
                miner.add(Row {
                    indicator,
                    place,
                    findings: &[],
                });
            }
            miner.price(place, rows);
        }
        let library = miner.finish();
        let catalogue = Catalogue::new(
            None,
            library.entries.iter().map(|e| e.summary()).collect(),
            Default::default(),
        );
        let dear = Project {
            indicators: vec![
                row("培训人数", "≥600人"),
                cost("成本指标", "经济成本指标", "培训费", "≤60万元"),
            ],
            ..Project::default()
        };
        assert_eq!(
            catalogue.unusual_costs(&dear),
            [(
                0,
                "按“培训费”计每人成本 1000 元，同类指标在 4 张表中为 480～520 元/人".to_string()
            )]
        );
        let usual = Project {
            indicators: vec![
                row("培训人数", "≥600人"),
                cost("成本指标", "经济成本指标", "培训费", "≤30万元"),
            ],
            ..Project::default()
        };
        assert!(catalogue.unusual_costs(&usual).is_empty());
    }

    #[test]
    fn a_value_outside_what_other_tables_set_is_said() {
        let catalogue = catalogue();
        let project = Project {
            indicators: vec![
                row("培训人员数量", "≥5000人"),
                row("培训人数", "≥120人"),
                row("培训人数", "≥5000人次"),
                row("检测批次", "≥1000批次"),
            ],
            ..Project::default()
        };
        assert_eq!(
            catalogue.unusual_values(&project),
            [(
                0,
                "同类指标在 5 张表中通常为 ≥100～140人（P10～P90），这里是 5000人".to_string()
            )]
        );
    }
}
