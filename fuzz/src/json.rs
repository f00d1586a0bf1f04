//! `arenakit::de::from_slice_in` on arbitrary bytes: it must never panic, and for every
//! target type it must accept exactly the inputs serde_json accepts for the owned equivalent
//! type (same grammar, same depth limit, same number rules), decoding the same values.

use arenakit::Arena;
use arenakit::collections::HashMap;
use arenakit::de::{DeserializeIn, from_slice_in};
use serde::Deserialize;

/// A log entry, in the arena.
#[derive(Debug, DeserializeIn)]
struct Entry<'a> {
    ts: u64,
    level: &'a str,
    msg: Option<&'a str>,
    tags: &'a [&'a str],
    attrs: HashMap<'a, &'a str, &'a str>,
}

/// The same entry, owned.
#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct OwnedEntry {
    ts: u64,
    level: String,
    msg: Option<String>,
    tags: Vec<String>,
    attrs: std::collections::HashMap<String, String>,
}

/// Checks one input: the body of the `json` fuzz target.
pub fn check(data: &[u8]) {
    let arena = Arena::new();

    let ours = from_slice_in::<&[&str], _, _>(&arena, data);
    let theirs = serde_json::from_slice::<Vec<String>>(data);
    assert_eq!(
        ours.is_ok(),
        theirs.is_ok(),
        "strings: {ours:?} vs {theirs:?}"
    );
    if let (Ok(a), Ok(b)) = (&ours, &theirs) {
        assert!(a.iter().eq(b.iter()), "strings decoded differently");
    }

    let ours = from_slice_in::<&[f64], _, _>(&arena, data);
    let theirs = serde_json::from_slice::<Vec<f64>>(data);
    assert_eq!(
        ours.is_ok(),
        theirs.is_ok(),
        "floats: {ours:?} vs {theirs:?}"
    );

    let ours = from_slice_in::<(i64, u64, bool, Option<&str>), _, _>(&arena, data);
    let theirs = serde_json::from_slice::<(i64, u64, bool, Option<String>)>(data);
    assert_eq!(
        ours.is_ok(),
        theirs.is_ok(),
        "tuple: {ours:?} vs {theirs:?}"
    );
    if let (Ok(a), Ok(b)) = (&ours, &theirs) {
        assert_eq!((a.0, a.1, a.2, a.3), (b.0, b.1, b.2, b.3.as_deref()));
    }

    let ours = from_slice_in::<Entry<'_>, _, _>(&arena, data);
    let theirs = serde_json::from_slice::<OwnedEntry>(data);
    assert_eq!(
        ours.is_ok(),
        theirs.is_ok(),
        "entry: {ours:?} vs {theirs:?}"
    );
    if let (Ok(a), Ok(b)) = (&ours, &theirs) {
        assert_eq!(
            (a.ts, a.level, a.msg),
            (b.ts, b.level.as_str(), b.msg.as_deref())
        );
        assert!(a.tags.iter().eq(b.tags.iter()));
        assert_eq!(a.attrs.len(), b.attrs.len());
        assert!(
            b.attrs
                .iter()
                .all(|(k, v)| a.attrs.get(k.as_str()) == Some(&v.as_str()))
        );
    }
}
