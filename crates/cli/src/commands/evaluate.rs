//! `jixiao evaluate`: 绩效自评 — a pre-filled template, scoring a year's actuals, and the history.

use std::path::PathBuf;

use jixiao_evaluate::{
    Level1Weights, ReversePolicy, SELF_EVALUATION_COLUMNS, SelfEvalInput, evaluate,
    parse_amount_yuan, self_evaluation_actuals, template_rows,
};
use jixiao_store::{EvaluationKind, EvaluationRecord, RoundState, Store};

use super::UsageError;
use super::tracking;
use crate::Outcome;

#[derive(clap::Subcommand)]
pub enum Action {
    /// 导出预填好的自评表模板（.xlsx 带下拉选项，或 CSV）
    Template {
        project: String,
        #[arg(long, short)]
        output: PathBuf,
    },
    /// 按财预〔2020〕10号为项目打分并保存
    Record(RecordArgs),
    /// 查看项目历年自评
    History { project: String },
    /// 导出最近一次的表格（项目或单位汇总）：JSON、Word 或 Excel
    Report(tracking::ReportArgs),
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Reverse {
    Ratio,
    Linear,
}

#[derive(clap::Args)]
pub struct RecordArgs {
    /// 项目编号或项目编码
    project: String,
    /// 全年执行数，如 153万元
    #[arg(long)]
    executed: String,
    /// 全年预算数（调整后；默认取项目预算数）
    #[arg(long)]
    budget: Option<String>,
    /// 填好的自评表（.xlsx 或 CSV）
    #[arg(long)]
    file: PathBuf,
    /// 一级指标分值：预算执行率,产出,效益,满意度（合计 100）
    #[arg(long, default_value = "10,50,30,10")]
    weights: String,
    /// 反向指标超标时的计分方式
    #[arg(long, value_enum, default_value = "ratio")]
    reverse: Reverse,
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
                let rows = template_rows(target.project(), 5);
                tracking::write_sheet(&output, &SELF_EVALUATION_COLUMNS, &rows, &jixiao_publish::SELF_EVALUATION_CHOICES)?;
                eprintln!("已写出自评表模板 {}（定量指标填实际完成值；定性指标填完成档次 达成/部分达成/未达成 和档次内得分比例）", output.display());
                Outcome::Success
            }
            Action::Record(args) => record(&store, args).await?,
            Action::History { project } => {
                let target = tracking::find(&store, &project).await?;
                let records = store.evaluations(EvaluationKind::SelfEvaluation, &target.doc_key, Some(&target.project().name)).await?;
                for record in &records {
                    let year = record.fiscal_year.map_or("年度未定".to_string(), |y| format!("{y}年"));
                    println!("{}  {year}  {} 分  {}", record.id, record.headline, record.verdict);
                }
                println!("共 {} 次自评", records.len());
                Outcome::Success
            }
            Action::Report(args) => {
                let latest = tracking::latest::<jixiao_evaluate::SelfEvalReport>(&store, EvaluationKind::SelfEvaluation, &args).await?;
                tracking::write_report(&args, &latest, jixiao_publish::evaluation_docx, jixiao_publish::evaluation_xlsx)?;
                Outcome::Success
            }
        };
        store.close().await;
        anyhow::Ok(outcome)
    })
}

async fn record(store: &Store, args: RecordArgs) -> anyhow::Result<Outcome> {
    let target = tracking::find(store, &args.project).await?;
    let weights = Level1Weights::parse(&args.weights).map_err(UsageError)?;
    let amount = |text: &str| parse_amount_yuan(text).map_err(|e| tracking::refused(&[e]));
    let executed = amount(&args.executed)?;
    let budget = args.budget.as_deref().map(amount).transpose()?;
    let actuals = self_evaluation_actuals(target.project(), &tracking::read_sheet(&args.file)?, 2)
        .map_err(|e| tracking::refused_in(&args.file, &e))?;
    let reverse = match args.reverse {
        Reverse::Ratio => ReversePolicy::Ratio,
        Reverse::Linear => ReversePolicy::Linear,
    };
    let project = target.project();
    let input = SelfEvalInput {
        executed_yuan: executed,
        budget_yuan: budget,
        actuals,
    };
    let report = evaluate(
        &project.indicators,
        project.budget.total_yuan,
        &input,
        &weights,
        reverse,
    )
    .map_err(|e| tracking::refused(&e))?;
    let grade = serde_json::to_value(report.grade)?
        .as_str()
        .unwrap_or_default()
        .to_string();
    let record = EvaluationRecord {
        id: 0,
        doc_key: target.doc_key.clone(),
        project_code: project.code.clone(),
        project_name: project.name.clone(),
        fiscal_year: target.document.fiscal_year.year,
        headline: report.total.to_string(),
        verdict: grade.clone(),
        report: serde_json::to_string(&report)?,
        recorded_at: String::new(),
        state: RoundState::Confirmed,
        recorded_by: "命令行".into(),
        decided_by: None,
        decision_note: None,
    };
    store
        .save_evaluation(EvaluationKind::SelfEvaluation, &record, ("", None, None))
        .await?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!("{}：{} 分，{grade}", project.name, report.total);
        println!(
            "  预算执行率 {}%：{} / {} 分",
            report.execution_rate, report.budget_score, report.budget_weight
        );
        for score in &report.indicators {
            println!(
                "  {}：{} / {} 分（{}）",
                score.name, score.score, score.weight, score.policy
            );
        }
    }
    Ok(Outcome::Success)
}
