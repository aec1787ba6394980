//! copied-rows: an indicator row copied with its value from one of a unit's projects into
//! unrelated ones (one pass, hash map). What projects share by nature is not a copy: the
//! satisfaction rows, the cost rows (花费成本, 预算金额), the standard timeliness rows, head counts in
//! pay projects, and rows shared between projects of related names. The first project to hold
//! a row is its original; the copies are named with it, by name.

use std::collections::{HashMap, HashSet};

use jixiao_model::{Indicator, Level1Kind, Level2Kind, Project};

use super::{Rule, each_indicator, indicator_location, push};
use crate::{Context, Finding, Severity};

pub struct CopiedRows;

/// An indicator row as written: name, description and target.
type RowText<'a> = (&'a str, &'a str, &'a str);

/// Most projects named in one message.
const NAMED: usize = 3;

impl Rule for CopiedRows {
    fn code(&self) -> &'static str {
        "copied-rows"
    }
    fn title(&self) -> &'static str {
        "指标行在不同项目间照抄"
    }
    fn severity(&self) -> Severity {
        Severity::Notice
    }
    fn doc(&self) -> &'static str {
        "同一单位不相关的项目中，指标名称、描述和指标值完全相同的行多半是套用模板，应按各项目的内容分别设置。\
         满意度、成本（花费成本、预算金额）、常规时效指标、人员经费项目的人数，以及名称相近的项目之间共用的指标不算照抄；\
         最先出现该行的项目是原表，只提示后面的项目，并写明与哪些项目相同。"
    }
    fn check(&self, context: &Context, findings: &mut Vec<Finding>) {
        let projects = &context.document.projects;
        let mut by_row: HashMap<RowText, Vec<(usize, usize)>> = HashMap::new();
        for (p, project, i, indicator) in each_indicator(context.document) {
            if !shared_by_nature(project, indicator) {
                by_row
                    .entry((
                        indicator.name.as_str(),
                        indicator.description.as_str(),
                        indicator.target.raw.trim(),
                    ))
                    .or_default()
                    .push((p, i));
            }
        }
        let mut groups: Vec<Vec<(usize, usize)>> = by_row.into_values().collect();
        groups.sort();
        for rows in groups {
            let (original, _) = rows[0];
            let mut named = vec![original];
            for &(p, i) in &rows[1..] {
                if named.contains(&p) || related(&projects[original], &projects[p]) {
                    continue;
                }
                let others: Vec<&str> = named.iter().map(|&o| projects[o].name.as_str()).collect();
                let project = &projects[p];
                let indicator = &project.indicators[i];
                push(
                    findings,
                    self,
                    indicator_location(p, project, i, indicator),
                    format!(
                        "指标“{}”（指标值“{}”）与{}中的完全相同",
                        indicator.name,
                        indicator.target.raw.trim(),
                        project_names(&others)
                    ),
                    Some("按本项目的内容重新设置指标"),
                );
                if let Some(finding) = findings.last_mut() {
                    finding.related = named.clone();
                }
                named.push(p);
            }
        }
    }
}

fn project_names(names: &[&str]) -> String {
    let mut said: Vec<String> = names.iter().take(NAMED).map(|n| format!("“{n}”")).collect();
    if names.len() > NAMED {
        said.push(format!("等{}个项目", names.len()));
    }
    said.join("、")
}

/// Rows every project of a kind has: they are alike because the projects are.
fn shared_by_nature(project: &Project, indicator: &Indicator) -> bool {
    let name = indicator.name.as_str();
    let pay_project = [
        "工资",
        "人员",
        "薪",
        "保险",
        "公积金",
        "津贴",
        "补贴",
        "年金",
    ]
    .iter()
    .any(|w| project.name.contains(w));
    name.is_empty()
        || indicator.level1.is(Level1Kind::Satisfaction)
        || indicator.level1.is(Level1Kind::Cost)
        || indicator.level2.is(Level2Kind::Cost)
        || indicator.level2.is(Level2Kind::Timeliness)
        || ["成本", "预算金额", "预算资金"]
            .iter()
            .any(|w| name.contains(w))
        || (pay_project && name.contains("人数"))
}

/// Projects whose names share a good part of their words (`乡镇空气站运维费用` and
/// `城区微型空气站运维费用`) may share rows.
fn related(a: &Project, b: &Project) -> bool {
    let pairs = |name: &str| -> HashSet<(char, char)> {
        let chars: Vec<char> = name.chars().filter(|c| !c.is_ascii_digit()).collect();
        chars.windows(2).map(|w| (w[0], w[1])).collect()
    };
    let (a, b) = (pairs(&a.name), pairs(&b.name));
    let (common, all) = (a.intersection(&b).count(), a.union(&b).count());
    all > 0 && common * 10 >= all * 4
}

#[cfg(test)]
mod tests {
    use jixiao_model::{Document, Indicator, Project};

    use crate::rules::testing::{indicator, project};

    fn row(level1: &str, level2: &str, name: &str, target: &str) -> Indicator {
        Indicator {
            description: name.to_string(),
            ..indicator(level1, level2, name, target)
        }
    }

    fn copied_from(projects: Vec<Project>) -> Vec<(Option<usize>, String, Vec<usize>)> {
        let document = Document {
            projects,
            ..Document::default()
        };
        crate::review(&document)
            .findings
            .into_iter()
            .filter(|f| f.rule == "copied-rows")
            .map(|f| (f.location.project, f.message, f.related))
            .collect()
    }

    fn copied(projects: Vec<Project>) -> Vec<(Option<usize>, String)> {
        copied_from(projects)
            .into_iter()
            .map(|(project, message, _)| (project, message))
            .collect()
    }

    #[test]
    fn a_row_copied_with_its_value_into_an_unrelated_project_is_told_once() {
        let meetings = || row("产出指标", "数量指标", "召开工作会议次数", "≥4次");
        let found = copied(vec![
            project("环保督查经费", vec![meetings()]),
            project("租赁费", vec![meetings()]),
        ]);
        assert_eq!(
            found,
            [(
                Some(1),
                "指标“召开工作会议次数”（指标值“≥4次”）与“环保督查经费”中的完全相同".to_string()
            )]
        );
    }

    #[test]
    fn a_copied_row_points_at_the_projects_it_was_copied_from() {
        let meetings = || row("产出指标", "数量指标", "召开工作会议次数", "≥4次");
        let found = copied_from(vec![
            project("环保督查经费", vec![meetings()]),
            project("租赁费", vec![meetings()]),
            project("环境监测费", vec![meetings()]),
        ]);
        let related: Vec<Vec<usize>> = found.into_iter().map(|(_, _, r)| r).collect();
        assert_eq!(related, [vec![0], vec![0, 1]]);
    }

    #[test]
    fn what_projects_share_by_nature_is_no_copy() {
        let shared = || {
            vec![
                row("产出指标", "成本指标", "花费成本", "≤10万元"),
                row("产出指标", "时效指标", "完成时间", "12月底前"),
                row("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%"),
            ]
        };
        assert_eq!(
            copied(vec![
                project("环保督查经费", shared()),
                project("租赁费", shared())
            ]),
            []
        );
        let heads = || vec![row("产出指标", "数量指标", "发放人数", "=25人")];
        assert_eq!(
            copied(vec![
                project("在职人员工资", heads()),
                project("人员社保缴费", heads())
            ]),
            [],
            "head counts of pay projects"
        );
        let upkeep = || vec![row("产出指标", "数量指标", "运维站点数", "=13个")];
        assert_eq!(
            copied(vec![
                project("乡镇空气站运维费用", upkeep()),
                project("城区空气站运维费用", upkeep())
            ]),
            [],
            "projects of related names"
        );
        assert_eq!(
            copied(vec![
                project(
                    "环保督查经费",
                    vec![row("产出指标", "数量指标", "检查次数", "≥4次")]
                ),
                project(
                    "租赁费",
                    vec![row("产出指标", "数量指标", "检查次数", "≥6次")]
                ),
            ]),
            [],
            "the same name with another value is the project's own target"
        );
    }
}
