//! Parallel map with ordered, bounded output.
//!
//! Work runs on a rayon pool of `jobs` threads; results are handed to the caller's thread in
//! input order, whatever order they finish in. At most `window` items are in flight or waiting
//! for an earlier one at any time, so memory does not grow with the number of inputs, and output
//! is the same byte for byte for any number of jobs.

use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::mpsc;

/// Runs `work` on every item on `jobs` threads and calls `emit` with each result in item order
/// on the calling thread. `emit` returning `Break` stops the run: items not started are not
/// started, and the ones in flight are finished and dropped. A panic in `work` is raised again
/// on the calling thread when its turn to be emitted comes.
pub fn map_ordered<I, R, W, E>(items: &[I], jobs: usize, window: usize, work: W, mut emit: E)
where
    I: Sync,
    R: Send,
    W: Fn(&I) -> R + Sync,
    E: FnMut(R) -> ControlFlow<()>,
{
    let jobs = jobs.max(1);
    let window = window.max(jobs);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .thread_name(|i| format!("gongkai-{i}"))
        .build();
    let pool = match pool {
        Ok(pool) => pool,
        // No threads to be had: do the work here, in order.
        Err(_) => {
            for item in items {
                if emit(work(item)).is_break() {
                    break;
                }
            }
            return;
        }
    };
    let (tx, rx) = mpsc::channel();
    let work = &work;
    pool.in_place_scope(|scope| {
        let mut started = 0;
        let mut emitted = 0;
        let mut waiting = BTreeMap::new();
        while emitted < items.len() {
            while started < items.len() && started - emitted < window {
                let (tx, item, index) = (tx.clone(), &items[started], started);
                scope.spawn(move |_| {
                    let result = catch_unwind(AssertUnwindSafe(|| work(item)));
                    // The receiver is gone only when the run was stopped.
                    let _ = tx.send((index, result));
                });
                started += 1;
            }
            let Ok((index, result)) = rx.recv() else {
                break;
            };
            waiting.insert(index, result);
            while let Some(result) = waiting.remove(&emitted) {
                emitted += 1;
                let result = result.unwrap_or_else(|panic| resume_unwind(panic));
                if emit(result).is_break() {
                    return;
                }
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_input_order_for_any_number_of_jobs() {
        let items: Vec<u64> = (0..200).collect();
        for jobs in [1, 2, 3] {
            let mut out = Vec::new();
            // Later items finish sooner, so completion order is scrambled.
            map_ordered(
                &items,
                jobs,
                8,
                |&i| {
                    std::thread::sleep(std::time::Duration::from_micros((200 - i) * 5));
                    i * i
                },
                |r| {
                    out.push(r);
                    ControlFlow::Continue(())
                },
            );
            assert_eq!(
                out,
                items.iter().map(|i| i * i).collect::<Vec<_>>(),
                "{jobs}"
            );
        }
    }

    #[test]
    fn in_flight_work_stays_within_the_window() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let items: Vec<usize> = (0..100).collect();
        let started = AtomicUsize::new(0);
        let mut emitted = 0;
        map_ordered(
            &items,
            2,
            4,
            |_| started.fetch_add(1, Ordering::SeqCst),
            |_| {
                emitted += 1;
                // Everything started so far is at most a window ahead of what was emitted.
                assert!(started.load(Ordering::SeqCst) <= emitted + 4);
                ControlFlow::Continue(())
            },
        );
        assert_eq!(emitted, 100);
    }

    #[test]
    fn stopping_starts_nothing_more() {
        let items: Vec<usize> = (0..1000).collect();
        let mut seen = Vec::new();
        map_ordered(
            &items,
            2,
            4,
            |&i| i,
            |i| {
                seen.push(i);
                if i == 9 {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            },
        );
        assert_eq!(seen, (0..10).collect::<Vec<_>>());
    }
}
