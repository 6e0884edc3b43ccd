//! The OpenAPI 3.1 document served at `/api/v1/openapi.json`, generated from the endpoints
//! the router mounts (see [`crate::endpoints`]), so it lists exactly the routes that exist.

use serde_json::{Map, Value, json};
use sotto_core::ErrorCode;

use schemars::SchemaGenerator;
use schemars::generate::SchemaSettings;

use crate::endpoints::{Access, Body, Endpoint, Verb, schema};

/// `GET /api/v1/openapi.json`.
pub static OPENAPI: Endpoint = Endpoint::new(
    Verb::Get,
    "/api/v1/openapi.json",
    "openapi",
    "This document.",
)
.returns(200, schema::<serde_json::Value>);

/// `GET /healthz`.
pub static HEALTH: Endpoint = Endpoint::new(
    Verb::Get,
    "/healthz",
    "health",
    "Health: `{\"status\":\"ok\",\"stores\":{\"main\":true,\"conversations\":true,\"keys\":true}}`; `503` with `status` `store_unavailable` and `Retry-After` while a store cannot be reached.",
)
.returns(200, schema::<serde_json::Value>);

fn operation(endpoint: &Endpoint, generator: &mut SchemaGenerator) -> Value {
    let mut parameters: Vec<Value> = endpoint
        .path_parameters()
        .map(|name| json!({ "name": name, "in": "path", "required": true, "schema": { "type": "string" } }))
        .collect();
    let mut responses = Map::new();
    let success = match endpoint.response {
        Body::Empty => json!({ "description": "No content." }),
        Body::Text(media_type) => json!({
            "description": "Text.",
            "content": { media_type: { "schema": { "type": "string" } } }
        }),
        Body::Json(schema) => json!({
            "description": "Success.",
            "content": { "application/json": { "schema": schema(generator) } }
        }),
    };
    responses.insert(endpoint.success.to_string(), success);
    let error = json!({ "$ref": "#/components/responses/Error" });
    responses.insert("400".into(), error.clone());
    responses.insert("404".into(), error.clone());
    responses.insert("429".into(), error.clone());
    let mut op = json!({
        "operationId": endpoint.operation,
        "summary": endpoint.summary,
    });
    match endpoint.access {
        Access::Widget { visitor } => {
            op["tags"] = json!(["widget"]);
            if visitor {
                parameters.push(json!({
                    "name": "Sotto-Visitor", "in": "header", "required": true,
                    "description": "The visitor's random browser id; never stored, turned into a pseudonym at once.",
                    "schema": { "type": "string", "format": "uuid" }
                }));
            }
            responses.insert("403".into(), error.clone());
        }
        Access::Team(permission) => {
            op["tags"] = json!(["admin"]);
            op["security"] = json!([{ "bearer": [] }]);
            if let Some(permission) = permission {
                op["x-sotto-permission"] = json!(permission.as_str());
            }
            responses.insert("401".into(), error.clone());
            responses.insert("403".into(), error.clone());
        }
        Access::Public => op["tags"] = json!(["meta"]),
    }
    if let Some(schema) = endpoint.request {
        op["requestBody"] = json!({
            "required": true,
            "content": { "application/json": { "schema": schema(generator) } }
        });
        responses.insert("413".into(), error.clone());
        responses.insert("415".into(), error);
    }
    if !parameters.is_empty() {
        op["parameters"] = Value::Array(parameters);
    }
    op["responses"] = Value::Object(responses);
    op
}

/// The error body every failure carries.
fn error_schema() -> Value {
    let codes: Vec<&str> = ErrorCode::ALL.iter().map(ErrorCode::as_str).collect();
    json!({
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["code", "message"],
                "properties": {
                    "code": { "type": "string", "enum": codes },
                    "message": { "type": "string" }
                }
            }
        }
    })
}

/// The document describing `endpoints`.
pub fn document(endpoints: &[&Endpoint]) -> Value {
    let mut settings = SchemaSettings::draft2020_12();
    settings.definitions_path = "/components/schemas".into();
    let mut generator = settings.into_generator();
    let mut paths = Map::new();
    for endpoint in endpoints {
        let path = paths
            .entry(endpoint.path.to_owned())
            .or_insert_with(|| json!({}));
        path[endpoint.method.method().as_str().to_ascii_lowercase()] =
            operation(endpoint, &mut generator);
    }
    let mut schemas = generator.take_definitions(true);
    schemas.insert("Error".into(), error_schema());
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Sotto API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "The widget API (public, per-site CORS, visitors named only by the Sotto-Visitor header) and the admin API (bearer keys; the tenant is always the key's).",
        },
        "paths": paths,
        "components": {
            "securitySchemes": {
                "bearer": { "type": "http", "scheme": "bearer", "description": "An admin API key, sotto_<key id>_<secret>." }
            },
            "schemas": schemas,
            "responses": {
                "Error": {
                    "description": "An error; `code` is stable, `message` is for people.",
                    "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } }
                }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_endpoint_is_an_operation_with_its_path_parameters() {
        let doc = document(&[&HEALTH, &OPENAPI, &crate::api::admin::team::REVOKE_KEY]);
        let text = doc.to_string();
        assert!(
            !text.contains("/$defs"),
            "every reference points into the components"
        );
        let revoke = &doc["paths"]["/api/v1/admin/keys/{key}"]["delete"];
        assert_eq!(revoke["operationId"], "revokeKey");
        assert_eq!(revoke["parameters"][0]["name"], "key");
        assert_eq!(revoke["security"][0]["bearer"], json!([]));
        assert!(revoke["responses"]["401"].is_object());
        assert_eq!(doc["paths"]["/healthz"]["get"]["tags"][0], "meta");
        assert_eq!(
            revoke["responses"]["200"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/KeyView"
        );
        let key = &doc["components"]["schemas"]["KeyView"];
        assert_eq!(
            key["properties"]["role"]["$ref"],
            "#/components/schemas/TeamRole"
        );
        assert!(
            key["required"]
                .as_array()
                .unwrap()
                .contains(&json!("key_id"))
        );
        let roles: Vec<&Value> = doc["components"]["schemas"]["TeamRole"]["oneOf"]
            .as_array()
            .unwrap()
            .iter()
            .map(|variant| &variant["const"])
            .collect();
        assert_eq!(
            roles,
            [
                &json!("owner"),
                &json!("admin"),
                &json!("agent"),
                &json!("viewer")
            ]
        );
        assert!(doc["components"]["schemas"]["Error"].is_object());
        assert!(doc["paths"]["/healthz"]["get"]["security"].is_null());
    }
}
