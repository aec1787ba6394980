//! copied-rows: the same indicator row copied across a unit's projects (one pass, hash map).

use std::collections::HashMap;

use jixiao_model::Level1Kind;

use super::{Rule, each_indicator, indicator_location, push};
use crate::{Context, Finding, Severity};

pub struct CopiedRows;

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
        "同一单位不同项目的指标名称和描述完全相同（满意度指标除外），多半是套用模板，应按各项目的内容分别设置。"
    }
    fn check(&self, context: &Context, findings: &mut Vec<Finding>) {
        let mut by_text: HashMap<(&str, &str), Vec<(usize, usize)>> = HashMap::new();
        for (p, _, i, indicator) in each_indicator(context.document) {
            if indicator.level1.is(Level1Kind::Satisfaction) || indicator.name.is_empty() {
                continue;
            }
            by_text
                .entry((indicator.name.as_str(), indicator.description.as_str()))
                .or_default()
                .push((p, i));
        }
        let projects = &context.document.projects;
        let mut groups: Vec<&Vec<(usize, usize)>> = by_text
            .values()
            .filter(|rows| {
                let mut distinct: Vec<usize> = rows.iter().map(|(p, _)| *p).collect();
                distinct.dedup();
                distinct.len() > 1
            })
            .collect();
        groups.sort();
        for rows in groups {
            let mut numbers: Vec<String> = rows
                .iter()
                .take(5)
                .map(|(p, _)| format!("项目{}", p + 1))
                .collect();
            if rows.len() > 5 {
                numbers.push(format!("等共{}处", rows.len()));
            }
            for &(p, i) in rows {
                let project = &projects[p];
                let indicator = &project.indicators[i];
                push(
                    findings,
                    self,
                    indicator_location(p, project, i, indicator),
                    format!("指标“{}”在{}中完全相同", indicator.name, numbers.join("、")),
                    Some("按本项目的内容重新设置指标"),
                );
            }
        }
    }
}
