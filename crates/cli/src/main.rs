//! `jixiao`: the command line. Parses arguments, opens the store, calls the libraries,
//! and maps failures to exit codes (0 success, 1 a document failed, 2 usage errors).

mod commands;
mod render;
mod report;
mod sources;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

// glibc's allocator spent a sixth of the web server's time in malloc and free (perf).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// jixiao（绩效）：预算绩效目标管理。
#[derive(Parser)]
#[command(name = "jixiao", version, about)]
struct Cli {
    /// 数据库地址：sqlite:PATH（默认 ./jixiao.db）或 postgres://…
    #[arg(
        long,
        global = true,
        env = "JIXIAO_DATABASE_URL",
        default_value = "sqlite:jixiao.db"
    )]
    database: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 只解析文件，不写数据库
    Parse(commands::parse::Args),
    /// 导入文件或目录（递归）到数据库
    Import(commands::import::Args),
    /// 列出项目（可按单位、年度筛选）
    List(commands::list::Args),
    /// 显示一个项目的绩效目标表（按编号或项目编码）
    Show(commands::show::Args),
    /// 把自带的样例文件导入默认数据库并打印汇总
    Demo,
    /// 审核绩效目标（文件或数据库中的全部文档）
    Review(commands::review::Args),
    /// 导出绩效目标表（Word/Excel）或开放数据（CSV/JSON）
    Export(commands::export::Args),
    /// 绩效运行监控（双监控）：模板、记录、历史
    #[command(subcommand)]
    Monitor(commands::monitor::Action),
    /// 绩效自评（财预〔2020〕10号）：模板、打分、历史
    #[command(subcommand)]
    Evaluate(commands::evaluate::Action),
    /// 启动网页应用（公开查询、概览、开放数据接口）
    Serve(commands::serve::Args),
    /// 网页应用的用户（首个管理员由此创建）
    #[command(subcommand)]
    User(commands::user::Action),
    /// 指标库：按公开的绩效目标表生成、查找
    #[command(subcommand)]
    Library(commands::library::Action),
    /// 列出全部审核规则
    Rules(commands::rules::Args),
    /// 网页应用的解析进程：从标准输入读一个文件，限内存解析，JSON 写到标准输出
    #[command(hide = true)]
    ParseWorker,
}

/// The outcome of a command that ran: did every document succeed?
pub enum Outcome {
    Success,
    DocumentFailed,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            use clap::error::ErrorKind;
            if matches!(
                error.kind(),
                ErrorKind::DisplayHelp
                    | ErrorKind::DisplayVersion
                    | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            ) {
                let _ = error.print();
                return ExitCode::SUCCESS;
            }
            // What went wrong in Chinese first; clap's own lines below name the argument.
            eprintln!(
                "错误：{}（用 jixiao --help 查看用法）",
                usage_problem(error.kind())
            );
            let _ = error.print();
            return ExitCode::from(2);
        }
    };
    let result = match cli.command {
        Command::Parse(args) => commands::parse::run(args),
        Command::Import(args) => commands::import::run(&cli.database, args),
        Command::List(args) => commands::list::run(&cli.database, args),
        Command::Show(args) => commands::show::run(&cli.database, args),
        Command::Demo => commands::demo::run(&cli.database),
        Command::Review(args) => commands::review::run(&cli.database, args),
        Command::Rules(args) => commands::rules::run(args),
        Command::Library(action) => commands::library::run(&cli.database, action),
        Command::Export(args) => commands::export::run(&cli.database, args),
        Command::Serve(args) => commands::serve::run(&cli.database, args),
        Command::User(action) => commands::user::run(&cli.database, action),
        Command::Monitor(action) => commands::monitor::run(&cli.database, action),
        Command::Evaluate(action) => commands::evaluate::run(&cli.database, action),
        Command::ParseWorker => commands::parse_worker::run(),
    };
    match result {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::DocumentFailed) => ExitCode::from(1),
        Err(error) => {
            if is_broken_pipe(&error) {
                return ExitCode::SUCCESS;
            }
            eprintln!("错误：{error:#}");
            ExitCode::from(commands::exit_code(&error))
        }
    }
}

/// A command-line mistake, said in Chinese.
fn usage_problem(kind: clap::error::ErrorKind) -> &'static str {
    use clap::error::ErrorKind;
    match kind {
        ErrorKind::InvalidSubcommand => "没有这个命令",
        ErrorKind::UnknownArgument => "有不认识的参数",
        ErrorKind::MissingRequiredArgument => "缺少必需的参数",
        ErrorKind::MissingSubcommand => "缺少子命令",
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => "参数的值不对",
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => "参数的值个数不对",
        ErrorKind::ArgumentConflict => "这些参数不能同时使用",
        _ => "命令行参数有误",
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
