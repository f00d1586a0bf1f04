//! Loom models of the two lock-free protocols of the thread-safe arena (arenakit itself cannot
//! be compiled against loom's primitives, so these are models that mirror `raw/shared.rs` and
//! `drop_list.rs` step for step, with the same memory orderings):
//!
//! - **Shards.** Each shard has an atomic `owner` (0 = free), `chunk`, `cursor` and `end`. A
//!   thread finds the shard it owns (a `Relaxed` load of each owner) or claims a free one with
//!   one `compare_exchange(0, me, Acquire, Relaxed)`, probing from its own index; it then bumps
//!   its shard's cursor with `Relaxed` loads and a `Relaxed` store, no read-modify-write. A
//!   mutex guards the chunk pool: a shard gets a new chunk under it (retiring the old one), and
//!   threads that found every shard claimed bump an overflow cursor under it. A reader takes
//!   the mutex and reads every shard's chunk and cursor, as `stats` does.
//!
//!   Checked: no two blocks handed out overlap, every block lies in one chunk, a claimed
//!   shard's owner never changes, no shard is claimed twice, and the reader always sees each
//!   cursor inside the chunk it sees for that shard.
//!
//! - **Drop list.** Registration pushes a node with a CAS loop on the head (`Release` on
//!   success), writing the node's `next` field non-atomically before publishing it (a loom
//!   `UnsafeCell`, so loom reports any access not ordered by happens-before); `take` swaps the
//!   head with null (`Acquire`) and walks the chain. Checked: every node is found exactly
//!   once, each thread's nodes newest first.
//!
//! Three negative controls (`#[should_panic]`) show the models catch the bugs they are for: a
//! claim by load-then-store instead of a CAS, a refill outside the lock, and a push
//! published with `Relaxed`.
//!
//! Run: `RUSTFLAGS="--cfg loom" cargo test -p arenakit --test loom_shards --release`.

#![cfg(loom)]

use loom::cell::UnsafeCell;
use loom::sync::atomic::{AtomicUsize, Ordering};
use loom::sync::{Arc, Mutex};
use loom::thread;

/// Size of a chunk of the model, in address units (the model has no chunk header).
const CHUNK: usize = 4;

/// A block handed out: `[start, end)`.
type Block = (usize, usize);

/// One thread's bump cursor, as `raw::shared::Shard`.
struct Shard {
    /// Thread number of the owner; 0 while free.
    owner: AtomicUsize,
    /// Base of the shard's chunk, 0 if none. Changed only under the lock.
    chunk: AtomicUsize,
    cursor: AtomicUsize,
    end: AtomicUsize,
}

impl Shard {
    fn new() -> Self {
        Shard {
            owner: AtomicUsize::new(0),
            chunk: AtomicUsize::new(0),
            cursor: AtomicUsize::new(0),
            end: AtomicUsize::new(0),
        }
    }

    /// `cursor::try_bump`: only the owner calls it (or a holder of the lock, for the overflow
    /// cursor), so a load and a store suffice.
    fn try_bump(&self, size: usize) -> Option<Block> {
        let at = self.cursor.load(Ordering::Relaxed);
        let end = self.end.load(Ordering::Relaxed);
        (at + size <= end).then(|| {
            self.cursor.store(at + size, Ordering::Relaxed);
            (at, at + size)
        })
    }

    /// `Shard::enter`, under the lock: the shard's new chunk.
    fn enter(&self, base: usize) {
        self.chunk.store(base, Ordering::Relaxed);
        self.cursor.store(base, Ordering::Relaxed);
        self.end.store(base + CHUNK, Ordering::Relaxed);
    }
}

/// What the lock guards: the chunk pool and the overflow cursor, as `raw::shared::Locked`.
struct Locked {
    /// Bases of the chunks not yet leased.
    free_chunks: Vec<usize>,
    /// Bytes used in retired chunks (what `stats` adds to the active cursors).
    retired_used: usize,
    overflow: Shard,
}

/// The protocol as arenakit runs it, or with one step broken (the negative controls).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Claim {
    /// Claim with one `compare_exchange(0, me)`, give a shard its chunk under the lock: as
    /// arenakit does.
    Cas,
    /// Claim with a load of 0, then a store: the race the CAS prevents.
    LoadThenStore,
    /// Take the chunk from the pool under the lock, but give it to the shard after unlocking:
    /// a reader may see the new chunk with the old cursor.
    EnterOutsideLock,
}

/// The shared arena of the model, as `raw::shared::SharedRaw`.
struct Arena {
    shards: Vec<Shard>,
    locked: Mutex<Locked>,
    /// `(shard, thread)` for every successful claim, to check no shard is claimed twice.
    claims: Mutex<Vec<(usize, usize)>>,
    claim: Claim,
}

impl Arena {
    fn new(shards: usize, chunks: usize, claim: Claim) -> Self {
        Arena {
            shards: (0..shards).map(|_| Shard::new()).collect(),
            locked: Mutex::new(Locked {
                // Chunks at 100, 200, ...: disjoint, and far apart so an overrun would show.
                free_chunks: (1..=chunks).rev().map(|i| i * 100).collect(),
                retired_used: 0,
                overflow: Shard::new(),
            }),
            claims: Mutex::new(Vec::new()),
            claim,
        }
    }

    /// `SharedRaw::claim`: the shard thread `me` owns, or a free one it claims, probing from
    /// its own index; `None` when every shard is owned by others.
    fn claim(&self, me: usize) -> Option<&Shard> {
        let n = self.shards.len();
        let probe = |k: usize| (me + k) % n;
        if let Some(i) = (0..n)
            .map(probe)
            .find(|&i| self.shards[i].owner.load(Ordering::Relaxed) == me)
        {
            return Some(&self.shards[i]);
        }
        let i = (0..n).map(probe).find(|&i| {
            let owner = &self.shards[i].owner;
            match self.claim {
                Claim::Cas | Claim::EnterOutsideLock => owner
                    .compare_exchange(0, me, Ordering::Acquire, Ordering::Relaxed)
                    .is_ok(),
                Claim::LoadThenStore => {
                    let free = owner.load(Ordering::Acquire) == 0;
                    if free {
                        owner.store(me, Ordering::Relaxed);
                    }
                    free
                }
            }
        })?;
        self.claims.lock().unwrap().push((i, me));
        Some(&self.shards[i])
    }

    /// `SharedRaw::alloc` and `alloc_slow`: bump the own shard; else, under the lock, bump
    /// again, then refill it (or the overflow cursor) from the pool.
    fn alloc(&self, me: usize, size: usize) -> Block {
        assert!(size <= CHUNK);
        let shard = self.claim(me);
        if let Some(shard) = shard {
            assert_eq!(shard.owner.load(Ordering::Relaxed), me, "owner changed");
            if let Some(block) = shard.try_bump(size) {
                return block;
            }
        }
        let mut guard = self.locked.lock().unwrap();
        let Locked {
            free_chunks,
            retired_used,
            overflow,
        } = &mut *guard;
        let own = shard;
        let shard = own.unwrap_or(overflow);
        if let Some(block) = shard.try_bump(size) {
            return block;
        }
        let base = free_chunks.pop().expect("the model ran out of chunks");
        // `Shard::retire`: the old chunk's use is recorded from the owner's own cursor.
        let old = shard.chunk.load(Ordering::Relaxed);
        if old != 0 {
            *retired_used += shard.cursor.load(Ordering::Relaxed) - old;
        }
        if let (Claim::EnterOutsideLock, Some(own)) = (self.claim, own) {
            drop(guard);
            own.enter(base);
            return own.try_bump(size).expect("an empty chunk fits any request");
        }
        shard.enter(base);
        shard
            .try_bump(size)
            .expect("an empty chunk fits any request")
    }

    /// `SharedRaw::stats`: with the lock held, every cursor lies in the chunk its shard names;
    /// returns the used total.
    fn stats(&self) -> usize {
        let locked = self.locked.lock().unwrap();
        let mut used = locked.retired_used;
        for shard in self.shards.iter().chain([&locked.overflow]) {
            let chunk = shard.chunk.load(Ordering::Relaxed);
            let cursor = shard.cursor.load(Ordering::Relaxed);
            if chunk == 0 {
                assert_eq!(cursor, 0, "stats: a cursor without a chunk");
            } else {
                assert!(
                    (chunk..=chunk + CHUNK).contains(&cursor),
                    "stats: cursor {cursor} outside its shard's chunk {chunk}"
                );
                assert_eq!(shard.end.load(Ordering::Relaxed), chunk + CHUNK);
                used += cursor - chunk;
            }
        }
        used
    }
}

/// Each `(me, sizes)` of `threads` is a thread numbered `me` allocating `sizes` in order; a
/// reader thread takes `stats` meanwhile; then every block is checked.
fn run_shards(
    shards: usize,
    threads: &'static [(usize, &'static [usize])],
    reader: bool,
    claim: Claim,
) {
    let chunks: usize = threads.iter().map(|(_, s)| s.len()).sum();
    let _serial = serial();
    let builder = builder();
    builder.check(move || {
        let arena = Arc::new(Arena::new(shards, chunks, claim));
        let handles: Vec<_> = threads
            .iter()
            .map(|&(me, sizes)| {
                let arena = Arc::clone(&arena);
                thread::spawn(move || {
                    sizes
                        .iter()
                        .map(|&size| arena.alloc(me, size))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        let reader = reader.then(|| {
            let arena = Arc::clone(&arena);
            thread::spawn(move || arena.stats())
        });
        let mut blocks: Vec<Block> = handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect();
        let total: usize = blocks.iter().map(|(s, e)| e - s).sum();
        if let Some(reader) = reader {
            let seen = reader.join().unwrap();
            assert!(
                seen <= total,
                "stats: the reader saw {seen} used of {total}"
            );
        }
        assert_eq!(arena.stats(), total, "stats after the join");
        for &(start, end) in &blocks {
            assert!(start < end);
            let base = start / 100 * 100;
            assert!(
                end <= base + CHUNK,
                "block [{start}, {end}) leaves its chunk"
            );
        }
        blocks.sort_unstable();
        for pair in blocks.windows(2) {
            assert!(pair[0].1 <= pair[1].0, "blocks {pair:?} overlap");
        }
        // No shard claimed twice, and claimed shards keep their owner.
        let claims = arena.claims.lock().unwrap();
        for (i, shard) in arena.shards.iter().enumerate() {
            let owners: Vec<usize> = claims.iter().filter(|c| c.0 == i).map(|c| c.1).collect();
            assert!(owners.len() <= 1, "shard {i} claimed by {owners:?}");
            assert_eq!(
                shard.owner.load(Ordering::Relaxed),
                owners.first().copied().unwrap_or(0)
            );
        }
    });
}

/// Two threads, one shard: one claims it, the other allocates through the overflow cursor;
/// both refill; a reader takes stats meanwhile.
#[test]
fn shards_one_shard_two_threads_with_reader() {
    run_shards(1, &[(1, &[3, 2]), (2, &[3, 2])], true, Claim::Cas);
}

/// Two threads, two shards: each claims one (racing for the same one first when their
/// probes start there); a reader takes stats meanwhile.
#[test]
fn shards_two_shards_two_threads_with_reader() {
    run_shards(2, &[(1, &[3, 2]), (2, &[2, 3])], true, Claim::Cas);
}

/// Threads 1 and 3 start probing at the same shard of two: they race for it, and the loser
/// takes the other one; a reader takes stats meanwhile.
#[test]
fn shards_two_shards_contended_claim() {
    run_shards(2, &[(1, &[3, 3]), (3, &[2, 3])], true, Claim::Cas);
}

/// Three threads, two shards: the third finds both claimed and uses the overflow cursor.
#[test]
fn shards_three_threads_two_shards() {
    run_shards(
        2,
        &[(1, &[3, 2]), (2, &[3]), (3, &[2, 3])],
        false,
        Claim::Cas,
    );
}

/// Negative control: claiming with a load and a store lets two threads own one shard, and
/// the model catches it.
#[test]
#[should_panic(expected = "owner changed")]
fn shards_claim_without_cas_is_caught() {
    run_shards(
        1,
        &[(1, &[3, 2]), (2, &[3, 2])],
        false,
        Claim::LoadThenStore,
    );
}

/// Negative control: a shard given its new chunk outside the lock lets the reader see a
/// chunk and a cursor that do not belong together (or count a retired chunk twice), and the
/// model catches it.
#[test]
#[should_panic(expected = "stats:")]
fn shards_refill_outside_the_lock_is_caught() {
    run_shards(1, &[(1, &[3, 2])], true, Claim::EnterOutsideLock);
}

/// Runs the models one at a time: loom's executions are cheap, but running several models in
/// parallel test threads more than doubles the wall time (most of it in the kernel).
fn serial() -> std::sync::MutexGuard<'static, ()> {
    static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());
    // A negative control panics while holding the lock, by design.
    SERIAL
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A loom model builder for up to 4 threads besides the main one, exploring the
/// interleavings with at most `LOOM_MAX_PREEMPTIONS` preemptions (default 3: enough to
/// interleave every pair of steps of two threads, while keeping the run in seconds).
fn builder() -> loom::model::Builder {
    let mut builder = loom::model::Builder::new();
    builder.max_threads = 5;
    if builder.preemption_bound.is_none() {
        builder.preemption_bound = Some(3);
    }
    builder
}

/// A node of the drop list: its `next` field is plain memory in the arena, written before the
/// node is published. Index `i` is encoded as `i + 1` (0 is null).
struct Node {
    next: UnsafeCell<usize>,
}

/// The registry of `drop_list.rs` over `AtomicPtr<DropHeader>`, with indices for pointers.
struct DropList {
    head: AtomicUsize,
    nodes: Vec<Node>,
    /// The ordering that publishes a pushed node (`Release` in arenakit).
    publish: Ordering,
}

impl DropList {
    fn new(nodes: usize, publish: Ordering) -> Self {
        DropList {
            head: AtomicUsize::new(0),
            nodes: (0..nodes)
                .map(|_| Node {
                    next: UnsafeCell::new(0),
                })
                .collect(),
            publish,
        }
    }

    /// `ListHead::push` for the atomic head.
    fn push(&self, i: usize) {
        let node = &self.nodes[i];
        let mut head = self.head.load(Ordering::Relaxed);
        loop {
            // The node is not reachable by others until the exchange publishes it.
            node.next.with_mut(|next| {
                // SAFETY: loom checks that no other access to the cell races with this one.
                unsafe { *next = head }
            });
            match self
                .head
                .compare_exchange_weak(head, i + 1, self.publish, Ordering::Relaxed)
            {
                Ok(_) => return,
                Err(current) => head = current,
            }
        }
    }

    /// `ListHead::take`, then the walk of `run_chain`: the nodes of the detached chain, in
    /// order.
    fn take(&self) -> Vec<usize> {
        let mut chain = self.head.swap(0, Ordering::Acquire);
        let mut taken = Vec::new();
        while chain != 0 {
            let i = chain - 1;
            taken.push(i);
            chain = self.nodes[i].next.with(|next| {
                // SAFETY: loom checks that this read is ordered after the writes to the cell.
                unsafe { *next }
            });
        }
        taken
    }
}

/// Pushes of `per_thread[t]` nodes from each thread `t`, an optional concurrent `take`, and a
/// final `take` after the join: every node exactly once, each thread's newest first.
fn run_drop_list(per_thread: &'static [usize], concurrent_take: bool, publish: Ordering) {
    let _serial = serial();
    let builder = builder();
    builder.check(move || {
        let total: usize = per_thread.iter().sum();
        let list = Arc::new(DropList::new(total, publish));
        // Thread `t` pushes the nodes `first..first + n`, in order.
        let mut first = 0;
        let handles: Vec<_> = per_thread
            .iter()
            .map(|&n| {
                let list = Arc::clone(&list);
                let ids = first..first + n;
                first += n;
                thread::spawn(move || ids.for_each(|i| list.push(i)))
            })
            .collect();
        let taker = concurrent_take.then(|| {
            let list = Arc::clone(&list);
            thread::spawn(move || list.take())
        });
        for handle in handles {
            handle.join().unwrap();
        }
        let mut chains = vec![list.take()];
        if let Some(taker) = taker {
            chains.push(taker.join().unwrap());
        }
        let mut seen = vec![0; total];
        for chain in &chains {
            for &i in chain {
                seen[i] += 1;
            }
            // Newest first within each thread: a node of thread `t` comes before the older
            // ones of the same thread.
            let mut first = 0;
            for &n in per_thread {
                let mine: Vec<usize> = chain
                    .iter()
                    .copied()
                    .filter(|i| (first..first + n).contains(i))
                    .collect();
                assert!(mine.windows(2).all(|w| w[0] > w[1]), "order {mine:?}");
                first += n;
            }
        }
        assert!(seen.iter().all(|&n| n == 1), "nodes seen {seen:?} times");
        assert_eq!(list.take(), Vec::<usize>::new());
    });
}

/// Three threads push one node each; a take after the join finds all three once.
#[test]
fn drop_list_three_pushers() {
    run_drop_list(&[1, 1, 1], false, Ordering::Release);
}

/// Two threads push two nodes each; a take after the join finds all four, in order.
#[test]
fn drop_list_two_pushers_two_nodes() {
    run_drop_list(&[2, 2], false, Ordering::Release);
}

/// A take running while two threads push (stronger than arenakit needs: it takes only with
/// the arena exclusively borrowed): it reads the `next` fields of whatever it detached
/// without a data race, and the final take finds the rest.
#[test]
fn drop_list_take_concurrent_with_pushes() {
    run_drop_list(&[2, 1], true, Ordering::Release);
}

/// Negative control: a push published with `Relaxed` lets a concurrent take read a `next`
/// field the pusher wrote without ordering, and loom reports the race.
#[test]
#[should_panic(expected = "Causality violation")]
fn drop_list_relaxed_publish_is_caught() {
    run_drop_list(&[2, 1], true, Ordering::Relaxed);
}
