//! A library entry: one concept with what the tables that use it say about it.

use jixiao_model::{
    Comparator, Level1Kind, Level2Kind, Measure, TargetKind, TargetValue, measure_unit,
};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::{Distribution, Sector};

/// What a concept's targets are measured in: rows of different kinds are never one entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Kind {
    /// A unit the model's vocabulary knows; `per` for `X/Y`.
    Measured {
        measure: Measure,
        per: Option<Measure>,
    },
    /// A number with a unit the vocabulary does not know.
    UnknownUnit,
    /// A number without a unit.
    Number,
    /// A qualitative target (`是`, `有所提升`) or none.
    Text,
}

impl Kind {
    pub fn of(target: &TargetValue) -> Kind {
        if target.kind != TargetKind::Numeric {
            return Kind::Text;
        }
        match target.unit.as_deref() {
            None => Kind::Number,
            Some(unit) => measure_unit(unit).map_or(Kind::UnknownUnit, |m| Kind::Measured {
                measure: m.measure,
                per: m.per,
            }),
        }
    }

    /// In Chinese: `计数`, `金额/面积`, `定性`.
    pub fn label(self) -> String {
        match self {
            Kind::Measured { measure, per: None } => measure.name().to_string(),
            Kind::Measured {
                measure,
                per: Some(per),
            } => format!("{}/{}", measure.name(), per.name()),
            Kind::UnknownUnit => "未识别单位".to_string(),
            Kind::Number => "无单位数值".to_string(),
            Kind::Text => "定性".to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Stable while the concept keeps its category, kind and most used name.
    pub id: String,
    /// The name as most rows write it.
    pub name: String,
    pub level1: Option<Level1Kind>,
    pub level2: Option<Level2Kind>,
    pub kind: Kind,
    /// Written names, most used first.
    pub variants: Vec<Variant>,
    /// Rows by sector, most first.
    pub sectors: Vec<(Sector, u32)>,
    pub usage: Usage,
    /// Per unit as written (`""` for none), most used first.
    pub units: Vec<UnitUsage>,
    /// 指标值确定依据 texts, most used first (at most five).
    pub bases: Vec<(String, u32)>,
    pub quality: Quality,
    /// Projects that use it (at most twenty, one row each).
    pub examples: Vec<Example>,
    /// For a quantity, what one of it costs where a table states the cost beside it, per unit.
    #[serde(default)]
    pub unit_costs: Vec<UnitCosts>,
}

/// What one unit of a quantity costs across the tables that state both (元 per `per`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitCosts {
    pub per: String,
    pub documents: u32,
    pub counties: u32,
    pub values: Distribution,
}

/// The P10–P90 of what one unit costs, for notices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostRange {
    pub per: String,
    pub documents: u32,
    pub p10: Decimal,
    pub p90: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Variant {
    pub name: String,
    pub rows: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Usage {
    pub rows: u32,
    pub documents: u32,
    pub projects: u32,
    pub units: u32,
    pub counties: u32,
    pub years: Vec<u16>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitUsage {
    pub unit: String,
    pub rows: u32,
    /// Rows by comparator (`None`: none written), most first.
    pub comparators: Vec<(Option<Comparator>, u32)>,
    /// The numbers of its numeric targets.
    pub values: Option<Distribution>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Quality {
    /// Rows with at least one review finding.
    pub rows_with_findings: u32,
    /// Findings by rule code, most first.
    pub rules: Vec<(String, u32)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Example {
    pub document: i64,
    pub project: Option<i64>,
    pub project_name: String,
    pub unit: String,
    pub year: Option<u16>,
    /// The row's name and target as written.
    pub name: String,
    pub target: String,
}

/// What a list or a suggestion shows of an entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub id: String,
    pub name: String,
    pub level1: Option<Level1Kind>,
    pub level2: Option<Level2Kind>,
    pub kind: Kind,
    pub sector: Sector,
    /// The normalised variants, for searching.
    pub variants: Vec<String>,
    /// The usual unit as written, its usual comparator and the p10–p90 of its values.
    pub unit: String,
    pub comparator: Option<Comparator>,
    pub p10: Option<Decimal>,
    pub median: Option<Decimal>,
    pub p90: Option<Decimal>,
    pub rows: u32,
    pub documents: u32,
    pub units: u32,
    pub rows_with_findings: u32,
    /// What one unit costs, for the usual unit, where tables state it.
    #[serde(default)]
    pub unit_cost: Option<CostRange>,
}

impl Entry {
    pub fn summary(&self) -> Summary {
        let usual = self.units.first();
        let values = usual.and_then(|u| u.values.as_ref());
        Summary {
            id: self.id.clone(),
            name: self.name.clone(),
            level1: self.level1,
            level2: self.level2,
            kind: self.kind,
            sector: self.sectors.first().map_or(Sector::Unknown, |(s, _)| *s),
            variants: self
                .variants
                .iter()
                .map(|v| crate::name::normalise(&v.name))
                .fold(Vec::new(), |mut names, name| {
                    if !names.contains(&name) {
                        names.push(name);
                    }
                    names
                }),
            unit: usual.map(|u| u.unit.clone()).unwrap_or_default(),
            comparator: usual.and_then(|u| u.comparators.first().and_then(|(c, _)| *c)),
            p10: values.map(|v| v.p10),
            median: values.map(|v| v.median),
            p90: values.map(|v| v.p90),
            rows: self.usage.rows,
            documents: self.usage.documents,
            units: self.usage.units,
            rows_with_findings: self.quality.rows_with_findings,
            unit_cost: self
                .unit_costs
                .iter()
                .find(|c| usual.is_some_and(|u| u.unit == c.per))
                .map(|c| CostRange {
                    per: c.per.clone(),
                    documents: c.documents,
                    p10: c.values.p10,
                    p90: c.values.p90,
                }),
        }
    }
}

impl Summary {
    /// `≥95%`-like: the usual comparator and the typical range in the usual unit.
    pub fn typical(&self) -> String {
        let symbol = self.comparator.map_or("", Comparator::symbol);
        match (self.p10, self.p90) {
            (Some(low), Some(high)) if low == high => format!("{symbol}{low}{}", self.unit),
            (Some(low), Some(high)) => format!("{symbol}{low}～{high}{}", self.unit),
            _ if self.kind == Kind::Text => "定性".to_string(),
            _ => format!("{symbol}{}", self.unit),
        }
    }
}
