//! The printed table and `BENCHMARKS.md`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

/// Everything below this line in `BENCHMARKS.md` is hand-written and kept across runs.
pub const KEEP_MARKER: &str =
    "<!-- Analysis below is hand-written and kept when the benchmarks rewrite this file. -->";

/// The machine and its load.
#[derive(Debug, Clone, Default)]
pub struct Machine {
    /// `nproc`.
    pub cpus: usize,
    /// From /proc/cpuinfo.
    pub cpu_model: String,
    /// `rustc -V`.
    pub rustc: String,
    /// `uname -sr`.
    pub kernel: String,
    /// /proc/loadavg when the run started.
    pub load_before: String,
    /// /proc/loadavg when the run ended.
    pub load_after: String,
    /// UTC start time.
    pub date: String,
}

fn command_output(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default()
}

/// The first three fields of /proc/loadavg.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_else(|_| "unknown".into())
}

impl Machine {
    /// Reads the machine's description and current load.
    pub fn detect() -> Self {
        let cpu_model = std::fs::read_to_string("/proc/cpuinfo")
            .ok()
            .and_then(|text| {
                text.lines()
                    .find(|l| l.starts_with("model name"))
                    .and_then(|l| l.split(':').nth(1))
                    .map(|s| s.trim().to_string())
            })
            .unwrap_or_else(|| "unknown".into());
        Self {
            cpus: std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(0),
            cpu_model,
            rustc: command_output("rustc", &["-V"]),
            kernel: command_output("uname", &["-sr"]),
            load_before: load_average(),
            load_after: String::new(),
            date: command_output("date", &["-u", "+%Y-%m-%d %H:%M UTC"]),
        }
    }
}

/// One line of the summary: a measurement and, when it has one, its target.
#[derive(Debug, Clone)]
pub struct Row {
    /// What was measured.
    pub measure: String,
    /// The measured value.
    pub value: String,
    /// The target, if any.
    pub target: String,
    /// Met (true), missed (false) or no target (None).
    pub met: Option<bool>,
}

impl Row {
    /// A row with a target.
    pub fn target(
        measure: impl Into<String>,
        value: impl Into<String>,
        target: impl Into<String>,
        met: bool,
    ) -> Self {
        Self {
            measure: measure.into(),
            value: value.into(),
            target: target.into(),
            met: Some(met),
        }
    }

    /// A row without a target.
    pub fn info(measure: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            measure: measure.into(),
            value: value.into(),
            target: String::new(),
            met: None,
        }
    }

    fn status(&self) -> &'static str {
        match self.met {
            Some(true) => "met",
            Some(false) => "MISSED",
            None => "",
        }
    }
}

/// A Markdown table.
pub fn markdown_table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = format!(
        "| {} |\n|{}|\n",
        header.join(" | "),
        header.iter().map(|_| "---").collect::<Vec<_>>().join("|")
    );
    for row in rows {
        let _ = writeln!(out, "| {} |", row.join(" | "));
    }
    out
}

/// The summary as Markdown.
pub fn summary_markdown(rows: &[Row]) -> String {
    markdown_table(
        &["Measure", "Value", "Target", "Status"],
        &rows
            .iter()
            .map(|r| {
                vec![
                    r.measure.clone(),
                    r.value.clone(),
                    r.target.clone(),
                    r.status().to_string(),
                ]
            })
            .collect::<Vec<_>>(),
    )
}

/// The summary as a plain-text table for the terminal.
pub fn summary_text(rows: &[Row]) -> String {
    let width = |f: &dyn Fn(&Row) -> &str, title: &str| {
        rows.iter()
            .map(|r| f(r).chars().count())
            .max()
            .unwrap_or(0)
            .max(title.len())
    };
    let (w0, w1, w2) = (
        width(&|r| &r.measure, "Measure"),
        width(&|r| &r.value, "Value"),
        width(&|r| &r.target, "Target"),
    );
    let mut out = format!(
        "{:w0$}  {:w1$}  {:w2$}  Status\n",
        "Measure", "Value", "Target"
    );
    let _ = writeln!(out, "{}", "-".repeat(w0 + w1 + w2 + 12));
    for r in rows {
        let _ = writeln!(
            out,
            "{:w0$}  {:w1$}  {:w2$}  {}",
            r.measure,
            r.value,
            r.target,
            r.status()
        );
    }
    out
}

/// One clean build measured by `scripts/bench-build-cost.sh`.
#[derive(Debug, Clone)]
pub struct Build {
    /// `dev` or `release`.
    pub profile: String,
    /// `ours`, `build-rs` or `floor`, with `-native-tls` appended for the native-tls builds.
    pub krate: String,
    /// Wall-clock seconds.
    pub wall: f64,
    /// `Compiling` lines.
    pub compiled: usize,
    /// User + system CPU seconds of the build's processes.
    pub cpu: f64,
    /// 1-minute load average when the build started.
    pub load: String,
}

/// Build-cost results written by `scripts/bench-build-cost.sh`.
#[derive(Debug, Default, Clone)]
pub struct BuildCost {
    /// `#meta` lines: key, value.
    pub meta: Vec<(String, String)>,
    /// The builds, in the order they ran.
    pub builds: Vec<Build>,
    /// Where the builds' `cargo build --timings` reports are (`timings/` beside the TSV).
    pub timings: std::path::PathBuf,
}

/// The unit cargo reports for a dependent's own binary, whatever the dependent is called.
pub const DEPENDENT_BIN: &str = "the dependent's binary";

impl BuildCost {
    /// Parses the script's TSV; `None` when the script has not been run.
    pub fn read(path: &Path) -> Option<Self> {
        let text = std::fs::read_to_string(path).ok()?;
        let mut cost = Self {
            timings: path.with_file_name("timings"),
            ..Self::default()
        };
        for line in text.lines() {
            let fields: Vec<&str> = line.split('\t').collect();
            match fields.as_slice() {
                ["#meta", key, value] => cost.meta.push((key.to_string(), value.to_string())),
                [profile, krate, wall, compiled, cpu, load] => cost.builds.push(Build {
                    profile: profile.to_string(),
                    krate: krate.to_string(),
                    wall: wall.parse().ok()?,
                    compiled: compiled.parse().ok()?,
                    cpu: cpu.parse().ok()?,
                    load: load.to_string(),
                }),
                _ => {}
            }
        }
        Some(cost)
    }

    /// A metadata value.
    pub fn meta(&self, key: &str) -> &str {
        self.meta
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }

    /// One crate's builds in one profile, combined: the fastest wall and CPU times (noise
    /// only ever adds), every start load, and how many builds.
    pub fn get(&self, profile: &str, krate: &str) -> Option<(Build, usize)> {
        let builds: Vec<&Build> = self
            .builds
            .iter()
            .filter(|b| b.profile == profile && b.krate == krate)
            .collect();
        let first = (*builds.first()?).clone();
        let wall = builds.iter().map(|b| b.wall).fold(f64::INFINITY, f64::min);
        let cpu = builds.iter().map(|b| b.cpu).fold(f64::INFINITY, f64::min);
        let load = builds
            .iter()
            .map(|b| b.load.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        Some((
            Build {
                wall,
                cpu,
                load,
                ..first
            },
            builds.len(),
        ))
    }

    /// Seconds per compilation unit ("crate target") of `krate`'s builds in `profile`, from
    /// their `cargo build --timings` reports: for each unit, the fastest of the builds
    /// (noise only adds). Empty when no report was kept.
    pub fn units(&self, profile: &str, krate: &str) -> BTreeMap<String, f64> {
        let mut units: BTreeMap<String, f64> = BTreeMap::new();
        let prefix = format!("{profile}-{krate}-");
        let Ok(entries) = std::fs::read_dir(&self.timings) else {
            return units;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some(rep) = name
                .strip_prefix(&prefix)
                .and_then(|rest| rest.strip_suffix(".html"))
            else {
                continue;
            };
            if rep.parse::<u32>().is_err() {
                continue;
            }
            let Ok(html) = std::fs::read_to_string(entry.path()) else {
                continue;
            };
            for (unit, seconds) in timing_units(&html) {
                let slot = units.entry(unit).or_insert(f64::INFINITY);
                *slot = slot.min(seconds);
            }
        }
        units
    }

    /// Profiles measured, in order.
    pub fn profiles(&self) -> Vec<String> {
        let mut profiles: Vec<String> = Vec::new();
        for build in &self.builds {
            if !profiles.contains(&build.profile) {
                profiles.push(build.profile.clone());
            }
        }
        profiles
    }
}

/// The units of one `cargo build --timings` HTML report and their seconds; the dependent's
/// own binary is named [`DEPENDENT_BIN`], so that two dependents compare.
pub fn timing_units(html: &str) -> Vec<(String, f64)> {
    let Some(start) = html
        .find("const UNIT_DATA = ")
        .map(|i| i + "const UNIT_DATA = ".len())
    else {
        return Vec::new();
    };
    let Some(len) = html[start..].find(";\n") else {
        return Vec::new();
    };
    let Ok(serde_json::Value::Array(units)) = serde_json::from_str(&html[start..start + len])
    else {
        return Vec::new();
    };
    units
        .iter()
        .filter_map(|unit| {
            let name = unit.get("name")?.as_str()?;
            let target = unit.get("target")?.as_str()?.trim();
            let seconds = unit.get("duration")?.as_f64()?;
            let label = if name.starts_with("dependent-") {
                DEPENDENT_BIN.to_string()
            } else if target.is_empty() {
                name.to_string()
            } else {
                format!("{name} {target}")
            };
            Some((label, seconds))
        })
        .collect()
}

/// Writes `BENCHMARKS.md`: the generated part, then whatever was below [`KEEP_MARKER`].
pub fn write_benchmarks_md(path: &Path, generated: &str) -> std::io::Result<()> {
    let kept = std::fs::read_to_string(path)
        .ok()
        .and_then(|old| {
            old.find(KEEP_MARKER)
                .map(|i| old[i + KEEP_MARKER.len()..].to_string())
        })
        .unwrap_or_else(|| "\n\n## Analysis\n\n(none yet)\n".into());
    std::fs::write(path, format!("{generated}\n{KEEP_MARKER}{kept}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn timing_html(units: &str) -> String {
        format!(
            "<html><script>\nconst UNIT_DATA = [{units}];\nconst CONCURRENCY_DATA = [];\n</script></html>"
        )
    }

    #[test]
    fn build_units_are_the_fastest_of_each_crates_builds() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("results.tsv"),
            "#meta\trepeat\t2\nrelease\tours\t10.0\t3\t20.0\t0.1\n",
        )
        .unwrap();
        std::fs::create_dir(dir.path().join("timings")).unwrap();
        let unit = |name: &str, target: &str, duration: f64| {
            format!(
                r#"{{"i":0,"name":"{name}","version":"1.0.0","mode":"todo","target":"{target}","start":0.0,"duration":{duration}}}"#
            )
        };
        let first = [
            unit("serde", "", 5.0),
            unit("dependent-ours", r#" dependent-ours \"bin\""#, 4.0),
            unit("aws-lc-sys", " build-script (run)", 120.0),
        ]
        .join(",");
        let second = [
            unit("serde", "", 4.5),
            unit("dependent-ours", r#" dependent-ours \"bin\""#, 4.4),
            unit("aws-lc-sys", " build-script (run)", 110.0),
        ]
        .join(",");
        std::fs::write(
            dir.path().join("timings/release-ours-1.html"),
            timing_html(&first),
        )
        .unwrap();
        std::fs::write(
            dir.path().join("timings/release-ours-2.html"),
            timing_html(&second),
        )
        .unwrap();
        // Another crate's report, and a dev build of the same crate, are not read.
        std::fs::write(
            dir.path().join("timings/release-ours-native-tls-1.html"),
            timing_html(&unit("serde", "", 1.0)),
        )
        .unwrap();
        std::fs::write(
            dir.path().join("timings/dev-ours-1.html"),
            timing_html(&unit("serde", "", 1.0)),
        )
        .unwrap();

        let cost = BuildCost::read(&dir.path().join("results.tsv")).expect("the TSV reads");
        let units = cost.units("release", "ours");
        assert_eq!(units.len(), 3, "{units:?}");
        assert_eq!(units["serde"], 4.5);
        assert_eq!(units[DEPENDENT_BIN], 4.0);
        assert_eq!(units["aws-lc-sys build-script (run)"], 110.0);
        assert!(cost.units("release", "floor").is_empty());
    }

    #[test]
    fn a_report_without_unit_data_has_no_units() {
        assert!(timing_units("<html></html>").is_empty());
        assert!(timing_units(&timing_html("{\"name\": 1}")).is_empty());
    }
}
