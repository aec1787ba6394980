//! satisfaction-without-survey: a satisfaction target whose basis names no survey, or is blank.

use jixiao_model::Indicator;

use super::{Rule, each_indicator, indicator_location, is_satisfaction, push};
use crate::words::{measures_satisfaction, names_a_survey};
use crate::{Context, Finding, Severity};

pub struct SatisfactionWithoutSurvey;

impl Rule for SatisfactionWithoutSurvey {
    fn code(&self) -> &'static str {
        "satisfaction-without-survey"
    }
    fn title(&self) -> &'static str {
        "满意度没有调查依据"
    }
    fn severity(&self) -> Severity {
        Severity::Warning
    }
    fn doc(&self) -> &'static str {
        "服务对象满意度一般通过问卷调查、电话回访等方式取得（财预〔2020〕10号），指标值的确定依据应写明调查方式和历史调查结果。\
         “根据往年经验”“上级要求”说不出满意度怎么测、目标从何而来。没有填写依据的由“缺少指标值确定依据”提示。"
    }
    fn reviews_department(&self) -> bool {
        true
    }
    fn check(&self, context: &Context, findings: &mut Vec<Finding>) {
        for (p, project, i, indicator) in each_indicator(context.document) {
            let basis = indicator.basis.as_ref().map_or("", |b| b.text.trim());
            if !asks_for_a_survey(indicator) || names_a_survey(basis) {
                continue;
            }
            let message = if basis.is_empty() {
                format!("满意度指标“{}”没有写明依据和调查方式", indicator.name)
            } else {
                format!(
                    "满意度指标“{}”的依据“{basis}”没有说明调查方式",
                    indicator.name
                )
            };
            push(
                findings,
                self,
                indicator_location(p, project, i, indicator),
                message,
                Some("写明调查方式和历史结果，如“问卷调查，上年满意度92%”"),
            );
        }
    }
}

/// A satisfaction row that measures satisfaction: its basis must name the survey (a row that
/// measures none is misplaced-indicator's), and a blank basis is this rule's, not missing-basis'.
pub(crate) fn asks_for_a_survey(indicator: &Indicator) -> bool {
    is_satisfaction(indicator) && measures_satisfaction(&indicator.name)
}

#[cfg(test)]
mod tests {
    use jixiao_model::{Basis, BasisKind};

    use crate::rules::testing::{indicator, messages_on, project};

    fn said(level2: &str, basis: &str) -> Vec<String> {
        let mut row = indicator("满意度指标", level2, "师生满意度", "≥90%");
        row.basis = Some(Basis {
            text: basis.into(),
            kind: BasisKind::Other,
        });
        messages_on(
            "satisfaction-without-survey",
            vec![project("校舍维修", vec![row])],
        )
    }

    #[test]
    fn a_basis_without_a_survey_is_said() {
        assert_eq!(
            said("服务对象满意度指标", "根据往年经验"),
            ["满意度指标“师生满意度”的依据“根据往年经验”没有说明调查方式"]
        );
        assert_eq!(said("服务对象满意度指标", "上级要求").len(), 1);
        let mut blank = indicator("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%");
        blank.basis = None;
        let both = |rule| messages_on(rule, vec![project("校舍维修", vec![blank.clone()])]);
        assert_eq!(
            both("satisfaction-without-survey"),
            ["满意度指标“服务对象满意度”没有写明依据和调查方式"]
        );
        assert!(both("missing-basis").is_empty());
    }

    #[test]
    fn a_survey_named_is_fine() {
        assert!(said("服务对象满意度指标", "问卷调查，上年满意度92%").is_empty());
        assert!(said("服务对象满意度指标", "历史标准：上年电话回访结果").is_empty());
    }
}
