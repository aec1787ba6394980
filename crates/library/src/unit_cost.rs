//! What one output costs, where a table states both a cost and the quantity it pays for
//! (`培训费 ≤30万元` beside `培训人数 ≥600人`): the cost divided by the quantity named most
//! like it, in 元 per the quantity's unit.

use jixiao_model::likeness::most_alike;
use jixiao_model::{Indicator, Level2Kind, Measure, measure_unit};
use rust_decimal::Decimal;

/// A cost row, the quantity row it pays for, and what one unit of the quantity costs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Priced {
    pub cost: usize,
    pub quantity: usize,
    /// 元 per one of `per`, to the fen.
    pub yuan_each: Decimal,
    /// The quantity's unit as written (`人`, `公里`).
    pub per: String,
}

/// A quantity row: its position, name, number and unit as written.
struct Quantity<'a> {
    at: usize,
    name: &'a str,
    number: Decimal,
    unit: &'a str,
}

/// Every cost amount of the rows paired with the quantity named most like it (a unique best,
/// sharing at least one pair of characters).
pub fn priced(indicators: &[Indicator]) -> Vec<Priced> {
    let quantities: Vec<Quantity> = indicators
        .iter()
        .enumerate()
        .filter(|(_, i)| i.level2.is(Level2Kind::Quantity))
        .filter_map(|(at, i)| {
            let number = i.target.number.filter(|n| *n > Decimal::ZERO)?;
            let unit = i.target.unit.as_deref()?.trim();
            let measured = measure_unit(unit)?;
            let countable = measured.per.is_none()
                && matches!(
                    measured.measure,
                    Measure::Count
                        | Measure::Area
                        | Measure::Length
                        | Measure::Weight
                        | Measure::Volume
                );
            countable.then_some(Quantity {
                at,
                name: &i.name,
                number,
                unit,
            })
        })
        .collect();
    indicators
        .iter()
        .enumerate()
        .filter_map(|(at, cost)| {
            let yuan = cost.cost_yuan()?;
            let quantity = most_alike(&cost.name, &quantities, |q| q.name)?;
            Some(Priced {
                cost: at,
                quantity: quantity.at,
                yuan_each: (yuan / quantity.number).round_dp(2).normalize(),
                per: quantity.unit.to_string(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use jixiao_model::Indicator;
    use rust_decimal::Decimal;

    use super::{Priced, priced};

    fn row(level1: &str, level2: &str, name: &str, target: &str) -> Indicator {
        Indicator::new(level1, level2, name, target)
    }

    #[test]
    fn a_cost_is_divided_by_the_quantity_named_like_it() {
        let rows = [
            row("产出指标", "数量指标", "培训人数", "≥600人"),
            row("产出指标", "数量指标", "运维站点数", "40个"),
            row("产出指标", "质量指标", "培训合格率", "≥95%"),
            row("成本指标", "经济成本指标", "培训费", "≤30万元"),
            row("成本指标", "经济成本指标", "站点运维费", "12万元"),
            row("成本指标", "经济成本指标", "人均补助标准", "500元/人"),
            row("成本指标", "经济成本指标", "其他支出", "2万元"),
        ];
        assert_eq!(
            priced(&rows),
            [
                Priced {
                    cost: 3,
                    quantity: 0,
                    yuan_each: Decimal::from(500),
                    per: "人".into()
                },
                Priced {
                    cost: 4,
                    quantity: 1,
                    yuan_each: Decimal::from(3000),
                    per: "个".into()
                },
            ]
        );
    }

    #[test]
    fn a_tie_or_nothing_in_common_prices_nothing() {
        let rows = [
            row("产出指标", "数量指标", "检查户数", "8000户"),
            row("产出指标", "数量指标", "灭治户数", "1200户"),
            row("成本指标", "经济成本指标", "项目总成本", "40万元"),
        ];
        assert!(priced(&rows).is_empty());
    }
}
