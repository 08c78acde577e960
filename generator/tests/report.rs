//! The change report on the edit-pair corpus (`tests/corpus/report/<pair>/{before,after}.yaml`):
//! each pair's verdict and rules are pinned here and its Markdown in a snapshot; every rule of
//! the table is exercised by some pair. `scripts/semver-agreement.sh` checks the same pairs
//! against cargo-semver-checks (too slow for CI).

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{run_cli, workspace_root};
use generator::report::{self, RULES, Report, Verdict};

use Verdict::{Additive, Breaking, None};

/// Each pair's verdict and the rules its changes fall under.
const EXPECTED: &[(&str, Verdict, &[&str])] = &[
    ("created_added", Breaking, &["created-added"]),
    ("created_removed", Breaking, &["created-removed"]),
    ("description_only", None, &[]),
    ("enum_value_added", Breaking, &["enum-value-added"]),
    ("enum_value_removed", Breaking, &["enum-value-removed"]),
    ("error_body_dropped", Breaking, &["error-schema-changed"]),
    (
        "error_enum_added",
        Additive,
        &["error-enum-added", "response-media-type-changed"],
    ),
    (
        "error_enum_removed",
        Breaking,
        &["error-enum-removed", "response-media-type-changed"],
    ),
    (
        "error_schema_changed",
        Breaking,
        &["error-schema-changed", "type-added"],
    ),
    ("error_status_added", Breaking, &["error-status-added"]),
    ("error_status_removed", Breaking, &["error-status-removed"]),
    ("field_added", Breaking, &["field-added"]),
    ("field_nullable", Breaking, &["response-field-now-optional"]),
    ("field_removed", Breaking, &["field-removed"]),
    (
        "field_requiredness_same_type",
        None,
        &["field-requiredness-same-type"],
    ),
    ("field_retyped", Breaking, &["field-retyped"]),
    ("method_changed", None, &["method-changed"]),
    ("operation_added", Additive, &["operation-added"]),
    ("operation_removed", Breaking, &["operation-removed"]),
    (
        "operation_renamed",
        Breaking,
        &["operation-added", "operation-removed"],
    ),
    (
        "parameter_added_optional",
        Additive,
        &["parameter-added-optional"],
    ),
    (
        "parameter_added_required",
        Breaking,
        &["parameter-added-required"],
    ),
    ("parameter_moved", None, &["parameter-moved"]),
    ("parameter_now_optional", None, &["parameter-now-optional"]),
    (
        "parameter_now_required",
        Breaking,
        &["parameter-now-required"],
    ),
    ("parameter_removed", Breaking, &["parameter-removed"]),
    ("parameter_retyped", Breaking, &["parameter-retyped"]),
    ("path_changed", None, &["path-changed"]),
    (
        "request_body_added_optional",
        Additive,
        &["request-body-added-optional"],
    ),
    (
        "request_body_added_required",
        Breaking,
        &["request-body-added-required"],
    ),
    (
        "request_body_now_optional",
        None,
        &["request-body-required-changed"],
    ),
    (
        "request_body_now_required",
        Breaking,
        &["request-body-now-required"],
    ),
    ("request_body_removed", Breaking, &["request-body-removed"]),
    (
        "request_body_required_json",
        None,
        &["request-body-required-changed"],
    ),
    ("request_body_retyped", Breaking, &["request-body-retyped"]),
    (
        "request_encoding_changed",
        Breaking,
        &["request-encoding-changed"],
    ),
    ("request_field_added_optional", Breaking, &["field-added"]),
    (
        "request_field_added_required",
        Breaking,
        &["request-field-added-required"],
    ),
    (
        "request_field_now_optional",
        Breaking,
        &["request-field-now-optional"],
    ),
    (
        "request_field_now_required",
        Breaking,
        &["request-field-now-required"],
    ),
    (
        "request_media_type_changed",
        None,
        &["request-media-type-changed"],
    ),
    ("response_body_removed", Breaking, &["response-retyped"]),
    (
        "response_field_now_optional",
        Breaking,
        &["response-field-now-optional"],
    ),
    (
        "response_field_now_required",
        Breaking,
        &["response-field-now-required"],
    ),
    (
        "response_media_type_changed",
        None,
        &["response-media-type-changed"],
    ),
    (
        "response_retyped",
        Breaking,
        &["response-retyped", "type-added"],
    ),
    ("retrieve_added", Additive, &["retrieve-added"]),
    ("retrieve_removed", Breaking, &["retrieve-removed"]),
    ("retrieve_retyped", Breaking, &["retrieve-retyped"]),
    (
        "retrieve_target_changed",
        None,
        &["retrieve-target-changed"],
    ),
    (
        "several_changes",
        Breaking,
        &[
            "enum-value-added",
            "parameter-added-optional",
            "path-changed",
        ],
    ),
    ("type_added", Additive, &["type-added"]),
    ("type_removed", Breaking, &["type-removed"]),
    ("type_shape_changed", Breaking, &["type-shape-changed"]),
];

fn corpus_report(pair: &str) -> Report {
    let load = |side: &str| {
        let relative = format!("tests/corpus/report/{pair}/{side}.yaml");
        let text = std::fs::read_to_string(workspace_root().join(&relative))
            .unwrap_or_else(|e| panic!("{relative}: {e}"));
        generator::load::load_str(&text, Path::new(&relative)).unwrap_or_else(|e| panic!("{e}"))
    };
    report::compare(&load("before"), &load("after")).unwrap_or_else(|e| panic!("{pair}: {e}"))
}

fn rule_names(report: &Report) -> BTreeSet<&'static str> {
    report.changes.iter().map(|c| c.rule.rule().name).collect()
}

#[test]
fn every_pair_has_its_pinned_verdict_rules_and_report() {
    let mut on_disk: Vec<String> = std::fs::read_dir(workspace_root().join("tests/corpus/report"))
        .expect("tests/corpus/report exists")
        .map(|entry| entry.expect("dir entry"))
        .filter(|entry| entry.path().is_dir())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let pinned: Vec<String> = EXPECTED.iter().map(|(name, ..)| name.to_string()).collect();
    assert_eq!(
        on_disk, pinned,
        "every pair on disk is pinned here, in order"
    );
    assert!(EXPECTED.len() >= 25);

    for (pair, verdict, rules) in EXPECTED {
        let report = corpus_report(pair);
        assert_eq!(report.verdict(), *verdict, "{pair}\n{}", report.markdown());
        assert_eq!(
            rule_names(&report),
            rules.iter().copied().collect(),
            "{pair}\n{}",
            report.markdown()
        );
        insta::assert_snapshot!(*pair, report.markdown());
    }
}

/// Each rule of the table is tested by at least one pair that fires it.
#[test]
fn every_rule_is_exercised_by_a_pair() {
    let fired: BTreeSet<&str> = EXPECTED
        .iter()
        .flat_map(|(_, _, rules)| rules.iter().copied())
        .collect();
    let missing: Vec<&str> = RULES
        .iter()
        .map(|r| r.name)
        .filter(|name| !fired.contains(name))
        .collect();
    assert!(missing.is_empty(), "rules no pair exercises: {missing:?}");
    for (pair, verdict, rules) in EXPECTED {
        let strongest = rules
            .iter()
            .map(|name| {
                RULES
                    .iter()
                    .find(|r| r.name == *name)
                    .expect("a rule")
                    .verdict
            })
            .max();
        assert_eq!(
            strongest.unwrap_or(Verdict::None),
            *verdict,
            "{pair}: the verdict is the strongest rule's"
        );
    }
}

#[test]
fn swapping_a_pair_swaps_additions_and_removals() {
    let forward = corpus_report("type_added");
    let load = |side: &str| {
        generator::load::load(
            &workspace_root().join(format!("tests/corpus/report/type_added/{side}.yaml")),
        )
        .expect("loads")
    };
    let backward = report::compare(&load("after"), &load("before")).expect("compares");
    assert_eq!(rule_names(&forward), BTreeSet::from(["type-added"]));
    assert_eq!(rule_names(&backward), BTreeSet::from(["type-removed"]));
}

#[test]
fn the_spec_against_itself_has_no_change() {
    let spec = workspace_root().join(generator::DEFAULT_SPEC);
    let loaded = generator::load::load(&spec).expect("the spec loads");
    let report = report::compare(&loaded, &loaded).expect("compares");
    assert!(report.changes.is_empty(), "{}", report.markdown());
    assert_eq!(report.verdict(), Verdict::None);
    assert!(report.markdown().contains("**Verdict: none**"));
}

#[test]
fn the_report_is_deterministic() {
    let first = corpus_report("several_changes").markdown();
    for _ in 0..3 {
        assert_eq!(corpus_report("several_changes").markdown(), first);
    }
}

/// The items the report names exist in the generated code of the side they belong to.
#[test]
fn named_items_exist_in_the_generated_client() {
    for (pair, needle, side) in [
        ("error_status_added", "Gone(types::ErrorResponse)", "after"),
        ("enum_value_added", "Expired,", "after"),
        (
            "field_added",
            "pub expires: ::std::option::Option<",
            "after",
        ),
        ("parameter_added_optional", "pub fn cursor<V>(", "after"),
        (
            "retrieve_added",
            "/// Reads the created resource back with",
            "after",
        ),
        (
            "created_removed",
            "/// Marks what `createReAuthExchangeSession` created",
            "before",
        ),
    ] {
        let report = corpus_report(pair);
        let spec = workspace_root().join(format!("tests/corpus/report/{pair}/{side}.yaml"));
        let files = generator::generate_client(&spec).unwrap_or_else(|e| panic!("{pair}: {e}"));
        let source = &files
            .iter()
            .find(|f| f.path.ends_with("generated.rs"))
            .expect("generated.rs")
            .contents;
        assert!(
            source.contains(needle),
            "{pair}: `{needle}` is not in the {side} client"
        );
        let last = report.changes[0].item.rsplit("::").next().expect("an item");
        assert!(
            source.contains(last),
            "{pair}: `{last}` is not in the {side} client"
        );
    }
}

#[test]
fn docs_explain_every_rule() {
    let docs = std::fs::read_to_string(workspace_root().join("docs/change-report.md"))
        .expect("docs/change-report.md");
    for rule in RULES {
        assert!(
            docs.contains(&format!("`{}`", rule.name)),
            "docs/change-report.md does not mention `{}`",
            rule.name
        );
    }
}

#[test]
fn cli_reports_against_a_file_and_fails_on_breaking_only_when_asked() {
    let dir = "tests/corpus/report/enum_value_added";
    let (before, after) = (format!("{dir}/before.yaml"), format!("{dir}/after.yaml"));
    let informational = run_cli(&["--spec", &after, "--report-against", &before]);
    assert_eq!(informational.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&informational.stdout);
    assert!(stdout.starts_with("# API change report"), "{stdout}");
    assert!(
        stdout.contains("`types::ExchangeSessionStatus::Expired`"),
        "{stdout}"
    );

    let strict = run_cli(&[
        "--spec",
        &after,
        "--report-against",
        &before,
        "--fail-on-breaking",
    ]);
    assert_eq!(strict.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&strict.stderr).contains("breaks the generated API"));

    let additive = run_cli(&[
        "--spec",
        "tests/corpus/report/type_added/after.yaml",
        "--report-against",
        "tests/corpus/report/type_added/before.yaml",
        "--fail-on-breaking",
    ]);
    assert_eq!(
        additive.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&additive.stderr)
    );
}

/// Whether `git` can give the spec at `HEAD` here; if not, why (no git, no history, or a
/// `HEAD` without the spec).
fn spec_at_head() -> Result<(), String> {
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .args(args)
            .current_dir(workspace_root())
            .output()
    };
    let head = git(&["rev-parse", "--verify", "--quiet", "HEAD^{commit}"])
        .map_err(|e| format!("git does not run: {e}"))?;
    if !head.status.success() {
        return Err("the workspace has no git history".into());
    }
    let spec = format!("HEAD:{}", generator::DEFAULT_SPEC);
    match git(&["cat-file", "-e", &spec]) {
        Ok(output) if output.status.success() => Ok(()),
        _ => Err(format!(
            "HEAD ({}) has no {}",
            String::from_utf8_lossy(&head.stdout).trim(),
            generator::DEFAULT_SPEC
        )),
    }
}

#[test]
fn cli_reads_the_baseline_from_git() {
    // Only a checkout without the spec in its git history cannot answer; there the test says
    // why it skips. Everywhere else any failure, exit code 2 included, is a failure.
    if let Err(reason) = spec_at_head() {
        println!("skipped: {reason}");
        return;
    }
    let output = run_cli(&["--report-against", "HEAD"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains(&format!(
            "`{spec}` compared with `HEAD:{spec}`",
            spec = generator::DEFAULT_SPEC
        )),
        "{stdout}"
    );
}

#[test]
fn cli_names_an_unknown_baseline() {
    let output = run_cli(&["--report-against", "no-such-revision-or-file"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("no-such-revision-or-file")
            && stderr.contains("not a file, nor a git revision"),
        "{stderr}"
    );
}

#[test]
fn fail_on_breaking_needs_a_baseline() {
    let output = run_cli(&["--fail-on-breaking"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn a_stale_check_points_at_the_report() {
    let out = common::fixture_out_dir();
    let out_arg = out.path().to_string_lossy().into_owned();
    let output = run_cli(&["--check", "--out", &out_arg]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--report-against HEAD"));
}

/// The default spec cloned `copies` times (operations, paths and schemas renamed per copy):
/// a document of `4 * copies` operations.
fn large_spec(copies: usize, edit: bool) -> String {
    fn rename(value: &mut serde_yaml::Value, suffix: &str) {
        match value {
            serde_yaml::Value::String(s) if s.starts_with("#/components/schemas/") => {
                s.push_str(suffix)
            }
            serde_yaml::Value::Mapping(map) => map.iter_mut().for_each(|(_, v)| rename(v, suffix)),
            serde_yaml::Value::Sequence(items) => items.iter_mut().for_each(|v| rename(v, suffix)),
            _ => {}
        }
    }
    let text =
        std::fs::read_to_string(workspace_root().join(generator::DEFAULT_SPEC)).expect("the spec");
    let spec: serde_yaml::Value = serde_yaml::from_str(&text).expect("YAML");
    let (paths, schemas) = (
        spec["paths"].as_mapping().expect("paths"),
        spec["components"]["schemas"].as_mapping().expect("schemas"),
    );
    let (mut out_paths, mut out_schemas) = (serde_yaml::Mapping::new(), serde_yaml::Mapping::new());
    for copy in 0..copies {
        let suffix = format!("V{copy}");
        for (path, item) in paths {
            let mut item = item.clone();
            for method in ["get", "post"] {
                if let Some(serde_yaml::Value::String(id)) = item
                    .get_mut(method)
                    .and_then(|op| op.get_mut("operationId"))
                {
                    id.push_str(&suffix);
                }
            }
            rename(&mut item, &suffix);
            out_paths.insert(
                format!("/v{copy}{}", path.as_str().expect("a path")).into(),
                item,
            );
        }
        for (name, schema) in schemas {
            let mut schema = schema.clone();
            rename(&mut schema, &suffix);
            if edit && name.as_str() == Some("ExchangeSession") {
                schema["properties"]["expires"] =
                    serde_yaml::from_str("{type: string, format: date-time}").expect("YAML");
            }
            out_schemas.insert(
                format!("{}{suffix}", name.as_str().expect("a name")).into(),
                schema,
            );
        }
    }
    let mut out = spec.clone();
    out["paths"] = out_paths.into();
    out["components"]["schemas"] = out_schemas.into();
    // The shared responses name the first copy's error schema.
    rename(&mut out["components"]["responses"], "V0");
    serde_yaml::to_string(&out).expect("YAML")
}

/// A document of 400 operations with 100 copies of every schema, against the same document
/// with a field added to each copy of `ExchangeSession`: the report finds every copy's field,
/// names each copy's own type, and finds nothing else; the document against itself has no
/// change. How long it takes is a benchmark (`cargo bench -p benchmarks -- --only report`).
#[test]
fn a_large_document_reports_every_copys_change_and_nothing_else() {
    let copies = 100;
    let before = generator::load::load_str(&large_spec(copies, false), Path::new("before.yaml"))
        .expect("loads");
    let after = generator::load::load_str(&large_spec(copies, true), Path::new("after.yaml"))
        .expect("loads");
    assert_eq!(before.spec.operations().count(), 4 * copies);
    assert_eq!(after.spec.operations().count(), 4 * copies);

    let report = report::compare(&before, &after).expect("compares");
    assert_eq!(report.verdict(), Breaking, "{}", report.markdown());
    assert_eq!(rule_names(&report), BTreeSet::from(["field-added"]));
    let items: BTreeSet<&str> = report.changes.iter().map(|c| c.item.as_str()).collect();
    let expected: BTreeSet<String> = (0..copies)
        .map(|copy| format!("types::ExchangeSessionV{copy}::expires"))
        .collect();
    assert_eq!(
        items,
        expected.iter().map(String::as_str).collect(),
        "one change per copy, on that copy's type\n{}",
        report.markdown()
    );
    assert_eq!(report.changes.len(), copies, "{}", report.markdown());

    let unchanged = report::compare(&before, &before).expect("compares");
    assert!(unchanged.changes.is_empty(), "{}", unchanged.markdown());
}
