//! A hand-written client of the four exchange-session operations.
// Decoded fields are only printed through Debug, which the dead-code lint ignores.
#![allow(dead_code)]
use std::collections::BTreeMap;

use reqwest::header::{ACCEPT, CONTENT_TYPE, LOCATION};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

const HAL: &str = "application/vnd.dwolla.v1.hal+json";
type Error = Box<dyn std::error::Error>;

#[derive(Serialize)]
struct Href<'a> {
    href: &'a str,
}

#[derive(Serialize)]
struct CreateLinks<'a> {
    #[serde(rename = "exchange-partner")]
    exchange_partner: Href<'a>,
    #[serde(rename = "redirect-url", skip_serializing_if = "Option::is_none")]
    redirect_url: Option<Href<'a>>,
}

#[derive(Serialize)]
struct Create<'a> {
    #[serde(rename = "_links")]
    links: CreateLinks<'a>,
}

#[derive(Debug, Deserialize)]
struct HalLink {
    href: String,
    #[serde(rename = "type")]
    type_: Option<String>,
    #[serde(rename = "resource-type")]
    resource_type: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ExchangeSession {
    created: Option<chrono::DateTime<chrono::Utc>>,
    external_provider_session_token: Option<String>,
    #[serde(rename = "_links")]
    links: BTreeMap<String, HalLink>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Connection {
    available_connection_token: String,
    name: String,
}

#[derive(Debug, Deserialize)]
struct Embedded {
    #[serde(rename = "available-exchange-connections")]
    connections: Vec<Connection>,
}

#[derive(Debug, Deserialize)]
struct Connections {
    #[serde(rename = "_embedded")]
    embedded: Embedded,
}

#[derive(Debug, Deserialize)]
struct ApiError {
    code: String,
    message: String,
}

struct Api {
    http: reqwest::Client,
    base: String,
    token: String,
}

impl Api {
    async fn check(response: reqwest::Response) -> Result<reqwest::Response, Error> {
        if response.status().is_success() {
            return Ok(response);
        }
        let error: ApiError = response.json().await?;
        Err(format!("{}: {}", error.code, error.message).into())
    }

    async fn post(&self, path: String, body: Option<Vec<u8>>) -> Result<String, Error> {
        let request = self.http.post(format!("{}{path}", self.base)).bearer_auth(&self.token).header(ACCEPT, HAL)
            .header("idempotency-key", Uuid::new_v4().to_string());
        let request = match body {
            Some(body) => request.header(CONTENT_TYPE, HAL).body(body),
            None => request,
        };
        let response = Self::check(request.send().await?).await?;
        Ok(response.headers().get(LOCATION).ok_or("no Location")?.to_str()?.to_string())
    }

    async fn get<T: serde::de::DeserializeOwned>(&self, path: String) -> Result<T, Error> {
        let response = self.http.get(format!("{}{path}", self.base)).bearer_auth(&self.token).header(ACCEPT, HAL).send().await?;
        let bytes = Self::check(response).await?.bytes().await?;
        Ok(serde_json::from_slice(&bytes)?)
    }
}

fn main() -> Result<(), Error> {
    let base = std::env::args().nth(1).unwrap_or_else(|| "http://127.0.0.1:9".into());
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    runtime.block_on(async {
        let api = Api { http: reqwest::Client::new(), base, token: "token".into() };
        let id = Uuid::nil();
        let body = Create { links: CreateLinks { exchange_partner: Href { href: "https://api-sandbox.dwolla.com/exchange-partners/x" }, redirect_url: None } };
        let location = api.post(format!("/customers/{id}/exchange-sessions"), Some(serde_json::to_vec(&body)?)).await?;
        let session: ExchangeSession = api.get(format!("/exchange-sessions/{id}")).await?;
        let reauth = api.post(format!("/exchanges/{id}/exchange-sessions"), None).await?;
        let list: Connections = api.get(format!("/customers/{id}/available-exchange-connections")).await?;
        println!("{location} {session:?} {reauth} {list:?}");
        Ok(())
    })
}
