//! public-funds-as-project: a unit's everyday running costs (公用经费) filed as a project.

use super::{Rule, project_location, push};
use crate::{Context, Finding, Severity};

pub struct PublicFundsAsProject;

/// Names of 日常公用经费: what keeps an office running, budgeted as 基本支出.
const RUNNING_COSTS: &[&str] = &[
    "公用经费",
    "办公经费",
    "办公费",
    "水电费",
    "物业费",
    "物业管理费",
    "日常运转经费",
    "机关运转经费",
    "机关运行经费",
    "运转经费",
    "办公楼运行",
    "公务用车运行",
    "公务用车运维",
    "公务用车燃油",
    "公务用车维修",
    "公务用车保险",
    "公车运行",
    "物业水电",
    "办公耗材",
];

/// Things an office runs on; a name listing two of them (`办公用房水电物业及业务用车运行费`) is
/// the office's running costs.
const RUNNING_ITEMS: &[&str] = &[
    "水电",
    "物业",
    "办公用房",
    "用车运行",
    "车辆运行",
    "取暖",
    "办公用品",
    "燃油",
];

fn listed_running_costs(name: &str) -> Option<&'static str> {
    let items = RUNNING_ITEMS.iter().filter(|w| name.contains(*w)).count();
    (items >= 2).then_some("办公运转费用")
}

/// `指挥调度中心工作经费`: an office's own 工作经费 is what keeps it running.
fn office_running_costs(name: &str) -> Option<&'static str> {
    let office = ["综合保障经费", "运行保障经费", "保障经费", "工作经费"]
        .iter()
        .find_map(|end| name.strip_suffix(end))?;
    ["中心", "机关", "办公室", "局", "站", "所"]
        .iter()
        .any(|w| office.ends_with(w))
        .then_some("单位工作经费")
}

impl Rule for PublicFundsAsProject {
    fn code(&self) -> &'static str {
        "public-funds-as-project"
    }
    fn title(&self) -> &'static str {
        "日常公用经费作为项目申报"
    }
    fn severity(&self) -> Severity {
        Severity::Warning
    }
    fn doc(&self) -> &'static str {
        "机关、单位的日常公用经费（办公、水电、物业、日常运转）属基本支出，按定额保障，不作为项目支出申报绩效目标\
         （部门预算基本支出与项目支出的划分）。作为项目申报，绩效目标只能写“保障运转”，无从考核。"
    }
    fn check(&self, context: &Context, findings: &mut Vec<Finding>) {
        for (p, project) in context.document.projects.iter().enumerate() {
            let Some(word) = RUNNING_COSTS
                .iter()
                .copied()
                .find(|w| project.name.contains(w))
                .or_else(|| office_running_costs(&project.name))
                .or_else(|| listed_running_costs(&project.name))
            else {
                continue;
            };
            push(
                findings,
                self,
                project_location(p, project),
                format!(
                    "项目“{}”是{word}，属基本支出，不应作为项目申报",
                    project.name
                ),
                Some("列入基本支出；确有专项任务的，按任务另立项目并写明产出"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{messages_on, project};

    fn said(name: &str) -> Vec<String> {
        messages_on("public-funds-as-project", vec![project(name, Vec::new())])
    }

    #[test]
    fn running_costs_filed_as_a_project_are_said() {
        assert_eq!(
            said("局机关公用经费"),
            ["项目“局机关公用经费”是公用经费，属基本支出，不应作为项目申报"]
        );
        assert_eq!(said("县中心敬老院公用经费").len(), 1);
        assert_eq!(
            said("生态环保巡查指挥调度中心工作经费"),
            ["项目“生态环保巡查指挥调度中心工作经费”是单位工作经费，属基本支出，不应作为项目申报"]
        );
        assert_eq!(said("退役军人服务中心运转经费").len(), 1);
        assert_eq!(said("信访局机关综合保障经费").len(), 1);
        assert_eq!(said("机关办公楼运行及公务用车运维").len(), 1);
        assert_eq!(said("中心办公楼物业水电及办公耗材").len(), 1);
        assert_eq!(said("中心公务用车燃油维修及保险").len(), 1);
        assert_eq!(said("中心办公用房水电物业及业务用车运行费").len(), 1);
    }

    #[test]
    fn a_task_funded_as_a_project_is_fine() {
        assert!(said("法律顾问专项经费").is_empty());
        assert!(said("文化馆免费开放").is_empty());
        assert!(said("禁毒宣传工作经费").is_empty());
        assert!(said("农村饮水工程水电补助").is_empty());
    }
}
