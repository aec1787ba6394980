//! The words of each page, as poppler's `pdftotext -bbox-layout` writes them (XHTML with a box per word).

use quick_xml::events::{BytesStart, Event};

use crate::IngestError;

/// A word's box in points, from the page's top-left corner.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
    pub text: String,
}

impl Word {
    pub fn centre(&self) -> (f32, f32) {
        ((self.x0 + self.x1) / 2.0, (self.y0 + self.y1) / 2.0)
    }

    pub fn height(&self) -> f32 {
        (self.y1 - self.y0).max(1.0)
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    pub width: f32,
    pub height: f32,
    pub words: Vec<Word>,
}

/// Most words a document may hold (a 300-page table dense with text stays far below).
const MAX_WORDS: usize = 2_000_000;

pub fn read(xhtml: &str) -> Result<Vec<Page>, IngestError> {
    let mut reader = quick_xml::Reader::from_str(xhtml);
    let mut pages: Vec<Page> = Vec::new();
    let mut word: Option<Word> = None;
    let mut count = 0usize;
    loop {
        match reader.read_event() {
            Ok(Event::Start(start)) => match start.name().as_ref() {
                "page" => pages.push(Page {
                    width: number(&start, "width"),
                    height: number(&start, "height"),
                    words: Vec::new(),
                }),
                "word" => {
                    word = Some(Word {
                        x0: number(&start, "xMin"),
                        y0: number(&start, "yMin"),
                        x1: number(&start, "xMax"),
                        y1: number(&start, "yMax"),
                        text: String::new(),
                    })
                }
                _ => {}
            },
            Ok(Event::Text(text)) => {
                if let Some(word) = word.as_mut() {
                    word.text.push_str(&text.xml10_content());
                }
            }
            Ok(Event::GeneralRef(reference)) => {
                if let (Some(word), Some(c)) =
                    (word.as_mut(), crate::office::resolve_reference(&reference)?)
                {
                    word.text.push(c);
                }
            }
            Ok(Event::End(end)) if end.name().as_ref() == "word" => {
                if let (Some(done), Some(page)) = (word.take(), pages.last_mut())
                    && !done.text.trim().is_empty()
                {
                    count += 1;
                    if count > MAX_WORDS {
                        return Err(IngestError::TooLarge(format!(
                            "PDF 文字超过 {MAX_WORDS} 个词"
                        )));
                    }
                    page.words.push(done);
                }
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(error) => {
                return Err(IngestError::Broken(format!("PDF 文字层无法读取：{error}")));
            }
        }
    }
    Ok(pages)
}

fn number(start: &BytesStart, name: &str) -> f32 {
    start
        .try_get_attribute(name)
        .ok()
        .flatten()
        .and_then(|a| a.value.parse::<f32>().ok())
        .filter(|v| v.is_finite())
        .unwrap_or(0.0)
}
