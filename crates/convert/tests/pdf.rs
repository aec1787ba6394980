//! PDF input through poppler: the seed's table printed to PDF reads as its text does, the corpus's
//! PDFs read as well as the Word files they were printed from, and what is no readable PDF is
//! refused with the reason.

mod corpus;

use std::collections::HashSet;

fn data(path: &str) -> Vec<u8> {
    let path = format!("{}/../../tests/data/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn a_seed_printed_to_pdf_reads_as_its_text_does() {
    let text = String::from_utf8(data("seeds/004_99f67b4a5d9a1ef2.txt")).expect("UTF-8");
    let want = jixiao_ingest::parse_tika_text(&text).document;
    let read = jixiao_convert::parse(&data("pdf/004-leting-from-docx.pdf"))
        .expect("the PDF reads")
        .document;
    assert_eq!(read.unit.code, want.unit.code);
    assert_eq!(read.unit.name, want.unit.name);
    assert_eq!(read.fiscal_year.year, want.fiscal_year.year);
    let projects = |d: &jixiao_model::Document| {
        d.projects
            .iter()
            .map(|p| {
                (
                    p.code.clone(),
                    p.name.clone(),
                    p.budget.total_yuan.map(|b| b.normalize()),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(projects(&read), projects(&want));
    // Every target of the text is read from the PDF, under the same name and with the same value.
    let targets = |d: &jixiao_model::Document| {
        d.projects
            .iter()
            .flat_map(|p| {
                p.indicators
                    .iter()
                    .map(move |i| (p.name.clone(), i.name.clone(), i.target.number))
            })
            .collect::<HashSet<_>>()
    };
    let (wanted, got) = (targets(&want), targets(&read));
    let missing: Vec<_> = wanted.difference(&got).collect();
    // A row a page break cut in two is read as two rows, its name in two halves: two of the
    // 101 rows here (`服务对象满意` + `度指标`), the one known gap.
    assert!(
        missing.len() <= 2,
        "targets not read from the PDF: {missing:?}"
    );
}

#[test]
fn corpus_pdfs_read_as_well_as_the_word_files_they_were_printed_from() {
    let cases = corpus::cases();
    let mut compared = 0;
    for pdf in cases.iter().filter(|c| c.format == "pdf") {
        let Some(docx) = cases
            .iter()
            .find(|c| c.name == pdf.name && c.format == "docx")
        else {
            continue;
        };
        let share = |case: &corpus::Case| {
            let bytes = std::fs::read(&case.path).expect("a corpus file");
            let parsed = jixiao_convert::parse(&bytes)
                .unwrap_or_else(|why| panic!("{}.{}: {why}", case.name, case.format));
            corpus::score(&case.expected, &parsed.document)
        };
        let (from_pdf, from_docx) = (share(pdf), share(docx));
        // At most two values fewer: a row a page break splits where the cut leaves more than a
        // line's space below its text (`…补贴5万` | `元。`) is read as two.
        let misses = |score: &corpus::Score| score.checked - score.right;
        assert!(
            misses(&from_pdf) <= misses(&from_docx) + 2,
            "{}: PDF {}/{} right ({:.1}%), Word {}/{} ({:.1}%); the PDF misses: {:#?}",
            pdf.name,
            from_pdf.right,
            from_pdf.checked,
            from_pdf.share() * 100.0,
            from_docx.right,
            from_docx.checked,
            from_docx.share() * 100.0,
            from_pdf.misses
        );
        compared += 1;
    }
    assert!(
        compared >= 10,
        "only {compared} documents have both a PDF and a .docx"
    );
}

/// A one-page PDF that draws a filled square and holds no text (a scan looks like this).
fn pdf_without_text() -> Vec<u8> {
    let content = "0 0 0 rg 100 100 200 200 re f\n";
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>".to_string(),
        format!(
            "<< /Length {} >>\nstream\n{content}endstream",
            content.len()
        ),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend(format!("{} 0 obj\n{object}\nendobj\n", i + 1).bytes());
    }
    let xref = pdf.len();
    pdf.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
    for offset in offsets {
        pdf.extend(format!("{offset:010} 00000 n \n").bytes());
    }
    pdf.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .bytes(),
    );
    pdf
}

#[test]
fn a_pdf_without_text_is_refused_as_a_scan() {
    let why = jixiao_convert::parse(&pdf_without_text()).expect_err("no text to read");
    assert!(why.contains("没有文字层"), "{why}");
}

#[test]
fn a_damaged_pdf_is_refused_with_the_reason() {
    let mut broken = data("pdf/004-leting-from-docx.pdf");
    broken.truncate(2_000);
    let why = jixiao_convert::parse(&broken).expect_err("a damaged PDF");
    assert!(why.contains("PDF") || why.contains("pdftotext"), "{why}");
    let why = jixiao_convert::parse(b"%PDF-1.7\n garbage").expect_err("not a PDF at all");
    assert!(!why.is_empty());
}
