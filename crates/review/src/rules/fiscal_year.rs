//! fiscal-year: the document's fiscal year is ambiguous or missing.

use jixiao_model::YearBasis;

use super::{Rule, document_location, push};
use crate::{Context, Finding, Severity};

pub struct FiscalYearRule;

impl Rule for FiscalYearRule {
    fn code(&self) -> &'static str {
        "fiscal-year"
    }
    fn title(&self) -> &'static str {
        "预算年度不明确"
    }
    fn severity(&self) -> Severity {
        Severity::Warning
    }
    fn doc(&self) -> &'static str {
        "公开文件应写明预算年度。未写明时，从项目编码中的入库年份、项目名称和总体目标中的年份推断；线索互相矛盾时不作猜测，报告矛盾。"
    }
    fn check(&self, context: &Context, findings: &mut Vec<Finding>) {
        let year = &context.document.fiscal_year;
        let message = match year.basis {
            YearBasis::Conflicting => {
                let mut years: Vec<u16> = year.evidence.iter().map(|e| e.year).collect();
                years.sort_unstable();
                years.dedup();
                let clues: Vec<String> = years
                    .iter()
                    .map(|y| {
                        let sources: Vec<&str> = year
                            .evidence
                            .iter()
                            .filter(|e| e.year == *y)
                            .map(|e| e.source.as_str())
                            .take(1)
                            .collect();
                        format!("{y}年（{}）", sources.join(""))
                    })
                    .collect();
                format!("预算年度无法确定，线索互相矛盾：{}", clues.join("，"))
            }
            YearBasis::Unknown => "文件没有写明预算年度，也没有可推断的线索".to_string(),
            YearBasis::Stated | YearBasis::Inferred => return,
        };
        let line = year.evidence.first().map_or(1, |e| e.line);
        push(
            findings,
            self,
            document_location(line),
            message,
            Some("在标题中写明“XXXX年部门预算”"),
        );
    }
}
