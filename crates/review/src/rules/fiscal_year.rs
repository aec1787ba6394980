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
        "公开文件应写明预算年度。未写明时，从项目编码中的入库年份、项目名称和总体目标中的年份推断（项目入库不晚于预算年度，早于最新入库年份的年份是沿用的旧文字）；线索互相矛盾时不作猜测，报告矛盾。"
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

#[cfg(test)]
mod tests {
    use jixiao_model::{Document, FiscalYear, YearBasis, YearEvidence};

    use crate::rules::testing::messages;

    fn said(year: Option<u16>, basis: YearBasis, evidence: Vec<YearEvidence>) -> Vec<String> {
        let document = Document {
            fiscal_year: FiscalYear {
                year,
                basis,
                evidence,
            },
            ..Document::default()
        };
        messages("fiscal-year", &document)
    }

    fn clue(year: u16, source: &str) -> YearEvidence {
        YearEvidence {
            year,
            source: source.into(),
            line: 3,
        }
    }

    #[test]
    fn conflicting_clues_are_said_with_one_source_each() {
        let evidence = vec![
            clue(2025, "项目名称 2025年乡村教师培训"),
            clue(2024, "项目编码 13043424P00000110119P"),
            clue(2025, "总体目标 2025年完成培训1200人次"),
        ];
        assert_eq!(
            said(None, YearBasis::Conflicting, evidence),
            [
                "预算年度无法确定，线索互相矛盾：2024年（项目编码 13043424P00000110119P），2025年（项目名称 2025年乡村教师培训）"
            ]
        );
    }

    #[test]
    fn no_year_and_no_clue_is_said() {
        assert_eq!(
            said(None, YearBasis::Unknown, Vec::new()),
            ["文件没有写明预算年度，也没有可推断的线索"]
        );
    }

    #[test]
    fn a_stated_or_inferred_year_is_fine() {
        assert!(said(Some(2025), YearBasis::Stated, Vec::new()).is_empty());
        let evidence = vec![clue(2025, "项目名称 2025年乡村教师培训")];
        assert!(said(Some(2025), YearBasis::Inferred, evidence).is_empty());
    }
}
