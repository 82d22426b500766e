//! The committed JSON Schemas (`schemas/dstack-VERSION.json`) are what `dstack-check --schema`
//! prints for each release; regenerate them with `UPDATE_SCHEMAS=1 cargo test -p dstack-core
//! --test schema_files`.

use dstack_core::DstackVersion;
use dstack_core::json_schema::json_schema;
use dstack_core::model::ConfigType;

#[test]
fn committed_schemas_are_up_to_date() {
    for version in DstackVersion::SUPPORTED {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(format!("../../schemas/dstack-{}.json", version.as_str()));
        let generated = format!("{}\n", json_schema(version, None).to_pretty_string(2));
        if std::env::var_os("UPDATE_SCHEMAS").is_some() {
            std::fs::write(&path, &generated).expect("write the schema");
            continue;
        }
        let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            on_disk == generated,
            "{} is stale: run `UPDATE_SCHEMAS=1 cargo test -p dstack-core --test schema_files`",
            path.display()
        );
    }
}

#[test]
fn one_type_schema_is_that_type_s_object() {
    let schema = json_schema(DstackVersion::V0_22_5, Some(ConfigType::Gateway));
    assert_eq!(schema.get("title").and_then(|t| t.as_str()), Some("dstack 0.22.5 configuration: gateway"));
    assert_eq!(schema.get("additionalProperties"), Some(&dstack_core::Json::Bool(false)));
    let required = schema.get("required").and_then(|r| r.as_array()).unwrap_or_default();
    let required: Vec<&str> = required.iter().filter_map(|r| r.as_str()).collect();
    assert_eq!(required, ["type", "backend", "region"]);
    let ty = schema.get("properties").and_then(|p| p.get("type")).and_then(|t| t.get("const"));
    assert_eq!(ty.and_then(|t| t.as_str()), Some("gateway"));
}

#[test]
fn any_type_schema_dispatches_on_type() {
    let schema = json_schema(DstackVersion::V0_18_37, None);
    let tags = schema.get("properties").and_then(|p| p.get("type")).and_then(|t| t.get("enum"));
    let tags: Vec<&str> =
        tags.and_then(|t| t.as_array()).unwrap_or_default().iter().filter_map(|t| t.as_str()).collect();
    assert_eq!(tags, ["dev-environment", "task", "service", "fleet", "gateway", "volume"]);
    let branches = schema.get("allOf").and_then(|a| a.as_array()).map(<[_]>::len);
    assert_eq!(branches, Some(6));
    let spot = schema
        .get("$defs")
        .and_then(|d| d.get("task"))
        .and_then(|t| t.get("properties"))
        .and_then(|p| p.get("spot_policy"));
    assert_eq!(
        spot.and_then(|s| s.get("description")).and_then(|d| d.as_str()),
        Some("Spot or on-demand instances. Default: `on-demand`.")
    );
}
