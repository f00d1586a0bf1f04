//! `showdown`: runs the workloads side by side and reports where arenakit stands.
//!
//! ```text
//! cargo run --release -p showdown -- [--quick | --full] [--only NAME[,NAME...]]
//!                                     [--rounds N] [--warmup N] [--fixed-order]
//!                                     [--json] [--out DIR] [--list]
//! ```
//!
//! The Markdown report goes to stdout (or, with `--json`, the results as JSON), progress to
//! stderr, so `> report.md` keeps just the report. Either way the output directory receives
//! `report.md`, `results.json` and the SVG charts.

use indicatif::{ProgressBar, ProgressStyle};
use showdown::charts;
use showdown::extra::Scale;
use showdown::harness::{self, Progress, Settings};
use showdown::json_out::Results;
use showdown::report;
use showdown::results::{Run, Section};
use showdown::sysinfo::SystemInfo;
use showdown::workloads::{self, Spec};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Counts heap allocations while a census runs (see `showdown::census`); forwards to glibc.
#[global_allocator]
static GLOBAL: showdown::census::Counting = showdown::census::Counting;

/// Measured and warm-up rounds of `--quick` (the default): odd, so the median is one sample;
/// enough for a usable median while the whole run stays about a minute on two cores.
const QUICK_ROUNDS: (usize, usize) = (7, 1);
/// Measured and warm-up rounds of `--full`: the first warm-up batch faults the arenas' memory
/// in, the second lets allocators that grow their chunks (bumpalo, bump-scope) settle on their
/// largest chunk.
const FULL_ROUNDS: (usize, usize) = (21, 2);

const USAGE: &str = "\
usage: showdown [--quick | --full] [--only NAME[,NAME...]] [--rounds N] [--warmup N]
                [--fixed-order] [--json] [--out DIR] [--list]

  --quick        the default: 7 measured rounds after 1 warm-up round, and the quick sizes
                 of the workloads that have two (on the project's 2-core machine: 59 s
                 measured on a fresh clone before the JSON corpus workloads, which add
                 about 8 s; 108 s with them while other builds shared the machine; the
                 first release build, fat LTO, takes about 6 minutes, 12.5 under load)
  --full         21 measured rounds after 2 warm-up rounds, at the seeds' sizes
  --only NAMES   run only the workloads whose name contains one of NAMES (comma-separated;
                 repeatable)
  --rounds N     measured rounds per workload (overrides --quick/--full)
  --warmup N     unmeasured warm-up rounds per workload (overrides --quick/--full)
  --fixed-order  run the peers in the same order every round (A B C A B C) instead of
                 rotating it (A B C, B C A, ...), which is the default
  --json         print the results as JSON instead of the Markdown report
  --out DIR      where to write report.md, results.json and the SVG charts (default:
                 target/showdown in the workspace, or in $CARGO_TARGET_DIR if set)
  --list         list the workloads and exit
  --help         this text";

/// The parsed command line.
#[derive(Debug)]
struct Options {
    only: Vec<String>,
    scale: Scale,
    settings: Settings,
    json: bool,
    out: Option<PathBuf>,
    list: bool,
}

fn parse(args: impl IntoIterator<Item = String>) -> Result<Options, String> {
    let mut only = Vec::new();
    let (mut scale, mut rounds, mut warmup) = (Scale::Quick, None, None);
    let (mut rotate, mut json, mut out, mut list) = (true, false, None, false);
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) => (flag.to_owned(), Some(value.to_owned())),
            None => (arg, None),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        let number = |text: String| {
            text.parse::<usize>()
                .map_err(|_| format!("{flag}: not a number: {text}"))
        };
        match flag.as_str() {
            "--only" => only.extend(
                value()?
                    .split(',')
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned),
            ),
            "--quick" => scale = Scale::Quick,
            "--full" => scale = Scale::Full,
            "--rounds" => rounds = Some(number(value()?)?.max(1)),
            "--warmup" => warmup = Some(number(value()?)?),
            "--fixed-order" => rotate = false,
            "--json" => json = true,
            "--out" => out = Some(PathBuf::from(value()?)),
            "--list" => list = true,
            "--help" | "-h" => return Err(String::new()),
            _ => return Err(format!("unknown argument: {flag}")),
        }
    }
    let (default_rounds, default_warmup) = match scale {
        Scale::Quick => QUICK_ROUNDS,
        Scale::Full => FULL_ROUNDS,
    };
    Ok(Options {
        only,
        scale,
        settings: Settings {
            rounds: rounds.unwrap_or(default_rounds),
            warmup: warmup.unwrap_or(default_warmup),
            rotate,
        },
        json,
        out,
        list,
    })
}

fn selected(only: &[String]) -> Vec<Spec> {
    workloads::all()
        .into_iter()
        .filter(|spec| only.is_empty() || only.iter().any(|o| spec.name.contains(o.as_str())))
        .collect()
}

/// The default output directory: `showdown` in `target_dir` if given (a relative one is
/// taken from the current directory, as cargo does), else in the workspace's `target`
/// (found from this crate's manifest directory at build time), else `target/showdown` here.
fn default_out(target_dir: Option<PathBuf>, manifest_dir: &Path) -> PathBuf {
    if let Some(dir) = target_dir.filter(|d| !d.as_os_str().is_empty()) {
        return dir.join("showdown");
    }
    let workspace = manifest_dir.join("../..");
    if workspace.join("Cargo.toml").is_file() {
        let root = workspace.canonicalize().unwrap_or(workspace);
        root.join("target").join("showdown")
    } else {
        PathBuf::from("target").join("showdown")
    }
}

/// Runs `specs` with a progress bar on stderr (one line per finished workload instead when
/// stderr is not a terminal).
fn run_all(specs: &[Spec], options: &Options) -> Result<Vec<Section>, String> {
    let settings = &options.settings;
    let per_workload = (settings.warmup + settings.rounds) as u64;
    let bar = ProgressBar::new(per_workload * specs.len() as u64);
    if let Ok(style) = ProgressStyle::with_template(
        "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} rounds  {msg}",
    ) {
        bar.set_style(style);
    }
    let start = Instant::now();
    let mut sections = Vec::new();
    for (index, spec) in specs.iter().enumerate() {
        let base = per_workload * index as u64;
        bar.set_position(base);
        bar.set_message(format!("{}: preparing", spec.name));
        let workload = (spec.build)(options.scale);
        bar.set_message(spec.name);
        let mut progress = |p: Progress| bar.set_position(base + p.done as u64);
        let outcome = match harness::run(workload, settings, &mut progress) {
            Ok(outcome) => outcome,
            Err(error) => {
                bar.abandon();
                return Err(error.to_string());
            }
        };
        bar.set_position(base + per_workload);
        let extra = spec.extra.map(|extra| {
            bar.set_message(format!("{}: extra results", spec.name));
            extra(options.scale)
        });
        let line = format!(
            "{}: done at {:.1} s",
            spec.name,
            start.elapsed().as_secs_f64()
        );
        if bar.is_hidden() {
            eprintln!("{line}");
        } else {
            bar.println(line);
        }
        sections.push(Section { outcome, extra });
    }
    bar.finish_and_clear();
    Ok(sections)
}

/// Writes `report.md`, `results.json` and the charts into `dir`, first removing the charts
/// of an earlier run (so the directory never mixes runs).
fn write_files(dir: &Path, markdown: &str, json: &str, run: &Run) -> std::io::Result<usize> {
    std::fs::create_dir_all(dir)?;
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "svg") {
            std::fs::remove_file(path)?;
        }
    }
    std::fs::write(dir.join("report.md"), markdown)?;
    std::fs::write(dir.join("results.json"), json)?;
    Ok(charts::write_all(run, dir)?.len())
}

fn main() -> ExitCode {
    let options = match parse(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("showdown: {message}");
            }
            eprintln!("{USAGE}");
            return if message.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            };
        }
    };
    if options.list {
        for spec in workloads::all() {
            println!("{}", spec.name);
        }
        return ExitCode::SUCCESS;
    }
    let specs = selected(&options.only);
    if specs.is_empty() {
        eprintln!(
            "showdown: no workload matches {:?}; try --list",
            options.only
        );
        return ExitCode::FAILURE;
    }
    let out = options.out.clone().unwrap_or_else(|| {
        default_out(
            std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from),
            Path::new(env!("CARGO_MANIFEST_DIR")),
        )
    });
    let sections = match run_all(&specs, &options) {
        Ok(sections) => sections,
        Err(error) => {
            eprintln!("showdown: {error}");
            return ExitCode::FAILURE;
        }
    };
    let run = Run {
        info: SystemInfo::collect(),
        settings: options.settings,
        scale: options.scale,
        sections,
    };
    let markdown = report::render(&run);
    let json = Results::of(&run).to_json();
    let written = write_files(&out, &markdown, &json, &run);
    if options.json {
        println!("{json}");
    } else {
        print!("{markdown}");
    }
    match written {
        Ok(charts) => {
            eprintln!(
                "showdown: wrote report.md, results.json and {charts} charts to {}",
                out.display()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("showdown: cannot write to {}: {error}", out.display());
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn parses_flags() {
        let o = parse(args(
            "--only pure,slice --rounds 3 --warmup=0 --fixed-order",
        ))
        .unwrap();
        assert_eq!(o.only, ["pure", "slice"]);
        let expected = Settings {
            rounds: 3,
            warmup: 0,
            rotate: false,
        };
        assert_eq!(o.settings, expected);
        assert!(parse(args("")).unwrap().settings.rotate);
        assert!(parse(args("--rounds x")).is_err());
        assert!(parse(args("--bogus")).is_err());
        assert!(parse(args("--out")).is_err());
        assert_eq!(parse(args("--help")).unwrap_err(), "");
    }

    #[test]
    fn quick_is_the_default_and_full_is_bigger() {
        let quick = parse(args("")).unwrap();
        assert_eq!(quick.scale, Scale::Quick);
        assert_eq!((quick.settings.rounds, quick.settings.warmup), QUICK_ROUNDS);
        assert!(!quick.json && quick.out.is_none() && !quick.list);
        let full = parse(args("--full")).unwrap();
        assert_eq!(full.scale, Scale::Full);
        assert_eq!((full.settings.rounds, full.settings.warmup), FULL_ROUNDS);
        assert!(FULL_ROUNDS.0 > QUICK_ROUNDS.0);
        assert_eq!(parse(args("--full --quick")).unwrap().scale, Scale::Quick);
    }

    #[test]
    fn explicit_rounds_override_the_scale_in_any_order() {
        for line in [
            "--rounds 3 --full --warmup 0",
            "--full --rounds=3 --warmup=0",
        ] {
            let o = parse(args(line)).unwrap();
            assert_eq!(o.scale, Scale::Full);
            assert_eq!((o.settings.rounds, o.settings.warmup), (3, 0), "{line}");
        }
        let o = parse(args("--rounds 0")).unwrap();
        assert_eq!(o.settings.rounds, 1, "at least one measured round");
        assert_eq!(o.settings.warmup, QUICK_ROUNDS.1);
    }

    #[test]
    fn json_out_and_list() {
        let o = parse(args("--json --out /tmp/x --list")).unwrap();
        assert!(o.json && o.list);
        assert_eq!(o.out, Some(PathBuf::from("/tmp/x")));
        assert_eq!(
            parse(args("--out=rel")).unwrap().out,
            Some(PathBuf::from("rel"))
        );
    }

    #[test]
    fn output_directory() {
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
        let target = Some(PathBuf::from("/somewhere/target"));
        assert_eq!(
            default_out(target, manifest),
            Path::new("/somewhere/target/showdown")
        );
        let workspace = manifest.join("../..").canonicalize().unwrap();
        assert_eq!(
            default_out(None, manifest),
            workspace.join("target/showdown")
        );
        assert_eq!(
            default_out(Some(PathBuf::new()), manifest),
            workspace.join("target/showdown")
        );
        assert_eq!(
            default_out(None, Path::new("/nonexistent/crates/showdown")),
            Path::new("target/showdown")
        );
    }

    #[test]
    fn filters_workloads() {
        let names: Vec<_> = selected(&args("pure")).iter().map(|s| s.name).collect();
        assert_eq!(names, ["pure"]);
        assert_eq!(selected(&[]).len(), workloads::all().len());
    }
}
