//! The CLI as a process: help, usage errors, I/O errors, `--check` clean and stale.

mod common;

use common::{fixture_out_dir, run_cli, snapshot_dir};

#[test]
fn help_exits_zero_and_lists_the_flags() {
    let output = run_cli(&["--help"]);
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&output.stdout);
    for flag in ["--check", "--spec", "--out", "--verbose"] {
        assert!(
            stdout.contains(flag),
            "--help does not mention {flag}:\n{stdout}"
        );
    }
}

#[test]
fn a_bad_flag_is_a_usage_error() {
    let output = run_cli(&["--frobnicate"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--frobnicate"));
}

#[test]
fn a_missing_spec_is_an_io_error_naming_the_file() {
    let output = run_cli(&["--check", "--spec", "spec/does-not-exist.yaml"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with("error: spec/does-not-exist.yaml: cannot read the spec: "),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"));
}

#[test]
fn a_missing_output_directory_is_an_error_naming_it() {
    let out = tempfile::tempdir().expect("temp dir");
    let missing = out.path().join("no-such-crate");
    let missing_arg = missing.to_string_lossy().into_owned();
    let output = run_cli(&["--out", &missing_arg]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!(
            "error: {missing_arg}: the output directory does not exist"
        )),
        "{stderr}"
    );
    assert!(!missing.exists(), "the missing directory was created");
}

#[test]
fn check_is_clean_after_a_write_and_stale_after_an_edit() {
    let out = fixture_out_dir();
    let out_arg = out.path().to_string_lossy().into_owned();

    let write = run_cli(&["--out", &out_arg]);
    assert_eq!(
        write.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&write.stderr)
    );
    let generated = out.path().join("src/generated.rs");
    let contents = std::fs::read_to_string(&generated).expect("generated file written");
    assert!(contents.starts_with("// @generated from spec/exchange-sessions.yaml"));
    let files: Vec<_> = snapshot_dir(out.path()).into_keys().collect();
    // The fixture's Cargo.toml and lib.rs, plus the generated client and mock helpers.
    let expected: Vec<std::path::PathBuf> = [
        "Cargo.toml",
        "src/generated.rs",
        "src/lib.rs",
        "src/mock/operations.rs",
    ]
    .map(Into::into)
    .into();
    assert_eq!(
        files, expected,
        "temporary files left behind, or a generated file missing"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // The replaced file keeps its mode; the new one is an ordinary 0644 source file,
        // not the private mode temporary files are created with.
        let mode = |path: &str| {
            std::fs::metadata(out.path().join(path))
                .expect("metadata")
                .permissions()
                .mode()
                & 0o777
        };
        assert_eq!(mode("src/generated.rs"), mode("src/lib.rs"));
        assert_eq!(mode("src/mock/operations.rs"), 0o644);
    }

    let clean = run_cli(&["--check", "--out", &out_arg]);
    assert_eq!(
        clean.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&clean.stderr)
    );
    assert!(clean.stdout.is_empty());

    std::fs::write(
        &generated,
        contents.replacen("pub mod types", "pub mod renamed_types", 1),
    )
    .expect("edit");
    let before = snapshot_dir(out.path());
    let stale = run_cli(&["--check", "--out", &out_arg]);
    assert_eq!(stale.status.code(), Some(1));
    let diff = String::from_utf8_lossy(&stale.stdout);
    assert!(
        diff.contains("(checked in)") && diff.contains("(generated)"),
        "{diff}"
    );
    assert!(
        diff.contains("\n-pub mod renamed_types {\n") && diff.contains("\n+pub mod types {\n"),
        "{diff}"
    );
    assert!(diff.contains("\n@@ "), "not a unified diff:\n{diff}");
    assert!(!diff.contains('\u{1b}'), "colors in piped output");
    assert!(String::from_utf8_lossy(&stale.stderr).contains("stale"));
    assert_eq!(snapshot_dir(out.path()), before, "--check wrote files");
}

#[test]
fn the_manifest_section_is_kept_and_a_manifest_without_one_is_named() {
    let out = common::fixture_out_dir();
    let out_arg = out.path().to_string_lossy().into_owned();
    let manifest = out.path().join("Cargo.toml");
    // The lines around the section are the user's and stay as they are.
    let before = std::fs::read_to_string(&manifest).unwrap() + "mock = []\n";
    std::fs::write(&manifest, &before).unwrap();
    let output = run_cli(&["--out", &out_arg]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let [open, close] = generator::output::SECTION;
    // spec/ needs no crate; its one tag is a feature.
    let section = "\n[features]\n## Every operation (the features of all the tags), and the types none uses.\n\
                   full = [\"exchange-sessions\"]\n\
                   ## The operations of the `exchange-sessions` tag, and the types they use.\n\
                   exchange-sessions = []\n";
    assert_eq!(
        std::fs::read_to_string(&manifest).unwrap(),
        before.replace(
            &format!("{open}\n{close}"),
            &format!("{open}\n{section}{close}")
        ),
    );

    std::fs::write(&manifest, "[package]\nname = \"fixture\"\n").unwrap();
    let generated = out.path().join("src/generated.rs");
    std::fs::write(&generated, "// old generated code\n").unwrap();
    let output = run_cli(&["--out", &out_arg]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("Cargo.toml: no generated section"),
        "{stderr}"
    );
    assert!(stderr.contains(generator::output::SECTION[0]), "{stderr}");
    // Nothing was written: the generated file keeps its old contents.
    assert_eq!(
        std::fs::read_to_string(&generated).unwrap(),
        "// old generated code\n"
    );
}

/// typify checks `pattern` with `regress`: the manifest section then names it, and only then.
#[test]
fn a_pattern_puts_regress_in_the_manifest_section() {
    let document = |pattern: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  \
             schemas:\n    Code:\n      type: string\n{pattern}"
        )
    };
    let section = |text: &str| {
        let files = generator::generate_source(text, std::path::Path::new("doc.yaml")).unwrap();
        let manifest = files
            .iter()
            .find(|f| f.path.ends_with("Cargo.toml"))
            .unwrap();
        assert!(manifest.section);
        manifest.contents.clone()
    };
    let with = section(&document("      pattern: '^[A-Z]{3}$'\n"));
    let without = section(&document(""));
    assert!(with.starts_with("regress = \"0.12\"\n"), "{with}");
    assert!(!without.contains("regress"), "{without}");
    // Without operations, `full` turns on nothing.
    assert_eq!(
        without,
        "\n[features]\n## Every operation (the features of all the tags), and the types none uses.\nfull = []\n"
    );
}

/// Each tag is a feature of the client, named in kebab case; `full` is all of them, and
/// operations without a tag are under `untagged`.
#[test]
fn tags_become_features_in_the_manifest_section() {
    let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      \
                operationId: a\n      tags: [Funding sources, customers]\n      responses: \
                {'204': {description: ok}}\n  /b:\n    get:\n      operationId: b\n      \
                tags: [fullName]\n      responses: {'204': {description: ok}}\n  /c:\n    get:\n      \
                operationId: c\n      responses: {'204': {description: ok}}\n  /d:\n    get:\n      \
                operationId: d\n      tags: [full]\n      responses: {'204': {description: ok}}\n";
    let files = generator::generate_source(text, std::path::Path::new("doc.yaml")).unwrap();
    let manifest = files
        .iter()
        .find(|f| f.path.ends_with("Cargo.toml"))
        .unwrap();
    let features: Vec<&str> = manifest
        .contents
        .lines()
        .filter(|line| !line.starts_with('#') && line.contains(" = "))
        .collect();
    assert_eq!(
        features,
        [
            r#"full = ["customers", "full-name", "full-tag", "funding-sources", "untagged"]"#,
            "customers = []",
            "full-name = []",
            "full-tag = []",
            "funding-sources = []",
            "untagged = []",
        ]
    );
    let client = files
        .iter()
        .find(|f| f.path.ends_with("generated.rs"))
        .unwrap();
    // `a` is on with either of its tags.
    assert!(
        client
            .contents
            .contains(r#"#[cfg(any(feature = "customers", feature = "funding-sources"))]"#),
        "{}",
        client.contents
    );
}

/// typify's `error` module is used by every builder, so it is never gated, even when a
/// tag's component is named `Error` (which its items mention, as `std::error::Error`).
#[test]
fn typify_error_module_is_never_gated() {
    let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      \
                operationId: a\n      tags: [one]\n      responses:\n        '200':\n          \
                description: ok\n          content:\n            application/json:\n              \
                schema: {$ref: '#/components/schemas/Error'}\n  /b:\n    get:\n      \
                operationId: b\n      tags: [two]\n      responses: {'204': {description: ok}}\n\
                components:\n  schemas:\n    Error:\n      type: object\n      properties:\n        \
                code: {type: string}\n";
    let client = &generated_rs(text);
    assert!(
        client.contains("#[cfg(feature = \"one\")]\n    pub struct Error"),
        "{client}"
    );
    let start = client
        .find("pub mod error {")
        .expect("typify's error module");
    let module = &client[start..start + client[start..].find("\n    }\n").unwrap()];
    assert!(module.contains("ConversionError"), "{module}");
    assert!(!module.contains("cfg("), "{module}");
}

/// typify's struct builders stay for what a request sends (its body and all the body
/// reaches), and go for the types only a response carries.
#[test]
fn builders_only_for_what_requests_send() {
    let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    post:\n      \
                operationId: a\n      requestBody:\n        content:\n          \
                application/json:\n            schema: {$ref: '#/components/schemas/Sent'}\n      \
                responses:\n        '200':\n          description: ok\n          content:\n            \
                application/json:\n              schema: {$ref: '#/components/schemas/Got'}\n\
                components:\n  schemas:\n    Sent:\n      type: object\n      properties:\n        \
                place: {$ref: '#/components/schemas/Place'}\n    Place:\n      type: object\n      \
                properties:\n        city: {type: string}\n    Got:\n      type: object\n      \
                properties:\n        id: {type: string}\n";
    let client = &generated_rs(text);
    for kept in ["Sent", "Place"] {
        assert!(
            client.contains(&format!("pub struct {kept} {{")),
            "{client}"
        );
        assert!(
            client.contains(&format!("pub fn builder() -> builder::{kept} {{")),
            "{client}"
        );
        assert!(
            client.contains(&format!("for super::{kept} {{")),
            "{client}"
        );
    }
    assert!(client.contains("pub struct Got {"), "{client}");
    assert!(!client.contains("builder::Got"), "{client}");
    assert!(!client.contains("for super::Got"), "{client}");
}

/// A response-only type keeps no `defaults::` function nothing calls, and a nullable component
/// (a 3.1 union with `null`, of a scalar, a `oneOf` or several branches) is one type, not two
/// of the same name.
#[test]
fn pruned_builders_leave_no_dead_defaults_and_null_unions_type_once() {
    let text = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      \
                operationId: a\n      responses:\n        '200':\n          description: ok\n          \
                content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Got'}\n\
                components:\n  schemas:\n    Got:\n      type: object\n      properties:\n        \
                size: {$ref: '#/components/schemas/Size'}\n        \
                detection: {$ref: '#/components/schemas/Detection'}\n        \
                model: {$ref: '#/components/schemas/Model'}\n        series: {$ref: '#/components/schemas/Series'}\n    \
                Size: {type: integer, default: -20}\n    \
                Detection:\n      anyOf:\n        - title: Detection\n          oneOf:\n            \
                - {type: object, required: [a], properties: {a: {type: string}}}\n            \
                - {type: object, required: [b], properties: {b: {type: integer}}}\n        \
                - type: 'null'\n    Model:\n      anyOf:\n        - $ref: '#/components/schemas/Size'\n        \
                - {type: string, enum: [x]}\n        - type: 'null'\n    Series:\n      title: Series\n      anyOf:\n        - type: 'null'\n        - type: string\n          maxLength: 64\n";
    let client = &generated_rs(text);
    assert!(!client.contains("builder::Got"), "{client}");
    // Each function left in `defaults` has a caller outside it.
    let defaults = client.split("pub mod defaults {").nth(1).unwrap_or("");
    for (at, _) in defaults.match_indices("pub(super) fn ") {
        let name: String = defaults[at + 14..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        assert!(
            client.contains(&format!("defaults::{name}")),
            "`{name}` is never called:\n{client}"
        );
    }
    assert!(
        client.contains("pub struct Series(pub ::std::option::Option<SeriesInner>);"),
        "{client}"
    );
    // Each nullable component is one newtype, around a type of another name.
    for name in ["Series", "Detection", "Model"] {
        let defined = [
            "pub struct {name}(",
            "pub struct {name} {",
            "pub enum {name} {",
        ]
        .iter()
        .map(|form| client.matches(&form.replace("{name}", name)).count())
        .sum::<usize>();
        assert_eq!(defined, 1, "`{name}`:\n{client}");
        assert!(
            client.contains(&format!(
                "pub struct {name}(pub ::std::option::Option<{name}Inner>);"
            )),
            "{client}"
        );
    }
}

/// Each defect with one safe reading is a warning at its line, and the client is written.
#[test]
fn lenient_readings_are_warnings_at_their_lines() {
    let out = common::fixture_out_dir();
    let out_arg = out.path().to_string_lossy().into_owned();
    let output = run_cli(&[
        "--spec",
        "tests/corpus/valid/lenient.yaml",
        "--out",
        &out_arg,
    ]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("warning:"))
        .collect();
    let places: Vec<&str> = warnings
        .iter()
        .map(|w| w.split(' ').nth(1).unwrap_or_default())
        .collect();
    let file = "tests/corpus/valid/lenient.yaml";
    assert_eq!(
        places,
        [
            format!("{file}:14:44"),
            format!("{file}:14:75"),
            format!("{file}:9:19"),
            format!("{file}:28:14"),
            format!("{file}:28:19"),
            format!("{file}:37:7"),
            format!("{file}:42:7"),
            format!("{file}:46:7"),
            format!("{file}:52:7"),
            format!("{file}:56:24"),
            format!("{file}:61:35"),
            format!("{file}:62:32"),
            format!("{file}:63:31"),
            format!("{file}:64:30"),
            format!("{file}:65:59"),
        ],
        "{stderr}"
    );
    for (index, says) in [
        (5, "`format: uri-map` on a `type: object` schema"),
        (6, "read as `^([pP][aA][yY]|[dD][eE][tT][aA][iI][lL][sS])$`"),
        (7, "dropped, so the client does not check it"),
        (8, "`not` only excludes values"),
        (9, "`enum` lists `DHL` twice"),
        (10, "read as `false`"),
        (11, "read as `7`"),
        (12, "`default: \"much\"` is no number; dropped"),
        (13, "`default` `{}` is no string; dropped"),
        (
            14,
            "`default` `\"Celsius for temperatures\"` is none of the `enum` values; dropped",
        ),
    ] {
        assert!(warnings[index].contains(says), "{index}: {stderr}");
    }
    assert!(
        warnings[0].contains("read as `-9223372036854775808`"),
        "{stderr}"
    );
    assert!(
        warnings[2].contains("`bearer: null` in a security requirement"),
        "{stderr}"
    );
    assert!(
        warnings[4].contains("read as the string `true`"),
        "{stderr}"
    );
    let generated = std::fs::read_to_string(out.path().join("src/generated.rs")).unwrap();
    assert!(
        generated.contains("#[serde(rename = \"4.1\")]"),
        "the wire value is kept"
    );
    assert!(
        generated.contains("^([pP][aA][yY]|[dD][eE][tT][aA][iI][lL][sS])$"),
        "the case-insensitive pattern is checked as written out"
    );
    assert!(
        !generated.contains("(?s)"),
        "the pattern regress rejects is not checked"
    );
}

/// Names that collide once they are Rust, and path parameters the document gets wrong, are
/// read so, each with a warning at its line: the first of two names keeps it.
#[test]
fn name_and_path_readings_are_warnings_at_their_lines() {
    let out = common::fixture_out_dir();
    let out_arg = out.path().to_string_lossy().into_owned();
    let file = "tests/corpus/valid/name_readings.yaml";
    let output = run_cli(&["--spec", file, "--out", &out_arg]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("warning:"))
        .collect();
    let expected = [
        (77, 5, "`address` is generated as `Address2`"),
        (
            90,
            5,
            "`card-transaction` is generated as `CardTransaction2`",
        ),
        (26, 7, "operationId `getAddress` is also used at"),
        (
            42,
            7,
            "read as method `get_address_3` and builder `GetAddress3`",
        ),
        (54, 7, "read as method `follow_2` and builder `Follow2`"),
        (
            67,
            7,
            "read as method `get_address_error_2` and builder `GetAddressError2`",
        ),
        (
            12,
            32,
            "path parameter `id` of `getAddress` is not required; read as required",
        ),
        (
            39,
            3,
            "`{revision}` of `get address` is not declared as a parameter; read as a required string",
        ),
        (
            57,
            12,
            "path parameter `page` of `follow` does not appear in the path template `/links`",
        ),
    ];
    assert_eq!(warnings.len(), expected.len(), "{stderr}");
    for (warning, (line, column, text)) in warnings.iter().zip(expected) {
        assert!(
            warning.starts_with(&format!("warning: {file}:{line}:{column} ")),
            "expected {line}:{column}: {warning}"
        );
        assert!(warning.contains(text), "expected `{text}`: {warning}");
    }
    let generated = std::fs::read_to_string(out.path().join("src/generated.rs")).unwrap();
    for wanted in [
        "pub struct Address2 {",
        "pub kind: ::std::option::Option<Address2Kind>,",
        "pub address: ::std::option::Option<Address2>,",
        "pub new: ::std::option::Option<Address2>,",
        "NotFound(types::CardTransaction2)",
        "-> Result<crate::ResponseValue<types::Address2>, crate::Error>",
        "pub fn get_address_2(&self) -> operations::GetAddress2<'_>",
        "pub fn revision<V>(mut self, value: V) -> Self",
    ] {
        assert!(generated.contains(wanted), "no `{wanted}` in the client");
    }
    assert!(!generated.contains("pub fn page<"), "`page` goes nowhere");
}

/// Enum values typify cannot name apart make a plain `String`, with a warning at each enum;
/// `+1` and `-1`, which it can, stay an enum.
#[test]
fn enum_values_without_distinct_names_are_a_string_and_a_warning() {
    let out = common::fixture_out_dir();
    let out_arg = out.path().to_string_lossy().into_owned();
    let spec = "tests/corpus/valid/enum_collisions.yaml";
    let output = run_cli(&["--spec", spec, "--out", &out_arg]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    let mut places: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("warning:"))
        .map(|w| w.split(' ').nth(1).unwrap_or_default())
        .collect();
    places.sort();
    assert_eq!(
        places,
        [format!("{spec}:11:59"), format!("{spec}:24:7")],
        "{stderr}"
    );
    let generated = std::fs::read_to_string(out.path().join("src/generated.rs")).unwrap();
    assert!(
        generated.contains("#[serde(rename = \"+1\")]"),
        "`+1` keeps its enum"
    );
    assert!(
        !generated.contains("#[serde(rename = \"ASC\")]"),
        "`ASC`/`asc` is a string"
    );
}

/// A `$ref` to a file that is not there is an error at that `$ref`, in the file holding it,
/// and says which file it looked for.
#[test]
fn a_missing_sibling_file_is_an_error_where_it_is_named() {
    let out = common::fixture_out_dir();
    let out_arg = out.path().to_string_lossy().into_owned();
    let output = run_cli(&[
        "--spec",
        "tests/corpus/multifile_broken/openapi.yaml",
        "--out",
        &out_arg,
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert_eq!(
        stderr.trim_end(),
        "error: tests/corpus/multifile_broken/paths/pets.yaml:9:13 \
         (/get/responses/200/content/application~1json/schema/$ref): \
         `$ref` `../schemas/pet.yaml`: cannot read `tests/corpus/multifile_broken/schemas/pet.yaml`: \
         no such file — create `tests/corpus/multifile_broken/schemas/pet.yaml`, or correct the path \
         (it is relative to the directory of the file holding the `$ref`)"
    );
}

/// A diagnostic found after bundling, on a node another file gave, is located in that file:
/// here the warning for a path parameter the template lacks.
#[test]
fn a_defect_in_a_sibling_file_is_located_there() {
    let out = common::fixture_out_dir();
    let out_arg = out.path().to_string_lossy().into_owned();
    let output = run_cli(&[
        "--spec",
        "tests/corpus/multifile_defect/openapi.yaml",
        "--out",
        &out_arg,
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains(
            "warning: tests/corpus/multifile_defect/paths/pet.yaml:4:7 (/get/parameters/0/name)"
        ),
        "{stderr}"
    );
}

/// The `generated.rs` the generator makes of `text`.
fn generated_rs(text: &str) -> String {
    let files = generator::generate_source(text, std::path::Path::new("doc.yaml")).unwrap();
    files
        .into_iter()
        .find(|f| f.path.ends_with("generated.rs"))
        .unwrap()
        .contents
}
