//! `type: task`: the run fields, `nodes`, `ports`, `commands`, node groups (0.22.5) and the
//! task's model rules.

use super::coerce::{shorten, to_int};
use super::ctx::{Ctx, Fail};
use super::path::Path;
use super::{Model, fields_valid, groups, task_0_22};
use crate::codes;
use crate::json::Json;
use crate::yaml::Node;

/// Validates the fields and rules of a task.
pub(super) fn validate(m: &mut Model, root: &Node) {
    let v2 = m.ctx.version.pydantic2();
    if v2 && !task_0_22::nodes_xor_groups(m.ctx, m.entries) {
        return;
    }
    m.unknown_keys();
    nodes(m);
    m.type_field();
    m.run_fields();
    m.ports_field();
    m.commands_field();
    m.profile_fields();
    m.record_optional("groups", groups::parse_groups);
    if !v2 {
        m.commands_or_image(root);
    } else if fields_valid(m.ctx) {
        m.after_rules(root);
    }
}

/// `nodes`: at least 1; 0.22.5 makes it optional (null = one node, no conflict with `groups`).
fn nodes(m: &mut Model) {
    let nodes_fn = |ctx: &mut Ctx, path: &Path, n: &Node| {
        let count = ctx.ok(path, n, to_int(n, ctx.version))?;
        if count < 1 {
            ctx.fail(
                path,
                n.span,
                Fail::new(
                    codes::OUT_OF_BOUNDS,
                    format!("`nodes` must be at least 1, found {}", shorten(&count.to_string())),
                    "ensure this value is greater than or equal to 1",
                ),
            );
            return None;
        }
        Some(count.json())
    };
    let nodes = if m.ctx.version.pydantic2() {
        m.optional_with("nodes", nodes_fn)
    } else {
        m.required("nodes", Json::Int(1), "a number of nodes", nodes_fn)
    };
    m.emit("nodes", nodes);
}
