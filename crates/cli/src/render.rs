//! Terminal rendering: document summaries and project target tables with CJK widths aligned.

use std::io::Write;

use jixiao_model::{AmountUnit, Document, Project};
use rust_decimal::Decimal;
use unicode_width::UnicodeWidthStr;

pub fn summary(out: &mut impl Write, name: &str, document: &Document) -> std::io::Result<()> {
    let unit = document.unit.name.as_deref().unwrap_or("（未注明单位）");
    let year = document
        .fiscal_year
        .year
        .map_or("年度未定".to_string(), |y| format!("{y}年"));
    writeln!(
        out,
        "{name}: {unit} {year}，{} 个项目，{} 条指标，预算合计 {}",
        document.projects.len(),
        document.indicator_count(),
        money(document.project_budget_total_yuan(), document.amount_unit)
    )
}

/// An amount in 元 shown in the unit it was written in.
pub fn money(yuan: Decimal, unit: Option<AmountUnit>) -> String {
    let unit = unit.unwrap_or(AmountUnit::Yuan);
    format!("{:.2} {}", unit.from_yuan(yuan), unit.as_str())
}

fn pad(text: &str, width: usize) -> String {
    let used = UnicodeWidthStr::width(text);
    format!("{text}{}", " ".repeat(width.saturating_sub(used)))
}

fn clip(text: &str, width: usize) -> String {
    let mut out = String::new();
    for ch in text.chars().filter(|c| *c != '\n') {
        if UnicodeWidthStr::width(out.as_str())
            + unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0)
            > width
        {
            out.push('…');
            break;
        }
        out.push(ch);
    }
    out
}

/// A plain grid with columns padded to their widest cell (CJK characters count double).
pub fn grid<const N: usize>(
    out: &mut impl Write,
    header: &[&str; N],
    rows: &[[String; N]],
) -> std::io::Result<()> {
    let mut widths = header.map(UnicodeWidthStr::width);
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(UnicodeWidthStr::width(cell.as_str()));
        }
    }
    let line = |cells: Vec<&str>| {
        cells
            .iter()
            .zip(widths)
            .map(|(c, w)| pad(c, w))
            .collect::<Vec<_>>()
            .join("  ")
    };
    writeln!(out, "{}", line(header.to_vec()).trim_end())?;
    for row in rows {
        writeln!(
            out,
            "{}",
            line(row.iter().map(String::as_str).collect()).trim_end()
        )?;
    }
    Ok(())
}

/// The project's target table, as the official layout prints it.
pub fn project_table(out: &mut impl Write, project: &Project) -> std::io::Result<()> {
    writeln!(out, "项目名称  {}", project.name)?;
    writeln!(out, "项目编码  {}", project.code.as_deref().unwrap_or("—"))?;
    let budget = &project.budget;
    let amount = |yuan: Option<Decimal>| yuan.map_or("—".to_string(), |y| money(y, budget.unit));
    writeln!(
        out,
        "预算数    {}（财政资金 {}，其他资金 {}）",
        amount(budget.total_yuan),
        amount(budget.fiscal_yuan),
        amount(budget.other_yuan)
    )?;
    if let Some(purpose) = &project.purpose {
        writeln!(out, "资金用途  {}", purpose.replace('\n', " "))?;
    }
    if let Some(plan) = &project.spending_plan {
        let points: Vec<String> = plan
            .checkpoints
            .iter()
            .map(|c| {
                format!(
                    "{} {}",
                    c.label,
                    if c.raw.is_empty() { "—" } else { &c.raw }
                )
            })
            .collect();
        writeln!(
            out,
            "支出计划  {}（{}）",
            points.join("  "),
            plan.mode_basis
        )?;
    }
    for goal in &project.goals {
        writeln!(
            out,
            "绩效目标  {}{}",
            goal.label.as_deref().unwrap_or(""),
            goal.text.replace('\n', " ")
        )?;
    }
    let widths = [12, 20, 30, 14, 24];
    let header = [
        "一级指标",
        "二级指标",
        "三级指标",
        "指标值",
        "指标值确定依据",
    ];
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        header
            .iter()
            .zip(widths)
            .map(|(h, w)| pad(h, w))
            .collect::<Vec<_>>()
            .join(" ")
    )?;
    writeln!(
        out,
        "{}",
        widths
            .iter()
            .map(|w| "─".repeat(*w))
            .collect::<Vec<_>>()
            .join(" ")
    )?;
    for indicator in &project.indicators {
        let level1 = if indicator.level1.merged {
            ""
        } else {
            indicator.level1.raw.as_str()
        };
        let level2 = if indicator.level2.merged {
            ""
        } else {
            indicator.level2.raw.as_str()
        };
        let basis = indicator.basis.as_ref().map_or("", |b| b.text.as_str());
        let cells = [
            level1,
            level2,
            &indicator.name,
            &indicator.target.raw,
            basis,
        ];
        let line: Vec<String> = cells
            .iter()
            .zip(widths)
            .map(|(c, w)| pad(&clip(c, w - 1), w))
            .collect();
        writeln!(out, "{}", line.join(" ").trim_end())?;
    }
    Ok(())
}
