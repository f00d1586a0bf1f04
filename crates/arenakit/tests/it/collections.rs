//! The arena collections: the shorthands, the seed's extra methods, freezing into arena
//! slices and strings, `String`'s API against std's, every element dropped exactly once (on
//! clear, truncate, drain, remove, replace and when the collection drops, also when a
//! destructor panics), buffers given back, and `Serialize` output identical to serde_json's
//! for the std types (feature `serde`).

use crate::common::{DropLog, LocalDrops, LocalToken, Tracked};
use arenakit::collections::{HashMap, HashSet, String, Vec};
use arenakit::prelude::*;
use arenakit::{Arena, ArenaBox};
use std::hash::{BuildHasher, Hash};
use std::panic::{AssertUnwindSafe, catch_unwind};

/// The shorthands make empty collections that allocate nothing until used, then allocate in
/// their arena.
#[test]
fn shorthands_make_arena_collections() {
    let arena = Arena::new();
    let v = arena.vec::<u64>();
    let s = arena.string();
    let m = arena.map::<u32, u32>();
    let set = arena.set::<u32>();
    let none = arena.vec_with_capacity::<u8>(0);
    let no_map = arena.map_with_capacity::<u8, u8>(0);
    assert!(v.is_empty() && s.is_empty() && m.is_empty() && set.is_empty());
    assert_eq!((v.capacity(), s.capacity(), none.capacity()), (0, 0, 0));
    assert_eq!(arena.stats().held, 0, "an empty collection allocated");
    drop((v, s, m, set, none, no_map));

    let mut v = arena.vec_with_capacity::<u64>(100);
    assert!(v.capacity() >= 100);
    assert_eq!(arena.stats().used, 800);
    v.push(1);
    let mut s = arena.string();
    s.push_str("text");
    let mut m = arena.map_with_capacity::<u32, u64>(1000);
    assert!(m.capacity() >= 1000);
    m.insert(1, 2);
    let mut set = arena.set();
    set.insert(5u8);
    assert!(arena.contains(v.as_ptr()));
    assert!(arena.contains(s.as_ptr()));
    assert!(arena.contains(m.get(&1).unwrap()));
    assert!(arena.contains(set.get(&5).unwrap()));
    // The aliases are the shorthands' types.
    let _: &Vec<'_, u64> = &v;
    let _: &String<'_> = &s;
    let _: &HashMap<'_, u32, u64> = &m;
    let _: &HashSet<'_, u8> = &set;
}

/// The seed's `Vector` extras, on the examples of their definitions and their edge cases.
#[test]
fn vec_ext_methods() {
    let arena = Arena::new();
    let mut v = arena.vec();
    assert_eq!((v.index_of(&1), v.last_index_of(&1)), (None, None));
    assert!(!v.remove_item(&1));
    assert_eq!(v.remove_by(0, |_, _| true), 0);
    assert!(v.add_if_absent(1));
    assert!(!v.add_if_absent(1));
    v.extend([2, 3, 2, 1]);
    assert_eq!(v, [1, 2, 3, 2, 1]);
    assert_eq!((v.index_of(&2), v.last_index_of(&2)), (Some(1), Some(3)));
    assert_eq!((v.index_of(&9), v.last_index_of(&9)), (None, None));
    assert!(v.remove_item(&2)); // the first one only
    assert_eq!(v, [1, 3, 2, 1]);

    // `_by` twins compare with the closure, the probe always second.
    let mut seen = std::vec::Vec::new();
    assert_eq!(
        v.index_of_by(&12, |x, y| {
            seen.push((*x, *y));
            x % 10 == y % 10
        }),
        Some(2)
    );
    assert_eq!(seen, [(1, 12), (3, 12), (2, 12)]);
    assert_eq!(v.last_index_of_by(&11, |x, y| x % 10 == y % 10), Some(3));
    assert!(!v.add_if_absent_by(13, |x, y| x % 10 == y % 10));
    assert!(v.add_if_absent_by(14, |x, y| x % 10 == y % 10));
    assert!(v.remove_item_by(&21, |x, y| x % 10 == y % 10));
    assert_eq!(v, [3, 2, 1, 14]);

    // `remove_by`: the first `limit` matches in order (0: all), indices as before removal.
    let mut v = arena.vec();
    v.extend(0..10);
    assert_eq!(v.remove_by(2, |_, x| x % 2 == 0), 2);
    assert_eq!(v, [1, 3, 4, 5, 6, 7, 8, 9]);
    assert_eq!(v.remove_by(0, |i, _| i >= 6), 2);
    assert_eq!(v, [1, 3, 4, 5, 6, 7]);
    assert_eq!(v.remove_by(100, |_, x| *x > 4), 3);
    assert_eq!(v, [1, 3, 4]);
    let mut indices = std::vec::Vec::new();
    assert_eq!(
        v.remove_by(1, |i, _| {
            indices.push(i);
            true
        }),
        1
    );
    assert_eq!(v, [3, 4]);
    assert_eq!(indices[0], 0);
    assert_eq!(v.remove_by(0, |_, _| false), 0);
    assert_eq!(v.remove_by(0, |_, _| true), 2);
    assert!(v.is_empty());

    // The extras work on any allocator-api2 vector.
    let mut plain = allocator_api2::vec::Vec::new();
    plain.extend([5, 6, 5]);
    assert_eq!(plain.last_index_of(&5), Some(2));
    assert_eq!(plain.remove_by(0, |_, &x| x == 5), 2);
    assert_eq!(plain, [6]);
}

/// `add_if_absent` on maps inserts only a new key; a rejected key and value are dropped at
/// once and the map keeps its entry.
#[test]
fn map_add_if_absent() {
    let log = DropLog::default();
    let arena = Arena::new();
    let mut m = arena.map();
    assert!(m.add_if_absent("k", log.tracked(1)));
    assert!(!m.add_if_absent("k", log.tracked(2)));
    assert_eq!(log.order(), [2]);
    assert_eq!(m["k"].id, 1);
    assert!(m.add_if_absent("j", log.tracked(3)));
    assert_eq!(m.len(), 2);
    drop(m);
    let mut dropped = log.order();
    dropped.sort();
    assert_eq!(dropped, [1, 2, 3]);

    // On any hashbrown map too.
    let mut plain = hashbrown::HashMap::new();
    assert!(plain.add_if_absent(1, 'a'));
    assert!(!plain.add_if_absent(1, 'b'));
    assert_eq!(plain[&1], 'a');
}

/// `into_bump_slice` and `into_str` freeze a collection into a plain arena reference that
/// lives as long as the arena borrow; the unused capacity of the newest buffer is given back
/// first, and the frozen memory pins its chunk like a plain allocation.
#[test]
fn freezing_gives_back_unused_capacity() {
    let arena = Arena::new();
    let mut v = arena.vec_with_capacity(100);
    v.extend([3u32, 1, 2]);
    v.sort();
    let frozen: &mut [u32] = v.into_bump_slice();
    assert_eq!(frozen, [1, 2, 3]);
    assert_eq!(arena.stats().used, 16, "the unused capacity was kept");

    let mut s = arena.string();
    s.reserve(1000);
    s.push_str("frozen é");
    let text: &mut str = s.into_str();
    text.make_ascii_uppercase();
    assert_eq!(text, "FROZEN é");
    assert_eq!(arena.stats().used, 16 + 16);
    assert_eq!((frozen[2], &*text), (3, "FROZEN é"));

    // Not the newest buffer: frozen in place, contents intact.
    let mut older = arena.vec_with_capacity(10);
    older.push(7u8);
    let wall = arena.alloc_box(0u64);
    let slice = older.into_bump_slice();
    assert_eq!(slice, [7]);
    drop(wall);

    // Empty and zero-sized.
    let empty: &mut [u64] = arena.vec().into_bump_slice();
    assert!(empty.is_empty());
    let mut units = arena.vec();
    units.extend([(); 1000]);
    assert_eq!(units.into_bump_slice().len(), 1000);
    assert_eq!(arena.string().into_str(), "");

    // A frozen slice pins its chunk: freeing every other block does not restart it.
    let arena = Arena::builder().chunk_size(4096).build();
    let boxed = arena.alloc_box([1u64; 8]);
    let mut v = arena.vec();
    v.extend([1u8, 2, 3]);
    let pinned = v.into_bump_slice();
    let after = arena.alloc_box([2u64; 8]);
    drop((boxed, after));
    assert_eq!(arena.stats().used, 64 + 8);
    assert_eq!(pinned, [1, 2, 3]);
}

/// `String` matches std's `String` method by method, including multi-byte characters,
/// formatting, comparison and hashing (so a `&str` finds a `String` key).
#[test]
fn string_matches_std() {
    use core::fmt::Write;
    let arena = Arena::new();
    let mut s = String::from_str_in("héllo", &arena);
    let mut expected = std::string::String::from("héllo");
    s.push_str(", wörld");
    expected.push_str(", wörld");
    s.push('!');
    expected.push('!');
    s.push('🦀');
    expected.push('🦀');
    for (idx, ins) in [(Some(0), "<"), (Some(2), "ß"), (None, ">"), (Some(1), "")] {
        let idx = idx.unwrap_or(s.len());
        s.insert_str(idx, ins);
        expected.insert_str(idx, ins);
        assert_eq!(s, *expected);
    }
    assert_eq!((s.pop(), expected.pop()), (Some('>'), Some('>')));
    assert_eq!((s.pop(), expected.pop()), (Some('🦀'), Some('🦀')));
    s.truncate(100);
    s.truncate(4);
    expected.truncate(4);
    assert_eq!(s, *expected);
    write!(s, "{}-{:03}", 1, 2).unwrap();
    write!(expected, "{}-{:03}", 1, 2).unwrap();
    s.write_char('ç').unwrap();
    expected.push('ç');
    s.extend(['a', 'é']);
    expected.extend(['a', 'é']);
    s.extend(["xy", "", "z"]);
    expected.extend(["xy", "", "z"]);
    assert_eq!(s.as_str(), expected);
    assert_eq!(s.as_bytes(), expected.as_bytes());
    assert_eq!(s.len(), expected.len());
    assert_eq!(
        format!("{s}|{s:?}|{s:>30}"),
        format!("{expected}|{expected:?}|{expected:>30}")
    );
    assert_eq!(
        format!("{:?}", String::from_str_in("tab\t\"q\"\n\u{7f}", &arena)),
        format!("{:?}", "tab\t\"q\"\n\u{7f}")
    );
    s.as_mut_str().make_ascii_uppercase();
    expected.make_ascii_uppercase();
    assert_eq!(s, expected.as_str());
    assert!(s.starts_with("<Hß1-002"));

    // Comparison, ordering and hashing agree with `str`.
    let a = String::from_str_in("apple", &arena);
    let b = String::from_str_in("banana", &arena);
    assert!(a < b);
    assert_eq!(a, "apple");
    assert_eq!("apple", a);
    assert_eq!(*"apple", a);
    assert_eq!(a, *"apple");
    assert_eq!(a.cmp(&b), "apple".cmp("banana"));
    assert_eq!(a.clone(), a);
    let hasher = hashbrown::DefaultHashBuilder::default();
    assert_eq!(hasher.hash_one(&a), hasher.hash_one("apple"));
    let mut keyed = arena.map();
    keyed.insert(a.clone(), 1);
    keyed.insert(b, 2);
    assert_eq!(
        (keyed.get("apple"), keyed.get("banana"), keyed.get("x")),
        (Some(&1), Some(&2), None)
    );
    let mut names = arena.set();
    names.insert(String::from_str_in("ada", &arena));
    assert!(names.contains("ada") && !names.contains("bob"));

    // Capacity, clearing, bytes.
    let mut c = arena.string();
    c.reserve(10);
    assert!(c.capacity() >= 10);
    c.push_str("abc");
    c.clear();
    assert!(c.is_empty() && c.capacity() >= 10);
    assert_eq!(c.pop(), None);
    let mut bytes = arena.vec();
    bytes.extend_from_slice("ok é".as_bytes());
    let ok = String::from_utf8(bytes).unwrap();
    assert_eq!(ok, "ok é");
    assert_eq!(ok.into_bytes(), "ok é".as_bytes());
    let mut bad = arena.vec();
    bad.extend_from_slice(&[b'a', 0xff, b'b']);
    let (err, back) = String::from_utf8(bad).unwrap_err();
    assert_eq!(err.valid_up_to(), 1);
    assert_eq!(back, [b'a', 0xff, b'b']);
    let as_ref: &str = a.as_ref();
    let as_bytes: &[u8] = a.as_ref();
    assert_eq!((as_ref, as_bytes), ("apple", &b"apple"[..]));
}

/// Like std's, `insert_str` and `truncate` panic off a char boundary, leaving the string
/// unchanged.
#[test]
fn string_panics_off_char_boundaries() {
    let arena = Arena::new();
    let mut s = String::from_str_in("é", &arena);
    assert!(catch_unwind(AssertUnwindSafe(|| s.insert_str(1, "xy"))).is_err());
    assert!(catch_unwind(AssertUnwindSafe(|| s.truncate(1))).is_err());
    assert!(catch_unwind(AssertUnwindSafe(|| s.insert_str(3, "xy"))).is_err());
    let mut std_s = std::string::String::from("é");
    assert!(catch_unwind(AssertUnwindSafe(|| std_s.insert_str(1, "xy"))).is_err());
    assert!(catch_unwind(AssertUnwindSafe(|| std_s.truncate(1))).is_err());
    assert_eq!(s, "é");
}

/// Shrinking a vector to zero capacity (`shrink_to_fit` or `shrink_to(0)` when empty) must
/// give its buffer back, as std's allocator does: allocator-api2's `Vec` then holds no memory
/// and never deallocates, so a block kept by the arena is never freed, pinning its chunk
/// until reset (and the newest block is not even rolled back).
#[test]
fn shrink_to_zero_frees_the_buffer() {
    let arena = Arena::new();
    let mut v = arena.vec::<u32>();
    v.push(1);
    v.pop();
    v.shrink_to_fit();
    assert_eq!(v.capacity(), 0);
    drop(v);
    assert_eq!(
        arena.stats().used,
        0,
        "the newest buffer was not rolled back"
    );

    // Not the newest buffer: its chunk is reclaimed only if the block is freed.
    let arena = Arena::builder().chunk_size(4096).build();
    let mut v = arena.vec_with_capacity::<u64>(8);
    let other = arena.alloc_box(0u64);
    v.push(1);
    v.clear();
    v.shrink_to(0);
    drop((v, other));
    assert_eq!(
        arena.stats().used,
        0,
        "a buffer shrunk to nothing stayed allocated"
    );
}

/// Checks that every id in `ids` was dropped exactly once.
fn assert_dropped_once(log: &DropLog, ids: impl IntoIterator<Item = u32>) {
    let mut dropped = log.order();
    dropped.sort_unstable();
    let mut expected: std::vec::Vec<u32> = ids.into_iter().collect();
    expected.sort_unstable();
    assert_eq!(
        dropped, expected,
        "not every element was dropped exactly once"
    );
}

/// Every element of an arena `Vec` is dropped exactly once, by whichever operation removes
/// it, and the rest when the vector drops; the buffer goes back to the arena.
#[test]
fn vec_drops_every_element_once() {
    let log = DropLog::default();
    let arena = Arena::builder().chunk_size(1024).build();
    let mut v = arena.vec();
    v.extend((0..40).map(|id| log.tracked(id)));
    v.truncate(36); // 36..40
    assert_dropped_once(&log, 36..40);
    drop(v.remove(0)); // 0
    drop(v.swap_remove(0)); // 1, replaced by 35
    drop(v.pop()); // 34
    assert_dropped_once(&log, [0, 1, 34, 36, 37, 38, 39]);
    v.drain(0..3).for_each(drop); // 35, 2, 3
    let mut partial = v.drain(0..4); // 4, 5, 6, 7: two taken, two dropped with the iterator
    assert_eq!(partial.next().map(|t| t.id), Some(4));
    assert_eq!(partial.next_back().map(|t| t.id), Some(7));
    drop(partial);
    assert_dropped_once(&log, (0..8).chain(34..40));
    v.retain(|t| t.id % 5 != 0); // 10, 15, 20, 25, 30
    assert_eq!(v.remove_by(2, |_, t| t.id % 3 == 0), 2); // 9, 12
    assert!(v.remove_item_by(&log.tracked(100), |a, b| a.id + 89 == b.id)); // 11 and the probe 100
    assert!(!v.add_if_absent_by(log.tracked(101), |a, b| a.id + 88 == b.id)); // 101 (13 exists)
    assert!(v.add_if_absent_by(log.tracked(102), |a, b| a.id == b.id));
    let removed: std::vec::Vec<u32> = {
        let mut d = log.order();
        d.sort_unstable();
        d
    };
    assert_eq!(
        removed,
        [
            0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 15, 20, 25, 30, 34, 35, 36, 37, 38, 39, 100, 101
        ]
    );
    let tail = v.split_off(5);
    drop(tail);
    assert_eq!(
        v.iter().map(|t| t.id).collect::<std::vec::Vec<_>>(),
        [8, 13, 14, 16, 17]
    );
    v.dedup_by_key(|t| t.id / 10); // drops 14, 16 and 17
    assert_eq!(v.len(), 2);
    v.clear();
    assert!(v.is_empty());
    v.extend((200..210).map(|id| log.tracked(id)));
    v.shrink_to_fit();
    drop(v);
    assert_dropped_once(&log, (0..40).chain(100..103).chain(200..210));
    assert_eq!(arena.stats().used, 0, "a buffer was not given back");
}

/// A panicking element destructor does not stop the others, in `clear`, `truncate` and the
/// vector's own drop; its buffer still goes back to the arena.
#[test]
fn vec_with_a_panicking_element() {
    let log = DropLog::default();
    let arena = Arena::new();
    let mut v = arena.vec();
    v.extend((0..10).map(|id| {
        if id == 4 {
            log.panicking(id)
        } else {
            log.tracked(id)
        }
    }));
    assert!(catch_unwind(AssertUnwindSafe(|| v.truncate(2))).is_err());
    assert_dropped_once(&log, 2..10);
    assert_eq!(v.len(), 2);
    v.push(log.panicking(10));
    v.push(log.tracked(11));
    assert!(catch_unwind(AssertUnwindSafe(|| v.clear())).is_err());
    assert_dropped_once(&log, 0..12);
    assert!(v.is_empty());
    v.push(log.panicking(12));
    v.push(log.tracked(13));
    assert!(catch_unwind(AssertUnwindSafe(|| drop(v))).is_err());
    assert_dropped_once(&log, 0..14);
    assert_eq!(
        arena.stats().used,
        0,
        "the buffer of a panicking vector was kept"
    );
}

/// A key that owns a drop-tracked value and compares by id.
#[derive(Debug)]
struct Key(Tracked);

impl PartialEq for Key {
    fn eq(&self, other: &Self) -> bool {
        self.0.id == other.0.id
    }
}

impl Eq for Key {}

impl Hash for Key {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.id.hash(state);
    }
}

/// Every key and value of an arena `HashMap` is dropped exactly once: replaced values and
/// rejected keys at insert, by `remove`, `retain`, `drain`, `clear`, entries, and the rest
/// when the map drops; the table goes back to the arena.
#[test]
fn map_drops_every_key_and_value_once() {
    let log = DropLog::default();
    let key = |id: u32| Key(log.tracked(id));
    let arena = Arena::builder().chunk_size(1024).build();
    let mut m = arena.map();
    for id in 0..50 {
        assert!(m.insert(key(id), log.tracked(1000 + id)).is_none());
    }
    // Replacing a value: the old value comes back, the new key is dropped.
    let old = m.insert(key(0), log.tracked(2000)).unwrap();
    assert_eq!(old.id, 1000);
    drop(old);
    assert_dropped_once(&log, [0, 1000]);
    drop(m.remove(&key(1))); // the stored key 1, its value 1001, and the probe 1
    m.retain(|k, _| k.0.id % 7 != 3); // 3, 10, 17, 24, 31, 38, 45
    let mut drain = m.drain();
    let first = drain.next().unwrap();
    drop(drain); // the rest are dropped with the iterator
    assert!(m.is_empty());
    m.insert(key(60), log.tracked(1060));
    *m.entry(key(61)).or_insert(log.tracked(1061)) = log.tracked(1161); // 1061 replaced
    m.entry(key(60)).or_insert_with(|| unreachable!()); // the probe key 60 dropped
    assert!(!m.add_if_absent(key(61), log.tracked(1261)));
    m.clear();
    m.insert(key(70), log.tracked(1070));
    m.shrink_to_fit();
    drop(first);
    drop(m);
    let probes = [0, 1, 60, 61];
    let mut expected: std::vec::Vec<u32> = (0..50).chain(1000..1050).collect();
    expected.extend(probes);
    expected.extend([2000, 60, 1060, 61, 1061, 1161, 1261, 70, 1070]);
    // Key 0 was dropped as a probe of `insert`, and the entry keeps its original key 0.
    assert_dropped_once(&log, expected);
    assert_eq!(arena.stats().used, 0, "the table was not given back");
}

/// Every element of an arena `HashSet` is dropped exactly once: a duplicate at insert,
/// `replace`, `take`, `remove`, `retain`, `drain`, `clear` and the set's drop.
#[test]
fn set_drops_every_element_once() {
    let log = DropLog::default();
    let key = |id: u32| Key(log.tracked(id));
    let arena = Arena::builder().chunk_size(1024).build();
    let mut s = arena.set();
    for id in 0..40 {
        assert!(s.insert(key(id)));
    }
    assert!(!s.insert(key(5))); // the new 5 is dropped
    drop(s.replace(key(6))); // the old 6 comes back
    drop(s.take(&key(7))); // the probe 7 and the element 7
    assert!(s.remove(&key(8))); // the probe 8 and the element 8
    s.retain(|k| k.0.id >= 20); // 0..20 but 5..9 already gone
    let taken: std::vec::Vec<Key> = s.drain().take(3).collect();
    assert!(s.is_empty());
    s.insert(key(50));
    s.clear();
    s.insert(key(51));
    drop(taken);
    drop(s);
    let mut expected: std::vec::Vec<u32> = (0..40).collect();
    expected.extend([5, 6, 7, 8, 50, 51]);
    assert_dropped_once(&log, expected);
    assert_eq!(arena.stats().used, 0);
}

/// Arena collections nested in arena collections (vectors of strings, maps of vectors, boxes
/// in vectors) drop everything and give every buffer back.
#[test]
fn nested_collections_free_everything() {
    let drops = LocalDrops::default();
    let arena = Arena::builder().chunk_size(2048).build();
    {
        let mut words: Vec<'_, String<'_>> = arena.vec();
        let mut index: HashMap<'_, String<'_>, Vec<'_, usize>> = arena.map();
        let mut boxes: Vec<'_, ArenaBox<'_, (u64, LocalToken<'_>)>> = arena.vec();
        for (i, word) in "the quick brown fox jumps over the lazy dog the end"
            .split(' ')
            .enumerate()
        {
            words.push(String::from_str_in(word, &arena));
            index
                .entry(String::from_str_in(word, &arena))
                .or_insert_with(|| arena.vec())
                .push(i);
            boxes.push(arena.alloc_box((i as u64, drops.token())));
        }
        assert_eq!(index["the"], [0, 6, 9]);
        assert_eq!(words.iter().map(|w| w.len()).sum::<usize>(), 41);
        words.retain(|w| w.len() > 3);
        index.remove("fox");
        boxes.truncate(4);
        assert_eq!(drops.get(), 7);
        assert!(arena.stats().used > 0);
    }
    assert_eq!(drops.get(), 11);
    assert_eq!(arena.stats().used, 0, "a nested buffer was not given back");
}

/// Collections that outgrow small chunks move into dedicated ones with their contents, and
/// shrink back; everything stays inside the arena.
#[test]
fn collections_grow_across_chunks() {
    let arena = Arena::builder().chunk_size(256).build();
    let mut v = arena.vec();
    let mut m = arena.map();
    let mut set = arena.set();
    let mut s = arena.string();
    for i in 0..5000u32 {
        v.push(i);
        m.insert(i, i * 2);
        set.insert(i % 777);
        s.push(char::from(b'a' + (i % 26) as u8));
    }
    assert!(v.iter().copied().eq(0..5000));
    assert!((0..5000).all(|i| m[&i] == i * 2));
    assert_eq!(set.len(), 777);
    assert!(
        s.bytes()
            .enumerate()
            .all(|(i, b)| b == b'a' + (i % 26) as u8)
    );
    assert!(arena.contains(&v[4999]) && arena.contains(&s.as_bytes()[4999]));
    assert!(arena.stats().dedicated_chunks > 0);
    v.truncate(10);
    v.shrink_to_fit();
    m.retain(|k, _| *k < 10);
    m.shrink_to_fit();
    assert!(v.iter().copied().eq(0..10));
    assert_eq!(m.len(), 10);
    drop((v, m, set, s));
    let st = arena.stats();
    assert_eq!((st.used, st.dedicated_chunks), (0, 0), "{st:?}");
}

/// A 4 KiB-aligned element.
#[repr(align(4096))]
#[derive(Clone, Copy, Debug, PartialEq)]
struct Page(u64);

/// Collections of over-aligned elements (4 KiB: padded blocks in regular chunks, or dedicated
/// chunks whose block starts on a chunk-alignment boundary) keep their alignment and contents
/// as they grow and move, and give every block back.
#[test]
fn over_aligned_elements() {
    for chunk in [256, 4096, 65_536] {
        let arena = Arena::builder().chunk_size(chunk).build();
        let mut v = arena.vec();
        let mut m = arena.map();
        for i in 0..40u64 {
            v.push(Page(i));
            m.insert(i, Page(i * 3));
            assert_eq!(v.as_ptr().addr() % 4096, 0, "chunk {chunk}");
            assert_eq!(core::ptr::from_ref(&m[&i]).addr() % 4096, 0);
        }
        assert!(v.iter().enumerate().all(|(i, p)| p.0 == i as u64));
        assert!((0..40).all(|i| m[&i] == Page(i * 3)));
        v.truncate(3);
        v.shrink_to_fit();
        assert_eq!(v, [Page(0), Page(1), Page(2)]);
        drop((v, m));
        let s = arena.stats();
        assert_eq!((s.used, s.dedicated_chunks), (0, 0), "chunk {chunk}: {s:?}");
    }
}

/// Collections of zero-sized elements take no memory and still drop every element once.
#[test]
fn zero_sized_elements() {
    thread_local!(static DROPS: core::cell::Cell<usize> = const { core::cell::Cell::new(0) });
    #[derive(PartialEq, Eq, Hash)]
    struct Zst;
    impl Drop for Zst {
        fn drop(&mut self) {
            DROPS.with(|d| d.set(d.get() + 1));
        }
    }
    let drops = || DROPS.with(core::cell::Cell::get);
    let arena = Arena::new();
    let mut v = arena.vec();
    for _ in 0..10_000 {
        v.push(Zst);
    }
    assert_eq!(v.capacity(), usize::MAX);
    v.truncate(9_000);
    assert_eq!(drops(), 1_000);
    drop(v.drain(..500));
    assert_eq!(drops(), 1_500);
    let mut units = arena.vec();
    units.extend([(); 100]);
    assert_eq!(units.into_bump_slice().len(), 100);
    let mut set = arena.set();
    assert!(set.insert(()));
    assert!(!set.insert(()));
    let mut m = arena.map();
    m.insert((), Zst);
    assert!(m.insert((), Zst).is_some());
    assert_eq!(drops(), 1_501);
    drop((v, m));
    assert_eq!(drops(), 10_002);
    // The map's and set's tables hold control bytes even for zero-sized entries; both were
    // given back.
    drop(set);
    assert_eq!(arena.stats().used, 0);
}

/// The arena's limit applies to collections: `try_reserve` fails cleanly and the collection
/// stays usable, with its contents.
#[test]
fn collections_respect_the_limit() {
    let arena = Arena::builder().chunk_size(4096).limit(16 * 1024).build();
    let mut v = arena.vec();
    v.extend(0..100u64);
    assert!(v.try_reserve(1 << 20).is_err());
    assert!(v.iter().copied().eq(0..100));
    v.push(100);
    let mut m = arena.map();
    m.insert(1u32, 1u32);
    assert!(m.try_reserve(1 << 20).is_err());
    assert_eq!(m[&1], 1);
    let mut s = arena.string();
    s.push_str("still fine");
    assert!(arena.stats().held <= 16 * 1024);
    drop((v, m, s));
    assert_eq!(arena.stats().used, 0);
}

/// `Serialize` output is serde_json's output for the equivalent std types, exactly: vectors
/// and strings as they are, maps and sets entry by entry in the arena collection's iteration
/// order (std's order is random), and the same values once parsed.
#[cfg(feature = "serde")]
mod serialize {
    use super::*;
    use ::serde::Serialize;
    use serde_json::{Value, to_string, to_string_pretty, to_value};
    use std::collections::{HashMap as StdMap, HashSet as StdSet};

    /// serde_json's text for a std map holding the given entries, in the given order: each
    /// entry as serde_json writes a one-entry std map.
    fn map_text<K: Serialize + Eq + Hash, V: Serialize>(
        entries: impl IntoIterator<Item = (K, V)>,
    ) -> std::string::String {
        let parts: std::vec::Vec<_> = entries
            .into_iter()
            .map(|(k, v)| {
                let one = to_string(&StdMap::from([(k, v)])).unwrap();
                one[1..one.len() - 1].to_owned()
            })
            .collect();
        format!("{{{}}}", parts.join(","))
    }

    /// serde_json's text for a std set holding the given elements, in the given order.
    fn set_text<T: Serialize + Eq + Hash>(
        items: impl IntoIterator<Item = T>,
    ) -> std::string::String {
        let parts: std::vec::Vec<_> = items
            .into_iter()
            .map(|x| {
                let one = to_string(&StdSet::from([x])).unwrap();
                one[1..one.len() - 1].to_owned()
            })
            .collect();
        format!("[{}]", parts.join(","))
    }

    /// Vectors and strings serialize exactly as std's, compact and pretty.
    #[test]
    fn vec_and_string_match_std() {
        let arena = Arena::new();
        let mut v = arena.vec();
        v.extend([1u32, 2, 3, u32::MAX]);
        assert_eq!(
            to_string(&v).unwrap(),
            to_string(&vec![1u32, 2, 3, u32::MAX]).unwrap()
        );
        assert_eq!(
            to_string_pretty(&v).unwrap(),
            to_string_pretty(&vec![1u32, 2, 3, u32::MAX]).unwrap()
        );
        let empty: Vec<'_, f64> = arena.vec();
        assert_eq!(to_string(&empty).unwrap(), "[]");

        for text in [
            "",
            "plain",
            "quote \" backslash \\ tab \t newline \n",
            "é 🦀 \u{0} \u{1f} \u{7f}",
        ] {
            let s = String::from_str_in(text, &arena);
            assert_eq!(
                to_string(&s).unwrap(),
                to_string(&std::string::String::from(text)).unwrap()
            );
            assert_eq!(to_value(&s).unwrap(), Value::String(text.into()));
        }

        let mut words = arena.vec();
        let mut std_words = std::vec::Vec::new();
        for w in ["a", "b\"", "ç"] {
            words.push(String::from_str_in(w, &arena));
            std_words.push(std::string::String::from(w));
        }
        assert_eq!(to_string(&words).unwrap(), to_string(&std_words).unwrap());
        let mut nested = arena.vec();
        nested.push(words);
        nested.push(arena.vec());
        assert_eq!(
            to_string(&nested).unwrap(),
            to_string(&vec![std_words, vec![]]).unwrap()
        );

        let boxed = arena.alloc_box((1u8, "two", [3.5f32]));
        assert_eq!(
            to_string(&boxed).unwrap(),
            to_string(&(1u8, "two", [3.5f32])).unwrap()
        );
    }

    /// Maps serialize as std's, entry for entry: string and integer keys (as JSON strings),
    /// nested arena values.
    #[test]
    fn maps_match_std() {
        let arena = Arena::new();
        let mut m: HashMap<'_, u32, String<'_>> = arena.map();
        let mut std_m = StdMap::new();
        for i in 0..20u32 {
            let text = format!("v{i}\"");
            m.insert(i * 1000, String::from_str_in(&text, &arena));
            std_m.insert(i * 1000, text);
        }
        let text = to_string(&m).unwrap();
        assert_eq!(text, map_text(m.iter().map(|(k, v)| (*k, v.as_str()))));
        assert_eq!(to_value(&m).unwrap(), to_value(&std_m).unwrap());
        assert_eq!(
            serde_json::from_str::<Value>(&text).unwrap(),
            to_value(&std_m).unwrap()
        );

        let mut index: HashMap<'_, String<'_>, Vec<'_, i64>> = arena.map();
        let mut std_index: StdMap<std::string::String, std::vec::Vec<i64>> = StdMap::new();
        for (i, w) in ["x", "y", "x", "é", "y", "x"].into_iter().enumerate() {
            index
                .entry(String::from_str_in(w, &arena))
                .or_insert_with(|| arena.vec())
                .push(-(i as i64));
            std_index.entry(w.into()).or_default().push(-(i as i64));
        }
        let text = to_string(&index).unwrap();
        assert_eq!(
            text,
            map_text(index.iter().map(|(k, v)| (k.as_str(), v.to_vec())))
        );
        assert_eq!(to_value(&index).unwrap(), to_value(&std_index).unwrap());

        let one: HashMap<'_, bool, ()> = {
            let mut one = arena.map();
            one.insert(true, ());
            one
        };
        assert_eq!(
            to_string(&one).unwrap(),
            to_string(&StdMap::from([(true, ())])).unwrap()
        );
        let empty: HashMap<'_, u8, u8> = arena.map();
        assert_eq!(
            to_string(&empty).unwrap(),
            to_string(&StdMap::<u8, u8>::new()).unwrap()
        );
        assert_eq!(
            to_string_pretty(&one).unwrap(),
            to_string_pretty(&StdMap::from([(true, ())])).unwrap()
        );
    }

    /// Sets serialize as std's, element for element.
    #[test]
    fn sets_match_std() {
        let arena = Arena::new();
        let mut set = arena.set();
        let mut std_set = StdSet::new();
        for i in 0..30i16 {
            set.insert(i * 37 - 500);
            std_set.insert(i * 37 - 500);
        }
        let text = to_string(&set).unwrap();
        assert_eq!(text, set_text(set.iter().copied()));
        let sorted = |v: Value| {
            let mut items = v.as_array().unwrap().clone();
            items.sort_by_key(|x| x.as_i64());
            items
        };
        assert_eq!(
            sorted(to_value(&set).unwrap()),
            sorted(to_value(&std_set).unwrap())
        );

        let mut names = arena.set();
        for n in ["ada", "bob", "\u{1f980}"] {
            names.insert(String::from_str_in(n, &arena));
        }
        assert_eq!(
            to_string(&names).unwrap(),
            set_text(names.iter().map(|s| s.as_str()))
        );
        let empty: HashSet<'_, u8> = arena.set();
        assert_eq!(
            to_string(&empty).unwrap(),
            to_string(&StdSet::<u8>::new()).unwrap()
        );
    }
}
