//! Many rows of one table in one statement, so a document of a hundred indicator rows costs one
//! round trip instead of a hundred. A row is a `Serialize` struct whose field names are the
//! table's column names; that struct is the one place a table's columns are mapped from the model.

use serde::Serialize;
use serde_json::Value;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AssertSqlSafe};

use crate::StoreError;

/// A struct that serialises to one row of `TABLE`.
pub(crate) trait TableRow: Serialize {
    const TABLE: &'static str;
}

pub(crate) fn postgres(tx: &AnyConnection) -> bool {
    tx.backend_name() == "PostgreSQL"
}

/// The texts of the JSON array bound as `$1`, as a subquery: `doc_key IN {…}`.
pub(crate) fn json_texts(tx: &AnyConnection) -> &'static str {
    if postgres(tx) {
        "(SELECT json_array_elements_text($1::json))"
    } else {
        "(SELECT value FROM json_each($1))"
    }
}

/// The row's columns and values, in the order serde writes them.
fn fields<T: TableRow>(row: &T) -> Result<Vec<(String, Value)>, StoreError> {
    match serde_json::to_value(row).map_err(|e| StoreError::Corrupt(e.to_string()))? {
        Value::Object(map) => Ok(map.into_iter().collect()),
        _ => Err(StoreError::Corrupt(format!("{} 的行不是对象", T::TABLE))),
    }
}

fn bind(query: Query<'_>, value: Value) -> Query<'_> {
    match value {
        Value::Null => query.bind(None::<String>),
        Value::Bool(b) => query.bind(i64::from(b)),
        Value::Number(n) => match n.as_i64() {
            Some(n) => query.bind(n),
            None => query.bind(n.as_f64()),
        },
        Value::String(text) => query.bind(text),
        other => query.bind(other.to_string()),
    }
}

type Query<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>;

/// Most parameters one SQLite statement takes.
const SQLITE_PARAMETERS: usize = 30_000;

/// Inserts the rows; with `returning` (columns), answers them for each inserted row.
///
/// PostgreSQL reads the rows from one JSON parameter (`json_populate_recordset`); SQLite, which
/// runs in this process, takes them as parameters of a multi-row `VALUES`, cheaper for it than
/// unpacking JSON.
pub(crate) async fn insert<T: TableRow>(
    tx: &mut AnyConnection,
    rows: &[T],
    returning: &str,
) -> Result<Vec<AnyRow>, StoreError> {
    let Some(first) = rows.first() else {
        return Ok(Vec::new());
    };
    let columns: Vec<String> = fields(first)?.into_iter().map(|(c, _)| c).collect();
    let head = format!("INSERT INTO {} ({})", T::TABLE, columns.join(", "));
    let tail = if returning.is_empty() {
        String::new()
    } else {
        format!(" RETURNING {returning}")
    };
    if postgres(tx) {
        let sql = format!(
            "{head} SELECT {} FROM json_populate_recordset(NULL::{}, $1::json){tail}",
            columns.join(", "),
            T::TABLE
        );
        let query = sqlx::query(AssertSqlSafe(sql)).bind(payload(rows)?);
        return Ok(query.fetch_all(&mut *tx).await?);
    }
    let mut answer = Vec::new();
    for chunk in rows.chunks((SQLITE_PARAMETERS / columns.len()).max(1)) {
        let tuple = format!("({})", vec!["?"; columns.len()].join(", "));
        let sql = format!(
            "{head} VALUES {}{tail}",
            vec![tuple; chunk.len()].join(", ")
        );
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for row in chunk {
            for (_, value) in fields(row)? {
                query = bind(query, value);
            }
        }
        answer.extend(query.fetch_all(&mut *tx).await?);
    }
    Ok(answer)
}

fn payload<T: TableRow>(rows: &[T]) -> Result<String, StoreError> {
    serde_json::to_string(rows).map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// Sets every column of the row whose `id` is given, and `also` (`revision = revision + 1`).
pub(crate) async fn update<T: TableRow>(
    tx: &mut AnyConnection,
    row: &T,
    id: i64,
    also: &str,
) -> Result<(), StoreError> {
    let fields = fields(row)?;
    if postgres(tx) {
        // A NULL bound by itself would be text to PostgreSQL, whatever the column's type.
        let columns: Vec<&str> = fields.iter().map(|(c, _)| c.as_str()).collect();
        let also = if also.is_empty() {
            String::new()
        } else {
            format!(", {also}")
        };
        let sql = format!(
            "UPDATE {table} SET ({list}) = (SELECT {list} FROM json_populate_record(NULL::{table}, $1::json)){also} WHERE id = $2",
            table = T::TABLE,
            list = columns.join(", "),
        );
        let object = serde_json::to_string(row).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        sqlx::query(AssertSqlSafe(sql))
            .bind(object)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        return Ok(());
    }
    let mut assignments: Vec<String> = fields
        .iter()
        .enumerate()
        .map(|(n, (column, _))| format!("{column} = ${}", n + 1))
        .collect();
    if !also.is_empty() {
        assignments.push(also.to_string());
    }
    let sql = format!(
        "UPDATE {} SET {} WHERE id = ${}",
        T::TABLE,
        assignments.join(", "),
        fields.len() + 1
    );
    let mut query = sqlx::query(AssertSqlSafe(sql));
    for (_, value) in fields {
        query = bind(query, value);
    }
    query.bind(id).execute(&mut *tx).await?;
    Ok(())
}
