//! The labelled corpus (`tests/data/corpus/`): documents in the layouts units publish, each with
//! every figure and target value written down by hand beforehand (`NAME.expected.json`), read
//! in each of its formats and compared value by value. Shared by the test and the bench.

use std::path::{Path, PathBuf};

use jixiao_model::{Budget, Document, GoalItem, Indicator, Project};
use rust_decimal::Decimal;
use serde_json::Value;

pub fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/corpus")
}

/// One document of the corpus in one format.
pub struct Case {
    pub name: String,
    pub format: String,
    pub path: PathBuf,
    pub expected: Value,
}

pub fn cases() -> Vec<Case> {
    let mut cases = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .expect("the corpus directory")
        .map(|e| e.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        let Some(name) = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".expected.json"))
        else {
            continue;
        };
        let text = std::fs::read_to_string(&path).expect("expected figures");
        let expected: Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for format in expected["formats"].as_array().expect("formats") {
            let format = format.as_str().expect("a format name").to_string();
            cases.push(Case {
                name: name.to_string(),
                path: corpus_dir().join(format!("{name}.{format}")),
                format,
                expected: expected.clone(),
            });
        }
    }
    cases
}

/// What was compared and what differed.
#[derive(Default)]
pub struct Score {
    pub checked: usize,
    pub right: usize,
    pub misses: Vec<String>,
}

impl Score {
    fn check(
        &mut self,
        what: impl FnOnce() -> String,
        expected: Option<String>,
        read: Option<String>,
    ) {
        let Some(expected) = expected else { return };
        self.checked += 1;
        let read = read.map(|r| compact(&r)).filter(|r| !r.is_empty());
        if read.as_deref() == Some(compact(&expected).as_str()) {
            self.right += 1;
        } else {
            self.misses.push(format!(
                "{}：应为“{expected}”，读出{}",
                what(),
                read.map_or("空".to_string(), |r| format!("“{r}”"))
            ));
        }
    }

    fn amount(&mut self, what: impl FnOnce() -> String, expected: &Value, read: Option<Decimal>) {
        let Some(expected) = expected.as_str() else {
            return;
        };
        let expected: Decimal = expected.parse().expect("an amount in the expected figures");
        self.check(
            what,
            Some(expected.normalize().to_string()),
            read.map(|r| r.normalize().to_string()),
        );
    }

    fn missing(&mut self, what: String, values: usize) {
        self.checked += values;
        self.misses.push(what);
    }

    pub fn share(&self) -> f64 {
        if self.checked == 0 {
            1.0
        } else {
            self.right as f64 / self.checked as f64
        }
    }
}

fn compact(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfkc().filter(|c| !c.is_whitespace()).collect()
}

fn text(value: &Value) -> Option<String> {
    value.as_str().map(str::to_string)
}

/// Compares a read document with its expected figures, value by value.
pub fn score(expected: &Value, document: &Document) -> Score {
    let mut score = Score::default();
    score.check(
        || "单位名称".into(),
        text(&expected["unit"]["name"]),
        document.unit.name.clone(),
    );
    score.check(
        || "单位编码".into(),
        text(&expected["unit"]["code"]),
        document.unit.code.clone(),
    );
    score.check(
        || "年度".into(),
        expected["year"].as_u64().map(|y| y.to_string()),
        document.fiscal_year.year.map(|y| y.to_string()),
    );
    let expected_projects = expected["projects"].as_array().cloned().unwrap_or_default();
    let mut used = vec![false; document.projects.len()];
    for wanted in &expected_projects {
        let name = wanted["name"].as_str().unwrap_or_default();
        let found = document
            .projects
            .iter()
            .enumerate()
            .find(|(i, p)| !used[*i] && compact(&p.name) == compact(name));
        match found {
            Some((i, project)) => {
                used[i] = true;
                project_score(&mut score, wanted, project);
            }
            None => score.missing(format!("项目“{name}”未读出"), values_of(wanted)),
        }
    }
    for (project, _) in document.projects.iter().zip(&used).filter(|(_, u)| !**u) {
        score.missing(format!("多出项目“{}”", project.name), 1);
    }
    if let Some(department) = expected["department"].as_object() {
        department_score(&mut score, department, document);
    } else {
        let extra = document.department_indicators.len();
        if extra > 0 && !expected_projects.is_empty() {
            score.missing(format!("多出 {extra} 条部门指标"), extra);
        }
    }
    score
}

/// How many values an expected project holds (all missed when the project is).
fn values_of(project: &Value) -> usize {
    let fields = project.as_object().map_or(0, |o| {
        o.iter()
            .filter(|(k, v)| *k != "indicators" && !v.is_null())
            .count()
    });
    let indicators: usize = project["indicators"].as_array().map_or(0, |list| {
        list.iter()
            .map(|i| {
                i.as_object()
                    .map_or(0, |o| o.values().filter(|v| !v.is_null()).count())
            })
            .sum()
    });
    fields + indicators
}

fn goals_text(goals: &[GoalItem]) -> Option<String> {
    (!goals.is_empty()).then(|| {
        goals
            .iter()
            .map(|g| format!("{}{}", g.label.clone().unwrap_or_default(), g.text))
            .collect()
    })
}

fn project_score(score: &mut Score, wanted: &Value, project: &Project) {
    let name = project.name.clone();
    let at = |field: &str| format!("“{name}”{field}");
    score.check(
        || at("项目编码"),
        text(&wanted["code"]),
        project.code.clone(),
    );
    budget_score(score, &at(""), wanted, "", &project.budget);
    let period = project.period_budget.clone().unwrap_or_default();
    score.amount(
        || at("实施期资金总额"),
        &wanted["period_budget_yuan"],
        period.total_yuan,
    );
    score.check(
        || at("年度目标"),
        text(&wanted["goal"]),
        goals_text(&project.goals),
    );
    score.check(
        || at("实施期目标"),
        text(&wanted["period_goal"]),
        goals_text(&project.period_goals),
    );
    score.check(
        || at("主管部门"),
        text(&wanted["competent_department"]),
        project.competent_department.clone(),
    );
    score.check(
        || at("实施单位"),
        text(&wanted["implementing_unit"]),
        project.implementing_unit.clone(),
    );
    indicators_score(score, &name, &wanted["indicators"], &project.indicators);
}

fn budget_score(score: &mut Score, at: &str, wanted: &Value, prefix: &str, budget: &Budget) {
    let key = |field: &str| format!("{prefix}{field}");
    score.amount(
        || format!("{at}预算数"),
        &wanted[key("budget_yuan")],
        budget.total_yuan,
    );
    score.amount(
        || format!("{at}财政拨款"),
        &wanted[key("fiscal_yuan")],
        budget.fiscal_yuan,
    );
    score.amount(
        || format!("{at}其他资金"),
        &wanted[key("other_yuan")],
        budget.other_yuan,
    );
}

fn indicators_score(score: &mut Score, owner: &str, wanted: &Value, read: &[Indicator]) {
    let wanted = wanted.as_array().cloned().unwrap_or_default();
    let mut used = vec![false; read.len()];
    for expected in &wanted {
        let name = expected["name"].as_str().unwrap_or_default();
        let found = read
            .iter()
            .enumerate()
            .find(|(i, r)| !used[*i] && compact(&r.name) == compact(name));
        let Some((i, indicator)) = found else {
            let values = expected
                .as_object()
                .map_or(0, |o| o.values().filter(|v| !v.is_null()).count());
            score.missing(format!("“{owner}”指标“{name}”未读出"), values);
            continue;
        };
        used[i] = true;
        let at = |field: &str| format!("“{owner}”指标“{name}”{field}");
        score.checked += 1;
        score.right += 1;
        score.check(
            || at("一级指标"),
            text(&expected["level1"]),
            Some(indicator.level1.raw.clone()),
        );
        score.check(
            || at("二级指标"),
            text(&expected["level2"]),
            Some(indicator.level2.raw.clone()),
        );
        let target = &indicator.target;
        score.check(
            || at("符号"),
            text(&expected["comparator"]),
            target.comparator.map(|c| c.symbol().to_string()),
        );
        score.check(
            || at("指标值"),
            text(&expected["number"]),
            target.number.map(|n| n.normalize().to_string()),
        );
        score.check(
            || at("度量单位"),
            text(&expected["unit"]),
            target.unit.clone(),
        );
        score.check(
            || at("定性指标值"),
            text(&expected["text"]),
            target.text.clone(),
        );
        score.check(
            || at("实施期指标值"),
            text(&expected["period_value"]),
            indicator.period_target.as_ref().map(|t| t.raw.clone()),
        );
        score.check(
            || at("权重"),
            text(&expected["weight"]),
            indicator.weight.map(|w| w.normalize().to_string()),
        );
        score.check(
            || at("指标方向"),
            text(&expected["direction"]),
            indicator.direction.map(|d| d.name().to_string()),
        );
    }
    for indicator in read.iter().zip(&used).filter(|(_, u)| !**u).map(|(r, _)| r) {
        score.missing(
            format!(
                "“{owner}”多出指标“{}”（{}）",
                indicator.name, indicator.target.raw
            ),
            1,
        );
    }
}

fn department_score(
    score: &mut Score,
    wanted: &serde_json::Map<String, Value>,
    document: &Document,
) {
    let get = |key: &str| wanted.get(key).cloned().unwrap_or(Value::Null);
    score.check(
        || "部门名称".into(),
        text(&get("name")),
        document.unit.name.clone(),
    );
    score.amount(
        || "部门预算合计".into(),
        &get("budget_total_yuan"),
        document.department_budget_yuan,
    );
    score.amount(
        || "部门基本支出".into(),
        &get("budget_basic_yuan"),
        document.department_basic_yuan,
    );
    score.amount(
        || "部门项目支出".into(),
        &get("budget_project_yuan"),
        document.department_project_yuan,
    );
    let goals: String = document
        .goals
        .overall
        .iter()
        .map(|g| compact(&g.text))
        .collect();
    for goal in get("goals")
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        score.checked += 1;
        if goals.contains(&compact(goal)) {
            score.right += 1;
        } else {
            score.misses.push(format!("部门目标未读出：{goal}"));
        }
    }
    for task in get("tasks").as_array().into_iter().flatten() {
        let name = task["name"].as_str().unwrap_or_default();
        match document
            .department_tasks
            .iter()
            .find(|t| compact(&t.name) == compact(name))
        {
            Some(found) => {
                score.checked += 1;
                score.right += 1;
                let at = format!("任务“{name}”");
                score.amount(
                    || format!("{at}总额"),
                    &task["total_yuan"],
                    found.budget.total_yuan,
                );
                score.amount(
                    || format!("{at}财政拨款"),
                    &task["fiscal_yuan"],
                    found.budget.fiscal_yuan,
                );
                score.amount(
                    || format!("{at}其他资金"),
                    &task["other_yuan"],
                    found.budget.other_yuan,
                );
            }
            None => score.missing(format!("任务“{name}”未读出"), 1),
        }
    }
    indicators_score(
        score,
        "部门",
        &get("indicators"),
        &document.department_indicators,
    );
}
