//! How alike two names are, by the pairs of adjacent characters they share: what pairs a cost
//! with the quantity it pays for (`每户白蚁灭治费用` with `白蚁灭治户数`).

/// Pairs of adjacent characters of `b` also in `a` (each of `b`'s counted once).
pub fn shared_pairs(a: &str, b: &str) -> usize {
    let ours: Vec<(char, char)> = pairs(a);
    pairs(b).iter().filter(|p| ours.contains(p)).count()
}

fn pairs(text: &str) -> Vec<(char, char)> {
    let chars: Vec<char> = text.chars().collect();
    chars.windows(2).map(|w| (w[0], w[1])).collect()
}

/// The candidate whose name shares more pairs with `name` than every other, and at least one.
pub fn most_alike<'a, T>(
    name: &str,
    candidates: &'a [T],
    name_of: impl Fn(&T) -> &str,
) -> Option<&'a T> {
    let mut scored: Vec<(usize, &'a T)> = candidates
        .iter()
        .map(|c| (shared_pairs(name, name_of(c)), c))
        .collect();
    scored.sort_by_key(|s| std::cmp::Reverse(s.0));
    match scored.as_slice() {
        [(best, found), rest @ ..] if *best > 0 && rest.iter().all(|(n, _)| n < best) => {
            Some(*found)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::{most_alike, shared_pairs};

    #[test]
    fn the_name_sharing_most_pairs_wins_alone() {
        assert_eq!(shared_pairs("每户白蚁灭治费用", "白蚁灭治户数"), 3);
        let names = ["白蚁检查房屋户数", "白蚁灭治户数"];
        assert_eq!(
            most_alike("每户白蚁灭治费用", &names, |n| n),
            Some(&"白蚁灭治户数")
        );
        assert_eq!(most_alike("项目总成本", &names, |n| n), None);
        assert_eq!(
            most_alike("白蚁费", &["白蚁甲", "白蚁乙"], |n| n),
            None,
            "a tie"
        );
    }
}
