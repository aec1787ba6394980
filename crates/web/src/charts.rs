//! Charts drawn on the server as SVG, so pages work with no internet and no script.

/// Horizontal bars, one per (label, value), scaled to the largest value.
pub fn bars(items: &[(String, f64)], unit: &str) -> String {
    let row = 28;
    let label_width = 260;
    let bar_width = 420.0;
    let height = row * items.len().max(1) + 8;
    let max = items
        .iter()
        .map(|(_, v)| *v)
        .fold(0.0_f64, f64::max)
        .max(f64::MIN_POSITIVE);
    let mut svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{}" height="{height}" font-size="13">"#,
        label_width + 560
    );
    for (index, (label, value)) in items.iter().enumerate() {
        let y = index * row + 4;
        let width = (value / max * bar_width).max(1.0);
        svg.push_str(&format!(
            r##"<text x="{}" y="{}" text-anchor="end">{}</text><rect x="{}" y="{}" width="{width:.1}" height="18" fill="#3b6ea5"/><text x="{}" y="{}">{} {unit}</text>"##,
            label_width - 8,
            y + 14,
            escape(label),
            label_width,
            y,
            label_width as f64 + width + 6.0,
            y + 14,
            format_value(*value),
        ));
    }
    svg.push_str("</svg>");
    svg
}

/// Vertical bars of a histogram: one per (range label, count), the label under each bar.
pub fn histogram(bins: &[(String, u32)], unit: &str) -> String {
    let (bar, gap, height, label) = (44, 6, 120.0, 36);
    let width = (bar + gap) * bins.len().max(1) + gap;
    let max = bins.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let mut svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{}" font-size="11"><title>取值分布（{}）</title>"#,
        height as usize + label + 16,
        escape(unit)
    );
    for (index, (range, count)) in bins.iter().enumerate() {
        let x = gap + index * (bar + gap);
        let tall =
            (f64::from(*count) / f64::from(max) * height).max(if *count > 0 { 1.0 } else { 0.0 });
        let top = 14.0 + height - tall;
        svg.push_str(&format!(
            r##"<rect x="{x}" y="{top:.1}" width="{bar}" height="{tall:.1}" fill="#3b6ea5"><title>{} {unit}：{count} 行</title></rect><text x="{}" y="{:.1}" text-anchor="middle">{count}</text><text x="{}" y="{}" text-anchor="middle">{}</text>"##,
            escape(range),
            x + bar / 2,
            top - 3.0,
            x + bar / 2,
            height as usize + 30,
            escape(range),
        ));
    }
    svg.push_str("</svg>");
    svg
}

fn format_value(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.2}")
    }
}

/// Text safe inside HTML and SVG, attribute values included.
pub(crate) fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_and_escape() {
        let svg = bars(&[("甲<单位>".into(), 100.0), ("乙".into(), 50.0)], "万元");
        assert!(
            svg.contains("甲&lt;单位&gt;")
                && svg.contains("width=\"420.0\"")
                && svg.contains("width=\"210.0\"")
        );
        assert!(svg.contains("100 万元") && svg.starts_with("<svg"));
    }

    #[test]
    fn a_histogram_has_a_bar_per_bin_scaled_to_the_fullest() {
        let svg = histogram(
            &[("90".into(), 4), ("95".into(), 2), ("<100>".into(), 0)],
            "%",
        );
        assert_eq!(svg.matches("<rect").count(), 3);
        assert!(svg.contains(r#"height="120.0""#) && svg.contains(r#"height="60.0""#));
        assert!(svg.contains("&lt;100&gt;") && svg.contains("4 行"));
    }
}
