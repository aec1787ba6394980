//! unit-cost-vs-budget: unit costs × the quantities they are for, against the project's budget.

use jixiao_model::likeness::most_alike;
use jixiao_model::{AmountUnit, Indicator, Level2Kind, Project, measure_unit};
use rust_decimal::Decimal;

use super::{Rule, project_location, push};
use crate::words::money_factor;
use crate::{Context, Finding, Severity};

pub struct UnitCostVsBudget;

/// Words for one person in `元/生·年`, `元/人·月`.
const PEOPLE: &[&str] = &["人", "生", "名", "学生"];

/// A product this far from the budget, as a share of it, is a mismatch, not rounding.
const TOLERANCE_PERCENT: i64 = 2;

impl Rule for UnitCostVsBudget {
    fn code(&self) -> &'static str {
        "unit-cost-vs-budget"
    }
    fn title(&self) -> &'static str {
        "单位成本×数量与预算数不符"
    }
    fn severity(&self) -> Severity {
        Severity::Warning
    }
    fn doc(&self) -> &'static str {
        "目标要与资金量相匹配（财预〔2015〕88号），成本指标要与预算一致（财预〔2021〕101号）。表中写明单位成本（“1200元/公顷”\
         “90元/人·月”）和它对应的数量（“1000公顷”“2860人”）时，单价×数量（按季、按学期的乘以全年期数，按月的乘以1至12个月）\
         应等于预算数，相差超过2%的须核实面积、标准或预算。有总额成本指标或数量无法一一对应时不作判断；一条单价旁有几条同单位\
         数量时与名称最相近的相乘；合计低于预算数而资金用途另写了其他开支金额的，不作判断。"
    }
    fn check(&self, context: &Context, findings: &mut Vec<Finding>) {
        for (p, project) in context.document.projects.iter().enumerate() {
            let Some(budget) = project.budget.total_yuan.filter(|b| !b.is_zero()) else {
                continue;
            };
            let Some(products) = products(project) else {
                continue;
            };
            let yearly: Decimal = products.iter().map(|p| p.yuan_a_year).sum();
            let monthly: Decimal = products.iter().map(|p| p.yuan_a_month).sum();
            let near = |total: Decimal| {
                (total - budget).abs() * Decimal::from(100)
                    <= budget * Decimal::from(TOLERANCE_PERCENT)
            };
            // A cost per month is paid for as many months as the work lasts, which the table
            // need not say (`就业见习` runs six): any whole number of months will do.
            let months = if monthly.is_zero() { 12..=12 } else { 1..=12 };
            if months
                .into_iter()
                .any(|m| near(yearly + monthly * Decimal::from(m)))
            {
                continue;
            }
            let total = yearly + monthly * Decimal::from(12);
            // Under the budget where the 资金用途 names other spending (`宣传品和场地费用4万元`).
            if total < budget && spends_on_more(project, &products) {
                continue;
            }
            let unit = project.budget.unit.unwrap_or(AmountUnit::Yuan);
            let money = |yuan: Decimal| {
                format!(
                    "{}{}",
                    unit.from_yuan(yuan).round_dp(2).normalize(),
                    unit.as_str()
                )
            };
            let sums: Vec<&str> = products.iter().map(|p| p.written.as_str()).collect();
            push(
                findings,
                self,
                project_location(p, project),
                format!(
                    "项目“{}”的单位成本×数量（{}）合计{}，与预算数{}不符",
                    project.name,
                    sums.join("；"),
                    money(total),
                    money(budget)
                ),
                Some("核实数量、补助标准或预算数，使三者一致"),
            );
        }
    }
}

/// Whether the 资金用途 names an amount that is neither a unit cost of the rows nor one of
/// their products: money spent on something the rows do not price.
fn spends_on_more(project: &Project, products: &[Product]) -> bool {
    let near = |a: Decimal, b: Decimal| (a - b).abs() * Decimal::from(100) <= b.abs();
    crate::words::amounts_in(project.purpose.as_deref().unwrap_or(""))
        .into_iter()
        .any(|amount| {
            !products
                .iter()
                .any(|p| near(amount, p.each) || near(amount, p.yuan))
        })
}

/// A unit cost times its quantity, in 元.
struct Product {
    yuan_a_year: Decimal,
    /// For a cost per month (`90元/人·月`), the amount a month; its months are not counted
    /// in `yuan_a_year`.
    yuan_a_month: Decimal,
    /// `1000公顷×1200元/公顷`.
    written: String,
    /// The unit cost and the product, in 元.
    each: Decimal,
    yuan: Decimal,
}

/// Each unit cost times its quantity; `None` when the project has no unit cost, a cost in
/// money alone, or a quantity that cannot be paired with its unit cost.
fn products(project: &Project) -> Option<Vec<Product>> {
    let costs: Vec<&Indicator> = project.indicators.iter().filter(|i| i.is_cost()).collect();
    if costs
        .iter()
        .any(|i| i.target.unit.as_deref().and_then(money_factor).is_some())
    {
        return None;
    }
    let per_unit: Vec<(&Indicator, UnitCost)> = costs
        .iter()
        .filter_map(|i| Some((*i, unit_cost(i)?)))
        .collect();
    if per_unit.is_empty() {
        return None;
    }
    let quantities: Vec<(&Indicator, Quantity)> = project
        .indicators
        .iter()
        .filter(|i| i.level2.is(Level2Kind::Quantity) && !per_head(&i.name))
        .filter_map(|i| Some((i, quantity(i)?)))
        .collect();
    let mut products = Vec::new();
    for (cost_row, cost) in &per_unit {
        let same = |thing: &str| same_thing(thing, &cost.thing);
        let mine: Vec<&(&Indicator, UnitCost)> =
            per_unit.iter().filter(|(_, c)| same(&c.thing)).collect();
        let theirs: Vec<&(&Indicator, Quantity)> =
            quantities.iter().filter(|(_, q)| same(&q.thing)).collect();
        // Paired in the order written: the n-th cost per 人 with the n-th count of 人; one cost
        // beside several counts of its thing goes with the count its name shares most with
        // (`每户白蚁灭治费用` with `白蚁灭治户数`, not `白蚁检查房屋户数`).
        let (quantity_row, quantity) = if mine.len() == theirs.len() {
            let nth = mine
                .iter()
                .position(|(row, _)| std::ptr::eq(*row, *cost_row))?;
            theirs[nth]
        } else if mine.len() == 1 {
            *most_alike(&cost_row.name, &theirs, |(row, _)| row.name.as_str())?
        } else {
            return None;
        };
        let yuan = cost.yuan * quantity.count;
        let (yuan_a_year, yuan_a_month) = match cost.times_a_year {
            None => (Decimal::ZERO, yuan),
            Some(times) => (yuan * Decimal::from(times), Decimal::ZERO),
        };
        products.push(Product {
            yuan_a_year,
            yuan_a_month,
            written: format!(
                "{}×{}",
                quantity_row.target.raw.trim(),
                cost_row.target.raw.trim()
            ),
            each: cost.yuan,
            yuan,
        });
    }
    Some(products)
}

/// A quantity of each one, not of all (`每生年送教次数`, `人均培训天数`): no total to price.
fn per_head(name: &str) -> bool {
    name.starts_with('每')
        || ["人均", "户均", "生均", "平均"]
            .iter()
            .any(|w| name.contains(w))
}

struct UnitCost {
    yuan: Decimal,
    /// How often a year it is paid; `None` for a month's cost, paid for the months the work lasts.
    times_a_year: Option<i64>,
    thing: String,
}

/// `1200元/公顷`, `2000元/生·年`, `90元/人·月`.
fn unit_cost(indicator: &Indicator) -> Option<UnitCost> {
    let number = indicator.target.number?;
    let unit = indicator.target.unit.as_deref()?;
    let (money, per) = unit.split_once('/')?;
    // `元/(个·年)` is `元/个·年`.
    let per = per
        .strip_prefix(['(', '（'])
        .and_then(|p| p.strip_suffix([')', '）']))
        .unwrap_or(per);
    let factor = measure_unit(money)?.money_factor()?;
    let (thing, period) = match per.split_once('·') {
        Some((thing, period)) => (thing, Some(period)),
        None => (per, None),
    };
    let times_a_year = match period {
        None | Some("年") => Some(1),
        Some("月") => None,
        Some("季" | "季度") => Some(4),
        Some("学期") => Some(2),
        Some(_) => return None,
    };
    Some(UnitCost {
        yuan: number * factor,
        times_a_year,
        thing: thing.to_string(),
    })
}

struct Quantity {
    count: Decimal,
    thing: String,
}

/// `1000公顷`, `5万亩`, `≥80人`.
fn quantity(indicator: &Indicator) -> Option<Quantity> {
    let number = indicator.target.number?;
    let unit = indicator.target.unit.as_deref()?.trim();
    let (factor, thing) = if let Some(thing) = unit.strip_prefix('万') {
        (10_000, thing)
    } else if let Some(thing) = unit.strip_prefix('亿') {
        (100_000_000, thing)
    } else {
        (1, unit)
    };
    (!thing.is_empty()).then(|| Quantity {
        count: number * Decimal::from(factor),
        thing: thing.to_string(),
    })
}

fn same_thing(a: &str, b: &str) -> bool {
    a == b || (PEOPLE.contains(&a) && PEOPLE.contains(&b))
}

#[cfg(test)]
mod tests {
    use jixiao_model::{Budget, Project};
    use rust_decimal::Decimal;

    use crate::rules::testing::{indicator, messages_on, project};

    fn said(budget_yuan: i64, rows: &[(&str, &str, &str)]) -> Vec<String> {
        let indicators = rows
            .iter()
            .map(|(level2, name, target)| indicator("产出指标", level2, name, target))
            .collect();
        let project = Project {
            budget: Budget {
                unit: Some(jixiao_model::AmountUnit::WanYuan),
                total_yuan: Some(Decimal::from(budget_yuan)),
                ..Budget::default()
            },
            ..project("国有林场森林抚育", indicators)
        };
        messages_on("unit-cost-vs-budget", vec![project])
    }

    #[test]
    fn a_product_away_from_the_budget_is_said() {
        assert_eq!(
            said(
                1_600_000,
                &[
                    ("数量指标", "森林抚育面积", "1000公顷"),
                    ("成本指标", "森林抚育补助标准", "1200元/公顷"),
                ]
            ),
            [
                "项目“国有林场森林抚育”的单位成本×数量（1000公顷×1200元/公顷）合计120万元，与预算数160万元不符"
            ]
        );
        assert_eq!(
            said(
                2_000_000,
                &[
                    ("数量指标", "资助学生人数", "1200人"),
                    ("成本指标", "国家助学金资助标准", "2000元/生·年"),
                ]
            )
            .len(),
            1
        );
    }

    #[test]
    fn one_cost_beside_several_counts_goes_with_the_count_named_like_it() {
        let rows = [
            ("数量指标", "白蚁检查房屋户数", "8000户"),
            ("数量指标", "白蚁灭治户数", "1200户"),
            ("成本指标", "每户白蚁灭治费用", "400元/户"),
        ];
        assert_eq!(
            said(400_000, &rows),
            [
                "项目“国有林场森林抚育”的单位成本×数量（1200户×400元/户）合计48万元，与预算数40万元不符"
            ]
        );
        assert!(said(480_000, &rows).is_empty());
    }

    #[test]
    fn under_the_budget_with_other_spending_named_is_fine() {
        let rows = [
            ("数量指标", "普通话培训人数", "=400人"),
            ("成本指标", "人均普通话培训费", "≤250元/人"),
        ];
        let with = |purpose: &str| {
            let indicators = rows
                .iter()
                .map(|(level2, name, target)| indicator("产出指标", level2, name, target))
                .collect();
            let project = Project {
                budget: Budget {
                    unit: Some(jixiao_model::AmountUnit::WanYuan),
                    total_yuan: Some(Decimal::from(140_000)),
                    ..Budget::default()
                },
                purpose: Some(purpose.into()),
                ..project("国家通用语言文字推广普及", indicators)
            };
            messages_on("unit-cost-vs-budget", vec![project])
        };
        assert!(with("按每人250元支付培训费10万元；支付宣传品和场地费用4万元").is_empty());
        assert_eq!(with("按每人250元支付培训费10万元").len(), 1);
    }

    #[test]
    fn a_cost_per_thing_and_year_in_brackets_is_read() {
        assert_eq!(
            said(
                450_000,
                &[
                    ("数量指标", "智慧管理路内停车泊位数", "≥2400个"),
                    ("成本指标", "单个泊位年度运营管理费", "≤250元/(个·年)"),
                ]
            )
            .len(),
            1,
            "2400 × 250 元 is 60万元, not the budget's 45万元"
        );
    }

    #[test]
    fn products_that_make_the_budget_are_fine() {
        // 2860人 × 90元/人·月 × 12 + 3420人 × 90元/人·月 × 12 = 6,782,400元.
        assert!(
            said(
                6_782_400,
                &[
                    ("数量指标", "困难残疾人生活补贴人数", "2860人"),
                    ("数量指标", "重度残疾人护理补贴人数", "3420人"),
                    ("成本指标", "困难残疾人生活补贴标准", "90元/人·月"),
                    ("成本指标", "重度残疾人护理补贴标准", "90元/人·月"),
                ]
            )
            .is_empty()
        );
        assert!(
            said(
                1_000_000,
                &[
                    ("数量指标", "统防统治面积", "5万亩"),
                    ("成本指标", "统防统治服务补助标准", "20元/亩"),
                ]
            )
            .is_empty()
        );
    }

    #[test]
    fn a_cost_per_month_may_run_for_fewer_months() {
        // 260人 × 1800元/人·月 × 6个月 = 2,808,000元.
        let rows = [
            ("数量指标", "就业见习人数", "=260人"),
            ("经济成本指标", "见习补贴标准", "=1800元/人·月"),
        ];
        assert!(said(2_808_000, &rows).is_empty());
        assert_eq!(
            said(6_000_000, &rows).len(),
            1,
            "more than twelve months' worth"
        );
    }

    #[test]
    fn unpaired_or_totalled_costs_are_not_judged() {
        assert!(
            said(
                800_000,
                &[
                    ("数量指标", "免费开放乡镇综合文化站", "12个"),
                    ("成本指标", "县级图书馆免费开放补助", "20万元/个"),
                    ("成本指标", "乡镇综合文化站免费开放补助", "5万元/个"),
                ]
            )
            .is_empty()
        );
        assert!(
            said(
                1_600_000,
                &[
                    ("数量指标", "森林抚育面积", "1000公顷"),
                    ("成本指标", "森林抚育补助标准", "1200元/公顷"),
                    ("成本指标", "项目总成本", "≤160万元"),
                ]
            )
            .is_empty()
        );
        assert!(
            said(
                288_000,
                &[
                    ("数量指标", "每生年送教次数", "≥40次"),
                    ("成本指标", "每次送教补助标准", "≤120元/次"),
                ]
            )
            .is_empty(),
            "40 visits to each of 60 pupils: the table gives no total to price"
        );
    }
}
