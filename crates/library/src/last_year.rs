//! The same project a year earlier, and the same rows in it: by 项目编码 where both have one,
//! else by a name at least [`NAME_SIMILARITY`] percent alike once years and numbering are set
//! aside; rows by the concept of their names within one 二级指标.

use jixiao_model::{Document, Project};

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

#[cfg(test)]
mod tests {
    use jixiao_model::{Document, Indicator, Level1, Level2, Project, Span, TargetValue};

    use super::*;

    fn project(code: Option<&str>, name: &str, rows: &[(&str, &str)]) -> Project {
        Project {
            code: code.map(str::to_string),
            name: name.into(),
            indicators: rows
                .iter()
                .map(|(level2, name)| Indicator {
                    level1: Level1::from_text("产出指标"),
                    level2: Level2::from_text(level2),
                    name: (*name).into(),
                    description: String::new(),
                    target: TargetValue::parse("≥1个"),
                    value_parts: None,
                    basis: None,
                    scoring_rule: None,
                    weight: None,
                    direction: None,
                    period_target: None,
                    from_library: None,
                    span: Span::line(1),
                })
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
