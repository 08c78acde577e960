//! The macro that turns one row of the generated operation table into what each builder
//! adds to progenitor's: its `send` (with the operation as the spec declares it), its
//! [`crate::CallOptions`] impl and its error enum.
//!
//! The generator writes one `operation!` invocation per operation, holding only facts of
//! the spec (names, method, path, statuses, types); the code they become is
//! written here, once. The compiler expands the rows, so the generator neither emits nor
//! parses this code for every operation.

/// One row of the operation table:
///
/// ```text
/// operation! {
///     Builder "operationId" "METHOD" "/path/{id}";
///     security Bearer;                            // Bearer, Basic or None
///     body true;                                  // a body the runtime sends; required?
///     -> SuccessType, created;                    // `created` when a `201` names a `Location`
///     errors BuilderError "enum doc" {            // when the operation declares errors
///         "variant doc" Variant(BodyType) = 404,
///         "variant doc" Status5xx = 500..=599,
///         "variant doc" Other(BodyType) = _,     // `default`
///     }
/// }
/// ```
///
/// Error rows come in match order: exact statuses, then ranges, then `default`.
#[allow(unused_macros, reason = "a document without operations has no rows")]
macro_rules! operation {
    (@output [$success:ty] $builder:ident created) => { $crate::Created<$success, super::created::$builder> };
    (@output [$success:ty] $builder:ident) => { $crate::ResponseValue<$success> };
    (@finish created) => { $crate::runtime::send_created };
    (@finish) => { $crate::runtime::send };
    (@decode $api:ident $variant:path) => {
        Some($variant)
    };
    (@decode $api:ident $variant:path, $payload:ty) => {
        $api.decode_body::<$payload>().ok().map($variant)
    };
    (
        $builder:ident $id:literal $method:literal $path:literal;
        security $security:ident;
        $(body $required:literal;)?
        -> $success:ty $(, $created:ident)?;
        $(errors $error:ident $error_doc:literal {
            $($variant_doc:literal $variant:ident $(($payload:ty))? = $status:pat),* $(,)?
        })?
    ) => {
        impl $builder<'_> {
            /// Sends the request through the client's runtime.
            $(
                #[doc = ""]
                #[doc = concat!(
                    "An error status is [`Error::Api`](crate::Error::Api); [`",
                    stringify!($error),
                    "::from_api`] types its body."
                )]
            )?
            pub async fn send(
                mut self,
            ) -> Result<$crate::operation::operation!(@output [$success] $builder $($created)?), $crate::Error> {
                const OPERATION: $crate::runtime::Operation = $crate::runtime::Operation {
                    id: $id,
                    method: $method,
                    path: $path,
                    security: $crate::runtime::Security::$security,
                };
                let client = self.runtime_client;
                let options = self.runtime_options.take().map(|options| *options).unwrap_or_default();
                $(let options = $crate::runtime::with_body(options, self.runtime_body.take(), $required)?;)?
                $crate::operation::operation!(@finish $($created)?)(client, &OPERATION, options, move |call| self.clone().raw_send(call)).await
            }
        }

        impl $crate::CallOptions for $builder<'_> {
            fn options_mut(&mut self) -> &mut $crate::RequestOptions {
                self.runtime_options.get_or_insert_default()
            }
        }

        $(
            #[doc = $error_doc]
            #[derive(Debug, Clone)]
            pub enum $error {
                $(
                    #[doc = $variant_doc]
                    $variant $(($payload))?,
                )*
            }

            impl $error {
                /// Types `api`'s body by its status; `None` if the status is undeclared or
                /// the body does not match.
                pub fn from_api(api: &$crate::ApiError) -> Option<Self> {
                    #[allow(unreachable_patterns, reason = "a `default` row ends the match itself")]
                    match api.status().as_u16() {
                        $($status => $crate::operation::operation!(@decode api Self::$variant $(, $payload)?),)*
                        _ => None,
                    }
                }
            }
        )?
    };
}

pub(crate) use operation;

/// The marker of an operation that creates a resource, the second parameter of the
/// [`crate::Created`] value it returns; with `retrieve()` when its `Location` names a `GET`
/// operation of the document:
///
/// ```text
/// created! {
///     Builder "marker doc" -> SuccessType;
///     retrieve "method doc" get_method -> ReadType = "/things/{id}" { id "id": ParamType };
/// }
/// ```
///
/// Each `{variable}` of the template names the setter it goes to and, when the setter says,
/// the type its text is parsed into.
#[allow(unused_macros, reason = "a document may create nothing")]
macro_rules! created {
    (@param $binding:ident $name:literal) => {
        $binding
    };
    (@param $binding:ident $name:literal $ty:ty) => {
        $crate::location::parse_param::<$ty>(&$binding, $name)?
    };
    (
        $marker:ident $doc:literal -> $success:ty;
        $(retrieve $retrieve_doc:literal $get:ident -> $read:ty = $template:literal {
            $($setter:ident $name:literal $(: $ty:ty)?),* $(,)?
        };)?
    ) => {
        #[doc = $doc]
        #[derive(Debug, Clone, Copy)]
        pub enum $marker {}

        $(
            impl $crate::Created<$success, $marker> {
                #[doc = $retrieve_doc]
                pub async fn retrieve(&self, client: &$crate::Client) -> Result<$crate::ResponseValue<$read>, $crate::Error> {
                    let [$($setter),*] = self.path_params(client, $template)?;
                    client.$get()$(.$setter($crate::operation::created!(@param $setter $name $($ty)?)))*.send().await
                }
            }
        )?
    };
}

#[allow(unused_imports, reason = "a document may create nothing")]
pub(crate) use created;
