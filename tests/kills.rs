//! A process killed (SIGKILL) in the middle of `insert_all` or of a `Writer` stream leaves a
//! database file that reopens with every committed batch intact and nothing of the interrupted
//! one. Real child processes (this test binary, re-run with `--ignored`), real kills.

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::sync::mpsc;
use std::time::Duration;

use duckspec::duckdb::Connection;
use duckspec::{Table, Writer};

#[derive(Table, Clone)]
#[table(name = "frames", unchecked)]
struct Frame {
    batch: i64,
    seq: i64,
    payload: String,
}

const INSERT_ALL_ROWS: usize = 30_000;
/// Two flushes inside every stream, so a kill also lands after rows were handed to DuckDB.
const WRITER_ROWS: usize = duckspec::tuning::WRITER_FLUSH_ROWS * 2 + 1_000;

fn frame(batch: i64, seq: usize) -> Frame {
    Frame { batch, seq: seq as i64, payload: format!("batch {batch} frame {seq} {}", "x".repeat(seq % 40)) }
}

/// Run as a child process by the tests below: writes batch after batch until killed, printing
/// `committed N` after batch N is committed.
#[test]
#[ignore = "a child process of the kill tests"]
fn child_writes_batches_until_killed() {
    let path = std::env::var_os("DUCKSPEC_KILL_DB").expect("run by a parent test");
    let mode = std::env::var("DUCKSPEC_KILL_MODE").expect("run by a parent test");
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(Frame::DDL).unwrap();
    for batch in 0.. {
        match mode.as_str() {
            "insert_all" => {
                let rows: Vec<Frame> = (0..INSERT_ALL_ROWS).map(|seq| frame(batch, seq)).collect();
                Frame::insert_all(&conn, &rows).unwrap();
            }
            "writer" => {
                let mut writer = Writer::<Frame>::new(&conn).unwrap();
                for seq in 0..WRITER_ROWS {
                    writer.push(&frame(batch, seq)).unwrap();
                }
                writer.finish().unwrap();
            }
            other => panic!("unknown mode {other}"),
        }
        println!("committed {batch}");
    }
}

/// Kills the writing child at several points and checks what the file holds each time.
fn kill_while_writing(mode: &str, rows_per_batch: usize) {
    let dir = std::env::temp_dir().join(format!("duckspec-kill-{mode}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut interrupted_rounds = 0;
    for (round, delay_ms) in [0u64, 7, 23, 61, 113].into_iter().enumerate() {
        let path = dir.join(format!("round-{round}.duckdb"));
        let _ = std::fs::remove_file(&path);
        let mut child = duckspec_tests::rerun_self("child_writes_batches_until_killed")
            .env("DUCKSPEC_KILL_DB", &path)
            .env("DUCKSPEC_KILL_MODE", mode)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let (tx, rx) = mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(batch) = line.strip_prefix("committed ") {
                    let _ = tx.send(batch.trim().parse::<i64>().unwrap());
                }
            }
        });
        // Let two batches commit, then kill somewhere inside a later one.
        let mut reported = -1;
        while reported < 1 {
            reported = rx.recv_timeout(Duration::from_secs(120)).expect("the child commits batches");
        }
        std::thread::sleep(Duration::from_millis(delay_ms));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        while let Ok(batch) = rx.try_recv() {
            reported = reported.max(batch);
        }

        let conn = Connection::open(&path).expect("the killed file reopens");
        let mut statement = conn
            .prepare("SELECT batch, count(*), count(DISTINCT seq) FROM frames GROUP BY batch ORDER BY batch")
            .unwrap();
        let batches: Vec<(i64, i64, i64)> = statement
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        for (batch, rows, distinct) in &batches {
            assert_eq!(
                (*rows as usize, *distinct as usize),
                (rows_per_batch, rows_per_batch),
                "round {round}: batch {batch} is complete or absent, never partial"
            );
        }
        let present: Vec<i64> = batches.iter().map(|b| b.0).collect();
        let committed: Vec<i64> = (0..=reported).collect();
        assert!(
            present.starts_with(&committed),
            "round {round}: every committed batch survives: {present:?}"
        );
        // At most one batch more than reported: committed just before the kill, not yet printed.
        assert!(present.len() <= committed.len() + 1, "round {round}: {present:?} vs {reported}");
        if present.len() == committed.len() {
            interrupted_rounds += 1;
        }
        drop(statement);
        drop(conn);
    }
    std::fs::remove_dir_all(&dir).unwrap();
    eprintln!("{mode}: {interrupted_rounds} of 5 kills landed inside a batch");
    assert!(interrupted_rounds >= 1, "at least one kill interrupts a batch, or the test shows nothing");
}

#[test]
fn a_process_killed_during_insert_all_keeps_committed_batches_and_nothing_else() {
    kill_while_writing("insert_all", INSERT_ALL_ROWS);
}

#[test]
fn a_process_killed_during_a_writer_stream_keeps_committed_streams_and_nothing_else() {
    kill_while_writing("writer", WRITER_ROWS);
}
