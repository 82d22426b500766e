//! Python's own conversions, reproduced exactly: `repr(float)`, `repr(str)`, `int(str)`, `float(str)`.
//!
//! pydantic v1 coerces with these, so dstack's accepted inputs and normalized output depend on them.
//! They live with the YAML loader, which needs them too.

pub use dstack_yaml::python::{
    float_from_str, float_repr, int_from_str, int_text_from_str, is_decimal_digit, push_int, repr_str,
};
