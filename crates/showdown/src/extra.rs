//! Results that are not a timing table: censuses, time series, charts.
//!
//! A [`Spec`](crate::workloads::Spec) may carry an `extra` function besides its timed
//! workload. The binary runs it after the timing rounds and puts its [`Extra`] in the report:
//! the Markdown under the workload's table, the charts as SVG files next to `report.md`, and
//! the JSON value in `--json` output.

/// How big a run is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, serde::Serialize)]
pub enum Scale {
    /// The default: every workload at a size that keeps the whole run under 3 minutes on two
    /// cores (fewer rounds; the seed-sized workloads that would take too long use fewer
    /// operations per batch and say so in their titles).
    #[default]
    Quick,
    /// The seeds' sizes everywhere (1,000,000 large messages, ...) and more rounds.
    Full,
}

/// One series of a line chart: `(x, y)` points in x order.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Series {
    /// Legend label (usually a peer name).
    pub name: String,
    /// The points.
    pub points: Vec<(f64, f64)>,
}

/// A line chart to draw as SVG.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct LineChart {
    /// File name (no directory), e.g. `"churn.svg"`.
    pub file: String,
    /// Chart title.
    pub title: String,
    /// X axis label.
    pub x_label: String,
    /// Y axis label.
    pub y_label: String,
    /// The lines.
    pub series: Vec<Series>,
}

/// The extra results of one workload.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Extra {
    /// Markdown for the report, placed under the workload's timing table.
    pub markdown: String,
    /// Line charts to draw.
    pub charts: Vec<LineChart>,
    /// Machine-readable figures for `--json`.
    pub json: serde_json::Value,
}
