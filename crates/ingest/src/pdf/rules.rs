//! The ruling lines of a page (table borders), found in its rendering: runs of dark pixels.
//!
//! Reading lines off the picture rather than the drawing operators makes no difference between
//! a border stroked as a line, filled as a thin rectangle or drawn by a form: what is seen is
//! what counts. The page comes as a binary PGM (`pdftoppm -gray`), one pixel per point at 72 dpi.

use super::words::Word;

/// A horizontal (`at` is y) or vertical (`at` is x) line from `from` to `to`, in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Segment {
    pub at: f32,
    pub from: f32,
    pub to: f32,
}

/// A page's lines: horizontal and vertical.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rules {
    pub horizontal: Vec<Segment>,
    pub vertical: Vec<Segment>,
}

impl Rules {
    /// Leaves out the strokes of the words' own glyphs (a `丨` in `县` touching a row's borders
    /// is no column border): a line lying inside a word's box is part of it.
    pub fn drop_strokes_of(&mut self, words: &[Word]) {
        let inside =
            |across: f32, from: f32, to: f32, box_across: (f32, f32), box_along: (f32, f32)| {
                across > box_across.0 + 0.5
                    && across < box_across.1 - 0.5
                    && from >= box_along.0 - 2.0
                    && to <= box_along.1 + 2.0
            };
        self.vertical.retain(|v| {
            !words
                .iter()
                .any(|w| inside(v.at, v.from, v.to, (w.x0, w.x1), (w.y0, w.y1)))
        });
        self.horizontal.retain(|h| {
            !words
                .iter()
                .any(|w| inside(h.at, h.from, h.to, (w.y0, w.y1), (w.x0, w.x1)))
        });
    }
}

/// Darker than this (of 255) is ink.
const INK: u8 = 160;
/// Shortest run taken as a line, in pixels (a glyph's stroke is shorter, or touches no border).
const SHORTEST: usize = 8;
/// A band of ink thicker than this is a filled area; its edges are borders.
const THICKEST: usize = 4;

struct Grey<'a> {
    width: usize,
    height: usize,
    pixels: &'a [u8],
}

/// Reads a binary greyscale PGM (`P5`, 8 bits); `None` for anything else.
fn grey(bytes: &[u8]) -> Option<Grey<'_>> {
    let mut fields = Vec::with_capacity(4);
    let mut at = 0;
    while fields.len() < 4 {
        while at < bytes.len() && bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        if bytes.get(at) == Some(&b'#') {
            while at < bytes.len() && bytes[at] != b'\n' {
                at += 1;
            }
            continue;
        }
        let start = at;
        while at < bytes.len() && !bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        if start == at {
            return None;
        }
        fields.push(std::str::from_utf8(&bytes[start..at]).ok()?);
    }
    let pixels = bytes.get(at + 1..)?;
    let width: usize = fields[1].parse().ok()?;
    let height: usize = fields[2].parse().ok()?;
    let fits =
        fields[0] == "P5" && fields[3] == "255" && pixels.len() >= width.checked_mul(height)?;
    fits.then_some(Grey {
        width,
        height,
        pixels,
    })
}

/// The lines of a page `width` points wide; no lines for an unreadable picture.
pub fn read(pgm: &[u8], width: f32) -> Rules {
    let Some(image) = grey(pgm).filter(|image| image.width > 0) else {
        return Rules::default();
    };
    let scale = width / image.width as f32;
    let ink = |x: usize, y: usize| image.pixels[y * image.width + x] < INK;
    let horizontal = lines(image.height, image.width, |across, along| {
        ink(along, across)
    });
    let vertical = lines(image.width, image.height, |across, along| {
        ink(across, along)
    });
    let to_points = |s: Vec<Segment>| {
        s.into_iter()
            .map(|s| Segment {
                at: s.at * scale,
                from: s.from * scale,
                to: s.to * scale,
            })
            .collect()
    };
    Rules {
        horizontal: to_points(horizontal),
        vertical: to_points(vertical),
    }
}

/// A band of runs on consecutive scan lines with (nearly) the same ends.
struct Band {
    first: usize,
    last: usize,
    from: usize,
    to: usize,
}

/// Lines parallel to the scan direction: `ink(across, along)`, scanning `along` on each `across`.
fn lines(across: usize, along: usize, ink: impl Fn(usize, usize) -> bool) -> Vec<Segment> {
    let mut open: Vec<Band> = Vec::new();
    let mut closed: Vec<Band> = Vec::new();
    for a in 0..across {
        let mut runs = Vec::new();
        let mut start = None;
        for b in 0..=along {
            match (b < along && ink(a, b), start) {
                (true, None) => start = Some(b),
                (false, Some(s)) => {
                    if b - s >= SHORTEST {
                        runs.push((s, b - 1));
                    }
                    start = None;
                }
                _ => {}
            }
        }
        let mut next = Vec::with_capacity(runs.len());
        for (from, to) in runs {
            let continues = open.iter().position(|band| {
                band.last + 1 == a && band.from.abs_diff(from) <= 1 && band.to.abs_diff(to) <= 1
            });
            match continues {
                Some(i) => {
                    let mut band = open.swap_remove(i);
                    band.last = a;
                    next.push(band);
                }
                None => next.push(Band {
                    first: a,
                    last: a,
                    from,
                    to,
                }),
            }
        }
        closed.append(&mut open);
        open = next;
    }
    closed.append(&mut open);
    let mut segments = Vec::new();
    for band in closed {
        let (from, to) = (band.from as f32, band.to as f32 + 1.0);
        if band.last - band.first < THICKEST {
            let at = (band.first + band.last) as f32 / 2.0 + 0.5;
            segments.push(Segment { at, from, to });
        } else {
            segments.push(Segment {
                at: band.first as f32,
                from,
                to,
            });
            segments.push(Segment {
                at: band.last as f32 + 1.0,
                from,
                to,
            });
        }
    }
    segments
}

#[cfg(test)]
mod tests {
    use super::*;

    fn picture(width: usize, height: usize, dark: impl Fn(usize, usize) -> bool) -> Vec<u8> {
        let mut bytes = format!("P5\n{width} {height}\n255\n").into_bytes();
        for y in 0..height {
            for x in 0..width {
                bytes.push(if dark(x, y) { 0 } else { 255 });
            }
        }
        bytes
    }

    #[test]
    fn a_box_gives_two_lines_each_way_and_a_glyph_none() {
        let pgm = picture(60, 40, |x, y| {
            let border = ((y == 5 || y == 30) && (5..=50).contains(&x))
                || ((x == 5 || x == 50) && (5..=30).contains(&y));
            let glyph = (20..24).contains(&x) && (12..16).contains(&y);
            border || glyph
        });
        let rules = read(&pgm, 60.0);
        let ats = |s: &[Segment]| s.iter().map(|s| s.at).collect::<Vec<_>>();
        assert_eq!(ats(&rules.horizontal), [5.5, 30.5]);
        assert_eq!(ats(&rules.vertical), [5.5, 50.5]);
        assert_eq!(
            (rules.horizontal[0].from, rules.horizontal[0].to),
            (5.0, 51.0)
        );
    }

    #[test]
    fn a_filled_header_gives_its_edges() {
        let pgm = picture(40, 30, |x, y| (10..20).contains(&y) && (2..38).contains(&x));
        let rules = read(&pgm, 20.0);
        let ats: Vec<f32> = rules.horizontal.iter().map(|s| s.at).collect();
        assert_eq!(ats, [5.0, 10.0]);
    }

    #[test]
    fn what_is_not_a_grey_picture_has_no_lines() {
        assert_eq!(read(b"P6\n2 2\n255\n", 2.0), Rules::default());
        assert_eq!(read(b"P5\n9999 9999\n255\n\x00", 2.0), Rules::default());
        assert_eq!(read(b"P5\n0 0\n255\n", 2.0), Rules::default());
        assert_eq!(read(b"", 2.0), Rules::default());
    }
}
