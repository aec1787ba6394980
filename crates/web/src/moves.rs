//! Who may move a project, from which states, to which: the one rule for the page, the API and
//! batches. One review level (the finance bureau approves or returns what units submit) is the
//! default; with two (`jixiao serve --review-levels 2`), the unit's 主管部门 gives the first review
//! (初审: 已提交 → 初审通过, or back) and the bureau the final one (终审: 初审通过 → 已通过, or back).

use jixiao_model::Document;

use crate::AppState;
use crate::auth::{Role, Session};
use crate::routes::workflow::{APPROVED, DRAFT, PRELIMINARY, RETURNED, SUBMITTED};

/// How many reviews a submitted project passes: a deployment's choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReviewLevels {
    /// The finance bureau's review alone.
    #[default]
    One,
    /// The 主管部门's first review, then the finance bureau's.
    Two,
}

/// A move the workflow knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    Submit,
    Approve,
    Return,
}

impl Move {
    pub fn parse(code: &str) -> Option<Move> {
        match code {
            "submit" => Some(Move::Submit),
            "approve" => Some(Move::Approve),
            "return" => Some(Move::Return),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Move::Submit => "submit",
            Move::Approve => "approve",
            Move::Return => "return",
        }
    }
}

/// Who the session is to one project: its unit's staff, or its department's first reviewer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Standing {
    pub owns: bool,
    pub department: bool,
}

/// The states a move may start from and where it leads, or why the session may not make it.
pub fn allowed(
    levels: ReviewLevels,
    session: &Session,
    standing: Standing,
    wanted: Move,
) -> Result<(&'static [Option<&'static str>], &'static str), String> {
    let decided = |to_approve: &'static str| match wanted {
        Move::Approve => to_approve,
        _ => RETURNED,
    };
    match (wanted, levels, session.role) {
        (Move::Submit, _, _) if standing.owns => Ok((&[Some(DRAFT), Some(RETURNED)], SUBMITTED)),
        (Move::Submit, _, _) => Err("只能提交本单位的项目".into()),
        (_, ReviewLevels::One, Role::Reviewer | Role::Admin) => {
            Ok((&[Some(SUBMITTED)], decided(APPROVED)))
        }
        (_, ReviewLevels::Two, Role::Reviewer | Role::Admin) => {
            Ok((&[Some(PRELIMINARY)], decided(APPROVED)))
        }
        (_, ReviewLevels::Two, Role::Department) if standing.department => {
            Ok((&[Some(SUBMITTED)], decided(PRELIMINARY)))
        }
        (_, ReviewLevels::Two, Role::Department) => Err("只能初审本部门所属单位的项目".into()),
        _ => Err("只有财政审核员可以审核".into()),
    }
}

/// The state a reviewer of this session decides, and what the queue calls it.
pub fn pending(levels: ReviewLevels, session: &Session) -> Option<&'static str> {
    match (levels, session.role) {
        (ReviewLevels::One, Role::Reviewer | Role::Admin) => Some(SUBMITTED),
        (ReviewLevels::Two, Role::Reviewer | Role::Admin) => Some(PRELIMINARY),
        (ReviewLevels::Two, Role::Department) => Some(SUBMITTED),
        _ => None,
    }
}

/// Whether the session gives the first review of the project at `position`: a department
/// reviewer whose department is the 主管部门 the project prints, or the one its unit is
/// registered under.
pub async fn reviews_as_department(
    state: &AppState,
    session: &Session,
    document: &Document,
    position: usize,
) -> Result<bool, crate::PageError> {
    let Some(mine) = session
        .user
        .unit
        .as_deref()
        .filter(|_| session.role == Role::Department)
        .map(str::trim)
        .filter(|u| !u.is_empty())
    else {
        return Ok(false);
    };
    let printed = document
        .projects
        .get(position)
        .and_then(|p| p.competent_department.as_deref())
        .map(|printed| jixiao_ingest::code_and_name(printed).1);
    if printed.as_deref() == Some(mine) {
        return Ok(true);
    }
    let Some(unit) = document.unit.name.as_deref() else {
        return Ok(false);
    };
    Ok(state
        .store
        .units()
        .await?
        .iter()
        .any(|u| u.name == unit.trim() && u.department.as_deref() == Some(mine)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jixiao_store::User;

    fn session(role: Role) -> Session {
        Session {
            user: User {
                id: 1,
                name: "someone".into(),
                password_hash: String::new(),
                role: role.code().into(),
                unit: Some("县教育局".into()),
                unit_code: None,
            },
            role,
            csrf: String::new(),
            token: String::new(),
        }
    }

    #[test]
    fn one_level_is_the_bureau_s_alone() {
        let reviewer = session(Role::Reviewer);
        let any = Standing::default();
        assert_eq!(
            allowed(ReviewLevels::One, &reviewer, any, Move::Approve),
            Ok((&[Some(SUBMITTED)][..], APPROVED))
        );
        let department = Standing {
            department: true,
            ..any
        };
        assert!(
            allowed(
                ReviewLevels::One,
                &session(Role::Department),
                department,
                Move::Approve
            )
            .is_err()
        );
        assert!(allowed(ReviewLevels::One, &session(Role::Unit), any, Move::Submit).is_err());
    }

    #[test]
    fn two_levels_pass_the_department_first_then_the_bureau() {
        let department = session(Role::Department);
        let theirs = Standing {
            department: true,
            owns: false,
        };
        assert_eq!(
            allowed(ReviewLevels::Two, &department, theirs, Move::Approve),
            Ok((&[Some(SUBMITTED)][..], PRELIMINARY))
        );
        assert_eq!(
            allowed(ReviewLevels::Two, &department, theirs, Move::Return),
            Ok((&[Some(SUBMITTED)][..], RETURNED))
        );
        assert!(
            allowed(
                ReviewLevels::Two,
                &department,
                Standing::default(),
                Move::Approve
            )
            .is_err()
        );
        assert_eq!(
            allowed(
                ReviewLevels::Two,
                &session(Role::Reviewer),
                Standing::default(),
                Move::Approve
            ),
            Ok((&[Some(PRELIMINARY)][..], APPROVED))
        );
        assert_eq!(pending(ReviewLevels::Two, &department), Some(SUBMITTED));
        assert_eq!(pending(ReviewLevels::One, &department), None);
    }

    #[test]
    fn printed_codes_are_not_part_of_the_department_s_name() {
        let bare = |printed: &str| jixiao_ingest::code_and_name(printed).1;
        assert_eq!(bare("[812]自治区教育厅"), "自治区教育厅");
        assert_eq!(bare("【434】县教育局"), "县教育局");
        assert_eq!(bare("县教育局"), "县教育局");
        assert_eq!(bare("（二）县教育局"), "（二）县教育局");
    }
}
