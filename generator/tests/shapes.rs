//! Shapes the generator adapts so that typify's types compile and every parameter is sent:
//! `tests/corpus/valid/shapes.yaml` (compiled by `scripts/check-corpus.sh`), and where the
//! diagnostics of the adapted shapes point.

mod common;

use std::path::Path;

fn generated(spec: &Path) -> String {
    let files = generator::generate_client(spec).unwrap_or_else(|e| panic!("{e}"));
    files
        .into_iter()
        .find(|f| f.path.ends_with("generated.rs"))
        .map(|f| f.contents)
        .expect("a generated.rs")
}

/// The error lines of a run on `text`, written to a file named `name`.
fn errors(name: &str, text: &str) -> (String, Vec<String>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = dir.path().join(name);
    std::fs::write(&spec, text).expect("write");
    let spec = spec.to_string_lossy().into_owned();
    let out = common::fixture_out_dir();
    let out_arg = out.path().to_string_lossy().into_owned();
    let output = common::run_cli(&["--spec", &spec, "--out", &out_arg]);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    let lines = stderr
        .lines()
        .filter(|l| l.starts_with("error:"))
        .map(str::to_string)
        .collect();
    (spec, lines)
}

#[test]
fn the_shapes_document_gets_readable_types() {
    let code = generated(&common::workspace_root().join("tests/corpus/valid/shapes.yaml"));
    // A nullable enum component titled with its own name: the enum is `CurrencyInner`.
    assert!(
        code.contains("pub struct Currency(pub ::std::option::Option<CurrencyInner>);"),
        "{code}"
    );
    assert!(code.contains("pub enum CurrencyInner {"));
    // A property titled like its component keeps typify's own name for it.
    assert!(code.contains("pub struct PhoneNumberNumber("));
    // An `anyOf` of scalars is an untagged enum, read back from a link with serde.
    assert!(code.contains("pub enum GetReportId {"));
    let squashed: String = code.split_whitespace().collect();
    assert!(squashed.contains("parse_param_string::<types::GetReportId"));
    assert!(squashed.contains("parse_param_json::<types::KindSchema"));
    // `content: application/json` parameters go on as their JSON text.
    for (location, name) in [
        ("header", "x-metadata"),
        ("query", "filter"),
        ("cookie", "session"),
        ("path", "kind"),
    ] {
        assert!(
            code.contains(&format!("json_text(\"{location}\", \"{name}\", value)")),
            "{location} {name}"
        );
    }
    // `$ref`s into components: the targets are components of their own.
    assert!(code.contains("pub struct EventAllOf0 {"));
    assert!(code.contains("pub enum KindSchema {"));
    assert!(code.contains("pub struct PhoneNumberId("));
}

/// A defect inside a schema hoisted out of a component is reported where the user wrote it.
#[test]
fn a_hoisted_schema_is_located_where_the_document_has_it() {
    let text = "openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /a:
    get:
      operationId: getA
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/A/properties/b'}
components:
  schemas:
    A:
      type: object
      properties:
        b:
          type: object
          properties:
            c: {$ref: '#/components/schemas/Missing'}
";
    let (spec, errors) = errors("hoisted.yaml", text);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with(&format!("error: {spec}:21:17 ")),
        "{errors:?}"
    );
    assert!(
        errors[0].contains("(/components/schemas/A/properties/b/properties/c/$ref)"),
        "{errors:?}"
    );
}

/// `content` other than one JSON media type has no reading the client can send.
#[test]
fn content_parameters_other_than_json_are_refused_at_their_media_type() {
    let text = "openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /a:
    get:
      operationId: getA
      parameters:
        - name: q
          in: query
          content:
            text/plain:
              schema: {type: string}
        - name: r
          in: query
          content:
            application/json:
              schema: {type: string}
            application/xml:
              schema: {type: string}
      responses:
        '204':
          description: ok
";
    let (spec, errors) = errors("content.yaml", text);
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors[0].starts_with(&format!("error: {spec}:11:13 ")),
        "{errors:?}"
    );
    assert!(
        errors[0].contains("uses `content` with `text/plain`"),
        "{errors:?}"
    );
    assert!(
        errors[1].starts_with(&format!("error: {spec}:15:11 ")),
        "{errors:?}"
    );
    assert!(
        errors[1].contains("has 2 media types in `content`"),
        "{errors:?}"
    );
}
