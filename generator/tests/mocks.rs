//! The mock stage takes documents far from the default spec: inline and `oneOf` error
//! schemas, ranges and `default`, bodies that are not JSON, `Location` without an example
//! or a `GET` to point at, derived and odd operationIds. It answers them all and never
//! refuses the document.

use std::path::Path;

const ODD: &str = r##"
openapi: 3.0.3
info:
  title: Pet shop
  version: "2"
paths:
  /pets:
    post:
      operationId: "pets/create"
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [name]
              properties:
                name: { type: string }
                and: { type: integer }
            example: { name: Rex }
      responses:
        "201":
          description: Created, with a body and a Location.
          headers:
            Location:
              schema: { type: string }
          content:
            application/json:
              schema:
                type: object
                properties:
                  id: { type: integer }
              example: { id: 7 }
        "400":
          description: Bad input
          content:
            application/problem+json:
              schema:
                oneOf:
                  - type: object
                    required: [title]
                    properties:
                      title: { type: string }
                  - type: object
                    required: [detail]
                    properties:
                      detail: { type: string }
        "4XX":
          description: Some client error
          content:
            application/json:
              schema:
                type: object
                properties:
                  reason: { type: string }
        default:
          description: Anything else
          content:
            text/plain:
              schema: { type: string }
    get:
      parameters:
        - name: limit
          in: query
          schema: { type: integer }
      responses:
        "200":
          description: All pets
          content:
            application/json:
              schema:
                type: array
                items:
                  $ref: "#/components/schemas/Pet"
        "204":
          description: Nothing
        "503":
          description: No body at all
  /pets/{petId}:
    get:
      operationId: find pet by id
      parameters:
        - name: petId
          in: path
          required: true
          schema: { type: integer, format: int64 }
      responses:
        "200":
          description: A pet
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Pet"
        default:
          description: Error
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Problem"
  /owners/{ownerId}/documents:
    parameters:
      - name: ownerId
        in: path
        required: true
        schema: { type: string }
    post:
      operationId: uploadDocument
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              properties:
                file: { type: string, format: binary }
                documentType: { type: string }
      responses:
        "201":
          description: Uploaded
          headers:
            Location:
              schema: { type: string }
        "415":
          description: Wrong type
  /owners/{ownerId}/documents/{documentId}:
    get:
      operationId: getDocument
      parameters:
        - name: ownerId
          in: path
          required: true
          schema: { type: string }
        - name: documentId
          in: path
          required: true
          schema: { type: string, format: uuid }
      responses:
        "200":
          description: The document, as bytes
          content:
            application/pdf:
              schema: { type: string, format: binary }
  /token:
    post:
      operationId: token
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              properties:
                grant_type: { type: string }
      responses:
        "200":
          description: A token
          content:
            application/json:
              schema:
                type: object
                properties:
                  access_token: { type: string }
        "401":
          description: Refused
          content:
            application/json:
              schema:
                type: object
                properties:
                  error: { type: string }
  /notes:
    put:
      operationId: body
      requestBody:
        content:
          application/json:
            schema: { type: string }
      responses:
        "202":
          description: Accepted
          headers:
            Location:
              schema: { type: string }
        "303":
          description: See other
  /files/{name}.json:
    get:
      operationId: type
      parameters:
        - name: name
          in: path
          required: true
          schema: { type: string }
      responses:
        "200":
          description: Text
          content:
            text/plain:
              schema: { type: string }
        "418":
          description: Teapot
components:
  schemas:
    Pet:
      type: object
      required: [id]
      properties:
        id: { type: integer }
        name: { type: string }
      example: { id: 1, name: Rex }
    Problem:
      type: object
      properties:
        title: { type: string }
"##;

fn mock_file() -> String {
    let files = generator::generate_source(ODD, Path::new("odd.yaml")).unwrap_or_else(|e| panic!("generation failed:\n{e}"));
    let file = files.into_iter().find(|f| f.path == Path::new(generator::mocks::MOCK_FILE)).expect("a mock file");
    compact(&file.contents)
}

/// Without whitespace or trailing commas, so the assertions do not depend on how
/// prettyplease wraps lines.
fn compact(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect::<String>().replace(",)", ")")
}

#[test]
fn every_odd_shape_gets_a_typed_or_raw_answer() {
    let mocks = mock_file();
    let expected = [
        // 201 with a body and a Location, the retrieve target found by REST convention.
        "pub fn created(self, pet_id: i64, body: types::PetsCreateResponse) -> ::wiremock::Mock",
        r#"crate::mock::Location::fill("/pets/{petId}", &[&pet_id])"#,
        // Inline and `oneOf` error schemas are the types the model names.
        "pub fn bad_request(self, body: types::PetsCreateError400)",
        r#"crate::mock::Body::json("application/problem+json", &body)"#,
        "pub fn status_4xx(self, status: u16, body: types::PetsCreateError4xx)",
        // A `default` that is not JSON, an error with no body.
        "pub fn default_response(self, status: u16, body: impl Into<Vec<u8>>)",
        "pub fn service_unavailable(self) -> ::wiremock::Mock",
        // Multipart: matched by Content-Type only; a Location with two path variables.
        r#"Some("multipart/form-data")"#,
        "pub fn created(self, owner_id: &str, document_id: ::uuid::Uuid)",
        // Form: matched by Content-Type only.
        r#"Some("application/x-www-form-urlencoded")"#,
        // A Location with no GET to point at, on an operation named `body`.
        "pub fn body() -> crate::mock::OperationMock<markers::Body>",
        "pub fn accepted(self, id: impl ::std::fmt::Display)",
        "crate::mock::Location::below_request(&id)",
        // Derived and odd operationIds, a keyword, a variable inside a segment.
        "pub fn get_pets() ->",
        "pub fn find_pet_by_id() ->",
        "pub fn type_() ->",
        r#""^/files/[^/]+\\.json$""#,
        // Bytes answers.
        r#"crate::mock::Body::raw("application/pdf", body)"#,
        "pub fn im_a_teapot(self)",
        // Examples of inline schemas.
        "pub fn pets_create_body() -> types::PetsCreateBody",
    ];
    for text in expected {
        assert!(mocks.contains(&compact(text)), "missing `{text}` in the generated mocks");
    }
}

#[test]
fn generated_mocks_hold_no_runtime() {
    let mocks = mock_file();
    for generic in ["impl Respond", "impl Match", "fn bearer_token", "struct WithLocation", "ResponseTemplate"] {
        assert!(!mocks.contains(&compact(generic)), "generic mock code `{generic}` in the generated file");
    }
}
