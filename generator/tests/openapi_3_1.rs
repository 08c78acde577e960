//! OpenAPI 3.1 documents generate: the ones in `tests/openapi_3_1/`, and the real spec
//! rewritten in 3.1 idioms, which must give the very client the 3.0 spec gives. Problems in
//! converted nodes are reported at the line and column the user wrote.

mod common;

use std::path::Path;

use common::workspace_root;
use serde_yaml::{Mapping, Value};

fn generated(files: &[generator::GeneratedFile]) -> &str {
    let file = files
        .iter()
        .find(|file| file.path == Path::new(generator::GENERATED_FILE))
        .expect("the client file");
    &file.contents
}

#[test]
fn every_3_1_document_generates() {
    let cases = common::yaml_files("tests/openapi_3_1");
    assert!(cases.len() >= 3, "only {} cases", cases.len());
    for case in cases {
        let files =
            generator::generate_client(&case).unwrap_or_else(|e| panic!("{}: {e}", case.display()));
        assert_eq!(files.len(), 3, "{}", case.display());
        let again = generator::generate_client(&case).expect("generates again");
        assert!(again == files, "{}: two runs differ", case.display());
    }
}

#[test]
fn converted_schemas_become_the_rust_types_they_describe() {
    let files = generator::generate_client(&workspace_root().join("tests/openapi_3_1/pets.yaml"))
        .expect("pets generates");
    let code = generated(&files);
    for expected in [
        // exclusiveMinimum: 0 on an int64
        "pub id: ::std::num::NonZeroU64,",
        // const
        "pub kind: PetKind,",
        // type: [string, "null"]
        "pub nickname: ::std::option::Option<::std::string::String>,",
        // a `$ref` with a description documents the field
        "///Who owns the pet.",
        // `$ref` + nullable, and oneOf [$ref, null]
        "pub friend: ::std::option::Option<Owner>,",
        "pub mate: ::std::option::Option<Owner>,",
        // a required type: [object, "null"]
        "pub parent: ::std::option::Option<PetParent>,",
        // type: [string, integer]
        "pub enum PetTag {",
        // oneOf [string, integer, null]: an optional union, not a union with a null variant
        "pub code: ::std::option::Option<PetCode>,",
        // a prefixItems tuple of one type
        "pub position: ::std::vec::Vec<f64>,",
        // patternProperties with one value schema
        "pub labels: ::std::collections::BTreeMap<",
    ] {
        assert!(code.contains(expected), "missing `{expected}`");
    }
    assert!(
        !code.contains("pub gone"),
        "a `false` property is not a field"
    );
    assert!(!code.contains("Null,"), "no union has a null variant");

    let files =
        generator::generate_client(&workspace_root().join("tests/openapi_3_1/components.yaml"))
            .expect("components generates");
    let code = generated(&files);
    for expected in [
        // components/pathItems, inlined
        "pub fn list_things(&self)",
        // an operation without responses
        "pub fn delete_thing(&self)",
        // items: {$ref: "#thing"} by $anchor
        "pub struct Things(pub ::std::vec::Vec<Thing>);",
        // a $defs entry
        "pub size: ThingSize,",
        // a $ref by $id
        "pub owner: ::std::option::Option<Owner>,",
    ] {
        assert!(code.contains(expected), "missing `{expected}`");
    }
}

/// Adds what a 3.1 author may write and that changes nothing: a `description` beside every
/// `$ref` that is not a property, `type` as a one-element array, `$comment`s.
fn rewrite_schema(node: &mut Value, property: bool) {
    let Value::Mapping(map) = node else { return };
    if map.contains_key("$ref") {
        if !property {
            map.insert(
                "description".into(),
                "Described beside the reference.".into(),
            );
        }
        return;
    }
    if let Some(Value::String(kind)) = map.get("type").cloned() {
        map.insert("type".into(), Value::Sequence(vec![Value::String(kind)]));
    }
    map.insert("$comment".into(), "A comment 3.0 does not have.".into());
    for (key, value) in map.iter_mut() {
        match key.as_str() {
            Some("properties") => {
                if let Value::Mapping(properties) = value {
                    properties
                        .values_mut()
                        .for_each(|property| rewrite_schema(property, true));
                }
            }
            Some("items" | "additionalProperties" | "not") => rewrite_schema(value, false),
            Some("allOf" | "oneOf" | "anyOf") => {
                if let Value::Sequence(items) = value {
                    items
                        .iter_mut()
                        .for_each(|item| rewrite_schema(item, false));
                }
            }
            _ => {}
        }
    }
}

/// Walks everything but schemas: Reference Objects get a `description`, schemas go to
/// [`rewrite_schema`].
fn rewrite(node: &mut Value) {
    match node {
        Value::Mapping(map) => {
            if map.contains_key("$ref") {
                map.insert(
                    "description".into(),
                    "Described beside the reference.".into(),
                );
                return;
            }
            for (key, value) in map.iter_mut() {
                match key.as_str() {
                    Some("schema") => rewrite_schema(value, false),
                    Some("schemas") => {
                        if let Value::Mapping(schemas) = value {
                            for schema in schemas.values_mut() {
                                rewrite_schema(schema, false);
                                if let Value::Mapping(schema) = schema {
                                    schema.insert(
                                        "$schema".into(),
                                        "https://json-schema.org/draft/2020-12/schema".into(),
                                    );
                                }
                            }
                        }
                    }
                    Some("example" | "examples" | "securitySchemes") => {}
                    _ => rewrite(value),
                }
            }
        }
        Value::Sequence(items) => items.iter_mut().for_each(rewrite),
        _ => {}
    }
}

#[test]
fn the_real_spec_written_in_3_1_gives_the_same_client() {
    let path = workspace_root().join(generator::DEFAULT_SPEC);
    let expected = generator::generate_client(&path).expect("the real spec generates");

    let text = std::fs::read_to_string(&path).expect("read the spec");
    let mut document: Value = serde_yaml::from_str(&text).expect("the spec parses");
    rewrite(&mut document);
    let root = document.as_mapping_mut().expect("a mapping");
    root.insert("openapi".into(), "3.1.0".into());
    root.insert(
        "jsonSchemaDialect".into(),
        "https://spec.openapis.org/oas/3.1/dialect/base".into(),
    );
    root["info"]
        .as_mapping_mut()
        .expect("info")
        .insert("summary".into(), "Exchange sessions".into());
    let webhook: Value =
        serde_yaml::from_str("post: {responses: {'200': {description: ok}}}").expect("webhook");
    root.insert(
        "webhooks".into(),
        Value::Mapping(Mapping::from_iter([("ping".into(), webhook)])),
    );
    let text = serde_yaml::to_string(&document).expect("serialize");
    assert!(
        text.contains("- string") && text.contains("description: Described beside the reference."),
        "the rewrite did something"
    );

    let actual = generator::generate_source(&text, Path::new(generator::DEFAULT_SPEC))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(actual.len(), expected.len());
    for (actual, expected) in actual.iter().zip(&expected) {
        assert_eq!(actual.path, expected.path);
        assert!(
            actual.contents == expected.contents,
            "{} differs",
            actual.path.display()
        );
    }
}

#[test]
fn problems_in_converted_nodes_are_reported_where_the_user_wrote_them() {
    let text = "\
openapi: 3.1.0
info:
  title: Pets
  version: \"1\"
paths:
  /pets:
    $ref: \"#/components/pathItems/Pets\"
components:
  pathItems:
    Pets:
      get:
        operationId: listPets
        responses:
          \"200\":
            description: ok
            content:
              application/json:
                schema:
                  $ref: \"#/components/schemas/Missing\"
  schemas:
    Pet:
      type: object
      properties:
        owner:
          $ref: \"#/components/schemas/Nowhere\"
          description: Who owns the pet.
        tag:
          type: [string, integer, \"null\"]
          enum: [a-b, a_b, 1]
        other:
          $ref: \"#/components/schemas/Pet/$defs/Other\"
      $defs:
        Other:
          type: object
          properties:
            x:
              $ref: \"#/components/schemas/Gone\"
";
    let Err(generator::Error::Spec(diagnostics)) =
        generator::generate_source(text, Path::new("pets.yaml"))
    else {
        panic!("the document is refused");
    };
    let places: Vec<String> = diagnostics
        .iter()
        .map(|d| {
            format!(
                "{}:{} {}",
                d.line.unwrap_or(0),
                d.column.unwrap_or(0),
                d.pointer
            )
        })
        .collect();
    assert_eq!(
        places,
        [
            "19:19 /components/pathItems/Pets/get/responses/200/content/application~1json/schema/$ref",
            "25:11 /components/schemas/Pet/properties/owner/$ref",
            "37:15 /components/schemas/Pet/$defs/Other/properties/x/$ref",
        ],
        "{diagnostics:#?}"
    );
}

#[test]
fn a_shape_3_0_cannot_express_is_refused_with_its_place_and_a_fix() {
    let text = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\ncomponents:\n  schemas:\n    Never: false\n";
    let Err(generator::Error::Spec(diagnostics)) =
        generator::generate_source(text, Path::new("never.yaml"))
    else {
        panic!("the document is refused");
    };
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(
        diagnostics[0].to_string(),
        "error: never.yaml:5:5 (/components/schemas/Never): the schema `false` accepts no value, which OpenAPI 3.0 cannot \
         express here — remove it, or write a schema for the values it should accept"
    );
}

#[test]
fn swagger_2_and_other_versions_are_still_refused() {
    for (text, pointer) in [
        ("swagger: \"2.0\"\n", "/swagger"),
        ("openapi: 3.2.0\n", "/openapi"),
        ("openapi: 4.0.0\n", "/openapi"),
    ] {
        let Err(generator::Error::Spec(diagnostics)) =
            generator::generate_source(text, Path::new("old.yaml"))
        else {
            panic!("{text} is refused");
        };
        assert_eq!(diagnostics[0].pointer, pointer);
        assert_eq!(
            (diagnostics[0].line, diagnostics[0].column),
            (Some(1), Some(1))
        );
    }
}

#[test]
fn the_conversion_never_panics_whatever_a_node_holds() {
    let replacements: Vec<Value> = [
        "true",
        "false",
        "null",
        "x",
        "[string, 'null']",
        "{$ref: '#/x'}",
    ]
    .iter()
    .map(|text| serde_yaml::from_str(text).expect("replacement"))
    .collect();
    for name in ["pets.yaml", "components.yaml"] {
        let text = std::fs::read_to_string(workspace_root().join("tests/openapi_3_1").join(name))
            .expect("read");
        let document: Value = serde_yaml::from_str(&text).expect("parses");
        let paths = common::node_paths(&document);
        // Two replacements a node, rotating, keep the test fast while every value is tried.
        for (index, path) in paths.iter().enumerate().skip(1) {
            for replacement in [
                &replacements[index % replacements.len()],
                &replacements[(index + 3) % replacements.len()],
            ] {
                let mut mutated = document.clone();
                *common::node_mut(&mut mutated, path).expect("the node exists") =
                    replacement.clone();
                let mutated = serde_yaml::to_string(&mutated).expect("serialize");
                let outcome = std::panic::catch_unwind(|| {
                    if let Ok(loaded) = generator::load::load_str(&mutated, Path::new(name)) {
                        let model = generator::model::build(&loaded.spec);
                        let _ = generator::validate::validate(&loaded, &model);
                    }
                });
                assert!(
                    outcome.is_ok(),
                    "{name}: {path:?} = {replacement:?} panicked"
                );
            }
        }
    }
}
