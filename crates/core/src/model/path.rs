//! Field paths as users read them: `resources.gpu.count`, `volumes[0].path`.
//!
//! A path is a chain of borrowed steps on the stack, so validating costs no allocation;
//! the text is only built for a diagnostic.

use std::fmt;

use crate::python::push_int;

/// One step of a path.
#[derive(Clone, Copy, Debug)]
enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

/// A field path from the document root.
#[derive(Clone, Copy, Debug)]
pub struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    seg: Option<Seg<'a>>,
}

/// The document root.
pub static ROOT: Path<'static> = Path { parent: None, seg: None };

impl<'a> Path<'a> {
    /// The document root.
    pub fn root() -> &'static Path<'static> {
        &ROOT
    }

    /// This path extended by a mapping key.
    pub fn key<'b>(&'b self, key: &'b str) -> Path<'b> {
        Path { parent: Some(self), seg: Some(Seg::Key(key)) }
    }

    /// This path extended by a list index.
    pub fn index(&self, i: usize) -> Path<'_> {
        Path { parent: Some(self), seg: Some(Seg::Index(i)) }
    }

    /// The last key, for messages ("`nodes` must be …").
    pub fn field(&self) -> Option<&'a str> {
        let mut cur = Some(self);
        while let Some(p) = cur {
            if let Some(Seg::Key(k)) = p.seg {
                return Some(k);
            }
            cur = p.parent;
        }
        None
    }

    /// The path as users read it, as [`fmt::Display`] prints it: built directly, since every
    /// diagnostic of the validator needs it.
    pub fn text(&self) -> String {
        let mut out = String::with_capacity(self.room());
        self.push_to(&mut out);
        out
    }

    /// Room for [`Path::text`] (an index of up to six digits): one allocation rather than one
    /// per step.
    fn room(&self) -> usize {
        let step = match self.seg {
            None => 0,
            Some(Seg::Key(k)) => k.len() + 1,
            Some(Seg::Index(_)) => 8,
        };
        step + self.parent.map_or(0, Path::room)
    }

    /// Appends the path to `out`; true when it has a step.
    fn push_to(&self, out: &mut String) -> bool {
        let before = self.parent.is_some_and(|p| p.push_to(out));
        match self.seg {
            None => before,
            Some(Seg::Key(k)) => {
                if before {
                    out.push('.');
                }
                out.push_str(k);
                true
            }
            Some(Seg::Index(n)) => {
                out.push('[');
                push_int(out, n as i128);
                out.push(']');
                true
            }
        }
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display() {
        let volumes = Path::root().key("volumes");
        let item = volumes.index(0);
        assert_eq!(item.key("path").to_string(), "volumes[0].path");
        assert_eq!(Path::root().key("resources").key("gpu").to_string(), "resources.gpu");
        assert_eq!(Path::root().to_string(), "");
        assert_eq!(Path::root().index(12).key("a").key("").index(3).text(), "[12].a.[3]");
        assert_eq!(item.field(), Some("volumes"));
    }
}
