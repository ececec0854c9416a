//! The OpenAPI 3.1 document of `/hsds/`: what is served, with the parameters
//! from the same table the lists read (`params`), and the official HSDS schemas.

use serde_json::{Map, Value, json};

use super::params::{PER_PAGE_MAX, PLAIN_PARAMS, Param, SERVICE_PARAMS, TERM_PARAMS};

const SCHEMAS: &str = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema";

fn parameter(p: &Param) -> Value {
    let mut schema = json!({ "type": p.schema.0 });
    if let Some(format) = p.schema.1 {
        schema["format"] = format.into();
    }
    if p.name == "per_page" {
        schema["minimum"] = 1.into();
        schema["maximum"] = PER_PAGE_MAX.into();
    }
    if p.name == "page" {
        schema["minimum"] = 1.into();
    }
    json!({
        "name": p.name,
        "in": "query",
        "required": false,
        "description": p.description,
        "schema": schema,
    })
}

fn errors() -> Value {
    json!({
        "400": { "$ref": "#/components/responses/BadRequest" },
    })
}

fn list(summary: &str, item_schema: &str, params: &[&Param]) -> Value {
    let mut responses = json!({
        "200": {
            "description": summary,
            "content": { "application/json": { "schema": {
                "allOf": [{ "$ref": "#/components/schemas/Page" }],
                "properties": {
                    "contents": { "type": "array", "items": { "$ref": format!("{SCHEMAS}/{item_schema}") } }
                }
            } } }
        }
    });
    if let (Some(r), Value::Object(e)) = (responses.as_object_mut(), errors()) {
        r.extend(e);
    }
    json!({ "get": {
        "summary": summary,
        "parameters": params.iter().map(|p| parameter(p)).collect::<Vec<_>>(),
        "responses": responses,
    } })
}

fn one(summary: &str, schema: &str) -> Value {
    json!({
        "parameters": [{
            "in": "path", "name": "id", "required": true,
            "schema": { "type": "string", "format": "uuid" }
        }],
        "get": {
            "summary": summary,
            "responses": {
                "200": {
                    "description": summary,
                    "content": { "application/json": { "schema": { "$ref": format!("{SCHEMAS}/{schema}") } } }
                },
                "404": { "$ref": "#/components/responses/NotFound" }
            }
        }
    })
}

/// The document, with `base` (scheme and host) as the server.
pub fn document(base: &str) -> Value {
    let mut paths = Map::new();
    paths.insert(
        "/".into(),
        json!({ "get": {
            "summary": "What this API is: HSDS version, profile, this document's URL.",
            "responses": { "200": {
                "description": "About this API.",
                "content": { "application/json": { "schema": {
                    "type": "object",
                    "required": ["version", "profile", "openapi_url"],
                    "properties": {
                        "version": { "type": "string", "const": "3.0" },
                        "profile": { "type": "string", "format": "uri" },
                        "openapi_url": { "type": "string", "format": "uri" }
                    }
                } } }
            } }
        } }),
    );
    paths.insert(
        "/openapi.json".into(),
        json!({ "get": {
            "summary": "This document.",
            "responses": { "200": { "description": "OpenAPI 3.1.", "content": { "application/json": {} } } }
        } }),
    );
    let lists: [(&str, &str, &str, &[&Param]); 5] = [
        (
            "/services",
            "Public services, one-to-one fields only.",
            "compiled/service_list.json",
            SERVICE_PARAMS,
        ),
        (
            "/service_at_locations",
            "The places of the public services, one-to-one fields only.",
            "compiled/service_at_location_list.json",
            SERVICE_PARAMS,
        ),
        (
            "/organizations",
            "Organizations, one-to-one fields only.",
            "compiled/organization_list.json",
            PLAIN_PARAMS,
        ),
        (
            "/taxonomies",
            "The guide's vocabularies.",
            "taxonomy.json",
            PLAIN_PARAMS,
        ),
        (
            "/taxonomy_terms",
            "The terms of the guide's vocabularies.",
            "taxonomy_term.json",
            TERM_PARAMS,
        ),
    ];
    for (path, summary, schema, params) in lists {
        paths.insert(path.into(), list(summary, schema, params));
    }
    let items = [
        (
            "/services/{id}",
            "A public service, fully nested.",
            "compiled/service.json",
        ),
        (
            "/service_at_locations/{id}",
            "A place of a public service, with the service.",
            "compiled/service_at_location.json",
        ),
        (
            "/organizations/{id}",
            "An organization with its first 50 public services; all of them: /services?organization_id=.",
            "compiled/organization.json",
        ),
        ("/taxonomies/{id}", "A vocabulary.", "taxonomy.json"),
        ("/taxonomy_terms/{id}", "A term.", "taxonomy_term.json"),
    ];
    for (path, summary, schema) in items {
        paths.insert(path.into(), one(summary, schema));
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Wijkgids HSDS API",
            "version": wijkgids_core::VERSION,
            "summary": "A neighbourhood guide's public offerings as Open Referral HSDS 3.0.",
            "description": "Read only, public data only, no key. Services carry the guide's vocabularies as taxonomy attributes; fields HSDS has no place for travel as attributes of the taxonomy 'Wijkgids extension fields'. Schedule times are Europe/Amsterdam wall-clock times. Lists are pages of at most 200 items; every filter given applies.",
            "license": { "name": "EUPL-1.2", "identifier": "EUPL-1.2" }
        },
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "servers": [{ "url": format!("{base}/hsds") }],
        "paths": paths,
        "components": {
            "schemas": {
                "Page": {
                    "type": "object",
                    "required": ["total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"],
                    "properties": {
                        "total_items": { "type": "integer", "description": "Items matching, on all pages." },
                        "total_pages": { "type": "integer", "description": "Pages (at least 1)." },
                        "page_number": { "type": "integer", "description": "This page's number, from 1." },
                        "size": { "type": "integer", "description": "Items on this page." },
                        "first_page": { "type": "boolean" },
                        "last_page": { "type": "boolean" },
                        "empty": { "type": "boolean", "description": "This page holds no items (nothing matches, or a page past the last)." }
                    }
                },
                "Error": {
                    "type": "object",
                    "required": ["code", "message"],
                    "properties": {
                        "code": { "type": "string" },
                        "field": { "type": "string", "description": "The parameter at fault." },
                        "message": { "type": "string" }
                    }
                }
            },
            "responses": {
                "BadRequest": {
                    "description": "A parameter is unknown, repeated or malformed; `field` names it.",
                    "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } }
                },
                "NotFound": {
                    "description": "No such record.",
                    "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } }
                }
            }
        }
    })
}
