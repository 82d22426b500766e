//! What dstack 0.22.5 adds to run configurations: their new fields (each skipped for a release
//! or model without it), the `docker` exclusions, and the rules of a task's node groups.

use super::coerce::{key_str, shorten, to_int, to_str};
use super::ctx::{Ctx, Fail};
use super::path::Path;
use super::{FieldParser, Model, bool_field, newer_fields, str_list};
use crate::codes;
use crate::json::Json;
use crate::yaml::{Node, Value};

/// `startup_order` values.
pub(crate) const STARTUP_ORDERS: [&str; 3] = ["any", "master-first", "workers-first"];

/// `stop_criteria` values.
pub(crate) const STOP_CRITERIA_VALUES: [&str; 2] = ["all-done", "master-done"];

/// dstack 0.22.5's "before" rule: `nodes` and `groups` exclude each other, and when both are
/// given nothing else is checked.
pub(super) fn nodes_xor_groups(ctx: &mut Ctx, entries: &[(Node, Node)]) -> bool {
    let given = |key: &str| entries.iter().find(|(k, v)| key_str(k) == Some(key) && !matches!(v.value(), Value::Null));
    let (Some(_), Some((groups_key, _))) = (given("nodes"), given("groups")) else { return true };
    ctx.fail(
        Path::root(),
        groups_key.span,
        Fail::new(
            codes::INVALID_TYPE,
            "`nodes` and `groups` cannot be used together: each group sets its own `nodes`",
            "Value error, `nodes` and `groups` are mutually exclusive",
        )
        .help("remove the top-level `nodes`"),
    );
    false
}

impl Model<'_> {
    /// `docker: true` runs Docker in the container, so it excludes `image`, `python` and `nvcc`
    /// (dstack's before-validator, which sees the raw `true` and the fields validated before it).
    fn docker(&mut self) -> Option<Json> {
        let given = |m: &Self, key: &str| {
            m.records(key).any(|v| matches!(v, Json::Str(s) if !s.is_empty()) || *v == Json::Bool(true))
        };
        if let Some(node) = self.get("docker")
            && matches!(node.value(), Value::Bool(true))
            && let Some(other) = ["image", "python", "nvcc"].into_iter().find(|f| given(self, f))
        {
            self.ctx.fail(
                &Self::path("docker"),
                node.span,
                Fail::new(
                    codes::INVALID_TYPE,
                    format!("`docker: true` cannot be used together with `{other}`"),
                    format!("Value error, `{other}` and `docker` are mutually exclusive fields"),
                )
                .help(format!("remove `{other}`: with `docker: true` dstack uses its own Docker-in-Docker image")),
            );
            return None;
        }
        self.optional_with("docker", bool_field)
    }

    /// Run fields that 0.18.37 does not have (each is skipped for a release without it).
    pub(super) fn run_fields_since_0_19(&mut self) {
        let fields = ["single_branch", "docker", "dstack", "shell", "priority", "repos", "files"];
        if self.lacks_all(&fields) {
            return;
        }
        self.record_optional("single_branch", bool_field);
        let docker = self.docker();
        self.emit("docker", docker);
        self.record_required("dstack", Json::Bool(false), "`true` or `false`", bool_field);
        self.record_optional("shell", |ctx, path, n| {
            let text = ctx.ok(path, n, to_str(n, ctx.version))?;
            if text == "sh" || text == "bash" || text.starts_with('/') {
                return Some(Json::Str(text));
            }
            let f = Fail::new(
                codes::INVALID_ENUM,
                format!("`shell` is `sh`, `bash` or an absolute path, found `{text}`"),
                "Value error, The value must be `sh`, `bash`, or an absolute path",
            );
            ctx.fail(path, n.span, f);
            None
        });
        self.record_optional("priority", |ctx, path, n| {
            let p = ctx.ok(path, n, to_int(n, ctx.version))?;
            if (0..=100).contains(&p) {
                return Some(p.json());
            }
            let dstack = if p < 0 {
                "Input should be greater than or equal to 0"
            } else {
                "Input should be less than or equal to 100"
            };
            let f = Fail::new(
                codes::OUT_OF_BOUNDS,
                format!("`priority` is between 0 and 100, found {}", shorten(&p.to_string())),
                dstack,
            );
            ctx.fail(path, n.span, f);
            None
        });
        self.record_required("repos", Json::Array(vec![]), "a list of repos", newer_fields::repos);
        self.record_required("files", Json::Array(vec![]), "a list of files", newer_fields::files);
    }

    /// Profile fields that 0.18.37 does not have (each is skipped for a release without it).
    pub(super) fn profile_fields_since_0_19(&mut self) {
        let fields = [
            "availability_zones",
            "startup_order",
            "stop_criteria",
            "utilization_policy",
            "schedule",
            "fleets",
            "instances",
            "tags",
            "backend_options",
        ];
        if self.lacks_all(&fields) {
            return;
        }
        self.record_optional("availability_zones", str_list);
        self.record_enum("startup_order", &STARTUP_ORDERS);
        self.record_enum("stop_criteria", &STOP_CRITERIA_VALUES);
        let optional: [(&'static str, FieldParser); 5] = [
            ("utilization_policy", newer_fields::utilization_policy),
            ("schedule", newer_fields::schedule),
            ("fleets", newer_fields::fleets),
            ("instances", newer_fields::instances),
            ("tags", newer_fields::tags),
        ];
        for (field, parse) in optional {
            self.record_optional(field, parse);
        }
        self.record_optional("backend_options", newer_fields::backend_options);
    }

    /// dstack 0.22.5's model rules, run when every field is valid: with `groups`, no top-level
    /// `commands`, `ports` or `entrypoint`, and each group has commands unless the task has an
    /// image; without, the task needs `commands` or `image`.
    pub(super) fn after_rules(&mut self, root: &Node) {
        let value = |key: &str| self.value(key);
        let Json::Array(groups) = value("groups") else {
            self.commands_or_image(root);
            return;
        };
        let non_empty = |j: &Json| matches!(j, Json::Array(items) if !items.is_empty());
        let top_level = [
            ("commands", non_empty(value("commands")), "Specify `commands` in each node group instead."),
            ("ports", non_empty(value("ports")), "Specify `ports` in each node group instead."),
            ("entrypoint", !value("entrypoint").is_null(), "Specify `commands` in each node group instead."),
        ];
        let key_span = |key: &str| self.key_span(key, root);
        if let Some((key, _, instead)) = top_level.iter().find(|(_, set, _)| *set) {
            let f = Fail::new(
                codes::INVALID_TYPE,
                format!("with `groups`, `{key}` belongs in each node group, not at the top level"),
                format!("Value error, Top-level `{key}` is not allowed when `groups` is set. {instead}"),
            );
            let span = key_span(key);
            self.ctx.fail(Path::root(), span, f);
            return;
        }
        if !value("image").is_null() {
            return;
        }
        let bare = groups.iter().find(|g| !g.get("commands").is_some_and(non_empty));
        if let Some(group) = bare {
            let name = group.get("name").and_then(Json::as_str).unwrap_or_default();
            let f = Fail::new(
                codes::COMMANDS_OR_IMAGE,
                format!("node group `{name}` has nothing to run: set its `commands`, or the task's `image`"),
                format!(
                    "Value error, Node group '{name}': either `commands` must be set in the group, or `image` at the task level."
                ),
            );
            let span = key_span("groups");
            self.ctx.fail(Path::root(), span, f);
        }
    }
}
