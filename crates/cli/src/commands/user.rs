//! `jixiao user add|list`: accounts for the web application (the first administrator comes
//! from here).

use std::io::{BufRead, IsTerminal};

use jixiao_store::Store;

use super::UsageError;
use crate::Outcome;

#[derive(clap::Subcommand)]
pub enum Action {
    /// 新建用户；密码从环境变量 JIXIAO_PASSWORD 读取，在终端上提示输入（不回显），否则读标准输入的第一行
    Add {
        name: String,
        /// admin（管理员）、reviewer（财政审核员）、department（主管部门审核员，两级审核时初审）或 unit（单位填报员）
        #[arg(long)]
        role: String,
        /// 单位填报员所属单位：文件所印的单位全称或单位编码，须完全一致（没有登记的单位随之登记）
        #[arg(long)]
        unit: Option<String>,
    },
    /// 列出全部用户：用户名、角色、所属单位
    List,
}

pub fn run(database: &str, action: Action) -> anyhow::Result<Outcome> {
    let (name, role, unit) = match action {
        Action::Add { name, role, unit } => (name, role, unit),
        Action::List => return list(database),
    };
    if jixiao_web::auth::Role::parse(&role).is_none() {
        return Err(UsageError(format!(
            "角色“{role}”应为 admin、reviewer、department 或 unit"
        ))
        .into());
    }
    if (role == "unit" || role == "department") && unit.as_deref().is_none_or(str::is_empty) {
        return Err(UsageError(
            "单位填报员和主管部门审核员须用 --unit 指定所属单位（主管部门审核员为部门本身）".into(),
        )
        .into());
    }
    let password = match std::env::var("JIXIAO_PASSWORD") {
        Ok(password) => password,
        // At a terminal the password is asked for and not shown as it is typed.
        Err(_) if std::io::stdin().is_terminal() => rpassword::prompt_password("密码：")?,
        Err(_) => std::io::stdin()
            .lock()
            .lines()
            .next()
            .transpose()?
            .unwrap_or_default(),
    };
    if password.chars().count() < 8 {
        return Err(UsageError("密码至少 8 个字符".into()).into());
    }
    let hash = jixiao_web::auth::hash_password(&password).map_err(|e| anyhow::anyhow!(e))?;
    super::runtime()?.block_on(async {
        let store = Store::open(database).await?;
        if store.user_by_name(&name).await?.is_some() {
            return Err(UsageError(format!("用户“{name}”已存在")).into());
        }
        let unit = unit.as_deref().map(str::trim).filter(|u| !u.is_empty());
        if let Some(unit) = unit
            && !store.units().await?.iter().any(|u| u.name == unit)
        {
            store.add_unit(unit, None, None).await?;
        }
        store.add_user(&name, &hash, &role, unit).await?;
        store.close().await;
        anyhow::Ok(())
    })?;
    eprintln!(
        "已创建用户 {name}（{}）",
        jixiao_web::auth::Role::parse(&role).map_or("", |r| r.label())
    );
    Ok(Outcome::Success)
}

fn list(database: &str) -> anyhow::Result<Outcome> {
    let users = super::runtime()?.block_on(async {
        let store = super::open_existing(database).await?;
        let users = store.users().await?;
        store.close().await;
        anyhow::Ok(users)
    })?;
    let mut out = String::new();
    for user in &users {
        let role =
            jixiao_web::auth::Role::parse(&user.role).map_or(user.role.as_str(), |r| r.label());
        out.push_str(&format!(
            "{}\t{role}\t{}\n",
            user.name,
            user.unit.as_deref().unwrap_or("")
        ));
    }
    use std::io::Write;
    std::io::stdout().write_all(out.as_bytes())?;
    eprintln!("共 {} 个用户", users.len());
    Ok(Outcome::Success)
}
