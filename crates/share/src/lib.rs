//! Share-link codec (being written).
