//! `citm_catalog.json` of the nativejson-benchmark corpus (1,727,204 bytes: an event catalogue,
//! mostly maps of ids to names and arrays of small objects of integers), as arena types and as
//! owned types, every field ([`CitmCatalog`]) and a skip-heavy subset ([`CitmSubset`]).
//!
//! The `null`-only fields (`description`, `subjectCode`, `subtitle`, a performance's `name`
//! and `seatMapImage`) are `Option<&str>`; the id-to-name maps keep their keys as strings, as
//! the file writes them.

use super::{Digest, Tally};
use arenakit::collections::HashMap;
use arenakit::de::DeserializeIn;

/// The whole file, every field.
#[derive(DeserializeIn)]
#[serde(rename_all = "camelCase")]
pub struct CitmCatalog<'a> {
    /// Area id to name.
    pub area_names: HashMap<'a, &'a str, &'a str>,
    /// Audience sub-category id to name.
    pub audience_sub_category_names: HashMap<'a, &'a str, &'a str>,
    /// Block id to name (empty in the file).
    pub block_names: HashMap<'a, &'a str, &'a str>,
    /// Event id to event.
    pub events: HashMap<'a, &'a str, Event<'a>>,
    /// The performances.
    pub performances: &'a [Performance<'a>],
    /// Seat category id to name.
    pub seat_category_names: HashMap<'a, &'a str, &'a str>,
    /// Sub-topic id to name.
    pub sub_topic_names: HashMap<'a, &'a str, &'a str>,
    /// Subject id to name (empty in the file).
    pub subject_names: HashMap<'a, &'a str, &'a str>,
    /// Topic id to name.
    pub topic_names: HashMap<'a, &'a str, &'a str>,
    /// Topic id to its sub-topic ids.
    pub topic_sub_topics: HashMap<'a, &'a str, &'a [u64]>,
    /// Venue code to name.
    pub venue_names: HashMap<'a, &'a str, &'a str>,
}

/// An event.
#[derive(DeserializeIn)]
#[serde(rename_all = "camelCase")]
pub struct Event<'a> {
    /// Always `null` in the file.
    pub description: Option<&'a str>,
    /// Its id.
    pub id: u64,
    /// Logo path, if any.
    pub logo: Option<&'a str>,
    /// Its name.
    pub name: &'a str,
    /// Sub-topic ids.
    pub sub_topic_ids: &'a [u64],
    /// Always `null` in the file.
    pub subject_code: Option<&'a str>,
    /// Always `null` in the file.
    pub subtitle: Option<&'a str>,
    /// Topic ids.
    pub topic_ids: &'a [u64],
}

/// A performance of an event.
#[derive(DeserializeIn)]
#[serde(rename_all = "camelCase")]
pub struct Performance<'a> {
    /// The event's id.
    pub event_id: u64,
    /// Its id.
    pub id: u64,
    /// Logo path, if any.
    pub logo: Option<&'a str>,
    /// Always `null` in the file.
    pub name: Option<&'a str>,
    /// Prices per seat category and audience.
    pub prices: &'a [Price],
    /// Seat categories and their areas.
    pub seat_categories: &'a [SeatCategory<'a>],
    /// Always `null` in the file.
    pub seat_map_image: Option<&'a str>,
    /// Start time, milliseconds since the epoch.
    pub start: u64,
    /// The venue's code.
    pub venue_code: &'a str,
}

/// A price.
#[derive(DeserializeIn)]
#[serde(rename_all = "camelCase")]
pub struct Price {
    /// Amount in cents.
    pub amount: u64,
    /// Audience sub-category id.
    pub audience_sub_category_id: u64,
    /// Seat category id.
    pub seat_category_id: u64,
}

/// A seat category of a performance.
#[derive(DeserializeIn)]
#[serde(rename_all = "camelCase")]
pub struct SeatCategory<'a> {
    /// Its areas.
    pub areas: &'a [Area<'a>],
    /// Its id.
    pub seat_category_id: u64,
}

/// An area of a seat category.
#[derive(DeserializeIn)]
#[serde(rename_all = "camelCase")]
pub struct Area<'a> {
    /// Its id.
    pub area_id: u64,
    /// Block ids (empty in the file).
    pub block_ids: &'a [u64],
}

/// The skip-heavy subset: each performance's ids and start time. Every map of names, every
/// event and each performance's prices and seat categories are skipped as unknown fields.
#[derive(DeserializeIn)]
pub struct CitmSubset<'a> {
    /// The performances.
    pub performances: &'a [PerformanceSubset],
}

/// The fields of a performance the subset reads.
#[derive(DeserializeIn)]
#[serde(rename_all = "camelCase")]
pub struct PerformanceSubset {
    /// The event's id.
    pub event_id: u64,
    /// Its id.
    pub id: u64,
    /// Start time, milliseconds since the epoch.
    pub start: u64,
}

/// The same shapes as owned types for serde's derive (`String`, `Vec`, std `HashMap`).
pub mod owned {
    use serde::Deserialize;
    use std::collections::HashMap;

    /// The whole file, every field.
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct CitmCatalog {
        /// Area id to name.
        pub area_names: HashMap<String, String>,
        /// Audience sub-category id to name.
        pub audience_sub_category_names: HashMap<String, String>,
        /// Block id to name.
        pub block_names: HashMap<String, String>,
        /// Event id to event.
        pub events: HashMap<String, Event>,
        /// The performances.
        pub performances: Vec<Performance>,
        /// Seat category id to name.
        pub seat_category_names: HashMap<String, String>,
        /// Sub-topic id to name.
        pub sub_topic_names: HashMap<String, String>,
        /// Subject id to name.
        pub subject_names: HashMap<String, String>,
        /// Topic id to name.
        pub topic_names: HashMap<String, String>,
        /// Topic id to its sub-topic ids.
        pub topic_sub_topics: HashMap<String, Vec<u64>>,
        /// Venue code to name.
        pub venue_names: HashMap<String, String>,
    }

    /// An event.
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Event {
        /// Always `null` in the file.
        pub description: Option<String>,
        /// Its id.
        pub id: u64,
        /// Logo path, if any.
        pub logo: Option<String>,
        /// Its name.
        pub name: String,
        /// Sub-topic ids.
        pub sub_topic_ids: Vec<u64>,
        /// Always `null` in the file.
        pub subject_code: Option<String>,
        /// Always `null` in the file.
        pub subtitle: Option<String>,
        /// Topic ids.
        pub topic_ids: Vec<u64>,
    }

    /// A performance of an event.
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Performance {
        /// The event's id.
        pub event_id: u64,
        /// Its id.
        pub id: u64,
        /// Logo path, if any.
        pub logo: Option<String>,
        /// Always `null` in the file.
        pub name: Option<String>,
        /// Prices per seat category and audience.
        pub prices: Vec<Price>,
        /// Seat categories and their areas.
        pub seat_categories: Vec<SeatCategory>,
        /// Always `null` in the file.
        pub seat_map_image: Option<String>,
        /// Start time, milliseconds since the epoch.
        pub start: u64,
        /// The venue's code.
        pub venue_code: String,
    }

    /// A price.
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Price {
        /// Amount in cents.
        pub amount: u64,
        /// Audience sub-category id.
        pub audience_sub_category_id: u64,
        /// Seat category id.
        pub seat_category_id: u64,
    }

    /// A seat category of a performance.
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct SeatCategory {
        /// Its areas.
        pub areas: Vec<Area>,
        /// Its id.
        pub seat_category_id: u64,
    }

    /// An area of a seat category.
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Area {
        /// Its id.
        pub area_id: u64,
        /// Block ids.
        pub block_ids: Vec<u64>,
    }

    /// The skip-heavy subset.
    #[derive(Deserialize)]
    pub struct CitmSubset {
        /// The performances.
        pub performances: Vec<PerformanceSubset>,
    }

    /// The fields of a performance the subset reads.
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct PerformanceSubset {
        /// The event's id.
        pub event_id: u64,
        /// Its id.
        pub id: u64,
        /// Start time, milliseconds since the epoch.
        pub start: u64,
    }
}

/// The same fields, in the same order, for both families.
macro_rules! digest_citm {
    ($($name:ident $(<$lt:lifetime>)? { $($field:ident),* $(,)? })*) => {$(
        digest_fields!($name $(<$lt>)? { $($field),* } owned::$name { $($field),* });
    )*};
}

digest_citm! {
    CitmCatalog<'_> {
        area_names, audience_sub_category_names, block_names, events, performances,
        seat_category_names, sub_topic_names, subject_names, topic_names, topic_sub_topics,
        venue_names,
    }
    Event<'_> {
        description, id, logo, name, sub_topic_ids, subject_code, subtitle, topic_ids,
    }
    Performance<'_> {
        event_id, id, logo, name, prices, seat_categories, seat_map_image, start, venue_code,
    }
    Price { amount, audience_sub_category_id, seat_category_id }
    SeatCategory<'_> { areas, seat_category_id }
    Area<'_> { area_id, block_ids }
    CitmSubset<'_> { performances }
    PerformanceSubset { event_id, id, start }
}
