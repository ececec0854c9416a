//! A blocking face on the pool's async connections, with the method names the
//! store's code uses (`query`, `query_one`, `query_opt`, `execute`,
//! `batch_execute`, `transaction`, `commit`): each call waits on its future on
//! the store's own runtime (`postgres.rs`). Every statement with values is
//! prepared once per connection and kept (deadpool's `prepare_cached`), so it
//! costs one round trip, not two.
//!
//! A transaction ([`Tx`]) sends its `BEGIN` with its first statement, and keeps
//! a write whose answer nobody reads (a record put, a mutation remembered) until
//! the next statement or the commit, then sends them together: tokio-postgres
//! pipelines the requests it is given at once, so they take one round trip. A
//! write kept back that fails fails that next statement (or the commit).

use std::collections::HashMap;
use std::future::Future;

use deadpool_postgres::{ClientWrapper, Object};
use futures_util::FutureExt;
use futures_util::future::{join, join_all, join3};
use tokio::runtime::Handle;
use tokio_postgres::types::ToSql;
use tokio_postgres::{Row, Statement};
use uuid::Uuid;

use super::counter::Counter;
use crate::store::{StoreError, StoredRecord};

/// A value bound to a statement.
pub(super) type Value<'a> = &'a (dyn ToSql + Sync);
/// A value kept with a statement sent later.
pub(super) type Owned = Box<dyn ToSql + Sync + Send>;

/// The statements the store runs, on a connection or in a transaction.
pub(super) trait Sql {
    fn query(&mut self, sql: &str, values: &[Value<'_>]) -> Result<Vec<Row>, StoreError>;
    fn execute(&mut self, sql: &str, values: &[Value<'_>]) -> Result<u64, StoreError>;
    /// Statements without values (one or more), in the simple protocol.
    fn batch_execute(&mut self, sql: &str) -> Result<(), StoreError>;

    fn query_opt(&mut self, sql: &str, values: &[Value<'_>]) -> Result<Option<Row>, StoreError> {
        one_at_most(self.query(sql, values)?, sql)
    }

    fn query_one(&mut self, sql: &str, values: &[Value<'_>]) -> Result<Row, StoreError> {
        self.query_opt(sql, values)?
            .ok_or_else(|| StoreError::Corrupt(format!("no row where one was expected: {sql}")))
    }
}

pub(super) fn one_at_most(mut rows: Vec<Row>, sql: &str) -> Result<Option<Row>, StoreError> {
    if rows.len() > 1 {
        return Err(StoreError::Corrupt(format!(
            "{} rows where one at most was expected: {sql}",
            rows.len()
        )));
    }
    Ok(rows.pop())
}

/// `sql`, prepared on this connection once and kept, run with `values`.
async fn query(
    client: &ClientWrapper,
    sql: &str,
    values: &[Value<'_>],
) -> Result<Vec<Row>, tokio_postgres::Error> {
    let statement = client.prepare_cached(sql).await?;
    client.query(&statement, values).await
}

async fn execute(
    client: &ClientWrapper,
    sql: &str,
    values: &[Value<'_>],
) -> Result<u64, tokio_postgres::Error> {
    let statement = client.prepare_cached(sql).await?;
    client.execute(&statement, values).await
}

/// Two statements sent at once (pipelined: one round trip), and their rows.
async fn query_pair(
    client: &ClientWrapper,
    (first, first_values): (&str, &[Value<'_>]),
    (second, second_values): (&str, &[Value<'_>]),
) -> Result<(Vec<Row>, Vec<Row>), tokio_postgres::Error> {
    let first = client.prepare_cached(first).await?;
    let second = client.prepare_cached(second).await?;
    let (first, second) = join(
        client.query(&first, first_values),
        client.query(&second, second_values),
    )
    .await;
    Ok((first?, second?))
}

/// A connection taken from the pool for one call.
pub(super) struct Conn<'r> {
    pub(super) client: Object,
    pub(super) runtime: &'r Handle,
}

impl Conn<'_> {
    pub(super) fn is_closed(&self) -> bool {
        self.client.is_closed()
    }

    fn wait<T>(
        &self,
        work: impl Future<Output = Result<T, tokio_postgres::Error>>,
    ) -> Result<T, StoreError> {
        Ok(self.runtime.block_on(work)?)
    }

    /// A transaction that hands out no change numbers.
    pub(super) fn transaction(&mut self) -> Tx<'_> {
        self.transaction_with("BEGIN", Counter::Unused)
    }

    /// A transaction begun with `begin` (`BEGIN ISOLATION LEVEL ...`).
    pub(super) fn transaction_with(&mut self, begin: &'static str, counter: Counter) -> Tx<'_> {
        Tx {
            client: &self.client,
            runtime: self.runtime,
            begin: Some(begin),
            later: Vec::new(),
            open: false,
            counter,
            rows: HashMap::new(),
        }
    }
}

impl Sql for Conn<'_> {
    fn query(&mut self, sql: &str, values: &[Value<'_>]) -> Result<Vec<Row>, StoreError> {
        self.wait(query(&self.client, sql, values))
    }

    fn execute(&mut self, sql: &str, values: &[Value<'_>]) -> Result<u64, StoreError> {
        self.wait(execute(&self.client, sql, values))
    }

    fn batch_execute(&mut self, sql: &str) -> Result<(), StoreError> {
        self.wait(self.client.batch_execute(sql))
    }
}

/// The row of a record with its `approval`, as a transaction read it (`None`:
/// there was none).
pub(super) type RecordRow = Option<(StoredRecord, bool)>;

/// One transaction on a [`Conn`]. Rolled back when dropped before
/// [`Tx::commit`].
pub(super) struct Tx<'c> {
    client: &'c ClientWrapper,
    runtime: &'c Handle,
    /// The `BEGIN` still to send (with the first statement).
    begin: Option<&'static str>,
    /// Writes kept back, sent before the next statement or with the commit.
    later: Vec<(Statement, Vec<Owned>)>,
    /// Begun and not ended.
    open: bool,
    /// How this transaction stands to the change counter (`counter.rs`).
    pub(super) counter: Counter,
    /// The record rows this transaction read and has not written since
    /// (`rows.rs`: `replaced` reads what `record` read).
    pub(super) rows: HashMap<(&'static str, Uuid), RecordRow>,
}

impl<'c> Tx<'c> {
    /// Sends what waits (the `BEGIN`, the writes kept back) and `work`'s
    /// requests in one go, and waits for all of them: their first error, or
    /// `work`'s answer.
    pub(super) fn send<T, F>(
        &mut self,
        work: impl FnOnce(&'c ClientWrapper) -> F,
    ) -> Result<T, StoreError>
    where
        F: Future<Output = Result<T, tokio_postgres::Error>>,
    {
        let client = self.client;
        let begin = self.begin.take();
        self.open |= begin.is_some();
        let later = std::mem::take(&mut self.later);
        let (begun, written, answer) = self.runtime.block_on(async {
            // Polled in this order, so sent in this order.
            let begun = async {
                match begin {
                    Some(sql) => client.batch_execute(sql).await,
                    None => Ok(()),
                }
            };
            let written = join_all(later.iter().map(|(statement, values)| {
                client.execute_raw(statement, values.iter().map(|v| v.as_ref() as Value<'_>))
            }));
            join3(begun, written, work(client)).await
        });
        begun?;
        for result in written {
            result?;
        }
        Ok(answer?)
    }

    /// `sql` with `values`, at once: a read that may run before the change
    /// counter is locked (`counter.rs`).
    pub(super) fn query_ahead(
        &mut self,
        sql: &str,
        values: &[Value<'_>],
    ) -> Result<Vec<Row>, StoreError> {
        self.counter.usable()?;
        self.send(|client| query(client, sql, values))
    }

    /// Two reads ahead at once (see [`Tx::query_ahead`]), in one round trip.
    pub(super) fn query_ahead_pair(
        &mut self,
        first: (&str, &[Value<'_>]),
        second: (&str, &[Value<'_>]),
    ) -> Result<(Vec<Row>, Vec<Row>), StoreError> {
        self.counter.usable()?;
        self.send_pair(first, second)
    }

    /// Two statements in one round trip (after what waits), as they are.
    pub(super) fn send_pair(
        &mut self,
        first: (&str, &[Value<'_>]),
        second: (&str, &[Value<'_>]),
    ) -> Result<(Vec<Row>, Vec<Row>), StoreError> {
        self.send(|client| query_pair(client, first, second))
    }

    /// Runs `sql` with `values` before the next statement or with the commit;
    /// its failure fails that one.
    pub(super) fn later(&mut self, sql: &str, values: Vec<Owned>) -> Result<(), StoreError> {
        self.settle()?;
        let statement = self.runtime.block_on(self.client.prepare_cached(sql))?;
        self.later.push((statement, values));
        Ok(())
    }

    /// Sends the writes kept back.
    pub(super) fn flush(&mut self) -> Result<(), StoreError> {
        if self.later.is_empty() {
            return Ok(());
        }
        self.send(|_| async { Ok(()) })
    }

    /// Commits what was sent and what waits, in one round trip.
    pub(super) fn commit(&mut self) -> Result<(), StoreError> {
        self.counter.usable()?;
        if self.begin.is_some() && self.later.is_empty() {
            // Nothing was sent and nothing waits: there is nothing to commit.
            self.begin = None;
            return Ok(());
        }
        let result = self.send(|client| client.batch_execute("COMMIT"));
        // A failed commit (or a failed write before it) ends the transaction too.
        self.open = false;
        result
    }
}

impl Drop for Tx<'_> {
    fn drop(&mut self) {
        if self.open {
            // Sent, not waited for (as tokio-postgres's own transactions do):
            // whoever takes the connection next comes after it.
            let _ = self.client.batch_execute("ROLLBACK").now_or_never();
        }
    }
}

impl Sql for Tx<'_> {
    fn query(&mut self, sql: &str, values: &[Value<'_>]) -> Result<Vec<Row>, StoreError> {
        self.settle()?;
        self.send(|client| query(client, sql, values))
    }

    fn execute(&mut self, sql: &str, values: &[Value<'_>]) -> Result<u64, StoreError> {
        self.settle()?;
        self.send(|client| execute(client, sql, values))
    }

    fn batch_execute(&mut self, sql: &str) -> Result<(), StoreError> {
        self.settle()?;
        self.send(|client| client.batch_execute(sql))
    }
}
