//! Scratch databases for store tests: SQLite in a temporary directory, or a PostgreSQL database
//! of its own at `JIXIAO_TEST_POSTGRES_URL` (default `postgres://postgres@127.0.0.1:5432/test`).

use std::sync::atomic::{AtomicUsize, Ordering};

use sqlx::Connection;

/// A scratch database for one test, dropped when the test ends.
pub struct Scratch {
    pub url: String,
    drop_sql: Option<(String, String)>,
    _dir: Option<tempfile::TempDir>,
}

impl Scratch {
    pub fn sqlite() -> Scratch {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite:{}", dir.path().join("test.db").display());
        Scratch {
            url,
            drop_sql: None,
            _dir: Some(dir),
        }
    }

    pub async fn postgres() -> Scratch {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let base = std::env::var("JIXIAO_TEST_POSTGRES_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_string());
        let name = format!(
            "jixiao_test_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst)
        );
        sqlx::any::install_default_drivers();
        let mut admin = sqlx::AnyConnection::connect(&base)
            .await
            .unwrap_or_else(|e| panic!("PostgreSQL is required for these tests ({base}): {e}"));
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
            "DROP DATABASE IF EXISTS {name}"
        )))
        .execute(&mut admin)
        .await
        .expect("drop");
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&mut admin)
            .await
            .expect("create database");
        let (prefix, _) = base.rsplit_once('/').expect("database in URL");
        Scratch {
            url: format!("{prefix}/{name}"),
            drop_sql: Some((base.clone(), name)),
            _dir: None,
        }
    }

    pub async fn cleanup(self) {
        if let Some((base, name)) = &self.drop_sql {
            let mut admin = sqlx::AnyConnection::connect(base).await.expect("reconnect");
            sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
                "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
            )))
            .execute(&mut admin)
            .await
            .expect("drop database");
        }
    }
}
