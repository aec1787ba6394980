//! stale-year: goals that still speak of a deadline in an older year.

use jixiao_model::GoalItem;

use super::{Rule, document_location, project_location, push};
use crate::words::{deadline_years_in, years_of_name};
use crate::{Context, Finding, Location, Severity};

pub struct StaleYear;

impl Rule for StaleYear {
    fn code(&self) -> &'static str {
        "stale-year"
    }
    fn title(&self) -> &'static str {
        "目标中残留往年时限"
    }
    fn severity(&self) -> Severity {
        Severity::Warning
    }
    fn doc(&self) -> &'static str {
        "绩效目标中的时限（“2021年底”“2020年度”“到2019年”）或项目名称中的年份（2021年预算中的“2020年…补助”）早于预算年度，\
         说明目标或项目是从往年文件复制的。预算年度不明时，以文件中项目编码和项目名称指向的最晚年份为准。"
    }
    fn check(&self, context: &Context, findings: &mut Vec<Finding>) {
        let Some(year) = context.reference_year else {
            return;
        };
        let mut check = |items: &[GoalItem], location: &dyn Fn(usize) -> Location| {
            for item in items {
                let texts = [item.text.as_str(), item.target.as_deref().unwrap_or("")];
                let stale: Vec<String> = texts
                    .iter()
                    .flat_map(|t| deadline_years_in(t))
                    .filter(|(y, _)| *y < year)
                    .map(|(_, s)| s)
                    .collect();
                if !stale.is_empty() {
                    push(
                        findings,
                        self,
                        location(item.span.first_line),
                        format!("目标写的是“{}”，早于预算年度 {year} 年", stale.join("”“")),
                        Some("按本年度任务重写目标和时限"),
                    );
                }
            }
        };
        let goals = &context.document.goals;
        check(&goals.overall, &document_location);
        check(&goals.itemised, &document_location);
        for (index, project) in context.document.projects.iter().enumerate() {
            check(&project.goals, &|line| Location {
                line,
                ..project_location(index, project)
            });
        }
        // `2023年耕地地力保护补贴` in a 2024 budget: the project was copied from a year before. Only
        // against a known fiscal year: a guessed one may come from the names themselves.
        let Some(year) = context.document.fiscal_year.year else {
            return;
        };
        for (index, project) in context.document.projects.iter().enumerate() {
            let named: Vec<u16> = years_of_name(&project.name)
                .into_iter()
                .filter(|y| *y < year)
                .collect();
            if let Some(named) = named.first() {
                push(
                    findings,
                    self,
                    project_location(index, project),
                    format!(
                        "项目名称“{}”写的是{named}年，早于预算年度 {year} 年",
                        project.name
                    ),
                    Some("按本年度的项目改写名称"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use jixiao_model::{Document, FiscalYear, YearBasis};

    use crate::rules::testing::{messages, project};

    fn said(name: &str) -> Vec<String> {
        let document = Document {
            fiscal_year: FiscalYear {
                year: Some(2024),
                basis: YearBasis::Stated,
                evidence: Vec::new(),
            },
            projects: vec![project(name, Vec::new())],
            ..Document::default()
        };
        messages("stale-year", &document)
    }

    #[test]
    fn a_project_named_for_an_earlier_year_is_said_and_this_years_is_not() {
        assert_eq!(
            said("2023年耕地地力保护补贴"),
            ["项目名称“2023年耕地地力保护补贴”写的是2023年，早于预算年度 2024 年"]
        );
        assert!(said("2024年耕地地力保护补贴").is_empty());
        assert!(said("耕地地力保护补贴").is_empty());
        assert!(said("2023年度交易保证金专户决算审计").is_empty());
        assert_eq!(
            said("2023魏县主城区洒水车加冰降温项目").len(),
            1,
            "a year without 年"
        );
        assert!(said("2024魏县主城区洒水车加冰降温项目").is_empty());
        assert!(said("12345热线话务外包").is_empty());
    }

    #[test]
    fn a_goal_due_in_an_earlier_year_is_said_but_last_years_accounts_are_work() {
        let goals = |text: &str| {
            let mut goaled = project("国有企业年度审计", Vec::new());
            goaled.goals.push(jixiao_model::GoalItem {
                text: text.into(),
                ..jixiao_model::GoalItem::default()
            });
            let document = Document {
                fiscal_year: FiscalYear {
                    year: Some(2027),
                    basis: YearBasis::Stated,
                    evidence: Vec::new(),
                },
                projects: vec![goaled],
                ..Document::default()
            };
            messages("stale-year", &document)
        };
        assert_eq!(
            goals("到2025年底完成全部审计"),
            ["目标写的是“2025年底”，早于预算年度 2027 年"]
        );
        assert!(goals("2027年对12户县属国有企业开展2026年度财务决算审计").is_empty());
        assert!(goals("2027年完成全县126家公共机构2026年度能耗统计").is_empty());
        assert!(
            goals("委托会计师事务所对2026年度投标保证金专户收取、退还及利息情况进行决算审计")
                .is_empty()
        );
        assert!(goals("馆藏古籍破损待修比例由2026年底的18%降至15%以下").is_empty());
        assert!(goals("审计覆盖率比2026年提高5个百分点").is_empty());
    }
}
