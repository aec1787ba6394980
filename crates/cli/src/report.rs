//! Review reports: grouped text (coloured on a terminal), JSON, and one self-contained HTML file.

use std::fmt::Write;

use jixiao_model::Document;
use jixiao_review::{Finding, Severity};
use serde::Serialize;

use crate::commands::review::Reviewed;

fn scheme_name(scheme: jixiao_model::Scheme) -> &'static str {
    match scheme {
        jixiao_model::Scheme::Legacy => "产出/效益/满意度（成本属产出）",
        jixiao_model::Scheme::Central101 => "财预〔2021〕101号（成本为一级指标）",
    }
}

fn where_text(document: &Document, finding: &Finding) -> String {
    let mut parts = vec![format!("第{}行", finding.location.line)];
    if let (Some(position), Some(project)) =
        (finding.location.project, finding.project_in(document))
    {
        parts.push(format!("项目{}「{}」", position + 1, project.name));
    }
    if let Some(indicator) = finding.indicator_in(document) {
        parts.push(format!("指标「{}」", indicator.name));
    }
    parts.join(" ")
}

fn heading(reviewed: &Reviewed) -> String {
    let document = &reviewed.document;
    format!(
        "{}：{} {}，指标体系：{}",
        reviewed.source,
        document.unit.name.as_deref().unwrap_or("（未注明单位）"),
        document
            .fiscal_year
            .year
            .map_or("年度未定".to_string(), |y| format!("{y}年")),
        scheme_name(reviewed.report.scheme)
    )
}

pub fn text(reviewed: &[Reviewed], colour: bool) -> String {
    let paint = |severity: Severity, text: &str| -> String {
        if !colour {
            return text.to_string();
        }
        let code = match severity {
            Severity::Error => "31;1",
            Severity::Warning => "33",
            Severity::Notice => "36",
        };
        format!("\x1b[{code}m{text}\x1b[0m")
    };
    let mut out = String::new();
    for item in reviewed {
        let report = &item.report;
        let _ = writeln!(out, "{}", heading(item));
        let _ = writeln!(
            out,
            "  错误 {}，警告 {}，提示 {}",
            report.count(Severity::Error),
            report.count(Severity::Warning),
            report.count(Severity::Notice)
        );
        let mut current: Option<Option<usize>> = None;
        for finding in &report.findings {
            if current != Some(finding.location.project) {
                current = Some(finding.location.project);
                let title = match finding.location.project {
                    Some(p) => format!("项目{} {}", p + 1, item.document.projects[p].name),
                    None => "文档".to_string(),
                };
                let _ = writeln!(out, "  ── {title}");
            }
            let label = paint(finding.severity, &format!("[{}]", finding.severity.label()));
            let _ = write!(
                out,
                "    {label} {} {}：{}",
                finding.rule,
                where_text(&item.document, finding),
                finding.message
            );
            if let Some(suggestion) = &finding.suggestion {
                let _ = write!(out, "（建议：{suggestion}）");
            }
            out.push('\n');
        }
        let mut ranking = report.scores.clone();
        ranking.sort_by(|a, b| b.score.cmp(&a.score).then(a.project.cmp(&b.project)));
        let _ = writeln!(out, "  质量评分（100 分起，错误 −15，警告 −5，提示 −1）：");
        for (rank, score) in ranking.iter().enumerate() {
            let _ = writeln!(
                out,
                "    {:>2}. {:>3} 分  项目{} {}（错误 {}，警告 {}，提示 {}）",
                rank + 1,
                score.score,
                score.project + 1,
                score.name,
                score.errors,
                score.warnings,
                score.notices
            );
        }
        out.push('\n');
    }
    out
}

#[derive(Serialize)]
struct JsonDocument<'a> {
    source: &'a str,
    unit: Option<&'a str>,
    fiscal_year: Option<u16>,
    scheme: jixiao_model::Scheme,
    findings: Vec<JsonFinding<'a>>,
    scores: &'a [jixiao_review::ProjectScore],
}

/// A finding with the names its location points to.
#[derive(Serialize)]
struct JsonFinding<'a> {
    #[serde(flatten)]
    finding: &'a Finding,
    project_code: Option<&'a str>,
    project_name: Option<&'a str>,
    indicator_name: Option<&'a str>,
}

pub fn json(reviewed: &[Reviewed]) -> anyhow::Result<String> {
    let documents: Vec<JsonDocument> = reviewed
        .iter()
        .map(|r| JsonDocument {
            source: &r.source,
            unit: r.document.unit.name.as_deref(),
            fiscal_year: r.document.fiscal_year.year,
            scheme: r.report.scheme,
            findings: r
                .report
                .findings
                .iter()
                .map(|finding| JsonFinding {
                    finding,
                    project_code: finding
                        .project_in(&r.document)
                        .and_then(|p| p.code.as_deref()),
                    project_name: finding.project_in(&r.document).map(|p| p.name.as_str()),
                    indicator_name: finding.indicator_in(&r.document).map(|i| i.name.as_str()),
                })
                .collect(),
            scores: &r.report.scores,
        })
        .collect();
    Ok(serde_json::to_string_pretty(&documents)? + "\n")
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

pub fn html(reviewed: &[Reviewed]) -> String {
    let mut out = String::from(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>绩效目标审核报告</title><style>\
         body{font-family:\"Noto Sans CJK SC\",\"Microsoft YaHei\",sans-serif;margin:2em;color:#222}\
         table{border-collapse:collapse;width:100%;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}\
         th{background:#f3f3f3}.error{color:#b00020;font-weight:bold}.warning{color:#a15c00}.notice{color:#00639b}\
         .score{font-variant-numeric:tabular-nums;text-align:right}</style></head><body><h1>绩效目标审核报告</h1>\n",
    );
    for item in reviewed {
        let report = &item.report;
        let _ = write!(
            out,
            "<h2>{}</h2><p>错误 {}，警告 {}，提示 {}</p><table><tr><th>级别</th><th>规则</th><th>位置</th><th>问题</th><th>建议</th></tr>",
            escape(&heading(item)),
            report.count(Severity::Error),
            report.count(Severity::Warning),
            report.count(Severity::Notice)
        );
        for finding in &report.findings {
            let class = match finding.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Notice => "notice",
            };
            let _ = write!(
                out,
                "<tr><td class=\"{class}\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                finding.severity.label(),
                finding.rule,
                escape(&where_text(&item.document, finding)),
                escape(&finding.message),
                escape(finding.suggestion.as_deref().unwrap_or(""))
            );
        }
        out.push_str("</table><h3>项目质量评分</h3><table><tr><th>排名</th><th>项目</th><th>得分</th><th>错误</th><th>警告</th><th>提示</th></tr>");
        let mut ranking = report.scores.clone();
        ranking.sort_by(|a, b| b.score.cmp(&a.score).then(a.project.cmp(&b.project)));
        for (rank, score) in ranking.iter().enumerate() {
            let _ = write!(
                out,
                "<tr><td>{}</td><td>{}</td><td class=\"score\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                rank + 1,
                escape(&score.name),
                score.score,
                score.errors,
                score.warnings,
                score.notices
            );
        }
        out.push_str("</table>\n");
    }
    out.push_str("</body></html>\n");
    out
}
