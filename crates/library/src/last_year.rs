//! The same project a year earlier, and the same rows in it: by 项目编码 where both have one,
//! else by a name at least [`NAME_SIMILARITY`] percent alike once years and numbering are set
//! aside; rows by the concept of their names within one 二级指标.

use std::collections::HashMap;

use jixiao_model::{Comparator, Document, Project, TargetValue};
use rust_decimal::Decimal;

use crate::name;

/// How alike two project names must be (Dice coefficient of their character pairs, in percent)
/// to be taken for the same project in two years.
pub const NAME_SIMILARITY: u32 = 80;

/// Why a project of the earlier year is taken for this one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Evidence {
    SameCode(String),
    /// The earlier name and how alike it is, in percent.
    SimilarName {
        name: String,
        percent: u32,
    },
}

impl Evidence {
    pub fn describe(&self) -> String {
        match self {
            Evidence::SameCode(code) => format!("项目编码相同（{code}）"),
            Evidence::SimilarName { name, percent } => {
                format!("项目名称相近（“{name}”，相似度 {percent}%）")
            }
        }
    }
}

/// The project of `earlier` that `project` continues, with the evidence.
pub fn same_project(project: &Project, earlier: &Document) -> Option<(usize, Evidence)> {
    let code = project
        .code
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());
    if let Some(code) = code
        && let Some(at) = earlier
            .projects
            .iter()
            .position(|p| p.code.as_deref().map(str::trim) == Some(code))
    {
        return Some((at, Evidence::SameCode(code.to_string())));
    }
    earlier
        .projects
        .iter()
        .enumerate()
        .map(|(at, p)| (at, similarity(&project.name, &p.name)))
        .filter(|(_, percent)| *percent >= NAME_SIMILARITY)
        .max_by_key(|(at, percent)| (*percent, std::cmp::Reverse(*at)))
        .map(|(at, percent)| {
            (
                at,
                Evidence::SimilarName {
                    name: earlier.projects[at].name.clone(),
                    percent,
                },
            )
        })
}

/// How alike two project names are, in percent: the Dice coefficient of their character pairs,
/// years (`2034年`, `2034`), spaces and punctuation left out.
pub fn similarity(a: &str, b: &str) -> u32 {
    let (a, b) = (stem(a), stem(b));
    if a == b {
        return 100;
    }
    let pairs = |s: &[char]| -> Vec<(char, char)> { s.windows(2).map(|w| (w[0], w[1])).collect() };
    let (x, mut y) = (pairs(&a), pairs(&b));
    if x.is_empty() || y.is_empty() {
        return 0;
    }
    let total = x.len() + y.len();
    let mut shared = 0;
    for pair in &x {
        if let Some(at) = y.iter().position(|p| p == pair) {
            y.swap_remove(at);
            shared += 1;
        }
    }
    (200 * shared / total) as u32
}

fn stem(name: &str) -> Vec<char> {
    let chars: Vec<char> = name.chars().filter(|c| c.is_alphanumeric()).collect();
    let mut kept = Vec::with_capacity(chars.len());
    let mut at = 0;
    while at < chars.len() {
        let digits = chars[at..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        if digits == 4 {
            at += 4;
            for suffix in [['年', '度'].as_slice(), ['年'].as_slice()] {
                if chars[at..].starts_with(suffix) {
                    at += suffix.len();
                    break;
                }
            }
            continue;
        }
        kept.push(chars[at]);
        at += 1;
    }
    kept
}

/// For each row of `project`, the row of `earlier` with the same concept under the same
/// 二级指标 (each earlier row taken once).
pub fn same_rows(project: &Project, earlier: &Project) -> Vec<Option<usize>> {
    let concept = |text: &str| name::concept(&name::normalise(text));
    let theirs: Vec<String> = earlier
        .indicators
        .iter()
        .map(|i| concept(&i.name))
        .collect();
    let mut taken = vec![false; theirs.len()];
    project
        .indicators
        .iter()
        .map(|indicator| {
            let ours = concept(&indicator.name);
            let found = earlier
                .indicators
                .iter()
                .enumerate()
                .position(|(at, other)| {
                    !taken[at] && other.level2.kind == indicator.level2.kind && theirs[at] == ours
                })?;
            taken[found] = true;
            Some(found)
        })
        .collect()
}

/// What last year's self-evaluation said of one of its rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluated {
    /// 实际完成值 as written.
    pub actual: String,
    pub score: Decimal,
    pub weight: Decimal,
}

/// A score under this share of its weight is low (the 整改 line of a self-evaluation).
pub const LOW_SCORE_PERCENT: i64 = 60;

/// Points where this year's project falls behind last year, as notices (row of this year's
/// project where there is one, and the message): a target below last year's actual without a
/// reason in its basis; a cost rising faster than the budget; a row last year's evaluation
/// scored low that is gone.
pub fn notices(
    project: &Project,
    earlier: &Project,
    rows: &[Option<usize>],
    evaluated: &HashMap<usize, Evaluated>,
) -> Vec<(Option<usize>, String)> {
    let mut said = Vec::new();
    for (at, (indicator, found)) in project.indicators.iter().zip(rows).enumerate() {
        let Some(before) = found.map(|j| &earlier.indicators[j]) else {
            continue;
        };
        let target = &indicator.target;
        if let (Some(number), Some(done)) = (
            target.number,
            found
                .and_then(|j| evaluated.get(&j))
                .and_then(|e| reached(&e.actual, target)),
        ) && matches!(
            target.comparator,
            Some(Comparator::Ge | Comparator::Gt | Comparator::Eq)
        ) && number < done
            && !gives_a_reason(indicator.basis.as_ref().map_or("", |b| b.text.as_str()))
        {
            said.push((
                Some(at),
                format!(
                    "“{}”的指标值{}低于上年实际完成的{}{}，指标值确定依据未说明原因",
                    indicator.name,
                    target.raw.trim(),
                    done.normalize(),
                    target.unit.as_deref().unwrap_or("")
                ),
            ));
        }
        let (Some(now_yuan), Some(then_yuan)) = (indicator.cost_yuan(), before.cost_yuan()) else {
            continue;
        };
        let (Some(budget), Some(budget_before)) =
            (project.budget.total_yuan, earlier.budget.total_yuan)
        else {
            continue;
        };
        if then_yuan.is_zero() || budget_before.is_zero() {
            continue;
        }
        let hundred = Decimal::from(100);
        let cost_growth = (now_yuan / then_yuan - Decimal::ONE) * hundred;
        let budget_growth = (budget / budget_before - Decimal::ONE) * hundred;
        if cost_growth > budget_growth + Decimal::from(COST_TOLERANCE_POINTS) {
            said.push((
                Some(at),
                format!(
                    "成本指标“{}”比上年增长{}%，预算数只增长{}%",
                    indicator.name,
                    cost_growth.round_dp(1).normalize(),
                    budget_growth.round_dp(1).normalize()
                ),
            ));
        }
    }
    let kept: Vec<usize> = rows.iter().flatten().copied().collect();
    let mut dropped: Vec<(&usize, &Evaluated)> = evaluated
        .iter()
        .filter(|(j, e)| {
            !kept.contains(j)
                && e.weight > Decimal::ZERO
                && e.score * Decimal::from(100) < e.weight * Decimal::from(LOW_SCORE_PERCENT)
        })
        .collect();
    dropped.sort_by_key(|(j, _)| **j);
    for (j, e) in dropped {
        if let Some(before) = earlier.indicators.get(*j) {
            said.push((
                None,
                format!(
                    "上年自评得分低的指标“{}”（{}分，满分{}分）今年没有再设",
                    before.name,
                    e.score.normalize(),
                    e.weight.normalize()
                ),
            ));
        }
    }
    said
}

/// How many percentage points a cost may outgrow the budget before it is said.
pub const COST_TOLERANCE_POINTS: i64 = 5;

/// Last year's actual as a number in this year's target's unit (`96%`, `完成9个` for `≥7个`).
fn reached(actual: &str, target: &TargetValue) -> Option<Decimal> {
    let digits: String = actual.chars().skip_while(|c| !c.is_ascii_digit()).collect();
    let read = TargetValue::parse(&digits);
    let number = read.number?;
    let same_unit = match (read.unit.as_deref(), target.unit.as_deref()) {
        (None, _) => true,
        (Some(a), Some(b)) => a.trim() == b.trim(),
        (Some(_), None) => false,
    };
    same_unit.then_some(number)
}

/// A basis that says why a target is set lower (`因…下降`, `调整`, `减少`).
fn gives_a_reason(basis: &str) -> bool {
    [
        "因", "由于", "下降", "减少", "降低", "调整", "压减", "缩减", "原因",
    ]
    .iter()
    .any(|w| basis.contains(w))
}

#[cfg(test)]
mod tests {
    use jixiao_model::{Document, Indicator, Project, TargetValue};

    use super::*;

    fn project(code: Option<&str>, name: &str, rows: &[(&str, &str)]) -> Project {
        Project {
            code: code.map(str::to_string),
            name: name.into(),
            indicators: rows
                .iter()
                .map(|(level2, name)| Indicator::new("产出指标", level2, name, "≥1个"))
                .collect(),
            ..Project::default()
        }
    }

    fn earlier() -> Document {
        Document {
            projects: vec![
                project(Some("13022923P001"), "2033年农村公路养护", &[]),
                project(None, "2033年度残疾人职业技能培训", &[]),
                project(None, "学生资助", &[]),
            ],
            ..Document::default()
        }
    }

    #[test]
    fn the_code_decides_before_the_name() {
        let same = project(Some("13022923P001"), "县乡道路日常养护", &[]);
        assert_eq!(
            same_project(&same, &earlier()),
            Some((0, Evidence::SameCode("13022923P001".into())))
        );
    }

    #[test]
    fn a_name_alike_but_for_its_year_is_the_same_project() {
        let renamed = project(None, "2034年残疾人职业技能培训", &[]);
        let (at, evidence) = same_project(&renamed, &earlier()).expect("a match");
        assert_eq!(at, 1);
        assert_eq!(
            evidence.describe(),
            "项目名称相近（“2033年度残疾人职业技能培训”，相似度 100%）"
        );
        assert_eq!(
            same_project(&project(None, "学生资助金", &[]), &earlier()).map(|(at, _)| at),
            Some(2),
            "3 pairs of 3 and 4 alike: 85%"
        );
        assert_eq!(similarity("学生资助", "学生资助管理"), 75);
        assert_eq!(
            same_project(&project(None, "学生资助管理", &[]), &earlier()),
            None
        );
        assert_eq!(
            same_project(&project(None, "学前教育资助", &[]), &earlier()),
            None
        );
        assert_eq!(similarity("农村公路养护", "城市道路养护"), 40);
    }

    fn with_targets(budget: i64, rows: &[(&str, &str, &str, &str)]) -> Project {
        Project {
            budget: jixiao_model::Budget {
                total_yuan: Some(Decimal::from(budget)),
                ..jixiao_model::Budget::default()
            },
            indicators: rows
                .iter()
                .map(|(level2, name, target, basis)| Indicator {
                    target: TargetValue::parse(target),
                    basis: jixiao_model::Basis::from_text(basis),
                    ..project(None, "", &[(level2, name)]).indicators.remove(0)
                })
                .collect(),
            ..Project::default()
        }
    }

    fn scored(actual: &str, score: i64) -> Evaluated {
        Evaluated {
            actual: actual.into(),
            score: Decimal::from(score),
            weight: Decimal::from(10),
        }
    }

    #[test]
    fn falling_behind_last_year_is_noted() {
        let earlier = with_targets(
            1_000_000,
            &[
                ("数量指标", "培训人数", "≥500人", ""),
                ("成本指标", "培训费", "≤50万元", ""),
                ("质量指标", "培训合格率", "≥95%", ""),
            ],
        );
        let now = with_targets(
            1_050_000,
            &[
                ("数量指标", "培训人数", "≥400人", "县培训计划"),
                ("成本指标", "培训费", "≤60万元", ""),
            ],
        );
        let rows = same_rows(&now, &earlier);
        assert_eq!(rows, [Some(0), Some(1)]);
        let evaluated = HashMap::from([(0, scored("完成520人", 10)), (2, scored("82%", 4))]);
        assert_eq!(
            notices(&now, &earlier, &rows, &evaluated),
            [
                (
                    Some(0),
                    "“培训人数”的指标值≥400人低于上年实际完成的520人，指标值确定依据未说明原因"
                        .to_string()
                ),
                (
                    Some(1),
                    "成本指标“培训费”比上年增长20%，预算数只增长5%".to_string()
                ),
                (
                    None,
                    "上年自评得分低的指标“培训合格率”（4分，满分10分）今年没有再设".to_string()
                ),
            ]
        );
        let explained = with_targets(
            1_200_000,
            &[
                (
                    "数量指标",
                    "培训人数",
                    "≥400人",
                    "因参训对象减少，按县培训计划下调",
                ),
                ("成本指标", "培训费", "≤60万元", ""),
            ],
        );
        assert!(notices(&explained, &earlier, &rows, &HashMap::new()).is_empty());
    }

    #[test]
    fn rows_meet_by_concept_within_their_category() {
        let now = project(
            None,
            "培训",
            &[
                ("数量指标", "培训人员数量"),
                ("质量指标", "培训合格率"),
                ("数量指标", "新增指标"),
                ("质量指标", "培训人数"),
            ],
        );
        let before = project(
            None,
            "培训",
            &[("质量指标", "培训合格率"), ("数量指标", "培训人数")],
        );
        assert_eq!(same_rows(&now, &before), [Some(1), Some(0), None, None]);
    }
}
