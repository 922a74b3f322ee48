//! Work on many items at once, results in order: `jobs` threads take the items in turn, and
//! the caller receives each result as soon as every earlier one has been received. A thread
//! does not run further ahead of the caller than a small window, so memory stays bounded by
//! the window, not by the batch.

use std::collections::BTreeMap;
use std::sync::mpsc;
use std::sync::{Condvar, Mutex, PoisonError};

/// How far (in items) the threads may run ahead of the caller, per thread.
const AHEAD_PER_JOB: usize = 2;

struct Turns {
    /// The next item a thread may take.
    next_to_take: usize,
    /// How many results the caller has received.
    received: usize,
}

/// Calls `work(index, item)` on every item, on up to `jobs` threads, and
/// `receive(index, result)` on this thread in the items' order.
pub fn for_each_in_order<I, T>(
    items: &[I],
    jobs: usize,
    work: impl Fn(usize, &I) -> T + Sync,
    mut receive: impl FnMut(usize, T),
) where
    I: Sync,
    T: Send,
{
    let jobs = jobs.clamp(1, items.len().max(1));
    if jobs == 1 {
        for (index, item) in items.iter().enumerate() {
            receive(index, work(index, item));
        }
        return;
    }
    let window = jobs * AHEAD_PER_JOB;
    let turns = Mutex::new(Turns {
        next_to_take: 0,
        received: 0,
    });
    let turn_freed = Condvar::new();
    let (sender, results) = mpsc::channel::<(usize, T)>();
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            let sender = sender.clone();
            let (turns, turn_freed, work) = (&turns, &turn_freed, &work);
            scope.spawn(move || {
                while let Some(index) = take_turn(turns, turn_freed, items.len(), window) {
                    if sender.send((index, work(index, &items[index]))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        let mut waiting = BTreeMap::new();
        let mut next = 0;
        for (index, result) in results {
            waiting.insert(index, result);
            while let Some(result) = waiting.remove(&next) {
                receive(next, result);
                next += 1;
                turns
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .received = next;
                turn_freed.notify_all();
            }
        }
    });
}

/// The index of the next item to work on, waiting while the window is full; `None` when all
/// items are taken.
fn take_turn(
    turns: &Mutex<Turns>,
    turn_freed: &Condvar,
    count: usize,
    window: usize,
) -> Option<usize> {
    let mut turns = turns.lock().unwrap_or_else(PoisonError::into_inner);
    while turns.next_to_take < count && turns.next_to_take >= turns.received + window {
        turns = turn_freed
            .wait(turns)
            .unwrap_or_else(PoisonError::into_inner);
    }
    if turns.next_to_take >= count {
        return None;
    }
    let index = turns.next_to_take;
    turns.next_to_take += 1;
    Some(index)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use super::*;

    #[test]
    fn results_come_in_the_items_order_whatever_finishes_first() {
        let items: Vec<u64> = (0..40).collect();
        let mut seen = Vec::new();
        // Early items take longest, so later ones finish first.
        for_each_in_order(
            &items,
            4,
            |_, &n| {
                std::thread::sleep(Duration::from_millis(40u64.saturating_sub(n)));
                n * 10
            },
            |index, result| seen.push((index, result)),
        );
        let expected: Vec<(usize, u64)> = (0..40).map(|n| (n as usize, n * 10)).collect();
        assert_eq!(seen, expected);
    }

    #[test]
    fn work_runs_on_several_threads_at_once() {
        let running = AtomicUsize::new(0);
        let most = AtomicUsize::new(0);
        let items = vec![(); 8];
        for_each_in_order(
            &items,
            4,
            |_, _| {
                let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(now, Ordering::SeqCst);
                std::thread::sleep(Duration::from_millis(50));
                running.fetch_sub(1, Ordering::SeqCst);
            },
            |_, ()| {},
        );
        assert!(
            most.load(Ordering::SeqCst) > 1,
            "never more than one at once"
        );
    }

    #[test]
    fn threads_stay_within_the_window_of_a_slow_receiver() {
        let started = AtomicUsize::new(0);
        let items: Vec<usize> = (0..30).collect();
        let mut furthest_ahead = 0;
        for_each_in_order(
            &items,
            2,
            |_, _| {
                started.fetch_add(1, Ordering::SeqCst);
            },
            |index, ()| {
                std::thread::sleep(Duration::from_millis(5));
                let ahead = started.load(Ordering::SeqCst) - (index + 1);
                furthest_ahead = furthest_ahead.max(ahead);
            },
        );
        assert!(
            furthest_ahead <= 2 * AHEAD_PER_JOB,
            "the threads ran {furthest_ahead} items ahead"
        );
    }

    #[test]
    fn no_items_and_one_job_both_work() {
        let mut calls = 0;
        for_each_in_order(&[] as &[u8], 4, |_, _| 1, |_, _: i32| calls += 1);
        assert_eq!(calls, 0);
        let mut order = Vec::new();
        for_each_in_order(&[3, 1, 2], 1, |_, &n| n, |_, n| order.push(n));
        assert_eq!(order, [3, 1, 2]);
    }
}
