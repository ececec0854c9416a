//! The statements of `store::limits` on PostgreSQL: the rules are there; here only
//! how a value is bound and a row read, and the sweep. A limits transaction locks
//! the rows it counts (each upsert locks its row until the commit), so of many
//! attempts at once across processes no more than the limit are counted.

use tokio_postgres::types::ToSql;

use super::client::{Sql, Tx, Value};
use crate::store::StoreError;
use crate::store::limits::{Arg, Count, LimitTx, SWEEP};

/// `sql` with PostgreSQL's placeholders (`$1` for the module's `?1`).
fn dialect(sql: &str) -> String {
    sql.replace('?', "$")
}

fn values<'a>(args: &'a [Arg<'a>]) -> Vec<Box<dyn ToSql + Sync + 'a>> {
    args.iter()
        .map(|arg| -> Box<dyn ToSql + Sync + 'a> {
            match *arg {
                Arg::Text(text) => Box::new(text),
                Arg::Int(int) => Box::new(int),
                Arg::Null => Box::new(None::<&str>),
            }
        })
        .collect()
}

/// Calls `f` with `sql` in PostgreSQL's dialect and `args` bound.
fn bound<T>(
    sql: &str,
    args: &[Arg<'_>],
    f: impl FnOnce(&str, &[Value<'_>]) -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    let values = values(args);
    let refs: Vec<Value<'_>> = values.iter().map(|v| v.as_ref() as _).collect();
    f(&dialect(sql), &refs)
}

impl LimitTx for Tx<'_> {
    fn count_row(&mut self, sql: &str, args: &[Arg<'_>]) -> Result<Option<Count>, StoreError> {
        let row = bound(sql, args, |sql, args| self.query_opt(sql, args))?;
        Ok(row.map(|row| Count {
            count: row.get(0),
            last_at: row.get(1),
            ends_at: row.get(2),
        }))
    }

    fn text_row(&mut self, sql: &str, args: &[Arg<'_>]) -> Result<Option<String>, StoreError> {
        let row = bound(sql, args, |sql, args| self.query_opt(sql, args))?;
        Ok(row.map(|row| row.get(0)))
    }

    fn run(&mut self, sql: &str, args: &[Arg<'_>]) -> Result<u64, StoreError> {
        bound(sql, args, |sql, args| self.execute(sql, args))
    }

    fn sweep(&mut self, now: i64) -> Result<(), StoreError> {
        // SKIP LOCKED: a row another attempt holds is left for a later sweep, so
        // a sweep never waits for (or deadlocks with) an attempt being counted.
        self.execute(
            "DELETE FROM limits WHERE ctid = ANY (ARRAY (
                 SELECT ctid FROM limits WHERE ends_at <= $1 LIMIT $2 FOR UPDATE SKIP LOCKED))",
            &[&now, &SWEEP],
        )?;
        Ok(())
    }
}
