//! `#[derive(CopyIn)]`: the output types it generates and the copies it makes, for every
//! supported shape and attribute.

use super::{assert_in, starved};
use arenakit::{AllocErrorKind, Arena, CopyIn};

/// The issue's example.
#[derive(CopyIn)]
pub struct Msg {
    name: String,
    tags: Vec<String>,
}

impl Msg {
    fn new(name: &str, tags: &[&str]) -> Self {
        Msg {
            name: name.into(),
            tags: tags.iter().map(|&tag| tag.into()).collect(),
        }
    }
}

/// The output is exactly `MsgIn<'a> { name: &'a str, tags: &'a [&'a str] }`: it is built from
/// and taken apart into those field types.
fn msg_in<'a>(name: &'a str, tags: &'a [&'a str]) -> MsgIn<'a> {
    MsgIn { name, tags }
}

fn msg_fields<'a>(msg: MsgIn<'a>) -> (&'a str, &'a [&'a str]) {
    (msg.name, msg.tags)
}

/// Asserts that `msg`'s strings and slices lie in `arena`.
#[track_caller]
fn assert_msg_in(arena: &Arena, msg: &MsgIn<'_>) {
    assert_in(arena, msg.name);
    if !msg.tags.is_empty() {
        assert_in(arena, msg.tags);
    }
    for tag in msg.tags {
        assert_in(arena, *tag);
    }
}

#[test]
fn msg_example() {
    let arena = Arena::new();
    let msg = Msg::new("hello", &["db", "api"]);
    let copy: MsgIn<'_> = msg.copy_in(&arena);
    drop(msg);

    assert_msg_in(&arena, &copy);
    let (name, tags) = msg_fields(copy);
    assert_eq!((name, tags), ("hello", &["db", "api"][..]));
    let rebuilt = msg_in("x", &["y"]);
    assert_eq!(
        format!("{rebuilt:?}"),
        r#"MsgIn { name: "x", tags: ["y"] }"#
    );
}

/// A derived type is a field type like any other.
#[derive(CopyIn)]
struct Team {
    lead: Msg,
    members: Vec<Msg>,
    backup: Option<Msg>,
    size: u32,
}

#[test]
fn nested_derived_structs() {
    let arena = Arena::new();
    let team = Team {
        lead: Msg::new("ada", &["lead"]),
        members: vec![Msg::new("bob", &[]), Msg::new("cy", &["ops", "db"])],
        backup: None,
        size: 3,
    };
    let copy: TeamIn<'_> = team.copy_in(&arena);
    drop(team);

    let _: (&MsgIn<'_>, &[MsgIn<'_>], &Option<MsgIn<'_>>, u32) =
        (&copy.lead, copy.members, &copy.backup, copy.size);
    assert_eq!(copy.lead.name, "ada");
    assert_eq!(copy.members.len(), 2);
    assert_eq!(copy.members[1].tags, ["ops", "db"]);
    assert!(copy.backup.is_none());
    assert_eq!(copy.size, 3);
    assert_in(&arena, copy.members);
    assert_msg_in(&arena, &copy.lead);
    for member in copy.members {
        assert_msg_in(&arena, member);
    }
}

/// A recursive list through `Option<Box<Self>>`: each `Box` becomes a reference into the arena.
#[derive(CopyIn)]
struct Node {
    label: String,
    next: Option<Box<Self>>,
}

/// The same through the type's name, and a tree through `Vec<Self>`.
#[derive(CopyIn)]
struct Tree {
    label: Box<str>,
    #[allow(clippy::box_collection)] // on purpose: `Box<T>` of a `CopyIn` type
    parent_label: Option<Box<String>>,
    children: Vec<Tree>,
}

#[test]
fn option_box_and_recursion() {
    let arena = Arena::new();
    let list = Node {
        label: "a".into(),
        next: Some(Box::new(Node {
            label: "b".into(),
            next: Some(Box::new(Node {
                label: "c".into(),
                next: None,
            })),
        })),
    };
    let copy: NodeIn<'_> = list.copy_in(&arena);
    drop(list);

    let mut labels = Vec::new();
    let mut node = Some(&copy);
    while let Some(current) = node {
        assert_in(&arena, current.label);
        labels.push(current.label);
        node = current.next;
        if let Some(next) = node {
            let _: &NodeIn<'_> = next;
            assert_in(&arena, next);
        }
    }
    assert_eq!(labels, ["a", "b", "c"]);

    let tree = Tree {
        label: "root".into(),
        parent_label: None,
        children: vec![Tree {
            label: "leaf".into(),
            parent_label: Some(Box::new("root".into())),
            children: Vec::new(),
        }],
    };
    let copy: TreeIn<'_> = tree.copy_in(&arena);
    drop(tree);
    let leaf = &copy.children[0];
    let parent: &&str = leaf.parent_label.unwrap();
    assert_eq!((copy.label, leaf.label, *parent), ("root", "leaf", "root"));
    assert_in(&arena, parent);
    assert_in(&arena, *parent);
    assert_in(&arena, copy.children);
}

/// Arrays, tuples and nested combinations as fields.
#[derive(CopyIn)]
struct Shapes {
    corners: [String; 2],
    grid: [[u8; 2]; 2],
    pair: (String, u32),
    mixed: (Vec<String>, Option<char>, [Box<str>; 1]),
    r#type: &'static str,
}

#[test]
fn arrays_and_tuples() {
    let arena = Arena::new();
    let shapes = Shapes {
        corners: ["nw".into(), "se".into()],
        grid: [[1, 2], [3, 4]],
        pair: ("p".into(), 5),
        mixed: (vec!["m".into()], Some('c'), ["boxed".into()]),
        r#type: "static",
    };
    let copy: ShapesIn<'_> = shapes.copy_in(&arena);
    drop(shapes);

    let _: ([&str; 2], [[u8; 2]; 2], (&str, u32)) = (copy.corners, copy.grid, copy.pair);
    let _: (&[&str], Option<char>, [&str; 1]) = copy.mixed;
    let _: &str = copy.r#type;
    assert_eq!(copy.corners, ["nw", "se"]);
    assert_eq!(copy.grid, [[1, 2], [3, 4]]);
    assert_eq!(copy.pair, ("p", 5));
    assert_eq!(copy.mixed, (&["m"][..], Some('c'), ["boxed"]));
    assert_eq!(copy.r#type, "static");
    for s in copy
        .corners
        .into_iter()
        .chain([copy.pair.0, copy.mixed.2[0], copy.r#type])
    {
        assert_in(&arena, s);
    }
    assert_in(&arena, copy.mixed.0);
}

/// A std `HashMap` field becomes an arena `HashMap`.
#[cfg(all(feature = "collections", feature = "std"))]
#[derive(CopyIn)]
struct Index {
    by_tag: std::collections::HashMap<String, Vec<String>>,
    seen: std::collections::HashSet<u32>,
}

#[cfg(all(feature = "collections", feature = "std"))]
#[test]
fn hash_map_field() {
    let arena = Arena::new();
    let index = Index {
        by_tag: [
            ("db".into(), vec!["pg".into(), "redis".into()]),
            ("api".into(), vec![]),
        ]
        .into_iter()
        .collect(),
        seen: [1, 2, 3].into_iter().collect(),
    };
    let copy: IndexIn<'_> = index.copy_in(&arena);
    drop(index);

    let by_tag: &arenakit::collections::HashMap<'_, &str, &[&str]> = &copy.by_tag;
    let seen: &arenakit::collections::HashSet<'_, u32> = &copy.seen;
    assert_eq!(by_tag["db"], ["pg", "redis"]);
    assert!(by_tag["api"].is_empty());
    assert_eq!(seen.len(), 3);
    for (key, values) in by_tag {
        assert_in(&arena, *key);
        for value in *values {
            assert_in(&arena, *value);
        }
    }
}

/// Unit, tuple and struct variants in one enum.
#[derive(CopyIn)]
enum Event {
    Ping,
    Text(String, u8),
    Batch {
        items: Vec<Msg>,
        source: Option<String>,
    },
}

#[test]
fn enum_of_all_variant_shapes() {
    let arena = Arena::new();
    let events = vec![
        Event::Ping,
        Event::Text("hi".into(), 2),
        Event::Batch {
            items: vec![Msg::new("m", &["t"])],
            source: Some("feed".into()),
        },
    ];
    let copies: &[EventIn<'_>] = events.copy_in(&arena);
    drop(events);

    assert!(matches!(copies[0], EventIn::Ping));
    let EventIn::Text(text, n) = copies[1] else {
        panic!("not Text: {:?}", copies[1])
    };
    assert_eq!((text, n), ("hi", 2));
    assert_in(&arena, text);
    let EventIn::Batch { items, source } = &copies[2] else {
        panic!("not Batch")
    };
    let (items, source): (&[MsgIn<'_>], Option<&str>) = (items, *source);
    assert_eq!(items[0].name, "m");
    assert_eq!(source, Some("feed"));
    assert_in(&arena, source.unwrap());
    assert_msg_in(&arena, &items[0]);
    assert_in(&arena, copies);
}

/// An enum without fields: the output has no lifetime, and keeps `repr` and discriminants.
#[derive(CopyIn, Default)]
#[copy_in(derive(Clone, Copy, PartialEq, Eq, Default))]
#[repr(u8)]
enum Level {
    Low = 1,
    #[default]
    High = 10,
}

/// An empty enum copies too (it has no values).
#[derive(CopyIn)]
#[allow(dead_code)]
enum Never {}

#[test]
fn fieldless_enums() {
    let arena = starved();
    let low: LevelIn = Level::Low.copy_in(&arena);
    let high: LevelIn = Level::High.try_copy_in(&arena).unwrap();
    assert_eq!((low as u8, high as u8), (1, 10));
    assert_eq!(LevelIn::default(), LevelIn::High);
    assert_eq!(core::mem::size_of::<LevelIn>(), 1);
    fn never_output(never: &Never) -> NeverIn {
        never.copy_in(&Arena::new())
    }
    let _ = never_output;
}

/// Tuple, unit and empty structs.
#[derive(CopyIn)]
struct Pair(pub String, Vec<u16>);

#[derive(CopyIn)]
struct Marker;

#[derive(CopyIn)]
struct Empty {}

#[derive(CopyIn)]
struct EmptyTuple();

#[test]
fn tuple_unit_and_empty_structs() {
    let arena = Arena::new();
    let pair = Pair("left".into(), vec![1, 2]);
    let copy: PairIn<'_> = pair.copy_in(&arena);
    drop(pair);
    let PairIn(left, numbers): PairIn<'_> = copy;
    let _: (&str, &[u16]) = (left, numbers);
    assert_eq!((left, numbers), ("left", &[1, 2][..]));
    assert_in(&arena, left);
    assert_in(&arena, numbers);

    let starved = starved();
    let MarkerIn = Marker.copy_in(&starved);
    let EmptyIn {} = Empty {}.copy_in(&starved);
    let EmptyTupleIn() = EmptyTuple().try_copy_in(&starved).unwrap();
}

/// `name` renames the output type; `derive` adds derives next to `Debug`.
#[derive(CopyIn)]
#[copy_in(name = "PointView")]
#[copy_in(derive(Clone, Copy, PartialEq, Eq, Hash, core::cmp::PartialOrd))]
struct Point {
    x: i32,
    label: String,
}

/// `Debug` named again is not derived twice.
#[derive(CopyIn)]
#[copy_in(derive(Debug, Clone), name = "TagView")]
struct Tag(String);

#[test]
fn rename_and_extra_derives() {
    let arena = Arena::new();
    let point = Point {
        x: 1,
        label: "p".into(),
    };
    let view: PointView<'_> = point.copy_in(&arena);
    drop(point);
    let copied = view; // `Copy`: `view` stays usable
    assert_eq!(view, copied);
    assert!(view <= copied);
    let mut set = std::collections::HashSet::new();
    set.insert(view);
    assert!(set.contains(&PointView { x: 1, label: "p" }));
    assert_eq!(format!("{view:?}"), r#"PointView { x: 1, label: "p" }"#);
    assert_in(&arena, view.label);

    let tag: TagView<'_> = Tag("t".into()).copy_in(&arena);
    assert_eq!(format!("{:?}", tag.clone()), r#"TagView("t")"#);
}

/// Lifetime parameters: the copy borrows only the arena, not what the original borrowed.
#[derive(CopyIn)]
struct Borrowed<'x, 'y: 'x> {
    text: &'x str,
    words: &'x [&'y str],
    boxed: Option<&'y Msg>,
}

/// The input may use `'a` itself; the derive picks another name for the arena lifetime.
#[derive(CopyIn)]
enum UsesA<'a> {
    Text(&'a str),
    Nested { inner: Borrowed<'a, 'a> },
}

#[test]
fn lifetime_parameters() {
    let arena = Arena::new();
    let text = String::from("short-lived");
    let words = vec!["w"];
    let msg = Msg::new("m", &[]);
    let copy: BorrowedIn<'_> = Borrowed {
        text: &text,
        words: &words,
        boxed: Some(&msg),
    }
    .copy_in(&arena);
    let nested: UsesAIn<'_> = UsesA::Nested {
        inner: Borrowed {
            text: &text,
            words: &[],
            boxed: None,
        },
    }
    .copy_in(&arena);
    let plain: UsesAIn<'_> = UsesA::Text(&text).copy_in(&arena);
    drop((text, words, msg));

    let _: (&str, &[&str], &Option<MsgIn<'_>>) = (copy.text, copy.words, &copy.boxed);
    assert_eq!((copy.text, copy.words), ("short-lived", &["w"][..]));
    assert_eq!(copy.boxed.unwrap().name, "m");
    assert_in(&arena, copy.text);
    assert_in(&arena, copy.words);
    let UsesAIn::Nested { inner } = nested else {
        panic!("not Nested")
    };
    assert_eq!(inner.text, "short-lived");
    assert_in(&arena, inner.text);
    let UsesAIn::Text(text) = plain else {
        panic!("not Text")
    };
    assert_in(&arena, text);
}

/// The output type has the input's visibility, and its fields their fields' visibility.
mod shapes {
    use arenakit::CopyIn;

    #[derive(CopyIn)]
    pub struct Public {
        pub shown: String,
        pub(crate) crate_wide: u8,
    }
}

#[test]
fn visibility_follows_the_input() {
    let arena = Arena::new();
    let public = shapes::Public {
        shown: "s".into(),
        crate_wide: 1,
    };
    let copy: shapes::PublicIn<'_> = public.copy_in(&arena);
    assert_eq!((copy.shown, copy.crate_wide), ("s", 1));
}

/// A starved arena fails the copy with an error; `copy_in` panics instead.
#[test]
fn try_copy_in_reports_allocation_failure() {
    let arena = starved();
    let err = Msg::new("name", &["tag"]).try_copy_in(&arena).unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::LimitExceeded);
    assert!(Event::Text("t".into(), 0).try_copy_in(&arena).is_err());
    assert!(Pair(String::new(), vec![1]).try_copy_in(&arena).is_err());
    assert!(Event::Ping.try_copy_in(&arena).is_ok());
    assert_eq!(arena.stats().held, 0);
}

#[test]
#[should_panic(expected = "memory limit")]
fn copy_in_panics_on_allocation_failure() {
    let _ = Msg::new("name", &[]).copy_in(&starved());
}

/// Derived types work wherever `CopyIn` is a bound.
#[test]
fn derived_types_satisfy_the_bound() {
    fn copy_all<'a, T: CopyIn<'a>>(items: &[T], arena: &'a Arena) -> Vec<T::Output> {
        items.iter().map(|item| item.copy_in(arena)).collect()
    }

    let arena = Arena::new();
    let msgs = vec![Msg::new("a", &[]), Msg::new("b", &["c"])];
    let copies = copy_all(&msgs, &arena);
    drop(msgs);
    assert_eq!(copies[1].tags, ["c"]);
    for copy in &copies {
        assert_msg_in(&arena, copy);
    }
}
