//! The mock stage takes documents far from the default spec: inline and `oneOf` error
//! schemas, ranges and `default`, bodies that are not JSON, `Location` without an example
//! or a `GET` to point at, derived and odd operationIds. It answers them all and never
//! refuses the document.
//!
//! Checked as a user sees it: the client and mocks generated from such a document go into a
//! copy of the client crate, whose tests ([`USER_TESTS`]) start each operation's mock, call
//! the generated client against it, and assert the status, body and media type that come
//! back. The copy builds in the workspace's target directory and reuses the dependencies
//! built there; the first run also builds the few whose features the workspace unifies
//! differently, later runs only what changed in the copy.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

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

/// The tests of the crate generated from [`ODD`], as a user of that crate would write them.
const USER_TESTS: &str = r###"//! The client generated from `odd.yaml`, tested against its own generated mocks, as a user's
//! tests would: each answer's status, body and media type, and the error enum decoded back.
#![deny(warnings)]

use dwolla_exchange_sessions::operations::{
    FindPetByIdError, GetPetsError, PetsCreateError, TokenError, TypeError, UploadDocumentError,
};
use dwolla_exchange_sessions::{
    ApiError, ByteStream, Client, Environment, Error, Multipart, ResponseValue, RetryPolicy, mock,
    types,
};
use futures_util::StreamExt;
use wiremock::MockServer;

fn client(server: &MockServer) -> Client {
    Client::builder(Environment::Custom(server.uri()))
        .bearer_token("mock-test-token")
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("a loopback client builds")
}

fn content_type(headers: &reqwest::header::HeaderMap) -> &str {
    headers
        .get("content-type")
        .map(|v| v.to_str().expect("an ASCII Content-Type"))
        .unwrap_or("")
}

async fn bytes(response: ResponseValue<ByteStream>) -> Vec<u8> {
    let mut stream = response.into_inner_stream();
    let mut out = Vec::new();
    while let Some(chunk) = stream.next().await {
        out.extend_from_slice(&chunk.expect("a body chunk"));
    }
    out
}

fn api_error<T>(result: Result<T, Error>) -> ApiError {
    match result {
        Err(Error::Api(api)) => api,
        Err(other) => panic!("expected an API error, got {other:?}"),
        Ok(_) => panic!("expected an API error, got a success"),
    }
}

fn json(value: &impl serde::Serialize) -> serde_json::Value {
    serde_json::to_value(value).expect("generated types serialize")
}

/// A `201` with a body and a `Location` the mock points at the operation that reads the
/// resource back (found by REST convention), which `retrieve()` follows.
#[tokio::test]
async fn created_answers_its_body_and_a_location_that_retrieve_follows() {
    let server = MockServer::start().await;
    mock::pets_create()
        .body(mock::examples::pets_create_body())
        .created(7, mock::examples::pets_create_response())
        .expect(1)
        .mount(&server)
        .await;
    mock::find_pet_by_id()
        .pet_id(7)
        .ok(types::Pet {
            id: 7,
            name: Some("Rex".into()),
        })
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let created = client
        .pets_create()
        .body(mock::examples::pets_create_body())
        .send()
        .await
        .expect("201");
    assert_eq!(created.status(), 201);
    assert_eq!(content_type(created.headers()), "application/json");
    assert_eq!(created.body().id, Some(7));
    assert_eq!(
        created.location().expect("a Location").as_str(),
        format!("{}/pets/7", server.uri())
    );
    let pet = created
        .retrieve(&client)
        .await
        .expect("the Location is read");
    assert_eq!((pet.id, pet.name.as_deref()), (7, Some("Rex")));
}

/// Errors are the client's error enum: an inline `oneOf` schema answers in its own media
/// type; a range answers its first status not listed on its own; `default` one neither
/// listed nor in a listed range; a body that is not JSON, or none, is a unit variant.
#[tokio::test]
async fn every_error_answers_its_status_media_type_and_body() {
    let server = MockServer::start().await;
    let client = client(&server);
    let bad = types::PetsCreateError400::Title("no name".into());
    let range = types::PetsCreateError4xx {
        reason: Some("no".into()),
    };
    for (error, status, media) in [
        (
            PetsCreateError::BadRequest(bad.clone()),
            400,
            "application/problem+json",
        ),
        (
            PetsCreateError::Status4xx(range.clone()),
            401,
            "application/json",
        ),
        (PetsCreateError::Other, 500, ""),
    ] {
        server.reset().await;
        mock::pets_create()
            .error(error)
            .expect(1)
            .mount(&server)
            .await;
        let api = api_error(
            client
                .pets_create()
                .body(mock::examples::pets_create_body())
                .send()
                .await,
        );
        assert_eq!(api.status(), status);
        assert_eq!(content_type(api.headers()), media, "{status}");
        match PetsCreateError::from_api(&api) {
            Some(PetsCreateError::BadRequest(body)) if status == 400 => {
                assert_eq!(json(&body), json(&bad))
            }
            Some(PetsCreateError::Status4xx(body)) if status == 401 => {
                assert_eq!(json(&body), json(&range))
            }
            Some(PetsCreateError::Other) if status == 500 => {
                assert!(api.raw_body().is_empty())
            }
            other => panic!("{status}: decoded back as {other:?}"),
        }
    }

    server.reset().await;
    mock::get_pets()
        .error(GetPetsError::ServiceUnavailable)
        .mount(&server)
        .await;
    let api = api_error(client.get_pets().send().await);
    assert_eq!(api.status(), 503);
    assert!(api.raw_body().is_empty());
    assert!(matches!(
        GetPetsError::from_api(&api),
        Some(GetPetsError::ServiceUnavailable)
    ));

    server.reset().await;
    let problem = types::Problem {
        title: Some("gone fishing".into()),
    };
    mock::find_pet_by_id()
        .error(FindPetByIdError::Other(problem.clone()))
        .mount(&server)
        .await;
    let api = api_error(client.find_pet_by_id().pet_id(-3).send().await);
    assert_eq!(api.status(), 500);
    assert_eq!(content_type(api.headers()), "application/json");
    match FindPetByIdError::from_api(&api) {
        Some(FindPetByIdError::Other(body)) => assert_eq!(json(&body), json(&problem)),
        other => panic!("decoded back as {other:?}"),
    }

    server.reset().await;
    mock::type_()
        .error(TypeError::ImATeapot)
        .mount(&server)
        .await;
    let api = api_error(client.type_().name("readme").send().await);
    assert_eq!(api.status(), 418);
    assert!(matches!(
        TypeError::from_api(&api),
        Some(TypeError::ImATeapot)
    ));
}

/// Multipart bodies are matched by Content-Type only (the boundary varies); a `Location`
/// with two path variables, and a bytes answer in the spec's media type.
#[tokio::test]
async fn multipart_upload_then_bytes_download() {
    let server = MockServer::start().await;
    let document = uuid::Uuid::new_v4();
    mock::upload_document()
        .owner_id("ann lee")
        .created("ann lee", document)
        .expect(1)
        .mount(&server)
        .await;
    mock::get_document()
        .owner_id("ann lee")
        .document_id(document)
        .ok(b"%PDF-1.7".to_vec())
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let created = client
        .upload_document()
        .owner_id("ann lee")
        .body(Multipart::new().text("documentType", "passport").file(
            "file",
            "passport.pdf",
            "application/pdf",
            b"%PDF".to_vec(),
        ))
        .send()
        .await
        .expect("201");
    assert_eq!(created.status(), 201);
    assert_eq!(
        created.location().expect("a Location").as_str(),
        format!("{}/owners/ann%20lee/documents/{document}", server.uri())
    );
    assert_eq!(created.id().expect("a UUID id"), document);
    let pdf = created
        .retrieve(&client)
        .await
        .expect("the Location is read");
    assert_eq!(content_type(pdf.headers()), "application/pdf");
    assert_eq!(bytes(pdf).await, b"%PDF-1.7");

    server.reset().await;
    mock::upload_document()
        .error(UploadDocumentError::UnsupportedMediaType)
        .mount(&server)
        .await;
    let api = api_error(
        client
            .upload_document()
            .owner_id("ann")
            .body(Multipart::new().text("documentType", "passport"))
            .send()
            .await,
    );
    assert_eq!(api.status(), 415);
}

/// A form body is matched by Content-Type; its answers are typed.
#[tokio::test]
async fn form_body_gets_a_typed_answer() {
    let server = MockServer::start().await;
    mock::token()
        .ok(types::TokenResponse {
            access_token: Some("abc".into()),
        })
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let token = client
        .token()
        .body(types::TokenBody {
            grant_type: Some("client_credentials".into()),
        })
        .send()
        .await
        .expect("200");
    assert_eq!(content_type(token.headers()), "application/json");
    assert_eq!(token.access_token.as_deref(), Some("abc"));

    server.reset().await;
    mock::token()
        .error(TokenError::Unauthorized(types::TokenError401 {
            error: Some("invalid_client".into()),
        }))
        .mount(&server)
        .await;
    let api = api_error(client.token().send().await);
    assert_eq!(api.status(), 401);
    match TokenError::from_api(&api) {
        Some(TokenError::Unauthorized(body)) => {
            assert_eq!(body.error.as_deref(), Some("invalid_client"))
        }
        other => panic!("decoded back as {other:?}"),
    }
}

/// A `Location` with no `GET` to point at lands below the request's path; a status below
/// 400 that is not a success still has its answer.
#[tokio::test]
async fn location_without_a_get_and_a_redirect_status() {
    let server = MockServer::start().await;
    mock::body()
        .body("hello".to_string())
        .accepted("note-1")
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let created = client.body().body("hello").send().await.expect("202");
    assert_eq!(created.status(), 202);
    assert_eq!(
        created.location().expect("a Location").as_str(),
        format!("{}/notes/note-1", server.uri())
    );

    server.reset().await;
    mock::body().see_other().expect(1).mount(&server).await;
    let error = client.body().body("hello").send().await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(303), "{error:?}");
}

/// Derived and odd operationIds (a keyword among them), typed path variables and one inside
/// a segment, and raw answers in their media type.
#[tokio::test]
async fn odd_names_and_raw_answers() {
    let server = MockServer::start().await;
    mock::type_()
        .ok("plain text")
        .expect(1)
        .mount(&server)
        .await;
    mock::get_pets()
        .ok(br#"[{"id":1}]"#.to_vec())
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let text = client.type_().name("readme").send().await.expect("200");
    assert_eq!(content_type(text.headers()), "text/plain");
    assert_eq!(bytes(text).await, b"plain text");
    let pets = client.get_pets().limit(5).send().await.expect("200");
    assert_eq!(content_type(pets.headers()), "application/json");
    assert_eq!(bytes(pets).await, br#"[{"id":1}]"#);

    server.reset().await;
    mock::get_pets().no_content().mount(&server).await;
    let none = client.get_pets().send().await.expect("204");
    assert_eq!(none.status(), 204);
    assert!(bytes(none).await.is_empty());
}
"###;

/// The workspace's target directory: cargo's `CARGO_TARGET_TMPDIR` is `<target dir>/tmp`.
fn target_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the tmp directory is inside the target directory")
        .to_path_buf()
}

#[test]
fn every_odd_shape_answers_the_generated_client_as_the_spec_says() {
    let files = generator::generate_source(ODD, Path::new("odd.yaml"))
        .unwrap_or_else(|e| panic!("generation failed:\n{e}"));
    // One place for every run, so cargo rebuilds the copy only when its files change.
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("mocks-odd-client");
    common::client_copy(
        &dir,
        &files,
        r#"futures-util = { version = "0.3", default-features = false }"#,
    );
    common::write_if_changed(&dir.join("tests/odd_mocks.rs"), USER_TESTS.as_bytes());

    let mut cargo = Command::new(env!("CARGO"));
    cargo
        .args(["test", "--quiet", "--features", "mock"])
        .args(["--test", "odd_mocks"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", target_dir());
    if !cfg!(debug_assertions) {
        cargo.arg("--release");
    }
    let output = cargo.output().expect("cargo runs");
    assert!(
        output.status.success(),
        "the tests of the client generated from odd.yaml failed (in {}):\n{}\n{}",
        dir.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
