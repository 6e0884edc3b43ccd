//! Every API route is declared once, as an [`Endpoint`], and mounted through [`Api`], which
//! records it. The OpenAPI document is generated from those records, and the authorization
//! test matrix compares itself with them: a route mounted through [`Api`] cannot be missing
//! from either.

use axum::Router;
use axum::handler::Handler;
use axum::http::Method;
use axum::routing::{MethodFilter, on};
use schemars::{JsonSchema, Schema, SchemaGenerator};
use sotto_core::access::Permission;

/// Who may call an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// The widget: anyone, from one of the site's origins, naming themselves with the
    /// `Sotto-Visitor` header where the route acts for a visitor.
    Widget {
        /// Whether the route needs the `Sotto-Visitor` header.
        visitor: bool,
    },
    /// A tenant's team, with a bearer key whose role allows the permission (`None`: any role).
    Team(Option<Permission>),
    /// Anyone (health, the API description).
    Public,
}

/// The HTTP methods the API uses (a plain enum, so endpoints can be built in constants).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    /// `GET`.
    Get,
    /// `POST`.
    Post,
    /// `PUT`.
    Put,
    /// `PATCH`.
    Patch,
    /// `DELETE`.
    Delete,
}

impl Verb {
    /// The method as `http` spells it.
    pub fn method(self) -> Method {
        match self {
            Verb::Get => Method::GET,
            Verb::Post => Method::POST,
            Verb::Put => Method::PUT,
            Verb::Patch => Method::PATCH,
            Verb::Delete => Method::DELETE,
        }
    }

    fn filter(self) -> MethodFilter {
        match self {
            Verb::Get => MethodFilter::GET,
            Verb::Post => MethodFilter::POST,
            Verb::Put => MethodFilter::PUT,
            Verb::Patch => MethodFilter::PATCH,
            Verb::Delete => MethodFilter::DELETE,
        }
    }
}

/// One route of the API, as documentation and tests see it.
#[derive(Clone, Copy)]
pub struct Endpoint {
    /// HTTP method.
    pub method: Verb,
    /// Path, with `{name}` parameters.
    pub path: &'static str,
    /// Stable operation id.
    pub operation: &'static str,
    /// One line on what it does.
    pub summary: &'static str,
    /// Who may call it.
    pub access: Access,
    /// The JSON schema of the request body, when it has one.
    pub request: Option<SchemaFn>,
    /// Status of success.
    pub success: u16,
    /// What a successful response holds.
    pub response: Body,
}

/// Writes a type's JSON schema into a generator and returns a reference to it.
pub type SchemaFn = fn(&mut SchemaGenerator) -> Schema;

/// The [`SchemaFn`] of `T`.
pub fn schema<T: JsonSchema>(generator: &mut SchemaGenerator) -> Schema {
    generator.subschema_for::<T>()
}

/// What a successful response carries.
#[derive(Debug, Clone, Copy)]
pub enum Body {
    /// JSON of this schema.
    Json(SchemaFn),
    /// Text of this media type.
    Text(&'static str),
    /// Nothing (`204`).
    Empty,
}

impl Endpoint {
    /// An endpoint anyone may call, answering `204` without a body; refine it with the other
    /// constructors.
    pub const fn new(
        method: Verb,
        path: &'static str,
        operation: &'static str,
        summary: &'static str,
    ) -> Self {
        Self {
            method,
            path,
            operation,
            summary,
            access: Access::Public,
            request: None,
            success: 204,
            response: Body::Empty,
        }
    }

    /// For the team, with a role that allows `permission`.
    pub const fn team(self, permission: Permission) -> Self {
        Self {
            access: Access::Team(Some(permission)),
            ..self
        }
    }

    /// For the team, any role.
    pub const fn team_any(self) -> Self {
        Self {
            access: Access::Team(None),
            ..self
        }
    }

    /// For the widget; `visitor` when the route acts for the visitor of the header.
    pub const fn widget(self, visitor: bool) -> Self {
        Self {
            access: Access::Widget { visitor },
            ..self
        }
    }

    /// With a JSON request body described by `schema`.
    pub const fn body(self, schema: SchemaFn) -> Self {
        Self {
            request: Some(schema),
            ..self
        }
    }

    /// Answers `status` with JSON of `schema` on success.
    pub const fn returns(self, status: u16, schema: SchemaFn) -> Self {
        Self {
            success: status,
            response: Body::Json(schema),
            ..self
        }
    }

    /// Answers `200` with text of `media_type` on success.
    pub const fn returns_text(self, media_type: &'static str) -> Self {
        Self {
            success: 200,
            response: Body::Text(media_type),
            ..self
        }
    }

    /// The path's `{name}` parameters, in order.
    pub fn path_parameters(&self) -> impl Iterator<Item = &'static str> {
        self.path
            .split('/')
            .filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}'))
    }
}

/// A router that records the endpoints mounted on it.
pub struct Api<S> {
    router: Router<S>,
    endpoints: Vec<&'static Endpoint>,
}

impl<S: Clone + Send + Sync + 'static> Default for Api<S> {
    fn default() -> Self {
        Self {
            router: Router::new(),
            endpoints: Vec::new(),
        }
    }
}

impl<S: Clone + Send + Sync + 'static> Api<S> {
    /// Mounts `handler` for `endpoint` and records it.
    pub fn add<H, T>(mut self, endpoint: &'static Endpoint, handler: H) -> Self
    where
        H: Handler<T, S>,
        T: 'static,
    {
        self.router = self
            .router
            .route(endpoint.path, on(endpoint.method.filter(), handler));
        self.endpoints.push(endpoint);
        self
    }

    /// Mounts a CORS preflight handler on a path already added (not an operation of its own).
    pub fn preflight<H, T>(mut self, path: &'static str, handler: H) -> Self
    where
        H: Handler<T, S>,
        T: 'static,
    {
        self.router = self.router.route(path, on(MethodFilter::OPTIONS, handler));
        self
    }

    /// Wraps every route added so far (not the preflights added after) in `layer`.
    pub fn route_layer<L>(mut self, layer: L) -> Self
    where
        L: tower::Layer<axum::routing::Route> + Clone + Send + Sync + 'static,
        L::Service: tower::Service<axum::extract::Request> + Clone + Send + Sync + 'static,
        <L::Service as tower::Service<axum::extract::Request>>::Response:
            axum::response::IntoResponse + 'static,
        <L::Service as tower::Service<axum::extract::Request>>::Error:
            Into<std::convert::Infallible> + 'static,
        <L::Service as tower::Service<axum::extract::Request>>::Future: Send + 'static,
    {
        self.router = self.router.route_layer(layer);
        self
    }

    /// Adds every endpoint of another [`Api`].
    pub fn merge(mut self, other: Api<S>) -> Self {
        self.router = self.router.merge(other.router);
        self.endpoints.extend(other.endpoints);
        self
    }

    /// The recorded endpoints.
    pub fn endpoints(&self) -> &[&'static Endpoint] {
        &self.endpoints
    }

    /// The router and the recorded endpoints.
    pub fn into_parts(self) -> (Router<S>, Vec<&'static Endpoint>) {
        (self.router, self.endpoints)
    }
}
