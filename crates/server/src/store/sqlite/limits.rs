//! The statements of `store::limits` on SQLite: the rules are there; here only
//! how a value is bound and a row read, and the sweep. One writer at a time (the
//! write lock, taken at the start), so a limits transaction is atomic.

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params_from_iter};

use crate::store::StoreError;
use crate::store::limits::{Arg, Count, LimitTx, SWEEP};

fn values<'a>(args: &'a [Arg<'a>]) -> impl Iterator<Item = Value> + 'a {
    args.iter().map(|arg| match *arg {
        Arg::Text(text) => Value::Text(text.to_owned()),
        Arg::Int(int) => Value::Integer(int),
        Arg::Null => Value::Null,
    })
}

/// On a connection inside the writer's transaction (`with_limits`, or a write
/// that forgets counts with what it changes).
impl LimitTx for &Connection {
    fn count_row(&mut self, sql: &str, args: &[Arg<'_>]) -> Result<Option<Count>, StoreError> {
        Ok(self
            .query_row(sql, params_from_iter(values(args)), |r| {
                Ok(Count {
                    count: r.get(0)?,
                    last_at: r.get(1)?,
                    ends_at: r.get(2)?,
                })
            })
            .optional()?)
    }

    fn text_row(&mut self, sql: &str, args: &[Arg<'_>]) -> Result<Option<String>, StoreError> {
        Ok(self
            .query_row(sql, params_from_iter(values(args)), |r| r.get(0))
            .optional()?)
    }

    fn run(&mut self, sql: &str, args: &[Arg<'_>]) -> Result<u64, StoreError> {
        Ok(self.execute(sql, params_from_iter(values(args)))? as u64)
    }

    fn sweep(&mut self, now: i64) -> Result<(), StoreError> {
        self.execute(
            "DELETE FROM limits WHERE rowid IN
                 (SELECT rowid FROM limits WHERE ends_at <= ?1 LIMIT ?2)",
            [now, SWEEP],
        )?;
        Ok(())
    }
}
