//! Larger specs built deterministically from the real one.

use serde_yaml::Value;

/// The real spec with its operations cloned `copies` times: copy 1 is the real operations
/// unchanged (so the shared `Location` example still names their `GET` path); copy `n > 1`
/// lives under `/v{n}{path}` with every operationId suffixed `n`. Components are shared, so
/// only the operation count grows.
/// `copies == 0` returns the real spec unchanged.
pub fn cloned_operations(real: &str, copies: usize) -> String {
    if copies == 0 {
        return real.to_string();
    }
    let mut doc: Value = serde_yaml::from_str(real).expect("the real spec is YAML");
    let paths = doc
        .get("paths")
        .and_then(Value::as_mapping)
        .cloned()
        .expect("the spec has paths");
    let mut cloned = serde_yaml::Mapping::new();
    cloned.extend(paths.clone());
    for n in 2..=copies {
        for (path, item) in &paths {
            let path = format!("/v{n}{}", path.as_str().expect("paths are strings"));
            let mut item = item.clone();
            if let Some(item) = item.as_mapping_mut() {
                for (_, operation) in item.iter_mut() {
                    if let Some(id) = operation.get_mut("operationId") {
                        *id = Value::String(format!(
                            "{}{n}",
                            id.as_str().expect("operationId is a string")
                        ));
                    }
                }
            }
            cloned.insert(Value::String(path), item);
        }
    }
    doc["paths"] = Value::Mapping(cloned);
    serde_yaml::to_string(&doc).expect("a YAML value serializes")
}

/// Number of operations in a spec's text.
pub fn operation_count(spec: &str) -> usize {
    let doc: Value = serde_yaml::from_str(spec).expect("YAML");
    doc["paths"]
        .as_mapping()
        .map(|paths| {
            paths
                .values()
                .filter_map(Value::as_mapping)
                .flat_map(|item| item.values())
                .filter(|op| op.get("operationId").is_some())
                .count()
        })
        .unwrap_or(0)
}

/// How many operation shapes [`varied`] cycles through.
pub const SHAPES: usize = 8;

/// An OpenAPI 3.1 document of `operations` operations whose shapes vary: path, query and
/// 3.1 type-array (`[string, "null"]`) parameters; inline and `$ref` JSON bodies, `oneOf`
/// bodies, form, multipart, text and binary bodies; `201` with `Location`; error statuses
/// with a shared schema, an inline schema, a range, `default` and no body. Operation `i`
/// takes shape `i % SHAPES` and has its own schemas, so typify's work grows with it too.
pub fn varied(operations: usize) -> String {
    let mut paths = String::new();
    let mut schemas = String::new();
    for i in 0..operations {
        let (path, operation) = match i % SHAPES {
            0 => (
                format!("/things{i}/{{id}}:\n    get"),
                format!(
                    "      operationId: getThing{i}
      summary: Read thing {i}
      parameters:
        - {{name: id, in: path, required: true, schema: {{type: string, format: uuid}}}}
        - {{name: limit, in: query, schema: {{type: integer, minimum: 1, maximum: 200}}}}
        - {{name: cursor, in: query, schema: {{type: [string, \"null\"]}}}}
      responses:
        '200':
          description: The thing.
          content:
            application/vnd.example.v1+json:
              schema: {{$ref: '#/components/schemas/Thing{i}'}}
        '404':
          description: No such thing.
          content:
            application/vnd.example.v1+json:
              schema: {{$ref: '#/components/schemas/Problem'}}
        '429':
          description: Slow down.
"
                ),
            ),
            1 => (
                format!("/things{i}:\n    post"),
                format!(
                    "      operationId: createThing{i}
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [name]
              properties:
                name: {{type: string, maxLength: 64}}
                note: {{type: [string, \"null\"]}}
                amount: {{type: number, minimum: 0}}
      responses:
        '201':
          description: Created.
          headers:
            Location: {{required: true, schema: {{type: string, format: uri}}}}
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/Thing{i}'}}
        '400':
          description: Invalid.
          content:
            application/json:
              schema:
                type: object
                properties:
                  code: {{type: string}}
                  fields: {{type: array, items: {{type: string}}}}
        default:
          description: Anything else.
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/Problem'}}
"
                ),
            ),
            2 => (
                format!("/tokens{i}:\n    post"),
                format!(
                    "      operationId: token{i}
      security: []
      requestBody:
        required: true
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              required: [grant_type]
              properties:
                grant_type: {{type: string, enum: [client_credentials]}}
                scope: {{type: string}}
      responses:
        '200':
          description: A token.
          content:
            application/json:
              schema:
                type: object
                required: [access_token, expires_in]
                properties:
                  access_token: {{type: string}}
                  expires_in: {{type: integer}}
        '401':
          description: Bad credentials.
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/Problem'}}
"
                ),
            ),
            3 => (
                format!("/things{i}/{{id}}/documents:\n    post"),
                format!(
                    "      operationId: uploadDocument{i}
      parameters:
        - {{name: id, in: path, required: true, schema: {{type: string}}}}
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              properties:
                file: {{type: string, format: binary}}
                documentType: {{type: string, enum: [passport, license]}}
      responses:
        '201':
          description: Uploaded.
          headers:
            Location: {{required: true, schema: {{type: string}}}}
        '400':
          description: Invalid.
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/Problem'}}
        '413':
          description: Too large.
"
                ),
            ),
            4 => (
                format!("/notes{i}/{{id}}:\n    put"),
                format!(
                    "      operationId: putNote{i}
      parameters:
        - {{name: id, in: path, required: true, schema: {{type: integer, format: int64}}}}
        - {{name: X-Trace, in: header, schema: {{type: string}}}}
      requestBody:
        content:
          text/plain:
            schema: {{type: string}}
      responses:
        '204':
          description: Saved.
        '409':
          description: Conflict.
          content:
            application/json:
              schema:
                oneOf:
                  - {{$ref: '#/components/schemas/Problem'}}
                  - {{type: object, properties: {{retryAfter: {{type: integer}}}}}}
"
                ),
            ),
            5 => (
                format!("/things{i}/{{id}}:\n    delete"),
                format!(
                    "      operationId: deleteThing{i}
      parameters:
        - {{name: id, in: path, required: true, schema: {{type: string, format: uuid}}}}
      responses:
        '204':
          description: Gone.
        4XX:
          description: Refused.
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/Problem'}}
"
                ),
            ),
            6 => (
                format!("/reports{i}:\n    get"),
                format!(
                    "      operationId: getReport{i}
      tags: [reports]
      parameters:
        - {{name: since, in: query, required: true, schema: {{type: string, format: date-time}}}}
        - {{name: format, in: query, schema: {{type: string, enum: [csv, pdf]}}}}
      responses:
        '200':
          description: The report.
          content:
            application/octet-stream:
              schema: {{type: string, format: binary}}
        '404':
          description: No report.
"
                ),
            ),
            _ => (
                format!("/things{i}/{{id}}:\n    patch"),
                format!(
                    "      operationId: updateThing{i}
      parameters:
        - {{name: id, in: path, required: true, schema: {{type: string, format: uuid}}}}
      requestBody:
        required: true
        content:
          application/json:
            schema:
              oneOf:
                - {{type: object, required: [name], properties: {{name: {{type: string}}}}}}
                - {{type: object, required: [status], properties: {{status: {{$ref: '#/components/schemas/Status{i}'}}}}}}
      responses:
        '200':
          description: Updated.
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/Thing{i}'}}
        '422':
          description: Unprocessable.
          content:
            application/json:
              schema:
                type: object
                properties:
                  errors:
                    type: array
                    items: {{type: object, properties: {{path: {{type: string}}, message: {{type: string}}}}}}
"
                ),
            ),
        };
        paths.push_str(&format!("  {path}:\n{operation}"));
        if matches!(i % SHAPES, 0 | 1 | 7) {
            schemas.push_str(&format!(
                "    Thing{i}:
      type: object
      required: [id, name, created]
      properties:
        id: {{type: string, format: uuid}}
        name: {{type: string}}
        created: {{type: string, format: date-time}}
        amount: {{type: [number, \"null\"]}}
        tags: {{type: array, items: {{type: string}}}}
        status: {{$ref: '#/components/schemas/Status{i}'}}
        _links:
          type: object
          additionalProperties: {{type: object, properties: {{href: {{type: string}}}}}}
    Status{i}:
      type: string
      enum: [active, suspended, closed]
"
            ));
        }
    }
    format!(
        "openapi: 3.1.0
info: {{title: Varied, version: '1'}}
servers: [{{url: 'https://api.example.com'}}]
security: [{{bearer: []}}]
paths:
{paths}components:
  securitySchemes:
    bearer: {{type: http, scheme: bearer}}
  schemas:
    Problem:
      type: object
      required: [code, message]
      properties:
        code: {{type: string}}
        message: {{type: string}}
        details: {{type: [object, \"null\"], additionalProperties: true}}
{schemas}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clones_scale_the_operation_count() {
        let real = std::fs::read_to_string(crate::real_spec_path()).unwrap();
        assert_eq!(operation_count(&real), 4);
        let forty = cloned_operations(&real, 10);
        assert_eq!(operation_count(&forty), 40);
        assert!(forty.contains("/v10/customers/{id}/exchange-sessions"));
        assert!(forty.contains("createCustomerExchangeSession10"));
        assert!(
            forty.contains("\n  /exchange-sessions/{id}:"),
            "copy 1 keeps the real paths"
        );
        assert_eq!(forty, cloned_operations(&real, 10), "deterministic");
    }

    #[test]
    fn varied_documents_generate_every_shape() {
        let text = varied(2 * SHAPES);
        assert_eq!(operation_count(&text), 2 * SHAPES);
        let files = generator::generate_source(&text, std::path::Path::new("varied.yaml"))
            .expect("the varied document generates");
        let client = &files[0].contents;
        for needle in [
            "pub fn get_thing8(",
            "pub fn upload_document11(",
            "pub fn token10(",
            "pub fn put_note12(",
            "pub enum UpdateThing15Error {",
            "/// Marks what `createThing9` created",
        ] {
            assert!(client.contains(needle), "missing `{needle}`");
        }
    }
}
