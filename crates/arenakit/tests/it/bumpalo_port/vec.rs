//! Port of bumpalo `tests/all/vec.rs`: `bumpalo::collections::Vec` becomes arenakit's
//! collections `Vec` (allocator-api2's `Vec` over `&Arena`), made with `Vec::new_in(&arena)`,
//! `arena.vec()` or `arenakit::vec![in &arena; ..]`; `into_bump_slice`,
//! `extend_from_slice(s)_copy` and `extract_if` (bumpalo's `drain_filter`) come from
//! `arenakit::prelude`.
use crate::common::{LocalDrops, addr, proptest_config};
use arenakit::Arena;
use arenakit::collections::Vec;
use arenakit::prelude::*;
use core::cell::{Cell, RefCell};
use proptest::prelude::*;

/// bumpalo tests/all/vec.rs: push_a_bunch_of_items
#[test]
fn push_a_bunch_of_items() {
    let arena = Arena::new();
    let mut v = Vec::new_in(&arena);
    for x in 0..10_000 {
        v.push(x);
    }
    assert!(v.iter().copied().eq(0..10_000));
    assert!(arena.contains(v.as_ptr()));
}

/// bumpalo tests/all/vec.rs: trailing_comma_in_vec_macro
#[test]
fn trailing_comma_in_vec_macro() {
    let arena = Arena::new();
    let v = arenakit::vec![in &arena; 1, 2, 3,];
    assert_eq!(v, [1, 2, 3]);
}

/// bumpalo tests/all/vec.rs: recursive_vecs
///
/// Self-referential nodes holding arena vectors compile (no dropck error). A node has drop
/// glue (its `Vec`), which `alloc` rejects: the nodes are made with `alloc_no_drop`, which
/// leaks them as bumpalo's `alloc` does (their buffers are arena memory, so nothing leaks
/// from the heap).
#[test]
fn recursive_vecs() {
    struct Node<'a> {
        myself: Cell<Option<&'a Node<'a>>>,
        edges: Cell<Vec<'a, &'a Node<'a>>>,
    }

    let arena = Arena::new();
    let node1: &Node = arena.alloc_no_drop(Node {
        myself: Cell::new(None),
        edges: Cell::new(Vec::new_in(&arena)),
    });
    let node2: &Node = arena.alloc_no_drop(Node {
        myself: Cell::new(None),
        edges: Cell::new(Vec::new_in(&arena)),
    });

    node1.myself.set(Some(node1));
    node1
        .edges
        .set(arenakit::vec![in &arena; node1, node1, node2]);
    node2.myself.set(Some(node2));
    node2.edges.set(arenakit::vec![in &arena; node1, node2]);

    let (a1, a2) = (addr(node1), addr(node2));
    for (node, me, expected) in [(node1, a1, vec![a1, a1, a2]), (node2, a2, vec![a1, a2])] {
        assert_eq!(addr(node.myself.get().unwrap()), me);
        let edges = node.edges.replace(Vec::new_in(&arena));
        assert_eq!(
            edges.iter().map(|&e| addr(e)).collect::<std::vec::Vec<_>>(),
            expected
        );
    }
}

/// bumpalo tests/all/vec.rs: test_into_bump_slice_mut
#[test]
fn test_into_bump_slice_mut() {
    let arena = Arena::new();
    let v = arenakit::vec![in &arena; 1, 2, 3];
    let slice = v.into_bump_slice();
    slice[0] = 3;
    slice[2] = 1;
    assert_eq!(slice, [3, 2, 1]);
}

/// bumpalo tests/all/vec.rs: test_vec_items_get_dropped
#[test]
fn test_vec_items_get_dropped() {
    struct Foo<'a>(&'a RefCell<String>);
    impl Drop for Foo<'_> {
        fn drop(&mut self) {
            self.0.borrow_mut().push_str("Dropped!");
        }
    }

    let buffer = RefCell::new(String::new());
    let arena = Arena::new();
    {
        let mut vec_foo = Vec::new_in(&arena);
        vec_foo.push(Foo(&buffer));
        vec_foo.push(Foo(&buffer));
    }
    assert_eq!("Dropped!Dropped!", *buffer.borrow());
}

/// bumpalo tests/all/vec.rs: test_extend_from_slice_copy
#[test]
fn test_extend_from_slice_copy() {
    let arena = Arena::new();
    let mut vec = arenakit::vec![in &arena; 1, 2, 3];
    assert_eq!(&[1, 2, 3][..], vec.as_slice());

    vec.extend_from_slice_copy(&[4, 5, 6]);
    assert_eq!(&[1, 2, 3, 4, 5, 6][..], vec.as_slice());

    vec.extend_from_slice_copy(&[]);
    assert_eq!(&[1, 2, 3, 4, 5, 6][..], vec.as_slice());

    vec.extend_from_slice_copy(&[7]);
    assert_eq!(&[1, 2, 3, 4, 5, 6, 7][..], vec.as_slice());
}

/// bumpalo tests/all/vec.rs: test_extend_from_slices_copy
#[test]
fn test_extend_from_slices_copy() {
    let arena = Arena::new();
    let mut vec = arenakit::vec![in &arena; 1, 2, 3];
    assert_eq!(&[1, 2, 3][..], vec.as_slice());

    vec.extend_from_slices_copy(&[]);
    assert_eq!(&[1, 2, 3][..], vec.as_slice());

    vec.extend_from_slices_copy(&[&[4, 5, 6], &[], &[7]]);
    assert_eq!(&[1, 2, 3, 4, 5, 6, 7][..], vec.as_slice());

    vec.extend_from_slices_copy(&[&[8], &[9, 10, 11], &[12]]);
    assert_eq!(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], vec.as_slice());
}

/// bumpalo tests/all/vec.rs: test_vec_write
#[test]
fn test_vec_write() {
    use std::io::Write;

    let arena = Arena::new();
    let mut v = arena.vec();
    assert_eq!(v.write(&[]).unwrap(), 0);
    v.flush().unwrap();
    assert_eq!(v.write(&[1]).unwrap(), 1);
    v.flush().unwrap();
    v.write_all(&[]).unwrap();
    v.flush().unwrap();
    v.write_all(&[2, 3]).unwrap();
    v.flush().unwrap();
    assert_eq!(v, [1, 2, 3]);
}

/// How a retain predicate treats element `x`: drop 1, panic on 2, keep the rest.
fn drop_one_panic_on_two(x: i32) -> bool {
    match x {
        1 => false,
        2 => panic!("predicate panics on purpose"),
        _ => true,
    }
}

/// Pushes three droppable elements, runs `retain` (which panics on the second), and checks
/// all three were dropped exactly once, as bumpalo's `panic_in_retain*` tests do.
fn assert_panicking_retain_drops_all(
    retain: fn(&mut Vec<'_, (i32, crate::common::LocalToken<'_>)>),
) {
    let drops = LocalDrops::default();
    let arena = Arena::new();
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut v = Vec::new_in(&arena);
        v.extend((1..=3).map(|i| (i, drops.token())));
        retain(&mut v);
    }));
    assert!(result.is_err(), "the predicate did not panic");
    assert_eq!(drops.get(), 3);
}

/// bumpalo tests/all/vec.rs: panic_in_drain_filter
///
/// bumpalo's `drain_filter` is `extract_if(.., f)` here. bumpalo counts 2 drops: its
/// `drain_filter` leaks the element the predicate panicked on. arenakit's `extract_if` keeps
/// that element in the vector, so all three drop (the drained one, then the two kept).
#[test]
fn panic_in_drain_filter() {
    let drops = LocalDrops::default();
    let arena = Arena::new();
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut v = Vec::new_in(&arena);
        v.extend((1..=3).map(|i| (i, drops.token())));
        let mut extracted = v.extract_if(.., |x| match x.0 {
            1 => true,
            2 => panic!("predicate panics on purpose"),
            _ => false,
        });
        assert!(extracted.next().is_some());
        let _ = extracted.next();
    }));
    assert!(result.is_err(), "the predicate did not panic");
    assert_eq!(drops.get(), 3);
}

/// bumpalo tests/all/vec.rs: panic_in_retain
#[test]
fn panic_in_retain() {
    assert_panicking_retain_drops_all(|v| v.retain(|x| drop_one_panic_on_two(x.0)));
}

/// bumpalo tests/all/vec.rs: panic_in_retain_mut
#[test]
fn panic_in_retain_mut() {
    assert_panicking_retain_drops_all(|v| v.retain_mut(|x| drop_one_panic_on_two(x.0)));
}

/// One step of bumpalo's `VecOp` programs.
#[derive(Clone, Debug)]
enum VecOp {
    Push(u8),
    Pop,
    Extend(std::vec::Vec<u8>),
    Resize { len: usize, fill: u8 },
    Truncate(usize),
    ShrinkToFit,
}

/// bumpalo's bounds: slices of up to 16 bytes, lengths under 48.
fn vec_op() -> impl Strategy<Value = VecOp> {
    prop_oneof![
        any::<u8>().prop_map(VecOp::Push),
        Just(VecOp::Pop),
        prop::collection::vec(any::<u8>(), 0..16).prop_map(VecOp::Extend),
        (0usize..48, any::<u8>()).prop_map(|(len, fill)| VecOp::Resize { len, fill }),
        (0usize..48).prop_map(VecOp::Truncate),
        Just(VecOp::ShrinkToFit),
    ]
}

/// Applies `op` to the arena vector and to a std model, and compares them.
fn apply_vec_op(actual: &mut Vec<'_, u8>, expected: &mut std::vec::Vec<u8>, op: &VecOp) {
    match op {
        VecOp::Push(value) => {
            actual.push(*value);
            expected.push(*value);
        }
        VecOp::Pop => assert_eq!(actual.pop(), expected.pop()),
        VecOp::Extend(values) => {
            actual.extend_from_slice_copy(values);
            expected.extend_from_slice(values);
        }
        VecOp::Resize { len, fill } => {
            actual.resize(*len, *fill);
            expected.resize(*len, *fill);
        }
        VecOp::Truncate(len) => {
            actual.truncate(*len);
            expected.truncate(*len);
        }
        VecOp::ShrinkToFit => {
            actual.shrink_to_fit();
            expected.shrink_to_fit();
            assert_eq!(actual.capacity(), actual.len());
        }
    }
    assert_eq!(actual.as_slice(), expected.as_slice());
    assert!(actual.capacity() >= actual.len());
}

proptest! {
    #![proptest_config(proptest_config())]

    /// bumpalo tests/all/vec.rs: vec_resizes_causing_reallocs
    ///
    /// bumpalo's sizes, clamped to 128..=32768 as it does.
    #[test]
    fn vec_resizes_causing_reallocs(sizes in prop::collection::vec(0usize..40_000, 0..16)) {
        let arena = Arena::new();
        let mut v = arena.vec();
        for len in sizes {
            let len = len.clamp(1 << 7, 1 << 15);
            v.resize(len, 0u8);
            v.shrink_to_fit();
            prop_assert_eq!(v.len(), len);
            prop_assert_eq!(v.capacity(), len);
            prop_assert!(v.iter().all(|&b| b == 0));
        }
    }

    /// bumpalo tests/all/vec.rs: vec_operation_sequences_match_std
    ///
    /// (A test of bumpalo's main branch after 3.21; up to 64 operations, as there.)
    #[test]
    fn vec_operation_sequences_match_std(program in prop::collection::vec(vec_op(), 0..64)) {
        let arena = Arena::new();
        let mut actual = arena.vec();
        let mut expected = std::vec::Vec::new();
        for op in &program {
            apply_vec_op(&mut actual, &mut expected, op);
        }
        prop_assert_eq!(&*actual.into_bump_slice(), expected.as_slice());
    }
}
