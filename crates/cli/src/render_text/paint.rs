//! ANSI styling that disappears when colours are off, so the renderer has one code path.

/// An ANSI style, or nothing when colours are disabled.
pub(crate) struct Paint(Option<&'static str>);

impl Paint {
    /// `code` (an SGR parameter list such as `1;31`) when `enabled`, else no styling.
    pub(crate) fn new(enabled: bool, code: &'static str) -> Paint {
        Paint(enabled.then_some(code))
    }

    /// Bold blue, as rustc paints line numbers and the `-->` arrow.
    pub(crate) fn gutter(enabled: bool) -> Paint {
        Paint::new(enabled, "1;34")
    }

    /// True when this paint emits escape codes.
    pub(crate) fn enabled(&self) -> bool {
        self.0.is_some()
    }

    /// Appends `text` wrapped in the style to `out`.
    pub(crate) fn push(&self, out: &mut String, text: &str) {
        match self.0 {
            Some(code) => {
                out.push_str("\x1b[");
                out.push_str(code);
                out.push('m');
                out.push_str(text);
                out.push_str("\x1b[0m");
            }
            None => out.push_str(text),
        }
    }

    /// `text` wrapped in the style.
    pub(crate) fn apply(&self, text: &str) -> String {
        let mut out = String::new();
        self.push(&mut out, text);
        out
    }
}
