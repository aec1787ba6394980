//! `jixiao monitor`: 绩效运行监控 — a pre-filled template, recording a round, and the history.

use std::path::PathBuf;

use jixiao_evaluate::{
    Date, MONITOR_COLUMNS, MonitorInput, Thresholds, monitor, monitor_progress, parse_amount_yuan,
    template_rows,
};
use jixiao_store::{EvaluationKind, EvaluationRecord, RoundState, Store};

use super::UsageError;
use super::tracking;
use crate::Outcome;

#[derive(clap::Subcommand)]
pub enum Action {
    /// 导出预填好的监控表模板（.xlsx 带下拉选项，或 CSV）
    Template {
        project: String,
        #[arg(long, short)]
        output: PathBuf,
    },
    /// 记录一次监控（截止日期、支出和填好的监控表），给出预警并保存
    Record(RecordArgs),
    /// 查看项目或单位的监控记录
    History { project: String },
    /// 导出最近一次的表格（项目或单位汇总）：JSON、Word 或 Excel
    Report(tracking::ReportArgs),
}

#[derive(clap::Args)]
pub struct RecordArgs {
    /// 项目编号或项目编码
    project: String,
    /// 截止日期（默认为预算年度的 7 月 31 日）
    #[arg(long)]
    cutoff: Option<String>,
    /// 截至监控期的支出，如 40万元 或 400000
    #[arg(long)]
    spent: String,
    /// 全年预计执行数
    #[arg(long)]
    forecast: Option<String>,
    /// 填好的监控表（.xlsx 或 CSV）
    #[arg(long)]
    file: Option<PathBuf>,
    /// 黄灯阈值：低于计划的百分点（默认 5）
    #[arg(long, default_value = "5")]
    yellow_below: rust_decimal::Decimal,
    /// 红灯阈值：低于计划的百分点（默认 20）
    #[arg(long, default_value = "20")]
    red_below: rust_decimal::Decimal,
    /// 输出 JSON
    #[arg(long)]
    json: bool,
}

pub fn run(database: &str, action: Action) -> anyhow::Result<Outcome> {
    super::runtime()?.block_on(async {
        let store = super::open_existing(database).await?;
        let outcome = match action {
            Action::Template { project, output } => {
                let target = tracking::find(&store, &project).await?;
                let rows = template_rows(target.project(), 6);
                tracking::write_sheet(&output, &MONITOR_COLUMNS, &rows, &jixiao_publish::MONITOR_CHOICES)?;
                eprintln!("已写出监控表模板 {}（完成目标可能性填 确定能/有可能/完全不可能；偏差原因填 经费保障/制度保障/人员保障/硬件条件保障/其他，可用、分隔）", output.display());
                Outcome::Success
            }
            Action::Record(args) => record(&store, args).await?,
            Action::History { project } => {
                let target = tracking::find(&store, &project).await?;
                let rounds = store.evaluations(EvaluationKind::Monitor, &target.doc_key, Some(&target.project().name)).await?;
                for round in &rounds {
                    println!("{}  截止 {}  {}", round.id, round.headline, round.verdict);
                }
                println!("共 {} 次监控", rounds.len());
                Outcome::Success
            }
            Action::Report(args) => {
                let latest = tracking::latest::<jixiao_evaluate::MonitorReport>(&store, EvaluationKind::Monitor, &args).await?;
                tracking::write_report(&args, &latest, jixiao_publish::monitor_docx, jixiao_publish::monitor_xlsx)?;
                Outcome::Success
            }
        };
        store.close().await;
        anyhow::Ok(outcome)
    })
}

async fn record(store: &Store, args: RecordArgs) -> anyhow::Result<Outcome> {
    let target = tracking::find(store, &args.project).await?;
    let year = target.document.fiscal_year.year;
    let cutoff = match &args.cutoff {
        Some(text) => Date::parse(text)
            .ok_or_else(|| UsageError(format!("截止日期“{text}”无法读取（应为 2024-07-31）")))?,
        None => year
            .and_then(|y| Date::new(y, 7, 31))
            .ok_or_else(|| UsageError("文档没有预算年度，请用 --cutoff 指定截止日期".into()))?,
    };
    let amount = |text: &str| parse_amount_yuan(text).map_err(|e| tracking::refused(&[e]));
    let spent = amount(&args.spent)?;
    let forecast = args.forecast.as_deref().map(amount).transpose()?;
    let progress = match &args.file {
        Some(path) => monitor_progress(target.project(), &tracking::read_sheet(path)?, 2)
            .map_err(|e| tracking::refused_in(path, &e))?,
        None => Vec::new(),
    };
    let thresholds = Thresholds {
        yellow_below: args.yellow_below,
        red_below: args.red_below,
        ..Thresholds::default()
    };
    let input = MonitorInput {
        cutoff,
        spent_yuan: spent,
        forecast_yuan: forecast,
        progress,
    };
    let report = monitor(&target.document, target.position, &input, &thresholds)
        .map_err(|e| tracking::refused(&e))?;
    let project = target.project();
    let light = serde_json::to_value(report.light())?
        .as_str()
        .unwrap_or_default()
        .to_string();
    let record = EvaluationRecord {
        id: 0,
        doc_key: target.doc_key.clone(),
        project_code: project.code.clone(),
        project_name: project.name.clone(),
        fiscal_year: year,
        headline: cutoff.to_string(),
        verdict: light.clone(),
        report: serde_json::to_string(&report)?,
        recorded_at: String::new(),
        state: RoundState::Confirmed,
        recorded_by: "命令行".into(),
        decided_by: None,
        decision_note: None,
    };
    let spending = serde_json::to_value(report.spending_light)?
        .as_str()
        .unwrap_or_default()
        .to_string();
    let planned = report.planned_percent.map(|p| p.to_string());
    let executed = report.executed_percent.map(|p| p.to_string());
    store
        .save_evaluation(
            EvaluationKind::Monitor,
            &record,
            (&spending, planned.as_deref(), executed.as_deref()),
        )
        .await?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!("{} 截至 {}：{light}", project.name, cutoff);
        println!("  支出进度：{spending}，{}", report.spending_reason);
        for verdict in &report.indicators {
            println!(
                "  {}：{}，{}",
                verdict.name,
                serde_json::to_value(verdict.light)?
                    .as_str()
                    .unwrap_or_default(),
                verdict.reason
            );
        }
    }
    Ok(Outcome::Success)
}
