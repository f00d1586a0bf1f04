//! Property tests of the arena collections against std's: random operation sequences on
//! arena `Vec`s, a `String`, `HashMap`s (integer and arena-string keys) and a `HashSet`,
//! interleaved with individually freed boxes in the same arena, give the same results and
//! contents as the std collections, and the seed's extra methods give the same results as
//! straightforward std implementations. Arenas have tiny and odd chunk sizes, keep or give
//! back freed chunks, and hold nothing once every collection and box is dropped.
//!
//! `PROPTEST_CASES` sets the number of cases (default 256); the seed is fixed unless
//! `PROPTEST_RNG_SEED` sets another (see `common::proptest_config`).

use crate::common::proptest_config;
use arenakit::collections::{HashMap, HashSet, String, Vec};
use arenakit::prelude::*;
use arenakit::{Arena, ArenaBox};
use proptest::prelude::*;
use std::collections::{HashMap as StdMap, HashSet as StdSet};

/// Chunk sizes to test: the minimum, odd ones (not powers of two) and the default.
const CHUNK_SIZES: [usize; 6] = [256, 300, 1000, 4096, 10_000, 65_536];

/// The equality of the `_by` methods: equal modulo 4.
fn eq_mod4(a: &u32, b: &u32) -> bool {
    a % 4 == b % 4
}

// --- straightforward std implementations of the seed's extras -------------------------------

fn std_add_if_absent_by(v: &mut std::vec::Vec<u32>, x: u32, eq: fn(&u32, &u32) -> bool) -> bool {
    if v.iter().any(|e| eq(e, &x)) {
        false
    } else {
        v.push(x);
        true
    }
}

fn std_remove_item_by(v: &mut std::vec::Vec<u32>, x: u32, eq: fn(&u32, &u32) -> bool) -> bool {
    match v.iter().position(|e| eq(e, &x)) {
        Some(i) => {
            v.remove(i);
            true
        }
        None => false,
    }
}

/// Removes the first `limit` (0: all) elements matching `pred(original index, element)`.
fn std_remove_by(
    v: &mut std::vec::Vec<u32>,
    limit: usize,
    pred: impl Fn(usize, &u32) -> bool,
) -> usize {
    let mut matches: std::vec::Vec<usize> = (0..v.len()).filter(|&i| pred(i, &v[i])).collect();
    if limit != 0 {
        matches.truncate(limit);
    }
    for &i in matches.iter().rev() {
        v.remove(i);
    }
    matches.len()
}

/// The predicate of a `RemoveBy` operation.
fn remove_pred(by_index: bool, modulus: u32) -> impl Fn(usize, &u32) -> bool {
    move |i, x| {
        if by_index {
            (i as u32).is_multiple_of(modulus)
        } else {
            x % modulus == 0
        }
    }
}

// --- operations ------------------------------------------------------------------------------

#[derive(Clone, Debug)]
enum VecOp {
    Push(u32),
    Pop,
    Insert(usize, u32),
    Remove(usize),
    SwapRemove(usize),
    Truncate(usize),
    Clear,
    Extend(std::vec::Vec<u32>),
    Retain(u32),
    Dedup,
    Sort,
    Reserve(usize),
    ShrinkToFit,
    Drain(usize, usize),
    SplitOff(usize),
    Clone,
    Replace(std::vec::Vec<u32>),
    AddIfAbsent(u32),
    AddIfAbsentBy(u32),
    RemoveItem(u32),
    RemoveItemBy(u32),
    IndexOf(u32),
    IndexOfBy(u32),
    LastIndexOf(u32),
    LastIndexOfBy(u32),
    RemoveBy {
        limit: usize,
        modulus: u32,
        by_index: bool,
    },
}

#[derive(Clone, Debug)]
enum StrOp {
    PushStr(std::string::String),
    Push(char),
    InsertStr(usize, std::string::String),
    Pop,
    Truncate(usize),
    Clear,
    Reserve(usize),
    Replace(std::string::String),
}

#[derive(Clone, Debug)]
enum MapOp {
    Insert(u8, u32),
    Remove(u8),
    Get(u8),
    AddIfAbsent(u8, u32),
    EntryAdd(u8, u32),
    GetMut(u8, u32),
    Retain(u32),
    Clear,
    ShrinkToFit,
    Reserve(usize),
}

#[derive(Clone, Debug)]
enum SetOp {
    Insert(u16),
    Remove(u16),
    Take(u16),
    Replace(u16),
    Contains(u16),
    Retain(u16),
    Clear,
    ShrinkToFit,
}

#[derive(Clone, Debug)]
enum Op {
    Vec(usize, VecOp),
    Str(StrOp),
    Map(MapOp),
    Set(SetOp),
    BoxAlloc(u8),
    BoxFree(usize),
}

fn value() -> std::ops::Range<u32> {
    0..16u32
}

fn vec_op() -> impl Strategy<Value = VecOp> {
    let items = proptest::collection::vec(value(), 0..40);
    prop_oneof![
        6 => value().prop_map(VecOp::Push),
        2 => Just(VecOp::Pop),
        2 => (any::<usize>(), value()).prop_map(|(i, x)| VecOp::Insert(i, x)),
        2 => any::<usize>().prop_map(VecOp::Remove),
        1 => any::<usize>().prop_map(VecOp::SwapRemove),
        1 => any::<usize>().prop_map(VecOp::Truncate),
        1 => Just(VecOp::Clear),
        2 => items.clone().prop_map(VecOp::Extend),
        1 => (1..5u32).prop_map(VecOp::Retain),
        1 => Just(VecOp::Dedup),
        1 => Just(VecOp::Sort),
        1 => (0..100usize).prop_map(VecOp::Reserve),
        1 => Just(VecOp::ShrinkToFit),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| VecOp::Drain(a, b)),
        1 => any::<usize>().prop_map(VecOp::SplitOff),
        1 => Just(VecOp::Clone),
        1 => items.prop_map(VecOp::Replace),
        2 => value().prop_map(VecOp::AddIfAbsent),
        1 => value().prop_map(VecOp::AddIfAbsentBy),
        2 => value().prop_map(VecOp::RemoveItem),
        1 => value().prop_map(VecOp::RemoveItemBy),
        1 => value().prop_map(VecOp::IndexOf),
        1 => value().prop_map(VecOp::IndexOfBy),
        1 => value().prop_map(VecOp::LastIndexOf),
        1 => value().prop_map(VecOp::LastIndexOfBy),
        2 => (0..4usize, 1..5u32, any::<bool>())
            .prop_map(|(limit, modulus, by_index)| VecOp::RemoveBy { limit, modulus, by_index }),
    ]
}

/// Text with one-, two- and four-byte characters.
fn text() -> impl Strategy<Value = std::string::String> {
    "[abcé🦀]{0,10}"
}

fn str_op() -> impl Strategy<Value = StrOp> {
    prop_oneof![
        4 => text().prop_map(StrOp::PushStr),
        2 => prop_oneof![Just('x'), Just('ß'), Just('€'), Just('🦀')].prop_map(StrOp::Push),
        2 => (any::<usize>(), text()).prop_map(|(i, s)| StrOp::InsertStr(i, s)),
        2 => Just(StrOp::Pop),
        1 => any::<usize>().prop_map(StrOp::Truncate),
        1 => Just(StrOp::Clear),
        1 => (0..200usize).prop_map(StrOp::Reserve),
        1 => text().prop_map(StrOp::Replace),
    ]
}

fn map_op() -> impl Strategy<Value = MapOp> {
    let key = 0..40u8;
    prop_oneof![
        6 => (key.clone(), any::<u32>()).prop_map(|(k, v)| MapOp::Insert(k, v)),
        3 => key.clone().prop_map(MapOp::Remove),
        1 => key.clone().prop_map(MapOp::Get),
        2 => (key.clone(), any::<u32>()).prop_map(|(k, v)| MapOp::AddIfAbsent(k, v)),
        2 => (key.clone(), any::<u32>()).prop_map(|(k, v)| MapOp::EntryAdd(k, v)),
        1 => (key, any::<u32>()).prop_map(|(k, v)| MapOp::GetMut(k, v)),
        1 => (1..5u32).prop_map(MapOp::Retain),
        1 => Just(MapOp::Clear),
        1 => Just(MapOp::ShrinkToFit),
        1 => (0..100usize).prop_map(MapOp::Reserve),
    ]
}

fn set_op() -> impl Strategy<Value = SetOp> {
    let item = 0..64u16;
    prop_oneof![
        6 => item.clone().prop_map(SetOp::Insert),
        3 => item.clone().prop_map(SetOp::Remove),
        1 => item.clone().prop_map(SetOp::Take),
        1 => item.clone().prop_map(SetOp::Replace),
        1 => item.prop_map(SetOp::Contains),
        1 => (1..5u16).prop_map(SetOp::Retain),
        1 => Just(SetOp::Clear),
        1 => Just(SetOp::ShrinkToFit),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        8 => (0..3usize, vec_op()).prop_map(|(i, op)| Op::Vec(i, op)),
        3 => str_op().prop_map(Op::Str),
        3 => map_op().prop_map(Op::Map),
        2 => set_op().prop_map(Op::Set),
        2 => (0..4u8).prop_map(Op::BoxAlloc),
        2 => any::<usize>().prop_map(Op::BoxFree),
    ]
}

// --- the arena side --------------------------------------------------------------------------

/// A 64-byte-aligned value, to give the arena over-aligned boxes to place and free.
#[repr(align(64))]
#[derive(Clone, Copy)]
struct Aligned([u64; 3]);

/// Boxes of different sizes and alignments; each holds its tag in every word.
enum Boxed<'a> {
    Small(ArenaBox<'a, [u64; 2]>),
    Medium(ArenaBox<'a, [u64; 40]>),
    /// 1600 bytes: a dedicated chunk on the smaller chunk sizes.
    Large(ArenaBox<'a, [u64; 200]>),
    Aligned(ArenaBox<'a, Aligned>),
}

impl<'a> Boxed<'a> {
    fn new(arena: &'a Arena, kind: u8, tag: u64) -> Self {
        match kind {
            0 => Boxed::Small(arena.alloc_box([tag; 2])),
            1 => Boxed::Medium(arena.alloc_box([tag; 40])),
            2 => Boxed::Large(arena.alloc_box([tag; 200])),
            _ => Boxed::Aligned(arena.alloc_box(Aligned([tag; 3]))),
        }
    }

    /// Whether the box still holds `tag` everywhere (and is aligned).
    fn holds(&self, tag: u64) -> bool {
        match self {
            Boxed::Small(b) => b.iter().all(|&w| w == tag),
            Boxed::Medium(b) => b.iter().all(|&w| w == tag),
            Boxed::Large(b) => b.iter().all(|&w| w == tag),
            Boxed::Aligned(b) => {
                ArenaBox::as_ptr(b).addr().is_multiple_of(64) && b.0.iter().all(|&w| w == tag)
            }
        }
    }
}

/// The arena collections under test.
struct Real<'a> {
    vecs: [Vec<'a, u32>; 3],
    string: String<'a>,
    map: HashMap<'a, u8, u32>,
    /// The same map keyed by arena strings (`k0`, `k1`, ...).
    string_map: HashMap<'a, String<'a>, u32>,
    set: HashSet<'a, u16>,
    boxes: std::vec::Vec<(Boxed<'a>, u64)>,
}

/// The std collections they must match.
#[derive(Default)]
struct Model {
    vecs: [std::vec::Vec<u32>; 3],
    string: std::string::String,
    map: StdMap<u8, u32>,
    set: StdSet<u16>,
}

/// The string key of `k` in `string_map`.
fn skey(k: u8) -> std::string::String {
    format!("k{k}")
}

/// The largest char boundary of `s` at or below `i % (len + 1)`.
fn boundary(s: &str, i: usize) -> usize {
    let mut at = i % (s.len() + 1);
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn apply_vec<'a>(
    arena: &'a Arena,
    v: &mut Vec<'a, u32>,
    m: &mut std::vec::Vec<u32>,
    op: &VecOp,
) -> Result<(), TestCaseError> {
    let len = m.len();
    match *op {
        VecOp::Push(x) => {
            v.push(x);
            m.push(x);
        }
        VecOp::Pop => prop_assert_eq!(v.pop(), m.pop()),
        VecOp::Insert(i, x) => {
            let i = i % (len + 1);
            v.insert(i, x);
            m.insert(i, x);
        }
        VecOp::Remove(i) if len > 0 => prop_assert_eq!(v.remove(i % len), m.remove(i % len)),
        VecOp::SwapRemove(i) if len > 0 => {
            prop_assert_eq!(v.swap_remove(i % len), m.swap_remove(i % len));
        }
        VecOp::Remove(_) | VecOp::SwapRemove(_) => {}
        VecOp::Truncate(n) => {
            let n = n % (len + 2);
            v.truncate(n);
            m.truncate(n);
        }
        VecOp::Clear => {
            v.clear();
            m.clear();
        }
        VecOp::Extend(ref items) => {
            v.extend(items.iter().copied());
            m.extend(items.iter().copied());
        }
        VecOp::Retain(k) => {
            v.retain(|x| x % k != 0);
            m.retain(|x| x % k != 0);
        }
        VecOp::Dedup => {
            v.dedup();
            m.dedup();
        }
        VecOp::Sort => {
            v.sort_unstable();
            m.sort_unstable();
        }
        VecOp::Reserve(n) => {
            v.reserve(n);
            prop_assert!(v.capacity() >= len + n);
        }
        VecOp::ShrinkToFit => {
            v.shrink_to_fit();
            prop_assert!(v.capacity() >= len);
        }
        VecOp::Drain(a, b) => {
            let start = a % (len + 1);
            let end = start + b % (len - start + 1);
            let got: std::vec::Vec<u32> = v.drain(start..end).collect();
            let want: std::vec::Vec<u32> = m.drain(start..end).collect();
            prop_assert_eq!(got, want);
        }
        VecOp::SplitOff(at) => {
            let at = at % (len + 1);
            let tail = v.split_off(at);
            prop_assert_eq!(&tail[..], &m.split_off(at)[..]);
        }
        VecOp::Clone => {
            let copy = v.clone();
            prop_assert_eq!(&copy[..], &m[..]);
        }
        VecOp::Replace(ref items) => {
            let mut fresh = arena.vec();
            fresh.extend(items.iter().copied());
            *v = fresh;
            *m = items.clone();
        }
        VecOp::AddIfAbsent(x) => {
            prop_assert_eq!(v.add_if_absent(x), std_add_if_absent_by(m, x, u32::eq));
        }
        VecOp::AddIfAbsentBy(x) => {
            prop_assert_eq!(
                v.add_if_absent_by(x, eq_mod4),
                std_add_if_absent_by(m, x, eq_mod4)
            );
        }
        VecOp::RemoveItem(x) => {
            prop_assert_eq!(v.remove_item(&x), std_remove_item_by(m, x, u32::eq));
        }
        VecOp::RemoveItemBy(x) => {
            prop_assert_eq!(
                v.remove_item_by(&x, eq_mod4),
                std_remove_item_by(m, x, eq_mod4)
            );
        }
        VecOp::IndexOf(x) => prop_assert_eq!(v.index_of(&x), m.iter().position(|e| *e == x)),
        VecOp::IndexOfBy(x) => {
            prop_assert_eq!(
                v.index_of_by(&x, eq_mod4),
                m.iter().position(|e| eq_mod4(e, &x))
            );
        }
        VecOp::LastIndexOf(x) => {
            prop_assert_eq!(v.last_index_of(&x), m.iter().rposition(|e| *e == x));
        }
        VecOp::LastIndexOfBy(x) => {
            prop_assert_eq!(
                v.last_index_of_by(&x, eq_mod4),
                m.iter().rposition(|e| eq_mod4(e, &x))
            );
        }
        VecOp::RemoveBy {
            limit,
            modulus,
            by_index,
        } => {
            let pred = remove_pred(by_index, modulus);
            prop_assert_eq!(
                v.remove_by(limit, |i, x| pred(i, x)),
                std_remove_by(m, limit, &pred)
            );
        }
    }
    Ok(())
}

fn apply_str<'a>(
    arena: &'a Arena,
    s: &mut String<'a>,
    m: &mut std::string::String,
    op: &StrOp,
) -> Result<(), TestCaseError> {
    match op {
        StrOp::PushStr(t) => {
            s.push_str(t);
            m.push_str(t);
        }
        StrOp::Push(c) => {
            s.push(*c);
            m.push(*c);
        }
        StrOp::InsertStr(i, t) => {
            let at = boundary(m, *i);
            s.insert_str(at, t);
            m.insert_str(at, t);
        }
        StrOp::Pop => prop_assert_eq!(s.pop(), m.pop()),
        StrOp::Truncate(i) => {
            let at = boundary(m, *i);
            s.truncate(at);
            m.truncate(at);
        }
        StrOp::Clear => {
            s.clear();
            m.clear();
        }
        StrOp::Reserve(n) => {
            s.reserve(*n);
            prop_assert!(s.capacity() >= m.len() + n);
        }
        StrOp::Replace(t) => {
            *s = String::from_str_in(t, arena);
            m.clone_from(t);
        }
    }
    Ok(())
}

fn apply_map<'a>(
    arena: &'a Arena,
    real: &mut Real<'a>,
    m: &mut StdMap<u8, u32>,
    op: &MapOp,
) -> Result<(), TestCaseError> {
    let (map, smap) = (&mut real.map, &mut real.string_map);
    match *op {
        MapOp::Insert(k, v) => {
            let want = m.insert(k, v);
            prop_assert_eq!(map.insert(k, v), want);
            prop_assert_eq!(smap.insert(String::from_str_in(&skey(k), arena), v), want);
        }
        MapOp::Remove(k) => {
            let want = m.remove(&k);
            prop_assert_eq!(map.remove(&k), want);
            prop_assert_eq!(smap.remove(skey(k).as_str()), want);
        }
        MapOp::Get(k) => {
            prop_assert_eq!(map.get(&k), m.get(&k));
            prop_assert_eq!(smap.get(skey(k).as_str()), m.get(&k));
            prop_assert_eq!(map.contains_key(&k), m.contains_key(&k));
        }
        MapOp::AddIfAbsent(k, v) => {
            let want = match m.entry(k) {
                std::collections::hash_map::Entry::Occupied(_) => false,
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(v);
                    true
                }
            };
            prop_assert_eq!(map.add_if_absent(k, v), want);
            prop_assert_eq!(
                smap.add_if_absent(String::from_str_in(&skey(k), arena), v),
                want
            );
        }
        MapOp::EntryAdd(k, v) => {
            let e = m.entry(k).or_insert(0);
            *e = e.wrapping_add(v);
            let a = map.entry(k).or_insert(0);
            *a = a.wrapping_add(v);
            let b = smap
                .entry(String::from_str_in(&skey(k), arena))
                .or_insert(0);
            *b = b.wrapping_add(v);
        }
        MapOp::GetMut(k, v) => {
            if let Some(x) = m.get_mut(&k) {
                *x ^= v;
            }
            if let Some(x) = map.get_mut(&k) {
                *x ^= v;
            }
            if let Some(x) = smap.get_mut(skey(k).as_str()) {
                *x ^= v;
            }
        }
        MapOp::Retain(d) => {
            m.retain(|_, v| *v % d != 0);
            map.retain(|_, v| *v % d != 0);
            smap.retain(|_, v| *v % d != 0);
        }
        MapOp::Clear => {
            m.clear();
            map.clear();
            smap.clear();
        }
        MapOp::ShrinkToFit => {
            map.shrink_to_fit();
            smap.shrink_to_fit();
        }
        MapOp::Reserve(n) => {
            map.reserve(n);
            smap.reserve(n);
            prop_assert!(map.capacity() >= m.len() + n);
        }
    }
    Ok(())
}

fn apply_set(
    set: &mut HashSet<'_, u16>,
    m: &mut StdSet<u16>,
    op: &SetOp,
) -> Result<(), TestCaseError> {
    match *op {
        SetOp::Insert(x) => prop_assert_eq!(set.insert(x), m.insert(x)),
        SetOp::Remove(x) => prop_assert_eq!(set.remove(&x), m.remove(&x)),
        SetOp::Take(x) => prop_assert_eq!(set.take(&x), m.take(&x)),
        SetOp::Replace(x) => prop_assert_eq!(set.replace(x), m.replace(x)),
        SetOp::Contains(x) => prop_assert_eq!(set.contains(&x), m.contains(&x)),
        SetOp::Retain(d) => {
            set.retain(|x| x % d != 0);
            m.retain(|x| x % d != 0);
        }
        SetOp::Clear => {
            set.clear();
            m.clear();
        }
        SetOp::ShrinkToFit => set.shrink_to_fit(),
    }
    Ok(())
}

/// Checks every arena collection and box against the model.
fn check(real: &Real<'_>, model: &Model) -> Result<(), TestCaseError> {
    for (v, m) in real.vecs.iter().zip(&model.vecs) {
        prop_assert_eq!(&v[..], &m[..]);
    }
    prop_assert_eq!(real.string.as_str(), model.string.as_str());
    prop_assert_eq!(real.map.len(), model.map.len());
    prop_assert_eq!(real.string_map.len(), model.map.len());
    for (k, v) in &model.map {
        prop_assert_eq!(real.map.get(k), Some(v));
        prop_assert_eq!(real.string_map.get(skey(*k).as_str()), Some(v));
    }
    prop_assert_eq!(real.set.len(), model.set.len());
    prop_assert!(model.set.iter().all(|x| real.set.contains(x)));
    for (b, tag) in &real.boxes {
        prop_assert!(b.holds(*tag), "box {} overwritten", tag);
    }
    Ok(())
}

/// Runs `ops` on fresh collections in one arena and checks them against the model after
/// every step; then drops everything and checks that the arena holds no block any more.
fn run(chunk_size: usize, max_retained: usize, ops: &[Op]) -> Result<(), TestCaseError> {
    let arena = Arena::builder()
        .chunk_size(chunk_size)
        .max_retained(max_retained)
        .build();
    let mut real = Real {
        vecs: [arena.vec(), arena.vec_with_capacity(5), arena.vec()],
        string: arena.string(),
        map: arena.map(),
        string_map: arena.map_with_capacity(3),
        set: arena.set(),
        boxes: std::vec::Vec::new(),
    };
    let mut model = Model::default();
    let mut next_tag = 1;
    for op in ops {
        match op {
            Op::Vec(i, op) => apply_vec(&arena, &mut real.vecs[*i], &mut model.vecs[*i], op)?,
            Op::Str(op) => apply_str(&arena, &mut real.string, &mut model.string, op)?,
            Op::Map(op) => apply_map(&arena, &mut real, &mut model.map, op)?,
            Op::Set(op) => apply_set(&mut real.set, &mut model.set, op)?,
            Op::BoxAlloc(kind) => {
                real.boxes
                    .push((Boxed::new(&arena, *kind, next_tag), next_tag));
                next_tag += 1;
            }
            Op::BoxFree(i) => {
                if !real.boxes.is_empty() {
                    let i = i % real.boxes.len();
                    real.boxes.swap_remove(i);
                }
            }
        }
        check(&real, &model)?;
        let s = arena.stats();
        prop_assert!(s.held >= s.used);
    }
    drop(real);
    let s = arena.stats();
    prop_assert_eq!(
        s.used,
        0,
        "blocks still allocated after every collection dropped: {:?}",
        s
    );
    prop_assert_eq!(s.dedicated_chunks, 0);
    prop_assert!(s.regular_chunks <= 1);
    if max_retained == 0 {
        // Emptied chunks past `max_retained` stay spare until the next acquire or reset.
        prop_assert!(s.held - s.retained <= arena.chunk_size(), "{:?}", s);
    }
    Ok(())
}

proptest! {
    #![proptest_config(proptest_config())]

    /// Random operation sequences on arena collections (and boxes in the same arena) give
    /// std's results and contents, and free every block.
    #[test]
    fn collections_match_std(
        chunk_size in proptest::sample::select(&CHUNK_SIZES[..]),
        max_retained in prop_oneof![Just(usize::MAX), Just(0usize)],
        ops in proptest::collection::vec(op(), 1..150),
    ) {
        run(chunk_size, max_retained, &ops)?;
    }

    /// The seed's extras on arbitrary contents give the results of straightforward std
    /// implementations, and leave the same contents.
    #[test]
    fn vec_extras_match_std(
        items in proptest::collection::vec(0..8u32, 0..60),
        probe in 0..10u32,
        limit in 0..6usize,
        modulus in 1..4u32,
        by_index in any::<bool>(),
    ) {
        let arena = Arena::new();
        let fresh = || {
            let mut v = arena.vec();
            v.extend_from_slice(&items);
            v
        };
        let v = fresh();
        prop_assert_eq!(v.index_of(&probe), items.iter().position(|&x| x == probe));
        prop_assert_eq!(v.last_index_of(&probe), items.iter().rposition(|&x| x == probe));
        prop_assert_eq!(v.index_of_by(&probe, eq_mod4), items.iter().position(|x| eq_mod4(x, &probe)));
        prop_assert_eq!(
            v.last_index_of_by(&probe, eq_mod4),
            items.iter().rposition(|x| eq_mod4(x, &probe))
        );

        let (mut v, mut m) = (fresh(), items.clone());
        prop_assert_eq!(v.add_if_absent(probe), std_add_if_absent_by(&mut m, probe, u32::eq));
        prop_assert_eq!(&v[..], &m[..]);
        let (mut v, mut m) = (fresh(), items.clone());
        prop_assert_eq!(v.add_if_absent_by(probe, eq_mod4), std_add_if_absent_by(&mut m, probe, eq_mod4));
        prop_assert_eq!(&v[..], &m[..]);
        let (mut v, mut m) = (fresh(), items.clone());
        prop_assert_eq!(v.remove_item(&probe), std_remove_item_by(&mut m, probe, u32::eq));
        prop_assert_eq!(&v[..], &m[..]);
        let (mut v, mut m) = (fresh(), items.clone());
        prop_assert_eq!(v.remove_item_by(&probe, eq_mod4), std_remove_item_by(&mut m, probe, eq_mod4));
        prop_assert_eq!(&v[..], &m[..]);

        let (mut v, mut m) = (fresh(), items.clone());
        let pred = remove_pred(by_index, modulus);
        let mut calls = std::vec::Vec::new();
        let removed = v.remove_by(limit, |i, x| {
            calls.push(i);
            pred(i, x)
        });
        prop_assert_eq!(removed, std_remove_by(&mut m, limit, &pred));
        prop_assert_eq!(&v[..], &m[..]);
        // The predicate sees the original indices, in order.
        prop_assert!(calls.windows(2).all(|w| w[1] > w[0]));
        prop_assert!(calls.iter().all(|&i| i < items.len()));
    }
}
