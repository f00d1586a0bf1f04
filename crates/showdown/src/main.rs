//! `showdown`: runs the core-arena workloads side by side and prints a Markdown report.
//!
//! ```text
//! cargo run --release -p showdown -- [--only NAME[,NAME...]] [--rounds N] [--warmup N]
//!                                     [--fixed-order] [--list]
//! ```
//!
//! The report goes to stdout, progress to stderr, so `> report.md` keeps just the report.

use showdown::harness::{self, Progress, Settings};
use showdown::report;
use showdown::sysinfo::SystemInfo;
use showdown::workloads::{self, Spec};
use std::io::Write;

/// Counts heap allocations while a census runs (see `showdown::census`); forwards to glibc.
#[global_allocator]
static GLOBAL: showdown::census::Counting = showdown::census::Counting;

use std::process::ExitCode;
use std::time::Instant;

/// Measured rounds by default: odd, so the median is one sample; enough for a stable median,
/// small enough for the whole run to stay well under two minutes on two busy cores.
const DEFAULT_ROUNDS: usize = 21;
/// Warm-up rounds by default: the first batch faults the arenas' memory in, the second lets
/// allocators that grow their chunks (bumpalo, bump-scope) settle on their largest chunk.
const DEFAULT_WARMUP: usize = 2;

const USAGE: &str = "\
usage: showdown [--only NAME[,NAME...]] [--rounds N] [--warmup N] [--fixed-order] [--list]

  --only NAMES   run only the workloads whose name contains one of NAMES (comma-separated;
                 repeatable)
  --rounds N     measured rounds per workload (default 21)
  --warmup N     unmeasured warm-up rounds per workload (default 2)
  --fixed-order  run the peers in the same order every round (A B C A B C) instead of
                 rotating it (A B C, B C A, ...), which is the default
  --list         list the workloads and exit
  --help         this text";

/// The parsed command line.
#[derive(Debug)]
struct Options {
    only: Vec<String>,
    settings: Settings,
    list: bool,
}

fn parse(args: impl IntoIterator<Item = String>) -> Result<Options, String> {
    let mut options = Options {
        only: Vec::new(),
        settings: Settings {
            rounds: DEFAULT_ROUNDS,
            warmup: DEFAULT_WARMUP,
            rotate: true,
        },
        list: false,
    };
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
            "--only" => options.only.extend(
                value()?
                    .split(',')
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned),
            ),
            "--rounds" => options.settings.rounds = number(value()?)?.max(1),
            "--warmup" => options.settings.warmup = number(value()?)?,
            "--fixed-order" => options.settings.rotate = false,
            "--list" => options.list = true,
            "--help" | "-h" => return Err(String::new()),
            _ => return Err(format!("unknown argument: {flag}")),
        }
    }
    Ok(options)
}

fn selected(only: &[String]) -> Vec<Spec> {
    workloads::all()
        .into_iter()
        .filter(|spec| only.is_empty() || only.iter().any(|o| spec.name.contains(o.as_str())))
        .collect()
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
    let start = Instant::now();
    let mut outcomes = Vec::new();
    for spec in specs {
        eprint!("{}: preparing", spec.name);
        let workload = (spec.build)(showdown::extra::Scale::Quick);
        let mut progress = |p: Progress| {
            eprint!("\r{}: round {}/{}   ", p.workload, p.done + 1, p.total);
            let _ = std::io::stderr().flush();
        };
        match harness::run(workload, &options.settings, &mut progress) {
            Ok(outcome) => outcomes.push(outcome),
            Err(error) => {
                eprintln!("\nshowdown: {error}");
                return ExitCode::FAILURE;
            }
        }
        eprintln!(
            "\r{}: done at {:.1} s     ",
            spec.name,
            start.elapsed().as_secs_f64()
        );
    }
    let info = SystemInfo::collect();
    print!("{}", report::render(&info, &options.settings, &outcomes));
    ExitCode::SUCCESS
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
        assert_eq!(parse(args("--help")).unwrap_err(), "");
    }

    #[test]
    fn filters_workloads() {
        let names: Vec<_> = selected(&args("pure")).iter().map(|s| s.name).collect();
        assert_eq!(names, ["pure"]);
        assert_eq!(selected(&[]).len(), workloads::all().len());
    }
}
