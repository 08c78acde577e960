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
    let files = generator::generate_source(ODD, Path::new("odd.yaml"))
        .unwrap_or_else(|e| panic!("generation failed:\n{e}"));
    let file = files
        .into_iter()
        .find(|f| f.path == Path::new(generator::mocks::MOCK_FILE))
        .expect("a mock file");
    compact(&file.contents)
}

/// Without whitespace or trailing commas, so the assertions do not depend on how
/// prettyplease wraps lines.
fn compact(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .replace(",)", ")")
}

#[test]
fn every_odd_shape_gets_a_typed_or_raw_answer() {
    let mocks = mock_file();
    let expected = [
        // 201 with a body and a Location, the retrieve target found by REST convention.
        "pub fn created(self, pet_id: i64, body: types::PetsCreateResponse) -> Mock",
        r#"self.answer_at(Answer::json(201, MEDIA_0, &body), "/pets/{petId}", &[&pet_id])"#,
        // Each media type once, as a constant.
        r#"const MEDIA_0: &str = "application/json";"#,
        r#"const MEDIA_1: &str = "application/problem+json";"#,
        // Errors are the client's error enum: inline and `oneOf` schemas answer in their own
        // media type; a range answers its first status not listed on its own, `default` one
        // neither listed nor in a listed range; a body that is not JSON, or none, is a unit
        // variant.
        "operations::PetsCreateError { BadRequest(MEDIA_1) = 400, Status4xx(MEDIA_0) = 401; Other = 500 }",
        "operations::GetPetsError { ; ServiceUnavailable = 503 }",
        "operations::FindPetByIdError { Other(MEDIA_0) = 500; }",
        // Multipart: matched by Content-Type only; a Location with two path variables.
        r#"upload_document("POST /owners/{}/documents", None, Some(MEDIA_3))"#,
        "pub fn created(self, owner_id: &str, document_id: Uuid)",
        // Form: matched by Content-Type only.
        r#"token("POST /token", Some(MEDIA_0), Some(MEDIA_5)) -> markers::Token"#,
        // A Location with no GET to point at, on an operation named `body`.
        r#"body("PUT /notes", None, Some(MEDIA_0)) -> markers::Body"#,
        "pub fn accepted(self, id: impl ::std::fmt::Display)",
        "self.answer_below(Answer::empty(202), &id)",
        // A status below 400 that is not a success still gets its answer.
        "pub fn see_other(self) -> Mock",
        // Derived and odd operationIds, a keyword, typed path variables and one inside a
        // segment.
        r#"get_pets("GET /pets", Some(MEDIA_0), None)"#,
        r#"find_pet_by_id("GET /pets/{int}", Some(MEDIA_0), None)"#,
        r#"get_document("GET /owners/{}/documents/{uuid}", Some(MEDIA_4), None) -> markers::GetDocument"#,
        r#"type_("GET /files/{}.json", Some(MEDIA_6), None)"#,
        "operations::TypeError { ; ImATeapot = 418 }",
        // Bytes answers.
        "self.answer(Answer::raw(200, MEDIA_4, body))",
        // Examples of inline schemas.
        "pub fn pets_create_body() -> types::PetsCreateBody",
    ];
    for text in expected {
        assert!(
            mocks.contains(&compact(text)),
            "missing `{text}` in the generated mocks"
        );
    }
}

#[test]
fn generated_mocks_hold_no_runtime() {
    let mocks = mock_file();
    for generic in [
        "impl Respond",
        "impl Match",
        "fn bearer_token",
        "struct WithLocation",
        "ResponseTemplate",
        "fn error",
        "impl ErrorAnswer",
    ] {
        assert!(
            !mocks.contains(&compact(generic)),
            "generic mock code `{generic}` in the generated file"
        );
    }
}

#[test]
fn per_status_error_answers_are_gone() {
    // One generic `error(..)` answers every error enum: no method per error status.
    let mocks = mock_file();
    for method in [
        "fn bad_request",
        "fn status_4xx",
        "fn default_response",
        "fn service_unavailable",
        "fn im_a_teapot",
    ] {
        assert!(
            !mocks.contains(&compact(method)),
            "`{method}` in the generated mocks"
        );
    }
}
