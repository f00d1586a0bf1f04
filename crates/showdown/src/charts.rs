//! SVG charts of a run, drawn with `plotters`' SVG backend.
//!
//! - one chart per workload, `<workload>.svg` ([`ratio_chart`]): each peer's median divided by
//!   the baseline's median (bumpalo where the workload has it), as horizontal bars on a log
//!   scale with a line at 1.0;
//! - [`OVERVIEW_FILE`] ([`overview_chart`]): the headline table's ratios, per workload:
//!   arenakit against the workload's fastest other arena peer and against the system
//!   allocator;
//! - every [`LineChart`] a workload's extra results carry ([`line_chart`]), e.g. the churn
//!   workload's bytes held over time.
//!
//! plotters is built without its `ttf` feature, so it needs no system fonts: the SVG backend
//! writes text as `<text>` elements that the viewer renders with its own fonts, and plotters
//! sizes the label areas from a fixed estimate of the glyph widths. The peer names next to the
//! bars are placed by hand (from the chart's pixel coordinates) so every bar gets its label
//! whatever the number of peers.
//!
//! ```
//! use showdown::extra::{LineChart, Series};
//!
//! let chart = LineChart {
//!     file: "held.svg".into(),
//!     title: "Bytes held".into(),
//!     x_label: "step".into(),
//!     y_label: "bytes".into(),
//!     series: vec![Series { name: "arenakit".into(), points: vec![(0.0, 1.0), (1.0, 2.0)] }],
//! };
//! let svg = showdown::charts::line_chart(&chart).unwrap();
//! assert!(svg.contains("<svg") && svg.contains("arenakit"));
//! ```

use crate::extra::LineChart;
use crate::format::{format_ns, format_ratio};
use crate::harness::Outcome;
use crate::names::{ARENAKIT, BUMPALO, SYSTEM};
use crate::results::{Run, headline_row};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::io;
use std::path::{Path, PathBuf};

/// Why a chart could not be drawn.
pub type ChartError = Box<dyn std::error::Error + Send + Sync>;

/// File name of the overview chart.
pub const OVERVIEW_FILE: &str = "overview.svg";

/// Chart width in pixels.
const WIDTH: u32 = 960;
/// Font of the labels.
const FONT: &str = "sans-serif";
/// Bars of arenakit's peers.
const ARENAKIT_COLOR: RGBColor = RGBColor(31, 119, 180);
/// The baseline's bar.
const BASELINE_COLOR: RGBColor = RGBColor(150, 150, 150);
/// Every other peer's bar.
const OTHER_COLOR: RGBColor = RGBColor(255, 127, 14);
/// Line colours of line charts, in series order.
const PALETTE: [RGBColor; 8] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
];

/// The file name of a workload's ratio chart: its name with anything but letters, digits,
/// `-`, `_` and `.` replaced by `_`, plus `.svg`.
///
/// ```
/// assert_eq!(showdown::charts::workload_file("collections-map"), "collections-map.svg");
/// assert_eq!(showdown::charts::workload_file("a/b"), "a_b.svg");
/// ```
pub fn workload_file(name: &str) -> String {
    let stem: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{stem}.svg")
}

/// The peer a workload's ratio chart divides by: bumpalo if present, else the first of the
/// workload's ratio columns that was measured, else the first peer.
pub fn ratio_baseline(outcome: &Outcome) -> Option<&str> {
    let present = |name: &str| outcome.peer(name).map(|p| p.name);
    present(BUMPALO)
        .or_else(|| outcome.columns.iter().find_map(|&c| present(c)))
        .or_else(|| outcome.peers.first().map(|p| p.name))
}

/// One bar of a horizontal bar chart.
struct Bar {
    value: f64,
    color: RGBColor,
    text: String,
}

/// One labelled row of bars; a slot without a bar says why (`Err`), in place of the bar.
struct Row {
    label: String,
    bars: Vec<Result<Bar, String>>,
}

/// Tick labels of a log-scale ratio axis: `0.5x`, `1x`, `20x`.
fn ratio_tick(value: &f64) -> String {
    let v = *value;
    if v >= 10.0 {
        format!("{v:.0}x")
    } else if v >= 0.01 {
        let text = format!("{v:.2}");
        format!("{}x", text.trim_end_matches('0').trim_end_matches('.'))
    } else {
        format!("{v:.0e}x")
    }
}

/// Ticks of a log axis from `lo` to `hi`: 1, 2 and 5 times each power of ten in between.
fn log_ticks(lo: f64, hi: f64) -> Vec<f64> {
    let mut ticks = Vec::new();
    if !(lo > 0.0 && hi > lo && hi.is_finite()) {
        return ticks;
    }
    let mut decade = 10f64.powf(lo.log10().floor());
    while decade <= hi {
        for step in [1.0, 2.0, 5.0] {
            let tick = decade * step;
            if (lo..=hi).contains(&tick) {
                ticks.push(tick);
            }
        }
        decade *= 10.0;
    }
    ticks
}

/// Draws horizontal bars, one row per [`Row`], on a log-scale x axis with a line at 1.0.
fn bar_chart(
    title: &str,
    x_desc: &str,
    rows: &[Row],
    legend: &[(&str, RGBColor)],
) -> Result<String, ChartError> {
    let slots = rows.iter().map(|r| r.bars.len()).max().unwrap_or(1).max(1);
    let values = || {
        rows.iter()
            .flat_map(|r| r.bars.iter().flatten())
            .map(|b| b.value)
            .filter(|v| v.is_finite() && *v > 0.0)
    };
    let lo = values().fold(1.0f64, f64::min) / 1.6;
    let hi = values().fold(1.0f64, f64::max) * 4.0;
    let label_width = rows
        .iter()
        .map(|r| r.label.chars().count())
        .max()
        .unwrap_or(0) as u32
        * 7
        + 24;
    let n = rows.len().max(1) as f64;
    let row_px = 12 + 20 * slots as u32;
    // A legend gets a band of its own above the rows, so it never covers a bar's label.
    let legend_rows = if legend.is_empty() {
        0.0
    } else {
        (legend.len() as f64 * 22.0 + 12.0) / f64::from(row_px)
    };
    let height = 110 + ((n + legend_rows) * f64::from(row_px)).ceil() as u32;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, (FONT, 18))
            .margin(12)
            .x_label_area_size(44)
            .y_label_area_size(label_width)
            .build_cartesian_2d(
                (lo..hi).log_scale().with_key_points(log_ticks(lo, hi)),
                0.0..n + legend_rows,
            )?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .light_line_style(TRANSPARENT)
            .y_labels(0)
            .x_desc(x_desc)
            .x_label_formatter(&ratio_tick)
            .label_style((FONT, 13))
            .draw()?;
        // The 1x line first, and every value label starts right of both its bar's end and
        // the line, so the line never crosses a label.
        chart.draw_series(LineSeries::new([(1.0, 0.0), (1.0, n)], RED.stroke_width(2)))?;
        let band = 0.8 / slots as f64;
        let label_style =
            TextStyle::from((FONT, 13).into_font()).pos(Pos::new(HPos::Left, VPos::Center));
        let missing_style = TextStyle::from((FONT, 12).into_font().style(FontStyle::Italic))
            .color(&RGBColor(90, 90, 90))
            .pos(Pos::new(HPos::Left, VPos::Center));
        for slot in 0..slots {
            let mut shapes = Vec::new();
            let mut missing = Vec::new();
            for (i, row) in rows.iter().enumerate() {
                let top = n - i as f64 - 0.1 - band * slot as f64;
                let bottom = top - band * 0.9;
                match row.bars.get(slot) {
                    Some(Ok(bar)) if bar.value.is_finite() && bar.value > 0.0 => {
                        shapes.push((bar, top, bottom));
                    }
                    Some(Err(why)) => missing.push((why, (top + bottom) / 2.0)),
                    _ => {}
                }
            }
            chart.draw_series(shapes.iter().map(|(bar, top, bottom)| {
                Rectangle::new([(lo, *bottom), (bar.value, *top)], bar.color.filled())
            }))?;
            chart.draw_series(shapes.iter().map(|(bar, top, bottom)| {
                EmptyElement::at((bar.value.max(1.0), (top + bottom) / 2.0))
                    + Text::new(bar.text.clone(), (6, 0), label_style.clone())
            }))?;
            chart.draw_series(missing.iter().map(|(why, middle)| {
                EmptyElement::at((lo.max(1.0), *middle))
                    + Text::new((*why).clone(), (6, 0), missing_style.clone())
            }))?;
        }
        if !legend.is_empty() {
            let (right, top) = chart.backend_coord(&(hi, n + legend_rows));
            draw_legend(&root, legend, right, top)?;
        }
        label_rows(&root, &chart, rows, lo, n)?;
        root.present()?;
    }
    Ok(svg)
}

/// Draws a colour legend (a swatch and a name per entry) in a box whose top-right corner is
/// at pixel (`right`, `top`), inside the band the chart keeps free for it.
fn draw_legend(
    root: &DrawingArea<SVGBackend<'_>, Shift>,
    legend: &[(&str, RGBColor)],
    right: i32,
    top: i32,
) -> Result<(), ChartError> {
    let longest = legend
        .iter()
        .map(|(n, _)| n.chars().count())
        .max()
        .unwrap_or(0);
    let width = longest as i32 * 7 + 40;
    let left = right - width - 8;
    let height = legend.len() as i32 * 22 + 8;
    root.draw(&Rectangle::new(
        [(left, top + 4), (right - 8, top + 4 + height)],
        BLACK.stroke_width(1),
    ))?;
    let style = TextStyle::from((FONT, 13).into_font()).pos(Pos::new(HPos::Left, VPos::Center));
    for (i, (name, color)) in legend.iter().enumerate() {
        let y = top + 19 + 22 * i as i32;
        root.draw(&Rectangle::new(
            [(left + 8, y - 6), (left + 22, y + 6)],
            color.filled(),
        ))?;
        root.draw(&Text::new(
            (*name).to_owned(),
            (left + 30, y),
            style.clone(),
        ))?;
    }
    Ok(())
}

/// Writes each row's label left of the plotting area, level with the middle of its row.
fn label_rows<X, Y>(
    root: &DrawingArea<SVGBackend<'_>, Shift>,
    chart: &ChartContext<'_, SVGBackend<'_>, Cartesian2d<X, Y>>,
    rows: &[Row],
    lo: f64,
    n: f64,
) -> Result<(), ChartError>
where
    X: plotters::coord::ranged1d::Ranged<ValueType = f64>,
    Y: plotters::coord::ranged1d::Ranged<ValueType = f64>,
{
    let style = TextStyle::from((FONT, 13).into_font()).pos(Pos::new(HPos::Right, VPos::Center));
    for (i, row) in rows.iter().enumerate() {
        let (x, y) = chart.backend_coord(&(lo, n - i as f64 - 0.5));
        root.draw(&Text::new(row.label.clone(), (x - 8, y), style.clone()))?;
    }
    Ok(())
}

/// The ratio chart of one workload: every peer's median divided by the median of
/// [`ratio_baseline`], arenakit's peers in blue, the baseline in grey.
pub fn ratio_chart(outcome: &Outcome) -> Result<String, ChartError> {
    let baseline = ratio_baseline(outcome).unwrap_or(BUMPALO);
    let headline = headline_row(outcome).map(|h| h.peer);
    let rows: Vec<Row> = outcome
        .peers
        .iter()
        .map(|peer| {
            let color = if Some(peer.name) == headline || peer.name.starts_with(ARENAKIT) {
                ARENAKIT_COLOR
            } else if peer.name == baseline {
                BASELINE_COLOR
            } else {
                OTHER_COLOR
            };
            let bar = outcome.ratio(peer.name, baseline).map(|value| Bar {
                value,
                color,
                text: format!(
                    "{} ({} ns/{})",
                    format_ratio(value),
                    format_ns(peer.summary.median),
                    outcome.op
                ),
            });
            Row {
                label: peer.name.to_owned(),
                bars: vec![bar.ok_or_else(|| "not measured".to_owned())],
            }
        })
        .collect();
    let arenakit = match headline {
        Some(peer) if peer != ARENAKIT => format!("arenakit's peers ({peer}, arenakit*)"),
        _ => "arenakit's peers".to_owned(),
    };
    let baseline_entry = format!("{baseline}: the baseline (1x)");
    bar_chart(
        &format!("{}: median / {baseline} median", outcome.name),
        &format!("ratio of medians, log scale (below 1 = faster than {baseline})"),
        &rows,
        &[
            (arenakit.as_str(), ARENAKIT_COLOR),
            (baseline_entry.as_str(), BASELINE_COLOR),
            ("other peers", OTHER_COLOR),
        ],
    )
}

/// The overview chart: per workload, the headline table's two ratios: the median of the peer
/// standing for arenakit divided by the median of the fastest other arena peer of that
/// workload (named on the bar, as in the table's "best arena peer" column) and by the system
/// allocator's. A workload without one of them says so in place of the bar.
pub fn overview_chart<'a>(
    outcomes: impl IntoIterator<Item = &'a Outcome>,
) -> Result<String, ChartError> {
    let rows: Vec<Row> = outcomes
        .into_iter()
        .map(|outcome| {
            let Some(row) = headline_row(outcome) else {
                return Row {
                    label: outcome.name.to_owned(),
                    bars: vec![Err("no arenakit peer in this workload".to_owned())],
                };
            };
            let label = if row.peer == ARENAKIT {
                outcome.name.to_owned()
            } else {
                format!("{} ({})", outcome.name, row.peer)
            };
            let best = match (row.best, row.vs_best) {
                (Some((name, _)), Some(value)) => Ok(Bar {
                    value,
                    color: ARENAKIT_COLOR,
                    text: format!("{} vs {name}", format_ratio(value)),
                }),
                _ => Err("no other arena peer runs this workload".to_owned()),
            };
            let system = row
                .vs_system
                .map(|value| Bar {
                    value,
                    color: OTHER_COLOR,
                    text: format!("{} vs {SYSTEM}", format_ratio(value)),
                })
                .ok_or_else(|| format!("no {SYSTEM} peer in this workload"));
            Row {
                label,
                bars: vec![best, system],
            }
        })
        .collect();
    let system = format!("arenakit / {SYSTEM}");
    bar_chart(
        "arenakit median / peer median, per workload (the headline table's ratios)",
        "ratio of medians, log scale (below 1 = arenakit faster)",
        &rows,
        &[
            (
                "arenakit / the workload's fastest other arena peer (named on the bar)",
                ARENAKIT_COLOR,
            ),
            (system.as_str(), OTHER_COLOR),
        ],
    )
}

/// Axis labels with SI prefixes: `950`, `1.5k`, `12M`, `3G`.
fn si(value: &f64) -> String {
    let v = *value;
    let (scaled, suffix) = match v.abs() {
        a if a >= 1e9 => (v / 1e9, "G"),
        a if a >= 1e6 => (v / 1e6, "M"),
        a if a >= 1e3 => (v / 1e3, "k"),
        _ => (v, ""),
    };
    let text = format!("{scaled:.2}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.')
    } else {
        &text
    };
    format!("{text}{suffix}")
}

/// Draws a [`LineChart`] (one line per series, with a legend).
pub fn line_chart(chart: &LineChart) -> Result<String, ChartError> {
    let points = || chart.series.iter().flat_map(|s| s.points.iter().copied());
    let finite = |v: &f64| v.is_finite();
    let xs = || points().map(|p| p.0).filter(finite);
    let ys = || points().map(|p| p.1).filter(finite);
    let widen = |lo: f64, hi: f64| {
        if lo.is_finite() && hi.is_finite() && hi > lo {
            (lo, hi)
        } else if lo.is_finite() {
            (lo, lo + 1.0)
        } else {
            (0.0, 1.0)
        }
    };
    let (x_lo, x_hi) = widen(
        xs().fold(f64::INFINITY, f64::min),
        xs().fold(f64::NEG_INFINITY, f64::max),
    );
    let (y_lo, y_hi) = widen(
        ys().fold(f64::INFINITY, f64::min).min(0.0),
        ys().fold(f64::NEG_INFINITY, f64::max) * 1.05,
    );
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, 540)).into_drawing_area();
        root.fill(&WHITE)?;
        let mut plot = ChartBuilder::on(&root)
            .caption(&chart.title, (FONT, 18))
            .margin(12)
            .x_label_area_size(44)
            .y_label_area_size(70)
            .build_cartesian_2d(x_lo..x_hi, y_lo..y_hi)?;
        plot.configure_mesh()
            .light_line_style(TRANSPARENT)
            .x_desc(chart.x_label.as_str())
            .y_desc(chart.y_label.as_str())
            .x_label_formatter(&si)
            .y_label_formatter(&si)
            .label_style((FONT, 13))
            .draw()?;
        for (i, series) in chart.series.iter().enumerate() {
            let color = PALETTE[i % PALETTE.len()];
            plot.draw_series(LineSeries::new(
                series
                    .points
                    .iter()
                    .copied()
                    .filter(|p| finite(&p.0) && finite(&p.1)),
                color.stroke_width(2),
            ))?
            .label(series.name.as_str())
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 20, y)], color.stroke_width(2)));
        }
        plot.configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .background_style(WHITE.mix(0.9))
            .border_style(BLACK)
            .label_font((FONT, 13))
            .draw()?;
        root.present()?;
    }
    Ok(svg)
}

/// Writes every chart of `run` into `dir` (created if missing): the overview, one ratio chart
/// per workload and the extra results' line charts. Returns the files written.
pub fn write_all(run: &Run, dir: &Path) -> io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    let mut write = |file: &str, svg: Result<String, ChartError>| -> io::Result<()> {
        let path = dir.join(file);
        std::fs::write(&path, svg.map_err(io::Error::other)?)?;
        written.push(path);
        Ok(())
    };
    if !run.sections.is_empty() {
        write(OVERVIEW_FILE, overview_chart(run.outcomes()))?;
    }
    for section in &run.sections {
        let outcome = &section.outcome;
        write(&workload_file(outcome.name), ratio_chart(outcome))?;
        for chart in section.extra.iter().flat_map(|e| &e.charts) {
            write(&extra_file(outcome.name, chart), line_chart(chart))?;
        }
    }
    Ok(written)
}

/// The file an extra result's chart is written to: its `file` without any directory (an
/// extra must not write outside the output directory), made safe like [`workload_file`], and
/// renamed `<stem>-line.svg` if it would overwrite the workload's ratio chart or the overview.
///
/// ```
/// use showdown::charts::extra_file;
/// use showdown::extra::LineChart;
///
/// let chart = |file: &str| LineChart {
///     file: file.into(),
///     title: String::new(),
///     x_label: String::new(),
///     y_label: String::new(),
///     series: Vec::new(),
/// };
/// assert_eq!(extra_file("churn", &chart("churn-held.svg")), "churn-held.svg");
/// assert_eq!(extra_file("churn", &chart("churn.svg")), "churn-line.svg");
/// assert_eq!(extra_file("churn", &chart("../../x.svg")), "x.svg");
/// ```
pub fn extra_file(workload: &str, chart: &LineChart) -> String {
    let name = Path::new(&chart.file)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(workload);
    let stem = name.strip_suffix(".svg").unwrap_or(name);
    let file = workload_file(stem);
    if file == workload_file(workload) || file == OVERVIEW_FILE {
        workload_file(&format!("{stem}-line"))
    } else {
        file
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extra::Series;
    use crate::results::synthetic as outcome;

    #[test]
    fn ratio_chart_names_every_peer() {
        let o = outcome(
            "w",
            &[
                (ARENAKIT, 1.0),
                (BUMPALO, 2.0),
                ("Mutex<Bump>", 50.0),
                (SYSTEM, 16.0),
            ],
        );
        let svg = ratio_chart(&o).unwrap();
        assert!(svg.starts_with("<svg"), "{}", &svg[..100.min(svg.len())]);
        for name in [
            ARENAKIT,
            BUMPALO,
            SYSTEM,
            "Mutex&lt;Bump&gt;",
            "0.50x",
            "25.00x",
        ] {
            assert!(svg.contains(name), "{name} missing");
        }
        assert!(svg.contains("<rect"));
    }

    #[test]
    fn ratio_chart_without_bumpalo_uses_a_column() {
        let mut o = outcome("pool", &[("ArenaPool 1t", 3.0), ("in hand 1t", 1.5)]);
        o.columns = vec!["in hand 1t"];
        assert_eq!(ratio_baseline(&o), Some("in hand 1t"));
        let svg = ratio_chart(&o).unwrap();
        assert!(svg.contains("2.00x"));
    }

    #[test]
    fn overview_has_both_baselines() {
        let a = outcome("pure", &[(ARENAKIT, 1.0), (BUMPALO, 1.25), (SYSTEM, 8.0)]);
        let b = outcome("lonely", &[("someone", 1.0)]);
        let svg = overview_chart([&a, &b]).unwrap();
        for text in [
            "pure",
            "lonely",
            "0.80x vs bumpalo",
            "fastest other arena peer",
            "no arenakit peer",
        ] {
            assert!(svg.contains(text), "{text} missing");
        }
        assert!(svg.contains(&format!("arenakit / {SYSTEM}")));
        // The table's baseline, not bumpalo: a declared headline peer against its rivals.
        let mut t = outcome(
            "threads",
            &[("SyncArena", 2.0), (BUMPALO, 1.0), ("spin Arena", 4.0)],
        );
        t.headline = Some(crate::harness::Headline {
            peer: "SyncArena",
            rivals: vec!["spin Arena"],
        });
        let svg = overview_chart([&t]).unwrap();
        assert!(svg.contains("0.50x vs spin Arena"), "{svg}");
        assert!(!svg.contains("vs bumpalo"));
        assert!(svg.contains(&format!("no {SYSTEM} peer")));
    }

    #[test]
    fn line_chart_names_its_series() {
        let chart = LineChart {
            file: "churn.svg".into(),
            title: "Bytes held over time".into(),
            x_label: "step".into(),
            y_label: "bytes".into(),
            series: vec![
                Series {
                    name: "arenakit".into(),
                    points: (0..50)
                        .map(|i| (f64::from(i), 1e6 + f64::from(i)))
                        .collect(),
                },
                Series {
                    name: "bumpalo".into(),
                    points: (0..50)
                        .map(|i| (f64::from(i), 1e6 * f64::from(i)))
                        .collect(),
                },
                Series {
                    name: "empty".into(),
                    points: Vec::new(),
                },
            ],
        };
        let svg = line_chart(&chart).unwrap();
        for text in [
            "<svg",
            "Bytes held over time",
            "arenakit",
            "bumpalo",
            "<polyline",
        ] {
            assert!(svg.contains(text), "{text} missing");
        }
        let empty = LineChart {
            series: Vec::new(),
            ..chart
        };
        assert!(line_chart(&empty).unwrap().contains("<svg"));
    }

    #[test]
    fn tick_labels() {
        assert_eq!(log_ticks(0.3, 12.0), [0.5, 1.0, 2.0, 5.0, 10.0]);
        assert!(log_ticks(0.0, 1.0).is_empty());
        assert_eq!(ratio_tick(&1.0), "1x");
        assert_eq!(ratio_tick(&0.5), "0.5x");
        assert_eq!(ratio_tick(&20.0), "20x");
        assert_eq!(si(&1_500.0), "1.5k");
        assert_eq!(si(&12e6), "12M");
        assert_eq!(si(&950.0), "950");
    }

    #[test]
    fn unsafe_file_names_are_cleaned() {
        let chart = |file: &str| LineChart {
            file: file.to_owned(),
            title: String::new(),
            x_label: String::new(),
            y_label: String::new(),
            series: Vec::new(),
        };
        assert_eq!(extra_file("w", &chart("a b")), "a_b.svg");
        assert_eq!(extra_file("w", &chart("overview.svg")), "overview-line.svg");
        assert_eq!(extra_file("w", &chart("")), "w-line.svg");
    }
}
