use super::{Digest, InBox, Tally};
use arenakit::collections::Vec;
use arenakit::de::DeserializeIn;

/// The whole file.
#[derive(DeserializeIn)]
pub struct Twitter<'a> {
    /// The tweets.
    pub statuses: Vec<'a, Status<'a>>,
    /// The search that found them.
    pub search_metadata: SearchMetadata<'a>,
}

/// A tweet.
#[derive(DeserializeIn)]
pub struct Status<'a> {
    /// How the search found it.
    pub metadata: Metadata<'a>,
    /// When it was posted.
    pub created_at: &'a str,
    /// Its id.
    pub id: u64,
    /// Its id as a string.
    pub id_str: &'a str,
    /// The text.
    pub text: &'a str,
    /// The posting client (an HTML link).
    pub source: &'a str,
    /// Whether the text was truncated.
    pub truncated: bool,
    /// The tweet this replies to.
    pub in_reply_to_status_id: Option<u64>,
    /// The user this replies to.
    pub in_reply_to_user_id: Option<u64>,
    /// The screen name this replies to.
    pub in_reply_to_screen_name: Option<&'a str>,
    /// The author.
    pub user: User<'a>,
    /// Retweets.
    pub retweet_count: u64,
    /// Likes.
    pub favorite_count: u64,
    /// Hashtags, URLs, mentions and media in the text.
    pub entities: Entities<'a>,
    /// Whether the searching user liked it.
    pub favorited: bool,
    /// Whether the searching user retweeted it.
    pub retweeted: bool,
    /// Whether a link may be sensitive (only present on tweets with links).
    pub possibly_sensitive: Option<bool>,
    /// Language code.
    pub lang: &'a str,
    /// The original tweet of a retweet.
    pub retweeted_status: Option<InBox<'a, Status<'a>>>,
}

/// Search metadata of a tweet.
#[derive(DeserializeIn)]
pub struct Metadata<'a> {
    /// `recent` or `popular`.
    pub result_type: &'a str,
    /// Language code.
    pub iso_language_code: &'a str,
}

/// A user.
#[derive(DeserializeIn)]
pub struct User<'a> {
    /// The id.
    pub id: u64,
    /// The id as a string.
    pub id_str: &'a str,
    /// Display name.
    pub name: &'a str,
    /// Handle.
    pub screen_name: &'a str,
    /// Free-text location.
    pub location: &'a str,
    /// Profile text.
    pub description: &'a str,
    /// Profile link.
    pub url: Option<&'a str>,
    /// Protected account.
    pub protected: bool,
    /// Followers.
    pub followers_count: u64,
    /// Followed accounts.
    pub friends_count: u64,
    /// Lists the user is on.
    pub listed_count: u64,
    /// Account creation date.
    pub created_at: &'a str,
    /// Likes.
    pub favourites_count: u64,
    /// UTC offset in seconds.
    pub utc_offset: Option<i64>,
    /// Time zone name.
    pub time_zone: Option<&'a str>,
    /// Geotagging enabled.
    pub geo_enabled: bool,
    /// Verified account.
    pub verified: bool,
    /// Tweets posted.
    pub statuses_count: u64,
    /// Language code.
    pub lang: &'a str,
    /// Avatar URL.
    pub profile_image_url_https: &'a str,
    /// Banner URL (not every user has one).
    pub profile_banner_url: Option<&'a str>,
    /// Whether the searching user follows this one.
    pub following: bool,
}

/// Entities of a tweet.
#[derive(DeserializeIn)]
pub struct Entities<'a> {
    /// Hashtags.
    pub hashtags: &'a [Hashtag<'a>],
    /// Links.
    pub urls: &'a [Url<'a>],
    /// Mentioned users.
    pub user_mentions: &'a [Mention<'a>],
    /// Attached media (only on some tweets).
    pub media: Option<&'a [Media<'a>]>,
}

/// A hashtag.
#[derive(DeserializeIn)]
pub struct Hashtag<'a> {
    /// The tag, without `#`.
    pub text: &'a str,
    /// Its character range in the text.
    pub indices: (u32, u32),
}

/// A link.
#[derive(DeserializeIn)]
pub struct Url<'a> {
    /// The shortened link.
    pub url: &'a str,
    /// The full link.
    pub expanded_url: &'a str,
    /// The link as shown.
    pub display_url: &'a str,
    /// Its character range in the text.
    pub indices: (u32, u32),
}

/// A mentioned user.
#[derive(DeserializeIn)]
pub struct Mention<'a> {
    /// Handle.
    pub screen_name: &'a str,
    /// Display name.
    pub name: &'a str,
    /// The id.
    pub id: u64,
    /// The id as a string.
    pub id_str: &'a str,
    /// Its character range in the text.
    pub indices: (u32, u32),
}

/// An attached photo.
#[derive(DeserializeIn)]
pub struct Media<'a> {
    /// The id.
    pub id: u64,
    /// The id as a string.
    pub id_str: &'a str,
    /// Its character range in the text.
    pub indices: (u32, u32),
    /// The image URL.
    pub media_url_https: &'a str,
    /// The shortened link.
    pub url: &'a str,
    /// The link as shown.
    pub display_url: &'a str,
    /// The full link.
    pub expanded_url: &'a str,
    /// `photo`.
    #[serde(rename = "type")]
    pub kind: &'a str,
    /// The tweet the photo was first posted with, if another.
    pub source_status_id: Option<u64>,
}

/// Search metadata of the whole result.
#[derive(DeserializeIn)]
pub struct SearchMetadata<'a> {
    /// Seconds the search took.
    pub completed_in: f64,
    /// Highest tweet id.
    pub max_id: u64,
    /// The query, URL-encoded.
    pub query: &'a str,
    /// Query string of the next page.
    pub next_results: &'a str,
    /// Query string to refresh.
    pub refresh_url: &'a str,
    /// Tweets returned.
    pub count: u64,
    /// Lowest tweet id asked for.
    pub since_id: u64,
}

/// The same shapes as owned std types, for serde_json.
pub mod owned {
    use serde::Deserialize;

    /// The whole file.
    #[derive(Deserialize)]
    pub struct Twitter {
        /// The tweets.
        pub statuses: Vec<Status>,
        /// The search that found them.
        pub search_metadata: SearchMetadata,
    }

    /// A tweet.
    #[derive(Deserialize)]
    pub struct Status {
        /// How the search found it.
        pub metadata: Metadata,
        /// When it was posted.
        pub created_at: String,
        /// Its id.
        pub id: u64,
        /// Its id as a string.
        pub id_str: String,
        /// The text.
        pub text: String,
        /// The posting client (an HTML link).
        pub source: String,
        /// Whether the text was truncated.
        pub truncated: bool,
        /// The tweet this replies to.
        pub in_reply_to_status_id: Option<u64>,
        /// The user this replies to.
        pub in_reply_to_user_id: Option<u64>,
        /// The screen name this replies to.
        pub in_reply_to_screen_name: Option<String>,
        /// The author.
        pub user: User,
        /// Retweets.
        pub retweet_count: u64,
        /// Likes.
        pub favorite_count: u64,
        /// Hashtags, URLs, mentions and media in the text.
        pub entities: Entities,
        /// Whether the searching user liked it.
        pub favorited: bool,
        /// Whether the searching user retweeted it.
        pub retweeted: bool,
        /// Whether a link may be sensitive (only present on tweets with links).
        pub possibly_sensitive: Option<bool>,
        /// Language code.
        pub lang: String,
        /// The original tweet of a retweet.
        pub retweeted_status: Option<Box<Status>>,
    }

    /// Search metadata of a tweet.
    #[derive(Deserialize)]
    pub struct Metadata {
        /// `recent` or `popular`.
        pub result_type: String,
        /// Language code.
        pub iso_language_code: String,
    }

    /// A user.
    #[derive(Deserialize)]
    pub struct User {
        /// The id.
        pub id: u64,
        /// The id as a string.
        pub id_str: String,
        /// Display name.
        pub name: String,
        /// Handle.
        pub screen_name: String,
        /// Free-text location.
        pub location: String,
        /// Profile text.
        pub description: String,
        /// Profile link.
        pub url: Option<String>,
        /// Protected account.
        pub protected: bool,
        /// Followers.
        pub followers_count: u64,
        /// Followed accounts.
        pub friends_count: u64,
        /// Lists the user is on.
        pub listed_count: u64,
        /// Account creation date.
        pub created_at: String,
        /// Likes.
        pub favourites_count: u64,
        /// UTC offset in seconds.
        pub utc_offset: Option<i64>,
        /// Time zone name.
        pub time_zone: Option<String>,
        /// Geotagging enabled.
        pub geo_enabled: bool,
        /// Verified account.
        pub verified: bool,
        /// Tweets posted.
        pub statuses_count: u64,
        /// Language code.
        pub lang: String,
        /// Avatar URL.
        pub profile_image_url_https: String,
        /// Banner URL (not every user has one).
        pub profile_banner_url: Option<String>,
        /// Whether the searching user follows this one.
        pub following: bool,
    }

    /// Entities of a tweet.
    #[derive(Deserialize)]
    pub struct Entities {
        /// Hashtags.
        pub hashtags: Vec<Hashtag>,
        /// Links.
        pub urls: Vec<Url>,
        /// Mentioned users.
        pub user_mentions: Vec<Mention>,
        /// Attached media (only on some tweets).
        pub media: Option<Vec<Media>>,
    }

    /// A hashtag.
    #[derive(Deserialize)]
    pub struct Hashtag {
        /// The tag, without `#`.
        pub text: String,
        /// Its character range in the text.
        pub indices: (u32, u32),
    }

    /// A link.
    #[derive(Deserialize)]
    pub struct Url {
        /// The shortened link.
        pub url: String,
        /// The full link.
        pub expanded_url: String,
        /// The link as shown.
        pub display_url: String,
        /// Its character range in the text.
        pub indices: (u32, u32),
    }

    /// A mentioned user.
    #[derive(Deserialize)]
    pub struct Mention {
        /// Handle.
        pub screen_name: String,
        /// Display name.
        pub name: String,
        /// The id.
        pub id: u64,
        /// The id as a string.
        pub id_str: String,
        /// Its character range in the text.
        pub indices: (u32, u32),
    }

    /// An attached photo.
    #[derive(Deserialize)]
    pub struct Media {
        /// The id.
        pub id: u64,
        /// The id as a string.
        pub id_str: String,
        /// Its character range in the text.
        pub indices: (u32, u32),
        /// The image URL.
        pub media_url_https: String,
        /// The shortened link.
        pub url: String,
        /// The link as shown.
        pub display_url: String,
        /// The full link.
        pub expanded_url: String,
        /// `photo`.
        #[serde(rename = "type")]
        pub kind: String,
        /// The tweet the photo was first posted with, if another.
        pub source_status_id: Option<u64>,
    }

    /// Search metadata of the whole result.
    #[derive(Deserialize)]
    pub struct SearchMetadata {
        /// Seconds the search took.
        pub completed_in: f64,
        /// Highest tweet id.
        pub max_id: u64,
        /// The query, URL-encoded.
        pub query: String,
        /// Query string of the next page.
        pub next_results: String,
        /// Query string to refresh.
        pub refresh_url: String,
        /// Tweets returned.
        pub count: u64,
        /// Lowest tweet id asked for.
        pub since_id: u64,
    }
}

impl Digest for Twitter<'_> {
    fn digest(&self, tally: &mut Tally) {
        self.statuses.as_slice().digest(tally);
        self.search_metadata.digest(tally);
    }
}

/// The same fields, in the same order, for both families.
macro_rules! digest_both {
    ($($name:ident { $($field:ident),* $(,)? })*) => {$(
        digest_fields!($name<'_> { $($field),* } owned::$name { $($field),* });
    )*};
}

digest_fields!(owned::Twitter {
    statuses,
    search_metadata
});

digest_both! {
    Status {
        metadata, created_at, id, id_str, text, source, truncated, in_reply_to_status_id,
        in_reply_to_user_id, in_reply_to_screen_name, user, retweet_count, favorite_count,
        entities, favorited, retweeted, possibly_sensitive, lang, retweeted_status,
    }
    Metadata { result_type, iso_language_code }
    User {
        id, id_str, name, screen_name, location, description, url, protected,
        followers_count, friends_count, listed_count, created_at, favourites_count,
        utc_offset, time_zone, geo_enabled, verified, statuses_count, lang,
        profile_image_url_https, profile_banner_url, following,
    }
    Entities { hashtags, urls, user_mentions, media }
    Hashtag { text, indices }
    Url { url, expanded_url, display_url, indices }
    Mention { screen_name, name, id, id_str, indices }
    Media {
        id, id_str, indices, media_url_https, url, display_url, expanded_url, kind,
        source_status_id,
    }
    SearchMetadata { completed_in, max_id, query, next_results, refresh_url, count, since_id }
}
