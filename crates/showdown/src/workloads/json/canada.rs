//! `canada.json` of the nativejson-benchmark corpus (2,251,051 bytes: Canada's border as a
//! GeoJSON feature collection, almost all of it floating-point coordinate pairs), as arena types
//! and as owned types, every field ([`Canada`]) and a skip-heavy subset ([`CanadaSubset`]).

use super::{Digest, Tally};
use arenakit::de::DeserializeIn;

/// The whole file, every field.
#[derive(DeserializeIn)]
pub struct Canada<'a> {
    /// `FeatureCollection`.
    #[serde(rename = "type")]
    pub kind: &'a str,
    /// The features (one, Canada).
    pub features: &'a [Feature<'a>],
}

/// A feature.
#[derive(DeserializeIn)]
pub struct Feature<'a> {
    /// `Feature`.
    #[serde(rename = "type")]
    pub kind: &'a str,
    /// Its properties.
    pub properties: Properties<'a>,
    /// Its shape.
    pub geometry: Geometry<'a>,
}

/// A feature's properties.
#[derive(DeserializeIn)]
pub struct Properties<'a> {
    /// Its name.
    pub name: &'a str,
}

/// A polygon.
#[derive(DeserializeIn)]
pub struct Geometry<'a> {
    /// `Polygon`.
    #[serde(rename = "type")]
    pub kind: &'a str,
    /// Rings of (longitude, latitude) pairs.
    pub coordinates: &'a [&'a [(f64, f64)]],
}

/// The skip-heavy subset: each feature's properties. The geometry, all but a few hundred bytes
/// of the file, is skipped as an unknown field.
#[derive(DeserializeIn)]
pub struct CanadaSubset<'a> {
    /// The features.
    pub features: &'a [FeatureSubset<'a>],
}

/// The fields of a feature the subset reads.
#[derive(DeserializeIn)]
pub struct FeatureSubset<'a> {
    /// Its properties.
    pub properties: Properties<'a>,
}

/// The same shapes as owned types for serde's derive.
pub mod owned {
    use serde::Deserialize;

    /// The whole file, every field.
    #[derive(Deserialize)]
    pub struct Canada {
        /// `FeatureCollection`.
        #[serde(rename = "type")]
        pub kind: String,
        /// The features.
        pub features: Vec<Feature>,
    }

    /// A feature.
    #[derive(Deserialize)]
    pub struct Feature {
        /// `Feature`.
        #[serde(rename = "type")]
        pub kind: String,
        /// Its properties.
        pub properties: Properties,
        /// Its shape.
        pub geometry: Geometry,
    }

    /// A feature's properties.
    #[derive(Deserialize)]
    pub struct Properties {
        /// Its name.
        pub name: String,
    }

    /// A polygon.
    #[derive(Deserialize)]
    pub struct Geometry {
        /// `Polygon`.
        #[serde(rename = "type")]
        pub kind: String,
        /// Rings of (longitude, latitude) pairs.
        pub coordinates: Vec<Vec<(f64, f64)>>,
    }

    /// The skip-heavy subset.
    #[derive(Deserialize)]
    pub struct CanadaSubset {
        /// The features.
        pub features: Vec<FeatureSubset>,
    }

    /// The fields of a feature the subset reads.
    #[derive(Deserialize)]
    pub struct FeatureSubset {
        /// Its properties.
        pub properties: Properties,
    }
}

/// The same fields, in the same order, for both families.
macro_rules! digest_canada {
    ($($name:ident { $($field:ident),* $(,)? })*) => {$(
        digest_fields!($name<'_> { $($field),* } owned::$name { $($field),* });
    )*};
}

digest_canada! {
    Canada { kind, features }
    Feature { kind, properties, geometry }
    Properties { name }
    Geometry { kind, coordinates }
    CanadaSubset { features }
    FeatureSubset { properties }
}
