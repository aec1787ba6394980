//! The tables of the year: 绩效运行监控表 and 项目支出绩效自评表, per project with a unit
//! summary first, as .docx and .xlsx (JSON is the reports themselves).

use docx_rs::Docx;
use jixiao_evaluate::{Light, MonitorReport, SelfEvalReport};
use rust_decimal::Decimal;
use rust_xlsxwriter::Workbook;
use serde::Serialize;

use crate::PublishError;
use crate::docx::{heading, pack, paragraph, table};
use crate::layout::Cell;
use crate::xlsx::{SheetWriter, sheet_name, widths};

/// One project's report with the names the tables print.
pub struct Tracked<'a, R> {
    pub project_name: &'a str,
    pub project_code: Option<&'a str>,
    pub report: &'a R,
}

fn label<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn wan(yuan: Option<Decimal>) -> String {
    yuan.map_or(String::new(), |y| {
        format!(
            "{}万元",
            (y / Decimal::from(10_000)).round_dp(4).normalize()
        )
    })
}

fn row(texts: &[String]) -> Vec<Cell> {
    texts.iter().map(Cell::text).collect()
}

fn monitor_tables(item: &Tracked<MonitorReport>) -> (String, Vec<Vec<Cell>>, Vec<Vec<Cell>>) {
    let report = item.report;
    let title = format!(
        "{} 绩效运行监控表（截至{}）",
        item.project_name, report.cutoff
    );
    let percent = |p: Option<Decimal>| p.map_or(String::new(), |p| format!("{p}%"));
    let header = vec![
        row(&[
            "项目名称".into(),
            item.project_name.into(),
            "项目编码".into(),
            item.project_code.unwrap_or("").into(),
        ]),
        row(&[
            "年度预算数".into(),
            wan(report.budget_yuan),
            "截至监控期执行数".into(),
            wan(Some(report.spent_yuan)),
        ]),
        row(&[
            "计划支出进度".into(),
            percent(report.planned_percent),
            "实际执行率".into(),
            percent(report.executed_percent),
        ]),
        row(&[
            "支出预警".into(),
            label(&report.spending_light),
            "说明".into(),
            report.spending_reason.clone(),
        ]),
    ];
    let mut indicators = vec![row(&[
        "三级指标",
        "年度指标值",
        "截至监控期完成情况",
        "全年预计完成情况",
        "完成目标可能性",
        "预警",
        "偏差原因",
        "整改措施",
    ]
    .map(String::from))];
    for verdict in &report.indicators {
        let causes: Vec<String> = verdict.causes.iter().map(label).collect();
        let mut cause = causes.join("、");
        if let Some(note) = &verdict.cause_note {
            cause.push_str(&format!("（{note}）"));
        }
        indicators.push(row(&[
            verdict.name.clone(),
            verdict.target.clone(),
            verdict.reached.clone().unwrap_or_default(),
            verdict.forecast.clone().unwrap_or_default(),
            verdict.likelihood.as_ref().map(label).unwrap_or_default(),
            format!("{}：{}", label(&verdict.light), verdict.reason),
            cause,
            verdict.rectification.clone().unwrap_or_default(),
        ]));
    }
    (title, header, indicators)
}

fn monitor_summary(items: &[Tracked<MonitorReport>]) -> Vec<Vec<Cell>> {
    let mut rows = vec![row(&[
        "项目",
        "截止日期",
        "计划进度",
        "执行率",
        "支出预警",
        "红灯指标",
        "黄灯指标",
        "综合预警",
    ]
    .map(String::from))];
    for item in items {
        let report = item.report;
        let count = |light: Light| {
            report
                .indicators
                .iter()
                .filter(|i| i.light == light)
                .count()
                .to_string()
        };
        rows.push(row(&[
            item.project_name.to_string(),
            report.cutoff.to_string(),
            report
                .planned_percent
                .map_or(String::new(), |p| format!("{p}%")),
            report
                .executed_percent
                .map_or(String::new(), |p| format!("{p}%")),
            label(&report.spending_light),
            count(Light::Red),
            count(Light::Yellow),
            label(&report.light()),
        ]));
    }
    rows
}

fn evaluation_tables(item: &Tracked<SelfEvalReport>) -> (String, Vec<Vec<Cell>>, Vec<Vec<Cell>>) {
    let report = item.report;
    let title = format!("{} 项目支出绩效自评表", item.project_name);
    let header = vec![
        row(&[
            "项目名称".into(),
            item.project_name.into(),
            "项目编码".into(),
            item.project_code.unwrap_or("").into(),
        ]),
        row(&[
            "全年预算数".into(),
            wan(Some(report.budget_yuan)),
            "全年执行数".into(),
            wan(Some(report.executed_yuan)),
        ]),
        row(&[
            "执行率".into(),
            format!("{}%", report.execution_rate),
            "预算执行率得分".into(),
            format!("{} / {}", report.budget_score, report.budget_weight),
        ]),
        row(&[
            "总分".into(),
            report.total.to_string(),
            "自评等级".into(),
            label(&report.grade),
        ]),
    ];
    let mut indicators = vec![row(&[
        "一级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "计分方法",
        "偏差原因分析及改进措施",
    ]
    .map(String::from))];
    for score in &report.indicators {
        let deviation = match (&score.reason, &score.measure) {
            (Some(reason), Some(measure)) => format!("{reason}；{measure}"),
            (Some(text), None) | (None, Some(text)) => text.clone(),
            (None, None) => String::new(),
        };
        indicators.push(row(&[
            score.level1.clone(),
            score.name.clone(),
            score.target.clone(),
            score.actual.clone(),
            score.weight.to_string(),
            score.score.to_string(),
            score.policy.clone(),
            deviation,
        ]));
    }
    (title, header, indicators)
}

fn evaluation_summary(items: &[Tracked<SelfEvalReport>]) -> Vec<Vec<Cell>> {
    let mut rows = vec![row(&["项目", "执行率", "总分", "等级"].map(String::from))];
    for item in items {
        let report = item.report;
        rows.push(row(&[
            item.project_name.to_string(),
            format!("{}%", report.execution_rate),
            report.total.to_string(),
            label(&report.grade),
        ]));
    }
    rows
}

type Tables = (String, Vec<Vec<Cell>>, Vec<Vec<Cell>>);

fn docx_of(
    title: &str,
    summary: Vec<Vec<Cell>>,
    projects: Vec<Tables>,
) -> Result<Vec<u8>, PublishError> {
    let mut docx = Docx::new()
        .add_paragraph(heading(title))
        .add_table(table(&summary));
    for (project_title, header, indicators) in projects {
        docx = docx
            .add_paragraph(paragraph(""))
            .add_paragraph(heading(&project_title))
            .add_table(table(&header));
        docx = docx
            .add_paragraph(paragraph(""))
            .add_table(table(&indicators));
    }
    pack(docx)
}

fn xlsx_of(
    title: &str,
    summary: Vec<Vec<Cell>>,
    projects: Vec<Tables>,
) -> Result<Vec<u8>, PublishError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet().set_name("汇总")?;
    widths(sheet, &[30.0, 14.0, 12.0, 12.0, 12.0, 10.0, 10.0, 12.0])?;
    let mut writer = SheetWriter::new(sheet);
    writer.paragraph(title, true)?;
    writer.table(&summary, &|_, _| false)?;
    for (index, (project_title, header, indicators)) in projects.into_iter().enumerate() {
        let sheet = workbook
            .add_worksheet()
            .set_name(sheet_name(index, &project_title))?;
        widths(sheet, &[24.0, 16.0, 18.0, 18.0, 12.0, 30.0, 18.0, 24.0])?;
        let mut writer = SheetWriter::new(sheet);
        writer.paragraph(&project_title, true)?;
        writer.table(&header, &|_, _| false)?;
        writer.gap();
        writer.table(&indicators, &|_, _| false)?;
    }
    Ok(workbook.save_to_buffer()?)
}

pub fn monitor_docx(unit: &str, items: &[Tracked<MonitorReport>]) -> Result<Vec<u8>, PublishError> {
    docx_of(
        &format!("{unit} 绩效运行监控汇总"),
        monitor_summary(items),
        items.iter().map(monitor_tables).collect(),
    )
}

pub fn monitor_xlsx(unit: &str, items: &[Tracked<MonitorReport>]) -> Result<Vec<u8>, PublishError> {
    xlsx_of(
        &format!("{unit} 绩效运行监控汇总"),
        monitor_summary(items),
        items.iter().map(monitor_tables).collect(),
    )
}

pub fn evaluation_docx(
    unit: &str,
    items: &[Tracked<SelfEvalReport>],
) -> Result<Vec<u8>, PublishError> {
    docx_of(
        &format!("{unit} 项目支出绩效自评汇总"),
        evaluation_summary(items),
        items.iter().map(evaluation_tables).collect(),
    )
}

pub fn evaluation_xlsx(
    unit: &str,
    items: &[Tracked<SelfEvalReport>],
) -> Result<Vec<u8>, PublishError> {
    xlsx_of(
        &format!("{unit} 项目支出绩效自评汇总"),
        evaluation_summary(items),
        items.iter().map(evaluation_tables).collect(),
    )
}
