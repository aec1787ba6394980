//! Where a row was published: document, project, unit, county, year and sector.

use crate::Sector;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub document: i64,
    /// The stored project, `None` for the department's own table.
    pub project: Option<i64>,
    pub project_name: String,
    pub unit: String,
    pub county: Option<String>,
    pub year: Option<u16>,
    pub sector: Sector,
}

impl Place {
    pub fn new(
        document: i64,
        project: Option<i64>,
        project_name: &str,
        project_code: Option<&str>,
        unit: &str,
        year: Option<u16>,
    ) -> Place {
        Place {
            document,
            project,
            project_name: project_name.to_string(),
            unit: unit.to_string(),
            county: county_of(unit, project_code),
            year,
            sector: Sector::of(unit, project_name),
        }
    }
}

/// The county a unit belongs to: the name's prefix up to its first 县, 区 or 旗 (else 市), or
/// else the 行政区划代码 that opens a 项目编码.
pub fn county_of(unit: &str, project_code: Option<&str>) -> Option<String> {
    let head: String = unit.chars().take(12).collect();
    let end = ['县', '区', '旗']
        .iter()
        .filter_map(|mark| head.find(*mark).map(|at| at + mark.len_utf8()))
        .min()
        .or_else(|| head.find('市').map(|at| at + '市'.len_utf8()));
    if let Some(end) = end
        && head[..end].chars().count() >= 2
    {
        return Some(head[..end].to_string());
    }
    let code = project_code?;
    let division: String = code.chars().take(6).collect();
    (division.len() == 6
        && division.chars().all(|c| c.is_ascii_digit())
        && !division.starts_with('0'))
    .then_some(division)
}

#[cfg(test)]
mod tests {
    use super::county_of;

    #[test]
    fn the_county_is_the_unit_names_prefix_or_the_codes_division() {
        assert_eq!(
            county_of("玉田县生态环境保护事务中心", None).as_deref(),
            Some("玉田县")
        );
        assert_eq!(
            county_of("唐山市丰南区教育局", None).as_deref(),
            Some("唐山市丰南区")
        );
        assert_eq!(
            county_of("某某中心", Some("13022923P00JXC414284D")).as_deref(),
            Some("130229")
        );
        assert_eq!(county_of("某某中心", Some("P00123")), None);
        assert_eq!(county_of("", None), None);
    }
}
