//! Workloads `json-citm` and `json-canada`, and the peers `json-twitter` shares with them: the
//! nativejson-benchmark corpus decoded by arenakit and by serde_json, simd-json and sonic-rs,
//! into typed values (every field, and a skip-heavy subset) and into each library's DOM.
//!
//! Rows of a corpus workload, all in one process on the same bytes:
//!
//! - every field ([`Shape::All`]): `arenakit` (derived `DeserializeIn` types, warm arena reset
//!   after every parse), `glibc` (serde_json into derived owned types on the system
//!   allocator, the column every row is read against, as in `json`), `simd-json` (its serde
//!   path, `simd_json::serde::from_slice_with_buffers`, on a copy of the input in a reused
//!   `Vec` with reused `Buffers`, as simd-json's docs recommend: it parses in place) and
//!   `sonic-rs` (`sonic_rs::from_slice`) into the same owned types;
//! - the skip-heavy subset ([`Shape::Subset`]): the same four decoders into types with a few
//!   fields, the rest of the file skipped as unknown fields;
//! - DOMs ([`Shape::Dom`], [`super::dom`]): `serde_json::Value`, simd-json's `BorrowedValue`
//!   (buffers reused) and sonic-rs's `Value`.
//!
//! Checksums: a [`Tally`] of the decoded data per parse. Each shape has its reference, the
//! tally of serde_json's decode of that shape; a peer's parse returns its tally's checksum
//! minus its shape's reference plus the workload's expected value, so the harness's one
//! expected checksum still fails the run if any decoder reads anything differently.
//!
//! The showdown is built without `-C target-cpu=native` (it runs on whatever machine builds
//! it), so sonic-rs and simd-json use the SIMD level detected at run time or their portable
//! code, not a build for this exact CPU.

use super::dom;
use super::{ARENAKIT, SYSTEM, Tally, canada, census_extra, citm, twitter};
use crate::census::{self, Census};
use crate::extra::{Extra, Scale};
use crate::harness::{Peer, Workload};
use crate::workloads::bar_of;
use arenakit::Arena;
use arenakit::de::from_slice_in;
use serde::de::DeserializeOwned;
use std::hint::black_box;

/// Name of the `citm_catalog.json` workload.
pub const CITM_NAME: &str = "json-citm";
/// Name of the `canada.json` workload.
pub const CANADA_NAME: &str = "json-canada";
/// `citm_catalog.json` of the nativejson-benchmark corpus (source and license in
/// `data/README.md`).
pub const CITM_JSON: &[u8] = include_bytes!("../../../data/citm_catalog.json");
/// `canada.json` of the nativejson-benchmark corpus (source and license in `data/README.md`).
pub const CANADA_JSON: &[u8] = include_bytes!("../../../data/canada.json");
/// Parses per timed batch of the corpus workloads.
pub const CORPUS_PARSES: usize = 2;
/// Name of the simd-json typed peer.
pub const SIMD: &str = "simd-json";
/// Name of the sonic-rs typed peer.
pub const SONIC: &str = "sonic-rs";
/// Names of the subset peers: arenakit, serde_json, simd-json, sonic-rs.
pub const SUBSET: [&str; 4] = [
    "arenakit subset",
    "serde_json subset",
    "simd-json subset",
    "sonic-rs subset",
];

/// What a decoder reads, and so which reference checksum its parses must match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// Every field, into typed values.
    All,
    /// A few fields, into typed values; the rest skipped.
    Subset,
    /// The whole document, into a DOM.
    Dom,
}

/// One parse of the input: returns the checksum of what it decoded. It owns its reused state
/// (an arena, simd-json's buffers).
pub type Parse = Box<dyn FnMut(&[u8]) -> u64>;

/// A decoder: a row of the table and of the heap census.
pub struct Decoder {
    /// The peer's name.
    pub name: &'static str,
    /// What it calls, for the `how` column.
    pub how: String,
    /// What it reads.
    pub shape: Shape,
    make: Box<dyn Fn() -> Parse>,
}

impl Decoder {
    /// A decoder named `name` whose parses `make` creates (with fresh state).
    pub fn new(
        name: &'static str,
        how: impl Into<String>,
        shape: Shape,
        make: impl Fn() -> Parse + 'static,
    ) -> Self {
        Decoder {
            name,
            how: how.into(),
            shape,
            make: Box::new(make),
        }
    }

    /// The peer running `parses` parses of `json` per batch, each checksum moved from
    /// `reference` (its shape's) to `expected` (the workload's per parse).
    fn peer(
        &self,
        json: &'static [u8],
        parses: usize,
        reference: u64,
        expected: u64,
    ) -> Peer<'static> {
        let mut parse = (self.make)();
        Peer::new(self.name, self.how.clone(), move || {
            let mut sum = 0u64;
            for _ in 0..black_box(parses) {
                let checksum = parse(black_box(json));
                sum = sum.wrapping_add(checksum.wrapping_sub(reference).wrapping_add(expected));
            }
            sum
        })
    }
}

/// One typed shape of a file, as each library decodes it.
#[derive(Clone, Copy)]
struct Typed {
    shape: Shape,
    /// The arena types' description, for the `how` column.
    types: &'static str,
    /// The owned types' description, for the `how` column.
    owned: &'static str,
    arena: fn(&Arena, &[u8]) -> u64,
    serde_json: fn(&[u8]) -> u64,
    simd_json: fn(&mut [u8], &mut simd_json::Buffers) -> u64,
    sonic_rs: fn(&[u8]) -> u64,
}

/// serde_json into owned `T`.
fn serde_owned<T: DeserializeOwned + super::Digest>(json: &[u8]) -> u64 {
    let value: T = serde_json::from_slice(json).expect("the file decodes");
    Tally::of(&value).checksum()
}

/// simd-json's serde path into owned `T`, parsing `input` in place with reused `buffers`.
fn simd_owned<T: DeserializeOwned + super::Digest>(
    input: &mut [u8],
    buffers: &mut simd_json::Buffers,
) -> u64 {
    let value: T =
        simd_json::serde::from_slice_with_buffers(input, buffers).expect("the file decodes");
    Tally::of(&value).checksum()
}

/// sonic-rs into owned `T`.
fn sonic_owned<T: DeserializeOwned + super::Digest>(json: &[u8]) -> u64 {
    let value: T = sonic_rs::from_slice(json).expect("the file decodes");
    Tally::of(&value).checksum()
}

/// `fn(&Arena, &[u8]) -> u64`: arenakit's decoder into the arena type `$ty`.
macro_rules! arena_fn {
    ($($ty:ident)::+) => {
        |arena: &Arena, json: &[u8]| -> u64 {
            let value: $($ty)::+<'_> = from_slice_in(arena, json).expect("the file decodes");
            Tally::of(&value).checksum()
        }
    };
}

/// A [`Typed`] shape from the arena type and the owned type of the same name.
macro_rules! typed {
    ($shape:expr, $types:expr, $owned:expr, $module:ident :: $ty:ident) => {
        Typed {
            shape: $shape,
            types: $types,
            owned: $owned,
            arena: arena_fn!($module::$ty),
            serde_json: serde_owned::<$module::owned::$ty>,
            simd_json: simd_owned::<$module::owned::$ty>,
            sonic_rs: sonic_owned::<$module::owned::$ty>,
        }
    };
}

/// A corpus file and its two typed shapes.
#[derive(Clone, Copy)]
struct Corpus {
    name: &'static str,
    file: &'static str,
    json: &'static [u8],
    what: &'static str,
    all: Typed,
    subset: Typed,
}

const CITM: Corpus = Corpus {
    name: CITM_NAME,
    file: "data/citm_catalog.json",
    json: CITM_JSON,
    what: "an event catalogue: id-to-name maps and arrays of small integer objects",
    all: typed!(
        Shape::All,
        "&str, &[T], arena HashMap",
        "String, Vec, std HashMap",
        citm::CitmCatalog
    ),
    subset: typed!(
        Shape::Subset,
        "each performance's ids and start; the maps, events, prices and seats skipped",
        "Vec of three integers",
        citm::CitmSubset
    ),
};

const CANADA: Corpus = Corpus {
    name: CANADA_NAME,
    file: "data/canada.json",
    json: CANADA_JSON,
    what: "a GeoJSON polygon: 55,563 floating-point coordinate pairs",
    all: typed!(
        Shape::All,
        "&str, &[&[(f64, f64)]]",
        "String, Vec<Vec<(f64, f64)>>",
        canada::Canada
    ),
    subset: typed!(
        Shape::Subset,
        "each feature's properties; the coordinates skipped",
        "Vec, String",
        canada::CanadaSubset
    ),
};

/// The four decoders of a typed shape, named `names` (arenakit, serde_json, simd-json,
/// sonic-rs).
fn typed_decoders(t: Typed, names: [&'static str; 4]) -> Vec<Decoder> {
    let [arena_name, serde_name, simd_name, sonic_name] = names;
    vec![
        Decoder::new(
            arena_name,
            format!(
                "arenakit::de::from_slice_in into derived DeserializeIn types ({}), reset",
                t.types
            ),
            t.shape,
            move || {
                let mut arena = Arena::new();
                Box::new(move |json| {
                    let checksum = (t.arena)(&arena, json);
                    arena.reset();
                    checksum
                })
            },
        ),
        Decoder::new(
            serde_name,
            format!(
                "serde_json::from_slice into derived Deserialize types ({}), drop",
                t.owned
            ),
            t.shape,
            move || Box::new(t.serde_json),
        ),
        simd_decoder(simd_name, t.shape, t.simd_json),
        Decoder::new(
            sonic_name,
            "sonic_rs::from_slice into the same derived Deserialize types, drop",
            t.shape,
            move || Box::new(t.sonic_rs),
        ),
    ]
}

/// The texts of [`typed_bars`] for the every-field shape.
pub const TYPED_BARS: [&str; 2] = [
    "arenakit typed >= 1.5x faster than serde_json owned",
    "arenakit typed no slower than sonic-rs owned",
];
/// The texts of [`typed_bars`] for the skip-heavy subset.
pub const SUBSET_BARS: [&str; 2] = [
    "arenakit subset >= 1.5x faster than serde_json owned subset",
    "arenakit subset no slower than sonic-rs owned subset",
];

/// Issue #15's bars for a typed shape whose arenakit, serde_json and sonic-rs rows are
/// `names`, worded `texts` ([`TYPED_BARS`] or [`SUBSET_BARS`]): at least 1.5x faster than
/// serde_json into owned types, no slower than sonic-rs.
pub fn typed_bars(
    workload: Workload<'static>,
    names: [&'static str; 3],
    texts: [&'static str; 2],
) -> Workload<'static> {
    let [arena, serde, sonic] = names;
    workload
        .bar(bar_of(arena, serde, 1.0 / 1.5, texts[0]))
        .bar(bar_of(arena, sonic, 1.0, texts[1]))
}

/// Issue #15's bars for the DOMs: no slower than sonic-rs's `Value` nor simd-json's
/// `BorrowedValue`, at least 3x faster than serde_json's `Value`.
pub fn dom_bars(workload: Workload<'static>) -> Workload<'static> {
    workload
        .bar(bar_of(
            dom::ARENAKIT_VALUE,
            dom::SONIC_VALUE,
            1.0,
            "arenakit Value no slower than sonic-rs Value",
        ))
        .bar(bar_of(
            dom::ARENAKIT_VALUE,
            dom::SIMD_VALUE,
            1.0,
            "arenakit Value no slower than simd-json BorrowedValue",
        ))
        .bar(bar_of(
            dom::ARENAKIT_VALUE,
            dom::SERDE_VALUE,
            1.0 / 3.0,
            "arenakit Value >= 3x faster than serde_json Value",
        ))
}

/// simd-json's serde path: a copy of the input into a reused `Vec` (simd-json parses in
/// place), `Buffers` reused.
fn simd_decoder(
    name: &'static str,
    shape: Shape,
    parse: fn(&mut [u8], &mut simd_json::Buffers) -> u64,
) -> Decoder {
    Decoder::new(
        name,
        "simd_json::serde::from_slice_with_buffers into the same derived Deserialize types, on \
         a copy of the input (a reused Vec), Buffers reused, drop",
        shape,
        move || {
            let mut input = Vec::new();
            let mut buffers = simd_json::Buffers::default();
            Box::new(move |json| {
                input.clear();
                input.extend_from_slice(json);
                parse(&mut input, &mut buffers)
            })
        },
    )
}

impl Corpus {
    fn decoders(self) -> Vec<Decoder> {
        let mut all = typed_decoders(self.all, [ARENAKIT, SYSTEM, SIMD, SONIC]);
        all.extend(typed_decoders(self.subset, SUBSET));
        all.extend(dom::decoders());
        all
    }

    fn reference(self, shape: Shape) -> u64 {
        match shape {
            Shape::All => (self.all.serde_json)(self.json),
            Shape::Subset => (self.subset.serde_json)(self.json),
            Shape::Dom => dom::serde_value(self.json),
        }
    }

    fn workload(self, parses: usize) -> Workload<'static> {
        let expected = self.reference(Shape::All);
        let title = format!(
            "JSON corpus: parse {} ({} bytes, {}) into derived arena types vs serde_json, \
             simd-json and sonic-rs, typed (every field, a subset) and into DOMs",
            self.file,
            self.json.len(),
            self.what
        );
        let workload = Workload::new(
            self.name,
            title,
            "parse",
            parses as u64,
            expected.wrapping_mul(parses as u64),
        )
        .columns(&[SYSTEM, SUBSET[1], dom::SERDE_VALUE])
        .note(corpus_note(self.file, self.json.len()));
        let workload = typed_bars(workload, [ARENAKIT, SYSTEM, SONIC], TYPED_BARS);
        let workload = typed_bars(workload, [SUBSET[0], SUBSET[1], SUBSET[3]], SUBSET_BARS);
        let workload = dom_bars(workload);
        add_peers(workload, self.json, parses, &self.decoders(), |shape| {
            self.reference(shape)
        })
    }

    fn census(self) -> Extra {
        census_of(self.file, self.json, &self.decoders())
    }
}

/// The note under a corpus table.
fn corpus_note(file: &str, len: usize) -> String {
    format!(
        "One operation: one parse of `{file}` ({len} bytes) plus a tally read from the decoded \
         data. Three groups of rows: every field (read against `{SYSTEM}`, serde_json into \
         owned types), the skip-heavy subset (against `{}`) and the DOMs (against `{}`); each \
         row's checksum is checked against serde_json's decode of the same shape. `glibc`, \
         `serde_json`, `simd-json` and `sonic-rs` rows all allocate from the system allocator; \
         simd-json's rows include copying the input into their reused buffer. Built without \
         `-C target-cpu=native`.",
        SUBSET[1],
        dom::SERDE_VALUE
    )
}

/// Adds a peer per decoder, each checked against `reference(its shape)` and reporting the
/// workload's expected checksum (that of [`Shape::All`]).
fn add_peers(
    mut workload: Workload<'static>,
    json: &'static [u8],
    parses: usize,
    decoders: &[Decoder],
    reference: impl Fn(Shape) -> u64,
) -> Workload<'static> {
    let main = reference(Shape::All);
    for decoder in decoders {
        workload = workload.peer(decoder.peer(json, parses, reference(decoder.shape), main));
    }
    workload
}

/// Parses each decoder runs before its census parse, so reused state (the arena's chunks,
/// simd-json's buffers) is warm.
const CENSUS_WARM_UP: usize = 3;

/// The global-allocator calls and bytes of one warm parse by each decoder.
fn census_rows(json: &[u8], decoders: &[Decoder]) -> Vec<(&'static str, Census, Option<usize>)> {
    decoders
        .iter()
        .map(|decoder| {
            let mut parse = (decoder.make)();
            for _ in 0..CENSUS_WARM_UP {
                black_box(parse(json));
            }
            let (_, counts) = census::measure(|| black_box(parse(json)));
            (decoder.name, counts, None)
        })
        .collect()
}

/// The heap census of `decoders` on `file`, or why there is none.
fn census_of(file: &str, json: &[u8], decoders: &[Decoder]) -> Extra {
    if !census::installed() {
        return super::census_missing();
    }
    census_extra(file, &census_rows(json, decoders))
}

/// The peers `json-twitter` adds to its own three: simd-json and sonic-rs into its owned
/// types (the same subset of the tweets' fields), and the DOMs.
pub fn twitter_decoders() -> Vec<Decoder> {
    let mut decoders = vec![
        simd_decoder(SIMD, Shape::All, simd_owned::<twitter::owned::Twitter>),
        Decoder::new(
            SONIC,
            "sonic_rs::from_slice into the same derived Deserialize types, drop",
            Shape::All,
            || Box::new(sonic_owned::<twitter::owned::Twitter>),
        ),
    ];
    decoders.extend(dom::decoders());
    decoders
}

/// Adds [`twitter_decoders`] to the `json-twitter` workload, whose own peers read the shape
/// [`Shape::All`] stands for here (checksum `main`).
pub fn add_twitter_peers(
    workload: Workload<'static>,
    json: &'static [u8],
    parses: usize,
    main: u64,
) -> Workload<'static> {
    add_peers(
        workload,
        json,
        parses,
        &twitter_decoders(),
        |shape| match shape {
            Shape::Dom => dom::serde_value(json),
            Shape::All | Shape::Subset => main,
        },
    )
}

/// The census rows of [`twitter_decoders`].
pub fn twitter_census_rows(json: &[u8]) -> Vec<(&'static str, Census, Option<usize>)> {
    census_rows(json, &twitter_decoders())
}

/// The `json-citm` workload.
pub fn citm_workload() -> Workload<'static> {
    CITM.workload(CORPUS_PARSES)
}

/// The `json-citm` workload with `parses` parses per batch.
pub fn citm_sized(parses: usize) -> Workload<'static> {
    CITM.workload(parses)
}

/// The `json-canada` workload.
pub fn canada_workload() -> Workload<'static> {
    CANADA.workload(CORPUS_PARSES)
}

/// The `json-canada` workload with `parses` parses per batch.
pub fn canada_sized(parses: usize) -> Workload<'static> {
    CANADA.workload(parses)
}

/// The heap census of `json-citm`.
pub fn citm_extra(_: Scale) -> Extra {
    CITM.census()
}

/// The heap census of `json-canada`.
pub fn canada_extra(_: Scale) -> Extra {
    CANADA.census()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::harness::{Settings, run};

    /// Runs one measured round; the harness checks every peer's checksum.
    fn check(workload: Workload<'static>, peers: usize) {
        assert_eq!(workload.peers.len(), peers);
        let settings = Settings {
            rounds: 1,
            warmup: 0,
            rotate: true,
        };
        let outcome = run(workload, &settings, &mut |_| {}).unwrap();
        assert!(outcome.ratio(ARENAKIT, SYSTEM).is_some());
    }

    #[test]
    fn citm_checksums_match() {
        check(citm_sized(1), 12);
    }

    #[test]
    fn canada_checksums_match() {
        check(canada_sized(1), 12);
    }

    #[test]
    fn twitter_has_the_corpus_peers() {
        let names: Vec<_> = super::super::twitter_sized(1)
            .peers
            .iter()
            .map(|p| p.name)
            .collect();
        assert_eq!(
            names[3..],
            [
                SIMD,
                SONIC,
                dom::ARENAKIT_VALUE,
                dom::SERDE_VALUE,
                dom::SIMD_VALUE,
                dom::SONIC_VALUE
            ]
        );
        check(super::super::twitter_sized(1), 9);
    }

    /// The files have their known shapes, and the arena decode reads what serde_json reads.
    #[test]
    fn corpus_files_decode_alike() {
        let arena = Arena::new();
        let catalog: citm::CitmCatalog<'_> = from_slice_in(&arena, CITM_JSON).unwrap();
        assert_eq!(catalog.performances.len(), 243);
        assert_eq!(catalog.events.len(), 184);
        let owned: citm::owned::CitmCatalog = serde_json::from_slice(CITM_JSON).unwrap();
        assert_eq!(Tally::of(&catalog), Tally::of(&owned));
        let country: canada::Canada<'_> = from_slice_in(&arena, CANADA_JSON).unwrap();
        let pairs: usize = country.features[0]
            .geometry
            .coordinates
            .iter()
            .map(|ring| ring.len())
            .sum();
        assert_eq!((country.features.len(), pairs), (1, 55_563));
        assert_eq!(country.features[0].properties.name, "Canada");
        let owned: canada::owned::Canada = serde_json::from_slice(CANADA_JSON).unwrap();
        assert_eq!(Tally::of(&country), Tally::of(&owned));
    }

    /// The DOMs tally a document alike, keys and nulls included.
    #[test]
    fn doms_agree() {
        let json = br#"{"a": [1, -2, 2.5, "x", null, true, false], "b": {"c": "\u00e9"}}"#;
        let reference = dom::serde_value(json);
        for decoder in dom::decoders() {
            let mut parse = (decoder.make)();
            assert_eq!(parse(json), reference, "{}", decoder.name);
        }
    }
}
