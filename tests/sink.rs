//! The background sink against a real DuckDB: both overflow modes, a constraint failure in the
//! middle of a flush (good rows committed, bad rows kept in `duckspec_rejects`), a flush during
//! heavy sending, close while other threads send, one flush across tables, and the SIGKILL bound.

use std::io::{BufRead, BufReader};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use duckspec::duckdb::types::{FromSql, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use duckspec::duckdb::Connection;
use duckspec::{Error, Overflow, Sink, SinkOptions, Table};

#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "events", unchecked)]
struct Event {
    #[column(primary_key)]
    id: i64,
    producer: i32,
    #[column(check = "size >= 0")]
    size: i64,
}

#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "notes", unchecked)]
struct Note {
    event_id: i64,
    text: String,
}

fn database() -> Connection {
    let conn = Connection::open_in_memory().unwrap();
    conn.execute_batch(&format!("{}{}", Event::DDL, Note::DDL)).unwrap();
    conn
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |row| row.get(0)).unwrap()
}

fn event(id: i64) -> Event {
    Event { id, producer: 0, size: id }
}

#[test]
fn blocking_overflow_loses_nothing_however_small_the_queue() {
    let conn = database();
    let sink =
        Sink::start(conn.try_clone().unwrap(), SinkOptions::default().capacity(4).batch_rows(1000)).unwrap();
    for id in 0..20_000 {
        sink.send(event(id)).unwrap();
    }
    let stats = sink.close().unwrap();
    assert_eq!((stats.written, stats.dropped, stats.queued), (20_000, 0, 0));
    assert_eq!(count(&conn, "SELECT count(*) FROM events"), 20_000);
}

/// A value that takes a millisecond to convert: it makes the writer slower than the sender.
#[derive(Debug, Clone, PartialEq)]
struct Slow(i64);

impl ToSql for Slow {
    fn to_sql(&self) -> duckspec::duckdb::Result<ToSqlOutput<'_>> {
        std::thread::sleep(Duration::from_millis(1));
        Ok(ToSqlOutput::from(self.0))
    }
}

impl FromSql for Slow {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        i64::column_result(value).map(Slow)
    }
}

#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "slow", unchecked)]
struct SlowRow {
    #[column(sql_type = "BIGINT")]
    value: Slow,
}

#[test]
fn dropping_overflow_counts_what_it_drops_and_never_waits() {
    let conn = Connection::open_in_memory().unwrap();
    conn.execute_batch(SlowRow::DDL).unwrap();
    // One row per flush: the writer converts (slowly) as rows arrive, so the queue fills.
    let options = SinkOptions::default().capacity(8).batch_rows(1).overflow(Overflow::Drop);
    let sink = Sink::start(conn.try_clone().unwrap(), options).unwrap();
    let started = std::time::Instant::now();
    for value in 0..2_000 {
        sink.send(SlowRow { value: Slow(value) }).unwrap();
    }
    // 2,000 conversions take the writer two seconds; the sender did not wait for them.
    assert!(started.elapsed() < Duration::from_millis(500), "{:?}", started.elapsed());
    let stats = sink.close().unwrap();
    assert!(stats.dropped > 1_000, "{stats:?}");
    assert_eq!(stats.written + stats.dropped, 2_000, "{stats:?}");
    assert_eq!(count(&conn, "SELECT count(*) FROM slow") as u64, stats.written);
}

#[test]
fn a_bad_row_in_a_flush_costs_no_neighbour_and_is_kept_with_its_reason() {
    let conn = database();
    conn.execute_batch("INSERT INTO events VALUES (5, 9, 5)").unwrap();
    let sink = Sink::start(conn.try_clone().unwrap(), SinkOptions::default()).unwrap();
    for id in 0..10_000 {
        sink.send(event(id)).unwrap(); // id 5 exists already
        sink.send(Note { event_id: id, text: format!("note {id}") }).unwrap();
    }
    sink.send(Event { id: 20_000, producer: 0, size: -1 }).unwrap(); // fails the CHECK
    sink.send(event(7)).unwrap(); // a duplicate within the same flush
    sink.flush().unwrap();
    assert_eq!(count(&conn, "SELECT count(*) FROM events"), 10_000);
    assert_eq!(count(&conn, "SELECT count(*) FROM notes"), 10_000);
    let stats = sink.stats();
    // 20,002 sent: 9,999 events (id 5 was there already), 10,000 notes, 3 rejected.
    assert_eq!((stats.written, stats.rejected, stats.queued), (19_999, 3, 0), "{stats:?}");
    let rejects: Vec<(String, String, String)> = conn
        .prepare("SELECT table_name, message, row_values FROM duckspec_rejects ORDER BY row_values")
        .unwrap()
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(rejects.len(), 3, "{rejects:#?}");
    assert!(rejects.iter().all(|(table, _, _)| table == "events"));
    assert!(
        rejects
            .iter()
            .any(|(_, message, values)| message.contains("CHECK") && values.contains("\"size\":\"-1\"")),
        "{rejects:#?}"
    );
    assert_eq!(
        // DuckDB words a clash with a stored key and one within the batch differently.
        rejects.iter().filter(|(_, message, _)| message.to_lowercase().contains("duplicate key")).count(),
        2,
        "{rejects:#?}"
    );
    sink.close().unwrap();
}

#[test]
fn a_large_flush_keeps_every_good_row_and_sets_the_bad_ones_aside() {
    // Flushes of this size go to DuckDB as data chunks converted on a second thread.
    let conn = database();
    conn.execute_batch("INSERT INTO events VALUES (30000, 9, 1)").unwrap();
    let sink = Sink::start(conn.try_clone().unwrap(), SinkOptions::default()).unwrap();
    for id in 0..60_000 {
        sink.send(event(id)).unwrap(); // id 30,000 exists already
        sink.send(Note { event_id: id, text: format!("note {id}") }).unwrap();
    }
    sink.send(Event { id: 70_000, producer: 0, size: -5 }).unwrap(); // fails the CHECK
    sink.flush().unwrap();
    let stats = sink.close().unwrap();
    assert_eq!((stats.written, stats.rejected), (119_999, 2), "{stats:?}");
    // Every good row is there with its values: 0..60,000 but the clash, whose stored row stays.
    let (events, ids, sizes): (i64, i64, i64) = conn
        .query_row("SELECT count(*), sum(id), sum(size) FROM events WHERE producer = 0", [], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?))
        })
        .unwrap();
    let expected: i64 = (0..60_000).sum::<i64>() - 30_000;
    assert_eq!((events, ids, sizes), (59_999, expected, expected));
    assert_eq!(count(&conn, "SELECT count(*) FROM notes"), 60_000);
    let kept: Vec<String> = conn
        .prepare("SELECT row_values FROM duckspec_rejects WHERE table_name = 'events' ORDER BY row_values")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(kept.len(), 2, "{kept:?}");
    assert!(kept.iter().any(|v| v.contains("\"id\":\"30000\"")), "{kept:?}");
    assert!(kept.iter().any(|v| v.contains("\"size\":\"-5\"")), "{kept:?}");
}

#[test]
fn a_value_that_cannot_be_stored_is_set_aside_and_its_neighbours_written() {
    #[derive(Table)]
    #[table(name = "money", unchecked)]
    struct Money {
        #[column(sql_type = "DECIMAL(4,2)")]
        amount: rust_decimal::Decimal,
    }
    let conn = Connection::open_in_memory().unwrap();
    conn.execute_batch(Money::DDL).unwrap();
    let sink = Sink::start(conn.try_clone().unwrap(), SinkOptions::default()).unwrap();
    sink.send(Money { amount: rust_decimal::Decimal::new(1234567, 2) }).unwrap(); // too wide
    sink.send(Money { amount: rust_decimal::Decimal::new(150, 2) }).unwrap();
    let stats = sink.close().unwrap();
    assert_eq!((stats.written, stats.rejected), (1, 1), "{stats:?}");
    assert_eq!(count(&conn, "SELECT count(*) FROM duckspec_rejects WHERE table_name = 'money'"), 1);
}

#[test]
fn a_flush_during_heavy_sending_covers_everything_sent_before_it() {
    let conn = database();
    let sink = Sink::start(conn.try_clone().unwrap(), SinkOptions::default().capacity(1024)).unwrap();
    let sent: Arc<Vec<AtomicI64>> = Arc::new((0..2).map(|_| AtomicI64::new(-1)).collect());
    let producers: Vec<_> = (0..2)
        .map(|producer| {
            let (sink, sent) = (sink.clone(), sent.clone());
            std::thread::spawn(move || {
                for n in 0..50_000i64 {
                    sink.send(Event { id: n * 2 + producer as i64, producer, size: n }).unwrap();
                    sent[producer as usize].store(n, Ordering::Release);
                }
            })
        })
        .collect();
    for _ in 0..5 {
        std::thread::sleep(Duration::from_millis(20));
        let before: Vec<i64> = sent.iter().map(|s| s.load(Ordering::Acquire)).collect();
        sink.flush().unwrap();
        for (producer, last) in before.iter().enumerate() {
            let committed = count(&conn, &format!("SELECT count(*) FROM events WHERE producer = {producer}"));
            assert!(committed > *last, "producer {producer}: sent up to {last}, committed {committed}");
        }
    }
    for producer in producers {
        producer.join().unwrap();
    }
    assert_eq!(sink.close().unwrap().written, 100_000);
}

#[test]
fn closing_while_others_send_loses_no_accepted_row() {
    let conn = database();
    let sink = Sink::start(conn.try_clone().unwrap(), SinkOptions::default().capacity(256)).unwrap();
    let producers: Vec<_> = (0..3)
        .map(|producer| {
            let sink = sink.clone();
            std::thread::spawn(move || {
                let mut accepted = 0i64;
                for n in 0..1_000_000i64 {
                    match sink.send(Event { id: n * 3 + producer as i64, producer, size: n }) {
                        Ok(()) => accepted += 1,
                        Err(Error::SinkClosed) => break,
                        Err(other) => panic!("{other}"),
                    }
                }
                accepted
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(150));
    let stats = sink.close().unwrap();
    let accepted: Vec<i64> = producers.into_iter().map(|p| p.join().unwrap()).collect();
    for (producer, accepted) in accepted.iter().enumerate() {
        let written = count(&conn, &format!("SELECT count(*) FROM events WHERE producer = {producer}"));
        assert_eq!(written, *accepted, "producer {producer}");
    }
    assert_eq!(stats.written as i64, accepted.iter().sum::<i64>());
    assert_eq!(stats.queued, 0);
}

#[test]
fn dropping_the_last_handle_drains_and_commits() {
    let conn = database();
    {
        let sink = Sink::start(conn.try_clone().unwrap(), SinkOptions::default()).unwrap();
        let clone = sink.clone();
        clone.send(event(1)).unwrap();
        sink.send(event(2)).unwrap();
    }
    assert_eq!(count(&conn, "SELECT count(*) FROM events"), 2);
}

#[test]
fn the_flush_interval_commits_without_being_asked() {
    let conn = database();
    let sink = Sink::start(
        conn.try_clone().unwrap(),
        SinkOptions::default().flush_interval(Duration::from_millis(100)),
    )
    .unwrap();
    for id in 0..1_000 {
        sink.send(event(id)).unwrap();
    }
    // Far fewer rows than a batch, no flush, no close: the interval alone commits them.
    // The stats move after the commit, so wait on them: once they say written, the rows must
    // be visible (the other order races the sink thread's bookkeeping).
    let started = std::time::Instant::now();
    while (sink.stats().written, sink.stats().queued) != (1_000, 0) {
        assert!(started.elapsed() < Duration::from_secs(10), "rows still uncommitted: {:?}", sink.stats());
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(count(&conn, "SELECT count(*) FROM events"), 1_000);
    // A long interval holds them back instead (until a flush or close).
    let patient = Sink::start(
        conn.try_clone().unwrap(),
        SinkOptions::default().flush_interval(Duration::from_secs(3600)),
    )
    .unwrap();
    patient.send(event(5_000)).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(count(&conn, "SELECT count(*) FROM events"), 1_000);
    assert_eq!(patient.close().unwrap().written, 1);
    assert_eq!(count(&conn, "SELECT count(*) FROM events"), 1_001);
}

#[test]
fn dropping_the_last_handle_warns_only_when_rows_were_not_written() {
    let capture = duckspec::job::capture::LogCapture::start();
    let closing_warnings = || {
        capture
            .records()
            .into_iter()
            .filter(|r| r.level() == tracing::Level::WARN && r.message().contains("closed by dropping"))
            .collect::<Vec<_>>()
    };
    let conn = database();
    {
        let sink = Sink::start(conn.try_clone().unwrap(), SinkOptions::default()).unwrap();
        sink.send(event(1)).unwrap();
    }
    assert!(closing_warnings().is_empty(), "a clean drop warned");
    {
        let sink = Sink::start(conn.try_clone().unwrap(), SinkOptions::default()).unwrap();
        sink.send(event(1)).unwrap(); // a duplicate key: rejected
        sink.send(event(2)).unwrap();
    }
    let warnings = closing_warnings();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!((warnings[0].field("rejected"), warnings[0].field("written")), (Some("1"), Some("1")));
    assert_eq!(count(&conn, "SELECT count(*) FROM events"), 2);
}

/// Generic code over any table: a bound of `Table` (and `Send` for a sink) is all it needs.
fn send_all<T: Table + Send + 'static>(sink: &Sink, rows: Vec<T>) -> Result<usize, Error> {
    let count = rows.len();
    for row in rows {
        sink.send(row)?;
    }
    Ok(count)
}

fn copy_table<T: Table>(from: &Connection, to: &Connection) -> Result<usize, Error> {
    let rows = T::select_all(from)?;
    T::insert_all(to, &rows)?;
    let mut batch = duckspec::Batch::new();
    batch.extend(&rows[..0])?;
    Ok(rows.len())
}

#[test]
fn generic_code_bounded_by_table_sends_inserts_and_reads() {
    let conn = database();
    let sink = Sink::start(conn.try_clone().unwrap(), SinkOptions::default()).unwrap();
    assert_eq!(send_all(&sink, (0..100).map(event).collect()).unwrap(), 100);
    assert_eq!(send_all(&sink, vec![Note { event_id: 1, text: "one".into() }]).unwrap(), 1);
    assert_eq!(sink.close().unwrap().written, 101);
    let other = database();
    assert_eq!(copy_table::<Event>(&conn, &other).unwrap(), 100);
    assert_eq!(copy_table::<Note>(&conn, &other).unwrap(), 1);
    assert_eq!(Event::select_all(&other).unwrap(), (0..100).map(event).collect::<Vec<_>>());
}

/// The child of the SIGKILL test: sends rows and reports each flush that returned.
#[test]
#[ignore = "run by sigkill_loses_at_most_the_rows_not_yet_flushed"]
fn child_sends_until_killed() {
    let path = std::env::var("DUCKSPEC_SINK_DB").unwrap();
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(Event::DDL).unwrap();
    let sink = Sink::start(
        conn.try_clone().unwrap(),
        SinkOptions::default().flush_interval(Duration::from_secs(60)),
    )
    .unwrap();
    for id in 0.. {
        sink.send(event(id)).unwrap();
        if id % 5_000 == 4_999 {
            sink.flush().unwrap();
            println!("flushed {}", id + 1);
        }
    }
}

#[test]
fn sigkill_loses_at_most_the_rows_not_yet_flushed() {
    let dir = tempfile::tempdir().unwrap();
    for round in 0..3u64 {
        let path = dir.path().join(format!("sink-{round}.duckdb"));
        let mut child = duckspec_tests::rerun_self("child_sends_until_killed")
            .env("DUCKSPEC_SINK_DB", &path)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        let mut flushed = 0i64;
        for line in stdout.lines().map_while(Result::ok) {
            if let Some(n) = line.strip_prefix("flushed ") {
                flushed = n.parse().unwrap();
                if flushed >= 10_000 * (round as i64 + 1) {
                    break;
                }
            }
        }
        child.kill().unwrap();
        child.wait().unwrap();
        let conn = Connection::open(&path).unwrap();
        let rows = count(&conn, "SELECT count(*) FROM events");
        // Every flush that returned is there; beyond it, at most the queue, the open batch and the
        // batch being committed.
        assert!(rows >= flushed, "round {round}: flushed {flushed}, found {rows}");
        assert!(rows <= flushed + 65_536 + 2 * 122_880, "round {round}: flushed {flushed}, found {rows}");
        // And what is there is whole: ids 0..rows, no gaps.
        assert_eq!(count(&conn, "SELECT max(id) + 1 FROM events"), rows);
    }
}

#[test]
fn a_table_dropped_after_a_failed_flush_does_not_block_the_other_tables() {
    // The failing table's flush fails as a whole; later flushes of other tables still commit.
    let conn = database();
    conn.execute_batch("CREATE TABLE gone (id BIGINT)").unwrap();
    #[derive(Table)]
    #[table(name = "gone", unchecked)]
    struct Gone {
        id: i64,
    }
    let sink = Sink::start(conn.try_clone().unwrap(), SinkOptions::default()).unwrap();
    conn.execute_batch("DROP TABLE gone").unwrap();
    sink.send(Gone { id: 1 }).unwrap();
    assert!(sink.flush().is_err());
    sink.send(Event { id: 1, producer: 0, size: 1 }).unwrap();
    sink.flush().unwrap();
    let stats = sink.close().unwrap();
    assert_eq!((stats.written, stats.rejected, stats.failed_flushes), (1, 1, 1), "{stats:?}");
    // The row of the failed flush is kept, with DuckDB's reason, not discarded.
    let (values, message): (String, String) = conn
        .query_row("SELECT row_values, message FROM duckspec_rejects WHERE table_name = 'gone'", [], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })
        .unwrap();
    assert!(values.contains("\"id\":\"1\""), "{values}");
    assert!(message.contains("gone"), "{message}");
}

#[test]
fn an_empty_extend_of_a_missing_table_does_not_fail_a_batch() {
    #[derive(Table)]
    #[table(name = "missing", unchecked)]
    struct Missing {
        id: i64,
    }
    let conn = database();
    let mut batch = duckspec::Batch::new();
    assert_eq!(batch.extend::<Missing>(&[]).unwrap(), 0);
    batch.push(&Event { id: 5, producer: 1, size: 2 }).unwrap();
    assert_eq!(batch.commit(&conn).unwrap(), 1);
}

/// A value whose conversion panics: it brings the writer thread down.
#[derive(Debug, Clone, PartialEq)]
struct Explosive;

impl ToSql for Explosive {
    fn to_sql(&self) -> duckspec::duckdb::Result<ToSqlOutput<'_>> {
        panic!("a value that cannot even be converted");
    }
}

impl FromSql for Explosive {
    fn column_result(_: ValueRef<'_>) -> FromSqlResult<Self> {
        Ok(Explosive)
    }
}

#[derive(Table, Debug, Clone, PartialEq)]
#[table(name = "explosive", unchecked)]
struct ExplosiveRow {
    #[column(sql_type = "BIGINT")]
    value: Explosive,
}

#[test]
fn a_writer_that_dies_releases_blocked_senders_and_waiting_flushes() {
    let conn = Connection::open_in_memory().unwrap();
    conn.execute_batch(ExplosiveRow::DDL).unwrap();
    // A queue of one row, so the second sender blocks until the writer takes the first.
    let sink = Sink::start(conn.try_clone().unwrap(), SinkOptions::default().capacity(1)).unwrap();
    let senders: Vec<_> = (0..3)
        .map(|_| {
            let sink = sink.clone();
            std::thread::spawn(move || {
                (0..100).map(|_| sink.send(ExplosiveRow { value: Explosive })).find(Result::is_err)
            })
        })
        .collect();
    // Every sender stops with the sink's error instead of waiting forever, and so does a flush.
    for sender in senders {
        assert!(matches!(sender.join().unwrap(), Some(Err(Error::SinkClosed))));
    }
    assert!(sink.flush().is_err());
    assert!(matches!(sink.send(ExplosiveRow { value: Explosive }), Err(Error::SinkClosed)));
}
