//! project-codes: a 项目编码 cell left blank, a project without one where the document's other
//! projects carry one, or the same code on two projects of one document.

use std::collections::HashMap;

use super::{Rule, project_location, push};
use crate::{Context, Finding, Severity};

pub struct ProjectCodes;

impl Rule for ProjectCodes {
    fn code(&self) -> &'static str {
        "project-codes"
    }
    fn title(&self) -> &'static str {
        "项目编码缺失或重复"
    }
    fn severity(&self) -> Severity {
        Severity::Warning
    }
    fn doc(&self) -> &'static str {
        "项目编码是预算管理一体化系统中项目库的唯一标识，绩效目标、预算、运行监控和自评都按它对应。\
         同一文件中其他项目都有编码而本项目空白，或两个项目用了同一个编码，都无法与预算对应。"
    }
    fn check(&self, context: &Context, findings: &mut Vec<Finding>) {
        let projects = &context.document.projects;
        let coded = projects
            .iter()
            .filter(|p| has_code(p.code.as_deref()))
            .count();
        let mut by_code: HashMap<&str, Vec<usize>> = HashMap::new();
        for (p, project) in projects.iter().enumerate() {
            match project.code.as_deref().map(str::trim) {
                Some(code) if !code.is_empty() => by_code.entry(code).or_default().push(p),
                // The table has a 项目编码 cell and it was left blank.
                Some(_) => push(
                    findings,
                    self,
                    project_location(p, project),
                    format!("项目“{}”的项目编码一栏为空", project.name),
                    Some("填写一体化系统项目库中的项目编码"),
                ),
                // Blank among coded projects: the others show the code was asked for.
                _ if coded * 2 > projects.len() => push(
                    findings,
                    self,
                    project_location(p, project),
                    format!("项目“{}”没有项目编码，本文件其他项目都有", project.name),
                    Some("填写一体化系统项目库中的项目编码"),
                ),
                _ => {}
            }
        }
        let mut repeated: Vec<(&str, Vec<usize>)> =
            by_code.into_iter().filter(|(_, at)| at.len() > 1).collect();
        repeated.sort();
        for (code, at) in repeated {
            let first = &projects[at[0]].name;
            for &p in &at[1..] {
                push(
                    findings,
                    self,
                    project_location(p, &projects[p]),
                    format!("项目编码 {code} 与“{first}”重复"),
                    Some("核对项目库，每个项目一个编码"),
                );
            }
        }
    }
}

fn has_code(code: Option<&str>) -> bool {
    code.is_some_and(|c| !c.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use jixiao_model::Project;

    use crate::rules::testing::{messages_on, project};

    fn said(codes: &[(&str, Option<&str>)]) -> Vec<String> {
        let projects = codes
            .iter()
            .map(|(name, code)| Project {
                code: code.map(Into::into),
                ..project(name, Vec::new())
            })
            .collect();
        messages_on("project-codes", projects)
    }

    #[test]
    fn blank_and_repeated_codes_are_said() {
        assert_eq!(
            said(&[
                ("环保督查经费", Some("13022923P00JXC414284D")),
                ("环保举报奖", Some("13022923P00JXC414284D")),
                ("租赁费", None),
            ]),
            [
                "项目编码 13022923P00JXC414284D 与“环保督查经费”重复",
                "项目“租赁费”没有项目编码，本文件其他项目都有"
            ]
        );
    }

    #[test]
    fn a_code_cell_left_blank_is_said_even_alone() {
        assert_eq!(
            said(&[("非物质文化遗产保护传承", Some(""))]),
            ["项目“非物质文化遗产保护传承”的项目编码一栏为空"]
        );
    }

    #[test]
    fn distinct_codes_or_a_document_without_codes_are_fine() {
        assert!(said(&[("甲", Some("A1")), ("乙", Some("A2"))]).is_empty());
        assert!(said(&[("甲", None), ("乙", None)]).is_empty());
    }
}
