//! A `Writer` keeps memory bounded: streaming many times more rows does not raise the peak of
//! what Rust allocates (its builders and at most one flush window of Arrow batches). So does
//! `insert_all`, whose large inputs are encoded on a second thread with at most a fixed number of
//! batches in flight. A counting global allocator measures the heap; DuckDB's own C++ allocations do not go through it, and a file database lets DuckDB write
//! large uncommitted appends to disk instead of holding them.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use duckspec::duckdb::Connection;
use duckspec::{Table, Writer};

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = CURRENT.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(now, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The counters are the process's: the tests measure one at a time.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

#[derive(Table)]
#[table(name = "frames", unchecked)]
struct Frame {
    job_id: String,
    index: i64,
    render_time_us: f64,
    label: Option<String>,
}

/// The heap's peak above its level at the start, while streaming `rows` rows.
fn peak_while_streaming(conn: &Connection, rows: usize) -> usize {
    let start = CURRENT.load(Ordering::Relaxed);
    PEAK.store(start, Ordering::Relaxed);
    let mut writer = Writer::<Frame>::new(conn).unwrap();
    for index in 0..rows {
        let frame = Frame {
            job_id: format!("job-{}", index % 97),
            index: index as i64,
            render_time_us: index as f64 * 0.25,
            label: (index % 3 == 0).then(|| "bounding-box".to_string()),
        };
        writer.push(&frame).unwrap();
    }
    assert_eq!(writer.finish().unwrap(), rows);
    PEAK.load(Ordering::Relaxed) - start
}

#[test]
fn streaming_seven_times_more_rows_does_not_raise_the_peak() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let conn = Connection::open(dir.path().join("frames.duckdb")).unwrap();
    conn.execute_batch(Frame::DDL).unwrap();
    // Warm up: one-time allocations (the table definition, caches) are not the stream's.
    peak_while_streaming(&conn, 10_000);

    // A stream holds at most one flush window (WRITER_FLUSH_ROWS rows) of encoded batches, which
    // a second thread converts for DuckDB at the flush: both streams fill several windows.
    let small = peak_while_streaming(&conn, 150_000);
    let large = peak_while_streaming(&conn, 1_000_000);
    eprintln!("peak heap while streaming: 150k rows {small} B, 1M rows {large} B");
    assert!(
        large < small + small / 4,
        "the peak grew with the stream: {small} B for 150k rows, {large} B for 1M"
    );
    let count: i64 = conn.query_row("SELECT count(*) FROM frames", [], |r| r.get(0)).unwrap();
    assert_eq!(count, 1_160_000);
}

fn frames(rows: usize) -> Vec<Frame> {
    (0..rows)
        .map(|index| Frame {
            job_id: format!("job-{}", index % 97),
            index: index as i64,
            render_time_us: index as f64 * 0.25,
            label: (index % 3 == 0).then(|| "bounding-box".to_string()),
        })
        .collect()
}

/// The heap's peak above its level with the rows already built, while `insert_all` writes them
/// (large inputs are encoded on a second thread, with at most a fixed number of batches in flight).
fn peak_while_inserting(conn: &Connection, rows: &[Frame]) -> usize {
    let start = CURRENT.load(Ordering::Relaxed);
    PEAK.store(start, Ordering::Relaxed);
    assert_eq!(Frame::insert_all(conn, rows).unwrap(), rows.len());
    PEAK.load(Ordering::Relaxed) - start
}

#[test]
fn inserting_25_times_more_rows_at_once_does_not_raise_the_peak_either() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let conn = Connection::open(dir.path().join("frames.duckdb")).unwrap();
    conn.execute_batch(Frame::DDL).unwrap();
    peak_while_inserting(&conn, &frames(20_000));

    let small = peak_while_inserting(&conn, &frames(20_000));
    let large = peak_while_inserting(&conn, &frames(500_000));
    eprintln!("peak heap beyond the rows while inserting: 20k rows {small} B, 500k rows {large} B");
    assert!(
        large < small * 2 + (1 << 20),
        "the peak grew with the input: {small} B for 20k rows, {large} B for 500k"
    );
}
