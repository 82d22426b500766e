//! The configuration types `dstack apply` accepts, named by the `type` key.

use crate::version::DstackVersion;

/// The value of `type`: which model dstack validates the document with.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ConfigType {
    /// `type: task`.
    #[default]
    Task,
    /// `type: dev-environment`.
    DevEnvironment,
    /// `type: service`.
    Service,
    /// `type: fleet`.
    Fleet,
    /// `type: gateway`.
    Gateway,
    /// `type: volume`.
    Volume,
    /// `type: preset` (since dstack 0.19.x; 0.18.37 rejects the type).
    Preset,
}

impl ConfigType {
    /// Every type, in the order dstack 0.22.5 lists its tags.
    pub const ALL: [ConfigType; 7] = [
        ConfigType::DevEnvironment,
        ConfigType::Task,
        ConfigType::Service,
        ConfigType::Fleet,
        ConfigType::Gateway,
        ConfigType::Preset,
        ConfigType::Volume,
    ];

    /// The `type` value that names it.
    pub fn tag(self) -> &'static str {
        match self {
            ConfigType::Task => "task",
            ConfigType::DevEnvironment => "dev-environment",
            ConfigType::Service => "service",
            ConfigType::Fleet => "fleet",
            ConfigType::Gateway => "gateway",
            ConfigType::Volume => "volume",
            ConfigType::Preset => "preset",
        }
    }

    /// The type named `tag`, whether or not a given release has it.
    pub fn from_tag(tag: &str) -> Option<ConfigType> {
        ConfigType::ALL.into_iter().find(|t| t.tag() == tag)
    }

    /// True when `version` accepts this type.
    pub fn exists_in(self, version: DstackVersion) -> bool {
        self != ConfigType::Preset || version.pydantic2()
    }

    /// True for the types that start a run (task, service, dev-environment).
    pub fn is_run(self) -> bool {
        matches!(self, ConfigType::Task | ConfigType::Service | ConfigType::DevEnvironment)
    }

    /// How a sentence names a configuration of this type ("task", "dev environment"); every
    /// noun takes "a".
    pub fn noun(self) -> &'static str {
        match self {
            ConfigType::DevEnvironment => "dev environment",
            other => other.tag(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_round_trip_and_presets_are_new() {
        for t in ConfigType::ALL {
            assert_eq!(ConfigType::from_tag(t.tag()), Some(t));
        }
        assert_eq!(ConfigType::from_tag("Task"), None);
        assert!(!ConfigType::Preset.exists_in(DstackVersion::V0_18_37));
        assert!(ConfigType::Preset.exists_in(DstackVersion::V0_22_5));
        assert!(ConfigType::Fleet.exists_in(DstackVersion::V0_18_37));
    }
}
