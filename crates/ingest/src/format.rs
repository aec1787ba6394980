//! Format detection by content, and text decoding (UTF-8, else GB18030 and friends).

use std::borrow::Cow;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    /// A zip container: .docx or .xlsx.
    OfficeOpenXml,
    /// An OLE compound file: .doc, .xls or .wps.
    LegacyOffice,
    Pdf,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "文本",
            Format::OfficeOpenXml => " Office Open XML（.docx/.xlsx）",
            Format::LegacyOffice => "旧版 Office（.doc/.xls/.wps）",
            Format::Pdf => " PDF ",
        }
    }

    pub fn conversion_hint(self) -> &'static str {
        match self {
            Format::Text => "",
            Format::OfficeOpenXml => "",
            Format::LegacyOffice => {
                "旧版 Word（.doc/.wps）需要 LibreOffice 转换：安装 libreoffice-writer 后重试，\
                 或手动执行 soffice --headless --convert-to docx 文件.doc 后导入 .docx"
            }
            Format::Pdf => "读取 PDF 需要 poppler-utils（pdftotext、pdftoppm）：安装后重试",
        }
    }
}

pub fn detect_format(bytes: &[u8]) -> Format {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        Format::OfficeOpenXml
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        Format::LegacyOffice
    } else if bytes.starts_with(b"%PDF") {
        Format::Pdf
    } else {
        Format::Text
    }
}

/// Decodes text: by its byte-order mark (UTF-8, or UTF-16 as Windows Notepad saves "Unicode"),
/// else UTF-8, else the encoding chardetng guesses (GB18030 and friends).
/// Returns `None` for binary content.
pub fn decode_text(bytes: &[u8]) -> Option<Cow<'_, str>> {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes)
        && encoding != encoding_rs::UTF_8
    {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom..]);
        return (!had_errors && !is_binary(&text)).then(|| Cow::Owned(text.into_owned()));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => {
            let mut detector =
                chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            detector.feed(bytes, true);
            let encoding = detector.guess(Some(b"cn"), chardetng::Utf8Detection::Allow);
            let (text, _, had_errors) = encoding.decode(bytes);
            if had_errors {
                return None;
            }
            text
        }
    };
    (!is_binary(&text)).then_some(text)
}

fn is_binary(text: &str) -> bool {
    text.bytes()
        .any(|b| (b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c)) || b == 0x7f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_by_content() {
        assert_eq!(detect_format(b"PK\x03\x04rest"), Format::OfficeOpenXml);
        assert_eq!(
            detect_format(&[0xD0, 0xCF, 0x11, 0xE0, 0]),
            Format::LegacyOffice
        );
        assert_eq!(detect_format(b"%PDF-1.7"), Format::Pdf);
        assert_eq!(detect_format("项目".as_bytes()), Format::Text);
    }

    #[test]
    fn decodes_gb18030() {
        let (bytes, _, _) =
            encoding_rs::GB18030.encode("项目编码\t13022923P00JXC414284D\n项目名称 环保督查经费");
        assert_eq!(
            decode_text(&bytes).as_deref(),
            Some("项目编码\t13022923P00JXC414284D\n项目名称 环保督查经费")
        );
        assert_eq!(decode_text(b"\x00\x01\x02binary"), None);
    }

    #[test]
    fn decodes_utf16_with_its_byte_order_mark() {
        let text = "项目编码\t13022923P00JXC414284D\r\n项目名称 环保督查经费";
        let little: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let big: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode_text(&little).as_deref(), Some(text));
        assert_eq!(decode_text(&big).as_deref(), Some(text));
        assert_eq!(
            decode_text(&[0xFF, 0xFE, 0x00, 0x00]),
            None,
            "binary after a BOM"
        );
    }
}
