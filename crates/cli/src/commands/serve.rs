//! `jixiao serve`: the web application on the same store.

use std::net::SocketAddr;

use jixiao_store::Store;
use jixiao_web::parsing::Parser;

use crate::Outcome;

#[derive(clap::Args)]
pub struct Args {
    /// 监听地址
    #[arg(long, default_value = "127.0.0.1:8080")]
    bind: SocketAddr,
    /// 有【错误】的项目也可提交（须确认）；默认有【错误】不能提交
    #[arg(long)]
    confirm_errors: bool,
    /// 审核级数：1 为财政审核（默认），2 为主管部门初审后财政终审
    #[arg(long, default_value = "1", value_parser = clap::value_parser!(u8).range(1..=2))]
    review_levels: u8,
    /// 自评一级指标分值：预算执行率,产出,效益,满意度（合计 100）
    #[arg(long, default_value = "10,50,30,10")]
    weights: String,
    /// 监控黄灯阈值：低于计划的百分点
    #[arg(long, default_value = "5")]
    yellow_below: rust_decimal::Decimal,
    /// 监控红灯阈值：低于计划的百分点
    #[arg(long, default_value = "20")]
    red_below: rust_decimal::Decimal,
}

pub fn run(database: &str, args: Args) -> anyhow::Result<Outcome> {
    super::runtime()?.block_on(async {
        let store = Store::open(database).await?;
        // Uploads are parsed by this same binary, in a process of its own (`parse-worker`).
        let parser = Parser::Worker {
            program: std::env::current_exe()?,
            args: vec!["parse-worker".into()],
        };
        let rule = if args.confirm_errors {
            jixiao_web::SubmitRule::ErrorsConfirm
        } else {
            jixiao_web::SubmitRule::ErrorsBlock
        };
        let levels = if args.review_levels == 2 {
            jixiao_web::moves::ReviewLevels::Two
        } else {
            jixiao_web::moves::ReviewLevels::One
        };
        let scoring = jixiao_web::Scoring {
            weights: jixiao_evaluate::Level1Weights::parse(&args.weights)
                .map_err(super::UsageError)?,
            thresholds: jixiao_evaluate::Thresholds {
                yellow_below: args.yellow_below,
                red_below: args.red_below,
                ..jixiao_evaluate::Thresholds::default()
            },
        };
        jixiao_web::serve(store, args.bind, parser, rule, levels, scoring).await?;
        anyhow::Ok(Outcome::Success)
    })
}
