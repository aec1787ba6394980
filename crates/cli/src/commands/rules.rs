//! `jixiao rules`: the rule list, generated from the registry (also written to docs/rules.md).

use jixiao_review::RULES;

use crate::Outcome;

#[derive(clap::Args)]
pub struct Args {
    /// 输出 Markdown（docs/rules.md 即由此生成）
    #[arg(long)]
    markdown: bool,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    print!("{}", if args.markdown { markdown() } else { plain() });
    Ok(Outcome::Success)
}

fn plain() -> String {
    RULES
        .iter()
        .map(|r| {
            format!(
                "{:<24} {}  {}\n    {}\n",
                r.code(),
                r.severity().label(),
                r.title(),
                r.doc()
            )
        })
        .collect()
}

pub fn markdown() -> String {
    let mut out = format!(
        "# 审核规则\n\n由 `jixiao rules --markdown` 生成，请勿手改。\n\n\
         ## 项目质量评分\n\n每个项目从 100 分起，每条错误扣 {} 分、警告扣 {} 分、提示扣 {} 分，最低 0 分；\
         没有指标的项目 0 分，没有预算数的项目最多 {} 分（不及格）；\
         文档级问题（如预算年度不明）不计入项目得分。同一单位的项目按得分从高到低排名。\n\n\
         “部门整体”一栏为“是”的规则也审核部门整体绩效目标和部门整体支出绩效指标表。\
         各规则在标注语料上的查准率和查全率见 [review-quality.md](review-quality.md)。\n\n\
         | 规则 | 级别 | 名称 | 部门整体 |\n|---|---|---|---|\n",
        jixiao_review::DEDUCTION_ERROR,
        jixiao_review::DEDUCTION_WARNING,
        jixiao_review::DEDUCTION_NOTICE,
        jixiao_review::SCORE_WITHOUT_BUDGET
    );
    for rule in RULES {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            rule.code(),
            rule.severity().label(),
            rule.title(),
            if rule.reviews_department() { "是" } else { "" }
        ));
    }
    for rule in RULES {
        out.push_str(&format!(
            "\n## `{}` {}\n\n级别：{}。\n{}\n",
            rule.code(),
            rule.title(),
            rule.severity().label(),
            rule.doc()
        ));
    }
    out
}
