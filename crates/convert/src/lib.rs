//! Files jixiao reads through a program outside it: PDF through poppler (`pdftotext` for the
//! words, `pdftoppm` for the pictures the table borders are read from) and .doc/.wps through
//! LibreOffice. Each program runs in a directory of its own, within a time limit, on at most
//! [`MAX_PAGES`] pages; everything else goes straight to `jixiao_ingest`.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use jixiao_ingest::{Format, IngestError, Parsed};
use jixiao_model::Diagnostic;

/// Pages of a PDF read (the rest is said, not read).
pub const MAX_PAGES: usize = 500;
/// How long one outside program may run.
const BUDGET: Duration = Duration::from_secs(60);

/// Parses a file's bytes, converting them first where a program outside jixiao must.
/// The error is the reason, in Chinese.
pub fn parse(bytes: &[u8]) -> Result<Parsed, String> {
    match jixiao_ingest::parse_bytes(bytes) {
        Err(IngestError::Unsupported {
            format: Format::Pdf,
            ..
        }) => pdf(bytes),
        Err(IngestError::Unsupported {
            format: Format::LegacyOffice,
            hint,
        }) => {
            let converted = legacy_office(bytes, hint)?;
            jixiao_ingest::parse_bytes(&converted).map_err(|e| e.to_string())
        }
        other => other.map_err(|e| e.to_string()),
    }
}

fn pdf(bytes: &[u8]) -> Result<Parsed, String> {
    let hint = Format::Pdf.conversion_hint();
    let dir = scratch()?;
    let input = dir.path().join("input.pdf");
    std::fs::write(&input, bytes).map_err(|e| format!("无法写入临时文件：{e}"))?;
    let last = MAX_PAGES.to_string();
    let words = dir.path().join("words.html");
    run(
        Command::new("pdftotext")
            .args(["-bbox-layout", "-enc", "UTF-8", "-l", &last])
            .arg(&input)
            .arg(&words),
        hint,
    )?;
    let xhtml = std::fs::read_to_string(&words).map_err(|e| format!("PDF 文字层无法读取：{e}"))?;
    run(
        Command::new("pdftoppm")
            .args([
                "-gray",
                "-r",
                "72",
                "-aa",
                "no",
                "-aaVector",
                "no",
                "-l",
                &last,
            ])
            .arg(&input)
            .arg(dir.path().join("page")),
        hint,
    )?;
    let pictures = pictures(dir.path());
    let mut parsed = jixiao_ingest::parse_pdf(&xhtml, |page| {
        pictures.get(page).and_then(|path| std::fs::read(path).ok())
    })
    .map_err(|e| e.to_string())?;
    if xhtml.matches("<page ").count() >= MAX_PAGES {
        parsed.diagnostics.push(Diagnostic::warning(
            0,
            format!("PDF 超过 {MAX_PAGES} 页，只读了前 {MAX_PAGES} 页"),
        ));
    }
    Ok(parsed)
}

/// The page pictures pdftoppm wrote (`page-1.pgm` or `page-001.pgm` …), in page order.
fn pictures(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut found: Vec<(usize, std::path::PathBuf)> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            let number = name
                .strip_prefix("page-")?
                .strip_suffix(".pgm")?
                .parse()
                .ok()?;
            Some((number, entry.path()))
        })
        .collect();
    found.sort();
    found.into_iter().map(|(_, path)| path).collect()
}

/// .doc/.wps to .docx with LibreOffice, in a profile of its own so conversions may run at once.
fn legacy_office(bytes: &[u8], hint: &str) -> Result<Vec<u8>, String> {
    let dir = scratch()?;
    let input = dir.path().join("input.doc");
    std::fs::write(&input, bytes).map_err(|e| format!("无法写入临时文件：{e}"))?;
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.path().join("profile").display()
    );
    run(
        Command::new("soffice")
            .arg(profile)
            .args(["--headless", "--convert-to", "docx", "--outdir"])
            .arg(dir.path())
            .arg(&input),
        hint,
    )?;
    std::fs::read(dir.path().join("input.docx"))
        .map_err(|_| "LibreOffice 转换失败：没有得到 .docx（文件可能已损坏或加密）".to_string())
}

fn scratch() -> Result<tempfile::TempDir, String> {
    tempfile::Builder::new()
        .prefix("jixiao-convert-")
        .tempdir()
        .map_err(|e| format!("无法创建临时目录：{e}"))
}

/// Runs a program to its end within [`BUDGET`]; a missing program is `hint`.
fn run(command: &mut Command, hint: &str) -> Result<(), String> {
    let program = command.get_program().to_string_lossy().into_owned();
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => hint.to_string(),
            _ => format!("无法运行 {program}：{e}"),
        })?;
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(()),
            Ok(Some(status)) => {
                return Err(format!(
                    "{program} 未能读取该文件（退出码 {}）：文件可能已损坏或加密",
                    status.code().unwrap_or(-1)
                ));
            }
            Ok(None) if started.elapsed() > BUDGET => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "{program} 在 {} 秒内未能处理完该文件",
                    BUDGET.as_secs()
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => return Err(format!("{program} 异常：{e}")),
        }
    }
}
